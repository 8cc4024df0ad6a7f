"""The Japanese and English words of kpiplan's model, in one place.

Every exporter, reader and command that shows an enum of the model (方向, 集計, 状態,
評価, 予算の状況), a forecast status or a 案件種別 flag asks here, so a word is
changed once and a reader parses what a writer wrote. Grade words belong to the
grade scale (:class:`kpiplan.GradeScale`), because a grading rule brings its own.
The domain's words the reports print around them (予算現額, 翌年度繰越額, 課題とアクション,
{year}予算 …) are here too (:data:`TERMS`, :func:`term`), so every exporter says them alike.

>>> from kpiplan import Accumulation, ActualStatus
>>> from kpiplan.vocabulary import label, parse_label
>>> label(Accumulation.CUMULATIVE), label(ActualStatus.ESTIMATE, "en")
('累計', 'estimate')
>>> parse_label(ActualStatus, "作成中"), parse_label(ActualStatus, "In Progress")
(<ActualStatus.IN_PROGRESS: 'in_progress'>, <ActualStatus.IN_PROGRESS: 'in_progress'>)

Nothing here imports pint, cattrs or any exporter's library.
"""

from __future__ import annotations

import enum
import types
import unicodedata
from collections.abc import Mapping
from typing import Final, Literal, TypeVar

from kpiplan._model import (
    Accumulation,
    ActualStatus,
    AmountBasis,
    Assessment,
    BudgetStatus,
    Direction,
    SeriesRule,
    TargetKind,
    Trend,
    YearBasis,
)

__all__ = [
    "APPLIES_LABELS",
    "CHANGE_LABELS",
    "FORECAST_LABELS",
    "LANGUAGES",
    "POSITIONING_LABELS",
    "TERMS",
    "Language",
    "applies_label",
    "change_label",
    "forecast_label",
    "label",
    "labelled_enums",
    "parse_label",
    "term",
    "terms",
]

Language = Literal["ja", "en"]
"""A language kpiplan writes: Japanese (``ja``, the default) or English (``en``)."""

LANGUAGES: Final[tuple[Language, ...]] = ("ja", "en")
"""The languages, Japanese first."""

_E = TypeVar("_E", bound=enum.Enum)

#: (Japanese, English) of every member of the model's enums.
_LABELS: Final[Mapping[enum.Enum, tuple[str, str]]] = types.MappingProxyType(
    {
        Direction.HIGHER: ("高いほど良い", "higher is better"),
        Direction.LOWER: ("低いほど良い", "lower is better"),
        Direction.RANGE: ("範囲内", "within a range"),
        Accumulation.ANNUAL: ("年間", "annual"),
        Accumulation.CUMULATIVE: ("累計", "cumulative"),
        Accumulation.LEVEL: ("水準・率", "level"),
        ActualStatus.CONFIRMED: ("確定", "confirmed"),
        ActualStatus.ESTIMATE: ("見込み", "estimate"),
        ActualStatus.IN_PROGRESS: ("作成中", "in progress"),
        ActualStatus.NOT_REPORTED: ("未報告", "not reported"),
        ActualStatus.PRELIMINARY: ("速報値", "preliminary"),
        Assessment.ACHIEVED: ("達成", "achieved"),
        Assessment.PARTIAL: ("一部達成", "partly achieved"),
        Assessment.NOT_ACHIEVED: ("未達成", "not achieved"),
        BudgetStatus.REQUESTED: ("要求中", "requested"),
        BudgetStatus.PROPOSED: ("予算案", "proposed"),
        BudgetStatus.ENACTED: ("成立", "enacted"),
        BudgetStatus.SETTLED: ("決算", "settled"),
        Trend.INCREASE: ("増加", "increase"),
        Trend.DECREASE: ("減少", "decrease"),
        Trend.MAINTAIN: ("維持", "maintain"),
        TargetKind.VALUE: ("目標値", "target value"),
        TargetKind.RANGE: ("範囲", "range"),
        TargetKind.STAGE: ("段階", "stage"),
        TargetKind.STATEMENT: ("記述", "statement"),
        TargetKind.TREND: ("方向", "direction only"),
        TargetKind.RANK: ("順位", "rank"),
        TargetKind.NONE: ("設定しない", "no target"),
        SeriesRule.ALL: ("すべて達成", "all must meet"),
        SeriesRule.ANY: ("いずれか達成", "any meets"),
        SeriesRule.MEAN: ("平均", "mean"),
        SeriesRule.WORST: ("最も低い評価", "worst"),
        YearBasis.FISCAL: ("年度", "fiscal year"),
        YearBasis.CALENDAR: ("暦年", "calendar year"),
        AmountBasis.INITIAL: ("当初予算額", "initial budget"),
        AmountBasis.CURRENT: ("予算現額", "current budget"),
    }
)

#: Shorter words for a narrow column (the workbook's 集計 and 方向 cells); a member
#: not listed has no shorter word.
_SHORT: Final[Mapping[enum.Enum, tuple[str, str]]] = types.MappingProxyType(
    {
        Direction.RANGE: ("範囲内", "within range"),
        Accumulation.LEVEL: ("水準", "level"),
    }
)

FORECAST_LABELS: Final[Mapping[str, tuple[str, str]]] = types.MappingProxyType(
    {
        "on_track": ("順調", "on track"),
        "needs_acceleration": ("加速が必要", "needs acceleration"),
        "limited": ("進捗が限定的", "limited progress"),
        "deteriorating": ("悪化", "deteriorating"),
        "achieved": ("最終目標を達成済み", "final target achieved"),
        "unable": ("評価不能", "unable to assess"),
    }
)
"""A forecast's status (:attr:`kpiplan.Forecast.status`) → (Japanese, English)."""

APPLIES_LABELS: Final[Mapping[bool, tuple[str, str]]] = types.MappingProxyType(
    {True: ("該当あり", "applies"), False: ("該当なし", "does not apply")}
)
"""Whether a 案件種別 flag (:class:`kpiplan.CategoryFlag`) applies → (Japanese, English)."""

CHANGE_LABELS: Final[Mapping[str, tuple[str, str]]] = types.MappingProxyType(
    {
        "indicator_added": ("指標の追加", "indicator added"),
        "indicator_removed": ("指標の削除", "indicator removed"),
        "target_changed": ("目標の変更", "target changed"),
        "target_revised": ("目標の見直し", "target revised"),
        "actual_entered": ("実績の入力", "actual entered"),
        "estimate_confirmed": ("見込みの確定", "estimate confirmed"),
        "actual_changed": ("実績の変更", "actual changed"),
        "actual_removed": ("実績の削除", "actual removed"),
        "grade_moved": ("評価の変化", "grade moved"),
        "budget_changed": ("予算の変更", "budget changed"),
        "changed": ("その他の変更", "other change"),
    }
)
"""A change's kind (:class:`kpiplan.cycle.ChangeKind` value) → (Japanese, English)."""

POSITIONING_LABELS: Final[Mapping[str, tuple[str, str]]] = types.MappingProxyType(
    {
        "society": ("目指すべき社会", "Society to aim for"),
        "goal": ("基本目標（分野）", "Basic goal (field)"),
        "strategy": ("重点戦略", "Key strategy"),
    }
)
"""The fields of :class:`kpiplan.Positioning` (プロジェクトの位置づけ) → (Japanese, English)."""


TERMS: Final[Mapping[str, tuple[str, str]]] = types.MappingProxyType(
    {
        # The cover and the summary of the evaluation.
        "organization": ("作成", "Prepared by"),
        "period": ("計画期間", "Plan period"),
        "as_of_date": ("実績基準日", "Actuals as of"),
        "as_of_year": ("評価年度", "Evaluated at"),
        "positioning": ("プロジェクトの位置づけ", "Positioning"),
        "plan": ("プラン", "Plan"),
        "kgi": ("KGI（重要目標達成指標）", "KGI (key goal indicator)"),
        "kgi_status": ("KGIの状況", "KGI status"),
        "summary": ("評価の概要", "Summary of the evaluation"),
        "grade_counts": ("評価区分別の指標数", "Indicators by grade"),
        "grades_chart": ("評価区分の分布", "Grades"),
        "scope": ("区分", "Scope"),
        "plan_total": ("プラン全体", "Whole plan"),
        "evaluated": ("評価対象", "Evaluated"),
        "provisional": ("見込みによる暫定評価", "Provisional"),
        "share_ab": ("{grade}以上の割合", "Share {grade} or better"),
        "overall_grade": ("総合評価", "Overall"),
        "provisional_mark": ("暫定", "provisional"),
        "share_ab_note": (
            "評価対象のうち{grade}以上の割合",
            "share of the evaluated indicators graded {grade} or better",
        ),
        # The indicators, measures and their results.
        "official": ("公表評価", "Published grade"),
        "results": ("指標別の評価", "Results by indicator"),
        "indicator": ("指標", "Indicator"),
        "excluded": ("評価対象外", "Not evaluated"),
        "measures": ("施策", "Measures"),
        "measure": ("施策名", "Measure"),
        "description": ("内容", "Description"),
        "deadline": ("期限", "Deadline"),
        "tracked_by": ("関連指標", "Indicators"),
        "indicators": ("主な指標及び工程", "Main indicators and schedule"),
        "divisions": ("担当課", "Responsible divisions"),
        "unit": ("単位", "Unit"),
        "accumulation": ("集計", "Counting"),
        "direction": ("方向", "Direction"),
        "baseline": ("基準値", "Baseline"),
        "headline_goal": ("目標", "Goal"),
        "ladder": ("段階", "Stages"),
        "qualitative": ("定性（PDCA）", "qualitative (PDCA)"),
        "target": ("目標", "Target"),
        "actual": ("実績", "Actual"),
        "rate": ("達成率", "Rate"),
        "grade": ("評価", "Grade"),
        "forecast": ("見通し", "Outlook"),
        "target_too_low": ("目標が低すぎる可能性", "target may be too low"),
        "observations": ("期中の測定値", "Interim measurements"),
        "override": ("評価を手動で設定", "Grade set by hand"),
        "activities": ("取組内容", "Activities"),
        "activities_year": ("{year} 主な取組", "Main activities of {year}"),
        "since": ("{date}より", "from {date}"),
        # Budgets and their execution (予算執行).
        "budgets": ("予算", "Budgets"),
        "budget_year": ("{year}予算", "Budget {year}"),
        "project": ("事業", "Project"),
        "amount": ("金額（{unit}）", "Amount ({unit})"),
        "share": ("構成比", "Share"),
        "note": ("備考", "Note"),
        "total": ("合計", "Total"),
        "status": ("状況", "Status"),
        "change": ("前年度比", "Change on previous year"),
        "initial": ("当初", "Initial"),
        "supplementary": ("補正", "Supplementary"),
        "carried_over": ("繰越", "Carried over"),
        "transfers": ("流用等", "Transfers"),
        "current": ("予算現額", "Current budget"),
        "spent": ("支出済額", "Spent"),
        "carried_forward": ("翌年度繰越額", "Carried forward"),
        "unused": ("不用額", "Unused"),
        # Issues, 案件種別 and marks beside a figure.
        "issues": ("課題とアクション", "Issues and actions"),
        "issue": ("課題", "Issue"),
        "action": ("アクション", "Action"),
        "categories": ("案件種別", "Project categories"),
        "category": ("「{name}」案件", "{name}"),
        "estimate_as_of": ("{date}見込み", "estimate as of {date}"),
        "years_range": ("{first}～{last}", "{first} to {last}"),
        # Revised targets, series and metadata of an indicator.
        "original": ("当初", "original"),
        "revised": ("見直し後", "revised"),
        "source": ("出典", "Source"),
        "national_rank": ("全国順位", "National rank"),
        "series_total": ("総数", "Total"),
    }
)
"""The domain's words that reports print (headings, column heads, marks) → (Japanese, English).

A text may hold ``{name}``-style fields (``{year}予算``); :func:`term` fills them in.
"""


def _pick(pair: tuple[str, str], language: Language) -> str:
    if language == "ja":
        return pair[0]
    if language == "en":
        return pair[1]
    raise ValueError(f"language should be one of {', '.join(LANGUAGES)}, but was {language!r}")


def labelled_enums() -> tuple[type[enum.Enum], ...]:
    """The enums of the model that have labels, in a fixed order.

    Returns:
        ``Direction``, ``Accumulation``, ``ActualStatus``, ``Assessment``,
        ``BudgetStatus``, ``Trend``, ``TargetKind``, ``SeriesRule``, ``YearBasis``,
        ``AmountBasis``.
    """
    return (
        Direction,
        Accumulation,
        ActualStatus,
        Assessment,
        BudgetStatus,
        Trend,
        TargetKind,
        SeriesRule,
        YearBasis,
        AmountBasis,
    )


def label(member: enum.Enum, language: Language = "ja", *, short: bool = False) -> str:
    """The word for an enum member of the model, as reports print it.

    Args:
        member: E.g. ``Accumulation.CUMULATIVE``.
        language: ``ja`` (default) or ``en``.
        short: The shorter word for a narrow column (水準 for 水準・率), where there is one.

    Returns:
        The word, e.g. 累計 or cumulative.

    Raises:
        KeyError: The member is of no labelled enum.
        ValueError: The language is neither ``ja`` nor ``en``.
    """
    pair = _SHORT.get(member) if short else None
    return _pick(pair or _LABELS[member], language)


def _key(text: str) -> str:
    # NFKC so that full-width letters and spaces a spreadsheet keeps read as typed.
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_label(kind: type[_E], text: str) -> _E:
    """The member of ``kind`` that a word names: either language, long or short.

    The member's value (``in_progress``) is read too; English in any letter case,
    full-width forms as their plain ones.

    Args:
        kind: The enum, e.g. ``ActualStatus``.
        text: The word, e.g. ``見込み`` or ``estimate``.

    Returns:
        The member.

    Raises:
        ValueError: No member of ``kind`` has this word; the message lists the words.
    """
    wanted = _key(text)
    for member in kind:
        words = {member.value, *_LABELS.get(member, ()), *_SHORT.get(member, ())}
        if wanted in {_key(str(word)) for word in words}:
            return member
    known = "、".join(_LABELS[m][0] for m in kind if m in _LABELS)
    raise ValueError(f"{text!r} is no {kind.__name__}; write one of {known}")


def forecast_label(status: str, language: Language = "ja") -> str:
    """The words of a forecast status.

    Args:
        status: E.g. ``needs_acceleration`` (:attr:`kpiplan.Forecast.status`).
        language: ``ja`` (default) or ``en``.

    Returns:
        The words, e.g. 加速が必要.

    Raises:
        KeyError: No forecast has this status.
    """
    return _pick(FORECAST_LABELS[status], language)


def applies_label(applies: bool, language: Language = "ja") -> str:
    """該当あり or 該当なし: whether a 案件種別 flag applies, in words.

    Args:
        applies: :attr:`kpiplan.CategoryFlag.applies`.
        language: ``ja`` (default) or ``en``.

    Returns:
        The words.
    """
    return _pick(APPLIES_LABELS[applies], language)


def change_label(kind: str, language: Language = "ja") -> str:
    """The words of a kind of change between two versions of a plan.

    Args:
        kind: E.g. ``estimate_confirmed`` (:attr:`kpiplan.cycle.Change.kind`'s value).
        language: ``ja`` (default) or ``en``.

    Returns:
        The words, e.g. 見込みの確定.

    Raises:
        KeyError: No change has this kind.
    """
    return _pick(CHANGE_LABELS[kind], language)


def term(key: str, language: Language = "ja", **fields: object) -> str:
    """A word the reports print, with its ``{name}``-style fields filled in.

    >>> term("budget_year", year="令和3年度"), term("years_range", "en", first="R3", last="R7")
    ('令和3年度予算', 'R3 to R7')

    Args:
        key: The term's key in :data:`TERMS`, e.g. ``carried_forward`` (翌年度繰越額).
        language: ``ja`` (default) or ``en``.
        **fields: The values of the term's fields, e.g. ``year=`` for ``{year}予算``;
            written as they are, never read as fields themselves.

    Returns:
        The words.

    Raises:
        KeyError: No term has this key, or a field of the term is not given.
        ValueError: The language is neither ``ja`` nor ``en``.
    """
    return _pick(TERMS[key], language).format_map(fields)


def terms(language: Language = "ja") -> dict[str, str]:
    """Every term of :data:`TERMS` in one language, fields left unfilled.

    For an exporter that keeps its own table of words: start from these and add or
    override only the words that are its own.

    Args:
        language: ``ja`` (default) or ``en``.

    Returns:
        A new dict from key to text, e.g. ``{"budget_year": "{year}予算", …}``.

    Raises:
        ValueError: The language is neither ``ja`` nor ``en``.
    """
    return {key: _pick(pair, language) for key, pair in TERMS.items()}
