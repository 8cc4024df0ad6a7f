"""Fuzz targets for kpiplan's loaders, driven by hypothesis.

Each target takes bytes made by mutating a valid plan file (byte flips, cuts,
splices, and random JSON/TOML values put in random places) and checks one property:
loading either gives a plan that round-trips through canonical JSON unchanged, or
raises a ``KpiplanError``. Any other exception is a crash: a bug to fix.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import kpiplan as kp

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_FILES = (
    ROOT / "docs" / "examples" / "small-plan.toml",
    ROOT / "examples" / "digital_tokushima.toml",
    ROOT / "tests" / "data" / "bad" / "pdf-markup.toml",
)
XLSX_READER = ROOT / "src" / "kpiplan_exporters" / "_xlsx" / "reader.py"

#: Keys of the model, so that random tables sometimes look almost right.
FIELD_NAMES = (
    "title", "organization", "period", "first", "last", "kgis", "csfs", "id", "code",
    "name", "divisions", "unit", "direction", "accumulation", "baseline", "year",
    "value", "targets", "actuals", "status", "as_of", "stage", "statement", "through",
    "note", "budgets", "total", "lines", "amount", "links", "measures", "indicators",
    "execution", "initial", "schema_version", "evaluation", "footnotes",
)  # fmt: skip

#: Texts that have tripped, or could trip, a parser of years, dates and amounts.
TRICKY_TEXT = (
    "R4", "Ｒ４", "令和４年度", "R0", "X5", "H32年度", "H31", "R1.4.30", "2022-13-01",
    "R4.2.29", "FY2022", "2022年度", "1,800件", "１，８００件", "３O", "－", "作成中",
    "見込み", "estimate", "in_progress", "cumulative", "range", "1e400", "NaN", "-0",
    "0.0000000000000001", "9" * 16, "=SUM(A1)", "<b>x</b>", "", " ", "千円", "%",
    "\u3000", "R4\u200b", "\ud800",
)  # fmt: skip

#: Raw tokens put into files byte-wise: numbers out of range, broken escapes, BOMs.
TRICKY_BYTES = (
    b"{", b"}", b"[", b'"', b"\\u", b"\\ud800", b"\xef\xbb\xbf", b"\n[", b"1e400", b"1e-400",
    b"1e5000", b"-0", b"NaN", b"inf", b"9" * 20, b"\x00",
)  # fmt: skip

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TRICKY_TEXT),
    st.text(max_size=12),
)
json_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), children, max_size=3),
    ),
    max_leaves=6,
)
"""Random JSON-like values (TOML has no null: ``None`` drops the key there)."""


@cache
def text_seeds(format: str) -> tuple[bytes, ...]:
    """Valid plan files in one format: the shipped examples, as TOML or canonical JSON."""
    plans = [kp.load(path) for path in SEED_FILES]
    if format == "json":
        return tuple(kp.dumps(plan).encode("utf-8") for plan in plans)
    return tuple(path.read_bytes() for path in SEED_FILES)


@cache
def workbook_seeds() -> tuple[bytes, ...]:
    """Workbooks written by the xlsx exporter from the shipped examples."""
    from kpiplan._export import ExportJob, make_exporter

    seeds = []
    for path in SEED_FILES[:2]:
        stream = io.BytesIO()
        make_exporter("xlsx").write(ExportJob(kp.load(path)), stream)
        seeds.append(stream.getvalue())
    return tuple(seeds)


# -- mutations -------------------------------------------------------------------


def _slots(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in a parsed document, depth first."""
    if isinstance(node, dict):
        for key, child in node.items():
            found.append((node, key))
            _slots(child, found)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.append((node, index))
            _slots(child, found)
    return found


@st.composite
def _structured(draw: st.DrawFn, document: Any) -> Any:
    """The document with a few values replaced, keys dropped or unknown keys added."""
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(document, [])
        if not slots:
            return draw(json_values)
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            container[key] = draw(json_values)
        elif action == "delete":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=6))] = draw(json_values)
        else:
            container.insert(key, draw(json_values))
    return document


def _toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str | None:
    """A value as TOML inline text; None (no TOML null) when it cannot be written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        items = [_toml_value(item) for item in value]
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    if isinstance(value, dict):
        pairs = [(key, _toml_value(item)) for key, item in value.items()]
        return "{" + ", ".join(f"{_toml_key(k)} = {v}" for k, v in pairs if v is not None) + "}"
    return None


def to_toml(document: dict[str, Any]) -> str:
    """A (mutated) document as TOML, every table written inline."""
    lines = []
    for key, value in document.items():
        text = _toml_value(value)
        if text is not None:
            lines.append(f"{_toml_key(key)} = {text}")
    return "\n".join(lines) + "\n"


@st.composite
def mutate_bytes(draw: st.DrawFn, data: bytes, others: tuple[bytes, ...]) -> bytes:
    """A few byte-level mutations: flips, cuts, deletions, insertions and splices."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "truncate", "delete", "insert", "splice"]))
        at = draw(st.integers(0, len(buffer)))
        if action == "flip" and buffer:
            index = min(at, len(buffer) - 1)
            buffer[index] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del buffer[at:]
        elif action == "delete":
            del buffer[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            buffer[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(TRICKY_BYTES))
        else:
            other = draw(st.sampled_from(others))
            start = draw(st.integers(0, len(other)))
            buffer[at:] = other[start : start + draw(st.integers(0, len(other)))]
    return bytes(buffer)


@st.composite
def mutated_text(draw: st.DrawFn, format: str) -> bytes:
    """A valid plan file in ``format``, mutated by bytes or by structure."""
    seeds = text_seeds(format)
    seed = draw(st.sampled_from(seeds))
    if draw(st.booleans()):
        return draw(mutate_bytes(seed, seeds))
    if format == "json":
        document = json.loads(seed)
        ascii_only = draw(st.booleans())
        text = json.dumps(draw(_structured(document)), ensure_ascii=ascii_only, indent=1)
        return text.encode("utf-8", "surrogatepass")
    document = tomllib.loads(seed.decode("utf-8"))
    mutated = draw(_structured(document))
    if not isinstance(mutated, dict):
        return (_toml_value(mutated) or "").encode("utf-8", "surrogatepass")
    return to_toml(mutated).encode("utf-8", "surrogatepass")


@st.composite
def mutated_workbook(draw: st.DrawFn) -> bytes:
    """A workbook written by kpiplan, with one zip member's bytes mutated (or the zip's)."""
    seeds = workbook_seeds()
    seed = draw(st.sampled_from(seeds))
    if draw(st.integers(0, 4)) == 0:
        return draw(mutate_bytes(seed, seeds))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    members[name] = draw(mutate_bytes(members[name], tuple(members.values())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


# -- the properties -----------------------------------------------------------------


#: Open bugs (reported to the lead, each with a failing case in tests/data/bad): a plan
#: that shows one is not checked further, so that fuzzing finds new crashes. Remove
#: an entry when its bug is fixed.
KNOWN_BUGS: dict[str, Callable[[str], bool]] = {
    # Open bugs a loaded plan can show, by name: while one is listed, fuzzing skips the
    # plans that show it so that it keeps finding new crashes. None is open.
}


def _numbers(repr_text: str) -> list[Decimal]:
    return [Decimal(text) for text in re.findall(r"Decimal\('([^']+)'\)", repr_text)]


def known_bug(plan: kp.Plan) -> str | None:
    """The open bug a loaded plan shows, if any (see KNOWN_BUGS)."""
    shown = repr(plan)
    for name, shows in KNOWN_BUGS.items():
        if shows(shown):
            return name
    return None


def _round_trips(plan: kp.Plan) -> None:
    if known_bug(plan) is not None:
        return
    text = kp.dumps(plan)
    text.encode("utf-8")
    again = kp.loads(text)
    assert again == plan, "the plan changed on its way through canonical JSON"
    assert kp.dumps(again) == text, "canonical JSON is not stable"


def check_text(data: bytes, format: str) -> None:
    """Load ``data`` as a plan file: a round-tripping plan or a KpiplanError, nothing else."""
    try:
        plan = kp.loads(data, format, source=f"fuzz.{format}")  # type: ignore[arg-type]
    except kp.KpiplanError:
        return
    _round_trips(plan)


def check_workbook(data: bytes) -> None:
    """Load ``data`` as an .xlsx file: a round-tripping plan or a KpiplanError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(data)
        try:
            plan = kp.load(path)
        except kp.KpiplanError:
            return
    _round_trips(plan)


TARGETS: dict[str, tuple[Callable[[], st.SearchStrategy[bytes]], Callable[[bytes], None]]] = {
    "json": (lambda: mutated_text("json"), lambda data: check_text(data, "json")),
    "toml": (lambda: mutated_text("toml"), lambda data: check_text(data, "toml")),
    "xlsx": (mutated_workbook, check_workbook),
}
"""Each target: a strategy of inputs and the check every input must pass."""


def available_targets() -> list[str]:
    """The targets that can run now (xlsx only once its reader exists)."""
    return [name for name in TARGETS if name != "xlsx" or XLSX_READER.exists()]
