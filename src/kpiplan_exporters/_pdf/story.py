"""What every section of the report shares: settings, and a story that makes cells.

A :class:`Story` holds the plan, its evaluation and the settings, and makes the
pieces the sections are built of (headings that bookmark themselves, paragraphs,
table cells that wrap only when they must). The sections are functions of a story in
their own modules: ``cover``, ``summary``, ``indicators``, ``activities``,
``budgets`` and ``issues``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table, TableStyle

from kpiplan import Actual, ActualStatus, FiscalYear, Indicator, Plan
from kpiplan_exporters._pdf.fonts import register_fonts
from kpiplan_exporters._pdf.grades import GradeLook
from kpiplan_exporters._pdf.labels import DASH, Labels, actual_text
from kpiplan_exporters._pdf.linebreak import JaParagraph
from kpiplan_exporters._pdf.styles import (
    CELL_PADDING,
    CELL_SIZE,
    CONTENT_WIDTH,
    LABEL_FILL,
    esc,
    grid,
    lines,
    make_styles,
)

if TYPE_CHECKING:
    from kpiplan import Evaluation, Forecast, IndicatorResult, YearResult

__all__ = ["Heading", "ReportSettings", "Story"]


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
            font: Path of a TrueType font to embed, ``cid`` for the built-in CID
                fonts, or None for the best installed font (CID with a warning).
            charts: Draw charts.
            author: The document's author, or None for the plan's organization.

        Raises:
            ExporterError: The font file is missing or cannot be embedded.
        """
        self.labels = labels
        self.charts = charts
        self.author = author
        self.sans, self.serif = register_fonts(font)
        self.styles = make_styles(self.sans, self.serif)


class Heading(JaParagraph):
    """A heading that puts itself into the PDF outline (bookmarks) where it is drawn."""

    def __init__(self, markup: str, style: ParagraphStyle, key: str, title: str, level: int):
        super().__init__(markup, style)
        self._outline = (key, title, level)

    def draw(self) -> None:
        super().draw()
        key, title, level = self._outline
        self.canv.bookmarkHorizontal(key, 0, self.height + 6)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


class Story:
    """The plan, its evaluation and the settings, and the cells sections are made of."""

    def __init__(self, plan: Plan, evaluation: Evaluation | None, settings: ReportSettings):
        self.plan = plan
        self.evaluation = evaluation
        self.settings = settings
        self.words = settings.labels
        self.s = settings.styles
        self.grades = GradeLook(evaluation) if evaluation is not None else None
        self._keys = 0

    def heading(self, text: str, style: str, level: int, outline: str | None = None) -> Heading:
        """A heading with a bookmark at ``level`` (0: top), titled ``outline`` or ``text``."""
        self._keys += 1
        return Heading(esc(text), self.s[style], f"k{self._keys}", outline or text, level)

    def p(self, text: str, style: str = "body") -> Paragraph:
        """Plan text (escaped) as a paragraph."""
        return JaParagraph(esc(text), self.s[style])

    def markup(self, markup: str, style: str = "body") -> Paragraph:
        """Our own markup (plan text in it already escaped) as a paragraph."""
        return JaParagraph(markup, self.s[style])

    def year_column(self, fy: FiscalYear) -> str:
        """A year as a column heading: R3, or FY2021; with （H34） beneath when the plan
        writes its years in an ended era (平成34年度)."""
        period = self.plan.period
        return self.words.year_column(fy, period.last.named_era or period.first.named_era)

    def cell(self, lines_: str | list[str], width: float, style: str = "cell_center") -> Any:
        """A table cell: plain text when every line fits the column, else a Paragraph.

        Plain cells are drawn as text, never parsed as markup, and cost a fraction of
        a Paragraph; text too wide for its column wraps in a Paragraph (CJK rules).
        """
        if isinstance(lines_, str):
            lines_ = [lines_]
        room = width - 2 * CELL_PADDING
        font = self.settings.sans
        if all(
            "\n" not in line and pdfmetrics.stringWidth(line, font, CELL_SIZE) <= room
            for line in lines_
        ):
            return "\n".join(lines_)
        return self.markup(lines(*lines_), style)

    def key_value_table(self, rows: list[tuple[str, str]]) -> Table:
        """A two-column table of labels (shaded) and values."""
        data = [[self.p(k, "cell_head"), self.p(v, "cell")] for k, v in rows]
        table = Table(data, colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm])
        table.setStyle(self.grid([("BACKGROUND", (0, 0), (0, -1), LABEL_FILL)]))
        return table

    def grid(self, extra: list[tuple[Any, ...]]) -> TableStyle:
        """The tables' style: thin grid, the sans font for plain cells, and ``extra``."""
        return grid([("FONT", (0, 0), (-1, -1), self.settings.sans, CELL_SIZE, 10.5), *extra])

    def result(self, indicator: Indicator) -> IndicatorResult | None:
        """The indicator's results, or None without an evaluation."""
        if self.evaluation is None:
            return None
        try:
            return self.evaluation.result(indicator.id)
        except KeyError:
            return None

    def actual_cell(self, unit: str | None, actual: Actual | None, mark: int | None) -> list[str]:
        """An actual's lines: value or words (with ※ mark), 見込み or 速報値, the owner's
        assessment."""
        if actual is None:
            return [DASH]
        text = actual_text(actual, unit)
        if mark is not None:
            text += f" ※{mark}"
        cell = [text]
        if actual.status is ActualStatus.ESTIMATE:
            cell.append(self.words.paren(self.words.estimate(actual), alone=True))
        elif actual.status is ActualStatus.PRELIMINARY:
            cell.append(self.words.paren(self.words["preliminary"], alone=True))
        if actual.assessment is not None:
            cell.append(f"［{self.words.assessment(actual.assessment)}］")
        return cell

    def grade_label(self, year: YearResult) -> str:
        """The year's grade in the rule's words (達成, ◎ 目標を上回る …)."""
        return year.grade_label_ja if self.words.language == "ja" else year.grade_label_en

    def grade_cell(self, year: YearResult) -> list[str]:
        """A year's grade as cell lines: A 達成, with 暫定 or 作成中 beneath when so,
        and the published grade when it differs."""
        words = self.words
        parts = [year.grade if year.grade == DASH else f"{year.grade} {self.grade_label(year)}"]
        if year.pending:
            parts.append(words.paren(words["pending"], alone=True))
        elif year.provisional and year.grade != DASH:
            parts.append(words.paren(words["provisional_mark"], alone=True))
        if year.departs:
            parts.append(words.paren(f"{words['official']} {year.official_grade}", alone=True))
        return parts

    def grade_fills(self, cells: list[tuple[int, int, YearResult]]) -> list[tuple[Any, ...]]:
        """Table style commands shading grade cells (column, row) in the rule's fills."""
        if self.grades is None:
            return []
        commands: list[tuple[Any, ...]] = []
        for column, row, year in cells:
            fill = self.grades.fill(year.grade)
            if fill is not None:
                commands.append(("BACKGROUND", (column, row), (column, row), fill))
        return commands

    def forecast_text(self, forecast: Forecast) -> str:
        """A forecast's status in words (順調 …)."""
        return self.words.forecast(forecast.status)
