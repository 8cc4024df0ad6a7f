"""Plan files: canonical JSON and hand-written TOML, read strictly and written atomically.

Canonical JSON is what :func:`dumps` writes: UTF-8 with Japanese unescaped, keys in
the model's order, two-space indents, a final newline, ``schema_version`` first. The
same plan always gives the same bytes. TOML is for people writing plans by hand; it
reads into the same model (``tomllib``, numbers as ``Decimal``).

Other formats (a workbook written by the ``xlsx`` exporter) are read by readers that
plugins register under the entry-point group ``kpiplan.readers``, so that this
package never imports openpyxl.
"""

from __future__ import annotations

import json
import json.scanner
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from kpiplan._bulk import no_cyclic_gc
from kpiplan._errors import KpiplanError, PlanFileError, ValidationError
from kpiplan._limits import Limits, current_limits, reset_limits, use_limits
from kpiplan._model import Plan

__all__ = [
    "READERS_GROUP",
    "atomic_write",
    "check_writable",
    "dump",
    "dumps",
    "load",
    "loads",
]

READERS_GROUP = "kpiplan.readers"
"""Entry-point group of readers for other file types, keyed by suffix (``xlsx``).
A reader is a callable ``(path: Path, **options) -> Plan``; its options are keyword
arguments with defaults, which :func:`load` passes on (``options={"strict": True}``)."""

Format = Literal["json", "toml"]


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a plan can hold")


# A key token written with space before its colon (`"a" : 1`); see _keys_doubtful.
_LOOSE_KEY = re.compile(r'"[ \t\n\r]+:')


def _keys_doubtful(text: str, keys: int) -> bool:
    """Whether ``text`` may hold more key tokens than the ``keys`` its parsed objects kept.

    Parsing keeps one of two equal keys in an object, so a duplicate shows as a key
    token with no key in the tree. In valid JSON every key token is followed by one
    colon outside strings; a colon inside a string only adds to the count. So when
    the text has exactly ``keys`` colons it has at most ``keys`` key tokens, and no
    duplicate. Texts with colons in strings (URLs, times) get a second test: every
    key token is ``"…":`` unless one is ``"…" :``, which the regular expression finds.
    False means there is no duplicate; True means only that the exact parse must look.
    """
    if text.count(":") == keys:
        return False
    return text.count('":') != keys or _LOOSE_KEY.search(text) is not None


def _parse_json(text: str, source: str) -> Any:
    keys = 0

    def count_keys(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal keys
        keys += len(obj)
        return obj

    # A Python hook that gets each object's pairs costs 0.5x json.loads; one that counts
    # the keys each object kept costs 0.1x, and the text tells when no key can have been
    # lost. Anything else (a doubt, any error) is left to the exact parse, so that errors
    # and the order they are found in stay those of the exact parse.
    try:
        data = json.loads(
            text, parse_float=Decimal, parse_constant=_reject_constant, object_hook=count_keys
        )
        if not _keys_doubtful(text, keys):
            return data
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            source, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
        ) from None
    except _DuplicateKeyError as exc:
        raise PlanFileError(
            source, f"key {exc.key!r} appears twice in one object; keep one"
        ) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise PlanFileError(
                source, "a number has more than 4,300 digits; no plan number has that many"
            ) from None
        raise PlanFileError(source, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise PlanFileError(source, "nested too deeply to be a plan") from None


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
# A bare key as people write it: up to the first space, =, bracket, brace, comma or dot.
_BARE_KEY = re.compile(r"[^\s=\[\]{},.\"']+")


def _bare_key_hint(text: str, line: int, column: int) -> str:
    """The quoted form of an unquoted key with Japanese in it, at the fault, if there is one.

    TOML 1.0 allows only A-Z a-z 0-9 - _ in a bare key, so ``令和10年度 = 5`` fails
    with a message that does not say why; plans write such keys all the time.
    """
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    written = lines[line - 1]
    # tomllib may point at the key's start or at the line's start (an "invalid statement").
    for start in (column - 1, len(written) - len(written.lstrip())):
        match = _BARE_KEY.match(written, start)
        if match and not match.group().isascii():
            key = match.group()
            fixed = f'{written[: match.start()]}"{key}"{written[match.end() :]}'.strip()
            return (
                f'; a key with Japanese in it must be quoted in TOML: write "{key}", e.g. `{fixed}`'
            )
    return ""


def _parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            reason = message[: match.start()].strip()
            line, column = int(match.group(1)), int(match.group(2))
            raise PlanFileError(
                source,
                f"not valid TOML: {reason}{_bare_key_hint(text, line, column)}",
                line=line,
                column=column,
            ) from None
        reason = message.replace("(at end of document)", "").strip()
        if reason != message:
            lines = text.count("\n") + 1
            raise PlanFileError(source, f"not valid TOML: {reason}", line=lines) from None
        raise PlanFileError(source, f"not valid TOML: {message}") from None
    except RecursionError:
        raise PlanFileError(source, "nested too deeply to be a plan") from None


def loads(
    text: str | bytes,
    format: Format = "json",
    *,
    source: str | None = None,
    limits: Limits | None = None,
) -> Plan:
    """Read a plan from text, checking it whole.

    Args:
        text: The file's content (bytes are decoded as UTF-8; a BOM is allowed).
        format: ``"json"`` (canonical) or ``"toml"`` (hand-written).
        source: The file name to use in error messages.
        limits: Size limits (text length, number of indicators); see ``kpiplan.Limits``.
            None: the limits in force (the defaults, or what ``--limit`` set).

    Returns:
        The plan.

    Raises:
        PlanFileError: The text is not valid JSON/TOML or not UTF-8.
        ValidationError: The data is not a valid plan; every problem is listed.
    """
    name = source or f"<{format}>"
    if format not in ("json", "toml"):
        raise ValueError(f"format must be 'json' or 'toml', not {format!r}")
    box = [text]
    # Only the box holds the text from here on: _read lets it go once parsed.
    del text
    return _read(box, format, name, limits)


def _read(box: list[str | bytes], format: Format, name: str, limits: Limits | None) -> Plan:
    """Parse and build the plan whose text is the box's one item, emptying the box.

    The bytes and the text are let go as soon as they are read, and a large JSON
    plan's CSFs are parsed and built one at a time (:func:`_build_piecewise`): a plan's
    text is about twice its file in memory, its whole parsed tree three times, and
    neither may live beside the plan being built if a load is to stay under five times
    its file. A text under :data:`PIECEWISE_FROM` characters is read whole.
    """
    with no_cyclic_gc():
        text = box.pop()
        if isinstance(text, bytes):
            text = _decode(text, name)
        if text.startswith("\ufeff"):
            text = text[1:]
        if format == "json":
            if len(text) >= PIECEWISE_FROM:
                plan = _build_piecewise(text, limits)
                if plan is not None:
                    return plan
            data = _parse_json(text, name)
        else:
            data = _parse_toml(text, name)
        del text
        return _build(data, name, limits)


def _build(data: Any, name: str, limits: Limits | None) -> Plan:
    # Imported here, not at the top, so that `import kpiplan` stays quick.
    from kpiplan._converter import structure_plan

    token = use_limits(limits or current_limits())
    try:
        plan = structure_plan(data)
        _check_whole(plan)
    except ValidationError as exc:
        raise ValidationError(exc.problems, source=name) from None
    finally:
        reset_limits(token)
    return plan


def _check_whole(plan: Plan) -> None:
    """Check a structured plan across its objects and build its grading rule."""
    from kpiplan._validate import validate

    validate(plan)
    if plan.grading is not None:
        # Its rules are built by kpiplan.grading, which the model cannot import.
        from kpiplan.grading._presets import plan_grading

        plan_grading(plan)


#: JSON texts of at least this many characters are parsed and built one CSF and KPI at
#: a time. Below it the whole tree is at most a few MiB and reading it whole is
#: 9-14% quicker (measured at 300 and 1,000 indicators, docs/performance.md); above
#: it the memory saved grows with the plan (a fifth of the peak: 127 MiB at 100,000
#: indicators). 512 Ki characters is about 450 indicators of benchmarks/generate.py's
#: plans (1,170 characters each).
PIECEWISE_FROM = 512 * 1024

# JSON's whitespace, as the json module skips it between tokens.
_SPACE = re.compile(r"[ \t\n\r]*")
# What follows a list's item: the closing bracket, or a comma (each with the space around).
_AFTER_ITEM = re.compile(r"[ \t\n\r]*(?:(\])|,[ \t\n\r]*)")

#: The top-level keys whose values set the context the CSFs are read in, as ``dumps``
#: writes them: after the CSFs, two spaces in at the start of a line.
_CONTEXT_KEYS = ("default_era", "units")


class _Irregular(Exception):
    """The text is not a plain valid plan; the whole-tree path is to read it."""


def _build_piecewise(text: str, limits: Limits | None) -> Plan | None:
    """The plan of a valid JSON text, its CSFs parsed and built one at a time; None
    if anything in the text is irregular.

    The document's top level is walked with the json module's own scanner; each CSF's
    value is parsed, built as the converter builds it in a whole plan, and its tree let
    go, so that the whole parsed tree never exists. Only the happy path is taken here:
    a parse error, a key twice, a part that does not build, a problem in checking, a
    limit passed, anything unexpected gives None, and the caller reads the text whole
    as before, which gives the same plan or the same errors in the same order.
    """
    token = use_limits(limits or current_limits())
    try:
        plan = _walk_plan(text)
        _check_whole(plan)
    except Exception:
        return None
    finally:
        reset_limits(token)
    return plan


def _walk_plan(text: str) -> Plan:
    """Parse and build ``text``'s plan piecewise (see :func:`_build_piecewise`).

    Raises:
        Exception: Anything irregular (:class:`_Irregular`, or what parsing or
            building raised).
    """
    import attrs

    from kpiplan._converter import make_converter, plan_context, structure_plan
    from kpiplan._model import Csf, Indicator

    keys = 0

    def count_keys(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal keys
        keys += len(obj)
        return obj

    # The scanner json.loads runs, called at each value: the same numbers, the same
    # strings, the same keys counted as _parse_json counts them.
    scan = json.scanner.make_scanner(
        json.JSONDecoder(  # type: ignore[arg-type]
            parse_float=Decimal, parse_constant=_reject_constant, object_hook=count_keys
        )
    )

    def skip(at: int, token: str = "") -> int:
        """The index after ``token`` (which must be at ``at``) and the space after it."""
        if not text.startswith(token, at):
            raise _Irregular
        space = _SPACE.match(text, at + len(token))
        return space.end() if space else at

    def walk_list(at: int, walk_item: Callable[[int], int]) -> int:
        """Walk the items of the list at ``at`` one at a time; the index after it."""
        at = skip(at, "[")
        if text.startswith("]", at):
            return at + 1
        after_item = _AFTER_ITEM.match
        while True:
            # One match per item, not a call per token: a list of 300 KPIs walks it 300 times.
            after = after_item(text, walk_item(at))
            if after is None:
                raise _Irregular
            if after.group(1):
                return after.end()
            at = after.end()

    def walk_object(
        at: int,
        walkers: dict[str, Callable[[int], int]],
        body: dict[str, Any],
        starts: dict[str, int],
    ) -> int:
        """Parse the object at ``at`` value by value into ``body``; the index after it.

        A list named in ``walkers`` is walked by its walker instead (it stands as
        ``[]`` in ``body``); ``starts`` is filled with where each value starts. The
        plan's ``evaluation`` is recomputed, never read: its tree is let go at once.
        """
        nonlocal keys
        at = skip(at, "{")
        while True:
            if not text.startswith('"', at):
                raise _Irregular
            key, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
            if key in body:
                raise _Irregular
            at = starts[key] = skip(skip(at), ":")
            if key in walkers and text.startswith("[", at):
                body[key], at = [], walkers[key](at)
            else:
                body[key], at = scan(text, at)
                if key == "evaluation" and body is plan_body:
                    body[key] = None
            at = skip(at)
            if text.startswith("}", at):
                keys += len(body)
                return at + 1
            at = skip(at, ",")

    limit = current_limits().max_indicators
    converter = make_converter(detailed=False)
    build_csf = converter.get_structure_hook(Csf)
    build_indicator = converter.get_structure_hook(Indicator)
    csfs: list[Csf] = []
    indicators: list[Indicator] = []
    count = 0  # the CSFs' indicators

    def walk_indicator(at: int) -> int:
        nonlocal count
        count += 1
        if count > limit:
            raise _Irregular
        raw, at = scan(text, at)
        indicators.append(build_indicator(raw, Indicator))
        return at

    def walk_indicators(at: int) -> int:
        return walk_list(at, walk_indicator)

    def walk_csf(at: int) -> int:
        raw: dict[str, Any] = {}
        at = walk_object(at, {"indicators": walk_indicators}, raw, {})
        # Built as in a plan, its indicators put in after: no check of a CSF's
        # looks at them.
        csf = build_csf(raw, Csf)
        csfs.append(attrs.evolve(csf, indicators=indicators) if indicators else csf)
        indicators.clear()
        return at

    walked = -1  # where the CSFs' list starts, once walked
    assumed: dict[str, int] = {}  # where a context key was taken to start

    def walk_csfs(at: int) -> int:
        nonlocal walked, keys
        walked, context = at, dict(plan_body)
        for name in _CONTEXT_KEYS:
            # Not read yet: where dumps writes it, after the CSFs; checked below.
            found = text.rfind(f'\n  "{name}": ', at) if name not in context else -1
            if found >= 0:
                assumed[name] = found + len(name) + 7
                counted = keys
                context[name] = scan(text, assumed[name])[0]
                keys = counted  # its keys are counted where it stands
        with plan_context(context):
            return walk_list(at, walk_csf)

    plan_body: dict[str, Any] = {}
    starts: dict[str, int] = {}  # where each top-level value starts
    index = walk_object(skip(0), {"csfs": walk_csfs}, plan_body, starts)
    if skip(index) != len(text) or _keys_doubtful(text, keys):
        raise _Irregular
    for name in _CONTEXT_KEYS:
        if starts.get(name, -1) > walked > -1 and starts[name] != assumed.get(name):
            raise _Irregular  # the CSFs were read in another context than the plan's
        if name in assumed and name not in starts:
            raise _Irregular
    kgis = plan_body.get("kgis")
    if count + (len(kgis) if isinstance(kgis, list) else 0) > limit:
        raise _Irregular
    plan = structure_plan(plan_body)
    return attrs.evolve(plan, csfs=csfs) if csfs else plan


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PlanFileError(
            source,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=line,
        ) from None


def load(
    path: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    options: Mapping[str, object] | None = None,
) -> Plan:
    """Read a plan file: ``.json``, ``.toml``, or a type a reader plugin handles.

    Args:
        path: The file.
        limits: Size limits; raise one with e.g. ``Limits(max_bytes=2**30)``.
            None: the limits in force (the defaults, or what ``--limit`` set).
        options: Keyword options for the reader of the file's type, such as
            ``{"strict": True}`` for a workbook (refuse edits outside its input
            cells). ``.json`` and ``.toml`` files take none: options are ignored.

    Returns:
        The plan, checked whole.

    Raises:
        PlanFileError: The file cannot be read, is too large or is malformed, or
            its reader takes no such option.
        ValidationError: The file is not a valid plan; every problem is listed.
    """
    path = Path(path)
    limits = limits or current_limits()
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("json", "toml"):
        token = use_limits(limits)
        try:
            reader = _reader_for(suffix, path)
            if options:
                _check_options(reader, suffix, path, options)
                return reader(path, **options)
            return reader(path)
        finally:
            reset_limits(token)
    name = str(path)
    try:
        # One open, its size from the open file, one unbuffered read: a Path's stat()
        # and read_bytes() took a quarter of the fixed cost of a small plan's load.
        with open(name, "rb", buffering=0) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limits.max_bytes:
                raise PlanFileError(
                    name,
                    f"file is {size:,} bytes, over the limit max_bytes={limits.max_bytes:,}; "
                    "to read it, pass limits=kpiplan.Limits(max_bytes=…) to kpiplan.load "
                    "or --limit max_bytes=… to the kpiplan command",
                )
            box: list[str | bytes] = [stream.readall()]
    except OSError as exc:
        raise PlanFileError(name, exc.strerror or str(exc)) from None
    return _read(box, "json" if suffix == "json" else "toml", name, limits)


def _check_options(
    reader: Callable[..., Plan], suffix: str, path: Path, options: Mapping[str, object]
) -> None:
    import inspect

    accepted = [
        name
        for name, parameter in inspect.signature(reader).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise PlanFileError(
            str(path),
            f"the {suffix} reader takes no option {', '.join(unknown)}; "
            f"its options: {', '.join(accepted) or 'none'}",
        )


def _reader_for(suffix: str, path: Path) -> Callable[..., Plan]:
    from importlib.metadata import entry_points

    for entry_point in entry_points(group=READERS_GROUP, name=suffix):
        try:
            reader: Callable[..., Plan] = entry_point.load()
        except ImportError as exc:
            dist = entry_point.dist.name if entry_point.dist else "its package"
            raise PlanFileError(
                str(path),
                f"the {suffix} reader from {dist} cannot be imported ({exc}); "
                f'try: pip install "kpiplan[{suffix}]"',
            ) from None
        return reader
    raise PlanFileError(
        str(path),
        f"unknown file type .{suffix}; kpiplan reads plan files ending in "
        f"{', '.join(readable_suffixes())}",
    )


def readable_suffixes() -> tuple[str, ...]:
    """The file suffixes :func:`load` reads: ``.json``, ``.toml`` and every reader's.

    Returns:
        The suffixes with their dot, ``.json`` and ``.toml`` first, then the readers'
        (``.xlsx`` from kpiplan_exporters) in name order.
    """
    from importlib.metadata import entry_points

    readers = sorted({f".{entry.name}" for entry in entry_points(group=READERS_GROUP)})
    return (".json", ".toml", *(s for s in readers if s not in (".json", ".toml")))


def dumps(plan: Plan) -> str:
    """The plan as canonical JSON text (deterministic, Japanese unescaped).

    Args:
        plan: The plan.

    Returns:
        The JSON text, ending with a newline.
    """
    from kpiplan._converter import unstructure_plan

    return json.dumps(unstructure_plan(plan), ensure_ascii=False, indent=2) + "\n"


def dump(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write the plan as canonical JSON, atomically.

    Args:
        plan: The plan.
        path: The file to write; it is replaced only once the new one is complete.

    Raises:
        KpiplanError: The file could not be written.
    """
    text = dumps(plan)
    atomic_write(path, lambda stream: stream.write(text.encode("utf-8")))


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Check that a file can be written at ``path``, before anything is made for it.

    Args:
        path: The file to write.

    Returns:
        The path.

    Raises:
        KpiplanError: ``path`` is a folder, its folder does not exist or is a file,
            or the folder cannot be written in; the message says which.
    """
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise KpiplanError(f"{target}: is a folder, not a file; give the name of a file in it")
    if not folder.exists():
        raise KpiplanError(f"{target}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise KpiplanError(f"{target}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KpiplanError(f"{target}: cannot write in the folder {folder}: permission denied")
    return target


def atomic_write(path: str | os.PathLike[str], write: Callable[[Any], object]) -> None:
    """Write a file through a temporary file in the same folder, then rename it.

    A failure while writing leaves neither a half-written file nor a changed old one.

    Args:
        path: The file to write.
        write: Called with a binary stream to write the content to.

    Raises:
        KpiplanError: ``path`` is a folder, its folder is missing or not writable
            (see :func:`check_writable`), or the rename failed; whatever
            ``write`` raised propagates unchanged after the clean-up.
    """
    target = check_writable(path)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise KpiplanError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the old file's mode, or
        # the usual 0644, so that it reads like any file the user saves.
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
