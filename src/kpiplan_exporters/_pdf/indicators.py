"""The KGI section and a section per CSF: measures (施策) and 主な指標及び工程.

For each indicator: its facts in one line, a table of the plan's years ×
目標/実績/達成率/評価, ※ notes, the evaluation year's grade explained, and a chart.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kpiplan import (
    Baseline,
    Csf,
    FiscalYear,
    Indicator,
    NationalRank,
    Revision,
    Series,
    TargetKind,
    YearBasis,
    vocabulary,
)
from kpiplan_exporters._pdf.charts import target_actual_chart
from kpiplan_exporters._pdf.labels import DASH, Labels, format_value
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import (
    CONTENT_WIDTH,
    HEAD_FILL,
    LABEL_FILL,
    LABEL_WIDTH,
    lines,
    percent,
)

if TYPE_CHECKING:
    from kpiplan import YearResult

__all__ = [
    "csf_section",
    "goal_text",
    "indicator_table",
    "kgi_section",
    "kgi_status",
    "plan_footnotes",
]


def plan_footnotes(story: Story) -> list[Flowable]:
    """The plan's own ※ notes, printed under each list of indicators."""
    flow: list[Flowable] = []
    for note in story.plan.footnotes:
        flow.append(Spacer(1, 2 * mm))
        flow.append(story.p(f"※{note}", "note"))
    return flow


def kgi_section(story: Story) -> list[Flowable]:
    """The KGIs, each as an indicator block."""
    flow: list[Flowable] = [story.heading(story.words["kgi"], "h1", 0, outline="KGI")]
    for kgi in story.plan.kgis:
        flow += _indicator_block(story, kgi)
    flow += plan_footnotes(story)
    return flow


def csf_section(story: Story, csf: Csf) -> list[Flowable]:
    """A CSF: its measures, then its indicators."""
    words = story.words
    flow: list[Flowable] = [
        story.heading(f"{csf.code}　{csf.title}", "h1", 0, outline=f"{csf.code} {csf.title}")
    ]
    if csf.measures:
        flow.append(story.p(words["measures"], "h2"))
        flow.append(_measures_table(story, csf))
    if csf.indicators:
        flow.append(story.p(words["indicators"], "h2"))
        for indicator in csf.indicators:
            flow += _indicator_block(story, indicator)
        flow += plan_footnotes(story)
    return flow


def _measures_table(story: Story, csf: Csf) -> Table:
    words = story.words
    head = [words["measure"], words["description"], words["deadline"], words["tracked_by"]]
    data: list[list[Any]] = [[story.p(h, "cell_head") for h in head]]
    for measure in csf.measures:
        deadline_parts = []
        if measure.deadline is not None:
            deadline_parts.append(words.year(measure.deadline))
        if measure.target_statement is not None:
            deadline_parts.append(measure.target_statement)
        data.append(
            [
                story.p(measure.title, "cell"),
                story.p(measure.description or "", "cell"),
                story.markup(lines(*deadline_parts) or DASH, "cell"),
                story.markup(lines(*measure.indicators) or DASH, "cell"),
            ]
        )
    widths = [38 * mm, CONTENT_WIDTH - 38 * mm - 30 * mm - 26 * mm, 30 * mm, 26 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(story.grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
    return table


def goal_text(story: Story, indicator: Indicator) -> str:
    """The indicator's headline goal: 目標: 令和4年度 100%."""
    goal = indicator.goal
    assert goal is not None
    parts = [story.words.year(goal.year)]
    if goal.value is not None:
        parts.append(format_value(goal.value, indicator.unit))
    if goal.statement is not None:
        parts.append(goal.statement)
    return f"{story.words['headline_goal']}: {' '.join(parts)}"


def _baseline_text(
    story: Story, baseline: Baseline | None, value: Decimal | None, unit: str | None
) -> str | None:
    """基準値: R2 87%, or the words a text baseline states (今後算定)."""
    if baseline is None:
        return None
    shown = format_value(value, unit) if value is not None else baseline.text or DASH
    return f"{story.words['baseline']}: {story.words.year_short(baseline.year)} {shown}"


def _rank_text(story: Story, rank: NationalRank | None) -> str | None:
    """全国順位: 全国12位（47中）（H22）."""
    if rank is None:
        return None
    words = story.words
    text = f"{words['national_rank']}: {words.rank(rank.rank, rank.among)}"
    if rank.year is not None:
        text += words.paren(words.year_short(rank.year))
    if rank.note is not None:
        text += f" {rank.note}"
    return text


_NOT_ON_LADDER = (TargetKind.TREND, TargetKind.RANK, TargetKind.NONE)


def _meta_line(story: Story, indicator: Indicator) -> str:
    words = story.words
    parts = [f"{words['divisions']}: {'、'.join(indicator.divisions)}"]
    if indicator.unit is not None:
        parts.append(f"{words['unit']}: {indicator.unit}")
        parts.append(words.accumulation(indicator.accumulation))
        parts.append(words.direction(indicator.direction))
    else:
        parts.append(words["qualitative"])
    if indicator.year_basis is YearBasis.CALENDAR:
        parts.append(words["calendar_year"])
    baseline = _baseline_text(story, indicator.baseline, indicator.baseline_value(), indicator.unit)
    if baseline is not None:
        parts.append(baseline)
    # A ladder matters to stage and statement targets, not to 延伸, 全国5位以内, 設定しない.
    wordless = all(t.kind in _NOT_ON_LADDER for t in indicator.targets)
    if any(t.stage is not None or t.statement is not None for t in indicator.targets) or (
        not indicator.is_quantitative and not wordless
    ):
        parts.append(f"{words['ladder']}: {' → '.join(story.plan.ladder_of(indicator))}")
    return " ｜ ".join(parts)


def _facts(story: Story, indicator: Indicator) -> list[str]:
    """The indicator's metadata as printed lines: 出典, 意識系, 全国順位, 設定根拠, and
    each series' baseline and rank with the rule combining them."""
    words = story.words
    parts = []
    source = indicator.source
    if source is not None:
        text = f"{words['source']}: {source.name}"
        if source.year is not None:
            text += words.paren(words.year(source.year))
        if source.note is not None:
            text += f" {source.note}"
        parts.append(text)
    if indicator.survey:
        parts.append(words["survey"])
    rank = _rank_text(story, indicator.national_rank)
    if rank is not None:
        parts.append(rank)
    found = [" ｜ ".join(parts)] if parts else []
    if indicator.baseline is not None and indicator.baseline.note is not None:
        found.append(f"{words['baseline_note']}: {indicator.baseline.note}")
    if indicator.rationale is not None:
        found.append(f"{words['rationale']}: {indicator.rationale}")
    if indicator.series:
        found.append(f"{words['combine']}: {vocabulary.label(indicator.combine, words.language)}")
    for series in indicator.series:
        value = series.baseline.value if series.baseline is not None else None
        items = [
            text
            for text in (
                _baseline_text(story, series.baseline, value, indicator.unit),
                _rank_text(story, series.national_rank),
                series.baseline.note if series.baseline is not None else None,
                series.note,
            )
            if text is not None
        ]
        if items:
            found.append(f"{series.name}: {' ｜ '.join(items)}")
    return found


def _indicator_block(story: Story, indicator: Indicator) -> list[Flowable]:
    words = story.words
    title = f"{indicator.code}　{indicator.name}"
    block: list[Flowable] = [
        story.heading(title, "h3", 1, outline=f"{indicator.code} {indicator.name}"),
        story.p(_meta_line(story, indicator), "small"),
    ]
    if indicator.goal is not None:
        block.append(story.p(goal_text(story, indicator), "small"))
    block += [story.p(fact, "small") for fact in _facts(story, indicator)]
    block.append(Spacer(1, 1.5 * mm))
    block.append(indicator_table(story, indicator, notes=True))
    notes = _indicator_notes(story, indicator)
    if notes:
        block.append(Spacer(1, 1 * mm))
        block += [story.p(note, "note") for note in notes]
    if indicator.observations:
        observed = "、".join(
            f"{words.month(o.month)} {format_value(o.value, o.unit)}"
            for o in indicator.observations
        )
        block.append(story.p(f"{words['observations']}: {observed}", "note"))
    status = _status_line(story, indicator)
    if status:
        block.append(story.p(status, "note"))
    if story.settings.charts and indicator.is_quantitative:
        chart = target_actual_chart(
            story.plan, indicator, words, story.settings.sans, CONTENT_WIDTH * 0.8
        )
        if chart is not None:
            block += [Spacer(1, 2 * mm), chart]
    return [KeepTogether(block), Spacer(1, 3 * mm)]


class _Part(NamedTuple):
    """What a block of rows shows: the indicator itself (``name`` None) or a series."""

    name: str | None
    holder: Indicator | Series
    results: tuple[YearResult, ...] | None


def _parts(story: Story, indicator: Indicator) -> list[_Part]:
    """The indicator's own rows (unless it only has series), then each series'."""
    result = story.result(indicator)
    parts = []
    if not indicator.series or indicator.targets or indicator.actuals:
        parts.append(_Part(None, indicator, None))
    for series in indicator.series:
        found = next((s for s in result.series if s.name == series.name), None) if result else None
        parts.append(_Part(series.name, series, found.years if found is not None else None))
    return parts


class _Footnote(NamedTuple):
    """A ※ note on cells: whose (None: the indicator's own), which years, what."""

    series: str | None
    years: tuple[FiscalYear, ...]
    kind: str
    note: str | Revision


def _footnotes(indicator: Indicator) -> list[_Footnote]:
    """The ※ notes of the indicator's cells, numbered in this order from 1: its own
    targets' and actuals' notes, its series', then each revision (one note for all
    the targets it revised)."""
    holders: list[tuple[str | None, Indicator | Series]] = [(None, indicator)]
    holders += [(series.name, series) for series in indicator.series]
    found = []
    for name, holder in holders:
        found += [_Footnote(name, (t.year,), "target", t.note) for t in holder.targets if t.note]
        found += [_Footnote(name, (a.year,), "actual", a.note) for a in holder.actuals if a.note]
    for name, holder in holders:
        for revision in holder.revisions:
            years = tuple(target.year for target in revision.targets)
            found.append(_Footnote(name, years, "revision", revision))
    return found


def _marks(indicator: Indicator) -> dict[tuple[str | None, int, str], int]:
    """The ※ number of each marked cell, by (series, year, kind); a year revised twice
    shows the latest revision's."""
    return {
        (note.series, year.year, note.kind): number
        for number, note in enumerate(_footnotes(indicator), start=1)
        for year in note.years
    }


def _revision_text(words: Labels, revision: Revision) -> str:
    """目標の見直し（中間評価、平成31年3月31日）: the reason."""
    when = words.revision_date(revision.decided)
    comma = "、" if words.language == "ja" else ", "
    what = f"{revision.label}{comma}{when}" if revision.label else when
    return f"{words['revision']}{words.paren(what)}: {revision.reason}"


def _indicator_notes(story: Story, indicator: Indicator) -> list[str]:
    words = story.words
    notes = []
    for number, note in enumerate(_footnotes(indicator), start=1):
        whose = f"{note.series} " if note.series is not None else ""
        years = "・".join(words.year_short(year) for year in note.years)
        if isinstance(note.note, Revision):
            where = words.paren(f"{whose}{years} {words['target']}")
            notes.append(f"※{number} {_revision_text(words, note.note)}{where}")
        else:
            where = words.paren(f"{whose}{years} {words[note.kind]}")
            notes.append(f"※{number} {note.note}{where}")
    notes += [f"※{note}" for note in indicator.footnotes]
    for actual in indicator.actuals:
        if actual.override is not None:
            notes.append(
                words["override"] + words.paren(words.year_short(actual.year)) + ": "
                f"{actual.override.grade} — {actual.override.reason}"
            )
    notes += _ungraded_notes(story, indicator)
    return notes


def _ungraded_notes(story: Story, indicator: Indicator) -> list[str]:
    """Why years up to the evaluation year are not graded (見込量は評価対象外, 設定しない,
    a text baseline …), one line per reason with its years. 目標未設定 is left to the
    target cell's － (and the evaluation year's explanation)."""
    result = story.result(indicator)
    if result is None or story.evaluation is None:
        return []
    words = story.words
    as_of = story.evaluation.as_of
    parts: list[tuple[str | None, tuple[YearResult, ...]]] = [(None, result.years)]
    parts += [(series.name, series.years) for series in result.series]
    notes = []
    for name, years in parts:
        grouped: dict[str, list[FiscalYear]] = {}
        for year in years:
            if year.fiscal_year > as_of or year.reason in (None, "missing_target"):
                continue
            reason = words.explained(year.reason_ja or "", year.reason_en or "")
            grouped.setdefault(reason, []).append(year.fiscal_year)
        for reason, fiscal_years in grouped.items():
            where = "・".join(words.year_short(fy) for fy in fiscal_years)
            whose = f"{name} " if name is not None else ""
            notes.append(f"{words['ungraded']}{words.paren(whose + where)}: {reason}")
    return notes


def indicator_table(story: Story, indicator: Indicator, notes: bool = False) -> Table:
    """The plan's years × 目標/実績 (and 達成率/評価 with an evaluation).

    An indicator with series has rows per series beneath its own (its total, when the
    plan gives one), then the combined 達成率/評価; a revised year's target cell shows
    both targets, 当初 and 見直し後.

    Args:
        story: The report being built.
        indicator: The indicator.
        notes: Mark cells with ※ numbers (their notes are printed under the table).

    Returns:
        The table; a target spanning years is one merged cell.
    """
    words = story.words
    years = story.plan.period.years
    year_width = (CONTENT_WIDTH - LABEL_WIDTH) / max(1, len(years))
    marks = _marks(indicator) if notes else {}
    data: list[list[Any]] = [[""] + [story.year_column(fy) for fy in years]]
    spans: list[tuple[Any, ...]] = []
    graded: list[tuple[int, int, YearResult]] = []
    parts = _parts(story, indicator)
    for part in parts:
        whose = [] if part.name is None else [part.name]
        if part.name is None and indicator.series:
            whose = [words["series_total"]]
        row = len(data)
        target_row, target_spans = _target_row(story, indicator.unit, part, marks, year_width)
        spans += [("SPAN", (first, row), (last, row)) for first, last in target_spans]
        data.append([_label(story, whose, "target"), *target_row])
        actual_row = [_label(story, whose, "actual")]
        for fy in years:
            mark = marks.get((part.name, fy.year, "actual"))
            lines_ = story.actual_cell(indicator.unit, part.holder.actual_for(fy), mark)
            actual_row.append(story.cell(lines_, year_width))
        data.append(actual_row)
        if part.results is not None:
            graded += _evaluation_rows(story, data, whose, part.results, year_width)
    result = story.result(indicator)
    if result is not None:
        whose = [words["combined"]] if indicator.series else []
        graded += _evaluation_rows(story, data, whose, result.years, year_width)
    table = Table(data, colWidths=[LABEL_WIDTH] + [year_width] * len(years), repeatRows=1)
    table.setStyle(
        story.grid(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("BACKGROUND", (0, 1), (0, -1), LABEL_FILL),
                *spans,
                *story.grade_fills(graded),
            ]
        )
    )
    return table


def _label(story: Story, whose: list[str], key: str) -> Any:
    """A row's label: 目標, or 男性 and 目標 on two lines for a series."""
    return story.cell([*whose, story.words[key]], LABEL_WIDTH)


def _target_row(
    story: Story,
    unit: str | None,
    part: _Part,
    marks: dict[tuple[str | None, int, str], int],
    width: float,
) -> tuple[list[Any], list[tuple[int, int]]]:
    """A part's target cells, and the (first, last) columns of each merged cell."""
    words = story.words
    years = story.plan.period.years
    holder = part.holder
    cells: list[Any] = []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(years):
        fy = years[index]
        target = holder.target_for(fy)
        original = holder.target_for(fy, original=True)
        if target is None:
            cells.append(DASH)
            index += 1
            continue
        text = words.target(target, unit)
        if original != target:
            mark = marks.get((part.name, fy.year, "revision"))
            first = words.target(original, unit) if original is not None else DASH
            lines_ = [f"{words['original']} {first}", f"{words['revised']} {text}"]
            if mark is not None:
                lines_[-1] += f" ※{mark}"
            cells.append(story.cell(lines_, width))
            index += 1
            continue
        # A statement spanning years is one cell, up to a year whose target differs.
        covered = 1
        while (
            index + covered < len(years)
            and years[index + covered] in target.years
            and holder.target_for(years[index + covered]) == target
            and holder.target_for(years[index + covered], original=True) == target
        ):
            covered += 1
        mark = marks.get((part.name, target.year.year, "target"))
        if mark is not None:
            text += f" ※{mark}"
        cells.append(story.cell(text, width * covered))
        cells += [""] * (covered - 1)
        if covered > 1:
            spans.append((index + 1, index + covered))
        index += covered
    return cells, spans


def _evaluation_rows(
    story: Story,
    data: list[list[Any]],
    whose: list[str],
    results: tuple[YearResult, ...],
    width: float,
) -> list[tuple[int, int, YearResult]]:
    """Append the 達成率 and 評価 rows to ``data``; the (column, row, result) of each
    graded cell."""
    rates: list[Any] = [_label(story, whose, "rate")]
    grades: list[Any] = [_label(story, whose, "grade")]
    graded: list[tuple[int, int, YearResult]] = []
    by_year = {year.fiscal_year: year for year in results}
    row = len(data) + 1
    for column, fy in enumerate(story.plan.period.years, start=1):
        year = by_year.get(fy)
        if year is None or (story.evaluation is not None and fy > story.evaluation.as_of):
            rates.append(DASH)
            grades.append(DASH)
            continue
        rates.append(percent(year.rate_rounded))
        grades.append(story.cell(story.grade_cell(year), width))
        graded.append((column, row, year))
    data += [rates, grades]
    return graded


def _status_line(story: Story, indicator: Indicator) -> str:
    """The evaluation year's grade explained, and the outlook."""
    result = story.result(indicator)
    if result is None or result.current is None:
        return ""
    words = story.words
    current = result.current
    explanation = words.explained(current.explanation_ja, current.explanation_en)
    text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
    text += f": {explanation}"
    if result.forecast is not None:
        forecast = result.forecast
        text += f" ｜ {words['forecast']}: {story.forecast_text(forecast)}"
        if forecast.target_too_low:
            text += words.paren(words["target_too_low"])
    return text


def kgi_status(story: Story, indicator: Indicator) -> str:
    """The KGI's grade in one line for the cover: grade, rate and outlook."""
    result = story.result(indicator)
    if result is None or result.current is None:
        return ""
    words = story.words
    current = result.current
    text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
    text += f": {current.grade}"
    if current.grade != DASH:
        text += f" {story.grade_label(current)}"
    if current.pending:
        text += words.paren(words["pending"])
    elif current.provisional:
        text += words.paren(words["provisional_mark"])
    if current.rate_rounded is not None:
        text += f" ｜ {words['rate']}: {percent(current.rate_rounded)}"
    if result.forecast is not None:
        text += f" ｜ {words['forecast']}: {story.forecast_text(result.forecast)}"
    if current.departs:
        text += f" ｜ {words['official']}: {current.official_grade}"
    return text
