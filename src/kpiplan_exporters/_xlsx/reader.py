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

This module opens the file and the hidden plan; :mod:`kpiplan_exporters._xlsx.edits`
applies the edited cells, :mod:`kpiplan_exporters._xlsx.typed_cells` reads each one.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kpiplan import (
    KpiplanError,
    Plan,
    PlanFileError,
    Problem,
    ValidationError,
    current_limits,
    loads,
)
from kpiplan_exporters._xlsx.archive import MAX_COMPRESSION_RATIO, MAX_MEMBERS, check_archive
from kpiplan_exporters._xlsx.edits import Meta, apply_edits
from kpiplan_exporters._xlsx.layout import (
    DATA_SHEET,
    DIGESTS_KEY,
    EMPTY_DIGEST,
    FORMAT_VERSION,
    INPUT_DIGEST,
    MARKER,
    cell_digest,
)
from kpiplan_exporters._xlsx.typed_cells import Cell

__all__ = ["IgnoredEditWarning", "open_workbook", "read_workbook"]

MAX_WORKBOOK_BYTES = 512 * 1024 * 1024
"""Workbooks larger than this on disk are refused before they are opened."""


class IgnoredEditWarning(UserWarning):
    """Cells were edited outside a workbook's input cells; the edits were ignored.

    The message lists each cell; :attr:`problems` holds them, each a
    :class:`kpiplan.Problem` whose path is the cell (``指標!C12``). Read with
    ``strict=True`` to refuse such a workbook instead.
    """

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        problems = self.problems
        lines = "".join(f"\n  {problem}" for problem in problems)
        count = len(problems)
        super().__init__(
            f"{source}: {count} edit{'s' if count != 1 else ''} outside the input cells "
            f"ignored (read with --strict to refuse them):{lines}"
        )

    def __reduce__(self) -> tuple[type[IgnoredEditWarning], tuple[str, tuple[Problem, ...]]]:
        # Pickled with its data, not its message (process pools, like kpiplan's errors).
        return type(self), (self.source, self.problems)


def read_workbook(
    path: Path,
    *,
    strict: bool = False,
    max_bytes: int = MAX_WORKBOOK_BYTES,
    max_members: int = MAX_MEMBERS,
    max_uncompressed: int | None = None,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> Plan:
    """Read a workbook written by the ``xlsx`` exporter, with the official's edits.

    Args:
        path: The ``.xlsx`` file.
        strict: Refuse a workbook edited outside its input cells (a ValidationError
            naming each cell); by default such edits are ignored with an
            :class:`IgnoredEditWarning` naming each cell. ``kpiplan.load(path,
            options={"strict": True})`` and ``kpiplan check --strict`` set it.
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
            invalid; every problem names its cell (``指標!F12``); with ``strict``,
            cells edited outside the input cells too.

    Warns:
        IgnoredEditWarning: Cells outside the input cells were edited (ignored).
    """
    path = Path(path)
    source = str(path)
    workbook = open_workbook(
        path,
        max_bytes=max_bytes,
        max_members=max_members,
        max_uncompressed=max_uncompressed,
        max_ratio=max_ratio,
    )
    try:
        meta, plan, digests = _hidden_plan(workbook, source)
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
        outside = _outside_edits(workbook, digests, {meta.sheet: rows})
    except KpiplanError:
        raise
    except Exception as exc:
        # openpyxl in read-only mode parses each sheet only when it is read, so a
        # damaged sheet fails here, after load_workbook: still the file's fault.
        raise PlanFileError(source, f"not a readable Excel workbook: {exc}") from None
    finally:
        workbook.close()
    if outside and strict:
        refused = [Problem(p.path, f"{p.message} (refused: strict)") for p in outside]
        try:
            apply_edits(plan, meta, rows, source)
        except ValidationError as exc:
            raise ValidationError([*exc.problems, *refused], source=source) from None
        raise ValidationError(refused, source=source)
    result = apply_edits(plan, meta, rows, source)
    if outside:
        warnings.warn(IgnoredEditWarning(source, outside), stacklevel=2)
    return result


def open_workbook(
    path: Path,
    *,
    max_bytes: int = MAX_WORKBOOK_BYTES,
    max_members: int = MAX_MEMBERS,
    max_uncompressed: int | None = None,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> Any:
    """Open an untrusted workbook read-only, after its size and zip directory are checked.

    Args:
        path: The ``.xlsx`` file.
        max_bytes: Refuse files larger than this.
        max_members: Refuse workbooks with more zip members than this.
        max_uncompressed: Refuse workbooks that unpack to more bytes than this;
            None: ``max_workbook_bytes`` of the limits in force.
        max_ratio: Refuse a zip member (over 1 MiB) packed more tightly than this.

    Returns:
        The openpyxl workbook (read-only); the caller closes it.

    Raises:
        PlanFileError: The file is missing, too large, no workbook, or breaks a limit.
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
    return workbook


def _outside_edits(
    workbook: Any, digests: dict[str, list[str]] | None, read: dict[str, list[list[Cell]]]
) -> list[Problem]:
    """Every cell that differs from what the exporter wrote, outside the input cells.

    Args:
        workbook: The open workbook.
        digests: Each visible sheet's rows of cell digests, as written; None for a
            workbook written before they were kept (nothing is checked).
        read: Sheets already read, by name.
    """
    from openpyxl.utils import get_column_letter

    if digests is None:
        return []
    problems: list[Problem] = []
    for name in workbook.sheetnames:
        if name not in digests and name != DATA_SHEET:
            problems.append(Problem(name, f"the sheet {name} was added; its cells are not read"))
    for name, expected in digests.items():
        if name not in workbook.sheetnames:
            problems.append(
                Problem(
                    name, f"the sheet {name} was deleted or renamed; it is rebuilt from the plan"
                )
            )
            continue
        rows = read.get(name)
        if rows is not None:
            values: Iterable[tuple[int, Sequence[object]]] = (
                (_row_number(row[0].ref), [cell.value for cell in row]) for row in rows if row
            )
        else:
            # Plain values, numbered: a read-only sheet gives every row, empty ones too.
            values = enumerate(workbook[name].iter_rows(values_only=True), start=1)
        for number, row_values in values:
            written = expected[number - 1] if 0 < number <= len(expected) else ""
            for index, value in enumerate(row_values):
                digest = written[2 * index : 2 * index + 2] or EMPTY_DIGEST
                if digest == INPUT_DIGEST or cell_digest(value) == digest:
                    continue
                if cell_digest(_BOOLEAN_FORMULAS.get(str(value).upper(), value)) == digest:
                    continue  # TRUE or FALSE as LibreOffice saves it
                ref = f"{get_column_letter(index + 1)}{number}"
                problems.append(Problem(f"{name}!{ref}", _outside_message(value)))
    return problems


#: LibreOffice saves a TRUE or FALSE cell as these formulas.
_BOOLEAN_FORMULAS = {"=TRUE()": True, "=FALSE()": False}


def _row_number(ref: str) -> int:
    return int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _outside_message(value: object) -> str:
    if value is None or value == "":
        what = "was cleared"
    elif isinstance(value, str) and value.startswith("="):
        what = f"holds {value}"
    else:
        what = f"was changed to {value!r}"
    return (
        f"{what}, outside the input cells (目標・実績・状態・達成度・実績基準日), which "
        "alone are read; change it in the plan file"
    )


def _rows(sheet: Any) -> Iterator[list[Cell]]:
    from openpyxl.utils import get_column_letter

    for row in sheet.iter_rows():
        # Streaming gives blank cells without an address; the row's number comes
        # from a real cell, the column from the position.
        number = next((cell.row for cell in row if getattr(cell, "row", None)), None)
        if number is None:
            continue
        yield [
            Cell(
                f"{get_column_letter(column)}{number}",
                getattr(cell, "value", None),
                getattr(cell, "data_type", None),
                getattr(cell, "number_format", None),
            )
            for column, cell in enumerate(row, start=1)
        ]


def _hidden_plan(workbook: Any, source: str) -> tuple[Meta, Plan, dict[str, list[str]] | None]:
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
    digest_text = "".join(
        str(row[1]) for row in values[4:] if row[:1] == (DIGESTS_KEY,) and row[1] is not None
    )
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
        meta = Meta(
            language="en" if raw["language"] == "en" else "ja",
            sheet=str(raw["sheet"]),
            first_row=int(raw["first_row"]),
            kinds=tuple(str(kind) for kind in raw["kinds"]),
        )
    except (ValueError, KeyError, TypeError):
        raise PlanFileError(source, f"the layout in the {DATA_SHEET} sheet is damaged") from None
    plan = loads(text, "json", source=f"{source} ({DATA_SHEET} sheet)")
    digests: dict[str, list[str]] | None = None
    if digest_text:
        try:
            digests = {str(k): [str(r) for r in v] for k, v in json.loads(digest_text).items()}
        except (ValueError, AttributeError, TypeError):
            raise PlanFileError(
                source, f"the cell digests in the {DATA_SHEET} sheet are damaged"
            ) from None
    return meta, plan, digests
