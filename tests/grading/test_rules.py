"""Grading rules as data: each family and option on hand-computed vectors, every preset."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import kpiplan as kp
from kpiplan.grading import GradingRule, Method, YearResult, evaluate, load_preset, preset_names
from kpiplan.grading._presets import rule_from_data

FY = kp.FiscalYear
D = Decimal


def judge(
    rule: GradingRule,
    actual: str,
    *,
    target: str = "100",
    baseline: str | None = "50",
    unit: str = "%",
    direction: kp.Direction = kp.Direction.HIGHER,
    year: int = 2022,
    first: int = 2020,
    last: int = 2024,
    targets: dict[int, str] | None = None,
    baseline_year: int | None = None,
) -> YearResult:
    """Grade one actual of a one-indicator plan (targets default: the final year's)."""
    given = targets if targets is not None else {last: target}
    indicator = kp.Indicator(
        id="KGI",
        code="KGI",
        name="指標",
        divisions=["課"],
        unit=unit,
        direction=direction,
        baseline=(
            kp.Baseline(FY(baseline_year if baseline_year is not None else first - 1), D(baseline))
            if baseline is not None
            else None
        ),
        targets=[kp.Target(year=FY(y), value=D(v)) for y, v in sorted(given.items())],
        actuals=[kp.Actual(year=FY(year), value=D(actual))],
    )
    plan = kp.Plan(
        title="計画", organization="市", period=kp.PlanPeriod(FY(first), FY(last)), kgis=[indicator]
    )
    return evaluate(plan, as_of=FY(year), method=Method(rule=rule)).result("KGI").year(FY(year))


class TestDefaultRule:
    def test_default_rule_is_the_method_default(self) -> None:
        """A Method without a rule grades by the default rule with its own thresholds."""
        assert Method().grading.name == "default"
        assert Method().grading.government == "kpiplan 既定"
        assert Method(b_threshold=D(90)).scale.grade("B").minimum == D(90)

    def test_tokushima_preset_grades_like_the_default(self) -> None:
        """The tokushima preset gives the default method's grades, rates and words."""
        plan = kp.load("examples/digital_tokushima.toml")
        default = evaluate(plan, as_of="R3")
        preset = evaluate(plan, as_of="R3", method=Method(rule=load_preset("tokushima")))
        assert [y.grade for r in default.indicators for y in r.years] == [
            y.grade for r in preset.indicators for y in r.years
        ]
        assert default.records() == preset.records()

    def test_thresholds_with_a_rule_refused(self) -> None:
        """Default-rule thresholds cannot be combined with a rule, and the error says so."""
        with pytest.raises(ValueError, match="b_threshold"):
            Method(rule=load_preset("aichi"), b_threshold=D(90))


class TestRounding:
    @pytest.mark.parametrize(
        ("rounding", "digits", "published", "grade"),
        [
            ("truncate", 1, "79.9", "B"),
            ("half_up", 1, "80.0", "B+"),
            ("truncate", 0, "79", "B"),
            ("half_up", 0, "80", "B+"),
            ("truncate", 2, "79.96", "B"),
        ],
    )
    def test_79_96(self, rounding: str, digits: int, published: str, grade: str) -> None:
        """A rate of 79.96%: truncation keeps it under the 80 band, half-up lifts it in."""
        rule = attrs.evolve(load_preset("ibaraki"), rounding=rounding, digits=digits)
        result = judge(rule, "79.96", targets={2022: "100"})
        assert result.rate == D("79.96")
        assert result.rate_rounded == D(published)
        assert result.grade == grade

    def test_rounding_in_the_explanation(self) -> None:
        """The explanation says how the rate was rounded."""
        result = judge(load_preset("ibaraki"), "79.96", targets={2022: "100"})
        assert "小数第1位を切り捨て" in result.explanation_ja
        assert "truncated to 0 places" in result.explanation_en

    def test_digits_checked(self) -> None:
        """Digits outside 0–2 are refused, naming the field and the value."""
        with pytest.raises(ValueError, match=r"`GradingRule.digits`.*3"):
            GradingRule(digits=3)


class TestMovement:
    SURVEY = attrs.evolve(
        load_preset("fukuoka-city"), compare="target", tolerance=D(3), tolerance_edge="moved"
    )

    @pytest.mark.parametrize(
        ("actual", "grade"),
        [("53.0", "b"), ("52.9", "b"), ("47.1", "b"), ("47.0", "c"), ("46.9", "c")],
    )
    def test_tolerance_edges_at_3_points(self, actual: str, grade: str) -> None:
        """Under ±3 points is no change; exactly −3.0 is worse than the 初期値 (c)."""
        assert judge(self.SURVEY, actual, targets={2022: "80"}).grade == grade

    def test_exact_edge_counted_flat(self) -> None:
        """With tolerance_edge flat, exactly ±3.0 points is still no change."""
        rule = attrs.evolve(load_preset("gunma"), tolerance=D(3), tolerance_edge="flat")
        assert judge(rule, "47.0", targets={2022: "80"}).grade == "C"
        assert judge(rule, "46.9", targets={2022: "80"}).grade == "D"
        assert judge(rule, "53.0", targets={2022: "80"}).grade == "C"
        assert judge(rule, "53.1", targets={2022: "80"}).grade == "B"

    @pytest.mark.parametrize(
        ("actual", "grade"), [("20", "A"), ("25", "B"), ("30", "C"), ("31", "D")]
    )
    def test_lower_is_better(self, actual: str, grade: str) -> None:
        """Lower is better: falling from 30 is forward, rising is back, at target met."""
        result = judge(
            load_preset("gunma"),
            actual,
            baseline="30",
            targets={2022: "20"},
            direction=kp.Direction.LOWER,
        )
        assert result.grade == grade

    def test_percent_tolerance(self) -> None:
        """Nagayo: within ±10% of the baseline 200 (180–220) is B, beyond it A or C."""
        rule = load_preset("nagayo")
        grades = [
            judge(rule, v, baseline="200", targets={2022: "300"}).grade
            for v in ("300", "221", "220", "180", "179")
        ]
        assert grades == ["S", "A", "B", "B", "C"]

    def test_no_baseline_not_graded(self) -> None:
        """Movement without a baseline is not graded, and the explanation says why."""
        result = judge(load_preset("gunma"), "60", baseline=None, targets={2022: "80"})
        assert result.grade == "－"
        assert "基準値がない" in result.explanation_ja


class TestExpectedPaths:
    def test_straight_line_from_a_heisei_baseline(self) -> None:
        """Shizuoka: 期待値 on the line from the H28 baseline 40 to 100 in R4 (FY2022).

        (Heisei-year text parsing is h-model's; the baseline year is built from the
        western year 2016 = 平成28年度.)"""
        rule = load_preset("shizuoka")
        result = judge(
            rule, "70", baseline="40", baseline_year=2016, first=2017, last=2022, year=2019
        )
        # 40 + (100 − 40) × 3/6 = 70
        assert result.expected == D(70)
        assert result.grade == "A"
        assert FY(2016).japanese().startswith("平成28")
        below = judge(
            rule, "56", baseline="40", baseline_year=2016, first=2017, last=2022, year=2019
        )
        assert (below.rate_rounded, below.grade) == (D("80.0"), "B")

    def test_share_of_target(self) -> None:
        """Tama: year 3 of 5 expects 3 × 20% of 500 = 300; 180 is 60% → ②, 179 → ③."""
        rule = load_preset("tama")
        result = judge(rule, "180", target="500")
        assert result.expected == D(300)
        assert (result.rate_rounded, result.grade) == (D("60.0"), "②")
        assert judge(rule, "179", target="500").grade == "③"
        assert judge(rule, "300", target="500").grade == "①"


class TestPresetsWorkedExamples:
    """Each preset on a worked example computed by hand from its printed rule."""

    @pytest.mark.parametrize(
        ("preset", "actual", "grade"),
        [
            ("tokushima", "85", "B"),
            ("aichi", "49.9", "D"),
            ("aichi", "100", "A"),
            ("nagano", "80", "おおむね順調"),
            ("nagano", "79.9", "努力を要する"),
            ("nagano", "101", "順調"),
            ("nagoya-port", "100", "順調"),
            ("nagoya-port", "80", "順調"),
            ("nagoya-port", "60", "やや遅れ"),
            ("nagoya-port", "59.9", "遅れ"),
            ("sano", "100", "7"),
            ("sano", "95", "6"),
            ("sano", "69.9", "3"),
            ("sano", "49.9", "1"),
            ("ibaraki", "99.9", "B+"),
            ("ibaraki", "49.99", "C"),
        ],
    )
    def test_ratio_presets(self, preset: str, actual: str, grade: str) -> None:
        """Ratio to the year's target 100: the grade of the printed band."""
        assert judge(load_preset(preset), actual, targets={2022: "100"}).grade == grade

    @pytest.mark.parametrize(
        ("actual", "grade"), [("110", "◎"), ("100", "○"), ("60", "△"), ("50", "×"), ("40", "×")]
    )
    def test_ino(self, actual: str, grade: str) -> None:
        """Ino, baseline 50, target 100: above ◎, equal ○, progressed △, none ×."""
        assert judge(load_preset("ino"), actual, targets={2022: "100"}).grade == grade

    @pytest.mark.parametrize(
        ("actual", "grade"), [("100", "A"), ("60", "B"), ("50", "C"), ("45", "D")]
    )
    def test_gunma(self, actual: str, grade: str) -> None:
        """Gunma, baseline 50, target 100: 達成A, 前進B, 横ばいC, 後退D."""
        assert judge(load_preset("gunma"), actual, targets={2022: "100"}).grade == grade

    def test_fukuoka_city(self) -> None:
        """Fukuoka City: on the straight line 50 → 100 (FY2019 → FY2024), FY2022 expects 80."""
        rule = load_preset("fukuoka-city")
        assert judge(rule, "80").expected == D(80)
        assert judge(rule, "80").grade == "a"
        assert judge(rule, "55").grade == "b"
        assert judge(rule, "48").grade == "c"
        survey = rule_from_data({**_data(rule), **rule.exceptions["survey"]})
        assert judge(survey, "48").grade == "b"
        assert judge(survey, "47").grade == "c"

    def test_every_preset_cites_a_source(self) -> None:
        """Each preset names its government, family and source document."""
        names = preset_names()
        assert {"tokushima", "aichi", "ibaraki", "shizuoka", "tama", "nagano"} <= set(names)
        assert {"nagoya-port", "gunma", "nagayo", "fukuoka-city", "ino", "sano"} <= set(names)
        for name in names:
            rule = load_preset(name)
            assert rule.name == name
            assert rule.government
            assert rule.family
            assert rule.source


def _data(rule: GradingRule) -> dict[str, object]:
    from kpiplan._converter import make_converter

    data: dict[str, object] = make_converter().unstructure(rule, GradingRule)
    return data
