"""The PDF report is typeset as a Japanese document: fonts, line breaking, cells, dates."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Table

import kpiplan as kp
from kpiplan_exporters import ExporterError, ExportJob, make_exporter
from kpiplan_exporters._pdf.fonts import find_font, register_cid
from kpiplan_exporters._pdf.labels import labels_for
from kpiplan_exporters._pdf.linebreak import CANNOT_END, CANNOT_START, break_lines
from kpiplan_exporters._pdf.report import build_story
from kpiplan_exporters._pdf.story import ReportSettings, Story
from kpiplan_exporters.pdf import FontNotEmbeddedWarning

IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
needs_ipaex = pytest.mark.skipif(
    not IPAEX.is_file(),
    reason="IPAex Gothic is not installed (apt-get install fonts-ipaexfont-gothic)",
)
FONTS = ["cid", pytest.param(str(IPAEX), marks=needs_ipaex, id="ipaex")]


def render(plan: kp.Plan, **options: Any) -> bytes:
    """The report of ``plan`` written with ``options``."""
    stream = io.BytesIO()
    make_exporter("pdf", options).write(ExportJob(plan), stream)
    return stream.getvalue()


def text_of(data: bytes) -> str:
    """The text layer of every page."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def tables(flow: list[Any]) -> list[Table]:
    """Every table of a story, those kept together with their heading included."""
    found: list[Table] = []
    for item in flow:
        if isinstance(item, KeepTogether):
            found += tables(item._content)
        elif isinstance(item, Table):
            found.append(item)
    return found


def overflowing_cells(table: Table) -> list[str]:
    """The text of every cell of ``table`` wider than the room its column leaves."""
    table.wrap(1e6, 1e6)
    table._calcSpanRanges()
    found = []
    for row, cells in enumerate(table._cellvalues):
        for column, value in enumerate(cells):
            span = table._spanRanges.get((column, row))
            if span is None or value in ("", None):
                continue
            first, _, last, _ = span
            style = table._cellStyles[row][column]
            room = sum(table._colWidths[first : last + 1]) - style.leftPadding - style.rightPadding
            if isinstance(value, (list, tuple)):
                for flowable in value:
                    assert isinstance(flowable, Paragraph)
                    flowable.wrap(room, 1e6)
                    if any(line.extraSpace < -0.01 for line in flowable.blPara.lines):
                        found.append(flowable.text)
            else:
                for line in str(value).split("\n"):
                    if stringWidth(line, style.fontname, style.fontsize) > room + 0.01:
                        found.append(line)
    return found


class TestLineBreaking:
    """Lines break by 禁則: what may not start or end a line does not."""

    @staticmethod
    def lines(text: str, width: float, size: float = 10) -> list[str]:
        """``text`` broken into lines ``width`` wide, in the CID gothic at ``size``."""
        font, _ = register_cid()
        widths = [stringWidth(c, font, size) for c in text]
        return [text[a:b] for a, b in break_lines(list(text), widths, [width])]

    def test_no_line_ends_with_an_opening_bracket(self) -> None:
        """（ goes down with what it opens, and a Latin date stays whole."""
        lines = self.lines("目標を達成 → A。見込み値（2022-03-31時点）による暫定評価", 115)
        assert not any(line[-1] in CANNOT_END for line in lines)
        assert any("（2022-03-31時点）" in line for line in lines), lines

    def test_no_line_starts_with_long_vowel_or_stop(self) -> None:
        """ー、。） never start a line: the break moves back one character."""
        for width in range(30, 200, 5):
            for line in self.lines(
                "情報システム・庁内ネットワークのセキュリティ強化。（ＵＸ）、評価", width
            )[1:]:
                assert line[0] not in CANNOT_START, (width, line)

    def test_nothing_hangs_into_the_margin(self) -> None:
        """No line is wider than its width (reportlab hangs ー and 。 past the edge)."""
        font, _ = register_cid()
        for width in range(30, 200, 7):
            for line in self.lines("ネットワーク。ネットワーク、ユーザーエクスペリエンス", width):
                assert stringWidth(line, font, 10) <= width + 0.01

    @given(
        st.text(
            alphabet="あいうえおっゃーアイウッャ漢字指標「」（）、。・ABC12 -",
            min_size=1,
            max_size=80,
        ),
        st.integers(min_value=25, max_value=200),
    )
    def test_any_text(self, text: str, width: int) -> None:
        """Every character is kept in order, and every line fits unless it is one glyph."""
        font, _ = register_cid()
        lines = self.lines(text, width)
        assert "".join(lines) == text
        for line in lines:
            assert len(line) == 1 or stringWidth(line.rstrip(" "), font, 10) <= width + 0.01

    def test_forced_breaks_kept(self) -> None:
        """A <br/> ends its line even with room to spare."""
        text = list("一行目二行目")
        spans = break_lines(text, [10.0] * 6, [1000], [False, False, True, False, False, False])
        assert spans == [(0, 3), (3, 6)]


class TestCells:
    """No text is wider than its cell, in either font and either language."""

    @pytest.mark.parametrize("language", ["ja", "en"])
    @pytest.mark.parametrize("font", FONTS)
    def test_every_cell_fits(self, example_plan: kp.Plan, font: str, language: str) -> None:
        """Each table cell's text, measured in the font's metrics, fits its column."""
        settings = ReportSettings(labels=labels_for(language), font=font, charts=False, author=None)
        story = Story(example_plan, kp.evaluate(example_plan), settings)
        wide = [cell for t in tables(build_story(story)) for cell in overflowing_cells(t)]
        assert not wide


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
@pytest.mark.parametrize("font", FONTS)
def test_pdftotext_no_line_ends_with_bracket(
    example_plan: kp.Plan, font: str, tmp_path: Path
) -> None:
    """The issue's check: `pdftotext report.pdf - | grep -c '（$'` gives 0."""
    path = tmp_path / "report.pdf"
    path.write_bytes(render(example_plan, font=font))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert not [line for line in text.splitlines() if line.endswith(("（", "「"))]


class TestFonts:
    """A Japanese TrueType font is embedded by default; the CID fonts are the fallback."""

    @needs_ipaex
    def test_default_embeds_installed_font(self, example_plan: kp.Plan) -> None:
        """With IPAex Gothic installed the default report embeds it, and no other font."""
        assert find_font() is not None
        data = render(example_plan)
        assert b"/FontFile2" in data
        assert b"HeiseiKakuGo" not in data
        assert b"/Helvetica" not in data

    def test_fallback_warns_how_to_embed(
        self, example_plan: kp.Plan, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without a TrueType font: the CID fonts, and a warning naming the package."""
        monkeypatch.setattr("kpiplan_exporters._pdf.fonts.find_font", lambda: None)
        with pytest.warns(FontNotEmbeddedWarning, match="fonts-ipaexfont-gothic"):
            data = render(example_plan)
        assert b"HeiseiKakuGo-W5" in data

    def test_cid_asked_for_does_not_warn(self, example_plan: kp.Plan) -> None:
        """font=cid uses the CID fonts without a warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error", FontNotEmbeddedWarning)
            data = render(example_plan, font="cid")
        assert b"/FontFile" not in data

    @needs_ipaex
    def test_deterministic_with_embedded_font(self, example_plan: kp.Plan) -> None:
        """The same plan and font give the same bytes."""
        assert render(example_plan) == render(example_plan)


class TestWords:
    """Japanese throughout in Japanese mode, English throughout in English mode."""

    def test_japanese_dates_and_words(self, example_plan: kp.Plan) -> None:
        """和暦 dates everywhere, no ISO date and no English status word."""
        text = text_of(render(example_plan, font="cid"))
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
        assert "R4.3.31時点" in re.sub(r"\s", "", text)
        assert "pending" not in text

    def test_english_has_no_report_japanese(self, example_plan: kp.Plan) -> None:
        """In English the report's own words are English (plan text stays as written)."""
        text = re.sub(r"\s", "", text_of(render(example_plan, font="cid", language="en")))
        for japanese in ("（作成中）", "(要求中)", "評価なし", "指標数", "区分"):
            assert japanese not in text, japanese
        assert "Inprogress" in text
        assert "Fiscalyear" in text

    def test_charts_have_axis_titles(self, example_plan: kp.Plan) -> None:
        """Every chart has its axis titles and unit: 年度, 単位: 件, 区分, 指標数."""
        text = text_of(render(example_plan, font="cid"))
        for title in ("年度", "単位: 件", "単位: %", "区分", "指標数"):
            assert title in text, title


class TestCreationDate:
    """CreationDate follows SOURCE_DATE_EPOCH (reproducible builds), else is constant."""

    def test_source_date_epoch(
        self, example_plan: kp.Plan, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SOURCE_DATE_EPOCH=1648684800 dates the file 2022-03-31 00:00 UTC."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1648684800")
        data = render(example_plan, font="cid")
        assert b"D:20220331000000+00'00'" in data
        assert render(example_plan, font="cid") == data

    def test_constant_without_it(
        self, example_plan: kp.Plan, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Unset, the date is 2000-01-01, the same every run."""
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        assert b"D:20000101000000" in render(example_plan, font="cid")

    def test_bad_value(self, example_plan: kp.Plan, monkeypatch: pytest.MonkeyPatch) -> None:
        """A value that is no number of seconds is an error naming the variable and value."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
        with pytest.raises(ExporterError, match=r"SOURCE_DATE_EPOCH.*'yesterday'"):
            render(example_plan, font="cid")
