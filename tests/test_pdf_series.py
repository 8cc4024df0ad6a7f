"""The PDF report shows other governments' plan parts: series, revisions, target kinds,
reasons for not grading, 速報値 and the indicator's metadata, in either language."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan_exporters import ExportJob, make_exporter
from kpiplan_exporters._pdf.charts import TargetActualChart
from kpiplan_exporters._pdf.indicators import kgi_section
from kpiplan_exporters._pdf.labels import labels_for
from kpiplan_exporters._pdf.report import build_story
from kpiplan_exporters._pdf.story import ReportSettings, Story

from .strategies import plans
from .test_pdf_typesetting import overflowing_cells, tables

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / "tests" / "data" / "pdf_series_plan.toml"
KANAGAWA = ROOT / "examples" / "kanagawa_health.toml"


def text_of(plan: kp.Plan, **options: Any) -> str:
    """The report's text layer, whitespace removed (cells wrap where layout decides)."""
    stream = io.BytesIO()
    make_exporter("pdf", {"font": "cid", **options}).write(ExportJob(plan), stream)
    pages = pypdf.PdfReader(io.BytesIO(stream.getvalue())).pages
    return re.sub(r"\s", "", "\n".join(page.extract_text() for page in pages))


@pytest.fixture(scope="module")
def parts_plan() -> kp.Plan:
    return kp.load(PARTS)


@pytest.fixture(scope="module")
def parts_text(parts_plan: kp.Plan) -> str:
    return text_of(parts_plan)


@pytest.fixture(scope="module")
def parts_text_en(parts_plan: kp.Plan) -> str:
    return text_of(parts_plan, language="en")


class TestSeries:
    """Each series has its rows; the combined result says by which rule."""

    def test_rows_per_series(self, parts_text: str) -> None:
        """男性 and 女性 each have 目標, 実績, 達成率 and 評価 rows, then the combined ones."""
        for row in ("男性目標", "男性実績", "男性達成率", "男性評価", "女性目標", "女性評価"):
            assert row in parts_text, row
        assert "統合達成率" in parts_text
        assert "110.0%" in parts_text  # 女性 R2: 55 ÷ 50
        assert "101.7%" in parts_text  # 女性 R3: 61 ÷ 60

    def test_rule_in_words(self, parts_text: str, parts_text_en: str) -> None:
        """The combine rule is named in the vocabulary's words."""
        assert "系列の統合:すべて達成" in parts_text
        assert "Seriescombinedby:allmustmeet" in parts_text_en

    def test_chart_has_a_bar_pair_per_series(self, parts_plan: kp.Plan) -> None:
        """The chart draws each series' targets and actuals, named in its legend."""
        settings_ = ReportSettings(labels=labels_for("ja"), font="cid", charts=True, author=None)
        story = Story(parts_plan, kp.evaluate(parts_plan), settings_)
        charts = [c for c in _flat(kgi_section(story)) if isinstance(c, TargetActualChart)]
        legends = [text for _, text in charts[0].legend]
        assert legends == ["男性 目標", "男性 実績", "女性 目標", "女性 実績"]
        assert charts[0].titles == ("年度", "単位: %")


class TestRevisions:
    """A revised year shows both targets and the revision as a note."""

    def test_both_targets(self, parts_text: str) -> None:
        assert "当初60%" in parts_text
        assert "見直し後55%※1" in parts_text

    def test_revision_note_in_wareki(self, parts_text: str, parts_text_en: str) -> None:
        """Date in 和暦, label and reason; in English an ISO date."""
        assert (
            "※1目標の見直し（中間見直し、令和3年3月31日）:受診率が想定を上回ったため上方修正（男性R3目標）"
            in parts_text
        )
        assert "※1Targetrevision(中間見直し,2021-03-31)" in parts_text_en


class TestTargetKindsAndReasons:
    """Target kinds print their words; ungraded years say why."""

    def test_kinds(self, parts_text: str) -> None:
        for shown in (
            "100人（見込量）",
            "設定しない（制度改正を待つため）",
            "全国5位以内",
            "増加を目指す",
        ):
            assert shown in parts_text, shown

    def test_reasons(self, parts_text: str) -> None:
        assert "評価しない年度（R1）:見込量は評価対象外" in parts_text
        assert "評価しない年度（R2）:目標を設定しない（制度改正を待つため）" in parts_text

    def test_preliminary_marked(self, parts_text: str) -> None:
        """A 速報値 is marked in its cell like a 見込み."""
        assert "58%（速報値）" in parts_text

    def test_text_baseline(self, parts_text: str) -> None:
        assert "基準値:H29‐" in parts_text
        assert "基準値の注記:事業開始前" in parts_text

    def test_english(self, parts_text_en: str) -> None:
        """The report's own words are English; plan text stays as written."""
        shown = ["100人(projected)", "notarget(制度改正を待つため)", "top5nationally"]
        shown += ["58%(preliminary)", "original60%", "revised55%", "Yearsnotgraded(FY2019)"]
        for words in shown:
            assert words in parts_text_en, words
        for japanese in ("当初", "見直し後", "速報値", "見込量は評価対象外", "系列の統合", "出典:"):
            assert japanese not in parts_text_en, japanese


class TestMetadata:
    """出典, 設定根拠, 意識系 and 全国順位 are in the indicator's facts."""

    def test_facts(self, parts_text: str) -> None:
        assert "出典:市民健康意識調査（平成29年度）隔年実施" in parts_text
        assert "意識系指標" in parts_text
        assert "全国順位:全国8位（47中）（H29）" in parts_text
        assert "設定根拠:国の目標に合わせて設定した。" in parts_text


class TestKanagawa:
    """The second example's report: Heisei years as written, series, a revision."""

    @pytest.fixture(scope="class")
    @classmethod
    def kanagawa(cls) -> kp.Plan:
        return kp.load(KANAGAWA)

    def test_years_as_written(self, kanagawa: kp.Plan) -> None:
        text = text_of(kanagawa)
        assert "平成25年度～令和4年度（平成34年度）" in text
        assert "R4（H34）" in text

    def test_plan_parts(self, kanagawa: kp.Plan) -> None:
        text = text_of(kanagawa)
        shown = ["男性目標", "当初延伸", "見直し後延伸（例示）※1", "中間評価、平成31年3月31日"]
        shown += ["全国12位（47中）", "全国13位（47中）", "今後算定", "縮小"]
        shown += ["出典:平成24年度厚生労働科学研究", "設定根拠:今後も平均寿命が延伸すると仮定し"]
        for words in shown:
            assert words in text, words

    @pytest.mark.parametrize("language", ["ja", "en"])
    def test_every_cell_fits(self, kanagawa: kp.Plan, parts_plan: kp.Plan, language: str) -> None:
        """No cell of either plan's report is wider than its column."""
        for plan in (kanagawa, parts_plan):
            assert not _overflow(plan, language)


def _overflow(plan: kp.Plan, language: str) -> list[str]:
    settings_ = ReportSettings(labels=labels_for(language), font="cid", charts=False, author=None)
    story = Story(plan, kp.evaluate(plan), settings_)
    return [cell for t in tables(build_story(story)) for cell in overflowing_cells(t)]


def _flat(flow: list[Any]) -> list[Any]:
    found: list[Any] = []
    for item in flow:
        found += _flat(item._content) if hasattr(item, "_content") else [item]
    return found


class TestGeneratedPlans:
    """Any plan with other governments' parts is written, with every series named."""

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=plans(model_parts=True))
    def test_written_with_series(self, plan: kp.Plan) -> None:
        stream = io.BytesIO()
        make_exporter("pdf", {"font": "cid"}).write(ExportJob(plan), stream)
        reader = pypdf.PdfReader(io.BytesIO(stream.getvalue()))
        assert reader.metadata is not None
        assert reader.metadata.title == plan.title
        text = re.sub(r"\s", "", "\n".join(page.extract_text() for page in reader.pages))
        for _, indicator in plan.indicators():
            for series in indicator.series:
                assert f"{series.name}目標" in text
