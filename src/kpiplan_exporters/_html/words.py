"""The page's own words in Japanese and English, and how values are written.

Plan text is data and never translated; only the page's headings and marks are.
Built on public kpiplan names only (``format_amount``, ``FiscalYear``, ``format_date``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from kpiplan import (
    Actual,
    ActualStatus,
    Amount,
    FiscalYear,
    KpiplanError,
    Target,
    YearMonth,
    format_amount,
    format_date,
    vocabulary,
)

__all__ = ["DASH", "Words", "format_number", "format_value"]

DASH: Final = "－"
"""Printed where a plan has no value (no target set, nothing reported)."""

#: The page's own words (layout, or worded unlike the other reports); the domain's
#: words it shares with them come from :data:`kpiplan.vocabulary.TERMS`.
_JA: Final = {
    "report": "進捗状況",
    "contents": "目次",
    "skip": "本文へ移動",
    "provisional_note": "見込み値（確定前の実績）による評価の数",
    "grading": "評価の基準",
    "grading_used_by": "この基準で評価する指標",
    "departs": "計算結果と異なる",
    "departures": "公表評価と計算結果が異なる年度",
    "computed": "計算結果",
    "year": "年度",
    "chart": "{name}の目標と実績（単位: {unit}）",
    "chart_desc": "年度別の目標と実績の棒グラフ。",
    "grades_chart_desc": "区分ごとの評価別指標数の積み上げ棒グラフ。",
    "execution": "予算執行",
    "made_by": "kpiplan {version} で作成",
    "no_value": "値なし",
    "projected": "見込量",
    "rank_target": "全国{rank}位以内",
    "series": "系列",
    "national_rank": "全国{rank}位",
    "revision": "目標の見直し",
    "combined": "系列の統合（{rule}）",
    "combine": "系列の統合方法",
    "data_source": "出典",
    "rationale": "設定根拠",
    "survey": "意識系",
    "survey_yes": "該当（意識調査等による指標）",
    "year_basis": "年の区切り",
    "hatched": "斜線",
    "dotted": "点線",
    "scroll": "表（横にスクロールできます）",
}

_EN: Final = {
    "report": "Progress",
    "contents": "Contents",
    "skip": "Skip to the content",
    "provisional_note": "graded on estimates (見込み), not confirmed actuals",
    "grading": "Grading rule",
    "grading_used_by": "Indicators graded by this rule",
    "departs": "differs from the computed grade",
    "departures": "Years where the published grade differs from the computed one",
    "computed": "computed",
    "year": "Year",
    "chart": "{name}: target and actual (unit: {unit})",
    "chart_desc": "Bar chart of the targets and actuals by fiscal year.",
    "grades_chart_desc": "Stacked bar chart of the number of indicators by grade per scope.",
    "execution": "Budget execution",
    "made_by": "Made with kpiplan {version}",
    "no_value": "no value",
    "projected": "projected volume, not a target",
    "rank_target": "rank {rank} or better nationally",
    "series": "Series",
    "national_rank": "rank {rank} nationally",
    "revision": "Targets revised",
    "combined": "Series combined ({rule})",
    "combine": "Series combined by",
    "data_source": "Data source",
    "rationale": "Why this target",
    "survey": "Survey-based (意識系)",
    "survey_yes": "yes (measured by asking people)",
    "year_basis": "Years counted as",
    "hatched": "hatched",
    "dotted": "dotted",
    "scroll": "table (scrolls sideways)",
}


#: The page's keys for a term of :data:`kpiplan.vocabulary.TERMS` kept under another name.
_SAME_AS: Final = {
    "grading_source": "source",
    "rank_label": "national_rank",
    "total_row": "series_total",
}


def _vocabulary_words(language: vocabulary.Language) -> dict[str, str]:
    """The page's words that name the model's own things, as kpiplan.vocabulary says them."""
    pick = 0 if language == "ja" else 1
    words = {
        key: vocabulary.POSITIONING_LABELS[key][pick] for key in ("society", "goal", "strategy")
    }
    words["applies"] = vocabulary.applies_label(True, language)
    words["not_applies"] = vocabulary.applies_label(False, language)
    words["estimate"] = vocabulary.label(ActualStatus.ESTIMATE, language)
    words["pending"] = vocabulary.label(ActualStatus.IN_PROGRESS, language)
    words["preliminary"] = vocabulary.label(ActualStatus.PRELIMINARY, language)
    return words


def _era_or(write: Callable[[], str], fallback: Callable[[], str]) -> str:
    # Era forms exist from Meiji on; older years fall back to the western form.
    try:
        return write()
    except KpiplanError:
        return fallback()


def _written(fy: FiscalYear) -> str | None:
    """The short name of a year in the ended era the plan wrote it in (H34), if so."""
    era = fy.named_era
    if era is None:
        return None
    return f"{era.letter}{fy.year - era.start.year + 1}"


class Words:
    """The page's words and value formats in one language."""

    def __init__(self, language: str) -> None:
        """Words for ``language``.

        Args:
            language: ``ja`` or ``en``.
        """
        self.language = language
        self.lang: vocabulary.Language = "ja" if language == "ja" else "en"
        shared = vocabulary.terms(self.lang)
        self._words = {
            **shared,
            **{key: shared[same] for key, same in _SAME_AS.items()},
            **(_JA if language == "ja" else _EN),
            **_vocabulary_words(self.lang),
        }

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def enum(self, member: enum.Enum) -> str:
        """An enum of the model in words, from :mod:`kpiplan.vocabulary` (累計, 見込み …)."""
        return vocabulary.label(member, self.lang)

    def year(self, fy: FiscalYear) -> str:
        """A fiscal year as a heading writes it: 令和3年度, or FY2021 (R3).

        A year the plan wrote in an ended era keeps that name beside it:
        令和4年度（平成34年度）.
        """
        if self.language == "ja":
            return _era_or(fy.display, fy.western)
        shown = _era_or(fy.short, fy.western)
        written = _written(fy)
        return f"{fy.western()} ({shown if written is None else f'{shown}, {written}'})"

    def year_short(self, fy: FiscalYear) -> str:
        """A fiscal year in a column head: R3, or FY2021; a year the plan wrote in an
        ended era keeps that name beside it: R4（H34）, FY2022 (H34)."""
        shown = _era_or(fy.short, fy.western) if self.language == "ja" else fy.western()
        written = _written(fy)
        return shown if written is None else shown + self.paren(written)

    def paren(self, text: str) -> str:
        """``text`` in brackets: full-width （…） in Japanese, (…) in English."""
        return f"（{text}）" if self.language == "ja" else f" ({text})"

    def date(self, d: dt.date) -> str:
        """A date: R4.3.31 in Japanese, 2022-03-31 in English."""
        if self.language == "ja":
            return _era_or(lambda: format_date(d, "short"), d.isoformat)
        return d.isoformat()

    def long_date(self, d: dt.date) -> str:
        """A date in full: 令和4年3月31日（R4.3.31）, or 2022-03-31."""
        if self.language == "ja":
            return _era_or(
                lambda: f"{format_date(d, 'japanese')}（{format_date(d, 'short')}）", d.isoformat
            )
        return d.isoformat()

    def month(self, month: YearMonth) -> str:
        """A month of an interim measurement: R3.4, or 2021-04."""
        if self.language == "ja":
            return _era_or(month.short, month.iso)
        return month.iso()

    def estimate(self, actual: Actual) -> str | None:
        """The mark of a figure still to be confirmed: 見込み with its date when known,
        or 速報値; None for any other actual."""
        if actual.status is ActualStatus.PRELIMINARY:
            return self["preliminary"]
        if not actual.is_estimate:
            return None
        if actual.as_of is None:
            return self["estimate"]
        return self["estimate_as_of"].format(date=self.date(actual.as_of))


def format_number(value: Decimal) -> str:
    """A bare number with thousands separators and no trailing zeros (``95,027``)."""
    if value.is_zero():
        return "0"
    return format(value.normalize(), ",f")


def format_value(value: Decimal, unit: str | None) -> str:
    """A number with its unit as plans write it (``1,800件``, ``87%``)."""
    if unit is None:
        return format_number(value)
    try:
        return format_amount(Amount(value, unit))
    except (KpiplanError, TypeError):
        return format_number(value) + unit


def percent(value: Decimal | None) -> str:
    """A published rate or share, keeping its decimal place: ``105.6%``, or －."""
    return DASH if value is None else f"{value:,f}%"


def target_text(target: Target, unit: str | None, words: Words) -> str:
    """A target's cell text: ``2,000件``, ``60%～80%``, ``運用``, ``延伸``, ``全国5位以内``.

    A trend, rank or deliberately absent target shows the words the plan printed,
    else its kind in words; a projected volume (見込量) is marked as one.
    """
    if target.value is not None:
        shown = format_value(target.value, unit)
        return f"{shown}{words.paren(words['projected'])}" if target.projected else shown
    if target.minimum is not None or target.maximum is not None:
        low = format_value(target.minimum, unit) if target.minimum is not None else ""
        high = format_value(target.maximum, unit) if target.maximum is not None else ""
        return f"{low}～{high}"
    if target.stage or target.statement:
        return target.stage or target.statement or DASH
    if target.printed is not None:
        return target.printed
    if target.trend is not None:
        return words.enum(target.trend)
    if target.rank is not None:
        return words["rank_target"].format(rank=target.rank)
    reason = words.paren(target.no_target) if target.no_target else ""
    return words.enum(target.kind) + reason


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
