"""Reading a filled-in draft workbook as a plan, every problem at its cell.

The sheets are read into the plan's data (the shape of a TOML plan file), which
:func:`kpiplan.loads` then checks like any plan file; each value remembers the cell
it came from, so every problem the loader finds is reported at that cell
(``指標!F12``). The reader's own problems (a header moved, a word not on a list, a
required cell left empty) are reported beside the loader's, all at once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kpiplan import (
    DEFAULT_STAGE_LADDER,
    Accumulation,
    BudgetStatus,
    Direction,
    FiscalYear,
    FiscalYearError,
    KpiplanError,
    Plan,
    Problem,
    ValidationError,
    check_unit,
    loads,
)
from kpiplan.vocabulary import parse_label
from kpiplan_exporters._xlsx.draft.layout import (
    BUDGETS,
    DITTO,
    EXAMPLE,
    FIRST_ROW,
    INDICATORS,
    MEASURE,
    PLAN,
    PLAN_ROWS,
    TREE,
    Table,
    split_list,
)

__all__ = ["read_draft_workbook"]

#: What a required cell holds while the rest of the plan is checked (never returned).
_PLACEHOLDER = "（未記入）"


class _Cell:
    """A cell as read: its address and its value (numbers as Decimal, text stripped)."""

    __slots__ = ("ref", "value")

    def __init__(self, ref: str, value: object) -> None:
        self.ref = ref
        self.value = value

    @property
    def text(self) -> str | None:
        """The value as text, None when the cell is empty."""
        if self.value is None:
            return None
        if isinstance(self.value, Decimal):
            return format(self.value, "f")
        return str(self.value)


def _value(cell: Any) -> object:
    value = getattr(cell, "value", None)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        # Excel stores a typed "95%" as 0.95 in a percent format: read what was typed.
        if "%" in str(getattr(cell, "number_format", "") or ""):
            number = (number * 100).normalize()
            number = number.quantize(Decimal(1)) if number == number.to_integral() else number
        return number
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # Plan text is kept as written; a cell of spaces only is an empty cell.
        return value if value.strip() else None
    return value


def _rows(sheet: Any) -> Iterator[tuple[int, list[_Cell]]]:
    from openpyxl.utils import get_column_letter

    for row in sheet.iter_rows():
        number = next((cell.row for cell in row if getattr(cell, "row", None)), None)
        if number is None:
            continue
        yield (
            number,
            [
                _Cell(f"{get_column_letter(column)}{number}", _value(cell))
                for column, cell in enumerate(row, start=1)
            ],
        )


class _Reading:
    """The data read so far, the cell of each of its paths, and the problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.cells: dict[str, str] = {}
        self.era: str | None = None
        self.bad_units: set[str] = set()
        """Indicators whose unit was reported at its cell: not again at each target."""

    def problem(self, sheet: str, ref: str, message: str) -> None:
        self.problems.append(Problem(f"{sheet}!{ref}", message))

    def at(self, path: str, sheet: str, ref: str) -> None:
        self.cells.setdefault(path, f"{sheet}!{ref}")

    def cell_of(self, path: str) -> str | None:
        """The cell of the longest recorded path that ``path`` starts with."""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    # -- sheets -----------------------------------------------------------------------

    def table(self, workbook: Any, table: Table) -> Iterator[tuple[int, dict[str, _Cell]]]:
        """The entry rows of a table, keyed by column key; checks the header first."""
        if table.sheet not in workbook.sheetnames:
            self.problem(table.sheet, "A1", f"the sheet {table.sheet} is missing")
            return
        rows = list(_rows(workbook[table.sheet]))
        header = next((cells for number, cells in rows if number == 3), [])
        for position, column in enumerate(table.columns):
            found = header[position].text if position < len(header) else None
            if found is None or found.split("\n")[-1].strip() != column.key:
                ref = f"{chr(ord('A') + position)}3"
                self.problem(
                    table.sheet,
                    ref,
                    f"the header should be {column.ja} / {column.key}, but is {found!r}; "
                    "columns must not be moved or inserted",
                )
        for number, cells in rows:
            if number < FIRST_ROW - 1 or (cells and cells[0].text == EXAMPLE):
                continue
            if number < FIRST_ROW and table is not PLAN:
                continue
            entry = {
                column.key: cells[i] for i, column in enumerate(table.columns) if i < len(cells)
            }
            entry["_extra"] = _Cell("", cells[len(table.columns) :])
            if any(cell.value is not None for cell in cells):
                yield number, entry

    def plan_sheet(self, workbook: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        keys = {key for key, _, _ in PLAN_ROWS}
        for _, entry in self.table(workbook, PLAN):
            key_cell, value = entry.get("key"), entry.get("value")
            key = key_cell.text if key_cell else None
            if key is None or key not in keys:
                if key is not None and value is not None and value.value is not None:
                    self.problem(
                        PLAN.sheet, key_cell.ref if key_cell else "B", f"unknown key {key!r}"
                    )
                continue
            assert value is not None
            path = key
            self.at(path, PLAN.sheet, value.ref)
            self.at(key.partition(".")[0], PLAN.sheet, value.ref)
            if value.text is None:
                continue
            if key == "footnotes":
                data["footnotes"] = [line for line in value.text.split("\n") if line.strip()]
                continue
            head, _, tail = key.partition(".")
            if tail:
                data.setdefault(head, {})[tail] = value.text
            else:
                data[key] = value.text
        for required in ("title", "organization"):
            if required not in data:
                self._missing(PLAN.sheet, self.cells.get(required), required)
                data[required] = _PLACEHOLDER
        for required in ("period.first", "period.last"):
            if required.partition(".")[2] not in data.get("period", {}):
                self._missing(PLAN.sheet, self.cells.get(required), f"the {required}")
        self.era = data.get("default_era")
        return data

    def _missing(self, sheet: str, where: str | None, what: str) -> None:
        ref = (where or f"{sheet}!A1").partition("!")[2]
        self.problem(sheet, ref, f"{what} is required but the cell is empty")

    def _text(self, entry: Mapping[str, _Cell], key: str, sheet: str, path: str) -> str | None:
        cell = entry.get(key)
        if cell is None:
            return None
        self.at(f"{path}.{key}", sheet, cell.ref)
        return cell.text

    def _required(self, entry: Mapping[str, _Cell], key: str, sheet: str, path: str) -> str:
        text = self._text(entry, key, sheet, path)
        if text is None:
            cell = entry.get(key)
            self.problem(
                sheet, cell.ref if cell else "A1", f"{key} is required but the cell is empty"
            )
            return _PLACEHOLDER
        return text

    def _word(
        self, entry: Mapping[str, _Cell], key: str, kind: Any, sheet: str, path: str
    ) -> str | None:
        text = self._text(entry, key, sheet, path)
        if text is None:
            return None
        try:
            return str(parse_label(kind, text).value)
        except ValueError as exc:
            self.problem(sheet, entry[key].ref, str(exc))
            return None

    def tree_sheet(self, workbook: Any) -> list[dict[str, Any]]:
        csfs: dict[str, dict[str, Any]] = {}
        for number, entry in self.table(workbook, TREE):
            kind = entry["kind"].text if "kind" in entry else None
            code = self._required(entry, "csf", TREE.sheet, "")
            if kind == "CSF":
                if code in csfs:
                    self.problem(TREE.sheet, entry["csf"].ref, f"the CSF {code} is written twice")
                    continue
                path = f"csfs[{code}]"
                self.at(path, TREE.sheet, f"A{number}")
                self.at(f"{path}.code", TREE.sheet, entry["csf"].ref)
                csfs[code] = {
                    "code": code,
                    "title": self._required(entry, "title", TREE.sheet, path),
                }
            elif kind == MEASURE:
                if code not in csfs:
                    self.problem(
                        TREE.sheet,
                        entry["csf"].ref,
                        f"the CSF {code} has no row above this measure; add its CSF row first",
                    )
                    continue
                identifier = self._required(entry, "id", TREE.sheet, "")
                path = f"csfs[{code}].measures[{identifier}]"
                self.at(path, TREE.sheet, f"C{number}")
                measure: dict[str, Any] = {
                    "id": identifier,
                    "title": self._required(entry, "title", TREE.sheet, path),
                }
                for key in ("description", "deadline", "target_statement"):
                    text = self._text(entry, key, TREE.sheet, path)
                    if text is not None:
                        measure[key] = text
                links = self._text(entry, "indicators", TREE.sheet, path)
                if links:
                    measure["indicators"] = list(split_list(links))
                csfs[code].setdefault("measures", []).append(measure)
            else:
                ref = entry["kind"].ref if "kind" in entry else f"A{number}"
                self.problem(TREE.sheet, ref, f"区分 must be CSF or {MEASURE}, but was {kind!r}")
        return list(csfs.values())

    def indicator_sheet(
        self, workbook: Any, data: dict[str, Any], csfs: list[dict[str, Any]]
    ) -> None:
        by_code = {csf["code"]: csf for csf in csfs}
        years: list[tuple[str, str] | None] = []
        for number, entry in self.table(workbook, INDICATORS):
            extra: list[_Cell] = entry["_extra"].value  # type: ignore[assignment]
            if number == FIRST_ROW - 1 or number == 3:
                continue
            if not years:
                years = self._years(workbook)
            kind = self._required(entry, "kind", INDICATORS.sheet, "")
            identifier = self._required(entry, "id", INDICATORS.sheet, "")
            # The loader names an indicator by its code (its id when it has none).
            name = entry["code"].text if "code" in entry and entry["code"].text else identifier
            if kind == "KGI":
                path, owner = f"kgis[{name}]", data.setdefault("kgis", [])
            elif kind in by_code:
                path = f"csfs[{kind}].indicators[{name}]"
                owner = by_code[kind].setdefault("indicators", [])
            else:
                self.problem(
                    INDICATORS.sheet,
                    entry["kind"].ref,
                    f"区分 must be KGI or the code of a CSF on the {TREE.sheet} sheet "
                    f"({', '.join(by_code) or 'none yet'}), but was {kind!r}",
                )
                continue
            self.at(path, INDICATORS.sheet, entry["id"].ref)
            owner.append(self._indicator(entry, path, identifier, extra, years))

    def _years(self, workbook: Any) -> list[tuple[str, str] | None]:
        """The fiscal year of each target column (None where the header is no year)."""
        header = next(
            (cells for number, cells in _rows(workbook[INDICATORS.sheet]) if number == 3), []
        )
        years: list[tuple[str, str] | None] = []
        for cell in header[len(INDICATORS.columns) :]:
            if cell.text is None:
                break
            text = cell.text.split("\n")[-1].strip()
            try:
                years.append((FiscalYear.parse(text, default_era=self.era).canonical(), cell.ref))
            except FiscalYearError as exc:
                self.problem(
                    INDICATORS.sheet, cell.ref, f"the header should be a fiscal year: {exc}"
                )
                years.append(None)
        return years

    def _indicator(
        self,
        entry: Mapping[str, _Cell],
        path: str,
        identifier: str,
        extra: list[_Cell],
        years: list[tuple[str, str] | None],
    ) -> dict[str, Any]:
        sheet = INDICATORS.sheet
        indicator: dict[str, Any] = {"id": identifier}
        for key in ("code", "unit"):
            text = self._text(entry, key, sheet, path)
            if text is not None:
                indicator[key] = text
        if "unit" in indicator:
            try:
                check_unit(indicator["unit"])
            except (KpiplanError, ValueError) as exc:
                self.problem(sheet, entry["unit"].ref, str(exc))
                self.bad_units.add(path)
        indicator["name"] = self._required(entry, "name", sheet, path)
        divisions = self._required(entry, "divisions", sheet, path)
        indicator["divisions"] = list(split_list(divisions)) or [_PLACEHOLDER]
        for key, kind in (("direction", Direction), ("accumulation", Accumulation)):
            word = self._word(entry, key, kind, sheet, path)
            if word is not None:
                indicator[key] = word
        for part in ("baseline", "goal"):
            year = self._text(entry, f"{part}.year", sheet, path)
            value = entry.get(f"{part}.value")
            if year is None and (value is None or value.value is None):
                continue
            self.at(f"{path}.{part}", sheet, entry[f"{part}.year"].ref)
            if year is None:
                self._missing(sheet, f"{sheet}!{entry[f'{part}.year'].ref}", f"the {part}'s year")
                continue
            indicator[part] = {"year": year}
            if value is not None and value.value is not None:
                self.at(f"{path}.{part}.value", sheet, value.ref)
                if _numeric(value.value):
                    key = "value"
                else:
                    key = "text" if part == "baseline" else "statement"
                indicator[part][key] = value.text
        targets = self._targets(path, extra, years)
        if targets:
            indicator["targets"] = targets
        return indicator

    def _targets(
        self, path: str, extra: list[_Cell], years: list[tuple[str, str] | None]
    ) -> dict[str, Any]:
        targets: dict[str, Any] = {}
        spanning: dict[str, Any] | None = None
        for cell, year in zip(extra, years, strict=False):
            if year is None or cell.value is None:
                spanning = None
                continue
            key = year[0]
            self.at(f"{path}.targets[{key}]", INDICATORS.sheet, cell.ref)
            if cell.text in DITTO:
                if spanning is None:
                    self.problem(
                        INDICATORS.sheet,
                        cell.ref,
                        f"{cell.text} repeats the target to its left, but that is no stage "
                        "or statement; write the target itself",
                    )
                else:
                    spanning["through"] = key
                continue
            text = cell.text or ""
            if _numeric(cell.value):
                targets[key], spanning = {"value": text}, None
            elif text in DEFAULT_STAGE_LADDER:
                targets[key] = spanning = {"stage": text}
            else:
                targets[key] = spanning = {"statement": text}
        return targets

    def budget_sheet(self, workbook: Any) -> list[dict[str, Any]]:
        budgets: dict[str, dict[str, Any]] = {}
        sheet = BUDGETS.sheet
        for number, entry in self.table(workbook, BUDGETS):
            year_text = self._required(entry, "year", sheet, "")
            try:
                year = FiscalYear.parse(year_text, default_era=self.era).canonical()
            except FiscalYearError as exc:
                self.problem(sheet, entry["year"].ref, str(exc))
                continue
            path = f"budgets[{year}]"
            budget = budgets.get(year)
            if budget is None:
                budget = budgets[year] = {"year": year_text, "lines": []}
                self.at(path, sheet, f"C{number}")
                self.at(f"{path}.total", sheet, f"C{number}")
                for key in ("unit", "basis"):
                    text = self._text(entry, key, sheet, path)
                    if text is not None:
                        budget[key] = text
                status = self._word(entry, "status", BudgetStatus, sheet, path)
                if status is not None:
                    budget["status"] = status
            amount = entry.get("amount")
            name = entry["name"].text if "name" in entry else None
            if amount is None or amount.value is None:
                self.problem(sheet, amount.ref if amount else f"C{number}", "the amount is empty")
                continue
            if name is None and not budget["lines"] and "total" not in budget:
                budget["total"] = amount.text
                continue
            line_path = f"{path}.lines[{name}]"
            self.at(line_path, sheet, entry["name"].ref if "name" in entry else f"B{number}")
            self.at(f"{line_path}.amount", sheet, amount.ref)
            line: dict[str, Any] = {"name": name or _PLACEHOLDER, "amount": amount.text}
            if name is None:
                self._missing(sheet, f"{sheet}!B{number}", "the line's name")
            links = self._text(entry, "links", sheet, line_path)
            if links:
                line["links"] = list(split_list(links))
            budget["lines"].append(line)
        return [self._total(budget) for budget in budgets.values()]

    def _total(self, budget: dict[str, Any]) -> dict[str, Any]:
        if not budget["lines"]:
            del budget["lines"]
            budget.setdefault("total", "0")
            return budget
        unit = budget.get("unit", "千円")
        total = sum((_amount(line["amount"], unit) for line in budget["lines"]), Decimal(0))
        budget["total"] = format(total, "f")
        return budget

    # -- the plan -----------------------------------------------------------------------

    def load(self, data: dict[str, Any], source: str) -> Plan:
        """The plan from ``data``; the loader's problems at their cells, with the reader's."""
        text = json.dumps(data, ensure_ascii=False)
        try:
            plan = loads(text, "json", source=source)
        except ValidationError as error:
            named = {problem.path for problem in self.problems}
            for problem in error.problems:
                if "unknown unit" in problem.message and any(
                    problem.path.startswith(f"{path}.") for path in self.bad_units
                ):
                    continue
                cell = self.cell_of(problem.path) or problem.path
                if cell not in named:
                    self.problems.append(Problem(cell, problem.message))
            raise ValidationError(self.problems, source=source) from None
        if self.problems:
            raise ValidationError(self.problems, source=source)
        return plan


#: A number with at most a short unit after it, even a mistyped one (1,80件): read as
#: a number, so that the loader names the mistake instead of taking it for words.
_NUMBER_LIKE = re.compile(r"[+\-−△▲]?[\d.,\s]*\d[\d.,\s]*\S{0,4}")


def _numeric(value: object) -> bool:
    """Whether a cell holds a number, or text that is one (1,800件, △3, ９５％)."""
    if isinstance(value, Decimal):
        return True
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return _NUMBER_LIKE.fullmatch(text) is not None


def _amount(text: str, unit: str) -> Decimal:
    """A line's amount in the budget's unit; 0 when it is unreadable (reported at its cell)."""
    from kpiplan import parse_amount

    try:
        return parse_amount(text, unit=unit).value
    except (KpiplanError, ValueError):
        return Decimal(0)


def read_draft_workbook(workbook: Any, source: str) -> Plan:
    """Read an opened draft workbook as a plan.

    Args:
        workbook: The workbook, opened by openpyxl (read-only is fine).
        source: The file's name, for messages.

    Returns:
        The plan it describes.

    Raises:
        ValidationError: Every problem, each at its cell (``指標!F12``).
    """
    reading = _Reading()
    data = reading.plan_sheet(workbook)
    csfs = reading.tree_sheet(workbook)
    reading.indicator_sheet(workbook, data, csfs)
    if csfs:
        data["csfs"] = csfs
    budgets = reading.budget_sheet(workbook)
    if budgets:
        data["budgets"] = budgets
    return reading.load(data, source)
