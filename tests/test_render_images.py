"""tools/render_images.py (`make images`): what it pictures, how it finds and crops pages."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("render_images", ROOT / "tools" / "render_images.py")
assert _SPEC is not None
assert _SPEC.loader is not None
render_images = importlib.util.module_from_spec(_SPEC)
# dataclasses look their module up in sys.modules while the module runs.
sys.modules["render_images"] = render_images
_SPEC.loader.exec_module(render_images)

PictureError = render_images.PictureError


def _png(width: int, height: int, pixel: Callable[[int, int], bytes]) -> bytes:
    """An 8-bit RGB PNG with no filtering, each pixel from ``pixel(x, y)``."""
    rows = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class TestPictures:
    """The pictures the docs show are the pictures the script renders."""

    def test_every_picture_shown_is_rendered_and_every_rendered_is_shown(self) -> None:
        """README*.md and docs/*.md show exactly the pictures in PICTURES and docs/images."""
        rendered = {picture.name for picture in render_images.PICTURES}
        on_disk = {path.stem for path in (ROOT / "docs" / "images").glob("*.png")}
        assert render_images.referenced_pictures() == rendered == on_disk

    def test_names_are_unique(self) -> None:
        """No two pictures write the same file."""
        names = [picture.name for picture in render_images.PICTURES]
        assert len(names) == len(set(names))


class TestFindPage:
    """Pages are found by their text, not their number."""

    TEXT = (
        "プラン 実績基準日\n評価の概要\nCSF-1 最新デジタル技術の活用拡大   2  0  1\n\f"
        "プラン 実績基準日\n\nCSF-1 最新デジタル技術の活用拡大\n\n施策\n施策名  内容\n\f"
        "プラン 実績基準日\nCSF-1 最新デジタル技術の活用拡大\n施策\n\f"
    )

    def test_the_first_page_with_consecutive_lines(self) -> None:
        """A heading and the line under it (blank lines skipped) pick the section's page."""
        assert render_images.find_page(self.TEXT, ("CSF-1 ", "施策"), "r.pdf") == 2

    def test_a_table_row_naming_the_section_is_not_the_section(self) -> None:
        """One line alone would find the summary's row; the line under it tells them apart."""
        assert render_images.find_page(self.TEXT, ("CSF-1 ",), "r.pdf") == 1
        assert render_images.find_page(self.TEXT, ("評価の概要",), "r.pdf") == 1

    def test_no_such_page_names_the_document_and_the_text(self) -> None:
        """A layout change that loses the text fails, naming the file and what was sought."""
        with pytest.raises(PictureError, match=r"r\.pdf: no page .*'CSF-9 / 施策'.*3 pages"):
            render_images.find_page(self.TEXT, ("CSF-9", "施策"), "r.pdf")


BBOX = """<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>
  <page width="841.890000" height="595.304000">
    <word xMin="379.995000" yMin="36.394987" xMax="410.199174" yMax="41.336287">指標</word>
    <word xMin="54.396000" yMin="51.585187" xMax="101.625000" yMax="59.261687">主な指標</word>
    <word xMin="781.095000" yMin="554.466037" xMax="830.800342" yMax="590.888637">&amp;</word>
  </page>
</doc></body></html>
"""


class TestCrop:
    """Workbook pages are cropped to what is printed on them."""

    def test_box_around_every_word_with_a_margin_within_the_page(self) -> None:
        """The margin widens the words' box but never past the paper's edge."""
        box = render_images.content_box(BBOX, margin=18.0)
        assert box.left == pytest.approx(54.396 - 18)
        assert box.top == pytest.approx(36.394987 - 18)
        assert box.right == pytest.approx(841.89)
        assert box.bottom == pytest.approx(595.304)

    def test_a_page_without_words_cannot_be_cropped(self) -> None:
        """An empty page is an error, not a picture of nothing."""
        with pytest.raises(PictureError, match="no text"):
            render_images.content_box('<page width="10" height="10">\n</page>')

    def test_pixels_at_a_resolution(self) -> None:
        """Points become pdftoppm's pixel offsets and sizes at the given dpi."""
        box = render_images.Box(left=36.0, top=72.0, right=108.0, bottom=144.0)
        assert box.pixels(120) == (60, 120, 120, 120)
        command = render_images.pdftoppm_command(Path("p.pdf"), 3, 120, Path("out/x"), box)
        assert command == [
            "pdftoppm", "-png", "-r", "120", "-f", "3", "-l", "3",
            "-x", "60", "-y", "120", "-W", "120", "-H", "120",
            "-singlefile", "p.pdf", "out/x",
        ]  # fmt: skip

    def test_a_whole_page(self) -> None:
        """Without a box the whole page is rendered."""
        command = render_images.pdftoppm_command(Path("p.pdf"), 1, 60, Path("x"), None)
        assert "-x" not in command
        assert command[-3:] == ["-singlefile", "p.pdf", "x"]


class TestCommands:
    """The external commands, built without running them."""

    def test_chromium_flags(self) -> None:
        """Headless, no network chatter, its own profile, the window size and the file."""
        command = render_images.chromium_command(
            "file:///w/page.html", Path("/w/p.png"), 390, 1100, Path("/tmp/profile")
        )
        for flag in (
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--user-data-dir=/tmp/profile", "--window-size=390,1100",
            "--screenshot=/w/p.png",
        ):  # fmt: skip
            assert flag in command
        assert command[0] == "chromium"
        assert command[-1] == "file:///w/page.html"

    def test_libreoffice_has_a_profile_of_its_own(self) -> None:
        """A LibreOffice already running for the user cannot take the job."""
        command = render_images.soffice_command(
            [Path("/w/plan.xlsx")], Path("/w"), Path("/tmp/lo profile")
        )
        assert "-env:UserInstallation=file:///tmp/lo%20profile" in command
        assert command[-4:] == ["pdf", "--outdir", "/w", "/w/plan.xlsx"]

    def test_missing_tools_are_named_with_their_packages(self) -> None:
        """Each missing command is named once and its package once, ready for apt-get."""
        found = {"pdftoppm": "/usr/bin/pdftoppm", "soffice": "/usr/bin/soffice"}
        assert render_images.missing_tools(found.get) == (
            "missing pdftotext, chromium (apt-get install poppler-utils chromium)"
        )
        assert render_images.missing_tools(lambda command: "/usr/bin/" + command) is None

    def test_without_tools_nothing_is_written_and_the_exit_is_not_zero(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`make images` on a machine without the tools says what to install and fails."""
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        out = tmp_path / "images"
        assert render_images.main(["--out", str(out), "--work", str(tmp_path / "w")]) == 2
        error = capsys.readouterr().err
        assert "apt-get install poppler-utils libreoffice-calc-nogui chromium" in error
        assert not out.exists()


class TestHtml:
    """Screenshots scroll to a heading found by its text."""

    MARKUP = (
        '<section id="kgi"><h2 id="kgi-title">KGI（重要目標達成指標）</h2>'
        '<article id="i1"><h3 id="i1-title">KGI 公文書の<span>電子化率</span></h3></article>'
        "</section>"
    )

    def test_the_innermost_element_whose_text_starts_so(self) -> None:
        """The heading itself, not the section around it; text across tags counts."""
        assert render_images.heading_id(self.MARKUP, "KGI（", "p.html") == "kgi-title"
        assert render_images.heading_id(self.MARKUP, "KGI 公文書の電子化率", "p.html") == "i1-title"

    def test_elements_without_an_end_tag(self) -> None:
        """A void element with an id holds no text; one left open ends with its parent."""
        markup = '<section id="s"><img id="logo" src="x.png">CSF-1 最新</section>'
        assert render_images.heading_id(markup, "CSF-1", "p.html") == "s"
        markup = '<div id="d"><p id="p">前書き<h2 id="t">CSF-1 最新</h2></div>'
        assert render_images.heading_id(markup, "CSF-1", "p.html") == "t"

    def test_no_such_heading(self) -> None:
        """A heading that is gone fails, naming the page."""
        with pytest.raises(PictureError, match=r"p\.html: .*'CSF-9'"):
            render_images.heading_id(self.MARKUP, "CSF-9", "p.html")

    def test_frame_scrolls_to_the_fragment(self) -> None:
        """The frame shows the page at the fragment, below the padding, filling the window."""
        markup = render_images.frame("page.html", "i1-title", 1160, 810, 20)
        assert 'src="page.html#i1-title"' in markup
        assert "padding-top:20px" in markup
        assert "width:1160px;height:790px" in markup


class TestBlank:
    """A picture of nothing is refused."""

    def test_one_colour_is_blank(self) -> None:
        """A white screenshot, Chromium's way of failing, is blank."""
        assert render_images.looks_blank(_png(390, 300, lambda x, y: b"\xff\xff\xff"))

    def test_text_like_detail_is_not(self) -> None:
        """A sparse page with some marks on it is a picture."""
        detail = _png(
            390, 300, lambda x, y: b"\0\0\0" if (x * 7 + y * 13) % 29 < 3 else b"\xff\xff\xff"
        )
        assert not render_images.looks_blank(detail)


TOOLS_MISSING = render_images.missing_tools(shutil.which)


@pytest.mark.skipif(TOOLS_MISSING is not None, reason=f"{TOOLS_MISSING}")
class TestRendering:
    """One picture of each kind rendered with the real tools."""

    def test_a_report_page_a_workbook_crop_and_a_phone_screenshot(self, tmp_path: Path) -> None:
        """Each picture comes out at its size, painted, in the output folder only."""
        out = tmp_path / "images"
        names = ["pdf-csf", "new-plan-indicators", "html-phone"]
        argv = ["--out", str(out), "--work", str(tmp_path / "work"), "--only", *names]
        assert render_images.main(argv) == 0
        pictures = {path.stem: path.read_bytes() for path in out.glob("*.png")}
        assert sorted(pictures) == sorted(names)
        assert _size(pictures["pdf-csf"]) == (497, 702)  # A4 at 60 dpi
        assert _size(pictures["html-phone"]) == (390, 1100)
        width, height = _size(pictures["new-plan-indicators"])
        # Cropped to the header rows of a landscape A4 page at 120 dpi.
        assert 600 < width <= 1403
        assert 50 < height < 400
        assert not any(render_images.looks_blank(png) for png in pictures.values())
