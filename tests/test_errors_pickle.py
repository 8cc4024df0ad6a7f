"""Every exception kpiplan and kpiplan_exporters define survives pickling (process pools)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
import types
import typing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan
import kpiplan_exporters
from kpiplan import KpiplanError, PlanFileError, Problem, ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
_PACKAGES = ("kpiplan", "kpiplan_exporters")


def _modules() -> list[types.ModuleType]:
    found = [kpiplan, kpiplan_exporters]
    for package in found[:]:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith(".__main__"):
                continue  # runs the command line when imported
            found.append(importlib.import_module(info.name))
    return found


def _subclasses(cls: type[BaseException]) -> set[type[BaseException]]:
    direct = set(cls.__subclasses__())
    return direct.union(*(_subclasses(sub) for sub in direct))


def _exception_classes() -> list[type[BaseException]]:
    """Every exception class defined in kpiplan or kpiplan_exporters, private ones too."""
    found = _subclasses(KpiplanError) | {KpiplanError}
    for module in _modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseException):
                found.add(value)
    ours = {cls for cls in found if cls.__module__.partition(".")[0] in _PACKAGES}
    return sorted(ours, key=lambda cls: (cls.__module__, cls.__qualname__))


ERRORS = _exception_classes()

_TEXT = st.text(max_size=30)
_VALUE = st.one_of(
    _TEXT, st.integers(), st.decimals(allow_nan=False, allow_infinity=False, places=3)
)
_KNOWN: dict[Any, st.SearchStrategy[Any]] = {
    str: _TEXT,
    int: st.integers(min_value=1, max_value=10**6),
    object: _VALUE,
    tuple[str, ...]: st.lists(_TEXT, max_size=4).map(tuple),
    Iterable[Problem]: st.lists(st.builds(Problem, _TEXT, _TEXT), max_size=4),
}


def _for(annotation: Any) -> st.SearchStrategy[Any]:
    """Values for one ``__init__`` parameter, from its annotation."""
    if annotation in _KNOWN:
        return _KNOWN[annotation]
    options = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) and type(None) in options:
        rest = [option for option in options if option is not type(None)]
        return st.none() | st.one_of(*(_for(option) for option in rest))
    return st.from_type(annotation)


def _arguments(cls: type[BaseException]) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``cls``: from its own ``__init__``, or a builtin's message."""
    if not isinstance(cls.__init__, types.FunctionType):
        # The builtin __init__: a message, and ImportError's name and path.
        extra = {"name": st.none() | _TEXT, "path": st.none() | _TEXT}
        message = st.fixed_dictionaries({"message": _TEXT})
        if issubclass(cls, ImportError):
            return st.fixed_dictionaries({"message": _TEXT}, optional=extra)
        return message
    hints = typing.get_type_hints(cls.__init__)
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self":
            continue
        target = required if parameter.default is inspect.Parameter.empty else optional
        target[name] = _for(hints[name])
    return st.fixed_dictionaries(required, optional=optional)


def _make(cls: type[BaseException], kwargs: dict[str, Any]) -> BaseException:
    if "message" in kwargs:
        message = kwargs.pop("message")
        return cls(message, **kwargs)
    return cls(**kwargs)


def _same(copy: BaseException, original: BaseException) -> None:
    assert type(copy) is type(original)
    assert str(copy) == str(original)
    assert copy.args == original.args
    assert vars(copy) == vars(original)
    if isinstance(original, ImportError):
        assert isinstance(copy, ImportError)
        assert (copy.name, copy.path) == (original.name, original.path)


class TestDiscovery:
    """The property test sees every error class, so a new one is covered by itself."""

    def test_known_errors_found(self) -> None:
        """Each public error and the private ones are among the classes tested."""
        names = {cls.__name__ for cls in ERRORS}
        assert {
            "KpiplanError",
            "ValidationError",
            "PlanFileError",
            "FiscalYearError",
            "UnitError",
            "ExporterError",
            "ExporterNotFoundError",
            "MissingDependencyError",
            "UsageError",
            "_DuplicateKeyError",
        } <= names


class TestPickle:
    """pickle.loads(pickle.dumps(error)) gives an equal error."""

    @pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
    @given(data=st.data())
    def test_round_trip(self, cls: type[BaseException], data: st.DataObject) -> None:
        """Same type, message, args and attributes after a round trip, any protocol."""
        error = _make(cls, data.draw(_arguments(cls)))
        protocol = data.draw(st.integers(min_value=2, max_value=pickle.HIGHEST_PROTOCOL))
        _same(pickle.loads(pickle.dumps(error, protocol=protocol)), error)

    def test_validation_error_keeps_problems(self) -> None:
        """A ValidationError keeps its problems and source, so the CLI can list them."""
        error = ValidationError([Problem("kpis[0].unit", "unknown unit 'kg円'")], "plan.toml")
        copy = pickle.loads(pickle.dumps(error))
        assert isinstance(copy, ValidationError)
        assert copy.problems == error.problems
        assert copy.source == "plan.toml"

    def test_plan_file_error_keeps_place(self) -> None:
        """A PlanFileError keeps its file, line, column and reason."""
        copy = pickle.loads(pickle.dumps(PlanFileError("a.toml", "bad", line=3, column=7)))
        assert isinstance(copy, PlanFileError)
        assert (copy.source, copy.line, copy.column, copy.reason) == ("a.toml", 3, 7, "bad")
        assert str(copy) == "a.toml:3:7: bad"


def _title(path: str) -> str:
    return kpiplan.load(path).title


class TestProcessPool:
    """A pool loading many plans reports the bad ones and keeps the good ones."""

    def test_bad_plans_do_not_break_the_pool(self, tmp_path: Path) -> None:
        """A missing file and an invalid plan come back as their errors; the rest load."""
        invalid = tmp_path / "invalid.toml"
        invalid.write_text(
            EXAMPLE.read_text("utf-8").replace("total = 95027", "total = 95000", 1), "utf-8"
        )
        copy = tmp_path / "copy.json"
        kpiplan.dump(kpiplan.load(EXAMPLE), copy)
        paths = [str(EXAMPLE), str(tmp_path / "missing.toml"), str(invalid), str(copy)]
        with ProcessPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(_title, path) for path in paths]
            outcomes = [future.exception() or future.result() for future in futures]
        assert outcomes[0] == outcomes[3] == "デジタルとくしま推進プラン"
        assert isinstance(outcomes[1], PlanFileError)
        assert outcomes[1].source.endswith("missing.toml")
        assert isinstance(outcomes[2], ValidationError)
        assert outcomes[2].source == str(invalid)
        assert outcomes[2].problems
