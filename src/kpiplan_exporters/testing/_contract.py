"""The exporter contract: the tests every exporter, ours or a plugin's, must pass."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiplan import (
    Exporter,
    ExportJob,
    FiscalYear,
    Plan,
    export,
    exporter_entries,
    exporter_names,
    get_exporter,
    is_formula_like,
    make_exporter,
)
from kpiplan_exporters.testing._samples import HOSTILE_TEXTS, hostile_plan, sample_plan
from kpiplan_exporters.testing._strategies import plans

__all__ = ["ExporterContract"]


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


_WHITESPACE = re.compile(r"\s+")

#: Media types a spreadsheet opens as cells, and the character between cells.
_CELL_SEPARATORS = {"text/csv": ",", "text/tab-separated-values": "\t"}


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


class ExporterContract:
    """Tests every exporter must pass; subclass it and set :attr:`exporter_name`.

    Override :meth:`visible_text` when the output is not plain text or JSON, so the
    kit can check that text from a plan is shown literally; list the format's
    markup in :attr:`forbidden_markup`. Output a spreadsheet opens as cells (CSV,
    TSV) is checked for cells a spreadsheet would run as formulas; override
    :meth:`cells` for another such format.
    """

    exporter_name: ClassVar[str]
    """The entry-point name of the exporter under test, e.g. ``"markdown"``."""
    options: ClassVar[Mapping[str, Any]] = {}
    """Options the tests write with (the defaults are tested too)."""
    forbidden_markup: ClassVar[tuple[str, ...]] = ()
    """Fragments of :data:`HOSTILE_TEXTS` that must never appear raw in the output,
    because the format would read them as markup (e.g. ``"<b>"`` for Markdown)."""
    model_parts: ClassVar[bool] = False
    """Whether generated plans include other governments' plan parts (series, target
    kinds, revisions, years as written: ``plans(model_parts=True)``); set it once the
    exporter shows them."""

    def visible_text(self, output: bytes) -> str | None:
        """The text a reader of the output sees, or None when the kit cannot tell.

        The default reads JSON (every string in it) and ``text/*`` output (the
        UTF-8 text). Override it for binary formats (a workbook's string cells, a
        PDF's extracted text) or to undo a format's escaping.

        Args:
            output: What the exporter wrote.

        Returns:
            The visible text, or None to skip the literal-text test.
        """
        media_type = self.exporter.media_type
        if media_type == "application/json" or media_type.endswith("+json"):
            return "\n".join(_strings(json.loads(output)))
        if media_type.startswith("text/"):
            return output.decode("utf-8")
        return None

    def cells(self, output: bytes) -> list[str] | None:
        """Every cell of output a spreadsheet opens, or None for other formats.

        The default splits ``text/csv`` and ``text/tab-separated-values`` output
        (UTF-8, a BOM allowed) with :mod:`csv`. Override it for a format of your
        own that spreadsheets open as cells.

        Args:
            output: What the exporter wrote.

        Returns:
            The cells' texts, or None to skip the formula test.
        """
        media_type = self.exporter.media_type.split(";")[0].strip()
        separator = _CELL_SEPARATORS.get(media_type)
        if separator is None:
            return None
        rows = csv.reader(io.StringIO(output.decode("utf-8-sig")), delimiter=separator)
        return [cell for row in rows for cell in row]

    # -- helpers --------------------------------------------------------------

    @property
    def exporter(self) -> type[Exporter]:
        """The exporter class, found through the registry."""
        return get_exporter(self.exporter_name)

    def render(self, plan: Plan, **options: Any) -> bytes:
        """The bytes the exporter writes for ``plan`` with :attr:`options`.

        Args:
            plan: The plan to write.
            **options: Options overriding :attr:`options`.

        Returns:
            The output.
        """
        exporter = make_exporter(self.exporter_name, {**self.options, **options})
        stream = io.BytesIO()
        exporter.write(ExportJob(plan), stream)
        return stream.getvalue()

    # -- registration ---------------------------------------------------------

    def test_registered(self) -> None:
        """The exporter is registered under its name and loads through the registry."""
        assert self.exporter_name in exporter_names()
        mine = [entry for entry in exporter_entries() if entry.name == self.exporter_name]
        assert mine, f"no entry point named {self.exporter_name!r}"
        assert all(entry.ok for entry in mine), [entry.reason for entry in mine]
        assert isinstance(self.exporter, type)

    def test_class_attributes(self) -> None:
        """Name, extension, media type and description are well-formed."""
        cls = self.exporter
        assert cls.name == self.exporter_name
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", cls.name), cls.name
        assert cls.extension.startswith("."), cls.extension
        assert len(cls.extension) > 1
        assert "/" in cls.media_type, cls.media_type
        assert cls.description.strip(), "description is empty"
        assert "\n" not in cls.description.strip(), "description is one line"
        requires = getattr(cls, "requires", ())
        assert isinstance(requires, tuple)
        assert all(isinstance(module, str) for module in requires)

    def test_defaults_work(self) -> None:
        """``Exporter()`` works: every option has a default."""
        exporter = self.exporter()
        assert isinstance(exporter, Exporter)
        assert callable(exporter.write)

    def test_options_are_keyword_fields(self) -> None:
        """Options are keyword-only attrs fields with defaults, so text options convert."""
        cls = self.exporter
        if not attrs.has(cls):
            pytest.skip("not an attrs class; options are its __init__ keywords")
        for field in attrs.fields(cls):
            assert field.kw_only, f"option {field.name} must be keyword-only"
            assert field.default is not attrs.NOTHING, f"option {field.name} needs a default"
        make_exporter(self.exporter_name, self.options)

    def test_module_import_is_light(self) -> None:
        """Importing the exporter's module imports none of the packages it requires."""
        cls = self.exporter
        heavy = sorted({*getattr(cls, "requires", ()), "openpyxl", "reportlab"})
        code = textwrap.dedent(
            f"""
            import sys
            import {cls.__module__}
            print(sorted(m for m in {heavy!r} if m in sys.modules))
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]", (
            f"importing {cls.__module__} imported {result.stdout.strip()}; "
            "import them inside write() instead"
        )

    # -- writing --------------------------------------------------------------

    def test_sample_plan(self) -> None:
        """The representative plan is written, non-empty, with defaults and options."""
        plan = sample_plan()
        assert self.render(plan)
        stream = io.BytesIO()
        self.exporter().write(ExportJob(plan), stream)
        assert stream.getvalue()

    def test_deterministic(self) -> None:
        """The same plan gives the same bytes, also from a fresh job and exporter."""
        plan = sample_plan()
        assert self.render(plan) == self.render(plan)

    def test_as_of_accepted(self) -> None:
        """A job standing at an earlier fiscal year is written too."""
        exporter = make_exporter(self.exporter_name, self.options)
        stream = io.BytesIO()
        exporter.write(ExportJob(sample_plan(), as_of=FiscalYear(2021)), stream)
        assert stream.getvalue()

    # Every subclass runs this one test function; that is the point of a kit, and
    # any generated plan is valid input for every exporter, so examples replayed
    # from the database of another subclass test nothing wrong.
    @settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(data=st.data())
    def test_generated_plans(self, data: st.DataObject) -> None:
        """Any valid plan is written without error, and twice gives the same bytes."""
        plan = data.draw(plans(model_parts=self.model_parts), label="plan")
        first = self.render(plan)
        assert first
        assert self.render(plan) == first

    def test_text_is_literal(self) -> None:
        """Markup and formulas in a plan's text are shown as written, never interpreted."""
        output = self.render(hostile_plan())
        raw = output.decode("utf-8", errors="replace")
        for fragment in self.forbidden_markup:
            assert fragment not in raw, f"{fragment!r} is unescaped in the output"
        visible = self.visible_text(output)
        if visible is None:
            pytest.skip("override visible_text() to check how plan text is shown")
        squeezed = _WHITESPACE.sub("", visible)
        missing = [t for t in HOSTILE_TEXTS if _WHITESPACE.sub("", t) not in squeezed]
        assert not missing, f"not shown literally: {missing}"

    def test_no_formula_cells(self) -> None:
        """No cell of CSV-like output starts with = + - @, a tab or a CR (bar numbers).

        A spreadsheet opening the file would run such a cell as a formula (OWASP,
        "CSV Injection"); ``kpiplan_exporters.neutralise_formula`` guards one.
        """
        cells = self.cells(self.render(hostile_plan()))
        if cells is None:
            pytest.skip("not a format a spreadsheet opens as cells; override cells()")
        dangerous = [c for c in cells if is_formula_like(c) and not _is_number(c)]
        assert not dangerous, f"cells a spreadsheet would run as formulas: {dangerous}"

    def test_export_is_atomic(self, tmp_path: Path) -> None:
        """``kpiplan.export`` writes the same bytes to a file and leaves no temporary file."""
        plan = sample_plan()
        target = tmp_path / f"plan{self.exporter.extension}"
        target.write_bytes(b"previous")
        written = export(plan, self.exporter_name, target, **self.options)
        assert written == target
        assert target.read_bytes() == self.render(plan)
