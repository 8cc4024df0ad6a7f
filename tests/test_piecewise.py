"""A JSON plan read piecewise gives what the whole tree gives (issue #16, memory).

``kpiplan.load`` parses and builds a JSON plan's CSFs one at a time so that the whole
parsed tree never exists (``kpiplan._files._build_piecewise``); anything irregular
falls back to parsing the text whole. Either way a user must get the same plan, or
the same errors with the same problems in the same order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
import kpiplan._files as files
from kpiplan_exporters.testing import plans

from .conftest import EXAMPLE
from .strategies_broken import broken_plans
from .test_fast_path import _leaves

NAME = "plan.json"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True, scope="module")
def _every_text_piecewise() -> Iterator[None]:
    """Loads here go piecewise whatever the text's size, as a large plan's load does
    (a text under ``PIECEWISE_FROM`` characters is read whole)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files, "PIECEWISE_FROM", 0)
        yield


def _outcome(read: Callable[[], kp.Plan]) -> tuple[object, ...]:
    """The plan read (and its repr), or the error: its kind, message and problems."""
    try:
        plan = read()
    except kp.ValidationError as exc:
        return "problems", str(exc), exc.problems
    except kp.PlanFileError as exc:
        return "file", str(exc)
    return "plan", plan, repr(plan)


def _same_either_way(text: str) -> tuple[object, ...]:
    """Assert that loading ``text`` equals reading its whole tree; the outcome."""
    loaded = _outcome(lambda: kp.loads(text, source=NAME))
    whole = _outcome(lambda: files._build(files._parse_json(text, NAME), NAME, None))
    assert loaded == whole
    return loaded


def _keys_lost_to_doubt(text: str) -> bool:
    """Whether the key count leaves a doubt (colons in strings): then the whole tree
    is read, piecewise or not."""
    keys = 0

    def count(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal keys
        keys += len(obj)
        return obj

    json.loads(text, object_hook=count)
    return files._keys_doubtful(text, keys)


def _csfs_count(text: str) -> int:
    return len(json.loads(text).get("csfs", []))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True))
def test_a_valid_plan_is_read_piecewise_as_it_is_read_whole(plan: kp.Plan) -> None:
    text = kp.dumps(plan)
    outcome = _same_either_way(text)
    assert outcome[0] == "plan"
    if not _keys_lost_to_doubt(text):
        # The happy path is taken: the test above compares two paths, not one with itself.
        assert files._build_piecewise(text, None) == outcome[1]


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=broken_plans())
def test_a_plan_with_problems_lists_the_same_problems(plan: kp.Plan) -> None:
    text = kp.dumps(plan)
    outcome = _same_either_way(text)
    if outcome[0] != "plan":
        assert files._build_piecewise(text, None) is None


_BAD_VALUES = st.sampled_from(
    ["", " ", "x", "R99", "32年度", "2,000件", "\x01", [], {}, None, True, -1, 10**20, 1.5]
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True), data=st.data())
def test_a_plan_that_does_not_build_gives_the_same_problems(
    plan: kp.Plan, data: st.DataObject
) -> None:
    raw = json.loads(kp.dumps(plan))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_leaves(raw)))
        parent: Any = raw
        for step in path[:-1]:
            parent = parent[step]
        if path:
            parent[path[-1]] = data.draw(_BAD_VALUES)
    _same_either_way(json.dumps(raw, ensure_ascii=False, indent=2))


def _key_twice(text: str, at: int) -> str:
    """``text`` with a key written twice in the object opened at or after ``at``."""
    start = text.find("{", at)
    start = start if start >= 0 else text.find("{")
    return f'{text[: start + 1]}"code": "A", "code": "B",{text[start + 1 :]}'


_TEXT_BREAKS: dict[str, Callable[[str, int], str]] = {
    "key twice": _key_twice,
    "cut short": lambda text, at: text[:at],
    "trailing": lambda text, at: text + ("x" if at % 2 else "{}"),
    "no comma": lambda text, at: re.sub(r",\n", "\n", text, count=1 + at % 5),
    "colon spaced": lambda text, at: text.replace('": ', '" : ', 1 + at % 7),
    "a list": lambda text, at: f"[{text}]",
    "csfs not a list": lambda text, at: text.replace('"csfs": [', '"csfs": 1, "x": [', 1),
    "indicators not a list": lambda text, at: text.replace(
        '"indicators": [', '"indicators": "x", "y": [', 1 + at % 3
    ),
    "an indicator not a table": lambda text, at: text.replace(
        '"indicators": [', '"indicators": [1, ', 1 + at % 3
    ),
}


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True), how=st.sampled_from(sorted(_TEXT_BREAKS)), data=st.data())
def test_a_broken_text_gives_the_same_error(plan: kp.Plan, how: str, data: st.DataObject) -> None:
    text = kp.dumps(plan)
    broken = _TEXT_BREAKS[how](text, data.draw(st.integers(0, len(text))))
    outcome = _same_either_way(broken)
    if how == "key twice":
        assert outcome[0] == "file"
        assert "appears twice" in str(outcome[1])


@pytest.mark.parametrize(
    "source",
    [
        EXAMPLE,
        EXAMPLES / "kanagawa_health.toml",
        Path(__file__).parent / "data/pdf_series_plan.toml",
    ],
)
def test_the_example_plans_are_read_piecewise(source: Path) -> None:
    text = kp.dumps(kp.load(source))
    outcome = _same_either_way(text)
    assert outcome[0] == "plan"
    assert files._build_piecewise(text, None) == outcome[1]


class TestContext:
    """A plan's era and declared units, written after its CSFs, are read before them."""

    def _plan(self) -> dict[str, Any]:
        """A plan whose CSF holds a bare year (34年度: the era is needed) and that
        declares a unit: Kanagawa's KGIs as a CSF's KPIs."""
        raw = json.loads(kp.dumps(kp.load(EXAMPLES / "kanagawa_health.toml")))
        raw["csfs"] = [{"code": "CSF-1", "title": "健康づくり", "indicators": raw.pop("kgis")}]
        data: dict[str, Any] = json.loads(kp.dumps(kp.loads(json.dumps(raw))))
        return data

    def test_units_and_era_after_the_csfs_are_read_before_them(self) -> None:
        text = kp.dumps(kp.loads(json.dumps(self._plan())))
        assert '"34年度"' in text
        assert text.index('\n  "units": ') > text.index('\n  "csfs": ')
        assert text.index('\n  "default_era": ') > text.index('\n  "csfs": ')
        assert _same_either_way(text)[0] == "plan"
        assert files._build_piecewise(text, None) is not None

    def test_units_and_era_before_the_csfs_are_read_as_they_stand(self) -> None:
        raw = self._plan()
        first = {"units": raw.pop("units"), "default_era": raw.pop("default_era")}
        text = json.dumps({**first, **raw}, ensure_ascii=False, indent=2)
        assert _same_either_way(text)[0] == "plan"
        assert files._build_piecewise(text, None) is not None

    def test_on_one_line_the_whole_tree_is_read(self) -> None:
        text = json.dumps(self._plan(), ensure_ascii=False)
        assert _same_either_way(text)[0] == "plan"
        assert files._build_piecewise(text, None) is None

    @pytest.mark.parametrize("era", ["平成", "令和"])
    def test_an_era_that_only_looks_like_the_plans_is_not_taken_for_it(self, era: str) -> None:
        # Written as dumps writes the plan's era, an ignored part says 平成; the plan
        # says none (34年度 is then an error) or 令和 (34年度 is then after the period).
        raw = self._plan()
        del raw["default_era"]
        if era != "平成":
            raw["default_era"] = era
        text = json.dumps(raw, ensure_ascii=False, indent=2)
        # Last in the file: where the plan's own would be searched for first.
        text = text.removesuffix("\n}") + ',\n  "evaluation": {\n  "default_era": "平成"}\n}'
        outcome = _same_either_way(text)
        assert outcome[0] == "problems"
        assert "34年度" in str(outcome[1])
        assert files._build_piecewise(text, None) is None
