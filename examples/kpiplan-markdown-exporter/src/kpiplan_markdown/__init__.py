"""A kpiplan exporter that writes a plan as a Markdown report, in Japanese or English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import BinaryIO, ClassVar

import attrs

from kpiplan import Actual, ActualStatus, FiscalYear, Indicator, Target
from kpiplan_exporters import ExportJob

__all__ = ["MarkdownExporter", "escape"]

LABELS = {
    "ja": {
        "period": "計画期間",
        "as_of": "実績の時点",
        "divisions": "担当課",
        "target": "目標",
        "actual": "実績",
        "grade": "評価",
        "estimate": "見込み",
        "provisional": "暫定",
        "same": "〃",
        "none": "－",
        "measures": "施策",
        "budgets": "予算",
        "total": "総額",
        "notes": "注記",
    },
    "en": {
        "period": "Plan period",
        "as_of": "Actuals as of",
        "divisions": "Divisions",
        "target": "Target",
        "actual": "Actual",
        "grade": "Grade",
        "estimate": "estimate",
        "provisional": "provisional",
        "same": "(cont.)",
        "none": "-",
        "measures": "Measures",
        "budgets": "Budgets",
        "total": "Total",
        "notes": "Notes",
    },
}

# CommonMark lets a backslash escape any ASCII punctuation character, which then
# stands for itself. Escaping every one that can start markup (links, HTML,
# emphasis, code, headings, lists, table cells, entities) makes plan text inert,
# whatever it contains; % , / ; ? ' " never start markup and stay as written.
_MARKUP = re.compile(r"""([!#$&()*+\-.:<=>@\[\\\]^_`{|}~])""")


def escape(text: str) -> str:
    """Plan text as literal Markdown: punctuation escaped, line breaks as spaces.

    Args:
        text: Text from a plan.

    Returns:
        Markdown that shows exactly ``text`` (on one line).
    """
    return _MARKUP.sub(r"\\\1", " ".join(text.splitlines()))


def _number(value: Decimal, unit: str | None) -> str:
    return f"{value.normalize():,f}" + escape(unit or "")


@attrs.frozen(kw_only=True)
class MarkdownExporter:
    """Writes a plan as a Markdown report: indicators with targets, actuals and grades."""

    name: ClassVar[str] = "markdown"
    extension: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown"
    description: ClassVar[str] = "Markdown report (an example plugin)"

    language: str = attrs.field(default="ja", validator=attrs.validators.in_(LABELS))
    """Language of the labels: ``ja`` or ``en``; the plan's own text is never translated."""
    grades: bool = True
    """Add a row of grades (from ``job.evaluation``) under each indicator's actuals."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the plan as UTF-8 Markdown.

        Args:
            job: The plan, and its evaluation when ``grades`` is on.
            stream: The binary stream to write to.
        """
        lines = self._plan(job)
        stream.write(("\n".join(lines) + "\n").encode("utf-8"))

    def _plan(self, job: ExportJob) -> list[str]:
        plan, label = job.plan, LABELS[self.language]
        years = plan.period.years
        lines = [f"# {escape(plan.title)}", "", escape(plan.organization), ""]
        lines.append(f"- {label['period']}: {years[0]}–{years[-1]}")
        if plan.actuals_as_of is not None:
            lines.append(f"- {label['as_of']}: {plan.actuals_as_of.isoformat()}")
        for csf, indicator in plan.indicators():
            if csf is not None and indicator is csf.indicators[0]:
                lines += ["", f"## {escape(csf.code)} {escape(csf.title)}", ""]
                for measure in csf.measures:
                    lines.append(f"- {label['measures']}: {escape(measure.title)}")
            lines += ["", *self._indicator(job, indicator, years)]
        if plan.budgets:
            lines += ["", f"## {label['budgets']}", ""]
            for budget in plan.budgets:
                lines.append(f"- {budget.year}: {_number(budget.total, budget.unit)}")
                for line in budget.lines:
                    lines.append(f"  - {escape(line.name)}: {_number(line.amount, budget.unit)}")
        if plan.footnotes:
            lines += ["", f"## {label['notes']}", ""]
            lines += [f"- {escape(note)}" for note in plan.footnotes]
        return lines

    def _indicator(
        self, job: ExportJob, indicator: Indicator, years: tuple[FiscalYear, ...]
    ) -> list[str]:
        label = LABELS[self.language]
        lines = [
            f"### {escape(indicator.code)} {escape(indicator.name)}",
            "",
            f"{label['divisions']}: {'、'.join(escape(d) for d in indicator.divisions)}",
            "",
            "| | " + " | ".join(str(year) for year in years) + " |",
            "|---|" + "---|" * len(years),
            f"| {label['target']} | "
            + " | ".join(self._target(indicator, year) for year in years)
            + " |",
            f"| {label['actual']} | "
            + " | ".join(self._actual(indicator, indicator.actual_for(year)) for year in years)
            + " |",
        ]
        if self.grades:
            result = job.evaluation.result(indicator.id)
            cells = []
            for year in years:
                found = result.year(year)
                cell = found.grade
                if found.rate_rounded is not None:
                    cell += f" ({found.rate_rounded}%)"
                if found.provisional:
                    cell += f" {label['provisional']}"
                cells.append(cell)
            lines.append(f"| {label['grade']} | " + " | ".join(cells) + " |")
        items: list[Target | Actual] = [*indicator.targets, *indicator.actuals]
        notes = [f"{item.year}: {item.note}" for item in items if item.note is not None]
        notes += list(indicator.footnotes)
        if notes:
            lines.append("")
            lines += [f"- ※ {escape(note)}" for note in notes]
        return lines

    def _target(self, indicator: Indicator, year: FiscalYear) -> str:
        label = LABELS[self.language]
        target: Target | None = indicator.target_for(year)
        if target is None:
            return label["none"]
        if target.year != year:
            return label["same"]
        if target.value is not None:
            return _number(target.value, indicator.unit)
        if target.minimum is not None or target.maximum is not None:
            low = _number(target.minimum, indicator.unit) if target.minimum is not None else ""
            high = _number(target.maximum, indicator.unit) if target.maximum is not None else ""
            return f"{low}–{high}"
        text = escape(target.stage or target.statement or "")
        if target.through is not None:
            text += f" ({target.year}–{target.through})"
        return text

    def _actual(self, indicator: Indicator, actual: Actual | None) -> str:
        label = LABELS[self.language]
        if actual is None or actual.status is ActualStatus.NOT_REPORTED:
            return label["none"]
        if actual.value is not None:
            text = _number(actual.value, indicator.unit)
        elif actual.stage is not None and actual.text not in (None, actual.stage):
            text = f"{escape(actual.stage)} ({escape(actual.text or '')})"
        else:
            text = escape(actual.text or actual.stage or "")
        if actual.status is ActualStatus.ESTIMATE:
            text += f" ({label['estimate']})"
        return text
