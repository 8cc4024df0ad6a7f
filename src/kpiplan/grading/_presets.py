"""Grading rules from data: the shipped presets, rule files, and a plan's ``[grading]``.

Rules are built by kpiplan's one private cattrs converter (strict types, unknown keys
refused) and every problem is reported with its path, e.g.
``grading.indicators[CSF-1/KPI-2].digits``. Presets are TOML files in
``kpiplan/grading/presets/``, each citing the document its rule is printed in; they
are read with :mod:`importlib.resources`, so they work from a wheel or a zip.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from kpiplan._errors import KpiplanError, Problem, ValidationError
from kpiplan._model import Plan
from kpiplan.grading._rules import DEFAULT_RULE, GradingRule

__all__ = [
    "SURVEY",
    "PlanGrading",
    "UnknownPresetError",
    "grading_problems",
    "load_preset",
    "load_rule",
    "plan_grading",
    "preset_names",
    "rule_from_data",
    "shipped_presets",
    "survey_rules",
]

_PRESETS = "kpiplan.grading.presets"

SURVEY = "survey"
"""The exception a survey-type (意識系) indicator (``Indicator.survey``) uses when its
rule has one and the plan's ``[grading] kinds`` names no other."""


class UnknownPresetError(KpiplanError, LookupError):
    """No preset has this name.

    Attributes:
        name: The name asked for.
        known: The presets there are.
    """

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(name, known)

    def __str__(self) -> str:
        return f"no grading preset {self.name!r}; presets: {', '.join(self.known)}"


def preset_names() -> tuple[str, ...]:
    """The names of the shipped presets, sorted (``aichi``, ``fukuoka-city``, …)."""
    folder = importlib.resources.files(_PRESETS)
    return tuple(sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".toml")))


@functools.cache
def load_preset(name: str) -> GradingRule:
    """A shipped preset by name.

    Args:
        name: E.g. ``ibaraki`` (see :func:`preset_names`).

    Returns:
        The rule.

    Raises:
        UnknownPresetError: No preset has this name.
    """
    known = preset_names()
    if name not in known:
        raise UnknownPresetError(name, known)
    text = importlib.resources.files(_PRESETS).joinpath(f"{name}.toml").read_text("utf-8")
    return rule_from_data(tomllib.loads(text, parse_float=Decimal), f"{name}.toml")


def shipped_presets() -> tuple[GradingRule, ...]:
    """Every shipped preset, in name order."""
    return tuple(load_preset(name) for name in preset_names())


def load_rule(preset_or_file: str | os.PathLike[str]) -> GradingRule:
    """A preset by name, or a rule from a TOML or JSON file.

    Args:
        preset_or_file: A preset's name, or the path of a rule file (``.toml``/``.json``).

    Returns:
        The rule.

    Raises:
        UnknownPresetError: The text is neither a preset nor an existing file.
        ValidationError: The file is no valid rule; every problem is listed.
        OSError: The file cannot be read.
    """
    text = os.fspath(preset_or_file)
    path = Path(text)
    if text in preset_names() or not path.is_file():
        return load_preset(text)
    raw = path.read_text("utf-8-sig")
    if path.suffix.lower() == ".json":
        import json

        data = json.loads(raw, parse_float=Decimal)
    else:
        try:
            data = tomllib.loads(raw, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError([Problem("", f"not valid TOML: {exc}")], source=text) from None
    try:
        return rule_from_data(data)
    except ValidationError as exc:
        raise ValidationError(exc.problems, source=text) from None


def rule_from_data(data: object, where: str = "") -> GradingRule:
    """Build a rule from plain data (what a TOML or JSON parser returned).

    Args:
        data: A table of :class:`GradingRule` fields; ``scale`` holds ``grades``.
        where: The path to prefix problems with.

    Returns:
        The rule.

    Raises:
        ValidationError: The data is no valid rule; every problem is listed with its path.
    """
    from kpiplan._converter import make_converter, problems_from_exception

    try:
        return make_converter().structure(data, GradingRule)
    except Exception as exc:  # cattrs groups every problem in one exception
        problems = problems_from_exception(exc, data)
    raise ValidationError([_prefixed(where, p) for p in problems])


def _prefixed(where: str, problem: Problem) -> Problem:
    if not where:
        return problem
    return Problem(f"{where}.{problem.path}" if problem.path else where, problem.message)


def _merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and key != "movement":
            merged[key] = _merged(old, value)
        else:
            merged[key] = value
    return merged


def patched(rule: GradingRule, changes: Mapping[str, Any], where: str) -> GradingRule:
    """A rule with some of its fields changed (tables merged, lists replaced).

    Raises:
        ValidationError: The changed rule is not valid; problems carry ``where``.
    """
    if not changes:
        return rule
    from kpiplan._converter import make_converter

    data = make_converter().unstructure(rule, GradingRule)
    return rule_from_data(_merged(data, changes), where)


@attrs.frozen
class PlanGrading:
    """The rules a plan is graded by: the plan's, and each indicator's where it differs."""

    rule: GradingRule
    """The plan's rule (the preset with the plan's changes)."""
    by_indicator: Mapping[str, GradingRule] = attrs.field(hash=False)
    """Indicator id → its rule, where it is not the plan's."""
    by_csf: Mapping[str, GradingRule] = attrs.field(factory=dict, hash=False)
    """CSF code → the rule of its roll-up, where it is not the plan's."""

    def rule_for(self, indicator_id: str) -> GradingRule:
        """The rule of one indicator (the plan's if it has none of its own)."""
        return self.by_indicator.get(indicator_id, self.rule)


def plan_grading(plan: Plan) -> PlanGrading:
    """Resolve a plan's ``[grading]`` table into its rules.

    Raises:
        ValidationError: The table names an unknown preset, CSF, indicator or
            exception, or a rule that is not valid; every problem is listed.
    """
    problems: list[Problem] = []
    grading = _resolve(plan, problems)
    if problems:
        raise ValidationError(problems)
    return grading


def grading_problems(plan: Plan) -> list[Problem]:
    """Every problem in a plan's ``[grading]`` table (empty when it is valid or absent)."""
    problems: list[Problem] = []
    if plan.grading is not None:
        _resolve(plan, problems)
    return problems


def _attempt(problems: list[Problem], fallback: GradingRule, build: Any) -> GradingRule:
    try:
        rule: GradingRule = build()
    except ValidationError as exc:
        problems.extend(exc.problems)
        return fallback
    return rule


def _resolve(plan: Plan, problems: list[Problem]) -> PlanGrading:
    choice = plan.grading
    if choice is None:
        return PlanGrading(DEFAULT_RULE, {})
    base = DEFAULT_RULE
    if choice.preset is not None:
        try:
            base = load_preset(choice.preset)
        except UnknownPresetError as exc:
            problems.append(Problem("grading.preset", str(exc)))
    base = _attempt(problems, base, lambda: patched(base, choice.rule, "grading.rule"))
    codes = {csf.code for csf in plan.csfs}
    ids = {indicator.id for _, indicator in plan.indicators()}
    for name, table, known, what in (
        ("csfs", choice.csfs, codes, "CSF"),
        ("indicators", choice.indicators, ids, "indicator"),
        ("kinds", choice.kinds, ids, "indicator"),
    ):
        for key in table:
            if key not in known:
                problems.append(
                    Problem(f"grading.{name}[{key}]", f"the plan has no {what} {key!r}")
                )
    by_csf = {
        code: _attempt(
            problems, base, lambda c=changes, k=code: patched(base, c, f"grading.csfs[{k}]")
        )
        for code, changes in choice.csfs.items()
    }
    by_indicator: dict[str, GradingRule] = {}
    for csf, indicator in plan.indicators():
        rule = by_csf.get(csf.code, base) if csf is not None else base
        where = f"grading.indicators[{indicator.id}]"
        own = choice.indicators.get(indicator.id, {})
        rule = _attempt(problems, rule, lambda r=rule, o=own, w=where: patched(r, o, w))
        kind = choice.kinds.get(indicator.id)
        if kind is None and indicator.survey and SURVEY in rule.exceptions:
            kind = SURVEY
        if kind is not None:
            if kind not in rule.exceptions:
                problems.append(
                    Problem(
                        f"grading.kinds[{indicator.id}]",
                        f"the rule {rule.name!r} has no exception {kind!r}; it has "
                        f"{', '.join(rule.exceptions) or 'none'}",
                    )
                )
            else:
                changes = rule.exceptions[kind]
                where = f"{rule.name}.exceptions.{kind}"
                rule = _attempt(problems, rule, lambda r=rule, c=changes, w=where: patched(r, c, w))
        if rule is not base:
            by_indicator[indicator.id] = rule
    return PlanGrading(base, by_indicator, by_csf)


def survey_rules(plan: Plan, rule: GradingRule) -> dict[str, GradingRule]:
    """Each survey-type indicator's rule when ``rule`` has a ``survey`` exception.

    For a rule not from the plan's ``[grading]`` table (``Method.rule``, ``--grading``).

    Raises:
        ValidationError: The exception makes the rule invalid.
    """
    if SURVEY not in rule.exceptions:
        return {}
    surveyed = [indicator.id for _, indicator in plan.indicators() if indicator.survey]
    if not surveyed:
        return {}
    changed = patched(rule, rule.exceptions[SURVEY], f"{rule.name}.exceptions.{SURVEY}")
    return dict.fromkeys(surveyed, changed)
