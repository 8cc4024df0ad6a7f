"""Fiscal years, eras, months and dates: every accepted form, every refusal, the
era boundaries, and round trips through each written form."""

from __future__ import annotations

import itertools
from datetime import date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpiplan import ERAS, Era, FiscalYear, FiscalYearError, YearMonth, format_date, parse_date

FY2022 = FiscalYear(2022)
FY2019 = FiscalYear(2019)

fiscal_years = st.integers(1868, 2200).map(FiscalYear)
era_dates = st.dates(min_value=date(1868, 10, 23), max_value=date(2200, 12, 31))
year_months = st.builds(YearMonth, st.integers(1869, 2200), st.integers(1, 12)) | st.builds(
    YearMonth, st.just(1868), st.integers(10, 12)
)


def refused(call: object, *args: object, match: str) -> FiscalYearError:
    """Call and return the FiscalYearError it raises, whose reason must match."""
    assert callable(call)
    with pytest.raises(FiscalYearError, match=match) as info:
        call(*args)
    return info.value


class TestEras:
    def test_table(self) -> None:
        """The five modern eras, oldest first, each starting the day after the last ended."""
        assert [(e.name, e.letter, e.romaji) for e in ERAS] == [
            ("明治", "M", "Meiji"),
            ("大正", "T", "Taisho"),
            ("昭和", "S", "Showa"),
            ("平成", "H", "Heisei"),
            ("令和", "R", "Reiwa"),
        ]
        assert ERAS[0].start == date(1868, 10, 23)
        for before, after in itertools.pairwise(ERAS):
            assert before.end is not None
            assert (after.start - before.end).days == 1
        assert ERAS[-1] == Era("令和", "R", "Reiwa", date(2019, 5, 1), None)

    def test_frozen(self) -> None:
        """Eras cannot be changed."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ERAS[0].name = "x"  # type: ignore[misc]


class TestFiscalYearParse:
    @pytest.mark.parametrize(
        ("text", "year"),
        [
            ("令和4年度", 2022),
            ("令和元年度", 2019),
            ("令和４年度", 2022),
            ("令和4", 2022),
            ("R4", 2022),
            ("R4年度", 2022),
            ("r4", 2022),
            ("Ｒ４", 2022),
            ("R元年度", 2019),
            ("R04", 2022),
            ("H30年度", 2018),
            ("平成31年度", 2019),
            ("H31", 2019),
            ("H1", 1989),
            ("S63", 1988),
            ("昭和63年度", 1988),
            ("S1", 1926),
            ("T15", 1926),
            ("M45", 1912),
            ("M1", 1868),
            ("明治元年度", 1868),
            ("大正2年度", 1913),
            ("FY2022", 2022),
            ("FY 2022", 2022),
            ("fy2022", 2022),
            ("ＦＹ２０２２", 2022),
            ("2022年度", 2022),
            ("２０２２年度", 2022),
            ("2022", 2022),
            ("  R4\t", 2022),
            ("\u3000令和4年度\u3000", 2022),
            ("㋿4", 2022),
            ("㍻30年度", 2018),
        ],
    )
    def test_accepted(self, text: str, year: int) -> None:
        """Each accepted era and western form gives the right fiscal year."""
        assert FiscalYear.parse(text) == FiscalYear(year)

    def test_last_year_of_era_has_two_names(self) -> None:
        """平成31年度 and 令和元年度 are both FY2019; Heisei's first fiscal year is FY1989."""
        assert FiscalYear.parse("平成31年度") == FiscalYear.parse("令和元年度") == FY2019
        assert FiscalYear.parse("平成元年度") == FiscalYear(1989)

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("", "empty text is not a fiscal year"),
            ("   ", "empty text is not a fiscal year"),
            ("R", r"era R \(Reiwa\) needs a year number"),
            ("令和", r"era R \(Reiwa\) needs a year number"),
            ("X5", "unknown era 'X'; expected one of M, T, S, H, R"),
            ("慶応3年度", "unknown era '慶応'"),
            ("R0", "era year 0 does not exist; 元年 is year 1"),
            ("令和0年度", "era year 0 does not exist"),
            ("令和4年", "令和4年 is a calendar year, not a fiscal year; write 令和4年度"),
            ("2022年", "2022年 is a calendar year, not a fiscal year; write 2022年度"),
            ("FY22", "a western fiscal year needs four digits"),
            ("22", "22 names no era; write it with its era"),
            ("32年度", "names no era; .*default_era"),
            ("FY2022年度", "write either FY2022 or 2022年度, not both"),
            ("1867", "outside the supported range 1868 to 9998"),
            ("R7981", "outside the supported range 1868 to 9998"),
            ("R123456789", "far beyond any year"),
            ("R4.1", "not a fiscal year; expected a fiscal year such as R4"),
            ("令和四年度", "not a fiscal year"),
        ],
    )
    def test_refused(self, text: str, why: str) -> None:
        """Each malformed or impossible year is refused with the reason."""
        error = refused(FiscalYear.parse, text, match=why)
        assert error.text == text
        assert isinstance(error, ValueError)

    @pytest.mark.parametrize("value", [2022, None, b"R4", FY2022])
    def test_not_a_str(self, value: object) -> None:
        """Only text is parsed; ints and others are refused, not guessed at."""
        refused(FiscalYear.parse, value, match="expected a str")

    def test_cached(self) -> None:
        """Parsing the same text twice gives the very same object."""
        assert FiscalYear.parse("R3") is FiscalYear.parse("R3")


class TestFiscalYearValue:
    def test_fields_and_bounds(self) -> None:
        """The year must be an int from 1868 to 9998; the message names field, limit and value."""
        assert FiscalYear(1868).year == 1868
        assert FiscalYear(9998).end == date(9999, 3, 31)
        refused(
            FiscalYear,
            1867,
            match=r"`FiscalYear.year` should be in range \[1868, 9998\], but was 1867",
        )
        refused(FiscalYear, 9999, match="but was 9999")
        refused(
            FiscalYear, "2022", match=r"`FiscalYear.year` should be an int, but was '2022' \(str\)"
        )
        refused(FiscalYear, True, match="should be an int")

    def test_start_end_contains(self) -> None:
        """A fiscal year runs from 1 April to 31 March of the next year."""
        assert FY2022.start == date(2022, 4, 1)
        assert FY2022.end == date(2023, 3, 31)
        assert FY2022.contains(date(2022, 4, 1))
        assert FY2022.contains(date(2023, 3, 31))
        assert not FY2022.contains(date(2022, 3, 31))
        assert not FY2022.contains(date(2023, 4, 1))

    @pytest.mark.parametrize(
        ("d", "year"),
        [
            (date(2022, 4, 1), 2022),
            (date(2023, 3, 31), 2022),
            (date(2022, 3, 31), 2021),
            (date(2022, 12, 31), 2022),
            (date(2022, 1, 1), 2021),
        ],
    )
    def test_from_date(self, d: date, year: int) -> None:
        """January to March belong to the fiscal year begun the previous April."""
        assert FiscalYear.from_date(d) == FiscalYear(year)

    def test_from_date_refuses(self) -> None:
        """A date before FY1868 and a non-date are refused."""
        refused(FiscalYear.from_date, date(1868, 3, 31), match="but was 1867")
        refused(FiscalYear.from_date, "2022-04-01", match="expected a date")

    @pytest.mark.parametrize(
        ("year", "era", "era_year", "japanese", "short"),
        [
            (2022, "R", 4, "令和4年度", "R4"),
            (2019, "R", 1, "令和元年度", "R1"),
            (2018, "H", 30, "平成30年度", "H30"),
            (1989, "H", 1, "平成元年度", "H1"),
            (1988, "S", 63, "昭和63年度", "S63"),
            (1926, "S", 1, "昭和元年度", "S1"),
            (1912, "T", 1, "大正元年度", "T1"),
            (1868, "M", 1, "明治元年度", "M1"),
        ],
    )
    def test_formats(self, year: int, era: str, era_year: int, japanese: str, short: str) -> None:
        """A year is named in the latest era begun in or before its western year."""
        fy = FiscalYear(year)
        assert fy.era.letter == era
        assert fy.era_year == era_year
        assert fy.japanese() == japanese
        assert fy.short() == short
        assert str(fy) == short
        assert fy.western() == f"FY{year}"

    def test_arithmetic(self) -> None:
        """Adding or subtracting ints steps by years; two years subtract to their distance."""
        assert FiscalYear(2023) == FY2022 + 1
        assert FiscalYear(2019) == FY2022 - 3
        assert FY2022 - FY2019 == 3
        assert FY2019 - FY2022 == -3
        refused(lambda: FiscalYear(9998) + 1, match="but was 9999")
        with pytest.raises(TypeError):
            FY2022 + 1.5  # type: ignore[operator]
        with pytest.raises(TypeError):
            FY2022 - "R1"  # type: ignore[operator]

    def test_order_and_hash(self) -> None:
        """Fiscal years order by year and work as dict keys."""
        assert FY2019 < FY2022
        assert max(FY2022, FY2019) == FY2022
        assert sorted([FY2022, FY2019]) == [FY2019, FY2022]
        assert {FY2022: 1}[FiscalYear.parse("R4")] == 1

    def test_through(self) -> None:
        """through() lists every year from this one to the last, both included."""
        assert FY2019.through(FY2022) == tuple(FiscalYear(y) for y in range(2019, 2023))
        assert FY2022.through(FY2022) == (FY2022,)
        refused(FY2022.through, FY2019, match="the last fiscal year R1 is before the first, R4")
        refused(FY2022.through, 2023, match="expected a FiscalYear")

    def test_frozen(self) -> None:
        """A fiscal year cannot be changed."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            FY2022.year = 2023  # type: ignore[misc]

    @given(fiscal_years)
    def test_round_trip(self, fy: FiscalYear) -> None:
        """Every written form of a year parses back to it."""
        assert (
            FiscalYear.parse(fy.japanese())
            == FiscalYear.parse(fy.short())
            == FiscalYear.parse(fy.western())
            == FiscalYear.parse(str(fy.year))
            == FiscalYear.parse(f"{fy.year}年度")
            == fy
        )

    @given(st.dates(min_value=date(1869, 4, 1), max_value=date(2200, 12, 31)))
    def test_from_date_contains(self, d: date) -> None:
        """The fiscal year of a date contains it, and no neighbour does."""
        fy = FiscalYear.from_date(d)
        assert fy.contains(d)
        assert not (fy - 1).contains(d)
        assert not (fy + 1).contains(d)


class TestYearMonth:
    @pytest.mark.parametrize(
        ("text", "year", "month"),
        [
            ("R3.4", 2021, 4),
            ("R4.1", 2022, 1),
            ("令和3年4月", 2021, 4),
            ("令和元年5月", 2019, 5),
            ("R1.5", 2019, 5),
            ("H31.4", 2019, 4),
            ("S64.1", 1989, 1),
            ("H1.1", 1989, 1),
            ("M1.10", 1868, 10),
            ("2021-04", 2021, 4),
            ("2021-4", 2021, 4),
            ("2021/4", 2021, 4),
            ("2021年4月", 2021, 4),
            ("２０２１年４月", 2021, 4),
            ("Ｒ３．４", 2021, 4),
            (" r3.4 ", 2021, 4),
        ],
    )
    def test_accepted(self, text: str, year: int, month: int) -> None:
        """Each accepted era and western form gives the right month."""
        assert YearMonth.parse(text) == YearMonth(year, month)

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("", "empty text is not a month"),
            ("H31.5", r"Heisei ended on 2019-04-30; H31.5 is in Reiwa \(R1.5\)"),
            ("R1.4", r"Reiwa began on 2019-05-01; R1.4 is in Heisei \(H31.4\)"),
            ("S64.2", r"Showa ended on 1989-01-07; S64.2 is in Heisei \(H1.2\)"),
            ("M1.9", "Meiji began on 1868-10-23"),
            ("R0.4", "era year 0 does not exist"),
            ("X3.4", "unknown era 'X'"),
            ("2021-13", "month 13 is not a month; expected 1 to 12"),
            ("R3.0", "month 0 is not a month"),
            ("R3", "not a month; expected a month such as R3.4"),
            ("2021-04-01", "not a month"),
            ("令和3年4", "not a month"),
        ],
    )
    def test_refused(self, text: str, why: str) -> None:
        """Each malformed month, or month outside its era, is refused with the reason."""
        refused(YearMonth.parse, text, match=why)

    def test_not_a_str(self) -> None:
        """Only text is parsed."""
        refused(YearMonth.parse, 202104, match="expected a str")

    def test_fields(self) -> None:
        """Year and month are checked; months before Meiji began are refused."""
        refused(
            YearMonth, 2021, 13, match=r"`YearMonth.month` should be in range \[1, 12\], but was 13"
        )
        refused(YearMonth, 1867, 12, match=r"`YearMonth.year` should be in range")
        refused(YearMonth, 1868, 9, match="1868-10 .* or later, but was 1868-09")
        refused(YearMonth, 2021.0, 4, match="should be an int")

    @pytest.mark.parametrize(
        ("year", "month", "short", "japanese", "iso", "fy"),
        [
            (2021, 4, "R3.4", "令和3年4月", "2021-04", 2021),
            (2022, 1, "R4.1", "令和4年1月", "2022-01", 2021),
            (2019, 4, "H31.4", "平成31年4月", "2019-04", 2019),
            (2019, 5, "R1.5", "令和元年5月", "2019-05", 2019),
            (1989, 1, "S64.1", "昭和64年1月", "1989-01", 1988),
            (1989, 2, "H1.2", "平成元年2月", "1989-02", 1988),
            (1868, 10, "M1.10", "明治元年10月", "1868-10", 1868),
        ],
    )
    def test_formats(
        self, year: int, month: int, short: str, japanese: str, iso: str, fy: int
    ) -> None:
        """A month is named in the era in effect on its 1st; Jan-Mar go to the previous FY."""
        ym = YearMonth(year, month)
        assert ym.short() == short
        assert str(ym) == short
        assert ym.japanese() == japanese
        assert ym.iso() == iso
        assert ym.fiscal_year == FiscalYear(fy)

    def test_order(self) -> None:
        """Months order by year, then month."""
        assert YearMonth(2021, 12) < YearMonth(2022, 1) < YearMonth(2022, 2)

    @given(year_months)
    def test_round_trip(self, ym: YearMonth) -> None:
        """Every written form of a month parses back to it."""
        assert (
            YearMonth.parse(ym.short())
            == YearMonth.parse(ym.japanese())
            == YearMonth.parse(ym.iso())
            == YearMonth.parse(f"{ym.year}年{ym.month}月")
            == ym
        )


class TestDates:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("R4.3.31", date(2022, 3, 31)),
            ("令和４年１月１７日", date(2022, 1, 17)),
            ("令和元年5月1日", date(2019, 5, 1)),
            ("R1.5.1", date(2019, 5, 1)),
            ("H31.4.30", date(2019, 4, 30)),
            ("平成31年4月30日", date(2019, 4, 30)),
            ("S64.1.7", date(1989, 1, 7)),
            ("H1.1.8", date(1989, 1, 8)),
            ("M1.10.23", date(1868, 10, 23)),
            ("M45.7.29", date(1912, 7, 29)),
            ("T1.7.30", date(1912, 7, 30)),
            ("2022-03-31", date(2022, 3, 31)),
            ("2022/3/31", date(2022, 3, 31)),
            ("2022年3月31日", date(2022, 3, 31)),
            ("２０２２－０３－３１", date(2022, 3, 31)),
            (" r4.3.31 ", date(2022, 3, 31)),
            ("2024-02-29", date(2024, 2, 29)),
        ],
    )
    def test_accepted(self, text: str, expected: date) -> None:
        """Each accepted era and western form gives the right date."""
        assert parse_date(text) == expected

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("", "empty text is not a date"),
            ("2022-13-01", "month 13 is not a month; expected 1 to 12"),
            ("R4.2.30", "day 30 does not exist in February 2022, which has 28 days"),
            ("2023-02-29", "day 29 does not exist in February 2023"),
            ("R4.4.0", "day 0 does not exist"),
            ("H31.5.1", r"Heisei ended on 2019-04-30; H31.5.1 is in Reiwa \(R1.5.1\)"),
            ("R1.4.30", r"Reiwa began on 2019-05-01; R1.4.30 is in Heisei \(H31.4.30\)"),
            ("S64.1.8", r"Showa ended on 1989-01-07; S64.1.8 is in Heisei \(H1.1.8\)"),
            ("H1.1.7", r"Heisei began on 1989-01-08; H1.1.7 is in Showa \(S64.1.7\)"),
            ("M1.10.22", "Meiji began on 1868-10-23; M1.10.22 is before it"),
            ("令和0年1月1日", "era year 0 does not exist; 元年 is year 1"),
            ("X4.3.31", "unknown era 'X'"),
            ("0000-01-01", "year 0 does not exist"),
            ("2022-3/31", "not a date"),
            ("22-03-31", "not a date"),
            ("R4.3", "not a date"),
            ("2022年3月31", "not a date"),
        ],
    )
    def test_refused(self, text: str, why: str) -> None:
        """Each malformed, impossible or out-of-era date is refused with the reason."""
        refused(parse_date, text, match=why)

    def test_not_a_str(self) -> None:
        """Only text is parsed; a date object is not passed through."""
        refused(parse_date, date(2022, 3, 31), match="expected a str")

    @pytest.mark.parametrize(
        ("d", "short", "japanese"),
        [
            (date(2022, 3, 31), "R4.3.31", "令和4年3月31日"),
            (date(2019, 4, 30), "H31.4.30", "平成31年4月30日"),
            (date(2019, 5, 1), "R1.5.1", "令和元年5月1日"),
            (date(1989, 1, 7), "S64.1.7", "昭和64年1月7日"),
            (date(1989, 1, 8), "H1.1.8", "平成元年1月8日"),
            (date(1926, 12, 24), "T15.12.24", "大正15年12月24日"),
            (date(1926, 12, 25), "S1.12.25", "昭和元年12月25日"),
            (date(1912, 7, 29), "M45.7.29", "明治45年7月29日"),
            (date(1912, 7, 30), "T1.7.30", "大正元年7月30日"),
            (date(1868, 10, 23), "M1.10.23", "明治元年10月23日"),
        ],
    )
    def test_format(self, d: date, short: str, japanese: str) -> None:
        """A date is named in the era in effect on that very day."""
        assert format_date(d) == short
        assert format_date(d, "short") == short
        assert format_date(d, "japanese") == japanese
        assert format_date(d, "iso") == d.isoformat()

    def test_format_refuses(self) -> None:
        """Dates before Meiji have no era; datetimes, non-dates and unknown styles are refused."""
        refused(format_date, date(1868, 10, 22), match="1868-10-22 has no era, use style 'iso'")
        assert format_date(date(1868, 10, 22), "iso") == "1868-10-22"
        refused(format_date, datetime(2022, 3, 31, 12), match="expected a date, but got datetime")
        refused(format_date, "2022-03-31", match="expected a date")
        refused(format_date, date(2022, 3, 31), "long", match="unknown style")

    @given(era_dates, st.sampled_from(["short", "japanese", "iso"]))
    def test_round_trip(self, d: date, style: str) -> None:
        """Every date from Meiji on parses back from each style."""
        assert parse_date(format_date(d, style)) == d  # type: ignore[arg-type]
