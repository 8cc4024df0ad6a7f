"""The one place for the Japanese and English words of the model."""

from __future__ import annotations

import doctest
import enum
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan import vocabulary
from kpiplan.vocabulary import (
    FORECAST_LABELS,
    LANGUAGES,
    TERMS,
    applies_label,
    forecast_label,
    label,
    labelled_enums,
    parse_label,
    term,
    terms,
)
from kpiplan_exporters._html import words as html_words
from kpiplan_exporters._pdf import labels as pdf_labels

MEMBERS = [member for kind in labelled_enums() for member in kind]


class TestLabel:
    def test_every_member_has_both_languages(self) -> None:
        """Every member of every labelled enum has a Japanese and an English word."""
        for member in MEMBERS:
            for language in LANGUAGES:
                assert label(member, language).strip(), (member, language)
                assert label(member, language, short=True).strip(), (member, language)

    def test_every_enum_of_the_model_is_labelled(self) -> None:
        """No enum exported by kpiplan is left without words."""
        enums = {
            value
            for name in kp.__all__
            if isinstance(value := getattr(kp, name), type) and issubclass(value, enum.Enum)
        }
        assert enums == set(labelled_enums())

    def test_words_reports_print_today(self) -> None:
        """The words are the ones the reports and workbooks already print."""
        assert label(kp.Accumulation.LEVEL) == "水準・率"
        assert label(kp.Accumulation.LEVEL, short=True) == "水準"
        assert label(kp.Direction.RANGE, "en") == "within a range"
        assert label(kp.Direction.RANGE, "en", short=True) == "within range"
        assert label(kp.BudgetStatus.REQUESTED) == "要求中"
        assert label(kp.ActualStatus.NOT_REPORTED) == "未報告"
        assert label(kp.Assessment.PARTIAL, "en") == "partly achieved"

    def test_japanese_words_are_distinct_within_an_enum(self) -> None:
        """A reader can tell every member apart by its word."""
        for kind in labelled_enums():
            for language in LANGUAGES:
                words = [label(m, language) for m in kind]
                assert len(set(words)) == len(words), (kind, language)

    def test_unknown_language(self) -> None:
        """A language other than ja and en is refused by name."""
        with pytest.raises(ValueError, match="'fr'"):
            label(kp.Direction.HIGHER, "fr")  # type: ignore[arg-type]


class TestParseLabel:
    @given(
        st.sampled_from(MEMBERS),
        st.sampled_from(LANGUAGES),
        st.booleans(),
        st.sampled_from([str, str.upper, str.title]),
    )
    def test_round_trip(self, member: enum.Enum, language: str, short: bool, case: object) -> None:
        """Every word a writer prints reads back to its member, in any letter case."""
        text = case(label(member, language, short=short))  # type: ignore[operator]
        assert parse_label(type(member), text) is member

    def test_value_and_full_width(self) -> None:
        """The member's value and full-width letters are read too."""
        assert parse_label(kp.ActualStatus, "in_progress") is kp.ActualStatus.IN_PROGRESS
        assert parse_label(kp.ActualStatus, "ＥＳＴＩＭＡＴＥ") is kp.ActualStatus.ESTIMATE

    def test_unknown_word_lists_the_words(self) -> None:
        """A word of no member names the words to write."""
        with pytest.raises(ValueError, match="確定、見込み、作成中、未報告") as caught:
            parse_label(kp.ActualStatus, "done")
        assert "'done' is no ActualStatus" in str(caught.value)


class TestOtherWords:
    def test_forecast_labels_match_the_forecasts(self) -> None:
        """Every status a forecast can take has a word in both languages."""
        from kpiplan.grading import _forecast_inputs as _forecast

        statuses = {
            _forecast.ON_TRACK,
            _forecast.NEEDS_ACCELERATION,
            _forecast.LIMITED,
            _forecast.DETERIORATING,
            _forecast.ACHIEVED,
            _forecast.UNABLE,
        }
        assert set(FORECAST_LABELS) == statuses
        assert forecast_label("needs_acceleration") == "加速が必要"
        assert forecast_label("on_track", "en") == "on track"

    def test_applies(self) -> None:
        """A 案件種別 flag applies (該当あり) or not (該当なし)."""
        assert applies_label(True) == "該当あり"
        assert applies_label(False, "en") == "does not apply"

    def test_positioning_fields(self) -> None:
        """Every field of Positioning has its words."""
        import attrs

        fields = {f.name for f in attrs.fields(kp.Positioning)}
        assert set(vocabulary.POSITIONING_LABELS) == fields

    def test_docstring_examples(self) -> None:
        """The module's examples give what they show."""
        assert doctest.testmod(vocabulary).failed == 0


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class TestTerms:
    def test_every_term_has_both_languages_with_the_same_fields(self) -> None:
        """Every term has words in both languages, and both take the same fields."""
        for key, (ja, en) in TERMS.items():
            assert ja.strip(), key
            assert en.strip(), key
            assert _fields(ja) == _fields(en), key

    def test_fields_are_filled_in(self) -> None:
        """term() fills in the fields; without fields a term is its words."""
        assert term("carried_forward") == "翌年度繰越額"
        assert term("carried_forward", "en") == "Carried forward"
        assert term("category", name="DX") == "「DX」案件"
        assert term("years_range", language="en", first="FY2021", last="FY2025") == (
            "FY2021 to FY2025"
        )
        assert term("amount", unit="千円") == "金額（千円）"

    @given(st.text())
    def test_field_values_are_written_as_they_are(self, name: str) -> None:
        """A plan's text put into a field is data: braces in it are not read as fields."""
        assert term("category", name=name) == f"「{name}」案件"

    def test_missing_field_unknown_key_and_language(self) -> None:
        """A missing field, an unknown key and an unknown language are refused by name."""
        with pytest.raises(KeyError, match="grade"):
            term("share_ab")
        with pytest.raises(KeyError, match="no_such_term"):
            term("no_such_term")
        with pytest.raises(ValueError, match="'fr'"):
            term("total", "fr")  # type: ignore[arg-type]

    def test_terms_of_a_language(self) -> None:
        """terms() gives every term in one language, fields left for the caller."""
        for language in LANGUAGES:
            words = terms(language)
            assert set(words) == set(TERMS)
            assert words["budget_year"] == TERMS["budget_year"][LANGUAGES.index(language)]

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_exporters_print_the_shared_terms(self, language: vocabulary.Language) -> None:
        """The HTML page and the PDF report print a shared term as the vocabulary says it."""
        page = html_words.Words(language)
        report = pdf_labels.Labels(language)
        for key in ("initial", "transfers", "current", "spent", "unused", "issues", "category"):
            assert page[key] == report[key] == TERMS[key][LANGUAGES.index(language)]
        assert page["grading_source"] == report["source"] == term("source", language)
        assert page["total_row"] == report["series_total"] == term("series_total", language)

    def test_exporters_keep_no_copy_of_a_shared_term(self) -> None:
        """An exporter's own table overrides a shared key only with other words."""
        for module in (html_words, pdf_labels):
            for key in set(module._JA) & set(TERMS):
                assert (module._JA[key], module._EN[key]) != TERMS[key], (module.__name__, key)
