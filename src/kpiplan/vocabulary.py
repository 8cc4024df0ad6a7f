"""The Japanese and English words of kpiplan's model, in one place.

Every exporter, reader and command that shows an enum of the model (方向, 集計, 状態,
評価, 予算の状況), a forecast status or a 案件種別 flag asks here, so a word is
changed once and a reader parses what a writer wrote. Grade words belong to the
grade scale (:class:`kpiplan.GradeScale`), because a grading rule brings its own.

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
    "Language",
    "applies_label",
    "change_label",
    "forecast_label",
    "label",
    "labelled_enums",
    "parse_label",
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
