"""Tests of kpiplan._units: the unit registry, conversions, parsing and formatting."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan
from kpiplan._errors import KpiplanError, UnitError
from kpiplan._units import (
    Amount,
    check_unit,
    convert,
    format_amount,
    is_money,
    known_units,
    parse_amount,
    registry,
    same_kind,
    unit_kind,
)

MONEY = ("円", "千円", "百万円", "億円")
COUNTS = {
    "件": "case",
    "人": "person",
    "室": "room",
    "手続": "procedure",
    "市町村": "municipality",
    "シナリオ": "scenario",
    "回": "times",
    "箇所": "place",
    "台": "device",
    "校": "school",
    "団体": "organization",
    "事業": "project",
    "時間": "hour",
    "日": "day",
    "戸": "dwelling",
    "世帯": "household",
    "団地": "housing_estate",
    "事業所": "establishment",
    "社": "company",
    "施設": "facility",
    "店舗": "shop",
    "床": "bed",
    "地区": "district",
    "冊": "volume",
    "歩": "step",
}
MULTIPLES = {
    "件": {"万件"},
    "人": {"千人", "万人"},
    "回": {"万回"},
    "時間": {"分"},
}
"""Counts whose kind another unit shares as an exact multiple."""
OTHERS = {
    "ポイント": "percentage_point",
    "分": "hour",
    "か月": "year",
    "年": "year",
    "千人": "person",
    "万人": "person",
    "万件": "case",
    "万回": "times",
    "ha": "area",
    "t": "mass",
    "kg": "mass",
    "kWh": "energy",
    "MWh": "energy",
}
"""The units beyond money, % and counts, with their kinds."""

units = st.deferred(lambda: st.sampled_from(known_units()))
"""Any canonical unit symbol."""

values = st.builds(
    lambda sign, digits, exponent: Decimal((sign, tuple(int(d) for d in digits), exponent)),
    st.integers(0, 1),
    st.from_regex(r"\A[1-9][0-9]{0,14}\Z"),
    st.integers(-10, 10),
) | st.just(Decimal(0))
"""Finite Decimals with up to 15 significant digits."""

amounts = st.builds(Amount, values, units)
"""Any amount in any unit."""


class TestRegistry:
    def test_registry_is_built_once(self) -> None:
        """registry() returns the same registry on every call."""
        assert registry() is registry()

    def test_pint_converts_exactly(self) -> None:
        """The pint registry itself converts 95027 千円 to exactly 95027000 円."""
        quantity = registry().Quantity(Decimal(95027), "千円").to("円")
        assert quantity.magnitude == Decimal(95027000)

    def test_no_si_prefixes(self) -> None:
        """Neither our API nor the registry accept an SI prefix on a Japanese unit."""
        assert registry().parse_unit_name("k円") == ()
        with pytest.raises(UnitError, match="no SI prefix"):
            check_unit("k円")

    def test_import_does_not_import_pint(self) -> None:
        """Importing kpiplan._units in a fresh interpreter leaves pint unimported."""
        source = str(Path(kpiplan.__file__).parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, *sys.path])}
        code = "import sys, kpiplan._units; print('pint' in sys.modules)"
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "False"


class TestCheckUnit:
    @pytest.mark.parametrize("unit", ["%", *MONEY, *COUNTS])
    def test_canonical_symbols_are_known(self, unit: str) -> None:
        """Every unit plans use is known and is its own canonical symbol."""
        assert check_unit(unit) == unit
        assert unit in known_units()

    def test_known_units_sorted(self) -> None:
        """known_units() lists exactly the plan units, sorted."""
        assert known_units() == tuple(sorted(["%", *MONEY, *COUNTS, *OTHERS]))

    @pytest.mark.parametrize(
        ("written", "canonical"),
        [
            ("％", "%"),
            (" 件 ", "件"),
            ("percent", "%"),
            ("thousand_yen", "千円"),
            ("cases", "件"),
            ("か所", "箇所"),
            ("ヶ所", "箇所"),
            ("手続き", "手続"),
        ],
    )
    def test_other_spellings(self, written: str, canonical: str) -> None:
        """Full-width forms, names and listed aliases give the canonical symbol."""
        assert check_unit(written) == canonical

    @pytest.mark.parametrize("unit", ["", "dimensionless", "1", "m", "ドル", "件/人", "Yen"])
    def test_unknown_units(self, unit: str) -> None:
        """An unknown unit is a UnitError that lists the known units."""
        with pytest.raises(UnitError, match="千円, 台") as caught:
            check_unit(unit)
        assert isinstance(caught.value, KpiplanError)
        assert isinstance(caught.value, ValueError)
        assert caught.value.text == unit

    @given(st.text(max_size=8))
    def test_any_text_is_known_or_unit_error(self, text: str) -> None:
        """Any text either names a known unit or raises UnitError, nothing else."""
        with contextlib.suppress(UnitError):
            assert check_unit(text) in known_units()


class TestKinds:
    def test_money(self) -> None:
        """円, 千円, 百万円 and 億円 are money and of one kind; counts are not money."""
        for unit in MONEY:
            assert is_money(unit)
            assert unit_kind(unit) == "currency"
            assert same_kind(unit, "円")
        assert not is_money("件")
        assert not is_money("%")

    @pytest.mark.parametrize(("unit", "kind"), COUNTS.items())
    def test_each_count_is_its_own_kind(self, unit: str, kind: str) -> None:
        """Each count unit has a kind of its own, shared only with its exact multiples."""
        assert unit_kind(unit) == kind
        others = [other for other in known_units() if other != unit]
        sharing = {other for other in others if same_kind(unit, other)}
        assert sharing == MULTIPLES.get(unit, set())

    @pytest.mark.parametrize(("unit", "kind"), OTHERS.items())
    def test_other_kinds(self, unit: str, kind: str) -> None:
        """ポイント, durations, large counts and physical units have the documented kinds."""
        assert unit_kind(unit) == kind

    def test_percentage_points_are_not_percent(self) -> None:
        """A percentage point (ポイント) is a difference of percents, never a percent."""
        assert not same_kind("ポイント", "%")
        with pytest.raises(UnitError, match="percentage_point unit, % a percent unit"):
            convert(3, "ポイント", "%")

    @pytest.mark.parametrize(
        ("value", "source", "target", "expected"),
        [
            (30, "分", "時間", "0.5"),
            (2, "時間", "分", "120"),
            (2, "年", "か月", "24"),
            (18, "か月", "年", "1.5"),
            (Decimal("12.3"), "万人", "人", "123000"),
            (5, "千人", "万人", "0.5"),
            (Decimal("1.5"), "t", "kg", "1500"),
            (3, "MWh", "kWh", "3000"),
        ],
    )
    def test_exact_multiples(
        self, value: Decimal | int, source: str, target: str, expected: str
    ) -> None:
        """Multiples convert exactly, 分 to 時間 included."""
        assert convert(value, source, target) == Decimal(expected)

    def test_inexact_conversion_refused(self) -> None:
        """10 分 is 1/6 時間, no exact decimal: refused, never rounded."""
        with pytest.raises(UnitError, match="10分 has no exact value in 時間"):
            convert(10, "分", "時間")

    def test_percent(self) -> None:
        """% is of the percent kind, not money and no count."""
        assert unit_kind("%") == "percent"
        assert not same_kind("%", "件")

    def test_unknown_unit_in_same_kind(self) -> None:
        """same_kind raises UnitError for an unknown unit instead of answering False."""
        with pytest.raises(UnitError):
            same_kind("件", "k件")


class TestConvert:
    def test_thousand_yen_to_yen(self) -> None:
        """95027 千円 is exactly 95027000 円."""
        result = convert(Decimal(95027), "千円", "円")
        assert result == Decimal(95027000)
        assert str(result) == "95027000"

    def test_oku_to_hyakuman(self) -> None:
        """1 億円 is 100 百万円 and 100 百万円 is 1 億円."""
        assert convert(1, "億円", "百万円") == 100
        assert convert(100, "百万円", "億円") == 1

    def test_down_is_exact(self) -> None:
        """1 円 is exactly 0.00000001 億円, without rounding."""
        assert convert(1, "円", "億円") == Decimal("0.00000001")
        assert convert(Decimal("123456789012345"), "円", "億円") == Decimal("1234567.89012345")

    def test_same_unit(self) -> None:
        """Converting to the same unit keeps the value."""
        assert convert(Decimal("95.8"), "%", "percent") == Decimal("95.8")

    def test_kinds_differ(self) -> None:
        """A conversion between kinds names both units and both kinds."""
        with pytest.raises(UnitError) as caught:
            convert(3, "件", "人")
        assert caught.value.reason == (
            "a 件 value cannot be converted to 人: 件 is a case unit, 人 a person unit"
        )

    def test_hours_are_not_days(self) -> None:
        """時間 and 日 are separate kinds, as 1 時間 is no exact decimal of a 日."""
        with pytest.raises(UnitError, match="hour unit, 日 a day unit"):
            convert(24, "時間", "日")

    def test_percent_is_not_money(self) -> None:
        """A percentage cannot be converted to yen."""
        with pytest.raises(UnitError, match="cannot be converted"):
            convert(1, "%", "円")

    def test_unknown_unit(self) -> None:
        """An unknown unit in a conversion is a UnitError."""
        with pytest.raises(UnitError, match="unknown unit 'k円'"):
            convert(1, "k円", "円")

    @pytest.mark.parametrize("value", [1.5, True, "1", None])
    def test_not_a_number(self, value: object) -> None:
        """Floats, bools and text are refused with TypeError: only Decimal and int are exact."""
        with pytest.raises(TypeError):
            convert(value, "円", "千円")  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Inf")])
    def test_not_finite(self, value: Decimal) -> None:
        """NaN and infinities are refused."""
        with pytest.raises(UnitError, match="finite"):
            convert(value, "円", "千円")

    @given(values, st.sampled_from(MONEY))
    def test_round_trip_through_yen(self, value: Decimal, unit: str) -> None:
        """Any money value converted to 円 and back is the value it was."""
        assert convert(convert(value, unit, "円"), "円", unit) == value

    @given(values, st.sampled_from(MONEY), st.sampled_from(MONEY))
    def test_round_trip_any_money(self, value: Decimal, a: str, b: str) -> None:
        """Any money value converted between two money units and back is unchanged."""
        assert convert(convert(value, a, b), b, a) == value


class TestParseAmount:
    @pytest.mark.parametrize(
        ("text", "value", "unit"),
        [
            ("1,800件", "1800", "件"),
            ("１，８００件", "1800", "件"),
            ("８７％", "87", "%"),
            ("87%", "87", "%"),
            ("87 ％", "87", "%"),
            ("95.8%", "95.8", "%"),
            ("95,027千円", "95027", "千円"),
            ("  1,800 件  ", "1800", "件"),
            ("+5回", "5", "回"),
            ("1234567件", "1234567", "件"),
            ("0.5時間", "0.5", "時間"),
            ("12か所", "12", "箇所"),
            ("3 cases", "3", "件"),
        ],
    )
    def test_valid(self, text: str, value: str, unit: str) -> None:
        """Plan-style numbers, full-width or not, give the exact value and canonical unit."""
        assert parse_amount(text) == Amount(Decimal(value), unit)

    @pytest.mark.parametrize(
        ("text", "value"),
        [("-3件", "-3"), ("−3件", "-3"), ("△3件", "-3"), ("▲1,000件", "-1000"), ("－3件", "-3")],
    )
    def test_negative_markers(self, text: str, value: str) -> None:
        """ASCII and full-width minus, U+2212, △ and ▲ all mean minus."""
        assert parse_amount(text) == Amount(Decimal(value), "件")

    def test_value_is_from_digits(self) -> None:
        """The value keeps the digits written, as no float is involved."""
        amount = parse_amount("0.10%")
        assert amount.value.as_tuple() == Decimal("0.10").as_tuple()

    @pytest.mark.parametrize(
        "text", ["1,8 件", "18,00件", "1,8000件", "0,800件", "1,800,件", "1,000.000,1件"]
    )
    def test_bad_thousands_groups(self, text: str) -> None:
        """Thousands groups must have exactly 3 digits; '1,8 件' is never silently 18."""
        with pytest.raises(UnitError, match="malformed number"):
            parse_amount(text)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "  ",
            "件",
            "NaN",
            "nan件",
            "Infinity",
            "inf%",
            "∞件",
            "1e3件",
            "1.5.3件",
            "12.件",
            ".5件",
            "1 800件",
            "-",
            "△件",
            "abc",
            ",800件",
        ],
    )
    def test_garbage(self, text: str) -> None:
        """Empty text, NaN, infinity and other non-numbers are UnitErrors."""
        with pytest.raises(UnitError):
            parse_amount(text)

    def test_bare_number_needs_a_unit(self) -> None:
        """A bare number is an error, never silently a percentage."""
        with pytest.raises(UnitError, match="no unit"):
            parse_amount("87")

    def test_bare_number_takes_given_unit(self) -> None:
        """A bare number takes the unit given."""
        assert parse_amount("87", unit="%") == Amount(Decimal(87), "%")
        assert parse_amount("1,800", unit="cases") == Amount(Decimal(1800), "件")

    def test_converted_to_given_unit(self) -> None:
        """A number with a unit of the given kind is converted exactly to the given unit."""
        assert parse_amount("95,027千円", unit="円") == Amount(Decimal(95027000), "円")
        assert parse_amount("1億円", unit="百万円") == Amount(Decimal(100), "百万円")

    def test_other_kind_than_given(self) -> None:
        """A number in a unit of another kind than the one given is an error naming both."""
        with pytest.raises(UnitError) as caught:
            parse_amount("1,800件", unit="人")
        assert caught.value.text == "1,800件"
        assert "a 件 value cannot be converted to 人" in caught.value.reason

    def test_unknown_unit(self) -> None:
        """An unknown unit after the number is an error that lists the known units."""
        with pytest.raises(UnitError, match=r"unknown unit 'k円' .*known units are %") as caught:
            parse_amount("1,800k円")
        assert caught.value.text == "1,800k円"

    def test_unknown_given_unit(self) -> None:
        """An unknown unit passed as `unit` is an error, even for a bare number."""
        with pytest.raises(UnitError, match="unknown unit"):
            parse_amount("5", unit="ドル")

    def test_not_text(self) -> None:
        """Anything but a str is a TypeError."""
        with pytest.raises(TypeError):
            parse_amount(5)  # type: ignore[arg-type]

    @given(st.text(max_size=12))
    def test_any_text_is_amount_or_unit_error(self, text: str) -> None:
        """Any text is read as an Amount or raises UnitError, nothing else."""
        try:
            amount = parse_amount(text)
        except UnitError:
            return
        assert amount.unit in known_units()


class TestFormatAmount:
    @pytest.mark.parametrize(
        ("value", "unit", "text"),
        [
            ("1800", "件", "1,800件"),
            ("87", "%", "87%"),
            ("95027", "千円", "95,027千円"),
            ("-3", "件", "-3件"),
            ("95.8", "%", "95.8%"),
            ("95.80", "%", "95.8%"),
            ("1.8E+3", "人", "1,800人"),
            ("1234567.125", "円", "1,234,567.125円"),
            ("0.00", "%", "0%"),
            ("-0", "件", "0件"),
            ("1E-7", "億円", "0.0000001億円"),
        ],
    )
    def test_format(self, value: str, unit: str, text: str) -> None:
        """Amounts are written as plans write them: grouped, no exponent, no trailing zeros."""
        assert format_amount(Amount(Decimal(value), unit)) == text

    def test_no_grouping(self) -> None:
        """grouping=False leaves out the thousands separators."""
        assert format_amount(Amount(Decimal(95027), "千円"), grouping=False) == "95027千円"

    def test_str(self) -> None:
        """str() of an Amount is its formatted text."""
        assert str(Amount(Decimal(1800), "件")) == "1,800件"

    @given(amounts, st.booleans())
    def test_round_trip(self, amount: Amount, grouping: bool) -> None:
        """parse_amount reads back what format_amount wrote, for any amount."""
        assert parse_amount(format_amount(amount, grouping=grouping)) == amount

    @given(amounts)
    def test_round_trip_in_yen(self, amount: Amount) -> None:
        """A formatted money amount read with unit='円' and converted back is unchanged."""
        if not is_money(amount.unit):
            return
        in_yen = parse_amount(format_amount(amount), unit="円")
        assert convert(in_yen.value, "円", amount.unit) == amount.value


class TestAmount:
    def test_frozen(self) -> None:
        """An Amount cannot be changed."""
        amount = Amount(Decimal(1), "件")
        with pytest.raises(AttributeError):
            amount.value = Decimal(2)  # type: ignore[misc]

    def test_float_refused(self) -> None:
        """A float value is refused with a message naming the field."""
        with pytest.raises(TypeError, match=r"`Amount\.value` should be a Decimal"):
            Amount(1.5, "件")  # type: ignore[arg-type]

    def test_not_finite_refused(self) -> None:
        """A NaN value is refused."""
        with pytest.raises(UnitError, match="finite"):
            Amount(Decimal("NaN"), "件")

    def test_unit_must_be_canonical(self) -> None:
        """A unit that is not the canonical symbol is refused, naming the canonical one."""
        with pytest.raises(UnitError, match="such as 千円"):
            Amount(Decimal(1), "thousand_yen")

    def test_unknown_unit_refused(self) -> None:
        """An unknown unit is refused."""
        with pytest.raises(UnitError, match="unknown unit"):
            Amount(Decimal(1), "k円")
