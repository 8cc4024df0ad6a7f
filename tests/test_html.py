"""The html exporter: a page a prefecture can publish, checked as markup and in a browser."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import html.parser
import io
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan
from kpiplan_exporters import ExportJob, make_exporter
from kpiplan_exporters._html.page import Page
from kpiplan_exporters._html.words import Words, target_text
from kpiplan_exporters.testing import ExporterContract, hostile_plan, plans

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
GOLDEN_PDF = ROOT / "tests" / "golden" / "digital_tokushima_pdf.txt"


def _write(plan: kpiplan.Plan, as_of: str | None = None, **options: str) -> str:
    stream = io.BytesIO()
    year = kpiplan.FiscalYear.parse(as_of) if as_of is not None else None
    make_exporter("html", options).write(ExportJob(plan, as_of=year), stream)
    return stream.getvalue().decode("utf-8")


class _Page(html.parser.HTMLParser):
    """The parsed page: its visible text, tags with attributes, and captions per table."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attributes)))
        if tag in ("style", "title", "desc", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "desc", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def visible(self) -> str:
        return "".join(self.text)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attributes for name, attributes in self.tags if name == tag]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class TestHtmlContract(ExporterContract):
    """The html exporter, Japanese; visible text is the parsed page's text."""

    exporter_name = "html"
    model_parts = True
    forbidden_markup = ("<b>", "<b>太字</b>")

    def visible_text(self, output: bytes) -> str | None:
        """The text a reader sees: the parsed page without style and chart alternatives."""
        return _Page(output.decode("utf-8")).visible()


class TestHtmlEnglishContract(TestHtmlContract):
    """The html exporter in English, without charts, options given as text."""

    options: ClassVar[dict[str, Any]] = {"language": "en", "charts": "false"}


class TestPlanTextIsData:
    """Plan text reaches the page as text, never as markup or a link."""

    NASTY = ("<script>alert(1)</script>", "javascript:alert(1)", "\"'&<>", "</style><i>x")

    def _nasty_plan(self) -> kpiplan.Plan:
        plan = hostile_plan()
        csf = plan.csfs[0]
        indicators = tuple(
            attrs.evolve(indicator, name=self.NASTY[n % len(self.NASTY)])
            for n, indicator in enumerate(csf.indicators)
        )
        return attrs.evolve(
            plan,
            title=self.NASTY[0],
            organization=self.NASTY[2],
            csfs=(attrs.evolve(csf, title=self.NASTY[1], indicators=indicators),),
        )

    @pytest.mark.parametrize("language", ["ja", "en"])
    def test_no_script_no_link_from_plan_text(self, language: str) -> None:
        """No <script> element, no javascript: link; every nasty name shown as written."""
        page_text = _write(self._nasty_plan(), language=language)
        page = _Page(page_text)
        assert not page.all("script")
        assert not page.all("i")
        assert "<script>" not in page_text
        hrefs = [a.get("href") or "" for a in page.all("a")]
        assert hrefs
        assert all(h.startswith("#") for h in hrefs), hrefs
        ids = [value for _, attributes in page.tags for value in [attributes.get("id")] if value]
        assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
        visible = page.visible()
        for nasty in self.NASTY:
            assert nasty in visible
        assert f"<title>{'&lt;script&gt;'}" in page_text

    def test_quotes_in_attributes_are_escaped(self) -> None:
        """Quotes in plan text never end an attribute: every attribute value parses back."""
        page = _Page(_write(self._nasty_plan()))
        for _, attributes in page.tags:
            for name in attributes:
                assert re.fullmatch(r"[a-z][a-z0-9-]*", name), name


@pytest.fixture(scope="module")
def markup() -> str:
    """The example's page, in Japanese."""
    return _write(kpiplan.load(EXAMPLE))


class TestNotEvaluated:
    """The roll-up's left-out indicators are listed in the page's language only."""

    @pytest.mark.parametrize(
        ("language", "line"), [("ja", "CSF-1/KPI-3: 作成中"), ("en", "CSF-1/KPI-3: pending")]
    )
    def test_reason_in_the_page_language(self, language: str, line: str) -> None:
        """作成中 on a Japanese page, pending on an English one, never "pending (作成中)"."""
        visible = _Page(_write(kpiplan.load(EXAMPLE), language=language)).visible()
        assert line in visible
        assert "pending (作成中)" not in visible


class TestPage:
    """The example's page: self-contained, structured, and complete."""

    def test_self_contained(self, markup: str) -> None:
        """Nothing is fetched: no src, no stylesheet link, no url() but in-page patterns."""
        page = _Page(markup)
        assert not page.all("script")
        assert not page.all("link")
        assert not page.all("img")
        assert all("src" not in attributes for _, attributes in page.tags)
        assert "http://" not in markup
        assert "https://" not in markup
        assert set(re.findall(r"url\(([^)]*)\)", markup)) <= {
            f"#{a['id']}" for a in page.all("pattern")
        }

    def test_language_and_lang(self, markup: str) -> None:
        """``lang="ja"`` by default; ``lang="en"`` with plan text marked Japanese."""
        assert '<html lang="ja">' in markup
        english = _write(kpiplan.load(EXAMPLE), language="en")
        assert '<html lang="en">' in english
        assert '<span lang="ja">ＡＩ技術活用事業数</span>' in english
        assert '<th scope="row">Target</th>' in english

    def test_tables_have_captions_and_scoped_headers(self, markup: str) -> None:
        """Every table has a caption; every header cell says what it heads."""
        page = _Page(markup)
        assert markup.count("<table") == markup.count("<caption")
        assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
        assert len(page.all("th")) > 100

    def test_every_chart_has_a_text_alternative(self, markup: str) -> None:
        """Each SVG is an image labelled by its own title and a description of its values."""
        page = _Page(markup)
        svgs = page.all("svg")
        assert len(svgs) == 10  # the grade chart and nine quantitative indicators
        ids = Counter(a.get("id") for _, a in page.tags if a.get("id"))
        assert all(count == 1 for count in ids.values()), ids.most_common(3)
        for svg in svgs:
            assert svg.get("role") == "img"
            title, desc = (svg.get("aria-labelledby") or "").split()
            assert ids[title] == ids[desc] == 1
        assert "R3: 目標 10件, 実績 17件（R4.3.31見込み）" in markup
        assert "（単位: 件）" in markup

    def test_grades_are_words_not_only_colour(self, markup: str) -> None:
        """A grade cell carries its letter and label; 見込み and 作成中 are written out."""
        visible = _Page(markup).visible()
        assert "A 達成（暫定）" in visible
        assert "C 一部達成（暫定）" in visible
        assert "（R4.3.31見込み）" in visible
        assert "作成中" in visible

    def test_nothing_the_pdf_shows_is_dropped(self, markup: str) -> None:
        """Every line of the example's PDF text is on the page (page furniture aside)."""
        visible = _squeeze(_Page(markup).visible())
        furniture = re.compile(
            r"^(--- page \d+ ---|\d+ /|\d+|[\d,]+|R\d|目標（.+）|実績（.+）|実績（見込み）|"
            r"進捗状況報告書|表紙|[A-D－↓]|プラン全体|CSF-\d|実績基準日 R4.3.31　評価年度 R3)$"
        )
        missing = []
        for line in GOLDEN_PDF.read_text("utf-8").splitlines():
            # Facts the PDF writes on one line ("単位: %") the page lists as terms.
            for piece in re.split(r" ｜ |: ", line.strip()):
                # List numbers and bullets are the page's list markers, not its text.
                piece = re.sub(r"^(\d+\. |・|\([a-z]\) )", "", piece)
                if piece and not furniture.match(piece) and _squeeze(piece) not in visible:
                    missing.append(piece)
        assert not missing, missing

    def test_deterministic_and_stable(self, markup: str) -> None:
        """The same plan gives the same text, whatever the process's hash seed."""
        code = (
            "import io, kpiplan; from kpiplan_exporters import ExportJob, make_exporter; "
            "s = io.BytesIO(); make_exporter('html', {}).write("
            f"ExportJob(kpiplan.load({str(EXAMPLE)!r})), s); print(s.getvalue().hex())"
        )
        for seed in ("1", "2"):
            other = subprocess.run(
                [sys.executable, "-c", code],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            assert bytes.fromhex(other).decode("utf-8") == markup

    def test_without_evaluation(self) -> None:
        """``evaluation=false`` leaves rates, grades and the summary out, the plan in."""
        page = _write(kpiplan.load(EXAMPLE), evaluation="false")
        assert 'id="summary"' not in page
        assert "達成率" not in page
        assert "ＡＩ技術活用事業数" in page


def _graded(preset: str, **official: str) -> kpiplan.Plan:
    """The example graded by a preset, with published grades on some R3 actuals."""
    plan = attrs.evolve(kpiplan.load(EXAMPLE), grading=kpiplan.GradingChoice(preset=preset))
    fy = kpiplan.FiscalYear(2021)

    def published(indicator: kpiplan.Indicator) -> kpiplan.Indicator:
        if indicator.id not in official:
            return indicator
        actuals = tuple(
            attrs.evolve(a, official_grade=official[indicator.id]) if a.year == fy else a
            for a in indicator.actuals
        )
        return attrs.evolve(indicator, actuals=actuals)

    return attrs.evolve(
        plan,
        kgis=tuple(map(published, plan.kgis)),
        csfs=tuple(
            attrs.evolve(csf, indicators=tuple(map(published, csf.indicators))) for csf in plan.csfs
        ),
    )


def _badges(markup: str) -> list[tuple[str, str]]:
    """(class, symbol) of every grade badge on the page."""
    return re.findall(
        r'<span class="grade (grade-[a-z0-9]+)"><span class="grade-letter">([^<]*)</span>', markup
    )


def _backgrounds(markup: str) -> dict[str, str]:
    """Each generated grade class's badge background, from the page's stylesheet."""
    return dict(
        re.findall(r"\.(grade-\d+) \.grade-letter, [^{]*\{ background: (#[0-9A-F]{6})", markup)
    )


class TestPlanGrades:
    """The page speaks the plan's own grading rule: its symbols, words, colours and source."""

    def test_ino_symbols_words_and_source(self) -> None:
        """A plan graded with Ino's preset shows ◎○△× with their words, never letters."""
        markup = _write(_graded("ino"))
        visible = _Page(markup).visible()
        assert "◎ 目標を上回る（暫定）" in visible
        assert "○ 目標どおり（暫定）" in visible
        assert "△ 目標を下回る（暫定）" in visible
        assert "A 達成" not in visible
        assert {symbol for _, symbol in _badges(markup)} <= {"◎", "○", "△", "×", "－"}
        assert "評価の基準: いの町（ino） ｜ 出典: いの町 総合振興計画 施策評価" in visible
        assert "評価区分の分布: ◎（目標を上回る） ○（目標どおり）" in visible
        assert "○以上の割合" in visible

    def test_colours_come_from_the_scale(self) -> None:
        """Every badge's background is its grade's fill on the rule's scale."""
        scale = kpiplan.evaluate(_graded("ino")).rule.scale
        markup = _write(_graded("ino"))
        backgrounds = _backgrounds(markup)
        seen = set()
        for css, symbol in _badges(markup):
            if symbol != "－":
                assert backgrounds[css] == scale.fill(symbol), (symbol, css)
                seen.add(symbol)
        assert seen == set(scale.symbols)
        for grade in scale.grades:
            assert f"fill: {grade.colour}; background: {grade.colour};" in markup

    def test_words_that_are_the_symbol_are_not_repeated(self) -> None:
        """Nagano's labels are their own symbols: 順調, not 順調 順調."""
        visible = _Page(_write(_graded("nagano"))).visible()
        assert "順調（暫定）" in visible
        assert "順調 順調" not in visible
        assert "おおむね順調以上の割合" in visible
        assert "評価の基準: 長野県（nagano）" in visible

    def test_default_rule_is_named(self, markup: str) -> None:
        """The default plan names its rule and counts A and B as B以上."""
        visible = _Page(markup).visible()
        # A plan that names no rule is graded by kpiplan's own, not "Tokushima's".
        assert "評価の基準: kpiplan 既定（default）" in visible
        assert "B以上の割合: 評価対象のうちB以上の割合" in visible

    @pytest.mark.parametrize("language", ["ja", "en"])
    def test_published_grade_beside_the_computed_one(self, language: str) -> None:
        """公表評価 is shown beside the grade, marked where it differs, and listed."""
        plan = _graded("tokushima", **{"KGI": "A", "CSF-1/KPI-1": "B"})
        markup = _write(plan, language=language)
        visible = _Page(markup).visible()
        if language == "ja":
            assert "公表評価: A" in visible
            assert "公表評価: B（計算結果と異なる）" in visible
            assert "公表評価: A（計算結果と異なる）" not in visible
            assert "公表評価と計算結果が異なる年度" in visible
            assert "KPI-1 ＡＩ技術活用事業数（R3）: 公表評価 B ／ 計算結果 A" in visible
        else:
            assert "Published grade: B (differs from the computed grade)" in visible
            assert "Published grade B ／ computed A" in visible
        marked = "（計算結果と異なる）" if language == "ja" else "(differs from the computed grade)"
        # In the KPI's table and in the results table; the KGI's agrees.
        assert visible.count(marked) == 2

    def test_no_published_grade_no_mark(self, markup: str) -> None:
        """Without published grades nothing about them is shown."""
        assert "公表評価" not in markup


KANAGAWA = ROOT / "examples" / "kanagawa_health.toml"


class TestSecondExample:
    """Kanagawa's plan (Heisei years, series, trend targets, a revision) renders in full."""

    @pytest.mark.parametrize("language", ["ja", "en"])
    def test_renders_what_the_plan_says(self, language: str) -> None:
        """Years as written, printed trend targets, text baseline, series, rank, revision."""
        visible = _Page(_write(kpiplan.load(KANAGAWA), language=language)).visible()
        for shown in ("縮小", "今後算定", "男性", "女性", "延伸（例示）", "中間評価"):
            assert shown in visible, shown
        if language == "ja":
            assert "計画期間平成25年度～令和4年度（平成34年度）" in visible
            assert "H22 全国12位／47" in visible
            assert "目標の見直し（中間評価、H31.3.31）: 男性: R4（H34） 延伸（例示）" in visible
            # A trend target has no ladder of stages.
            assert "検討 → 構築" not in visible

    def test_trend_rank_and_no_target_words(self) -> None:
        """Without printed words a target says its kind: 増加, 全国5位以内, 設定しない."""
        words = Words("ja")
        year = kpiplan.FiscalYear(2022)
        assert target_text(kpiplan.Target(year, trend=kpiplan.Trend.INCREASE), "%", words) == "増加"
        assert target_text(kpiplan.Target(year, rank=5), None, words) == "全国5位以内"
        assert (
            target_text(kpiplan.Target(year, no_target="統計の廃止"), None, words)
            == "設定しない（統計の廃止）"
        )
        printed = kpiplan.Target(year, trend=kpiplan.Trend.DECREASE, printed="減少を目指す")
        assert target_text(printed, None, words) == "減少を目指す"

    def test_projected_volume_is_not_a_target(self) -> None:
        """A 見込量 is shown marked as one and is not drawn as a target bar."""
        plan = kpiplan.load(EXAMPLE)
        csf = plan.csfs[0]
        kpi = csf.indicators[0]
        projected = attrs.evolve(
            kpi, targets=tuple(attrs.evolve(t, projected=True) for t in kpi.targets)
        )
        plan = attrs.evolve(
            plan,
            csfs=(attrs.evolve(csf, indicators=(projected, *csf.indicators[1:])), *plan.csfs[1:]),
        )
        page = Page(plan, kpiplan.evaluate(plan), Words("ja"), charts=True)
        texts = [cell.text for cell in page.target_cells(projected)]
        assert "10件（見込量）" in texts
        chart = page.chart(projected)
        assert chart is not None
        assert not [bar for bar in chart.bars if bar.series == "target"]


def _kanagawa_reported() -> kpiplan.Plan:
    """Kanagawa's plan with H28 actuals: 男性 confirmed, 女性 a 速報値 (docs/attainment.md §11)."""
    plan = kpiplan.load(KANAGAWA)
    kgi = plan.kgis[0]
    male, female = kgi.series
    h28 = kpiplan.FiscalYear(2016)
    male = attrs.evolve(male, actuals=[kpiplan.Actual(h28, value=Decimal("72.30"))])
    preliminary = kpiplan.ActualStatus.PRELIMINARY
    female = attrs.evolve(female, actuals=[kpiplan.Actual(h28, preliminary, Decimal("74.36"))])
    kgi = attrs.evolve(kgi, series=(male, female), survey=True)
    return attrs.evolve(plan, kgis=(kgi, *plan.kgis[1:]))


def _rows(markup: str, caption_start: str) -> list[list[str]]:
    """The rows of the table whose caption starts so, each as its cells' texts."""
    table = markup.split(f'<caption id="i1-caption">{caption_start}', 1)[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([_Page(cell).visible() for cell in cells])
    return rows


class TestSeriesRevisionsReasons:
    """Series rows, revised targets, ungraded years' reasons, 速報値 and metadata."""

    def test_series_rows_and_combined_result(self) -> None:
        """Each series has its own rows; the combined grade is titled with its rule."""
        rows = _rows(_write(_kanagawa_reported(), as_of="H28"), "健康寿命")
        titles = [row[0] for row in rows if len(row) == 1]
        assert titles == ["男性", "女性", "系列の統合（すべて達成）"]
        h28 = 4  # the row header, then H25, H26, H27, H28
        grades = [row[h28] for row in rows if row[0] == "評価"]
        # 男性 met (A); 女性 did not move (C, on a 速報値: 暫定); all must meet → C.
        assert grades == ["A 達成", "C 一部達成（暫定）", "C 一部達成（暫定）"]
        actuals = [row[h28] for row in rows if row[0] == "実績"]
        assert actuals == ["72.3年", "74.36年（速報値）"]

    def test_combine_rule_in_words_in_each_language(self) -> None:
        """The rule is named as kpiplan.vocabulary names it, in the page's language."""
        plan = _kanagawa_reported()
        for language in ("ja", "en"):
            rule = kpiplan.vocabulary.label(kpiplan.SeriesRule.ALL, language)
            assert rule in _Page(_write(plan, as_of="H28", language=language)).visible()

    def test_preliminary_is_marked_apart_from_an_estimate(self) -> None:
        """A 速報値 says so in words, has its own cell style and its own chart pattern."""
        markup = _write(_kanagawa_reported(), as_of="H28")
        assert (
            '<td class="actual status-preliminary">74.36年<br><span class="estimate">（速報値）'
            in markup
        )
        assert 'class="bar-actual bar-preliminary" fill="url(#i1-s2-dots)"' in markup
        assert "実績（速報値: 点線）" in _Page(markup).visible()
        assert "見込み: 斜線" not in markup

    def test_a_chart_per_series_with_its_text(self) -> None:
        """Each series with numbers gets a chart titled with its name and described in words."""
        markup = _write(_kanagawa_reported(), as_of="H28")
        titles = re.findall(r'<title id="(i1[^"]*)-chart-title">([^<]*)</title>', markup)
        assert [(i, t.split("（")[-2]) for i, t in titles] == [
            ("i1-s1", "男性）の目標と実績"),
            ("i1-s2", "女性）の目標と実績"),
        ]
        described = re.search(r'<desc id="i1-s2-chart-desc">([^<]*)</desc>', markup)
        assert described is not None
        assert "H28: 目標 －, 実績 74.36年（速報値）" in described.group(1)
        assert "R4（H34）: 目標 延伸, 実績 －" in described.group(1)

    @pytest.mark.parametrize("as_of", ["R1", None])
    def test_revised_target_shows_both(self, as_of: str | None) -> None:
        """In force at R1 (decided H31.3.31), and on a page without grades: both shown."""
        plan = _kanagawa_reported()
        markup = _write(plan, as_of=as_of) if as_of else _write(plan, evaluation="false")
        assert (
            '<td class="revised"><span class="original"><span class="tag">当初</span> '
            '<s>延伸</s></span><br><span class="tag">見直し後</span> 延伸（例示）'
            '<br><span class="mark">（中間評価、H31.3.31）</span></td>'
        ) in markup
        # Only the year it was written for; 女性 was never revised.
        assert markup.count('class="revised"') == 1
        assert "（例示）中間評価報告書の公表日" in _Page(markup).visible()

    def test_revision_not_yet_decided_is_a_note_only(self) -> None:
        """At H28 the H31 revision is not in force: the cell shows the original alone."""
        markup = _write(_kanagawa_reported(), as_of="H28")
        assert 'class="revised"' not in markup
        assert "目標の見直し（中間評価、H31.3.31）" in _Page(markup).visible()

    def test_results_table_names_both_targets(self) -> None:
        """The results table writes a revised target with its original."""
        plan = _kanagawa_reported()
        evaluation = kpiplan.evaluate(plan, as_of="R4")
        page = Page(plan, evaluation, Words("ja"), charts=False)
        male = evaluation.result("健康寿命").series[0]
        last = male.year("R4")
        assert page.result_target(plan.kgis[0], last) == "見直し後 延伸（例示）（当初 延伸）"

    def test_ungraded_years_say_why(self) -> None:
        """見込量, 設定しない, 目標未設定 and a text baseline each show their reason."""
        plan = kpiplan.load(KANAGAWA)
        r1, r2, r3 = (kpiplan.FiscalYear(y) for y in (2019, 2020, 2021))
        value = Decimal("1")
        indicator = kpiplan.Indicator(
            "X",
            "X",
            "理由の例",
            ["保健福祉局"],
            unit="件",
            baseline=kpiplan.Baseline(kpiplan.FiscalYear(2013), value=Decimal("0")),
            targets=[
                kpiplan.Target(r1, value=Decimal("5"), projected=True),
                kpiplan.Target(r2, no_target="統計の廃止"),
            ],
            actuals=[kpiplan.Actual(y, value=value) for y in (r1, r2, r3)],
        )
        plan = attrs.evolve(plan, kgis=(*plan.kgis, indicator))
        page = Page(plan, kpiplan.evaluate(plan, as_of="R3"), Words("ja"), charts=False)
        reasons = {
            fy.year: cell.reason
            for fy, cell in zip(page.years, page.grade_cells(indicator), strict=True)
        }
        assert reasons[2019] == "見込量は評価対象外"
        assert reasons[2020] == "目標を設定しない（統計の廃止）"
        assert reasons[2021] == "目標未設定"
        gap = plan.kgis[1]
        gap_plan = attrs.evolve(
            plan,
            kgis=(
                plan.kgis[0],
                attrs.evolve(gap, unit="%", actuals=[kpiplan.Actual(r1, value=value)]),
            ),
        )
        page = Page(gap_plan, kpiplan.evaluate(gap_plan, as_of="R1"), Words("ja"), charts=False)
        (cell,) = [
            c
            for fy, c in zip(page.years, page.grade_cells(gap_plan.kgis[1]), strict=True)
            if fy == r1
        ]
        assert cell.reason is not None
        assert cell.reason.startswith("基準値が「今後算定」")
        markup = _write(gap_plan, as_of="R1")
        assert f'<span class="reason">{cell.reason}</span>' in markup

    @pytest.mark.parametrize("language", ["ja", "en"])
    def test_metadata(self, language: str) -> None:
        """出典, 設定根拠, 意識系 and 全国順位 are shown per indicator."""
        visible = _Page(_write(_kanagawa_reported(), language=language)).visible()
        for shown in (
            "平成24年度厚生労働科学研究",
            "日常生活に制限のない期間の平均",
            "今後も平均寿命が延伸すると仮定し",
        ):
            assert shown in visible, shown
        labels = ("出典", "設定根拠", "意識系", "全国順位")
        if language == "en":
            labels = ("Data source", "Why this target", "Survey-based (意識系)", "National rank")
        for label in labels:
            assert label in visible, label

    def test_years_as_written(self) -> None:
        """A plan written in Heisei heads its later columns with both names."""
        markup = _write(kpiplan.load(KANAGAWA))
        heads = re.findall(r'<th scope="col">([^<]*)</th>', markup.split('id="i1-caption"')[1])
        assert heads[:6] == ["H25", "H26", "H27", "H28", "H29", "H30"]
        assert heads[6:10] == ["R1（H31）", "R2（H32）", "R3（H33）", "R4（H34）"]
        english = _write(kpiplan.load(KANAGAWA), language="en")
        assert '<th scope="col">FY2022 (H34)</th>' in english
        # Tokushima's plan was written in Reiwa: nothing is added.
        assert "（H" not in _write(kpiplan.load(EXAMPLE))


class TestModelParts:
    """Any plan with other governments' parts renders them all, the same bytes twice."""

    @settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(
        plan=plans(max_csfs=2, max_kpis=2, model_parts=True), language=st.sampled_from(["ja", "en"])
    )
    def test_series_and_metadata_shown(self, plan: kpiplan.Plan, language: str) -> None:
        """Every series' name heads its rows; every chart has a title and a text alternative."""
        markup = _write(plan, language=language)
        assert markup == _write(plan, language=language)
        parsed = _Page(markup)
        visible = _squeeze(parsed.visible())
        for _, indicator in plan.indicators():
            for series in indicator.series:
                assert _squeeze(series.name) in visible
            if indicator.rationale is not None:
                assert _squeeze(indicator.rationale) in visible
            if indicator.source is not None:
                assert _squeeze(indicator.source.name) in visible
        svgs = parsed.all("svg")
        assert len(svgs) == len(parsed.all("title")) - 1 == len(parsed.all("desc"))
        ids = [a["id"] for a in parsed.all("title") + parsed.all("desc") if a.get("id")]
        assert len(ids) == len(set(ids))


# -- in a real browser --------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class Browser:
    """Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

    The page under test is not changed: the test measures it from outside, as a
    reader's browser lays it out, with scripts of its own sent through the protocol.
    """

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        self._to_browser = os.pipe()
        self._from_browser = os.pipe()
        # At 10 or above, so that moving them onto 3 and 4 cannot overwrite one another.
        read_end = fcntl.fcntl(self._to_browser[0], fcntl.F_DUPFD, 10)
        write_end = fcntl.fcntl(self._from_browser[1], fcntl.F_DUPFD, 10)
        os.close(self._to_browser[0])
        os.close(self._from_browser[1])
        # The protocol talks on fds 3 (commands in) and 4 (answers out) of the browser;
        # a small Python trampoline puts the pipes there and becomes chromium.
        trampoline = (
            "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
            "os.execv(sys.argv[3], sys.argv[3:])"
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                trampoline,
                str(read_end),
                str(write_end),
                CHROMIUM,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(read_end, write_end),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(read_end)
        os.close(write_end)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser[0]], [], [], deadline - time.time())
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_browser[0], 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer, keeping the events seen meanwhile."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser[1], json.dumps(message).encode() + b"\0")
        deadline = time.time() + 60
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page's session."""
        return self.call(method, self.session, **params)

    def wait_for(self, event: str) -> None:
        """Wait until the page's session sends ``event``."""
        deadline = time.time() + 60
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._read(deadline))

    def close(self) -> None:
        """Close the browser and the pipes."""
        with contextlib.suppress(EOFError, TimeoutError, OSError, RuntimeError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser[1])
        os.close(self._from_browser[0])


_MEASURE = """JSON.stringify({
  viewport: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  wider: [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-wrap'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map(e => e.tagName + '.' + e.className),
})"""


def _render(browser: Browser, url: str, width: int) -> tuple[dict[str, Any], bytes]:
    """Lay the page out at ``width`` CSS pixels (a phone below 500); measure and shoot it."""
    browser.events.clear()
    browser.page(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=900,
        deviceScaleFactor=1,
        mobile=width < 500,
    )
    browser.page("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")
    measured = json.loads(
        browser.page("Runtime.evaluate", expression=_MEASURE, returnByValue=True)["result"]["value"]
    )
    shot = browser.page(
        "Page.captureScreenshot",
        format="png",
        captureBeyondViewport=True,
        clip={"x": 0, "y": 0, "width": width, "height": min(measured["height"], 4000), "scale": 1},
    )
    return measured, base64.b64decode(shot["data"])


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (no imaging library)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, data, width, height = 8, b"", 0, 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    return width, height, zlib.decompress(data)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the module's browser tests."""
    browser = Browser(tmp_path_factory.mktemp("chromium-profile"))
    browser.page("Page.enable")
    browser.page("Network.enable")
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example's page written to a file, as a file: URL."""
    folder = tmp_path_factory.mktemp("page")
    path = kpiplan.export(kpiplan.load(EXAMPLE), "html", folder / "plan.html")
    return path.resolve().as_uri()


@pytest.fixture(scope="module")
def kanagawa_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Kanagawa's page (series, a revision in force at R4, Heisei years) as a file: URL."""
    folder = tmp_path_factory.mktemp("kanagawa")
    path = kpiplan.export(
        kpiplan.load(KANAGAWA), "html", folder / "plan.html", as_of=kpiplan.FiscalYear(2022)
    )
    return path.resolve().as_uri()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
class TestInBrowser:
    """The example's page in headless Chromium at a desktop and a phone width."""

    @pytest.mark.parametrize("width", [1280, 390])
    def test_renders_without_overflow(
        self, browser: Browser, url: str, width: int, tmp_path: Path
    ) -> None:
        """The page paints, fits the viewport (tables scroll in their own box), fetches nothing."""
        measured, png = _render(browser, url, width)
        (tmp_path / f"page-{width}.png").write_bytes(png)
        assert measured["viewport"] == width
        assert measured["scrollWidth"] <= width, measured
        assert not measured["wider"], measured
        assert measured["height"] > 3000
        shot_width, shot_height, pixels = _png_pixels(png)
        assert shot_width == width
        assert shot_height > 1000
        # A blank page is one colour; this one has text, tables and coloured grades.
        assert len(Counter(pixels[::97])) > 20
        requested = {
            e["params"]["request"]["url"]
            for e in browser.events
            if e.get("method") == "Network.requestWillBeSent"
        }
        assert requested == {url}

    def test_series_and_revision_fit_a_phone(
        self, browser: Browser, kanagawa_url: str, tmp_path: Path
    ) -> None:
        """Series row groups and a revised cell scroll in their box; the page stays 390 px."""
        measured, png = _render(browser, kanagawa_url, 390)
        (tmp_path / "kanagawa-390.png").write_bytes(png)
        assert measured["scrollWidth"] <= 390, measured
        assert not measured["wider"], measured
        assert _png_pixels(png)[0] == 390

    def test_prints_on_a4(self, browser: Browser, url: str) -> None:
        """Printing uses the page's A4 size and keeps the text."""
        import pypdf

        browser.page("Emulation.clearDeviceMetricsOverride")
        browser.events.clear()
        browser.page("Page.navigate", url=url)
        browser.wait_for("Page.loadEventFired")
        pdf = base64.b64decode(browser.page("Page.printToPDF", preferCSSPageSize=True)["data"])
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        assert len(reader.pages) > 5
        # Extracted CJK text may use compatibility forms (⽇ for 日): compare in NFKC.
        text = _squeeze(
            unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
        )
        for shown in ("ＡＩ技術活用事業数", "（R4.3.31見込み）", "A 達成", "210,487"):
            assert _squeeze(unicodedata.normalize("NFKC", shown)) in text, shown
