"""Japanese fiscal years (年度), eras (元号), months and dates.

A Japanese fiscal year begins on 1 April and is named after the western year in which
it begins: FY2022 (令和4年度, R4) runs from 2022-04-01 to 2023-03-31. Plans write years
and dates in era form (令和4年度, R4, R4.3.31) or western form (FY2022, 2022-03-31);
this module reads all of them and writes each form back.

Parsing is strict: text that could mean two things, or names a year or date outside
its era, raises :class:`~kpiplan.FiscalYearError` with the reason. Parsing is cached,
because plan files repeat the same few years in thousands of cells.

It is longer than most modules (about 800 lines) on purpose: the eras table, the year,
month and date types and every written form they read and write (平成32年度 as written,
calendar years, full-width digits, 元年) are one concern, and keeping their parsers
side by side is what keeps them consistent.
"""

from __future__ import annotations

import calendar
import functools
import operator
import re
import unicodedata
from datetime import date, datetime
from typing import Any, Literal, TypeAlias, overload

import attrs

from kpiplan._errors import FiscalYearError

__all__ = [
    "ERAS",
    "ERA_TOKENS",
    "Era",
    "FiscalYear",
    "YearLike",
    "YearMonth",
    "format_date",
    "parse_date",
]


@attrs.frozen
class Era:
    """A Japanese era (元号) of the modern calendar, from Meiji on."""

    name: str
    """The era's name in kanji, e.g. ``"令和"``."""

    letter: str
    """The one-letter abbreviation used in short forms, e.g. ``"R"`` in ``R4``."""

    romaji: str
    """The era's name in Latin letters, e.g. ``"Reiwa"``."""

    start: date
    """The era's first day, e.g. 2019-05-01 for Reiwa."""

    end: date | None
    """The era's last day, e.g. 2019-04-30 for Heisei; ``None`` for the current era."""


ERAS: tuple[Era, ...] = (
    Era("明治", "M", "Meiji", date(1868, 10, 23), date(1912, 7, 29)),
    Era("大正", "T", "Taisho", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", "Showa", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", "Heisei", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", "Reiwa", date(2019, 5, 1), None),
)
"""The eras kpiplan knows, oldest first. Meiji starts on its proclamation, 1868-10-23."""

MIN_YEAR = 1868
"""The first fiscal year kpiplan accepts (明治元年度)."""

MAX_YEAR = 9998
"""The last fiscal year kpiplan accepts; FY9998 ends on 9999-03-31, the last
fiscal-year end a :class:`datetime.date` can hold."""

_ERAS_NEWEST_FIRST = tuple(reversed(ERAS))
_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_TOKEN[_era.name] = _era
    _ERA_BY_TOKEN[_era.letter] = _era
    _ERA_BY_TOKEN[_era.letter.lower()] = _era
del _era

ERA_TOKENS: frozenset[str] = frozenset(_ERA_BY_TOKEN)
"""Every way an era may be named: 平成, H, h, 令和, R, r …"""

_KNOWN_ERAS = "one of M, T, S, H, R or 明治, 大正, 昭和, 平成, 令和"
_FY_EXAMPLES = "expected a fiscal year such as R4, 令和4年度, FY2022 or 2022年度"
_MONTH_EXAMPLES = "expected a month such as R3.4, 令和3年4月, 2021-04 or 2021年4月"
_DATE_EXAMPLES = (
    "expected a date such as R4.3.31, 令和4年3月31日, 2022-03-31, 2022/3/31 or 2022年3月31日"
)

# The era token is matched loosely (any letters) so that an unknown era is reported
# as such; digits are ASCII only (text is NFKC-normalised first).
_ERA = r"(?P<era>[^\W\d_]+?)\s*(?P<num>[0-9]+|元)"
_FY_ERA_RE = re.compile(_ERA + r"\s*(?P<suffix>年度|年)?")
_FY_WESTERN_RE = re.compile(r"(?:(?P<fy>[Ff][Yy])\s*)?(?P<year>[0-9]+)\s*(?P<suffix>年度|年)?")
_ERA_ONLY_RE = re.compile(r"[^\W\d_]+")
_YM_ERA_RE = re.compile(_ERA + r"\s*(?:\.\s*(?P<m1>[0-9]{1,2})|年\s*(?P<m2>[0-9]{1,2})\s*月)")
_YM_WESTERN_RE = re.compile(
    r"(?P<year>[0-9]{4})\s*(?:[-/]\s*(?P<m1>[0-9]{1,2})|年\s*(?P<m2>[0-9]{1,2})\s*月)"
)
_DATE_ERA_RE = re.compile(
    _ERA + r"\s*(?:\.\s*(?P<m1>[0-9]{1,2})\s*\.\s*(?P<d1>[0-9]{1,2})"
    r"|年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*日)"
)
_DATE_WESTERN_RE = re.compile(
    r"(?P<year>[0-9]{4})\s*(?:(?P<sep>[-/])\s*(?P<m1>[0-9]{1,2})\s*(?P=sep)\s*(?P<d1>[0-9]{1,2})"
    r"|年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*日)"
)


def _normalise(text: object, what: str) -> str:
    """NFKC-normalise and strip ``text``, refusing anything but a non-empty str."""
    if not isinstance(text, str):
        raise FiscalYearError(text, f"expected a str such as {what}, but got {type(text).__name__}")
    return unicodedata.normalize("NFKC", text).strip()


def _check_int(cls: str, field: str, value: object, low: int, high: int) -> None:
    """Raise unless ``value`` is an int (not a bool) within ``[low, high]``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise FiscalYearError(
            value,
            f"`{cls}.{field}` should be an int, but was {value!r} ({type(value).__name__})",
        )
    if not low <= value <= high:
        raise FiscalYearError(
            value, f"`{cls}.{field}` should be in range [{low}, {high}], but was {value}"
        )


def _era_of_year(year: int) -> Era:
    """The latest era that began in or before the western ``year``."""
    for era in _ERAS_NEWEST_FIRST:
        if era.start.year <= year:
            return era
    return ERAS[0]


def _era_of_date(d: date) -> Era | None:
    """The era in effect on ``d``, or ``None`` before Meiji."""
    for era in _ERAS_NEWEST_FIRST:
        if era.start <= d:
            return era
    return None


def _era_year_text(n: int) -> str:
    """``"元"`` for an era's first year, else the number."""
    return "元" if n == 1 else str(n)


def _lookup_era(text: str, token: str) -> Era:
    """The era named by ``token`` (a kanji name or a letter in either case)."""
    era = _ERA_BY_TOKEN.get(token)
    if era is None:
        raise FiscalYearError(text, f"unknown era {token!r}; expected {_KNOWN_ERAS}")
    return era


def _era_number(text: str, num: str) -> int:
    """The era year written as digits or 元; year 0 does not exist."""
    if num == "元":
        return 1
    if len(num) > 5:
        raise FiscalYearError(text, f"era year {num} is far beyond any year kpiplan accepts")
    n = int(num)
    if n == 0:
        raise FiscalYearError(text, "era year 0 does not exist; 元年 is year 1")
    return n


def _check_western_year(text: str, year: int, low: int = MIN_YEAR, high: int = MAX_YEAR) -> None:
    if not low <= year <= high:
        raise FiscalYearError(text, f"year {year} is outside the supported range {low} to {high}")


def _check_month(text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise FiscalYearError(text, f"month {month} is not a month; expected 1 to 12")


def _check_day(text: str, year: int, month: int, day: int) -> None:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise FiscalYearError(
            text,
            f"day {day} does not exist in {calendar.month_name[month]} {year}, "
            f"which has {last} days",
        )


def _era_not_yet(era: Era) -> str:
    return f"{era.romaji} began on {era.start.isoformat()}"


def _era_over(era: Era) -> str:
    assert era.end is not None
    return f"{era.romaji} ended on {era.end.isoformat()}"


# --------------------------------------------------------------------------- years


# eq/order/hash are written by hand below: they run for every cell of a large plan,
# and comparing the one int directly is several times faster than attrs' tuples.
@attrs.frozen(eq=False, order=False, repr=False)
class FiscalYear:
    """A Japanese fiscal year (年度): 1 April to 31 March of the next western year.

    Build one from its western year (``FiscalYear(2022)``), from text
    (:meth:`parse`) or from a date in it (:meth:`from_date`). Fiscal years order,
    hash, and step by whole years: ``FiscalYear(2022) + 1 == FiscalYear(2023)``.
    """

    year: int = attrs.field()
    """The western year in which the fiscal year begins (on 1 April), 1868 to 9998."""

    written: str | None = attrs.field(default=None, kw_only=True)
    """The text the year was read from, kept only when it names the year in a way
    the canonical form would lose: a year of an era that had ended (平成32年度) or a
    bare year read in the plan's default era (32年度). Not part of equality."""

    named_era: Era | None = attrs.field(default=None, kw_only=True)
    """The era the year was named in when that era had ended before it (Heisei for
    平成32年度); :meth:`display` shows both names."""

    @year.validator
    def _check_year(self, attribute: attrs.Attribute[Any], value: int) -> None:
        _check_int("FiscalYear", "year", value, MIN_YEAR, MAX_YEAR)

    @classmethod
    def parse(
        cls, text: str, *, default_era: str | None = None, calendar: bool = False
    ) -> FiscalYear:
        """Read a fiscal year written in era or western form.

        Accepted forms (after NFKC normalisation, so full-width characters work, and
        with surrounding whitespace stripped): ``令和4年度``, ``令和元年度``, ``令和4``,
        ``R4``, ``R4年度``, ``r4``, ``H30年度``, ``FY2022``, ``FY 2022``, ``fy2022``,
        ``2022年度`` and ``2022``. An era's last fiscal year may be named in either era:
        ``平成31年度`` and ``令和元年度`` are both FY2019.

        Plans made before an era ended name later years in it: ``平成32年度`` and
        ``H32`` are FY2020 (令和2年度). Such a year keeps how it was written
        (:attr:`written`, :attr:`named_era`) and :meth:`display` shows both names.
        A bare era year (``32年度``) is read only in ``default_era``.

        Args:
            text: The fiscal year as written.
            default_era: The era a bare year (``32年度``, ``32``) is read in.
            calendar: Read a calendar year (暦年: ``平成26年``, ``2016年``, ``H26``)
                instead; ``年度`` is then an error.

        Returns:
            The fiscal year.

        Raises:
            FiscalYearError: If ``text`` is not a str, or not a fiscal year in one of
                the accepted forms, or names an era year that does not exist.
        """
        if not isinstance(text, str):
            _normalise(text, "'R4' or '令和4年度'")
        return _parse_fiscal_year(text, default_era, calendar)

    @classmethod
    def coerce(cls, value: YearLike) -> FiscalYear:
        """The fiscal year ``value`` names, in any of the forms the API accepts.

        Every function of kpiplan that takes a fiscal year takes it through this one:
        a :class:`FiscalYear` as it is, text as :meth:`parse` reads it (``"R3"``,
        ``"令和3年度"``, ``"2021年度"``, ``"FY2021"``), and a western year as an int
        (``2021``, or any integer type such as numpy's ``int64`` from a DataFrame).

        Args:
            value: The fiscal year.

        Returns:
            The fiscal year; ``FiscalYear.coerce("R3") == FiscalYear(2021)``.

        Raises:
            FiscalYearError: ``value`` names no fiscal year (the error names it), or
                is of another type (a float, a bool, None …).
        """
        if isinstance(value, FiscalYear):
            return value
        if isinstance(value, str):
            return _parse_fiscal_year(value, None, False)
        if not isinstance(value, bool):
            try:
                year = operator.index(value)
            except TypeError:
                pass
            else:
                return cls(year)
        raise FiscalYearError(
            value,
            f"expected a fiscal year (a FiscalYear, text such as 'R3', '令和3年度' or "
            f"'2021年度', or a western year such as 2021), but got {type(value).__name__}",
        )

    @classmethod
    def from_date(cls, d: date) -> FiscalYear:
        """The fiscal year a date falls in.

        Args:
            d: Any date; January to March belong to the fiscal year begun the
                previous April.

        Returns:
            The fiscal year containing ``d``.

        Raises:
            FiscalYearError: If ``d`` is not a date, or falls outside FY1868 to FY9998.
        """
        if not isinstance(d, date):
            raise FiscalYearError(d, f"expected a date, but got {type(d).__name__}")
        return cls(d.year if d.month >= 4 else d.year - 1)

    @property
    def start(self) -> date:
        """The first day, 1 April of :attr:`year`."""
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        """The last day, 31 March of the following western year."""
        return date(self.year + 1, 3, 31)

    def contains(self, d: date) -> bool:
        """Whether a date falls in this fiscal year.

        Args:
            d: The date to test.

        Returns:
            ``True`` if ``start <= d <= end``.
        """
        return self.start <= d <= self.end

    @property
    def era(self) -> Era:
        """The era used to name the year: the latest one begun in or before :attr:`year`.

        FY2019 is Reiwa (令和元年度), FY1989 Heisei, FY1988 Showa.
        """
        return _era_of_year(self.year)

    @property
    def era_year(self) -> int:
        """The year within :attr:`era`, 1 for the era's first (元年)."""
        return self.year - self.era.start.year + 1

    def japanese(self) -> str:
        """The year in Japanese, e.g. ``"令和4年度"``, ``"令和元年度"``.

        Returns:
            The era name, the era year (元 for 1) and 年度.
        """
        era = self.era
        return f"{era.name}{_era_year_text(self.year - era.start.year + 1)}年度"

    def short(self) -> str:
        """The year in short era form, e.g. ``"R4"``, ``"R1"``.

        Returns:
            The era letter and the era year.
        """
        era = self.era
        return f"{era.letter}{self.year - era.start.year + 1}"

    def display(self, *, calendar: bool = False) -> str:
        """The year for readers: ``令和4年度``, or ``令和2年度（平成32年度）`` as written.

        Args:
            calendar: Name a calendar year (``令和2年（平成32年）``) instead.

        Returns:
            The Japanese name, followed by the name written in an ended era, if any.
        """
        suffix = "年" if calendar else "年度"
        era = self.era
        text = f"{era.name}{_era_year_text(self.year - era.start.year + 1)}{suffix}"
        if self.named_era is not None:
            n = self.year - self.named_era.start.year + 1
            text += f"（{self.named_era.name}{n}{suffix}）"
        return text

    def canonical(self) -> str:
        """The year as plan files write it: ``R4``, or the text it was read from when
        that names it in an ended era or a default era (``平成32年度``)."""
        return self.written if self.written is not None else _short_name(self.year)

    def western(self) -> str:
        """The year in western form, e.g. ``"FY2022"``.

        Returns:
            ``FY`` and the western year the fiscal year begins in.
        """
        return f"FY{self.year}"

    def __repr__(self) -> str:
        if self.written is None:
            return f"FiscalYear(year={self.year})"
        return f"FiscalYear(year={self.year}, written={self.written!r})"

    def __str__(self) -> str:
        # Cached: str() names every year key and error path of a large plan.
        return _short_name(self.year)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is FiscalYear:
            return self.year == other.year
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if other.__class__ is FiscalYear:
            return self.year != other.year
        return NotImplemented

    def __lt__(self, other: FiscalYear) -> bool:
        if other.__class__ is FiscalYear:
            return self.year < other.year
        return NotImplemented

    def __le__(self, other: FiscalYear) -> bool:
        if other.__class__ is FiscalYear:
            return self.year <= other.year
        return NotImplemented

    def __gt__(self, other: FiscalYear) -> bool:
        if other.__class__ is FiscalYear:
            return self.year > other.year
        return NotImplemented

    def __ge__(self, other: FiscalYear) -> bool:
        if other.__class__ is FiscalYear:
            return self.year >= other.year
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.year)

    def __add__(self, other: int) -> FiscalYear:
        if not isinstance(other, int) or isinstance(other, bool):
            return NotImplemented
        return FiscalYear(self.year + other)

    @overload
    def __sub__(self, other: int) -> FiscalYear: ...

    @overload
    def __sub__(self, other: FiscalYear) -> int: ...

    def __sub__(self, other: int | FiscalYear) -> FiscalYear | int:
        if isinstance(other, FiscalYear):
            return self.year - other.year
        if not isinstance(other, int) or isinstance(other, bool):
            return NotImplemented
        return FiscalYear(self.year - other)

    def through(self, last: FiscalYear) -> tuple[FiscalYear, ...]:
        """Every fiscal year from this one to ``last``, both included.

        Args:
            last: The final fiscal year; must not be before this one.

        Returns:
            The fiscal years in order; just ``(self,)`` if ``last == self``.

        Raises:
            FiscalYearError: If ``last`` is not a FiscalYear or is before this one.
        """
        if not isinstance(last, FiscalYear):
            raise FiscalYearError(last, f"expected a FiscalYear, but got {type(last).__name__}")
        if last.year < self.year:
            raise FiscalYearError(last, f"the last fiscal year {last} is before the first, {self}")
        return tuple(FiscalYear(y) for y in range(self.year, last.year + 1))


YearLike: TypeAlias = FiscalYear | str | int
"""A fiscal year as the API takes it: a :class:`FiscalYear`, text such as ``"R3"``
or ``"令和3年度"``, or the western year as an int (see :meth:`FiscalYear.coerce`)."""


@functools.lru_cache(maxsize=4096)
def _short_name(year: int) -> str:
    return FiscalYear(year).short()


@functools.lru_cache(maxsize=4096)
def _parse_fiscal_year(text: str, default_era: str | None, calendar: bool) -> FiscalYear:
    s = _normalise(text, "'R4' or '令和4年度'")
    if not s:
        raise FiscalYearError(text, f"empty text is not a fiscal year; {_FY_EXAMPLES}")
    other = "年度" if calendar else "年"
    m = _FY_WESTERN_RE.fullmatch(s)
    if m:
        digits, suffix = m["year"], m["suffix"]
        if len(digits) < 4 and not m["fy"]:
            return _bare_year(text, digits, suffix, default_era, calendar)
        if suffix == other:
            raise FiscalYearError(text, _basis_mismatch(digits, calendar))
        if m["fy"] and (suffix or calendar):
            raise FiscalYearError(
                text,
                f"FY names a fiscal year; write {digits}年 for a calendar year"
                if calendar
                else f"write either FY{digits} or {digits}年度, not both",
            )
        if len(digits) != 4:
            raise FiscalYearError(
                text, f"a western fiscal year needs four digits, e.g. FY2022; {_FY_EXAMPLES}"
            )
        year = int(digits)
        _check_western_year(text, year)
        return FiscalYear(year)
    m = _FY_ERA_RE.fullmatch(s)
    if m:
        era = _lookup_era(text, m["era"])
        n = _era_number(text, m["num"])
        if m["suffix"] == other:
            raise FiscalYearError(text, _basis_mismatch(f"{era.name}{m['num']}", calendar))
        return _era_year(text, era, n, calendar)
    if _ERA_ONLY_RE.fullmatch(s):
        era_or_none = _ERA_BY_TOKEN.get(s)
        if era_or_none is not None:
            raise FiscalYearError(
                text,
                f"era {era_or_none.letter} ({era_or_none.romaji}) needs a year number, "
                f"e.g. {era_or_none.letter}4",
            )
    raise FiscalYearError(text, f"not a fiscal year; {_FY_EXAMPLES}")


def _basis_mismatch(name: str, calendar: bool) -> str:
    if calendar:
        return (
            f"{name}年度 is a fiscal year, but this indicator counts calendar years "
            f"(year_basis calendar); write {name}年"
        )
    return (
        f"{name}年 is a calendar year, not a fiscal year; write {name}年度, "
        'or set year_basis = "calendar" on an indicator measured by calendar year (暦年)'
    )


def _era_year(text: str, era: Era, n: int, calendar: bool) -> FiscalYear:
    """Era year ``n`` of ``era``; a year after the era ended is kept as written."""
    year = era.start.year + n - 1
    _check_western_year(text, year)
    begins = date(year, 1, 1) if calendar else date(year, 4, 1)
    if era.end is not None and begins > era.end:
        # Plans made before an era ended name its later years (平成32年度 = FY2020):
        # accepted, and kept as written so that no output hides it.
        return FiscalYear(year, written=text.strip(), named_era=era)
    return FiscalYear(year)


def _bare_year(
    text: str, digits: str, suffix: str | None, default_era: str | None, calendar: bool
) -> FiscalYear:
    """A year without its era (32年度), read in the plan's default era."""
    if default_era is None:
        raise FiscalYearError(
            text,
            f"{digits}{suffix or ''} names no era; write it with its era (平成{digits}年度), or "
            'state the plan\'s default_era (e.g. default_era = "平成")',
        )
    other = "年度" if calendar else "年"
    if suffix == other:
        raise FiscalYearError(text, _basis_mismatch(digits, calendar))
    era = _lookup_era(text, default_era)
    n = _era_number(text, digits)
    found = _era_year(text, era, n, calendar)
    return FiscalYear(found.year, written=text.strip(), named_era=found.named_era)


# --------------------------------------------------------------------------- months


@attrs.frozen(order=True)
class YearMonth:
    """A calendar month, for interim observations such as ``R3.4 38%`` (April 2021)."""

    year: int = attrs.field()
    """The western year, 1868 to 9999."""

    month: int = attrs.field()
    """The month, 1 (January) to 12 (December)."""

    @year.validator
    def _check_year(self, attribute: attrs.Attribute[Any], value: int) -> None:
        _check_int("YearMonth", "year", value, MIN_YEAR, 9999)

    @month.validator
    def _check_month(self, attribute: attrs.Attribute[Any], value: int) -> None:
        _check_int("YearMonth", "month", value, 1, 12)

    def __attrs_post_init__(self) -> None:
        meiji = ERAS[0].start
        if (self.year, self.month) < (meiji.year, meiji.month):
            raise FiscalYearError(
                (self.year, self.month),
                f"`YearMonth` should be {meiji.year}-{meiji.month:02d} (the month Meiji "
                f"began) or later, but was {self.year}-{self.month:02d}",
            )

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Read a month written in era or western form.

        Accepted forms (after NFKC normalisation and stripping): ``R3.4``,
        ``令和3年4月``, ``令和元年5月``, ``2021-04``, ``2021/4`` and ``2021年4月``. An
        era month must overlap the era: ``H31.4`` and ``R1.5`` are valid, ``H31.5``
        and ``R1.4`` are not.

        Args:
            text: The month as written.

        Returns:
            The month.

        Raises:
            FiscalYearError: If ``text`` is not a str, or not a month in one of the
                accepted forms, or names a month outside its era.
        """
        if not isinstance(text, str):
            _normalise(text, "'R3.4' or '令和3年4月'")
        return _parse_year_month(text)

    @property
    def _era(self) -> Era:
        # The era in effect on the 1st; October 1868 (Meiji began on the 23rd) is Meiji.
        return _era_of_date(date(self.year, self.month, 1)) or ERAS[0]

    def short(self) -> str:
        """The month in short era form, e.g. ``"R3.4"``.

        The era is the one in effect on the 1st of the month: 2019-04 is ``H31.4``,
        2019-05 ``R1.5``.

        Returns:
            Era letter, era year, a dot and the month.
        """
        era = self._era
        return f"{era.letter}{self.year - era.start.year + 1}.{self.month}"

    def japanese(self) -> str:
        """The month in Japanese, e.g. ``"令和3年4月"``, ``"令和元年5月"``.

        Returns:
            Era name, era year (元 for 1), 年, month and 月.
        """
        era = self._era
        return f"{era.name}{_era_year_text(self.year - era.start.year + 1)}年{self.month}月"

    def iso(self) -> str:
        """The month in ISO 8601 form, e.g. ``"2021-04"``.

        Returns:
            Four-digit year, a hyphen and the two-digit month.
        """
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def fiscal_year(self) -> FiscalYear:
        """The fiscal year the month belongs to; January to March go to the previous one."""
        return FiscalYear(self.year if self.month >= 4 else self.year - 1)

    def __str__(self) -> str:
        return self.short()


@functools.lru_cache(maxsize=4096)
def _parse_year_month(text: str) -> YearMonth:
    s = _normalise(text, "'R3.4' or '令和3年4月'")
    if not s:
        raise FiscalYearError(text, f"empty text is not a month; {_MONTH_EXAMPLES}")
    m = _YM_WESTERN_RE.fullmatch(s)
    if m:
        year, month = int(m["year"]), int(m["m1"] or m["m2"])
        _check_month(text, month)
        _check_western_year(text, year, MIN_YEAR, 9999)
        return _year_month(text, year, month)
    m = _YM_ERA_RE.fullmatch(s)
    if m:
        era = _lookup_era(text, m["era"])
        n = _era_number(text, m["num"])
        month = int(m["m1"] or m["m2"])
        _check_month(text, month)
        year = era.start.year + n - 1
        _check_western_year(text, year, MIN_YEAR, 9999)
        result = _year_month(text, year, month)
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last < era.start or (era.end is not None and first > era.end):
            over = _era_not_yet(era) if last < era.start else _era_over(era)
            raise FiscalYearError(
                text,
                f"{over}; {era.letter}{n}.{month} is in {result._era.romaji} ({result.short()})",
            )
        return result
    raise FiscalYearError(text, f"not a month; {_MONTH_EXAMPLES}")


def _year_month(text: str, year: int, month: int) -> YearMonth:
    meiji = ERAS[0].start
    if (year, month) < (meiji.year, meiji.month):
        raise FiscalYearError(
            text,
            f"{_era_not_yet(ERAS[0])}; months before {meiji.year}-{meiji.month:02d} "
            "are not supported",
        )
    return YearMonth(year, month)


# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> date:
    """Read a date written in era or western form.

    Accepted forms (after NFKC normalisation and stripping): ``R4.3.31``,
    ``令和4年3月31日``, ``令和元年5月1日``, ``2022-03-31``, ``2022/3/31`` and
    ``2022年3月31日``. An era date must lie within its era: ``H31.4.30`` and
    ``R1.5.1`` are valid, ``H31.5.1`` and ``R1.4.30`` are not.

    Args:
        text: The date as written.

    Returns:
        The date.

    Raises:
        FiscalYearError: If ``text`` is not a str, or not a date in one of the
            accepted forms, or not a day of the calendar, or outside its era.
    """
    if not isinstance(text, str):
        _normalise(text, "'R4.3.31' or '2022-03-31'")
    return _parse_date(text)


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> date:
    s = _normalise(text, "'R4.3.31' or '2022-03-31'")
    if not s:
        raise FiscalYearError(text, f"empty text is not a date; {_DATE_EXAMPLES}")
    m = _DATE_WESTERN_RE.fullmatch(s)
    if m:
        year, month, day = int(m["year"]), int(m["m1"] or m["m2"]), int(m["d1"] or m["d2"])
        if year == 0:
            raise FiscalYearError(text, "year 0 does not exist; expected a year from 1 to 9999")
        _check_month(text, month)
        _check_day(text, year, month, day)
        return date(year, month, day)
    m = _DATE_ERA_RE.fullmatch(s)
    if m:
        era = _lookup_era(text, m["era"])
        n = _era_number(text, m["num"])
        month, day = int(m["m1"] or m["m2"]), int(m["d1"] or m["d2"])
        _check_month(text, month)
        year = era.start.year + n - 1
        _check_western_year(text, year, 1, 9999)
        _check_day(text, year, month, day)
        d = date(year, month, day)
        written = f"{era.letter}{n}.{month}.{day}"
        if d < era.start or (era.end is not None and d > era.end):
            over = _era_not_yet(era) if d < era.start else _era_over(era)
            actual = _era_of_date(d)
            where = (
                f"is in {actual.romaji} ({format_date(d)})"
                if actual is not None
                else "is before it and has no era here"
            )
            raise FiscalYearError(text, f"{over}; {written} {where}")
        return d
    raise FiscalYearError(text, f"not a date; {_DATE_EXAMPLES}")


def format_date(d: date, style: Literal["short", "japanese", "iso"] = "short") -> str:
    """Write a date in one of three styles; the era is the one in effect on ``d``.

    Args:
        d: The date.
        style: ``"short"`` (``R4.3.31``), ``"japanese"`` (``令和4年3月31日``, with 元 for
            an era's first year) or ``"iso"`` (``2022-03-31``).

    Returns:
        The date as text; :func:`parse_date` reads it back.

    Raises:
        FiscalYearError: If ``d`` is not a date (a datetime is refused too), if
            ``style`` is unknown, or if an era style is asked for a date before Meiji
            (1868-10-23).
    """
    if not isinstance(d, date) or isinstance(d, datetime):
        raise FiscalYearError(d, f"expected a date, but got {type(d).__name__}")
    if style == "iso":
        return d.isoformat()
    if style not in ("short", "japanese"):
        raise FiscalYearError(style, "unknown style; expected 'short', 'japanese' or 'iso'")
    era = _era_of_date(d)
    if era is None:
        raise FiscalYearError(
            d, f"{_era_not_yet(ERAS[0])}; {d.isoformat()} has no era, use style 'iso'"
        )
    n = d.year - era.start.year + 1
    if style == "short":
        return f"{era.letter}{n}.{d.month}.{d.day}"
    return f"{era.name}{_era_year_text(n)}年{d.month}月{d.day}日"
