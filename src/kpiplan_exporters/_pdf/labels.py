"""The words of the PDF report, in Japanese and English, and how values are written.

Plan text is data and never translated; only the report's own headings and marks are.
Nothing here imports reportlab.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from typing import Final

from kpiplan import (
    Accumulation,
    Actual,
    ActualStatus,
    Amount,
    Assessment,
    BudgetStatus,
    Direction,
    Era,
    FiscalYear,
    KpiplanError,
    Target,
    TargetKind,
    YearBasis,
    YearMonth,
    format_amount,
    format_date,
    vocabulary,
)
from kpiplan.vocabulary import Language

__all__ = [
    "DASH",
    "LANGUAGES",
    "Labels",
    "actual_text",
    "format_number",
    "format_value",
    "labels_for",
    "target_text",
]

#: The dash printed where a plan has no value (no target set, nothing reported).
DASH: Final = "－"

#: The report's own words (layout, or worded unlike the other reports); the domain's
#: words it shares with them come from :data:`kpiplan.vocabulary.TERMS`.
_JA: Final[dict[str, str]] = {
    "report": "進捗状況報告書",
    "indicator_count": "指標数",
    "fiscal_year": "年度",
    "provisional_note": "見込み値（確定前の実績）による評価の数",
    "grade_legend": "評価区分",
    "rule": "評価基準",
    "rule_source": "出典",
    "differs": "相違",
    "csf": "CSF（重要成功要因）",
    "chart": "目標と実績",
    "notes": "注記",
    "page": "{page} / ",
    "cover": "表紙",
    "combined": "統合",
    "combine": "系列の統合",
    "revision": "目標の見直し",
    "rationale": "設定根拠",
    "survey": "意識系指標（調査による）",
    "rank_place": "全国{rank}位",
    "rank_among": "（{among}中）",
    "rank_target": "全国{rank}位以内",
    "projected": "見込量",
    "no_target_reason": "設定しない（{reason}）",
    "ungraded": "評価しない年度",
    "baseline_note": "基準値の注記",
}

_EN: Final[dict[str, str]] = {
    "report": "Progress report",
    "indicator_count": "Number of indicators",
    "fiscal_year": "Fiscal year",
    "provisional_note": "graded on estimates, not confirmed actuals",
    "grade_legend": "Grades",
    "rule": "Grading rule",
    "rule_source": "source",
    "differs": "differs",
    "csf": "CSF (critical success factor)",
    "chart": "Target and actual",
    "notes": "Notes",
    "page": "{page} / ",
    "cover": "Cover",
    "combined": "Combined",
    "combine": "Series combined by",
    "revision": "Target revision",
    "rationale": "Rationale",
    "survey": "survey-based indicator",
    "rank_place": "No. {rank}",
    "rank_among": " of {among}",
    "rank_target": "top {rank} nationally",
    "projected": "projected",
    "no_target_reason": "no target ({reason})",
    "ungraded": "Years not graded",
    "baseline_note": "Baseline note",
}

#: The report's keys for a term of :data:`kpiplan.vocabulary.TERMS` kept under another name.
_SAME_AS: Final[dict[str, str]] = {"measure_target": "target", "links": "tracked_by"}

#: The report's words that are the model's words: asked of :mod:`kpiplan.vocabulary`.
_VOCABULARY: Final[dict[str, enum.Enum]] = {
    "pending": ActualStatus.IN_PROGRESS,
    "estimate": ActualStatus.ESTIMATE,
    "preliminary": ActualStatus.PRELIMINARY,
    "calendar_year": YearBasis.CALENDAR,
}

LANGUAGES: Final = vocabulary.LANGUAGES
"""The report languages: Japanese (the default) and English."""


class Labels:
    """The report's words and value formats in one language."""

    def __init__(self, language: Language) -> None:
        """Labels for ``language``.

        Args:
            language: ``ja`` or ``en``.
        """
        self.language: Language = language
        shared = vocabulary.terms(language)
        self._words = {
            **shared,
            **{key: shared[same] for key, same in _SAME_AS.items()},
            **(_JA if language == "ja" else _EN),
        }

    def __getitem__(self, key: str) -> str:
        member = _VOCABULARY.get(key)
        if member is not None:
            return vocabulary.label(member, self.language)
        if key in vocabulary.POSITIONING_LABELS:
            ja, en = vocabulary.POSITIONING_LABELS[key]
            return ja if self.language == "ja" else en
        return self._words[key]

    def heading(self, key: str) -> str:
        """The word of ``key`` as a column heading: capitalized in English."""
        text = self[key]
        return text[:1].upper() + text[1:]

    @property
    def pdf_language(self) -> str:
        """The document language tag written into the PDF (``ja-JP``, ``en``)."""
        return "ja-JP" if self.language == "ja" else "en"

    def year(self, fy: FiscalYear) -> str:
        """A fiscal year as a heading writes it: 令和3年度, or FY2021 (R3); a year the
        plan wrote in an ended era also as written: 令和4年度（平成34年度）, FY2022 (H34)."""
        if self.language == "ja":
            return _guard(fy.display, fy.western)
        return f"{fy.western()} ({_guard(fy.short, fy.western)}{_as_written(fy, ', ')})"

    def year_column(self, fy: FiscalYear, written_in: Era | None = None) -> str:
        """A year as a column heading: R3 (FY2021), and beneath it （H34） when the
        plan writes its years in an ended era (``written_in``: Heisei, for 平成34年度)."""
        first = _guard(fy.short, fy.western) if self.language == "ja" else fy.western()
        if written_in is None or fy.era == written_in:
            return first
        return f"{first}\n{self.paren(_as_written(fy, '', written_in), alone=True)}"

    def year_short(self, fy: FiscalYear) -> str:
        """A fiscal year in short: R3 in Japanese (FY2021 before Meiji), FY2021 in English."""
        if self.language == "ja":
            return _guard(fy.short, fy.western)
        return fy.western()

    def paren(self, text: str, *, alone: bool = False) -> str:
        """``text`` in brackets: full-width （…） in Japanese, `` (…)`` in English.

        Args:
            text: What goes inside.
            alone: The brackets stand on a line of their own (no leading space).

        Returns:
            The bracketed text.
        """
        if self.language == "ja":
            return f"（{text}）"
        return f"({text})" if alone else f" ({text})"

    def date(self, d: dt.date) -> str:
        """A date: R4.3.31 in Japanese, 2022-03-31 in English."""
        if self.language == "ja":
            try:
                return format_date(d, "short")
            except KpiplanError:
                return format_date(d, "iso")
        return format_date(d, "iso")

    def long_date(self, d: dt.date) -> str:
        """A date in full: 令和4年3月31日（R4.3.31）, or 2022-03-31."""
        if self.language == "ja":
            try:
                return f"{format_date(d, 'japanese')}（{format_date(d, 'short')}）"
            except KpiplanError:
                return format_date(d, "iso")
        return format_date(d, "iso")

    def month(self, month: YearMonth) -> str:
        """A month of an interim measurement: R3.4, or 2021-04."""
        if self.language == "ja":
            return _guard(month.short, month.iso)
        return month.iso()

    def direction(self, direction: Direction) -> str:
        """Which way is good, in words."""
        return vocabulary.label(direction, self.language)

    def accumulation(self, accumulation: Accumulation) -> str:
        """How values add up, in words (累計 …)."""
        return vocabulary.label(accumulation, self.language)

    def budget_status(self, status: BudgetStatus) -> str:
        """Where a budget stands (要求中 …)."""
        return vocabulary.label(status, self.language)

    def assessment(self, assessment: Assessment) -> str:
        """The owner's assessment of a statement target."""
        return vocabulary.label(assessment, self.language)

    def applies(self, applies: bool) -> str:
        """該当あり or 該当なし."""
        return vocabulary.applies_label(applies, self.language)

    def forecast(self, status: str) -> str:
        """A forecast's status in words (順調 …)."""
        return vocabulary.forecast_label(status, self.language)

    def explained(self, ja: str, en: str) -> str:
        """An explanation the evaluation wrote in both languages, in this one (the
        Japanese one already writes dates as the report does: R4.3.31時点)."""
        return ja if self.language == "ja" else en

    def revision_date(self, decided: dt.date | YearMonth) -> str:
        """When a revision was decided: 平成31年3月31日 (a date) or 平成31年3月, in
        Japanese; 2019-03-31 or 2019-03 in English."""
        if isinstance(decided, YearMonth):
            return _guard(decided.japanese, decided.iso) if self.language == "ja" else decided.iso()
        if self.language == "ja":
            try:
                return format_date(decided, "japanese")
            except KpiplanError:
                return format_date(decided, "iso")
        return format_date(decided, "iso")

    def target(self, target: Target, unit: str | None) -> str:
        """A target's cell text in this language: the number or words (:func:`target_text`),
        a direction as printed (延伸) or in words (増加), 全国5位以内, 設定しない with the
        plan's reason, a projected volume marked 見込量."""
        kind = target.kind
        if kind is TargetKind.TREND:
            assert target.trend is not None
            return target.printed or vocabulary.label(target.trend, self.language)
        if kind is TargetKind.RANK:
            return target.printed or self["rank_target"].format(rank=target.rank)
        if kind is TargetKind.NONE:
            return self["no_target_reason"].format(reason=target.printed or target.no_target)
        text = target_text(target, unit)
        if target.projected:
            text += self.paren(self["projected"])
        return text

    def rank(self, rank: int, among: int | None) -> str:
        """A 全国順位: 全国12位（47中）, or No. 12 of 47."""
        text = self["rank_place"].format(rank=rank)
        return text + self["rank_among"].format(among=among) if among is not None else text

    def estimate(self, actual: Actual) -> str:
        """The 見込み mark of an estimate, with its date when known."""
        if actual.as_of is None:
            return self["estimate"]
        return self["estimate_as_of"].format(date=self.date(actual.as_of))


def _as_written(fy: FiscalYear, before: str, era: Era | None = None) -> str:
    """The year in the ended era the plan wrote it in (H34), after ``before``; or ''."""
    era = era or fy.named_era
    if era is None:
        return ""
    return f"{before}{era.letter}{fy.year - era.start.year + 1}"


def _guard(write: object, fallback: object) -> str:
    # Era forms exist from Meiji on; older years fall back to the western form.
    try:
        return str(write())  # type: ignore[operator]
    except KpiplanError:
        return str(fallback())  # type: ignore[operator]


@functools.cache
def labels_for(language: Language) -> Labels:
    """The labels of a report language.

    Args:
        language: ``ja`` or ``en``.

    Returns:
        The labels.
    """
    return Labels(language)


@functools.lru_cache(maxsize=8192)
def format_value(value: Decimal, unit: str | None) -> str:
    """A number with its unit as plans write it (``1,800件``, ``87%``).

    Args:
        value: The exact number.
        unit: The unit's symbol, or None for a bare number.

    Returns:
        The text; a unit kpiplan does not know is appended as written.
    """
    if unit is None:
        return format_number(value)
    try:
        return format_amount(Amount(value, unit))
    except (KpiplanError, TypeError):
        return format_number(value) + unit


def format_number(value: Decimal) -> str:
    """A bare number with thousands separators and no trailing zeros (``95,027``).

    Args:
        value: The exact number.

    Returns:
        The text.
    """
    if value.is_zero():
        return "0"
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return format(Decimal((sign, tuple(kept), exponent)), ",f")


def target_text(target: Target, unit: str | None) -> str:
    """A target's cell text: ``2,000件``, ``60～80%``, ``運用`` or the statement."""
    if target.value is not None:
        return format_value(target.value, unit)
    if target.minimum is not None or target.maximum is not None:
        low = format_value(target.minimum, unit) if target.minimum is not None else ""
        high = format_value(target.maximum, unit) if target.maximum is not None else ""
        return f"{low}～{high}"
    return target.stage or target.statement or DASH


def actual_text(actual: Actual, unit: str | None) -> str:
    """An actual's main text: its number, stage or the words it was reported in."""
    if actual.status is ActualStatus.NOT_REPORTED:
        return DASH
    shown = format_value(actual.value, unit) if actual.value is not None else actual.stage
    if actual.text is None:
        return shown or DASH
    if shown is None or shown in actual.text:
        return actual.text
    return f"{shown}（{actual.text}）"
