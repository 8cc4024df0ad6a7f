"""A contract test kit for exporters: subclass it in your plugin's tests and run pytest.

Every exporter, kpiplan's own and a plugin's, must pass these tests. Subclass
:class:`ExporterContract` in a test module and name your exporter::

    from kpiplan_exporters.testing import ExporterContract

    class TestMarkdownContract(ExporterContract):
        exporter_name = "markdown"
        options = {"language": "en"}

The kit needs pytest and hypothesis (``pip install "kpiplan[test]"``), and nothing
from kpiplan's own test folder: it brings :func:`sample_plan`, a representative plan
built in code, :func:`hostile_plan`, whose text is markup and formulas on purpose,
and :func:`plans`, a hypothesis strategy of valid whole plans.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiplan import (
    DEFAULT_STAGE_LADDER,
    Accumulation,
    Activity,
    ActivityDetail,
    Actual,
    ActualStatus,
    Assessment,
    Baseline,
    Budget,
    BudgetLine,
    BudgetStatus,
    CategoryFlag,
    Csf,
    Direction,
    Execution,
    Exporter,
    ExportJob,
    FiscalYear,
    Goal,
    GradeOverride,
    Indicator,
    Issue,
    Measure,
    Observation,
    Plan,
    PlanPeriod,
    Positioning,
    Target,
    YearMonth,
    export,
    get_exporter,
    make_exporter,
    validate,
)

__all__ = [
    "HOSTILE_TEXTS",
    "ExporterContract",
    "hostile_plan",
    "plans",
    "sample_plan",
]

HOSTILE_TEXTS: tuple[str, ...] = (
    "<b>太字</b>",
    "=SUM(A1:A9)",
    "+81-88",
    "@here",
    "R&D",
    "[x](javascript:alert(1))",
    "*強調*",
    "a|b",
    "＜全角＞＆",
)
"""Text a plan's author may type that a format could mistake for markup or a formula.

:func:`hostile_plan` puts each of them in a plan; an exporter must show each one
literally (escaped in the output where the format has markup)."""

FY = FiscalYear
_AS_OF = date(2022, 3, 31)


def sample_plan() -> Plan:
    """A representative plan: everything a real plan has, in a few indicators.

    Five years R2–R6; a level KGI graded on an estimate (見込み); annual and cumulative
    (累計) counts; a cumulative KPI whose latest actual is being compiled (作成中); a
    PDCA indicator with stage targets and a statement spanning R4–R6; a range target;
    ※ notes, a grade override, observations, budgets whose lines add up, activities,
    issues and category flags.

    Returns:
        The plan (it passes ``kpiplan.validate``).
    """
    kgi = Indicator(
        id="KGI",
        code="KGI",
        name="公文書の電子化率（電子決裁システム利用率）",
        divisions=("スマート県庁推進課",),
        unit="%",
        accumulation=Accumulation.LEVEL,
        baseline=Baseline(FY(2020)),
        goal=Goal(FY(2022), Decimal(100)),
        targets=[Target(FY(y), value=v) for y, v in ((2021, 90), (2022, 100), (2023, 100))],
        actuals=[
            Actual(FY(2020), value=Decimal(87)),
            Actual(FY(2021), ActualStatus.ESTIMATE, Decimal(95), as_of=_AS_OF),
        ],
        observations=[
            Observation(YearMonth(2021, 4), Decimal(38), "%"),
            Observation(YearMonth(2022, 1), Decimal("80.5"), "%"),
        ],
    )
    annual = Indicator(
        id="CSF-1/KPI-1",
        code="KPI-1",
        name="ＡＩ技術活用事業数",
        divisions=("スマート県庁推進課",),
        unit="件",
        targets=[Target(FY(y), value=v) for y, v in ((2021, 10), (2022, 11), (2023, 12))],
        actuals=[
            Actual(FY(2020), value=Decimal(10)),
            Actual(FY(2021), ActualStatus.ESTIMATE, Decimal(17), as_of=_AS_OF),
        ],
    )
    cumulative = Indicator(
        id="CSF-1/KPI-2",
        code="KPI-2",
        name="ＲＰＡシナリオ数（累計）",
        divisions=("スマート県庁推進課", "総務事務管理課"),
        unit="シナリオ",
        accumulation=Accumulation.CUMULATIVE,
        baseline=Baseline(FY(2020), Decimal(67)),
        targets=[
            Target(FY(2021), value=Decimal(67)),
            Target(FY(2022), value=Decimal(77)),
            Target(FY(2024), value=Decimal(97), note="４手続で全体の100%"),
        ],
        actuals=[
            Actual(FY(2020), value=Decimal(67)),
            Actual(FY(2021), ActualStatus.IN_PROGRESS, text="作成中"),
            Actual(FY(2022), ActualStatus.NOT_REPORTED),
        ],
        footnotes=("※実績値はR4.3.31見込み",),
    )
    pdca = Indicator(
        id="CSF-2/KPI-1",
        code="KPI-1",
        name="テレワーク（在宅勤務等）利用環境の充実",
        divisions=("人事課",),
        targets=[
            Target(FY(2021), stage="運用"),
            Target(
                FY(2022), statement="より使いやすい利用環境へ改善（ＰＤＣＡ）", through=FY(2024)
            ),
        ],
        actuals=[
            Actual(
                FY(2021),
                ActualStatus.ESTIMATE,
                stage="運用",
                text="運用",
                as_of=_AS_OF,
                assessment=Assessment.ACHIEVED,
            ),
        ],
    )
    ranged = Indicator(
        id="CSF-2/KPI-2",
        code="KPI-2",
        name="窓口待ち時間",
        divisions=("県民サービス課",),
        unit="時間",
        direction=Direction.RANGE,
        targets=[Target(FY(2021), minimum=Decimal("0.5"), maximum=Decimal("1.5"))],
        actuals=[
            Actual(
                FY(2021),
                value=Decimal("1.75"),
                override=GradeOverride("B", "繁忙期の臨時窓口で改善済み"),
                note="令和３年度全体 ３３件",
            )
        ],
    )
    lower = Indicator(
        id="CSF-2/KPI-3",
        code="KPI-3",
        name="紙による申請件数",
        divisions=("デジタル推進課",),
        unit="件",
        direction=Direction.LOWER,
        targets=[Target(FY(2021), value=Decimal(1200)), Target(FY(2022), value=Decimal(900))],
        actuals=[Actual(FY(2021), value=Decimal(1000))],
    )
    return Plan(
        title="デジタルとくしま推進プラン（見本）",
        organization="徳島県",
        period=PlanPeriod(FY(2020), FY(2024)),
        positioning=Positioning(
            "全ての人に優しく、スマートで持続可能な社会",
            "利便性の高い行政サービスの実施",
            "豊かな暮らしにつながる行政のデジタル化",
        ),
        actuals_as_of=_AS_OF,
        kgis=(kgi,),
        csfs=(
            Csf(
                "CSF-1",
                "最新デジタル技術の活用拡大",
                measures=[
                    Measure(
                        "CSF-1/M-1",
                        "AI・RPA技術の活用",
                        "最新デジタル技術の活用や継続的なBPRにより、業務の効率化と質の向上を図る。",
                        indicators=("CSF-1/KPI-1", "CSF-1/KPI-2"),
                    )
                ],
                indicators=(annual, cumulative),
            ),
            Csf(
                "CSF-2",
                "行政運営のデジタル化の促進",
                measures=[
                    Measure(
                        "CSF-2/M-1",
                        "電子決裁システムの利用促進",
                        "公文書の電子化を推進する。",
                        deadline=FY(2022),
                        target_statement="2022年度までに100%電子化",
                        indicators=("KGI",),
                    )
                ],
                indicators=(pdca, ranged, lower),
            ),
        ),
        budgets=(
            Budget(
                FY(2021),
                Decimal(95027),
                basis="令和２年度２月補正（先議）含む",
                lines=[
                    BudgetLine("RPA環境拡充事業", Decimal(60000), links=("CSF-1/KPI-2",)),
                    BudgetLine(
                        "電子決裁推進事業",
                        Decimal(35027),
                        links=("CSF-2/M-1",),
                        execution=Execution(
                            Decimal(30000),
                            supplementary=Decimal(5027),
                            spent=Decimal(33000),
                            carried_forward=Decimal(1000),
                        ),
                        note="補正を含む",
                    ),
                ],
            ),
            Budget(FY(2022), Decimal(120000), status=BudgetStatus.REQUESTED),
        ),
        activities=(
            Activity(
                FY(2021),
                "県庁会議室のDX化",
                details=(
                    ActivityDetail(
                        "Web会議設備を常設",
                        since=date(2022, 1, 17),
                        observations=(Observation(YearMonth(2021, 4), Decimal(38), "%"),),
                    ),
                ),
            ),
        ),
        issues=(Issue("職員のデジタルスキル", ("研修の拡充", "庁内ヘルプデスク")),),
        categories=(CategoryFlag("ＶＳ東京", True), CategoryFlag("新未来創造", False)),
        footnotes=("※実績値はR4.3.31見込み",),
    )


def hostile_plan() -> Plan:
    """A small valid plan whose text is markup, formulas and Japanese punctuation.

    Each of :data:`HOSTILE_TEXTS` is the name of an indicator; some also appear as
    the title, a CSF's title, a statement target, a ※ note and a budget line.

    Returns:
        The plan (it passes ``kpiplan.validate``).
    """
    period = PlanPeriod(FY(2021), FY(2023))
    indicators = tuple(
        Indicator(
            id=f"CSF-1/KPI-{number}",
            code=f"KPI-{number}",
            name=text,
            divisions=(HOSTILE_TEXTS[(number) % len(HOSTILE_TEXTS)],),
            unit="件" if number % 2 else None,
            targets=(
                (Target(FY(2021), value=Decimal(number), note=text),)
                if number % 2
                else (Target(FY(2021), statement=text, through=FY(2023)),)
            ),
            actuals=(
                (Actual(FY(2021), value=Decimal(number)),)
                if number % 2
                else (Actual(FY(2021), stage="運用", text=text),)
            ),
        )
        for number, text in enumerate(HOSTILE_TEXTS, start=1)
    )
    return Plan(
        title=HOSTILE_TEXTS[0],
        organization=HOSTILE_TEXTS[4],
        period=period,
        csfs=(Csf("CSF-1", HOSTILE_TEXTS[1], indicators=indicators),),
        budgets=(
            Budget(
                FY(2021),
                Decimal(3),
                lines=(
                    BudgetLine(HOSTILE_TEXTS[1], Decimal(1)),
                    BudgetLine(HOSTILE_TEXTS[5], Decimal(2), links=("CSF-1/KPI-1",)),
                ),
            ),
        ),
        footnotes=(HOSTILE_TEXTS[6],),
    )


# -- a hypothesis strategy of whole plans ------------------------------------------

_alphabet = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
_text = st.one_of(
    st.text(_alphabet, min_size=1, max_size=16).filter(lambda s: s.strip() != ""),
    st.sampled_from(HOSTILE_TEXTS),
)
_numbers = st.decimals(
    min_value=0, max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False
).map(lambda d: d.normalize() if d else Decimal(0))
_COUNT_UNITS = ("件", "人", "室", "手続", "シナリオ")


@st.composite
def _actual(draw: st.DrawFn, year: FiscalYear, unit: str | None) -> Actual:
    status = draw(st.sampled_from(list(ActualStatus)))
    note = draw(st.none() | _text)
    if status is ActualStatus.NOT_REPORTED:
        return Actual(year, status, note=note)
    if status is ActualStatus.IN_PROGRESS:
        return Actual(year, status, text="作成中", note=note)
    as_of = year.end if status is ActualStatus.ESTIMATE else None
    override = draw(st.none() | st.builds(GradeOverride, st.sampled_from("SABCD"), _text))
    if unit is not None and draw(st.booleans()):
        return Actual(year, status, draw(_numbers), as_of=as_of, override=override, note=note)
    return Actual(
        year,
        status,
        stage=draw(st.sampled_from(DEFAULT_STAGE_LADDER)),
        text=draw(st.none() | _text),
        as_of=as_of,
        assessment=draw(st.none() | st.sampled_from(list(Assessment))),
        note=note,
    )


@st.composite
def _indicator(draw: st.DrawFn, indicator_id: str, code: str, period: PlanPeriod) -> Indicator:
    years = period.years
    unit = draw(st.none() | st.sampled_from((*_COUNT_UNITS, "%")))
    accumulation = draw(st.sampled_from(list(Accumulation)))
    direction = draw(st.sampled_from(list(Direction))) if unit else Direction.HIGHER
    targets: list[Target] = []
    running = Decimal(0)
    index = 0
    while index < len(years):
        year = years[index]
        kind = draw(st.sampled_from(("skip", "number", "stage", "statement")))
        if kind == "number" and unit is not None:
            if direction is Direction.RANGE:
                low = draw(_numbers)
                targets.append(Target(year, minimum=low, maximum=low + draw(_numbers)))
            else:
                step = draw(_numbers)
                running = running + step if accumulation is Accumulation.CUMULATIVE else step
                targets.append(Target(year, value=running, note=draw(st.none() | _text)))
        elif kind == "statement":
            span = draw(st.integers(0, len(years) - index - 1))
            through = years[index + span] if span else None
            targets.append(Target(year, statement=draw(_text), through=through))
            index += span
        elif kind == "stage" or (kind == "number" and unit is None):
            targets.append(Target(year, stage=draw(st.sampled_from(DEFAULT_STAGE_LADDER))))
        index += 1
    actuals = [draw(_actual(year, unit)) for year in years if draw(st.booleans())]
    return Indicator(
        id=indicator_id,
        code=code,
        name=draw(_text),
        divisions=draw(st.lists(_text, min_size=1, max_size=2)),
        unit=unit,
        direction=direction,
        accumulation=accumulation,
        baseline=Baseline(years[0] - 1, draw(_numbers)) if unit and draw(st.booleans()) else None,
        targets=targets,
        actuals=actuals,
        footnotes=draw(st.lists(_text, max_size=1)),
    )


@st.composite
def _budget(draw: st.DrawFn, year: FiscalYear, links: list[str]) -> Budget:
    amounts = draw(st.lists(st.integers(0, 10**9), min_size=0, max_size=3))
    names = draw(st.lists(_text, min_size=len(amounts), max_size=len(amounts), unique=True))
    lines = [
        BudgetLine(
            name,
            Decimal(amount),
            links=draw(st.lists(st.sampled_from(links), max_size=1)) if links else (),
        )
        for name, amount in zip(names, amounts, strict=True)
    ]
    total = sum((line.amount for line in lines), Decimal(0)) if lines else draw(_numbers)
    return Budget(
        year,
        total,
        unit=draw(st.sampled_from(("円", "千円"))),
        status=draw(st.sampled_from(list(BudgetStatus))),
        basis=draw(st.none() | _text),
        lines=lines,
    )


@st.composite
def plans(draw: st.DrawFn, max_csfs: int = 3, max_kpis: int = 3) -> Plan:
    """Valid whole plans, with hostile text, for property tests of exporters.

    Args:
        draw: Supplied by hypothesis.
        max_csfs: The most CSFs a plan has.
        max_kpis: The most KPIs a CSF has.

    Returns:
        A plan that passes ``kpiplan.validate``.
    """
    first = draw(st.integers(1990, 2030))
    period = PlanPeriod(FY(first), FY(first + draw(st.integers(0, 4))))
    kgis = [draw(_indicator("KGI", "KGI", period))] if draw(st.booleans()) else []
    csfs = []
    for c in range(1, draw(st.integers(0, max_csfs)) + 1):
        code = f"CSF-{c}"
        kpis = [
            draw(_indicator(f"{code}/KPI-{k}", f"KPI-{k}", period))
            for k in range(1, draw(st.integers(0, max_kpis)) + 1)
        ]
        measures = [
            Measure(
                f"{code}/M-{m}",
                draw(_text),
                draw(_text),
                deadline=draw(st.none() | st.sampled_from(period.years)),
                target_statement=draw(st.none() | _text),
                indicators=[k.id for k in kpis[:1]],
            )
            for m in range(1, draw(st.integers(0, 2)) + 1)
        ]
        csfs.append(Csf(code, draw(_text), measures=measures, indicators=kpis))
    ids = [k.id for k in kgis] + [k.id for c in csfs for k in c.indicators]
    budget_years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=3))
    plan = Plan(
        title=draw(_text),
        organization=draw(_text),
        period=period,
        positioning=draw(st.none() | st.builds(Positioning, _text, _text, _text)),
        actuals_as_of=draw(st.none() | st.just(period.first.end)),
        kgis=kgis,
        csfs=csfs,
        budgets=[draw(_budget(year, ids)) for year in sorted(budget_years)],
        activities=[
            Activity(
                draw(st.sampled_from(period.years)), draw(_text), (ActivityDetail(draw(_text)),)
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
        issues=[Issue(draw(_text), draw(st.lists(_text, max_size=2)))],
        categories=[CategoryFlag(draw(_text), draw(st.booleans()))],
        footnotes=draw(st.lists(_text, max_size=2)),
    )
    validate(plan)
    return plan


# -- the contract ------------------------------------------------------------------


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


_WHITESPACE = re.compile(r"\s+")


class ExporterContract:
    """Tests every exporter must pass; subclass it and set :attr:`exporter_name`.

    Override :meth:`visible_text` when the output is not plain text or JSON, so the
    kit can check that text from a plan is shown literally; list the format's
    markup in :attr:`forbidden_markup`.
    """

    exporter_name: ClassVar[str]
    """The entry-point name of the exporter under test, e.g. ``"markdown"``."""
    options: ClassVar[Mapping[str, Any]] = {}
    """Options the tests write with (the defaults are tested too)."""
    forbidden_markup: ClassVar[tuple[str, ...]] = ()
    """Fragments of :data:`HOSTILE_TEXTS` that must never appear raw in the output,
    because the format would read them as markup (e.g. ``"<b>"`` for Markdown)."""

    def visible_text(self, output: bytes) -> str | None:
        """The text a reader of the output sees, or None when the kit cannot tell.

        The default reads JSON (every string in it) and ``text/*`` output (the
        UTF-8 text). Override it for binary formats (a workbook's string cells, a
        PDF's extracted text) or to undo a format's escaping.

        Args:
            output: What the exporter wrote.

        Returns:
            The visible text, or None to skip the literal-text test.
        """
        media_type = self.exporter.media_type
        if media_type == "application/json" or media_type.endswith("+json"):
            return "\n".join(_strings(json.loads(output)))
        if media_type.startswith("text/"):
            return output.decode("utf-8")
        return None

    # -- helpers --------------------------------------------------------------

    @property
    def exporter(self) -> type[Exporter]:
        """The exporter class, found through the registry."""
        return get_exporter(self.exporter_name)

    def render(self, plan: Plan, **options: Any) -> bytes:
        """The bytes the exporter writes for ``plan`` with :attr:`options`.

        Args:
            plan: The plan to write.
            **options: Options overriding :attr:`options`.

        Returns:
            The output.
        """
        exporter = make_exporter(self.exporter_name, {**self.options, **options})
        stream = io.BytesIO()
        exporter.write(ExportJob(plan), stream)
        return stream.getvalue()

    # -- registration ---------------------------------------------------------

    def test_registered(self) -> None:
        """The exporter is registered under its name and loads through the registry."""
        from kpiplan import exporter_entries, exporter_names

        assert self.exporter_name in exporter_names()
        mine = [entry for entry in exporter_entries() if entry.name == self.exporter_name]
        assert mine, f"no entry point named {self.exporter_name!r}"
        assert all(entry.ok for entry in mine), [entry.reason for entry in mine]
        assert isinstance(self.exporter, type)

    def test_class_attributes(self) -> None:
        """Name, extension, media type and description are well-formed."""
        cls = self.exporter
        assert cls.name == self.exporter_name
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", cls.name), cls.name
        assert cls.extension.startswith("."), cls.extension
        assert len(cls.extension) > 1
        assert "/" in cls.media_type, cls.media_type
        assert cls.description.strip(), "description is empty"
        assert "\n" not in cls.description.strip(), "description is one line"
        requires = getattr(cls, "requires", ())
        assert isinstance(requires, tuple)
        assert all(isinstance(module, str) for module in requires)

    def test_defaults_work(self) -> None:
        """``Exporter()`` works: every option has a default."""
        exporter = self.exporter()
        assert isinstance(exporter, Exporter)
        assert callable(exporter.write)

    def test_options_are_keyword_fields(self) -> None:
        """Options are keyword-only attrs fields with defaults, so text options convert."""
        cls = self.exporter
        if not attrs.has(cls):
            pytest.skip("not an attrs class; options are its __init__ keywords")
        for field in attrs.fields(cls):
            assert field.kw_only, f"option {field.name} must be keyword-only"
            assert field.default is not attrs.NOTHING, f"option {field.name} needs a default"
        make_exporter(self.exporter_name, self.options)

    def test_module_import_is_light(self) -> None:
        """Importing the exporter's module imports none of the packages it requires."""
        cls = self.exporter
        heavy = sorted({*getattr(cls, "requires", ()), "openpyxl", "reportlab"})
        code = textwrap.dedent(
            f"""
            import sys
            import {cls.__module__}
            print(sorted(m for m in {heavy!r} if m in sys.modules))
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]", (
            f"importing {cls.__module__} imported {result.stdout.strip()}; "
            "import them inside write() instead"
        )

    # -- writing --------------------------------------------------------------

    def test_sample_plan(self) -> None:
        """The representative plan is written, non-empty, with defaults and options."""
        plan = sample_plan()
        assert self.render(plan)
        stream = io.BytesIO()
        self.exporter().write(ExportJob(plan), stream)
        assert stream.getvalue()

    def test_deterministic(self) -> None:
        """The same plan gives the same bytes, also from a fresh job and exporter."""
        plan = sample_plan()
        assert self.render(plan) == self.render(plan)

    def test_as_of_accepted(self) -> None:
        """A job standing at an earlier fiscal year is written too."""
        exporter = make_exporter(self.exporter_name, self.options)
        stream = io.BytesIO()
        exporter.write(ExportJob(sample_plan(), as_of=FY(2021)), stream)
        assert stream.getvalue()

    # Every subclass runs this one test function; that is the point of a kit, and
    # any generated plan is valid input for every exporter, so examples replayed
    # from the database of another subclass test nothing wrong.
    @settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(plan=plans())
    def test_generated_plans(self, plan: Plan) -> None:
        """Any valid plan is written without error, and twice gives the same bytes."""
        first = self.render(plan)
        assert first
        assert self.render(plan) == first

    def test_text_is_literal(self) -> None:
        """Markup and formulas in a plan's text are shown as written, never interpreted."""
        output = self.render(hostile_plan())
        raw = output.decode("utf-8", errors="replace")
        for fragment in self.forbidden_markup:
            assert fragment not in raw, f"{fragment!r} is unescaped in the output"
        visible = self.visible_text(output)
        if visible is None:
            pytest.skip("override visible_text() to check how plan text is shown")
        squeezed = _WHITESPACE.sub("", visible)
        missing = [t for t in HOSTILE_TEXTS if _WHITESPACE.sub("", t) not in squeezed]
        assert not missing, f"not shown literally: {missing}"

    def test_export_is_atomic(self, tmp_path: Path) -> None:
        """``kpiplan.export`` writes the same bytes to a file and leaves no temporary file."""
        plan = sample_plan()
        target = tmp_path / f"plan{self.exporter.extension}"
        target.write_bytes(b"previous")
        written = export(plan, self.exporter_name, target, **self.options)
        assert written == target
        assert target.read_bytes() == self.render(plan)
        assert [p.name for p in tmp_path.iterdir()] == [target.name]
