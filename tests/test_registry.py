"""The exporter registry: lazy, isolated from broken plugins, strict about options.

Plugins here are real: each test writes a distribution (``*.dist-info`` with an
``entry_points.txt``) and its modules into a temporary folder on ``sys.path``, so
``importlib.metadata`` discovers them exactly as it would an installed package.
"""

from __future__ import annotations

import ast
import importlib
import io
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kpiplan_exporters
from kpiplan._export import export
from kpiplan_exporters import ExporterError, ExporterNotFoundError, ExportJob
from kpiplan_exporters.json import JsonExporter
from kpiplan_exporters.testing import sample_plan

_GOOD = """
import attrs
from typing import ClassVar

@attrs.frozen(kw_only=True)
class {cls}:
    name: ClassVar[str] = "{name}"
    extension: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "plain text"
    requires: ClassVar[tuple[str, ...]] = {requires!r}
    extra: ClassVar[str] = "fancy"

    def write(self, job, stream):
        stream.write(job.plan.title.encode("utf-8"))
"""


class Plugins:
    """Writes fake installed distributions with exporter entry points."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.modules: list[str] = []

    def distribution(self, dist: str, entry_points: dict[str, str]) -> None:
        """Install a distribution named ``dist`` registering ``entry_points``."""
        info = self.folder / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", "utf-8"
        )
        lines = [f"{name} = {target}" for name, target in entry_points.items()]
        (info / "entry_points.txt").write_text(
            "[kpiplan.exporters]\n" + "\n".join(lines) + "\n", "utf-8"
        )
        kpiplan_exporters.refresh()

    def module(self, name: str, source: str) -> None:
        """Write a module the entry points can point to."""
        (self.folder / f"{name}.py").write_text(textwrap.dedent(source), "utf-8")
        self.modules.append(name)
        importlib.invalidate_caches()


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugins]:
    """A folder on sys.path for fake plugins; the registry forgets them afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    fake = Plugins(tmp_path)
    yield fake
    for name in fake.modules:
        sys.modules.pop(name, None)
    monkeypatch.undo()
    kpiplan_exporters.refresh()


def entry(name: str, dist: str) -> kpiplan_exporters.ExporterEntry:
    """The registry's entry for ``name`` from distribution ``dist``."""
    found = [e for e in kpiplan_exporters.entries() if e.name == name and e.distribution == dist]
    assert len(found) == 1, kpiplan_exporters.entries()
    return found[0]


class TestBrokenPlugins:
    """A broken plugin is listed with its reason; the others keep working."""

    def test_import_error(self, plugins: Plugins) -> None:
        """A plugin whose module cannot be imported is broken, naming its package."""
        plugins.module("fake_missing_dep", "import no_such_module_kpiplan\n")
        plugins.distribution("fake-a", {"broken": "fake_missing_dep:Exporter"})
        found = entry("broken", "fake-a")
        assert not found.ok
        assert "cannot be imported" in (found.reason or "")
        assert "no_such_module_kpiplan" in (found.reason or "")
        assert "reinstall fake-a" in (found.reason or "")
        assert "broken" in kpiplan_exporters.available()
        assert kpiplan_exporters.get("json").name == "json"

    def test_raises_while_loading(self, plugins: Plugins) -> None:
        """An exception at import time is caught and reported with its type."""
        plugins.module("fake_raises", "raise RuntimeError('boom at import')\n")
        plugins.distribution("fake-a", {"raiser": "fake_raises:Exporter"})
        found = entry("raiser", "fake-a")
        assert found.reason == "failed while loading: RuntimeError: boom at import"
        with pytest.raises(ExporterError, match="boom at import") as caught:
            kpiplan_exporters.get("raiser")
        assert caught.value.distribution == "fake-a"

    def test_not_a_class(self, plugins: Plugins) -> None:
        """An entry point naming a function is refused."""
        plugins.module("fake_function", "def Exporter():\n    return None\n")
        plugins.distribution("fake-a", {"func": "fake_function:Exporter"})
        assert "is a function, not an exporter class" in (entry("func", "fake-a").reason or "")

    def test_lacks_attributes(self, plugins: Plugins) -> None:
        """A class without the contract's attributes is refused, naming what it lacks."""
        plugins.module("fake_bare", "class Exporter:\n    name = 'bare'\n")
        plugins.distribution("fake-a", {"bare": "fake_bare:Exporter"})
        reason = entry("bare", "fake-a").reason or ""
        assert "lacks extension, media_type, description, write" in reason

    def test_name_mismatch(self, plugins: Plugins) -> None:
        """A class whose ``name`` differs from its entry point's is refused."""
        plugins.module("fake_named", _GOOD.format(cls="Exporter", name="other", requires=()))
        plugins.distribution("fake-a", {"mine": "fake_named:Exporter"})
        assert "calls itself 'other'" in (entry("mine", "fake-a").reason or "")

    def test_clash_with_builtin(self, plugins: Plugins) -> None:
        """A plugin reusing a built-in's name is broken; the built-in still wins."""
        plugins.module("fake_json", _GOOD.format(cls="Exporter", name="json", requires=()))
        plugins.distribution("fake-a", {"json": "fake_json:Exporter"})
        clash = entry("json", "fake-a")
        assert not clash.ok
        assert "also registered by kpiplan" in (clash.reason or "")
        assert entry("json", "kpiplan").ok
        assert kpiplan_exporters.get("json").__module__ == "kpiplan_exporters.json"

    def test_clash_between_plugins(self, plugins: Plugins) -> None:
        """Two plugins with one name are both broken, each naming the other."""
        plugins.module("fake_one", _GOOD.format(cls="Exporter", name="twin", requires=()))
        plugins.module("fake_two", _GOOD.format(cls="Exporter", name="twin", requires=()))
        plugins.distribution("fake-a", {"twin": "fake_one:Exporter"})
        plugins.distribution("fake-b", {"twin": "fake_two:Exporter"})
        first, second = entry("twin", "fake-a"), entry("twin", "fake-b")
        assert not first.ok
        assert not second.ok
        assert "fake-b" in (first.reason or "")
        assert "fake-a" in (second.reason or "")
        with pytest.raises(ExporterError, match="twin"):
            kpiplan_exporters.get("twin")

    def test_missing_requirement(self, plugins: Plugins) -> None:
        """A plugin needing an absent module says which extra to install."""
        plugins.module(
            "fake_needs",
            _GOOD.format(cls="Exporter", name="needs", requires=("no_such_module_kpiplan",)),
        )
        plugins.distribution("fake-a", {"needs": "fake_needs:Exporter"})
        reason = entry("needs", "fake-a").reason or ""
        assert reason == 'needs the no_such_module_kpiplan package: pip install "fake-a[fancy]"'

    def test_broken_listed_with_others(self, plugins: Plugins) -> None:
        """Every broken kind at once: listing works and the good plugin still exports."""
        plugins.module("fake_raises", "raise ValueError('x')\n")
        plugins.module("fake_good", _GOOD.format(cls="Exporter", name="good", requires=()))
        plugins.distribution(
            "fake-a", {"raiser": "fake_raises:Exporter", "good": "fake_good:Exporter"}
        )
        states = {e.name: e.ok for e in kpiplan_exporters.entries()}
        assert states["raiser"] is False
        assert states["good"] is True
        assert states["json"] is True
        stream = io.BytesIO()
        kpiplan_exporters.make_exporter("good").write(ExportJob(sample_plan()), stream)
        assert stream.getvalue() == sample_plan().title.encode("utf-8")

    def test_refresh_finds_new_plugin(self, plugins: Plugins) -> None:
        """A plugin installed after the first lookup is found after ``refresh()``."""
        assert "late" not in kpiplan_exporters.available()
        plugins.module("fake_late", _GOOD.format(cls="Exporter", name="late", requires=()))
        plugins.distribution("fake-a", {"late": "fake_late:Exporter"})
        assert "late" in kpiplan_exporters.available()


class TestAtomicExport:
    """An exporter that fails halfway leaves no file and keeps the previous one."""

    source = """
    import attrs
    from typing import ClassVar

    @attrs.frozen(kw_only=True)
    class Exporter:
        name: ClassVar[str] = "halfway"
        extension: ClassVar[str] = ".txt"
        media_type: ClassVar[str] = "text/plain"
        description: ClassVar[str] = "fails after writing a little"

        def write(self, job, stream):
            stream.write(b"half of it")
            raise RuntimeError("disk full, say")
    """

    def test_new_file_not_created(self, plugins: Plugins, tmp_path: Path) -> None:
        """No output and no temporary file remain after a failure."""
        plugins.module("fake_halfway", self.source)
        plugins.distribution("fake-a", {"halfway": "fake_halfway:Exporter"})
        out = tmp_path / "out"
        out.mkdir()
        with pytest.raises(RuntimeError, match="disk full"):
            export(sample_plan(), "halfway", out / "plan.txt")
        assert list(out.iterdir()) == []

    def test_previous_file_untouched(self, plugins: Plugins, tmp_path: Path) -> None:
        """A good file from before is left byte for byte as it was."""
        plugins.module("fake_halfway", self.source)
        plugins.distribution("fake-a", {"halfway": "fake_halfway:Exporter"})
        out = tmp_path / "out"
        out.mkdir()
        previous = out / "plan.txt"
        previous.write_bytes(b"the good report")
        with pytest.raises(RuntimeError):
            export(sample_plan(), "halfway", previous)
        assert previous.read_bytes() == b"the good report"
        assert [p.name for p in out.iterdir()] == ["plan.txt"]


class TestLookup:
    """Looking exporters up by name."""

    def test_unknown_name(self) -> None:
        """An unknown name is a LookupError listing what is installed."""
        with pytest.raises(ExporterNotFoundError, match=r"installed: .*json") as caught:
            kpiplan_exporters.get("docx")
        assert isinstance(caught.value, LookupError)
        assert "json" in caught.value.known

    def test_builtins_registered_as_entry_points(self) -> None:
        """json is found through the entry-point group, from the kpiplan distribution."""
        found = entry("json", "kpiplan")
        assert found.target == "kpiplan_exporters.json:JsonExporter"
        assert {"json", "xlsx", "pdf"} <= set(kpiplan_exporters.available())

    def test_available_is_sorted(self) -> None:
        """Names are listed sorted, each once."""
        names = kpiplan_exporters.available()
        assert list(names) == sorted(set(names))


def json_exporter(**options: Any) -> JsonExporter:
    """The json exporter made by the registry from ``options``."""
    made = kpiplan_exporters.make_exporter("json", options)
    assert isinstance(made, JsonExporter)
    return made


class TestOptions:
    """Options given as text (from the command line) are converted or refused."""

    def test_bool_from_text(self) -> None:
        """``compact=true`` becomes True, ``compact=off`` False."""
        assert json_exporter(compact="true").compact is True
        assert json_exporter(compact="off").compact is False

    def test_bad_bool(self) -> None:
        """A word that is not true or false is refused with the option's name."""
        with pytest.raises(ExporterError, match="option compact takes true or false"):
            kpiplan_exporters.make_exporter("json", {"compact": "maybe"})

    def test_unknown_option_lists_options(self) -> None:
        """An unknown option is refused, listing the exporter's options."""
        with pytest.raises(ExporterError, match="unknown option indent; options: compact"):
            kpiplan_exporters.make_exporter("json", {"indent": "4"})

    def test_python_values_pass_through(self) -> None:
        """Values that are not text are given to the exporter unchanged."""
        assert json_exporter(compact=True).compact is True


class TestLaziness:
    """Listing exporters imports none of them, nor openpyxl, reportlab or pint."""

    @staticmethod
    def imported_after(code: str) -> list[str]:
        """Which heavy modules are imported after running ``code`` in a fresh Python."""
        heavy = ["kpiplan_exporters.json", "kpiplan_exporters.xlsx", "kpiplan_exporters.pdf"]
        heavy += ["openpyxl", "reportlab", "pint"]
        probe = f"{code}\nimport sys\nprint(sorted(m for m in {heavy!r} if m in sys.modules))"
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        )
        imported: list[str] = ast.literal_eval(result.stdout)
        return imported

    def test_available_imports_nothing(self) -> None:
        """``available()`` reads entry points only."""
        code = "import kpiplan_exporters\nassert kpiplan_exporters.available()"
        assert self.imported_after(code) == []

    def test_entries_import_no_third_party(self) -> None:
        """Loading every exporter class imports no openpyxl, reportlab or pint."""
        code = "import kpiplan_exporters\nkpiplan_exporters.entries()"
        imported = self.imported_after(code)
        assert not {"openpyxl", "reportlab", "pint"} & set(imported), imported
