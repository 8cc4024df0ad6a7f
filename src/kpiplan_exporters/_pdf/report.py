"""The PDF progress report: fonts, styles, pages and the story of flowables.

Imported only while a report is written (it imports reportlab). Every piece of plan
text goes through :func:`_esc` before it reaches reportlab's paragraph markup, so
``<``, ``&`` and ``<a href=…>`` in a plan are printed, never interpreted. Text drawn
straight on the canvas (header, footer, outline) is not markup and needs no escaping.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kpiplan import (
    Actual,
    ActualStatus,
    Budget,
    Csf,
    ExporterError,
    FiscalYear,
    Indicator,
    Plan,
    __version__,
)
from kpiplan_exporters._pdf.charts import GRADE_COLORS, grades_charts, target_actual_chart
from kpiplan_exporters._pdf.labels import (
    DASH,
    Labels,
    actual_text,
    format_number,
    format_value,
    target_text,
)

if TYPE_CHECKING:
    from kpiplan import BudgetYearMetrics, Evaluation, IndicatorResult, YearResult

__all__ = ["ReportSettings", "write_report"]

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 22 * mm
#: Font size and side padding of table cells.
CELL_SIZE = 8
CELL_PADDING = 3
#: The form XObject that holds the page count, drawn on every page and defined last.
PAGE_COUNT_FORM = "kpiplanPageCount"

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#8c8c8c")
HEAD_FILL = colors.HexColor("#dde6f0")
LABEL_FILL = colors.HexColor("#f1f4f8")
SOFT = colors.HexColor("#5a5a5a")


class ReportSettings:
    """What the exporter's options decide, resolved: fonts, language, charts."""

    def __init__(
        self,
        *,
        labels: Labels,
        font: str | None,
        charts: bool,
        author: str | None,
    ) -> None:
        """Resolve the options; registers the fonts with reportlab.

        Args:
            labels: The report's labels.
            font: Path of a TrueType font to embed, or None for the built-in CID fonts.
            charts: Draw charts.
            author: The document's author, or None for the plan's organization.

        Raises:
            ExporterError: The font file is missing or cannot be embedded.
        """
        self.labels = labels
        self.charts = charts
        self.author = author
        if font is None:
            for name in (GOTHIC, MINCHO):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(UnicodeCIDFont(name))
            self.sans, self.serif = GOTHIC, MINCHO
        else:
            name = _register_truetype(font)
            self.sans = self.serif = name
        self.styles = _styles(self.sans, self.serif)


def _register_truetype(font: str) -> str:
    path = Path(font)
    if not path.is_file():
        raise ExporterError("pdf", f"font {font}: no such file")
    # The name goes into the PDF: derive it from the file's bytes, not from where
    # it lies, so that the same font gives the same output on every machine.
    data = path.read_bytes()
    name = f"Kpiplan-{path.stem}-{hashlib.sha256(data).hexdigest()[:8]}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except (TTFError, OSError, ValueError, KeyError) as exc:
        raise ExporterError(
            "pdf",
            f"font {font}: cannot embed it ({exc}); use a TrueType font such as "
            "IPAex Gothic (ipaexg.ttf); CFF-based OpenType fonts (Noto CJK) are not supported",
        ) from None
    return name


def _styles(sans: str, serif: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=serif, fontSize=9, leading=13.5, wordWrap="CJK", textColor=INK
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": style("small", fontName=sans, fontSize=7.5, leading=10, textColor=SOFT),
        "note": style("note", fontName=sans, fontSize=7.5, leading=10.5),
        "title": style("title", fontName=sans, fontSize=24, leading=32, alignment=TA_CENTER),
        "subtitle": style("subtitle", fontName=sans, fontSize=14, leading=20, alignment=TA_CENTER),
        "center": style("center", fontName=sans, fontSize=10, leading=15, alignment=TA_CENTER),
        "h1": style(
            "h1",
            fontName=sans,
            fontSize=15,
            leading=21,
            textColor=colors.white,
            backColor=ACCENT,
            borderPadding=(4, 6, 4, 6),
            spaceBefore=2,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=sans,
            fontSize=11.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=sans,
            fontSize=10,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "cell": style("cell", fontName=sans, fontSize=8, leading=10.5),
        "cell_center": style(
            "cell_center", fontName=sans, fontSize=8, leading=10.5, alignment=TA_CENTER
        ),
        "cell_right": style(
            "cell_right", fontName=sans, fontSize=8, leading=10.5, alignment=TA_RIGHT
        ),
        "cell_head": style(
            "cell_head", fontName=sans, fontSize=8, leading=10.5, alignment=TA_CENTER
        ),
        "box": style("box", fontName=sans, fontSize=10.5, leading=15, alignment=TA_CENTER),
    }


def _esc(text: str) -> str:
    """Plan text made safe for Paragraph markup: ``<``, ``>`` and ``&`` become entities."""
    return escape(text)


def _lines(*parts: str) -> str:
    """Escaped lines joined with line breaks (the breaks are our markup, not the plan's)."""
    return "<br/>".join(_esc(part) for part in parts if part)


class _Heading(Paragraph):  # type: ignore[misc]
    """A heading that puts itself into the PDF outline (bookmarks) where it is drawn."""

    def __init__(self, markup: str, style: ParagraphStyle, key: str, title: str, level: int):
        super().__init__(markup, style)
        self._outline = (key, title, level)

    def draw(self) -> None:
        super().draw()
        key, title, level = self._outline
        self.canv.bookmarkHorizontal(key, 0, self.height + 6)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


class _Story:
    """Builds the report's flowables from a plan and its evaluation."""

    def __init__(self, plan: Plan, evaluation: Evaluation | None, settings: ReportSettings):
        self.plan = plan
        self.evaluation = evaluation
        self.settings = settings
        self.words = settings.labels
        self.s = settings.styles
        self.flow: list[Flowable] = []
        self._keys = 0

    # ------------------------------------------------------------------ helpers

    def heading(self, text: str, style: str, level: int, outline: str | None = None) -> _Heading:
        self._keys += 1
        return _Heading(_esc(text), self.s[style], f"k{self._keys}", outline or text, level)

    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(_esc(text), self.s[style])

    def markup(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.s[style])

    def year_column(self, fy: FiscalYear) -> str:
        return self.words.year_short(fy) if self.words.language == "ja" else fy.western()

    # ------------------------------------------------------------------ the report

    def build(self) -> list[Flowable]:
        self.cover()
        if self.evaluation is not None:
            self.flow.append(PageBreak())
            self.summary(self.evaluation)
        if self.plan.kgis:
            self.flow.append(PageBreak())
            self.kgi_section()
        for csf in self.plan.csfs:
            self.flow.append(PageBreak())
            self.csf_section(csf)
        self.flow.append(PageBreak())
        self.activities()
        self.budgets()
        self.issues()
        self.categories()
        return self.flow

    def cover(self) -> None:
        plan, words = self.plan, self.words
        self.flow.append(self.heading(plan.title, "title", 0, outline=words["cover"]))
        self.flow += [
            self.p(words["report"], "subtitle"),
            Spacer(1, 4 * mm),
            self.p(plan.organization, "center"),
            Spacer(1, 8 * mm),
        ]
        period = words["years_range"].format(
            first=words.year(plan.period.first), last=words.year(plan.period.last)
        )
        facts = [(words["period"], period)]
        if plan.actuals_as_of is not None:
            facts.append((words["as_of_date"], words.long_date(plan.actuals_as_of)))
        if self.evaluation is not None:
            facts.append((words["as_of_year"], words.year(self.evaluation.as_of)))
        facts.append((words["organization"], plan.organization))
        self.flow.append(self.key_value_table(facts))
        if plan.positioning is not None:
            self.flow.append(Spacer(1, 6 * mm))
            self.flow.append(self.p(words["positioning"], "h2"))
            self.flow.append(self.positioning())
        if plan.kgis:
            self.flow.append(Spacer(1, 4 * mm))
            self.flow.append(self.p(words["kgi_status"], "h2"))
            for kgi in plan.kgis:
                self.flow.append(self.p(f"{kgi.code}　{kgi.name}", "h3"))
                if kgi.goal is not None:
                    self.flow.append(self.p(self.goal_text(kgi), "note"))
                self.flow.append(self.indicator_table(kgi))
                status = self.kgi_status(kgi)
                if status:
                    self.flow.append(Spacer(1, 1.5 * mm))
                    self.flow.append(self.p(status, "note"))
        self.plan_footnotes()

    def key_value_table(self, rows: list[tuple[str, str]]) -> Table:
        data = [[self.p(k, "cell_head"), self.p(v, "cell")] for k, v in rows]
        table = Table(data, colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm])
        table.setStyle(_grid([("BACKGROUND", (0, 0), (0, -1), LABEL_FILL)]))
        return table

    def positioning(self) -> Table:
        positioning = self.plan.positioning
        assert positioning is not None
        words = self.words
        steps = [
            (words["society"], positioning.society),
            (words["goal"], positioning.goal),
            (words["strategy"], positioning.strategy),
            (words["plan"], self.plan.title),
        ]
        data: list[list[Any]] = []
        style: list[tuple[Any, ...]] = []
        for index, (label, text) in enumerate(steps):
            if index:
                data.append(["", self.p("↓", "center")])
            row = len(data)
            data.append([self.p(label, "cell_head"), self.p(text, "box")])
            style += [
                ("BOX", (1, row), (1, row), 0.8, ACCENT),
                ("BACKGROUND", (0, row), (0, row), LABEL_FILL),
                ("BACKGROUND", (1, row), (1, row), HEAD_FILL if index == 3 else colors.white),
            ]
        table = Table(data, colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *style]))
        return table

    def plan_footnotes(self) -> None:
        for note in self.plan.footnotes:
            self.flow.append(Spacer(1, 2 * mm))
            self.flow.append(self.p(f"※{note}", "note"))

    # ------------------------------------------------------------------ summary

    def summary(self, evaluation: Evaluation) -> None:
        words = self.words
        self.flow.append(self.heading(words["summary"], "h1", 0))
        self.flow.append(self.p(f"{words['as_of_year']}: {words.year(evaluation.as_of)}", "note"))
        # S appears only under methods that grade it; the others are always shown.
        grades = [
            g
            for g in GRADE_COLORS
            if g != "S" or any(r.counts.get("S", 0) for r in evaluation.rollups)
        ]
        head = [
            words["scope"],
            *grades,
            words["evaluated"],
            words["pending"],
            words["provisional"],
            words["share_ab"],
            words["overall_grade"],
        ]
        data: list[list[Any]] = [[self.p(h, "cell_head") for h in head]]
        scopes: list[tuple[str, dict[str, int]]] = []
        for rollup in evaluation.rollups:
            name = words["plan_total"] if rollup.scope == "plan" else rollup.scope
            counts = {g: int(rollup.counts.get(g, 0)) for g in grades}
            scopes.append((name, counts))
            share = _percent(rollup.share_ab)
            label = name if rollup.scope == "plan" else f"{rollup.scope} {rollup.title}"
            row = [
                self.p(label, "cell"),
                *[self.p(str(counts[g]), "cell_center") for g in grades],
                self.p(str(rollup.evaluated), "cell_center"),
                self.p(str(rollup.pending), "cell_center"),
                self.p(str(rollup.provisional), "cell_center"),
                self.p(share, "cell_center"),
                self.p(rollup.grade, "cell_center"),
            ]
            data.append(row)
        first = 48 * mm
        rest = CONTENT_WIDTH - first
        widths = (
            [first] + [rest * 0.07] * len(grades) + [(rest - rest * 0.07 * len(grades)) / 5] * 5
        )
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            _grid(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
                ]
            )
        )
        self.flow += [self.p(words["grade_counts"], "h2"), table]
        self.flow.append(
            self.p(
                f"{words['provisional']}: {words['provisional_note']}"
                f" ｜ {words['share_ab']}: {words['share_ab_note']}",
                "small",
            )
        )
        if self.settings.charts:
            self.flow.append(self.p(words["grades_chart"], "h2"))
            self.flow += grades_charts(scopes, grades, self.settings.sans, CONTENT_WIDTH)
        self.flow.append(self.p(words["results"], "h2"))
        self.flow.append(self.results_table(evaluation))
        plan_rollup = evaluation.rollup(None)
        if plan_rollup.excluded:
            self.flow.append(self.p(words["excluded"], "h3"))
            for indicator_id, reason in plan_rollup.excluded:
                self.flow.append(self.p(f"{indicator_id}: {reason}", "note"))

    def results_table(self, evaluation: Evaluation) -> Table:
        """Every indicator's result in the evaluation year, one row each."""
        words = self.words
        widths = [56 * mm, 22 * mm, 30 * mm, 17 * mm, 20 * mm]
        widths.append(CONTENT_WIDTH - sum(widths))
        head = [
            words["indicator"],
            words["target"],
            words["actual"],
            words["rate"],
            words["grade"],
            words["forecast"],
        ]
        data: list[list[Any]] = [head]
        for result in evaluation.indicators:
            indicator = self.plan.indicator(result.indicator_id)
            current = result.current
            where = f"{result.csf} " if result.csf else ""
            target = actual = grade = [DASH]
            rate = DASH
            if current is not None:
                if current.target is not None:
                    target = [target_text(current.target, indicator.unit)]
                actual = self.actual_cell(indicator, current.actual, {})
                rate = _percent(current.rate_rounded)
                grade = self.grade_cell(current)
            forecast = DASH
            if result.forecast is not None:
                forecast = (
                    result.forecast.label_ja if words.language == "ja" else result.forecast.label_en
                )
            data.append(
                [
                    self.cell(f"{where}{indicator.code} {indicator.name}", widths[0], "cell"),
                    self.cell(target, widths[1]),
                    self.cell(actual, widths[2]),
                    rate,
                    self.cell(grade, widths[4]),
                    self.cell(forecast, widths[5]),
                ]
            )
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            self.grid(
                [
                    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                    ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ]
            )
        )
        return table

    # ------------------------------------------------------------------ indicators

    def kgi_section(self) -> None:
        self.flow.append(self.heading(self.words["kgi"], "h1", 0, outline="KGI"))
        for kgi in self.plan.kgis:
            self.indicator_block(kgi)
        self.plan_footnotes()

    def csf_section(self, csf: Csf) -> None:
        words = self.words
        self.flow.append(
            self.heading(f"{csf.code}　{csf.title}", "h1", 0, outline=f"{csf.code} {csf.title}")
        )
        if csf.measures:
            self.flow.append(self.p(words["measures"], "h2"))
            self.flow.append(self.measures_table(csf))
        if csf.indicators:
            self.flow.append(self.p(words["indicators"], "h2"))
            for indicator in csf.indicators:
                self.indicator_block(indicator)
            self.plan_footnotes()

    def measures_table(self, csf: Csf) -> Table:
        words = self.words
        head = [words["measure"], words["description"], words["deadline"], words["tracked_by"]]
        data: list[list[Any]] = [[self.p(h, "cell_head") for h in head]]
        for measure in csf.measures:
            deadline_parts = []
            if measure.deadline is not None:
                deadline_parts.append(words.year(measure.deadline))
            if measure.target_statement is not None:
                deadline_parts.append(measure.target_statement)
            data.append(
                [
                    self.p(measure.title, "cell"),
                    self.p(measure.description or "", "cell"),
                    self.markup(_lines(*deadline_parts) or DASH, "cell"),
                    self.markup(_lines(*measure.indicators) or DASH, "cell"),
                ]
            )
        widths = [38 * mm, CONTENT_WIDTH - 38 * mm - 30 * mm - 26 * mm, 30 * mm, 26 * mm]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(_grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
        return table

    def goal_text(self, indicator: Indicator) -> str:
        goal = indicator.goal
        assert goal is not None
        parts = [self.words.year(goal.year)]
        if goal.value is not None:
            parts.append(format_value(goal.value, indicator.unit))
        if goal.statement is not None:
            parts.append(goal.statement)
        return f"{self.words['headline_goal']}: {' '.join(parts)}"

    def meta_line(self, indicator: Indicator) -> str:
        words = self.words
        parts = [f"{words['divisions']}: {'、'.join(indicator.divisions)}"]
        if indicator.unit is not None:
            parts.append(f"{words['unit']}: {indicator.unit}")
            parts.append(words.accumulation(indicator.accumulation))
            parts.append(words.direction(indicator.direction))
        else:
            parts.append(words["qualitative"])
        baseline = indicator.baseline
        if baseline is not None:
            value = indicator.baseline_value()
            shown = format_value(value, indicator.unit) if value is not None else DASH
            parts.append(f"{words['baseline']}: {words.year_short(baseline.year)} {shown}")
        if not indicator.is_quantitative or any(not t.is_numeric for t in indicator.targets):
            parts.append(f"{words['ladder']}: {' → '.join(self.plan.ladder_of(indicator))}")
        return " ｜ ".join(parts)

    def indicator_block(self, indicator: Indicator) -> None:
        words = self.words
        title = f"{indicator.code}　{indicator.name}"
        block: list[Flowable] = [
            self.heading(title, "h3", 1, outline=f"{indicator.code} {indicator.name}"),
            self.p(self.meta_line(indicator), "small"),
        ]
        if indicator.goal is not None:
            block.append(self.p(self.goal_text(indicator), "small"))
        block.append(Spacer(1, 1.5 * mm))
        block.append(self.indicator_table(indicator, notes=True))
        notes = self.indicator_notes(indicator)
        if notes:
            block.append(Spacer(1, 1 * mm))
            block += [self.p(note, "note") for note in notes]
        if indicator.observations:
            observed = "、".join(
                f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                for o in indicator.observations
            )
            block.append(self.p(f"{words['observations']}: {observed}", "note"))
        status = self.status_line(indicator)
        if status:
            block.append(self.p(status, "note"))
        if self.settings.charts and indicator.is_quantitative:
            chart = target_actual_chart(
                self.plan, indicator, words, self.settings.sans, CONTENT_WIDTH * 0.8
            )
            if chart is not None:
                block += [Spacer(1, 2 * mm), chart]
        self.flow.append(KeepTogether(block))
        self.flow.append(Spacer(1, 3 * mm))

    def _footnote_marks(self, indicator: Indicator) -> Iterator[tuple[FiscalYear, str, str]]:
        """(where, kind, note) of each ※ note of the indicator's cells, in order."""
        for target in indicator.targets:
            if target.note is not None:
                yield target.year, "target", target.note
        for actual in indicator.actuals:
            if actual.note is not None:
                yield actual.year, "actual", actual.note

    def indicator_notes(self, indicator: Indicator) -> list[str]:
        words = self.words
        notes = []
        for number, (year, kind, note) in enumerate(self._footnote_marks(indicator), start=1):
            where = words.paren(f"{words.year_short(year)} {words[kind]}")
            notes.append(f"※{number} {note}{where}")
        notes += [f"※{note}" for note in indicator.footnotes]
        for actual in indicator.actuals:
            if actual.override is not None:
                notes.append(
                    words["override"] + words.paren(words.year_short(actual.year)) + ": "
                    f"{actual.override.grade} — {actual.override.reason}"
                )
        return notes

    def cell(self, lines: str | list[str], width: float, style: str = "cell_center") -> Any:
        """A table cell: plain text when every line fits the column, else a Paragraph.

        Plain cells are drawn as text, never parsed as markup, and cost a fraction of
        a Paragraph; text too wide for its column wraps in a Paragraph (CJK rules).
        """
        if isinstance(lines, str):
            lines = [lines]
        room = width - 2 * CELL_PADDING
        font = self.settings.sans
        if all(
            "\n" not in line and pdfmetrics.stringWidth(line, font, CELL_SIZE) <= room
            for line in lines
        ):
            return "\n".join(lines)
        return self.markup(_lines(*lines), style)

    def indicator_table(self, indicator: Indicator, notes: bool = False) -> Table:
        words = self.words
        years = self.plan.period.years
        year_width = (CONTENT_WIDTH - LABEL_WIDTH) / max(1, len(years))
        marks: dict[tuple[str, str], int] = {}
        if notes:
            for number, (year, kind, _) in enumerate(self._footnote_marks(indicator), start=1):
                marks[(str(year), kind)] = number
        header: list[Any] = [""] + [self.year_column(fy) for fy in years]
        target_row: list[Any] = [words["target"]]
        actual_row: list[Any] = [words["actual"]]
        spans: list[tuple[Any, ...]] = []
        column = 1
        index = 0
        while index < len(years):
            fy = years[index]
            target = indicator.target_for(fy)
            if target is None:
                target_row.append(DASH)
                index += 1
                column += 1
                continue
            covered = [y for y in target.years if y in self.plan.period and y >= fy]
            text = target_text(target, indicator.unit)
            mark = marks.get((str(target.year), "target"))
            if mark is not None:
                text += f" ※{mark}"
            target_row.append(self.cell(text, year_width * max(1, len(covered))))
            for _ in covered[1:]:
                target_row.append("")
            if len(covered) > 1:
                spans.append(("SPAN", (column, 1), (column + len(covered) - 1, 1)))
            index += max(1, len(covered))
            column += max(1, len(covered))
        for fy in years:
            actual = indicator.actual_for(fy)
            actual_row.append(self.cell(self.actual_cell(indicator, actual, marks), year_width))
        data = [header, target_row, actual_row]
        data += self.evaluation_rows(indicator, year_width)
        table = Table(data, colWidths=[LABEL_WIDTH] + [year_width] * len(years), repeatRows=1)
        table.setStyle(
            self.grid(
                [
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("BACKGROUND", (0, 1), (0, -1), LABEL_FILL),
                    *spans,
                ]
            )
        )
        return table

    def grid(self, extra: list[tuple[Any, ...]]) -> TableStyle:
        """The tables' style: thin grid, the sans font for plain cells, and ``extra``."""
        return _grid([("FONT", (0, 0), (-1, -1), self.settings.sans, CELL_SIZE, 10.5), *extra])

    def actual_cell(
        self, indicator: Indicator, actual: Actual | None, marks: dict[tuple[str, str], int]
    ) -> list[str]:
        """An actual's lines: value or words (with ※ mark), 見込み, the owner's assessment."""
        if actual is None:
            return [DASH]
        text = actual_text(actual, indicator.unit)
        mark = marks.get((str(actual.year), "actual"))
        if mark is not None:
            text += f" ※{mark}"
        lines = [text]
        if actual.status is ActualStatus.ESTIMATE:
            lines.append(self.words.paren(self.words.estimate(actual), alone=True))
        if actual.assessment is not None:
            lines.append(f"［{self.words.assessment(actual.assessment)}］")
        return lines

    # ------------------------------------------------------------------ evaluation

    def result(self, indicator: Indicator) -> IndicatorResult | None:
        if self.evaluation is None:
            return None
        try:
            return self.evaluation.result(indicator.id)
        except KeyError:
            return None

    def grade_cell(self, year: YearResult) -> list[str]:
        """A year's grade as cell lines: A 達成, with 暫定 or 作成中 beneath when so."""
        words = self.words
        label = year.grade_label_ja if words.language == "ja" else year.grade_label_en
        parts = [year.grade if year.grade == DASH else f"{year.grade} {label}"]
        if year.pending:
            parts.append(words.paren(words["pending"], alone=True))
        elif year.provisional and year.grade != DASH:
            parts.append(words.paren(words["provisional_mark"], alone=True))
        return parts

    def evaluation_rows(self, indicator: Indicator, width: float) -> list[list[Any]]:
        result = self.result(indicator)
        if result is None:
            return []
        words = self.words
        rates: list[Any] = [words["rate"]]
        grades: list[Any] = [words["grade"]]
        by_year = {year.fiscal_year: year for year in result.years}
        for fy in self.plan.period.years:
            year = by_year.get(fy)
            if year is None or (self.evaluation is not None and fy > self.evaluation.as_of):
                rates.append(DASH)
                grades.append(DASH)
                continue
            rates.append(_percent(year.rate_rounded))
            grades.append(self.cell(self.grade_cell(year), width))
        return [rates, grades]

    def status_line(self, indicator: Indicator) -> str:
        """The evaluation year's grade explained, and the outlook."""
        result = self.result(indicator)
        if result is None or result.current is None:
            return ""
        words = self.words
        current = result.current
        explanation = current.explanation_ja if words.language == "ja" else current.explanation_en
        text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
        text += f": {explanation}"
        if result.forecast is not None:
            forecast = result.forecast
            label = forecast.label_ja if words.language == "ja" else forecast.label_en
            text += f" ｜ {words['forecast']}: {label}"
            if forecast.target_too_low:
                text += words.paren(words["target_too_low"])
        return text

    def kgi_status(self, indicator: Indicator) -> str:
        """The KGI's grade in one line for the cover: grade, rate and outlook."""
        result = self.result(indicator)
        if result is None or result.current is None:
            return ""
        words = self.words
        current = result.current
        label = current.grade_label_ja if words.language == "ja" else current.grade_label_en
        text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
        text += f": {current.grade}"
        if current.grade != DASH:
            text += f" {label}"
        if current.pending:
            text += words.paren(words["pending"])
        elif current.provisional:
            text += words.paren(words["provisional_mark"])
        if current.rate_rounded is not None:
            text += f" ｜ {words['rate']}: {_percent(current.rate_rounded)}"
        if result.forecast is not None:
            forecast = result.forecast
            label = forecast.label_ja if words.language == "ja" else forecast.label_en
            text += f" ｜ {words['forecast']}: {label}"
        return text

    # ------------------------------------------------------------------ reports

    def activities(self) -> None:
        plan, words = self.plan, self.words
        if not plan.activities:
            return
        self.flow.append(self.heading(words["activities"], "h1", 0))
        years = sorted({a.year for a in plan.activities})
        for fy in years:
            title = words["activities_year"].format(year=words.year(fy))
            self.flow.append(self.heading(title, "h2", 1))
            number = 0
            for activity in plan.activities:
                if activity.year != fy:
                    continue
                number += 1
                self.flow.append(self.p(f"{number}. {activity.title}", "h3"))
                for detail in activity.details:
                    lines = [f"・{detail.text}"]
                    if detail.since is not None:
                        lines.append(
                            "　" + words["since"].format(date=words.long_date(detail.since))
                        )
                    if detail.observations:
                        observed = "、".join(
                            f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                            for o in detail.observations
                        )
                        lines.append(f"　{words['observations']}: {observed}")
                    self.flow.append(self.markup(_lines(*lines)))
            self.flow.append(Spacer(1, 3 * mm))

    def budgets(self) -> None:
        plan, words = self.plan, self.words
        if not plan.budgets:
            return
        self.flow.append(CondPageBreak(80 * mm))
        self.flow.append(self.heading(words["budgets"], "h1", 0))
        for budget in plan.budgets:
            title = words["budget_year"].format(year=words.year(budget.year))
            if budget.basis is not None:
                title += words.paren(budget.basis)
            self.flow.append(self.heading(title, "h2", 1))
            status = f"{words['status']}: {words.budget_status(budget.status)}"
            change = self.budget_change(budget)
            if change:
                status += f" ｜ {words['change']}: {change}"
            self.flow.append(self.p(status, "note"))
            metrics = self.budget_metrics(budget)
            if metrics is not None and metrics.previous_total is not None:
                explained = (
                    metrics.explanation_ja if words.language == "ja" else metrics.explanation_en
                )
                self.flow.append(self.p(explained, "small"))
            self.flow.append(Spacer(1, 1.5 * mm))
            self.flow.append(self.budget_table(budget))
            if any(line.execution is not None for line in budget.lines):
                self.flow.append(Spacer(1, 2 * mm))
                self.flow.append(self.execution_table(budget))
            self.flow.append(Spacer(1, 3 * mm))

    def budget_metrics(self, budget: Budget) -> BudgetYearMetrics | None:
        if self.evaluation is None:
            return None
        for metrics in self.evaluation.budgets.years:
            if metrics.year == budget.year:
                return metrics
        return None

    def budget_change(self, budget: Budget) -> str:
        metrics = self.budget_metrics(budget)
        if metrics is None or metrics.change_rounded is None:
            return ""
        sign = "+" if metrics.change_rounded > 0 else ""
        return f"{sign}{format_number(metrics.change_rounded)}%"

    def budget_shares(self, budget: Budget) -> list[str] | None:
        metrics = self.budget_metrics(budget)
        if metrics is None:
            return None
        return [_percent(line.share_rounded) for line in metrics.lines]

    def budget_table(self, budget: Budget) -> Table:
        words = self.words
        shares = self.budget_shares(budget)
        notes = any(line.note is not None for line in budget.lines)
        head = [words["project"], words["amount"].format(unit=budget.unit)]
        if shares is not None:
            head.append(words["share"])
        head.append(words["links"])
        if notes:
            head.append(words["note"])
        data: list[list[Any]] = [[self.p(h, "cell_head") for h in head]]
        for index, line in enumerate(budget.lines):
            row = [self.p(line.name, "cell"), self.p(format_number(line.amount), "cell_right")]
            if shares is not None:
                row.append(self.p(shares[index] if index < len(shares) else DASH, "cell_right"))
            row.append(self.markup(_lines(*line.links), "cell"))
            if notes:
                row.append(self.p(line.note or "", "cell"))
            data.append(row)
        total: list[Any] = [
            self.p(words["total"], "cell_head"),
            self.p(format_number(budget.total), "cell_right"),
        ]
        if shares is not None:
            total.append(self.p("100%", "cell_right"))
        total += [""] * (len(head) - len(total))
        data.append(total)
        widths = [74 * mm, 28 * mm]
        if shares is not None:
            widths.append(16 * mm)
        rest = CONTENT_WIDTH - sum(widths)
        widths += [rest * 0.45, rest * 0.55] if notes else [rest]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            _grid(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
                ]
            )
        )
        return table

    def execution_table(self, budget: Budget) -> Table:
        words = self.words
        keys = [
            "initial",
            "supplementary",
            "carried_over",
            "transfers",
            "current",
            "spent",
            "carried_forward",
            "unused",
        ]
        data: list[list[Any]] = [
            [self.p(words["project"], "cell_head")] + [self.p(words[k], "cell_head") for k in keys]
        ]
        for line in budget.lines:
            execution = line.execution
            if execution is None:
                continue
            values = [
                execution.initial,
                execution.supplementary,
                execution.carried_over,
                execution.transfers,
                execution.current,
                execution.spent,
                execution.carried_forward,
                execution.unused,
            ]
            data.append(
                [self.p(line.name, "cell")]
                + [self.p(format_number(v), "cell_right") for v in values]
            )
        first = 44 * mm
        table = Table(data, colWidths=[first] + [(CONTENT_WIDTH - first) / 8] * 8, repeatRows=1)
        table.setStyle(_grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
        return table

    def issues(self) -> None:
        plan, words = self.plan, self.words
        if not plan.issues:
            return
        self.flow.append(CondPageBreak(50 * mm))
        self.flow.append(self.heading(words["issues"], "h1", 0))
        data: list[list[Any]] = [
            [self.p(words["issue"], "cell_head"), self.p(words["action"], "cell_head")]
        ]
        for number, issue in enumerate(plan.issues, start=1):
            if len(issue.actions) > 1:
                actions = [f"({chr(ord('a') + i)}) {a}" for i, a in enumerate(issue.actions)]
            else:
                actions = list(issue.actions)
            data.append(
                [
                    self.p(f"{number}. {issue.text}", "cell"),
                    self.markup(_lines(*actions) or DASH, "cell"),
                ]
            )
        table = Table(data, colWidths=[CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.55], repeatRows=1)
        table.setStyle(_grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
        self.flow.append(table)
        self.flow.append(Spacer(1, 4 * mm))

    def categories(self) -> None:
        plan, words = self.plan, self.words
        if not plan.categories:
            return
        self.flow.append(CondPageBreak(40 * mm))
        self.flow.append(self.heading(words["categories"], "h1", 0))
        rows = [
            (words["category"].format(name=c.name), words.applies(c.applies))
            for c in plan.categories
        ]
        self.flow.append(self.key_value_table(rows))


def _percent(value: Decimal | None) -> str:
    """A published rate or share: ``105.6%``, or － when there is none."""
    # The published figure keeps its decimal place: 170.0%, not 170%.
    return DASH if value is None else f"{value:,f}%"


def _grid(extra: list[tuple[Any, ...]]) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


class _ReportCanvas(Canvas):  # type: ignore[misc]
    """A canvas that counts its pages and writes the count into a form every page shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages = 0
        self._count_font = (GOTHIC, 8.0)

    def showPage(self) -> None:
        self._pages += 1
        super().showPage()

    def save(self) -> None:
        # "n / N" needs N before it is known: every page draws the form, defined here.
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(*self._count_font)
        self.setFillColor(SOFT)
        self.drawString(0, 0, str(self._pages))
        self.endForm()
        super().save()


def _truncate(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def write_report(
    plan: Plan, evaluation: Evaluation | None, settings: ReportSettings, stream: BinaryIO
) -> None:
    """Write the progress report of a plan as PDF.

    Args:
        plan: The plan.
        evaluation: Its evaluation (rates, grades, roll-ups), or None to leave them out.
        settings: Fonts, language and options.
        stream: Where to write the PDF bytes.
    """
    words = settings.labels
    sans = settings.sans
    header_right = []
    if plan.actuals_as_of is not None:
        header_right.append(f"{words['as_of_date']} {words.date(plan.actuals_as_of)}")
    if evaluation is not None:
        header_right.append(f"{words['as_of_year']} {words.year_short(evaluation.as_of)}")
    right = "　".join(header_right)

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(sans, 8)
        canvas.setFillColor(SOFT)
        top = PAGE_HEIGHT - 11 * mm
        right_width = pdfmetrics.stringWidth(right, sans, 8)
        title_width = CONTENT_WIDTH - right_width - 8 * mm
        canvas.drawString(MARGIN, top, _truncate(plan.title, sans, 8, title_width))
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
        footer = words["page"].format(page=canvas.getPageNumber())
        width = pdfmetrics.stringWidth(footer, sans, 8)
        x = PAGE_WIDTH / 2 - width / 2 - 4
        canvas.drawString(x, 9 * mm, footer)
        canvas.translate(x + width, 9 * mm)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()

    def make_canvas(*args: Any, **kwargs: Any) -> _ReportCanvas:
        canvas = _ReportCanvas(*args, **kwargs)
        canvas._count_font = (sans, 8.0)
        canvas.showOutline()
        return canvas

    subject = words["report"]
    if evaluation is not None:
        subject += words.paren(f"{words['as_of_year']} {words.year_short(evaluation.as_of)}")
    doc = BaseDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=plan.title,
        author=settings.author or plan.organization,
        subject=subject,
        creator=f"kpiplan {__version__}",
        keywords=["KPI", "KGI", "CSF", plan.organization],
        lang=words.pdf_language,
        invariant=1,
    )
    frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - 2 * MARGIN, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(_Story(plan, evaluation, settings).build(), canvasmaker=make_canvas)
