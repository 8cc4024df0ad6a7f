"""Applying the edits of the 指標 sheet to the plan the workbook carries.

Each indicator's 目標, 実績 and 状態 rows are found by their ID and 項目 cells, each
year's column by its header; a cell that still shows what the exporter wrote changes
nothing, every other is read (:mod:`kpiplan_exporters._xlsx.typed_cells`) and the
changed plan checked as a whole. A problem of the plan caused by an edit is
reported at the cell the edit came from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from kpiplan import (
    Actual,
    Csf,
    FiscalYear,
    Indicator,
    Plan,
    Problem,
    Target,
    ValidationError,
    check,
    format_date,
    parse_date,
)
from kpiplan_exporters._xlsx.layout import (
    AS_OF_CELL,
    ASSESSED_KINDS,
    ASSESSMENT_KIND,
    EDITABLE_KINDS,
    LABELS,
    Language,
    actual_cell,
    assessment_cell,
    block_kinds,
    status_cell,
    target_cell,
)
from kpiplan_exporters._xlsx.typed_cells import (
    INVALID,
    Cell,
    Edits,
    Invalid,
    read_actual,
    read_assessment,
    read_target,
    same,
)

__all__ = ["Meta", "apply_edits"]


@attrs.frozen
class Meta:
    """Where the writer put the 指標 sheet, as the hidden sheet records it."""

    language: Language
    sheet: str
    first_row: int
    kinds: tuple[str, ...]


def locate(
    meta: Meta, rows: list[list[Cell]], plan: Plan, edits: Edits
) -> tuple[dict[tuple[str, str], list[Cell]], dict[int, FiscalYear]]:
    """Find each indicator's editable rows and each year's column."""
    labels = LABELS[meta.language]
    kind_by_label = {labels[kind]: kind for kind in (*EDITABLE_KINDS, ASSESSMENT_KIND)}
    header_index = None
    for index, row in enumerate(rows):
        if row and row[0].value == labels["id"]:
            header_index = index
            break
    if header_index is None:
        edits.problem("A1", f"the header row (starting with {labels['id']}) is missing")
        return {}, {}
    header = rows[header_index]
    kind_column = None
    years: dict[int, FiscalYear] = {}
    period = plan.period
    for position, cell in enumerate(header):
        if cell.value == labels["kind"]:
            kind_column = position
            continue
        if kind_column is None or cell.value is None or cell.value == labels["notes"]:
            continue
        text = str(cell.value)
        try:
            year = FiscalYear.parse(text)
        except ValueError:
            edits.problem(
                cell.ref,
                f"{text!r} is not a fiscal year; year columns are named "
                f"{period.first}–{period.last}",
            )
            continue
        if year not in period:
            edits.problem(
                cell.ref,
                f"{year} is outside the plan period {period.first}–{period.last}; a year "
                "is added in the plan file, not in the workbook",
            )
        elif year in years.values():
            edits.problem(cell.ref, f"the year {year} has two columns")
        else:
            years[position] = year
    for year in period.years:
        if year not in years.values():
            edits.problem(
                header[0].ref if header else "A1",
                f"the column of {year} is missing; do not delete year columns",
            )
    if kind_column is None:
        edits.problem(header[0].ref, f"the {labels['kind']} column is missing")
        return {}, years
    found: dict[tuple[str, str], list[Cell]] = {}
    for row in rows[header_index + 1 :]:
        if len(row) <= kind_column:
            continue
        ident, kind_label = row[0].value, row[kind_column].value
        kind = kind_by_label.get(kind_label) if isinstance(kind_label, str) else None
        if not isinstance(ident, str) or kind is None:
            continue
        key = (ident, kind)
        if key in found:
            edits.problem(row[0].ref, f"the {kind_label} row of {ident} appears twice")
        found[key] = row
    return found, years


def _as_of_cell(rows: list[list[Cell]], meta: Meta) -> Cell | None:
    """The 実績基準日 cell (:data:`AS_OF_CELL`), if the sheet has it (older workbooks do not)."""
    wanted = LABELS[meta.language]["as_of"]
    for row in rows:
        if len(row) > 1 and row[0].value == wanted and row[1].ref == AS_OF_CELL:
            return row[1]
    return None


def _read_as_of(cell: Cell, edits: Edits) -> date | Invalid | None:
    """The date typed in the 実績基準日 cell; INVALID when it is no date."""
    value = cell.value
    if cell.data_type == "f":
        edits.problem(cell.ref, f"holds the formula {value}; type the date itself")
        return INVALID
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as exc:
            edits.problem(cell.ref, f"{value!r} is no date ({exc}); write 2023/3/31 or R5.3.31")
            return INVALID
    edits.problem(cell.ref, f"{value!r} is no date; write 2023/3/31 or R5.3.31")
    return INVALID


def _dated(plan: Plan, as_of: date | None) -> dict[str, Any]:
    """The plan's changes for a new 実績基準日: the date, and footnotes that name the old one.

    A footnote such as 実績値はR4.3.31見込み says when the actuals stood; it names
    the new date once the workbook's 実績基準日 moves on (R5.3.31).
    """
    old = plan.actuals_as_of
    changes: dict[str, Any] = {"actuals_as_of": as_of}
    if old is not None and as_of is not None:
        before, after = format_date(old, "short"), format_date(as_of, "short")
        changes["footnotes"] = tuple(note.replace(before, after) for note in plan.footnotes)
    return changes


def apply_edits(plan: Plan, meta: Meta, rows: list[list[Cell]], source: str) -> Plan:
    edits = Edits(meta.sheet)
    as_of_cell = _as_of_cell(rows, meta)
    as_of: date | Invalid | None = plan.actuals_as_of
    if as_of_cell is not None:
        as_of = _read_as_of(as_of_cell, edits)
        if as_of != plan.actuals_as_of and not isinstance(as_of, Invalid):
            edits.cells["actuals_as_of"] = as_of_cell.ref
    found, years = locate(meta, rows, plan, edits)
    if edits.problems and not found:
        raise ValidationError(edits.problems, source=source)
    labels = LABELS[meta.language]
    known = {indicator.id for _, indicator in plan.indicators()}
    for (ident, kind), cells_of_row in found.items():
        if ident not in known:
            edits.problem(
                cells_of_row[0].ref, f"{ident!r} ({labels[kind]}) is no indicator of the plan"
            )
    new_kgis: list[Indicator] = []
    new_csfs: dict[str, list[Indicator]] = {}
    first = meta.first_row
    for csf, indicator in plan.indicators():
        base = "kgis" if csf is None else f"csfs[{csf.code}].indicators"
        path = f"{base}[{indicator.code}]"
        cells: dict[str, dict[FiscalYear, Cell]] = {}
        missing = False
        kinds = block_kinds(indicator, meta.kinds)
        first += len(kinds)
        for kind in (*EDITABLE_KINDS, *((ASSESSMENT_KIND,) if ASSESSMENT_KIND in kinds else ())):
            located = found.get((indicator.id, kind))
            if located is None:
                expected = first - len(kinds) + kinds.index(kind)
                edits.problem(
                    f"A{expected}",
                    f"the {labels[kind]} row of {indicator.id} is missing (deleted?); "
                    "restore it from the original workbook",
                )
                missing = True
                continue
            cells[kind] = {years[pos]: located[pos] for pos in years if pos < len(located)}
        updated = indicator if missing else _indicator(plan, indicator, cells, meta, path, edits)
        if csf is None:
            new_kgis.append(updated)
        else:
            new_csfs.setdefault(csf.code, []).append(updated)
    if edits.problems:
        raise ValidationError(edits.problems, source=source)
    # Changes go through a dict: attrs' mypy plugin cannot type evolve() arguments
    # of fields that have a converter.
    changes: dict[str, Any] = {
        "kgis": tuple(new_kgis),
        "csfs": tuple(_csf(csf, new_csfs.get(csf.code, [])) for csf in plan.csfs),
    }
    if not isinstance(as_of, Invalid) and as_of != plan.actuals_as_of:
        changes.update(_dated(plan, as_of))
    result = attrs.evolve(plan, **changes)
    if result == plan:
        return plan
    problems = [_at_cell(problem, edits) for problem in check(result)]
    if problems:
        raise ValidationError(problems, source=source)
    return result


def _csf(csf: Csf, indicators: list[Indicator]) -> Csf:
    changes: dict[str, Any] = {"indicators": tuple(indicators)}
    return attrs.evolve(csf, **changes)


def _at_cell(problem: Problem, edits: Edits) -> Problem:
    """A plan problem caused by an edit, pointed at the cell the edit came from."""
    for path, ref in edits.cells.items():
        if problem.path == path or problem.path.startswith(path + "."):
            return Problem(f"{edits.sheet}!{ref}", f"{problem.message} ({problem.path})")
    return problem


def _indicator(
    plan: Plan,
    indicator: Indicator,
    cells: dict[str, dict[FiscalYear, Cell]],
    meta: Meta,
    path: str,
    edits: Edits,
) -> Indicator:
    targets = {target.year: target for target in indicator.targets}
    actuals = {actual.year: actual for actual in indicator.actuals}
    changed = False
    for year in plan.period.years:
        cell = cells["target"].get(year)
        if cell is None:
            continue
        shown, current = target_cell(indicator, year)
        if current is not None and current.year != year:
            # A later year of a spanning statement: merged away, must stay empty.
            if cell.value not in (None, ""):
                first = f"{current.year}–{current.through}"
                edits.problem(
                    cell.ref,
                    f"this year is covered by the {first} statement of {indicator.id}; "
                    "edit the statement in its first year, or change it in the plan file",
                )
            continue
        if same(shown, cell):
            continue
        target = read_target(plan, indicator, year, current, cell, edits)
        if target is not INVALID:
            changed = True
            targets.pop(year, None)
            if isinstance(target, Target):
                targets[year] = target
            edits.cells[f"{path}.targets[{year}]"] = cell.ref
    for year in plan.period.years:
        value_cell = cells["actual"].get(year)
        status_of = cells["status"].get(year)
        if value_cell is None or status_of is None:
            continue
        current_actual = actuals.get(year)
        if same(actual_cell(current_actual), value_cell) and same(
            status_cell(current_actual, meta.language), status_of
        ):
            continue
        actual = read_actual(plan, indicator, year, current_actual, value_cell, status_of, edits)
        if actual is not INVALID:
            changed = True
            actuals.pop(year, None)
            if isinstance(actual, Actual):
                actuals[year] = actual
            edits.cells[f"{path}.actuals[{year}]"] = value_cell.ref
    for year in plan.period.years:
        cell = cells.get(ASSESSMENT_KIND, {}).get(year)
        target = indicator.target_for(year)
        if cell is None or target is None or target.kind not in ASSESSED_KINDS:
            continue
        current_actual = actuals.get(year)
        if same(assessment_cell(current_actual, meta.language), cell):
            continue
        assessment = read_assessment(cell, edits)
        if isinstance(assessment, Invalid):
            continue
        if current_actual is None:
            if assessment is not None:
                edits.problem(
                    cell.ref,
                    f"assesses the {year} result of {indicator.id}, which has none; "
                    "type the result in its 実績 cell too",
                )
            continue
        changed = True
        actuals[year] = attrs.evolve(current_actual, assessment=assessment)
        edits.cells.setdefault(f"{path}.actuals[{year}]", cell.ref)
    if not changed:
        return indicator
    changes: dict[str, Any] = {
        "targets": tuple(targets[year] for year in sorted(targets)),
        "actuals": tuple(actuals[year] for year in sorted(actuals)),
    }
    return attrs.evolve(indicator, **changes)
