"""The words around an indicator's table: the facts above it, the ※ notes below.

:class:`IndicatorText` is the part of the page that puts an indicator's facts
(担当課, unit, baseline, 出典 …), its series and its revisions into words, and
numbers the ※ marks its cells carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kpiplan import Baseline, FiscalYear, Indicator, Plan, Revision, Series, TargetKind, YearBasis
from kpiplan_exporters._html.cells import Holder
from kpiplan_exporters._html.words import DASH, Words, format_value, target_text

__all__ = ["IndicatorText"]

_LADDER_KINDS = (TargetKind.STAGE, TargetKind.STATEMENT)


class IndicatorText:
    """An indicator's facts, ※ notes and revisions in the page's words.

    A part of :class:`~kpiplan_exporters._html.page.Page`, which sets the
    attributes declared here.
    """

    plan: Plan
    words: Words

    def meta(self, indicator: Indicator) -> list[tuple[str, str]]:
        """(label, value) facts of an indicator: 担当課, unit, counting, baseline, 出典 …"""
        words = self.words
        facts = [(words["divisions"], "、".join(indicator.divisions))]
        if indicator.unit is not None:
            facts.append((words["unit"], indicator.unit))
            facts.append((words["accumulation"], words.enum(indicator.accumulation)))
            facts.append((words["direction"], words.enum(indicator.direction)))
        else:
            facts.append((words["unit"], words["qualitative"]))
        if indicator.year_basis is YearBasis.CALENDAR:
            facts.append((words["year_basis"], words.enum(indicator.year_basis)))
        if indicator.baseline is not None:
            facts.append((words["baseline"], self._baseline(indicator.baseline, indicator)))
        if indicator.goal is not None:
            goal = indicator.goal
            parts = [words.year(goal.year)]
            if goal.value is not None:
                parts.append(format_value(goal.value, indicator.unit))
            if goal.statement is not None:
                parts.append(goal.statement)
            facts.append((words["headline_goal"], " ".join(parts)))
        # The ladder explains stage and statement targets; a trend or rank target has none.
        if any(t.kind in _LADDER_KINDS for t in indicator.targets) or not (
            indicator.is_quantitative or indicator.targets or indicator.series
        ):
            facts.append((words["ladder"], " → ".join(self.plan.ladder_of(indicator))))
        if indicator.national_rank is not None:
            facts.append((words["rank_label"], self._rank(indicator)))
        facts.extend((words["series"], self._series(indicator, s)) for s in indicator.series)
        if indicator.series:
            facts.append((words["combine"], words.enum(indicator.combine)))
        if indicator.source is not None:
            source = indicator.source
            parts = [source.name]
            if source.year is not None:
                parts.append(words.year_short(source.year))
            text = " ".join(parts)
            facts.append(
                (words["data_source"], text + (words.paren(source.note) if source.note else ""))
            )
        if indicator.survey:
            facts.append((words["survey"], words["survey_yes"]))
        if indicator.rationale is not None:
            facts.append((words["rationale"], indicator.rationale))
        return facts

    def _baseline(self, baseline: Baseline, indicator: Indicator) -> str:
        """基準値: its year and number, or the words the plan printed (今後算定)."""
        value = baseline.value if baseline.value is not None else None
        if value is None and baseline is indicator.baseline:
            value = indicator.baseline_value()
        shown = format_value(value, indicator.unit) if value is not None else baseline.text
        text = f"{self.words.year_short(baseline.year)} {shown or DASH}"
        return text + self.words.paren(baseline.note) if baseline.note else text

    def _rank(self, holder: Holder) -> str:
        rank = holder.national_rank
        assert rank is not None
        text = self.words["national_rank"].format(rank=rank.rank)
        if rank.year is not None:
            text = f"{self.words.year_short(rank.year)} {text}"
        text = text if rank.among is None else f"{text}／{rank.among}"
        return text + self.words.paren(rank.note) if rank.note else text

    def _series(self, indicator: Indicator, series: Series) -> str:
        """A series in one line beside its rows: name, baseline, national rank."""
        words = self.words
        parts = [series.name]
        if series.baseline is not None:
            parts.append(f"{words['baseline']} {self._baseline(series.baseline, indicator)}")
        if series.national_rank is not None:
            parts.append(f"{words['rank_label']} {self._rank(series)}")
        return " ｜ ".join(parts)

    def _holders(self, indicator: Indicator) -> tuple[Holder, ...]:
        return (indicator, *indicator.series)

    def _marks(self, indicator: Indicator) -> Iterator[tuple[Holder, FiscalYear, str, str]]:
        """(whose, year, ``target``/``actual``, note) of each ※ note in a cell, in order."""
        for holder in self._holders(indicator):
            for target in holder.targets:
                if target.note is not None:
                    yield holder, target.year, "target", target.note
            for actual in holder.actuals:
                if actual.note is not None:
                    yield holder, actual.year, "actual", actual.note

    def _mark(
        self, indicator: Indicator, holder: Holder, year: FiscalYear, kind: str
    ) -> int | None:
        for number, (whose, where, what, _) in enumerate(self._marks(indicator), start=1):
            if whose is holder and where == year and what == kind:
                return number
        return None

    def notes(self, indicator: Indicator) -> list[str]:
        """The ※ notes under an indicator's table, numbered as their cells are marked."""
        words = self.words
        notes = []
        for number, (holder, year, kind, note) in enumerate(self._marks(indicator), start=1):
            where = f"{words.year_short(year)} {words[kind]}"
            if isinstance(holder, Series):
                where = f"{holder.name} {where}"
            notes.append(f"※{number} {note}{words.paren(where)}")
        notes += [f"※{note}" for note in indicator.footnotes]
        notes += [f"※{s.name}: {s.note}" for s in indicator.series if s.note is not None]
        for holder in self._holders(indicator):
            for actual in holder.actuals:
                if actual.override is not None:
                    where = words.paren(words.year_short(actual.year))
                    notes.append(
                        f"{words['override']}{where}: "
                        f"{actual.override.grade} — {actual.override.reason}"
                    )
        for holder in self._holders(indicator):
            for revision in holder.revisions:
                notes.append(self._revision(holder, revision, indicator.unit))
        if indicator.observations:
            observed = "、".join(
                f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                for o in indicator.observations
            )
            notes.append(f"{words['observations']}: {observed}")
        return notes

    def _revision_what(self, revision: Revision) -> str:
        """What the plan calls a revision and when it was decided: 中間評価、H31.3.31."""
        decided = revision.decided
        words = self.words
        when = words.date(decided) if isinstance(decided, dt.date) else words.month(decided)
        return "、".join(filter(None, (revision.label, when)))

    def _revision(self, holder: Holder, revision: Revision, unit: str | None) -> str:
        """A revision as a note: what, when, why, and the revised targets."""
        words = self.words
        where = f"{holder.name}: " if isinstance(holder, Series) else ""
        targets = "、".join(
            f"{words.year_short(t.year)} {target_text(t, unit, words)}" for t in revision.targets
        )
        what = words.paren(self._revision_what(revision))
        return f"{words['revision']}{what}: {where}{targets} — {revision.reason}"
