"""The Markdown exporter passes kpiplan's contract kit and writes what a reader expects."""

from __future__ import annotations

import io
import re
from typing import Any, ClassVar

import pytest
from kpiplan_markdown import MarkdownExporter, escape

from kpiplan_exporters import ExporterError, ExportJob, make_exporter
from kpiplan_exporters.testing import ExporterContract, hostile_plan, sample_plan

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: any ASCII punctuation


def unescape(markdown: str) -> str:
    """What a Markdown reader shows for backslash-escaped text."""
    return _ESCAPED.sub(r"\1", markdown)


class TestMarkdownContract(ExporterContract):
    """The exporter with its defaults (Japanese labels, grades)."""

    exporter_name = "markdown"
    forbidden_markup = ("<b>", "[x](javascript", "*強調*", "a|b")

    def visible_text(self, output: bytes) -> str | None:
        """The text with Markdown's backslash escapes undone."""
        return unescape(output.decode("utf-8"))


class TestMarkdownEnglishContract(TestMarkdownContract):
    """The exporter in English without grades, options given as text (as on the CLI)."""

    options: ClassVar[dict[str, Any]] = {"language": "en", "grades": "false"}


def render(**options: Any) -> str:
    stream = io.BytesIO()
    make_exporter("markdown", options).write(ExportJob(sample_plan()), stream)
    return stream.getvalue().decode("utf-8")


class TestReport:
    """What the report shows."""

    def test_estimates_and_in_progress_kept(self) -> None:
        """見込み and 作成中 reach the report; nothing reported is a dash."""
        text = render(grades=False)
        assert "95% (見込み)" in text
        assert "作成中" in text
        assert "－" in text

    def test_spanning_statement(self) -> None:
        """A statement spanning R4–R6 is written once, later years say 〃."""
        text = render(grades=False)
        assert "より使いやすい利用環境へ改善（ＰＤＣＡ） (R4–R6) | 〃 | 〃 |" in text

    def test_english_labels(self) -> None:
        """language=en changes the labels, not the plan's text."""
        text = render(language="en", grades=False)
        assert "| Target |" in text
        assert "ＡＩ技術活用事業数" in text

    def test_unknown_language(self) -> None:
        """An unknown language is refused with the exporter's name."""
        with pytest.raises(ExporterError, match="markdown"):
            make_exporter("markdown", {"language": "fr"})

    def test_escape(self) -> None:
        """Punctuation that starts markup is escaped; Japanese text and % are left alone."""
        assert escape("<b>R&D</b>") == r"\<b\>R\&D\</b\>"
        assert escape("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
        assert escape("87%") == "87%"
        assert escape("全角（ＰＤＣＡ）") == "全角（ＰＤＣＡ）"
        assert escape("a\nb") == "a b"

    def test_grades_from_evaluation(self) -> None:
        """With grades on, each indicator has a grade row from the evaluation."""
        text = render()
        assert text.count("| 評価 |") == sum(1 for _ in sample_plan().indicators())

    def test_hostile_text_is_inert(self) -> None:
        """No raw HTML or link survives from the plan's text."""
        stream = io.BytesIO()
        MarkdownExporter(grades=False).write(ExportJob(hostile_plan()), stream)
        text = stream.getvalue().decode("utf-8")
        assert "<b>" not in text
        assert r"\<b\>太字\</b\>" in text
