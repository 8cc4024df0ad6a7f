"""The pdf exporter: the progress report holds every value of the plan, readably."""

from __future__ import annotations

import difflib
import io
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan._export import ExporterError, ExportJob, make_exporter
from kpiplan_exporters.pdf import PdfExporter
from kpiplan_exporters.testing import ExporterContract

from .strategies import plans

GOLDEN = Path(__file__).parent / "golden" / "digital_tokushima_pdf.txt"
IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
HOSTILE = ("<b>bold</b>", "R&D", '<a href="javascript:alert(1)">x</a>', "a<b", "x < y & z")
_SPACE = re.compile(r"\s+")


def render(plan: kp.Plan, **options: Any) -> bytes:
    """The report of ``plan`` written with ``options``, in the CID fonts unless told.

    The CID fonts are on every machine, so the text layer (line breaks included) is
    the same everywhere; tests of the embedded default font say so.
    """
    stream = io.BytesIO()
    make_exporter("pdf", {"font": "cid", **options}).write(ExportJob(plan), stream)
    return stream.getvalue()


def pages_text(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    """Text without whitespace: cells and wrapped lines break where layout decides."""
    return _SPACE.sub("", text)


@pytest.fixture(scope="module")
def example_pdf(example_plan: kp.Plan) -> bytes:
    """The report of the example plan, written once."""
    return render(example_plan)


@pytest.fixture(scope="module")
def example_text(example_pdf: bytes) -> str:
    """The whole text layer of the example report, whitespace removed."""
    return squeeze("\n".join(pages_text(example_pdf)))


class TestPdfContract(ExporterContract):
    """The exporter contract every exporter passes, with the PDF's text layer."""

    exporter_name = "pdf"

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=plans(model_parts=True))
    def test_generated_plans_with_model_parts(self, plan: kp.Plan) -> None:
        """Plans with series, target kinds, revisions and metadata are written, twice
        the same bytes."""
        first = self.render(plan)
        assert first
        assert self.render(plan) == first

    def visible_text(self, output: bytes) -> str | None:
        """The text pypdf extracts from every page."""
        return "\n".join(pages_text(output))


# Every value of shared/seed-reading.md, written as the report prints it.
SEED_VALUES = [
    # the plan, its positioning and the KGI
    "デジタルとくしま推進プラン", "徳島県",
    "全ての人に優しく、スマートで持続可能な社会", "利便性の高い行政サービスの実施",
    "豊かな暮らしにつながる行政のデジタル化",
    "公文書の電子化率（電子決裁システム利用率）", "令和4年度100%",
    "87%", "95%", "90%", "100%", "R4.3.31見込み", "実績値はR4.3.31見込み",
    # CSF-1
    "最新デジタル技術の活用拡大", "AI・RPA技術の活用", "ＡＩ技術活用事業数",
    "10件", "11件", "12件", "13件", "17件",
    "ＡＩ活用全庁ＦＡＱシステム登録数（累計）",
    "2,000件", "3,000件", "4,000件", "5,000件", "1,800件", "4,940件",
    "ＲＰＡシナリオ数（累計）", "67シナリオ", "77シナリオ", "87シナリオ", "97シナリオ", "作成中",
    # CSF-2
    "行政運営のデジタル化の促進", "電子決裁システムの利用促進", "職員の諸手当認定手続の電子化",
    "遠隔立入調査の拡大", "県庁会議室へのWeb会議設備の常設",
    "2022（令和4）年度までに100%電子化", "2024（令和6）年度までに100%電子化",
    "Ｗｅｂ会議設備を常設した県庁会議室数（累計）", "1室", "5室", "6室", "7室",
    "テレワーク（在宅勤務等）利用環境の充実", "運用", "より使いやすい利用環境へ改善（ＰＤＣＡ）",
    "電子化した職員の諸手当認定手続数（累計）", "1手続", "2手続", "3手続", "4手続※1",
    "４手続で全体の100％", "遠隔立入調査数", "5件", "7件※1",
    "効果を検証しながら調達方法を改善（ＰＤＣＡ）", "令和３年度全体立入調査数３３件",
    # CSF-3
    "デジタル行政を支える基盤整備や人材育成", "市町村への自治体クラウドの導入",
    "職員向けデジタル研修の受講促進", "自治体クラウド導入市町村数（累計）",
    "17市町村", "20市町村", "24市町村",
    "情報システム・庁内ネットワークのセキュリティ強化",
    "リスク分析を実施し、必要となる新しい技術を導入（ＰＤＣＡ）",
    "ユーザーエクスペリエンス（ＵＸ）評価体制の構築及び改善", "構築", "構築済※1",
    "県民や事業者の満足度向上で測定（ＰＤＣＡ）",
    "e-モニターアンケートの実施、デジタル社会推進本部最適化推進委員会での改善検討",
    "職員向けデジタル研修受講者数", "420人", "660人", "700人", "750人", "800人", "780人",
    "県庁エバンジェリスト制度の創設", "検討・創設", "検討・令和４年度創設予定", "一部達成",
    "職員のＩＣＴリテラシーを向上（ＰＤＣＡ）",
    # 担当課
    "スマート県庁推進課", "人事課", "総務事務管理課", "薬務課", "デジタルとくしま推進課",
    # activities, with dated observations
    "電子決裁率の向上に向けた取組", "R3.438%", "R4.180%", "県庁会議室のDX化",
    "通勤届の届出と認定の電子化", "令和4年1月17日", "県職員向けデジタル研修の実施",
    "遠隔立入調査", "業務の見直しによる県庁のDX", "テレワークなどで使えるチャットシステムの導入",
    "住居届の届出と認定の電子化",
    # budgets
    "令和3年度予算（令和２年度２月補正（先議）含む）",
    "令和4年度予算（令和３年度２月補正（先議）含む）",
    "95,027", "210,487", "要求中", "成立", "目指せスマート県庁！「電子決裁１００％」実装事業",
    "10,000", "11,550", "25,165", "15,044", "30,243", "1,800", "1,225",
    "86,700", "16,170", "23,798", "21,794", "44,000", "15,000",
    "新次元のテレコミュニケーション事業", "県庁業務デジタル化推進事業",
    # 課題とアクション, category flags
    "課題とアクション", "デジタル専門人材の育成が課題である。",
    "ＡＩ導入や公文書の電子化をする際に、業務の見直しと同時に進めることで、業務の効率化を加速する。",
    "「ＶＳ東京」案件", "「オンリーワン」案件", "「ナンバーワン」案件", "該当なし",
]  # fmt: skip


def plan_strings(plan: kp.Plan) -> list[str]:
    """Every piece of text written in a plan (names, statements, notes, reports)."""
    found = [plan.title, plan.organization, *plan.footnotes]
    if plan.positioning is not None:
        found += [plan.positioning.society, plan.positioning.goal, plan.positioning.strategy]
    for csf, indicator in plan.indicators():
        if csf is not None:
            found.append(csf.title)
        found += [indicator.name, *indicator.divisions, *indicator.footnotes]
        for target in indicator.targets:
            found += [t for t in (target.stage, target.statement, target.note) if t]
        for actual in indicator.actuals:
            found += [t for t in (actual.stage, actual.text, actual.note) if t]
    for _, measure in plan.measures():
        found += [measure.title, measure.description]
        found += [measure.target_statement] if measure.target_statement else []
    for activity in plan.activities:
        found += [activity.title, *(detail.text for detail in activity.details)]
    for budget in plan.budgets:
        found += [budget.basis] if budget.basis else []
        found += [line.name for line in budget.lines]
    for issue in plan.issues:
        found += [issue.text, *issue.actions]
    found += [category.name for category in plan.categories]
    return found


class TestExampleReport:
    """The example plan's report carries the whole seed reading."""

    @pytest.mark.parametrize("value", SEED_VALUES)
    def test_seed_value_printed(self, example_text: str, value: str) -> None:
        """Each value of the seed reading is in the text layer, as the plan writes it."""
        assert squeeze(value) in example_text

    def test_every_plan_string_printed(self, example_plan: kp.Plan, example_text: str) -> None:
        """Every piece of text in the plan file reaches the report."""
        missing = [s for s in plan_strings(example_plan) if squeeze(s) not in example_text]
        assert not missing

    def test_every_number_printed(self, example_plan: kp.Plan, example_text: str) -> None:
        """Every target and actual is printed with its unit."""
        for _, indicator in example_plan.indicators():
            values = [t.value for t in indicator.targets] + [a.value for a in indicator.actuals]
            for value in values:
                if value is not None:
                    shown = kp.format_amount(kp.Amount(value, indicator.unit or ""))
                    assert shown in example_text, (indicator.id, shown)

    def test_dashes_for_missing_cells(self, example_pdf: bytes) -> None:
        """Years without a target or actual print － (R2 targets, R4–R6 actuals)."""
        kgi_page = pages_text(example_pdf)[0]
        assert kgi_page.count("－") >= 4

    def test_statements_are_merged_cells(self, example_plan: kp.Plan) -> None:
        """A statement spanning R4–R6 is one cell spanning three year columns."""
        from kpiplan_exporters._pdf.indicators import indicator_table
        from kpiplan_exporters._pdf.labels import labels_for
        from kpiplan_exporters._pdf.story import ReportSettings, Story

        settings = ReportSettings(labels=labels_for("ja"), font=None, charts=False, author=None)
        story = Story(example_plan, None, settings)
        table = indicator_table(story, example_plan.indicator("CSF-2/KPI-2"))
        # Column 0 holds the labels; R2..R6 are columns 1..5, the target row is row 1.
        assert (3, 1, 5, 1) in [(c[1][0], c[1][1], c[2][0], c[2][1]) for c in table._spanCmds]

    def test_statement_printed_once(self, example_text: str) -> None:
        """The merged statement is printed once, not once per year."""
        assert example_text.count(squeeze("より使いやすい利用環境へ改善（ＰＤＣＡ）")) == 1

    def test_footnote_marks_match_notes(self, example_text: str) -> None:
        """A ※ mark in a cell has its note under the table, naming the year and row."""
        assert squeeze("※1 ４手続で全体の100％（R6 目標）") in example_text
        assert squeeze("※1 令和３年度全体立入調査数 ３３件（R3 実績）") in example_text


class TestEvaluation:
    """Rates, grades, the summary page and the KGI status come from the evaluation."""

    def test_kgi_rate_and_grade(self, example_pdf: bytes) -> None:
        """The cover shows the KGI as of R3: 105.6%, A, provisional (on an estimate)."""
        cover = squeeze(pages_text(example_pdf)[0])
        assert "評価年度令和3年度" in cover
        assert squeeze("評価（R3）: A 達成（暫定） ｜ 達成率: 105.6%") in cover

    def test_rates_keep_their_decimal(self, example_text: str) -> None:
        """Published rates keep the 0.1 point: 170.0%, 247.0%, 118.2%."""
        for rate in ("170.0%", "247.0%", "100.0%", "140.0%", "118.2%"):
            assert rate in example_text

    def test_pending_and_partial(self, example_text: str) -> None:
        """KPI-3 of CSF-1 is pending (作成中); KPI-5 of CSF-3 is C 一部達成."""
        assert squeeze("－（作成中）") in example_text
        assert squeeze("C 一部達成") in example_text
        assert "CSF-1/KPI-3:作成中" in example_text
        assert "pending" not in example_text

    def test_summary_page(self, example_pdf: bytes) -> None:
        """Page 2 counts grades per CSF and for the plan, with pending and provisional."""
        summary = pages_text(example_pdf)[1]
        assert "評価の概要" in summary
        rows = squeeze(summary)
        assert squeeze("CSF-1 最新デジタル技術の活用拡大") in rows
        assert "プラン全体11010112112" in rows
        assert "91.7%" in rows
        assert "評価区分の分布" in summary

    def test_explanations(self, example_text: str) -> None:
        """Each graded indicator explains its grade so an auditor can recompute it."""
        assert squeeze("実績 95% ÷ 目標 90% × 100 = 105.5556 → 105.6%") in example_text

    def test_budget_change_and_shares(self, example_text: str) -> None:
        """Budgets show each line's share and the change on the previous year."""
        assert "+121.5%" in example_text
        assert "41.2%" in example_text

    def test_without_evaluation(self, example_plan: kp.Plan) -> None:
        """evaluation=false leaves out rates, grades and the summary page."""
        text = squeeze("\n".join(pages_text(render(example_plan, evaluation=False))))
        assert "評価の概要" not in text
        assert "105.6%" not in text
        assert "1,800件" in text

    def test_as_of_earlier_year(self, example_plan: kp.Plan) -> None:
        """A report as of R2 grades nothing after R2."""
        stream = io.BytesIO()
        PdfExporter().write(ExportJob(example_plan, as_of=kp.FiscalYear(2020)), stream)
        text = squeeze("\n".join(pages_text(stream.getvalue())))
        assert "評価年度令和2年度" in text
        assert "105.6%" not in text


class TestDocument:
    """Pages, outline, metadata and determinism of the PDF file."""

    def test_page_numbers(self, example_pdf: bytes) -> None:
        """Every page shows "n / N" and the header with the plan title and as-of date."""
        texts = pages_text(example_pdf)
        total = len(texts)
        assert total >= 8
        for number, text in enumerate(texts, start=1):
            assert re.search(rf"\b{number} / \s*{total}\b", text), text[:200]
            assert "デジタルとくしま推進プラン" in text
            assert "実績基準日 R4.3.31" in text

    def test_outline(self, example_pdf: bytes) -> None:
        """Bookmarks: one per section and CSF, with the indicators beneath their CSF."""
        reader = pypdf.PdfReader(io.BytesIO(example_pdf))
        top = [item.title for item in reader.outline if not isinstance(item, list)]
        for wanted in (
            "表紙",
            "評価の概要",
            "KGI",
            "取組内容",
            "予算",
            "課題とアクション",
            "案件種別",
        ):
            assert wanted in top
        for code in ("CSF-1", "CSF-2", "CSF-3"):
            assert any(title.startswith(code) for title in top), top
        children = [item for item in reader.outline if isinstance(item, list)]
        flat = [child.title for group in children for child in group]
        assert "KPI-5 県庁エバンジェリスト制度の創設" in flat
        pages = [
            reader.get_destination_page_number(item)
            for item in reader.outline
            if not isinstance(item, list)
        ]
        assert pages == sorted(pages)

    def test_metadata(self, example_pdf: bytes) -> None:
        """Title, author, subject and the document language are set."""
        reader = pypdf.PdfReader(io.BytesIO(example_pdf))
        assert reader.metadata is not None
        assert reader.metadata.title == "デジタルとくしま推進プラン"
        assert reader.metadata.author == "徳島県"
        assert reader.metadata.subject is not None
        assert "進捗状況報告書" in reader.metadata.subject
        assert reader.trailer["/Root"]["/Lang"] == "ja-JP"

    def test_author_option(self, example_plan: kp.Plan) -> None:
        """The author option replaces the organization in the metadata."""
        reader = pypdf.PdfReader(io.BytesIO(render(example_plan, author="スマート県庁推進課")))
        assert reader.metadata is not None
        assert reader.metadata.author == "スマート県庁推進課"

    def test_deterministic(self, example_plan: kp.Plan, example_pdf: bytes) -> None:
        """Two runs give the same bytes, with no date of today inside."""
        assert render(example_plan) == example_pdf
        assert b"D:20000101000000" in example_pdf

    def test_export_to_file(self, example_path: Path, tmp_path: Path) -> None:
        """kpiplan.export writes the same report to a file."""
        plan = kp.load(example_path)
        target = kp_export(plan, tmp_path / "report.pdf")
        stream = io.BytesIO()
        make_exporter("pdf", {}).write(ExportJob(plan), stream)
        assert target.read_bytes() == stream.getvalue()

    def test_builtin_fonts_not_embedded(self, example_pdf: bytes) -> None:
        """With font=cid the built-in CID fonts are used, so no font file is embedded."""
        assert b"HeiseiKakuGo-W5" in example_pdf
        assert b"/FontFile" not in example_pdf

    def test_charts_option(self, example_plan: kp.Plan) -> None:
        """Without charts the report has no chart legends and fewer pages."""
        with_charts = pages_text(render(example_plan))
        without = pages_text(render(example_plan, charts=False))
        assert len(without) <= len(with_charts)
        assert "目標（%）" in "".join(with_charts)
        assert "目標（%）" not in "".join(without)


def kp_export(plan: kp.Plan, path: Path) -> Path:
    """kpiplan.export of the pdf format."""
    from kpiplan._export import export

    return export(plan, "pdf", path)


def hostile_example(example_plan: kp.Plan) -> kp.Plan:
    """The example plan with markup in its title, an indicator name and a budget line."""
    import attrs

    csf = example_plan.csfs[0]
    indicator = attrs.evolve(csf.indicators[0], name=HOSTILE[2], footnotes=(HOSTILE[3],))
    measure = attrs.evolve(csf.measures[0], description=HOSTILE[4])
    csf = attrs.evolve(csf, title=HOSTILE[0], indicators=(indicator, *csf.indicators[1:]),
                       measures=(measure,))  # fmt: skip
    budget = example_plan.budgets[0]
    line = attrs.evolve(budget.lines[0], name=HOSTILE[1], note=HOSTILE[2])
    budget = attrs.evolve(budget, lines=(line, *budget.lines[1:]))
    return attrs.evolve(
        example_plan,
        title=HOSTILE[1],
        csfs=(csf, *example_plan.csfs[1:]),
        budgets=(budget, *example_plan.budgets[1:]),
        issues=(kp.Issue(HOSTILE[0], actions=(HOSTILE[2],)),),
    )


class TestTextIsData:
    """Plan text reaches the page literally: markup in a plan is never interpreted."""

    def test_markup_printed_literally(self, example_plan: kp.Plan) -> None:
        """<, & and <a href="javascript:…"> come out as written."""
        text = squeeze("\n".join(pages_text(render(hostile_example(example_plan)))))
        for fragment in HOSTILE:
            assert squeeze(fragment) in text, fragment

    def test_no_link_annotation(self, example_plan: kp.Plan) -> None:
        """A plan's <a href> makes no link: no page has an annotation, no JavaScript."""
        data = render(hostile_example(example_plan))
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert all("/Annots" not in page for page in reader.pages)
        assert b"/JavaScript" not in data
        assert b"/URI" not in data

    def test_outline_and_header_literal(self, example_plan: kp.Plan) -> None:
        """The title in the header and metadata keeps its & as written."""
        data = render(hostile_example(example_plan))
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.metadata is not None
        assert reader.metadata.title == "R&D"
        assert "R&D" in reader.pages[1].extract_text()

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=plans())
    def test_generated_plans(self, plan: kp.Plan) -> None:
        """Any valid plan gives a PDF with one page per section at least, and its title."""
        data = render(plan)
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 1 + len(plan.csfs)
        assert reader.metadata is not None
        assert reader.metadata.title == plan.title


class TestOptions:
    """Language, font and the other options."""

    def test_english(self, example_plan: kp.Plan) -> None:
        """language="en" writes English labels around the plan's Japanese text."""
        data = render(example_plan, language="en")
        text = squeeze("\n".join(pages_text(data)))
        for label in ("Progress report", "Target", "Actual", "Responsible divisions",
                      "estimate as of 2022-03-31", "Issues and actions", "does not apply",
                      "Status: requested", "FY2021"):  # fmt: skip
            assert squeeze(label) in text, label
        assert "1,800件" in text
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.trailer["/Root"]["/Lang"] == "en"

    def test_unknown_language(self) -> None:
        """An unknown language is refused, naming the choices."""
        with pytest.raises(ExporterError, match="ja, en"):
            make_exporter("pdf", {"language": "fr"})

    def test_options_from_text(self) -> None:
        """Options given as text (the command line) convert to their types."""
        exporter = make_exporter("pdf", {"charts": "false", "language": "en"})
        assert exporter == PdfExporter(charts=False, language="en")

    def test_missing_font(self, example_plan: kp.Plan, tmp_path: Path) -> None:
        """A font path that does not exist is an error naming the path."""
        missing = tmp_path / "nofont.ttf"
        with pytest.raises(ExporterError, match=re.escape(str(missing))):
            render(example_plan, font=str(missing))

    def test_not_a_font(self, example_plan: kp.Plan, tmp_path: Path) -> None:
        """A file that is not a TrueType font is an error saying what to use."""
        bogus = tmp_path / "bogus.ttf"
        bogus.write_bytes(b"not a font")
        with pytest.raises(ExporterError, match="TrueType"):
            render(example_plan, font=str(bogus))

    @pytest.mark.skipif(not IPAEX.is_file(), reason="IPAex Gothic is not installed")
    def test_embedded_font(self, example_plan: kp.Plan) -> None:
        """A TrueType font is embedded (subset) and the text still extracts."""
        data = render(example_plan, font=str(IPAEX))
        assert b"/FontFile2" in data
        assert b"HeiseiKakuGo" not in data
        text = squeeze("\n".join(pages_text(data)))
        assert squeeze("ＡＩ活用全庁ＦＡＱシステム登録数（累計）") in text
        assert "1,800件" in text
        assert render(example_plan, font=str(IPAEX)) == data


class TestGolden:
    """The text layer of the example report is what tests/golden/ holds."""

    def test_text_layer(self, example_pdf: bytes) -> None:
        """The extracted text of every page equals the golden file.

        Regenerate after an intended change of the report with
        ``KPIPLAN_UPDATE_GOLDEN=1 pytest tests/test_pdf.py`` and review the diff.
        """
        text = "".join(
            f"--- page {number} ---\n{page.rstrip()}\n"
            for number, page in enumerate(pages_text(example_pdf), start=1)
        )
        if os.environ.get("KPIPLAN_UPDATE_GOLDEN") == "1":
            GOLDEN.parent.mkdir(exist_ok=True)
            GOLDEN.write_text(text, encoding="utf-8")
        assert GOLDEN.is_file(), (
            f"{GOLDEN} is missing; write it with KPIPLAN_UPDATE_GOLDEN=1 pytest tests/test_pdf.py"
        )
        expected = GOLDEN.read_text(encoding="utf-8")
        diff = "\n".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(), text.splitlines(), "golden", "now", lineterm=""
                )
            )[:60]
        )
        assert text == expected, (
            "the example report's text layer differs from tests/golden/; if the change "
            "is intended, regenerate with KPIPLAN_UPDATE_GOLDEN=1 pytest tests/test_pdf.py "
            f"and review the diff:\n{diff}"
        )


def test_money_is_exact() -> None:
    """Amounts are printed from exact decimals, never through binary floats."""
    from kpiplan_exporters._pdf.labels import format_number, format_value

    assert format_number(Decimal("95027")) == "95,027"
    assert format_number(Decimal("0.10")) == "0.1"
    assert format_value(Decimal("1800"), "件") == "1,800件"
    assert format_value(Decimal("0.3"), "%") == "0.3%"
