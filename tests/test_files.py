"""Plan files: canonical JSON and TOML, strict reading, atomic writing, round trips."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpiplan as kp

from .conftest import EXAMPLE
from .strategies import plans

MINIMAL_TOML = """\
title = "小さな計画"
organization = "某市"
period = { first = "R4", last = "R6" }

[[csfs]]
code = "CSF-1"
title = "窓口のデジタル化"

[[csfs.indicators]]
id = "CSF-1/KPI-1"
code = "KPI-1"
name = "オンライン申請手続数（累計）"
divisions = ["デジタル推進課"]
unit = "手続"
accumulation = "cumulative"
targets = { R4 = 10, R5 = "２０手続", R6 = 30 }
actuals = { R4 = { value = 12, status = "estimate", as_of = "R5.3.31" } }
"""


class TestRoundTrip:
    """What is loaded and saved comes back identical."""

    @given(plans())
    def test_generated_plans_round_trip(self, plan: kp.Plan) -> None:
        """loads(dumps(plan)) == plan, and dumps is byte-stable."""
        text = kp.dumps(plan)
        again = kp.loads(text)
        assert again == plan
        assert kp.dumps(again) == text

    def test_example_round_trip(self, example_plan: kp.Plan) -> None:
        """The TOML example survives canonical JSON unchanged."""
        text = kp.dumps(example_plan)
        assert kp.loads(text) == example_plan
        assert kp.dumps(kp.loads(text)) == text

    def test_dump_and_load_file(self, example_plan: kp.Plan, tmp_path: Path) -> None:
        """dump() writes a file load() reads back equal."""
        path = tmp_path / "plan.json"
        kp.dump(example_plan, path)
        assert kp.load(path) == example_plan
        assert path.read_text(encoding="utf-8") == kp.dumps(example_plan)


class TestCanonicalForm:
    """Canonical JSON is deterministic, UTF-8 and exact."""

    def test_japanese_unescaped_and_key_order(self, example_plan: kp.Plan) -> None:
        """Japanese stays readable; schema_version comes first; a final newline."""
        text = kp.dumps(example_plan)
        assert "デジタルとくしま推進プラン" in text
        assert "\\u" not in text
        assert text.startswith('{\n  "schema_version": 1,\n  "title"')
        assert text.endswith("}\n")

    def test_decimals_exact(self) -> None:
        """Non-integral numbers survive exactly; integral ones are written as ints."""
        plan = kp.loads(MINIMAL_TOML.replace("R6 = 30", "R6 = 30.25"), "toml")
        target = plan.csfs[0].indicators[0].target_for(kp.FiscalYear(2024))
        assert target is not None
        assert target.value == Decimal("30.25")
        text = kp.dumps(plan)
        assert '"value": 30.25' in text
        assert '"value": 10' in text
        assert kp.loads(text) == plan

    def test_text_amount_converted(self) -> None:
        """A target written as text with its unit (２０手続) is read as a number."""
        plan = kp.loads(MINIMAL_TOML, "toml")
        target = plan.csfs[0].indicators[0].target_for(kp.FiscalYear(2023))
        assert target is not None
        assert target.value == Decimal(20)

    def test_bom_accepted(self) -> None:
        """A UTF-8 byte order mark (as Windows Notepad writes) is allowed."""
        plan = kp.loads(("\ufeff" + MINIMAL_TOML).encode("utf-8"), "toml")
        assert plan.title == "小さな計画"


class TestBadFiles:
    """Malformed files give a clear error naming the file and place."""

    def test_truncated_json(self) -> None:
        """Broken JSON names line and column."""
        with pytest.raises(kp.PlanFileError) as info:
            kp.loads('{"title": "x",\n "period": {', source="plan.json")
        assert info.value.source == "plan.json"
        assert info.value.line == 2
        assert "plan.json:2:" in str(info.value)

    def test_truncated_toml(self) -> None:
        """Broken TOML names line and column."""
        with pytest.raises(kp.PlanFileError) as info:
            kp.loads('title = "x"\nperiod = {', "toml", source="plan.toml")
        assert info.value.line == 2

    def test_nan_refused(self) -> None:
        """NaN and Infinity are not numbers a plan can hold."""
        with pytest.raises(kp.PlanFileError, match="NaN"):
            kp.loads('{"title": NaN}')

    def test_duplicate_json_key(self) -> None:
        """A key given twice in JSON is an error, not a silent loss."""
        with pytest.raises(kp.PlanFileError, match="'title' appears twice"):
            kp.loads('{"title": "a", "title": "b"}')

    def test_not_utf8(self) -> None:
        """Shift_JIS bytes are refused with advice."""
        with pytest.raises(kp.PlanFileError, match="UTF-8"):
            kp.loads("title = '計画'".encode("shift_jis"), "toml")

    def test_too_large(self, tmp_path: Path) -> None:
        """A file over the size limit is refused before parsing, saying how to raise it."""
        path = tmp_path / "big.json"
        path.write_text(" " * 2000)
        with pytest.raises(kp.PlanFileError, match=r"max_bytes=1,000; to read it"):
            kp.load(path, limits=kp.Limits(max_bytes=1000))

    def test_text_too_long(self) -> None:
        """A 10 MB name is refused with the limit's name and how to raise it."""
        text = MINIMAL_TOML.replace('"小さな計画"', '"' + "計" * 10_000_000 + '"')
        with pytest.raises(kp.ValidationError) as info:
            kp.loads(text, "toml")
        [problem] = info.value.problems
        assert problem.path == "title"
        assert "max_text_length=100,000" in problem.message
        plan = kp.loads(text, "toml", limits=kp.Limits(max_text_length=20_000_000))
        assert len(plan.title) == 10_000_000

    def test_too_many_indicators(self) -> None:
        """More indicators than the limit are refused before structuring."""
        text = EXAMPLE.read_text("utf-8")
        with pytest.raises(
            kp.ValidationError, match="13 indicators are over the limit max_indicators=12"
        ):
            kp.loads(text, "toml", limits=kp.Limits(max_indicators=12))
        assert kp.loads(text, "toml", limits=kp.Limits(max_indicators=13))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a PlanFileError naming it."""
        with pytest.raises(kp.PlanFileError, match=r"nope\.toml"):
            kp.load(tmp_path / "nope.toml")

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """An unknown file type says what kpiplan reads."""
        path = tmp_path / "plan.docx"
        path.write_bytes(b"x")
        with pytest.raises(kp.PlanFileError, match=r"ending in \.json, \.toml, \.xlsx"):
            kp.load(path)

    def test_deep_nesting(self) -> None:
        """JSON nested 100,000 deep is refused, not a crash."""
        with pytest.raises(kp.KpiplanError):
            kp.loads("[" * 100_000 + "]" * 100_000)

    def test_wrong_schema_version(self) -> None:
        """A future schema_version is refused."""
        with pytest.raises(kp.ValidationError, match="schema_version"):
            kp.loads('{"schema_version": 99}')


class TestAtomicWrite:
    """A failing write leaves neither a half-written file nor a changed old one."""

    def test_failure_keeps_old_file(self, tmp_path: Path) -> None:
        """The previous good file survives a writer that fails halfway."""
        path = tmp_path / "out.json"
        path.write_text("old")

        def failing(stream: object) -> None:
            stream.write(b"partial")  # type: ignore[attr-defined]
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            kp.atomic_write(path, failing)
        assert path.read_text() == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def test_new_file_readable(self, tmp_path: Path) -> None:
        """A new file gets ordinary permissions, not mkstemp's private 0600."""
        path = tmp_path / "new.json"
        kp.atomic_write(path, lambda stream: stream.write(b"{}"))
        assert path.read_bytes() == b"{}"
        assert path.stat().st_mode & 0o644 == 0o644


def test_json_is_plain_json(example_plan: kp.Plan) -> None:
    """Other tools can read the canonical JSON with any JSON parser."""
    data = json.loads(kp.dumps(example_plan))
    assert data["csfs"][0]["indicators"][1]["actuals"]["R3"]["value"] == 4940


class TestGarbageCollector:
    """Loading pauses the cyclic collector and always restores its state."""

    def test_state_restored(self, example_path: Path) -> None:
        """After a load, a failed load, and with the collector off, the state is as before."""
        import gc

        assert gc.isenabled()
        kp.load(example_path)
        assert gc.isenabled()
        with pytest.raises(kp.PlanFileError):
            kp.loads("{", source="broken.json")
        assert gc.isenabled()
        gc.disable()
        try:
            kp.load(example_path)
            assert not gc.isenabled()
        finally:
            gc.enable()


# Keys and texts chosen so that colons, quotes and backslashes inside strings, keys
# written twice and space before a key's colon all come up often.
_KEYS = ("a", "b", ":", "a:b", '":', 'x"', "\\", " ", "年度", "https://x")
_SPACE = st.sampled_from(["", " ", "\n", "\t", "\r\n  "])


@st.composite
def _json_string(draw: st.DrawFn, text: st.SearchStrategy[str]) -> str:
    """A JSON string token, each character written plainly or as a \\u escape."""
    written = []
    for char in draw(text):
        plain = json.dumps(char, ensure_ascii=False)[1:-1]
        written.append(draw(st.sampled_from([plain, f"\\u{ord(char):04x}"])))
    return '"' + "".join(written) + '"'


def _json_texts() -> st.SearchStrategy[str]:
    scalars = st.one_of(
        st.sampled_from(["1", "-0", "2.50", "1e400", "true", "null"]),
        _json_string(st.text(st.sampled_from(':"\\ a年'), max_size=6) | st.sampled_from(_KEYS)),
    )

    def containers(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(_SPACE, _json_string(st.sampled_from(_KEYS)), _SPACE, _SPACE, values)
        objects = st.lists(pair, max_size=5).map(
            lambda pairs: "{" + ",".join(f"{a}{k}{b}:{c}{v}" for a, k, b, c, v in pairs) + "}"
        )
        arrays = st.lists(st.tuples(_SPACE, values), max_size=4).map(
            lambda items: "[" + ",".join(a + v for a, v in items) + "]"
        )
        return objects | arrays

    return st.recursive(scalars, containers, max_leaves=20)


class TestDuplicateKeys:
    """The quick parse finds exactly what the parse that looks at every pair finds."""

    @settings(max_examples=500)
    @given(text=_json_texts(), tail=st.sampled_from(["", "", "", " x", "NaN", ","]))
    def test_same_as_exact_parse(self, text: str, tail: str) -> None:
        """Same tree or same error, with or without the test for doubt, on any JSON text."""
        from kpiplan import _files

        text += tail

        def outcome() -> object:
            try:
                return ("tree", _files._parse_json(text, "plan.json"))
            except kp.PlanFileError as exc:
                return ("error", str(exc))

        quick = outcome()
        with patch.object(_files, "_keys_doubtful", lambda text, keys: True):
            exact = outcome()
        assert quick == exact

    def test_duplicate_among_colons(self) -> None:
        """A key written twice is found when strings hold colons and keys have space."""
        text = '{"url": "https://a:b", "n" : {"k": 1, "k" : 2}}'
        with pytest.raises(kp.PlanFileError, match="'k' appears twice"):
            kp.loads(text)


class TestMemory:
    """A load's peak memory stays under 5x its file (issue #16).

    The text of a plan with Japanese in it is about twice its file in memory, its
    parsed tree three times and the plan built two: a load must never hold the text
    and the whole tree together (7.7x), nor the whole tree and the plan (5.1x).
    """

    @pytest.mark.parametrize("csfs", ["of ten KPIs", "one of them all"])
    def test_a_large_plan_loads_in_under_five_times_its_file(
        self, tmp_path: Path, csfs: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import gc
        import sys
        import tracemalloc

        import attrs

        import kpiplan._files as files

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
        try:
            from generate import synthetic_plan
        finally:
            sys.path.pop(0)
        plan = synthetic_plan(300)
        if csfs == "one of them all":
            kpis = [kpi for _, kpi in plan.indicators()][1:]
            one = attrs.evolve(
                plan.csfs[0],
                indicators=[attrs.evolve(kpi, code=f"KPI-{n}") for n, kpi in enumerate(kpis)],
                measures=[measure for _, measure in plan.measures()],
            )
            plan = attrs.evolve(plan, csfs=[one], budgets=[])
        path = tmp_path / "plan.json"
        kp.dump(plan, path)
        size = path.stat().st_size
        # Read as a plan over the size where loads go piecewise is (a small one is read
        # whole, quicker): a test of the large plans the bound is for, at a test's size.
        monkeypatch.setattr(files, "PIECEWISE_FROM", size // 2)
        for _ in range(2):
            # The first loads import and make the converter's hooks, which every load
            # then shares (the second remakes some: 0.2 MiB, 0.25x this file).
            kp.load(path)
        gc.collect()
        tracemalloc.start()
        try:
            kp.load(path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        # Whole tree and plan together: 5.1x; CSFs and KPIs one at a time: 4.0x.
        assert peak < 4.5 * size

    @pytest.mark.parametrize("over", [False, True])
    def test_only_a_large_text_is_read_piecewise(
        self, monkeypatch: pytest.MonkeyPatch, over: bool
    ) -> None:
        import kpiplan._files as files

        text = kp.dumps(kp.load(EXAMPLE))
        read: list[int] = []
        piecewise = files._build_piecewise

        def watched(text: str, limits: kp.Limits | None) -> kp.Plan | None:
            read.append(len(text))
            return piecewise(text, limits)

        monkeypatch.setattr(files, "_build_piecewise", watched)
        monkeypatch.setattr(files, "PIECEWISE_FROM", len(text) + (0 if over else 1))
        assert kp.loads(text) == kp.load(EXAMPLE)
        assert read == ([len(text)] if over else [])

    @pytest.mark.parametrize("via", ["load", "loads"])
    def test_no_copy_of_the_file_is_alive_while_the_plan_is_built(
        self, tmp_path: Path, via: str
    ) -> None:
        import tracemalloc

        import kpiplan._files as files

        text = kp.dumps(kp.load(EXAMPLE))
        path = tmp_path / "plan.json"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        largest: list[int] = []
        build = files._build

        def watched(data: object, name: str, limits: kp.Limits | None) -> kp.Plan:
            snapshot = tracemalloc.take_snapshot()
            largest.append(max(trace.size for trace in snapshot.traces))
            return build(data, name, limits)

        tracemalloc.start()
        try:
            # The whole-tree path, which a JSON plan that is not plain valid data takes.
            with (
                patch.object(files, "_build", watched),
                patch.object(files, "_build_piecewise", lambda text, limits: None),
            ):
                if via == "load":
                    kp.load(path)
                else:
                    # A temporary argument: CPython passes it on without keeping it
                    # in the caller's frame, so loads can let it go as load does.
                    kp.loads(path.read_bytes())
        finally:
            tracemalloc.stop()
        # The tree is made of small objects; the bytes (1x) or the text (~2x) would be
        # one block of at least half the file.
        assert len(largest) == 1
        assert largest[0] < size // 2
