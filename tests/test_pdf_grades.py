"""The pdf exporter speaks the plan's own grades: the rule's symbols, words and colours."""

from __future__ import annotations

import io
import re
from typing import Any

import attrs
import pypdf
import pytest
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Table

import kpiplan as kp
from kpiplan_exporters import ExportJob, make_exporter

_SPACE = re.compile(r"\s+")


def render(plan: kp.Plan, **options: Any) -> str:
    """The whole text layer of the report of ``plan``, whitespace removed."""
    stream = io.BytesIO()
    make_exporter("pdf", {"font": "cid", **options}).write(ExportJob(plan), stream)
    reader = pypdf.PdfReader(io.BytesIO(stream.getvalue()))
    return _SPACE.sub("", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def ino_plan(example_plan: kp.Plan) -> kp.Plan:
    """The example plan graded by the Ino town preset (◎○△×)."""
    return attrs.evolve(example_plan, grading=kp.GradingChoice(preset="ino"))


@pytest.fixture(scope="module")
def ino_text(ino_plan: kp.Plan) -> str:
    """The text of the Ino-graded report."""
    return render(ino_plan)


def with_official(plan: kp.Plan, grade: str) -> kp.Plan:
    """The plan with the KGI's R3 actual carrying a published grade."""
    kgi = plan.kgis[0]
    actuals = tuple(
        attrs.evolve(a, official_grade=grade) if a.year == kp.FiscalYear(2021) else a
        for a in kgi.actuals
    )
    return attrs.evolve(plan, kgis=(attrs.evolve(kgi, actuals=actuals), *plan.kgis[1:]))


def summary_parts(plan: kp.Plan) -> tuple[list[Any], list[Drawing]]:
    """The summary's tables and charts, as built for the report."""
    from kpiplan_exporters._pdf.labels import labels_for
    from kpiplan_exporters._pdf.story import ReportSettings, Story
    from kpiplan_exporters._pdf.summary import summary

    settings = ReportSettings(labels=labels_for("ja"), font="cid", charts=True, author=None)
    evaluation = kp.evaluate(plan)
    flow = summary(Story(plan, evaluation, settings), evaluation)
    return [f for f in flow if isinstance(f, Table)], [f for f in flow if isinstance(f, Drawing)]


class TestRuleGrades:
    """A plan graded by a preset shows that preset's grades everywhere."""

    def test_symbols_and_words_in_tables(self, ino_text: str) -> None:
        """Grade cells print the rule's symbol and words (◎ 目標を上回る), not A 達成."""
        assert "◎目標を上回る" in ino_text
        assert "○目標どおり" in ino_text
        assert "A達成" not in ino_text

    def test_summary_counts_per_symbol(self, ino_plan: kp.Plan) -> None:
        """The summary table has one column per grade of the rule, best first."""
        tables, _ = summary_parts(ino_plan)
        head = [cell.text if hasattr(cell, "text") else cell for cell in tables[0]._cellvalues[0]]
        assert head[1:6] == ["◎", "○", "△", "×", "－"]

    def test_chart_in_rule_colours(self, ino_plan: kp.Plan) -> None:
        """The grade chart stacks the rule's grades in its colours, legend in its symbols."""
        _, charts = summary_parts(ino_plan)
        chart = next(c for c in charts[0].contents if isinstance(c, HorizontalBarChart))
        legend = next(c for c in charts[0].contents if isinstance(c, Legend))
        scale = kp.evaluate(ino_plan).rule.scale
        wanted = [colors.HexColor(scale.colour(s)) for s in ("◎", "○", "△", "×", "－")]
        assert [chart.bars[i].fillColor for i in range(5)] == wanted
        assert [name for _, name in legend.colorNamePairs] == ["◎", "○", "△", "×", "－"]

    def test_share_named_by_the_rule(self, ino_plan: kp.Plan) -> None:
        """The share column names the rule's lowest satisfactory grade (○以上の割合)."""
        tables, _ = summary_parts(ino_plan)
        assert tables[0]._cellvalues[0][-2].text == "○以上の割合"

    def test_grade_cells_filled(self, ino_plan: kp.Plan) -> None:
        """A grade cell is shaded with its grade's fill from the rule."""
        tables, _ = summary_parts(ino_plan)
        results = tables[-1]
        fills = {cmd[3] for cmd in results._bkgrndcmds if cmd[1][0] == 4 and cmd[1][1] > 0}
        assert colors.HexColor("#C6EFCE") in fills  # ◎
        assert colors.HexColor("#E2F0D9") in fills  # ○

    def test_rule_named_with_source(self, ino_text: str) -> None:
        """The summary names the rule and the document it is printed in."""
        assert (
            "評価基準:いの町ino（出典:いの町総合振興計画施策評価(town.ino.kochi.jp)）" in ino_text
        )

    def test_english_words(self, ino_plan: kp.Plan) -> None:
        """In English the rule's English words are printed."""
        text = render(ino_plan, language="en")
        assert "◎abovethetarget" in text
        assert "Gradingrule:いの町ino" in text

    def test_default_rule_not_noted(self, example_plan: kp.Plan) -> None:
        """kpiplan's default rule is not announced: Tokushima's report is unchanged."""
        assert "評価基準" not in render(example_plan)


class TestOfficialGrade:
    """The grade a government published is shown where it differs from the rule's."""

    def test_differing_grade_marked(self, example_plan: kp.Plan) -> None:
        """A published B beside a computed A: a 公表評価 column, 相違, and the year's cell."""
        text = render(with_official(example_plan, "B"))
        assert "公表評価" in text
        assert "（相違）" in text
        assert "（公表評価B）" in text
        assert "公表評価:B" in text  # the KGI's status line on the cover

    def test_same_grade_not_marked(self, example_plan: kp.Plan) -> None:
        """A published grade equal to the computed one is listed, never marked as differing."""
        text = render(with_official(example_plan, "A"))
        assert "公表評価" in text
        assert "相違" not in text
        assert "（公表評価A）" not in text

    def test_no_column_without_official_grades(self, example_plan: kp.Plan) -> None:
        """A plan recording no published grade has no 公表評価 column."""
        assert "公表評価" not in render(example_plan)
