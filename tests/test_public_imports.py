"""The exporters, examples, benchmarks and docs use kpiplan's public names only.

A third party writes exporters with what ``kpiplan`` and ``kpiplan_exporters``
export; ours are written the same way, so that whatever they need is public,
documented and kept stable. Imports are found by parsing (``ast``), not by
searching text, so an import split over lines or made inside a function counts.
"""

from __future__ import annotations

import ast
import doctest
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kpiplan
import kpiplan_exporters

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        *(ROOT / "src" / "kpiplan_exporters").rglob("*.py"),
        *(ROOT / "examples").rglob("*.py"),
        *(ROOT / "benchmarks").rglob("*.py"),
    ]
)
PAGES = sorted(
    [*ROOT.glob("docs/*.md"), *ROOT.glob("README*.md"), *(ROOT / "examples").rglob("*.md")]
)


def private_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Line and dotted name of every import of a private kpiplan module or name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _private(alias.name):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _private(node.module):
                yield node.lineno, node.module
            elif node.module == "kpiplan":
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "__version__":
                        yield node.lineno, f"kpiplan.{alias.name}"
        elif isinstance(node, ast.Call) and _is_import_call(node):
            for argument in node.args[:1]:
                value = argument.value if isinstance(argument, ast.Constant) else None
                if isinstance(value, str) and _private(value):
                    yield node.lineno, value


def _private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "kpiplan" and any(part.startswith("_") for part in parts[1:])


def _is_import_call(node: ast.Call) -> bool:
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name in ("import_module", "__import__", "find_spec")


def _code_of_page(page: Path) -> Iterator[tuple[str, str]]:
    """Each Python snippet of a page (doctest examples and ```python blocks)."""
    text = page.read_text("utf-8")
    for example in doctest.DocTestParser().get_examples(text):
        yield f"line {example.lineno + 1}", example.source
    for match in re.finditer(r"```python\n(.*?)```", text, re.S):
        if ">>>" not in match.group(1):
            yield f"line {text.count(chr(10), 0, match.start()) + 2}", match.group(1)


class TestPublicImportsOnly:
    @pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
    def test_module(self, path: Path) -> None:
        """The module imports no private kpiplan module or name."""
        tree = ast.parse(path.read_text("utf-8"), str(path))
        assert list(private_imports(tree)) == []

    @pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
    def test_docs_page(self, page: Path) -> None:
        """The page's code imports no private kpiplan module or name."""
        found = [
            (where, name)
            for where, code in _code_of_page(page)
            for _, name in private_imports(ast.parse(code))
        ]
        assert found == []

    def test_sources_found(self) -> None:
        """The modules and pages checked are where this test looks for them."""
        names = {path.name for path in SOURCES}
        assert {"xlsx.py", "pdf.py", "json.py", "analysis.py", "bench.py"} <= names
        assert any(page.name == "writing-an-exporter.md" for page in PAGES)


class TestDetector:
    @pytest.mark.parametrize(
        "code",
        [
            "from kpiplan._model import Plan",
            "import kpiplan._units",
            "def f():\n    from kpiplan._export import (\n        ExportJob,\n    )",
            "from kpiplan import _model",
            "importlib.import_module('kpiplan._attainment')",
            "from kpiplan.grading._judge import judge",
        ],
    )
    def test_private_found(self, code: str) -> None:
        """Every way of reaching a private kpiplan module is caught."""
        assert list(private_imports(ast.parse(code)))

    @pytest.mark.parametrize(
        "code",
        [
            "from kpiplan import Plan, __version__",
            "import kpiplan",
            "from kpiplan_exporters._xlsx import layout",
            "from kpiplan.vocabulary import label",
        ],
    )
    def test_public_allowed(self, code: str) -> None:
        """Public kpiplan names and the exporters' own private modules are allowed."""
        assert list(private_imports(ast.parse(code))) == []


class TestWhatExportersNeedIsPublic:
    def test_kpiplan_exports(self) -> None:
        """What the built-in exporters needed from private modules has a public name."""
        needed = {
            "EXPORTER_GROUP",
            "MAX_SIGNIFICANT_DIGITS",
            "ExportJob",
            "Exporter",
            "ExporterEntry",
            "ExporterError",
            "ExporterNotFoundError",
            "current_limits",
            "exporter_entries",
            "exporter_names",
            "format_amount",
            "get_exporter",
            "is_money",
            "make_exporter",
            "refresh_exporters",
            "to_data",
            "unit_kind",
        }
        assert needed <= set(kpiplan.__all__)
        for name in needed:
            assert getattr(kpiplan, name) is not None

    def test_registry_short_names(self) -> None:
        """kpiplan_exporters keeps its short names for the same registry."""
        assert kpiplan_exporters.get is kpiplan.get_exporter
        assert kpiplan_exporters.available is kpiplan.exporter_names
        assert kpiplan_exporters.entries is kpiplan.exporter_entries
        assert kpiplan_exporters.refresh is kpiplan.refresh_exporters
        assert kpiplan_exporters.GROUP == kpiplan.EXPORTER_GROUP == "kpiplan.exporters"

    def test_to_data_is_what_dumps_writes(self) -> None:
        """kpiplan.to_data gives the dict kpiplan.dumps writes as JSON."""
        import json

        from kpiplan_exporters.testing import sample_plan

        plan = sample_plan()
        assert json.loads(kpiplan.dumps(plan)) == kpiplan.to_data(plan)
        assert next(iter(kpiplan.to_data(plan))) == "schema_version"
