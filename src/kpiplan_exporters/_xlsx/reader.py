"""Reading a workbook written by the ``xlsx`` exporter back into a plan.

``kpiplan.load("report.xlsx")`` comes here through the entry-point group
``kpiplan.readers``. The workbook carries the whole plan as canonical JSON in a very
hidden sheet; the cells an official edits on the 指標 sheet (目標, 実績, 状態 by
year) are the source of truth and are applied on top of it. A cell that still shows
what the exporter wrote changes nothing, so an untouched workbook reads back to the
very same plan; every cell that differs is read as an edit and checked. All problems
are reported at once, each with its sheet and cell (``指標!F12``).

Untrusted workbooks: the zip directory is checked against size limits before
anything is parsed (see :mod:`kpiplan_exporters._xlsx.archive`), and openpyxl parses the
XML with defusedxml (no entity expansion), which is required.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import attrs

from kpiplan import (
    MAX_SIGNIFICANT_DIGITS,
    Actual,
    ActualStatus,
    Csf,
    Direction,
    FiscalYear,
    Indicator,
    KpiplanError,
    Plan,
    PlanFileError,
    Problem,
    Target,
    ValidationError,
    check,
    current_limits,
    format_date,
    loads,
)
from kpiplan_exporters._xlsx.archive import MAX_COMPRESSION_RATIO, MAX_MEMBERS, check_archive
from kpiplan_exporters._xlsx.layout import (
    DATA_SHEET,
    EDITABLE_KINDS,
    FORMAT_VERSION,
    LABELS,
    MARKER,
    NO_VALUE,
    Language,
    actual_cell,
    parse_status,
    status_cell,
    target_cell,
)

__all__ = ["read_workbook"]

MAX_WORKBOOK_BYTES = 512 * 1024 * 1024
"""Workbooks larger than this on disk are refused before they are opened."""


@attrs.frozen
class _Cell:
    """A cell as read: its address, value and Excel type (``n``, ``s``, ``f``, ``e``…)."""

    ref: str
    value: object
    data_type: str | None


@attrs.frozen
class _Meta:
    language: Language
    sheet: str
    first_row: int
    kinds: tuple[str, ...]


def read_workbook(
    path: Path,
    *,
    max_bytes: int = MAX_WORKBOOK_BYTES,
    max_members: int = MAX_MEMBERS,
    max_uncompressed: int | None = None,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> Plan:
    """Read a workbook written by the ``xlsx`` exporter, with the official's edits.

    Args:
        path: The ``.xlsx`` file.
        max_bytes: Refuse files larger than this.
        max_members: Refuse workbooks with more zip members than this.
        max_uncompressed: Refuse workbooks that unpack to more bytes than this;
            None: ``max_workbook_bytes`` of the limits in force (``kpiplan.Limits``,
            set by ``kpiplan.load(path, limits=…)``).
        max_ratio: Refuse a zip member (over 1 MiB) packed more tightly than this.

    Returns:
        The plan, with the targets, actuals and statuses typed on the 指標 sheet.

    Raises:
        PlanFileError: The file is missing, too large, no workbook, not written by
            kpiplan, or breaks a size limit.
        ValidationError: Edited cells are in the wrong form, or make the plan
            invalid; every problem names its cell (``指標!F12``).
    """
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PlanFileError(source, exc.strerror or str(exc)) from None
    if size > max_bytes:
        raise PlanFileError(
            source, f"file is {size:,} bytes, over the limit of {max_bytes:,} (file size)"
        )
    if max_uncompressed is None:
        check_archive(
            path,
            max_members=max_members,
            max_uncompressed=current_limits().max_workbook_bytes,
            max_ratio=max_ratio,
            size_hint="max_workbook_bytes; to read it, pass "
            "limits=kpiplan.Limits(max_workbook_bytes=…) to kpiplan.load",
        )
    else:
        check_archive(
            path, max_members=max_members, max_uncompressed=max_uncompressed, max_ratio=max_ratio
        )
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise PlanFileError(
            source, "reading workbooks needs defusedxml (safe XML parsing): pip install defusedxml"
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except KpiplanError:
        raise
    except Exception as exc:
        raise PlanFileError(source, f"not a readable Excel workbook: {exc}") from None
    try:
        meta, plan = _hidden_plan(workbook, source)
        if meta.sheet not in workbook.sheetnames:
            raise ValidationError(
                [
                    Problem(
                        meta.sheet,
                        f"the sheet {meta.sheet} is missing; it holds the plan's "
                        "targets and actuals, restore it from the original workbook",
                    )
                ],
                source=source,
            )
        rows = list(_rows(workbook[meta.sheet]))
    except KpiplanError:
        raise
    except Exception as exc:
        # openpyxl in read-only mode parses each sheet only when it is read, so a
        # damaged sheet fails here, after load_workbook: still the file's fault.
        raise PlanFileError(source, f"not a readable Excel workbook: {exc}") from None
    finally:
        workbook.close()
    return _apply(plan, meta, rows, source)


def _rows(sheet: Any) -> Iterator[list[_Cell]]:
    from openpyxl.utils import get_column_letter

    for row in sheet.iter_rows():
        # Streaming gives blank cells without an address; the row's number comes
        # from a real cell, the column from the position.
        number = next((cell.row for cell in row if getattr(cell, "row", None)), None)
        if number is None:
            continue
        yield [
            _Cell(
                f"{get_column_letter(column)}{number}",
                getattr(cell, "value", None),
                getattr(cell, "data_type", None),
            )
            for column, cell in enumerate(row, start=1)
        ]


def _hidden_plan(workbook: Any, source: str) -> tuple[_Meta, Plan]:
    if DATA_SHEET not in workbook.sheetnames:
        raise PlanFileError(
            source,
            f"not a workbook written by kpiplan (it has no {DATA_SHEET} sheet); "
            "export the plan with `kpiplan export PLAN --format xlsx` and edit that workbook",
        )
    values = [tuple(row) for row in workbook[DATA_SHEET].iter_rows(max_col=2, values_only=True)]
    if not values or values[0][:1] != (MARKER,):
        raise PlanFileError(source, f"the {DATA_SHEET} sheet is damaged (no kpiplan marker)")
    if values[0][1] != FORMAT_VERSION:
        raise PlanFileError(
            source,
            f"written in workbook format {values[0][1]!r}; this kpiplan reads format "
            f"{FORMAT_VERSION}: upgrade kpiplan",
        )
    fields = {row[0]: row[1] for row in values[1:4] if len(row) == 2}
    chunks = [str(row[1]) for row in values[4:] if row[:1] == ("plan",) and row[1] is not None]
    text = "".join(chunks)
    if (
        fields.get("chunks") != len(chunks)
        or hashlib.sha256(text.encode("utf-8")).hexdigest() != fields.get("sha256")
        or not isinstance(fields.get("layout"), str)
    ):
        raise PlanFileError(
            source,
            f"the plan stored in the {DATA_SHEET} sheet is damaged (its checksum does not "
            "match); the workbook cannot be read back",
        )
    try:
        raw = json.loads(str(fields["layout"]))
        meta = _Meta(
            language="en" if raw["language"] == "en" else "ja",
            sheet=str(raw["sheet"]),
            first_row=int(raw["first_row"]),
            kinds=tuple(str(kind) for kind in raw["kinds"]),
        )
    except (ValueError, KeyError, TypeError):
        raise PlanFileError(source, f"the layout in the {DATA_SHEET} sheet is damaged") from None
    plan = loads(text, "json", source=f"{source} ({DATA_SHEET} sheet)")
    return meta, plan


# ----------------------------------------------------------------------------- edits


def _same(shown: object, cell: _Cell) -> bool:
    """Whether a cell still holds what the exporter wrote there."""
    value = cell.value
    if cell.data_type == "f":
        return False
    if shown is None:
        return value is None or value == ""
    if isinstance(shown, Decimal):
        number = _number(value)
        return number is not None and number == shown
    return isinstance(value, str) and value == shown


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back to the same float: the
        # number the cell shows, not the float's binary expansion.
        return Decimal(repr(value))
    return None


class _Edits:
    """Collects the problems found while applying a sheet's edits."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.cells: dict[str, str] = {}
        """Plan path of an edited target or actual → the cell it came from."""

    def problem(self, ref: str, message: str) -> None:
        self.problems.append(Problem(f"{self.sheet}!{ref}", message))


def _locate(
    meta: _Meta, rows: list[list[_Cell]], plan: Plan, edits: _Edits
) -> tuple[dict[tuple[str, str], list[_Cell]], dict[int, FiscalYear]]:
    """Find each indicator's editable rows and each year's column."""
    labels = LABELS[meta.language]
    kind_by_label = {labels[kind]: kind for kind in EDITABLE_KINDS}
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
    found: dict[tuple[str, str], list[_Cell]] = {}
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


def _apply(plan: Plan, meta: _Meta, rows: list[list[_Cell]], source: str) -> Plan:
    edits = _Edits(meta.sheet)
    found, years = _locate(meta, rows, plan, edits)
    if edits.problems and not found:
        raise ValidationError(edits.problems, source=source)
    labels = LABELS[meta.language]
    block = len(meta.kinds)
    known = {indicator.id for _, indicator in plan.indicators()}
    for (ident, kind), cells_of_row in found.items():
        if ident not in known:
            edits.problem(
                cells_of_row[0].ref, f"{ident!r} ({labels[kind]}) is no indicator of the plan"
            )
    new_kgis: list[Indicator] = []
    new_csfs: dict[str, list[Indicator]] = {}
    for index, (csf, indicator) in enumerate(plan.indicators()):
        base = "kgis" if csf is None else f"csfs[{csf.code}].indicators"
        path = f"{base}[{indicator.code}]"
        cells: dict[str, dict[FiscalYear, _Cell]] = {}
        missing = False
        for kind in EDITABLE_KINDS:
            located = found.get((indicator.id, kind))
            if located is None:
                expected = meta.first_row + index * block + meta.kinds.index(kind)
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


def _at_cell(problem: Problem, edits: _Edits) -> Problem:
    """A plan problem caused by an edit, pointed at the cell the edit came from."""
    for path, ref in edits.cells.items():
        if problem.path == path or problem.path.startswith(path + "."):
            return Problem(f"{edits.sheet}!{ref}", f"{problem.message} ({problem.path})")
    return problem


def _indicator(
    plan: Plan,
    indicator: Indicator,
    cells: dict[str, dict[FiscalYear, _Cell]],
    meta: _Meta,
    path: str,
    edits: _Edits,
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
        if _same(shown, cell):
            continue
        target = _read_target(plan, indicator, year, current, cell, edits)
        if target is not _INVALID:
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
        if _same(actual_cell(current_actual), value_cell) and _same(
            status_cell(current_actual, meta.language), status_of
        ):
            continue
        actual = _read_actual(plan, indicator, year, current_actual, value_cell, status_of, edits)
        if actual is not _INVALID:
            changed = True
            actuals.pop(year, None)
            if isinstance(actual, Actual):
                actuals[year] = actual
            edits.cells[f"{path}.actuals[{year}]"] = value_cell.ref
    if not changed:
        return indicator
    changes: dict[str, Any] = {
        "targets": tuple(targets[year] for year in sorted(targets)),
        "actuals": tuple(actuals[year] for year in sorted(actuals)),
    }
    return attrs.evolve(indicator, **changes)


class _Invalid:
    """Marks a cell that could not be read (its problem is already recorded)."""


_INVALID: Final = _Invalid()


def _formula_or_error(cell: _Cell, edits: _Edits) -> bool:
    if cell.data_type == "f":
        edits.problem(
            cell.ref,
            f"holds the formula {cell.value}; type the value itself, not a formula",
        )
        return True
    if cell.data_type == "e":
        edits.problem(cell.ref, f"holds the error {cell.value}; type a value")
        return True
    return False


def _cell_number(cell: _Cell, edits: _Edits) -> Decimal | _Invalid | None:
    number = _number(cell.value)
    if number is None:
        return None
    if not number.is_finite():
        edits.problem(cell.ref, "is not a finite number")
        return _INVALID
    digits = len(number.normalize().as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS:
        edits.problem(
            cell.ref,
            f"{number} has {digits} significant digits; a plan keeps at most "
            f"{MAX_SIGNIFICANT_DIGITS}",
        )
        return _INVALID
    return number


def _text_number(text: str, indicator: Indicator) -> Decimal | None:
    """A number typed as text (``1,800件``, ``95%``), in the indicator's unit."""
    if indicator.unit is None:
        return None
    from kpiplan import parse_amount

    try:
        return parse_amount(text, unit=indicator.unit).value
    except (ValueError, KpiplanError):
        return None


def _wrong_type(cell: _Cell, edits: _Edits) -> bool:
    if cell.value is None or (
        isinstance(cell.value, str | int | float) and not isinstance(cell.value, bool)
    ):
        return False
    kind = "a date" if isinstance(cell.value, date) else f"a {type(cell.value).__name__}"
    edits.problem(cell.ref, f"holds {kind}; type a number or a text")
    return True


def _read_target(
    plan: Plan,
    indicator: Indicator,
    year: FiscalYear,
    current: Target | None,
    cell: _Cell,
    edits: _Edits,
) -> Target | _Invalid | None:
    if _formula_or_error(cell, edits) or _wrong_type(cell, edits):
        return _INVALID
    note = current.note if current is not None else None
    through = current.through if current is not None else None
    value = cell.value
    number = _cell_number(cell, edits)
    if isinstance(number, _Invalid):
        return _INVALID
    if number is None and isinstance(value, str):
        text = value.strip()
        if text in ("", NO_VALUE, "-"):
            return None
        if text in plan.ladder_of(indicator):
            return Target(year=year, stage=text, through=through, note=note)
        number = _text_number(text, indicator)
        if number is None:
            if current is not None and current.is_numeric:
                edits.problem(
                    cell.ref,
                    f"{text!r} is text where the {year} target of {indicator.id} is a number; "
                    f"type a number (in {indicator.unit})",
                )
                return _INVALID
            return Target(year=year, statement=text, through=through, note=note)
    if number is None:
        return None
    if indicator.unit is None:
        edits.problem(
            cell.ref,
            f"{indicator.id} has no unit (a qualitative indicator): its targets are stages "
            f"({'・'.join(plan.ladder_of(indicator))}) or text, not numbers",
        )
        return _INVALID
    if indicator.direction is Direction.RANGE:
        edits.problem(cell.ref, f"{indicator.id} has range targets; change them in the plan file")
        return _INVALID
    return Target(year=year, value=number, note=note)


def _read_actual(
    plan: Plan,
    indicator: Indicator,
    year: FiscalYear,
    current: Actual | None,
    value_cell: _Cell,
    status_of: _Cell,
    edits: _Edits,
) -> Actual | _Invalid | None:
    bad = _formula_or_error(value_cell, edits) | _wrong_type(value_cell, edits)
    bad |= _formula_or_error(status_of, edits) | _wrong_type(status_of, edits)
    if bad:
        return _INVALID
    status: ActualStatus | None = None
    as_of: date | None = None
    status_text = status_of.value
    if isinstance(status_text, int | float):
        edits.problem(status_of.ref, "a status is text: 確定, 見込み, 作成中 or 未報告")
        return _INVALID
    if isinstance(status_text, str) and status_text.strip():
        try:
            parsed = parse_status(status_text)
        except ValueError as exc:
            edits.problem(status_of.ref, str(exc))
            return _INVALID
        status, as_of = parsed.status, parsed.as_of
    number = _cell_number(value_cell, edits)
    if isinstance(number, _Invalid):
        return _INVALID
    text: str | None = None
    stage: str | None = None
    raw = value_cell.value
    if number is None and isinstance(raw, str) and raw.strip():
        typed = raw.strip()
        if typed in (NO_VALUE, "-"):
            status = status or ActualStatus.NOT_REPORTED
        elif typed in plan.ladder_of(indicator):
            stage = typed
        else:
            number = _text_number(typed, indicator)
            if number is None:
                target = indicator.target_for(year)
                numeric_year = indicator.unit is not None and (target is None or target.is_numeric)
                if numeric_year and status is not ActualStatus.IN_PROGRESS:
                    edits.problem(
                        value_cell.ref,
                        f"{typed!r} is text where the {year} actual of {indicator.id} is a "
                        f"number; type a number (in {indicator.unit})",
                    )
                    return _INVALID
                text = typed
    if number is not None and indicator.unit is None:
        edits.problem(
            value_cell.ref,
            f"{indicator.id} has no unit (a qualitative indicator): its actuals are stages "
            f"({'・'.join(plan.ladder_of(indicator))}) or text, not numbers",
        )
        return _INVALID
    has_result = number is not None or stage is not None or text is not None
    if status is None:
        if not has_result:
            return None  # both cells emptied: the actual is removed
        status = ActualStatus.CONFIRMED
    if status is ActualStatus.NOT_REPORTED and has_result:
        edits.problem(
            status_of.ref,
            f"says not reported (未報告) but {value_cell.ref} holds a result; clear one of them",
        )
        return _INVALID
    if status is ActualStatus.IN_PROGRESS:
        if number is not None or stage is not None:
            edits.problem(
                status_of.ref,
                f"says in progress (作成中) but {value_cell.ref} holds a result; "
                "set the status to 確定 or 見込み",
            )
            return _INVALID
        text = text or LABELS["ja"]["in_progress"]
    if status in (ActualStatus.CONFIRMED, ActualStatus.ESTIMATE) and not has_result:
        edits.problem(
            value_cell.ref,
            f"is empty but {status_of.ref} says {status_of.value}; type the {year} result",
        )
        return _INVALID
    if status is ActualStatus.ESTIMATE:
        written = as_of
        as_of = (
            as_of
            or (current.as_of if current is not None and current.is_estimate else None)
            or plan.actuals_as_of
        )
        if written is None and as_of is not None and as_of < year.start:
            edits.problem(
                status_of.ref,
                f"an estimate for {year} needs the date it was made: write "
                f"見込み（{_example_date(year)}）; the plan's actuals date "
                f"{format_date(as_of, 'short')} is before {year} began",
            )
            return _INVALID
        if as_of is None:
            edits.problem(
                status_of.ref,
                "an estimate needs the date it was made: write 見込み（R5.3.31）",
            )
            return _INVALID
    else:
        as_of = None
    keep = current if current is not None else None
    try:
        return Actual(
            year=year,
            status=status,
            value=number,
            stage=stage,
            text=text,
            as_of=as_of,
            assessment=keep.assessment if keep is not None else None,
            override=keep.override if keep is not None else None,
            note=keep.note if keep is not None else None,
        )
    except (ValueError, TypeError, InvalidOperation) as exc:
        edits.problem(value_cell.ref, str(exc))
        return _INVALID


def _example_date(year: FiscalYear) -> str:
    """The last day of ``year`` in short form (R5.3.31), for messages."""
    return format_date(year.end, "short")
