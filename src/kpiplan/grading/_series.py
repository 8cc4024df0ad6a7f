"""One judgement of an indicator's series (男性/女性, 小学生/中学生) by its ``combine`` rule.

Each series is judged like an indicator first (``_evaluate``); here a year's series
results make the indicator's result of that year. ``docs/attainment.md`` §11 has the
rules with worked examples:

- ``all``: every series must be graded; met only when every series met; the grade
  (and the rate shown) is the worst series'.
- ``any``: the best graded series' grade and rate; met when any series met.
- ``worst``: the worst graded series' grade and rate (series not graded left out).
- ``mean``: the mean of the series' exact rates, rounded and banded by the rule
  like one indicator's rate (met when the mean reaches 100); every graded series
  needs a rate. A met-only or movement rule grades the mean met or not.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from kpiplan._model import SeriesRule
from kpiplan.grading._explanation import Explanation, Said, said
from kpiplan.grading._judge import grade_from_rate, lowest_grade, reason_of
from kpiplan.grading._numbers import HUNDRED, fmt_rate
from kpiplan.grading._results import YearResult
from kpiplan.grading._rules import GradingRule
from kpiplan.grading._scale import NO_GRADE
from kpiplan.vocabulary import label

__all__ = ["combined_year"]


def _rate_words(year: YearResult) -> str:
    return f"（{fmt_rate(year.rate_rounded)}%）" if year.rate_rounded is not None else ""


def _pick(
    rule: GradingRule, combine: SeriesRule, graded: list[tuple[str, YearResult]]
) -> tuple[str, YearResult]:
    """The series whose grade the indicator takes: the best for ``any``, else the worst."""
    scale = rule.scale

    def place(part: tuple[str, YearResult]) -> int:
        # A grade set by hand off the scale counts as the worst.
        grade = part[1].grade
        return scale.rank(grade) if grade in scale else len(scale.symbols)

    # min and max keep the first of equals: the series listed first wins a tie.
    return min(graded, key=place) if combine is SeriesRule.ANY else max(graded, key=place)


def _mean(
    rule: GradingRule, graded: list[tuple[str, YearResult]]
) -> tuple[str, bool, Decimal, str, str]:
    """(grade, met, exact mean rate, ja, en) of the mean of the series' rates."""
    rates = [year.rate for _, year in graded if year.rate is not None]
    mean = sum(rates, Decimal(0)) / Decimal(len(rates))
    rounded = rule.round(mean)
    met = rounded >= HUNDRED
    if rule.measure in ("movement", "met"):
        grade = (rule.scale.band_for(None, True) if met else lowest_grade(rule.scale)).symbol
        ja, en = f"平均 {fmt_rate(rounded)}% → {grade}", f"mean {fmt_rate(rounded)}% → {grade}"
        return grade, met, mean, ja, en
    grade, ja, en = grade_from_rate(rule.scale, met, rounded)
    return grade, met, mean, f"平均達成率 {fmt_rate(rounded)}%: {ja}", f"mean rate: {en}"


def _combined_text(
    combine: SeriesRule, parts: list[tuple[str, YearResult]], tail_ja: str, tail_en: str
) -> tuple[str, str]:
    """The sentence of :func:`combined_year`: each series' grade and how they combine."""
    listed = [f"{n} {y.grade}{_rate_words(y)}" for n, y in parts]
    return (
        f"系列の評価（{'、'.join(listed)}）を「{label(combine)}」で統合: {tail_ja}",
        f"series grades ({', '.join(listed)}) combined by {combine.value}: {tail_en}",
    )


def combined_year(
    rule: GradingRule,
    combine: SeriesRule,
    own: YearResult,
    parts: list[tuple[str, YearResult]],
) -> YearResult:
    """The indicator's result in one year, from its series' results of that year.

    Args:
        rule: The indicator's grading rule.
        combine: How the series combine.
        own: The indicator's own result of the year (its total, 総数, if the plan
            gives one): its target and actual are kept for display, its grade is not.
        parts: (series name, result) of the year, in the plan's order.

    Returns:
        The combined result: grade, met and rate by ``combine``, each series' grade
        in the explanation.
    """
    scale = rule.scale
    graded = [(name, year) for name, year in parts if year.graded]
    missing = [name for name, year in parts if not year.graded]
    needs_all = combine in (SeriesRule.ALL, SeriesRule.MEAN)
    rated = all(year.rate is not None for _, year in graded)
    reason: tuple[str, str, str] | None = None
    grade, met, rate = NO_GRADE, None, None
    if not graded or (needs_all and missing) or (combine is SeriesRule.MEAN and not rated):
        if graded:
            reason = reason_of("series_incomplete")
            if combine is SeriesRule.MEAN and not missing:
                tail_ja, tail_en = (
                    "平均には全系列の達成率が必要 → －",
                    "the mean needs every series' rate → －",
                )
            else:
                tail_ja = f"{'・'.join(missing)} が未評価 → －"
                tail_en = f"{', '.join(missing)} not graded → －"
        else:
            # A reason every series shares (each 設定しない, each without a baseline)
            # is the indicator's too.
            first = parts[0][1] if parts else None
            shared = first is not None and all(y.reason_ja == first.reason_ja for _, y in parts)
            if first is not None and first.reason is not None and shared:
                reason = (first.reason, first.reason_ja or "", first.reason_en or "")
            tail_ja, tail_en = "評価された系列がない → －", "no series graded → －"
    elif combine is SeriesRule.MEAN:
        grade, met, rate, tail_ja, tail_en = _mean(rule, graded)
    else:
        name, chosen = _pick(rule, combine, graded)
        grade, rate = chosen.grade, chosen.rate
        if combine is SeriesRule.ALL:
            met = all(year.met for _, year in graded)
        elif combine is SeriesRule.ANY:
            met = any(year.met for _, year in graded)
        else:
            met = chosen.met
        word_ja = "最も良い" if combine is SeriesRule.ANY else "最も低い"
        word_en = "best" if combine is SeriesRule.ANY else "worst"
        tail_ja = f"{word_ja}評価は{name}の {grade} → {grade}"
        tail_en = f"the {word_en} is {name}'s {grade} → {grade}"
        if missing:
            tail_ja += f"（未評価: {'・'.join(missing)}）"
            tail_en += f" (not graded: {', '.join(missing)})"
    computed = grade
    # A module function bound with partial, not a closure: fewer objects left for the
    # cyclic collector when the evaluation ends.
    combined = functools.partial(_combined_text, combine, parts, tail_ja, tail_en)
    why: tuple[Said, ...] = (combined,)
    actual = own.actual
    overridden = actual is not None and actual.override is not None
    if actual is not None and actual.override is not None:
        grade, reason = actual.override.grade, None
        why += (
            said(
                f"評価を手動で {grade} に変更（理由: {actual.override.reason}）",
                f"grade set by hand to {grade} (reason: {actual.override.reason})",
            ),
        )
    official = own.official_grade
    if official is not None and official != computed:
        why += (
            said(
                f"公表された評価は {official}（この規則による評価 {computed} と異なる）",
                f"the published grade is {official} (this rule gives {computed})",
            ),
        )
    graded_now = grade != NO_GRADE
    code, reason_ja, reason_en = reason if reason is not None else (None, None, None)
    # Built positionally, not by attrs.evolve: one is made per series indicator-year.
    return YearResult(
        own.fiscal_year,
        own.target,
        actual,
        own.expected,
        rate,
        rule.round(rate) if rate is not None else None,
        met,
        grade,
        scale.label(grade, "ja"),
        scale.label(grade, "en"),
        not graded_now and any(year.pending for _, year in parts),
        graded_now and any(year.provisional for _, year in graded),
        Explanation(why),
        "override" if overridden else "series",
        computed,
        official,
        code,
        reason_ja,
        reason_en,
        own.original_target,
        own.revised_target,
        own.revision,
    )
