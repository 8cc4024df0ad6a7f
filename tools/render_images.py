"""Render every picture README.md, README.ja.md and docs/*.md show, from the example plans.

``make images`` runs this. It writes the example plans with kpiplan's public API
(PDF reports, the workbook, a blank draft workbook, HTML pages), prints the workbooks
to PDF with LibreOffice, renders PDF pages with poppler's ``pdftoppm`` and HTML pages
with headless Chromium, and only when every picture rendered copies them into
``docs/images/``. Pages are found by their text (``pdftotext``), not by number, so a
layout change cannot silently picture the wrong page; workbook pages are cropped to
their printed content, found from the words' boxes, not to today's pixel positions.

Needs pdftoppm and pdftotext (poppler-utils), soffice (LibreOffice Calc), chromium and
IPAex Gothic, the font the PDF exporter embeds; a missing one is named with the
package to install and the script exits with status 2.
"""

from __future__ import annotations

import argparse
import html
import html.parser
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kpiplan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
KANAGAWA = ROOT / "examples" / "kanagawa_health.toml"
SERIES = ROOT / "tests" / "data" / "pdf_series_plan.toml"
#: The documents that show pictures (their ``images/…png`` references).
DOCUMENTS = ("README.md", "README.ja.md", "docs/*.md")

#: Each command the pictures need, with the Debian/Ubuntu package that installs it.
TOOLS = {
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "soffice": "libreoffice-calc-nogui",
    "chromium": "chromium",
}
#: The font the PDF exporter embeds by default on Debian/Ubuntu.
FONT_PACKAGE = "fonts-ipaexfont-gothic"

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
#: Seconds one external command may take (LibreOffice's first start is the slowest).
TIMEOUT = 300
POINTS_PER_INCH = 72


class PictureError(Exception):
    """A picture cannot be rendered: a missing tool, page or heading, or a failed command."""


@dataclass(frozen=True)
class PdfPicture:
    """A page of a PDF document, found by lines of its text."""

    name: str
    """The picture's file name in docs/images, without ``.png``."""
    document: str
    """The PDF it is taken from (a name `write_documents` knows)."""
    line_starts: tuple[str, ...]
    """The picture shows the first page with consecutive lines starting with these."""
    dpi: int
    """Resolution of the rendering, pixels per inch."""
    crop: bool = False
    """Crop to the printed content (the words' boxes and a margin) instead of the page."""


@dataclass(frozen=True)
class Screenshot:
    """An HTML page in Chromium, from its top or scrolled to a heading found by its text."""

    name: str
    """The picture's file name in docs/images, without ``.png``."""
    document: str
    """The HTML page it is taken from (a name `write_documents` knows)."""
    width: int
    """Window width in CSS pixels (below 500 the page lays out for a phone)."""
    height: int
    """Window height in CSS pixels."""
    heading: str | None = None
    """Scroll to the first element with an id whose text starts with this."""
    pad: int = 0
    """White pixels above the heading."""


Picture = PdfPicture | Screenshot

PICTURES: tuple[Picture, ...] = (
    PdfPicture("pdf-cover", "report.pdf", ("進捗状況報告書",), dpi=60),
    PdfPicture("pdf-summary", "report.pdf", ("評価の概要",), dpi=60),
    PdfPicture("pdf-csf", "report.pdf", ("CSF-1 ", "施策"), dpi=60),
    PdfPicture("pdf-csf-en", "report-en.pdf", ("CSF-1 ", "Measures"), dpi=60),
    PdfPicture("pdf-series", "series.pdf", ("KGI（重要目標達成指標）",), dpi=60),
    PdfPicture("excel-summary", "plan.pdf", ("KGIの状況",), dpi=120, crop=True),
    PdfPicture("excel-indicators", "plan.pdf", ("主な指標及び工程",), dpi=120, crop=True),
    PdfPicture("excel-charts", "plan.pdf", ("グラフ",), dpi=120, crop=True),
    PdfPicture("excel-filled", "filled.pdf", ("主な指標及び工程",), dpi=120, crop=True),
    PdfPicture("new-plan-guide", "draft.pdf", ("新しい計画の下書き",), dpi=120, crop=True),
    PdfPicture("new-plan-indicators", "draft.pdf", ("指標（KGI・KPI）",), dpi=120, crop=True),
    Screenshot("html-page", "page.html", 1280, 1400),
    Screenshot("html-phone", "page.html", 390, 1100, heading="KGI（重要目標達成指標）"),
    Screenshot("html-kanagawa", "kanagawa.html", 1160, 810, heading="健康寿命", pad=20),
)


# -- pure parts: what to run and where to look ------------------------------------------


def missing_tools(which: Callable[[str], str | None] = shutil.which) -> str | None:
    """What to install for the commands not on PATH, in one message; None if none is missing."""
    commands = [command for command in TOOLS if which(command) is None]
    if not commands:
        return None
    packages = dict.fromkeys(TOOLS[command] for command in commands)
    return f"missing {', '.join(commands)} (apt-get install {' '.join(packages)})"


def referenced_pictures(root: Path = ROOT) -> set[str]:
    """The names (without ``.png``) of the pictures the documents show."""
    names: set[str] = set()
    for pattern in DOCUMENTS:
        for document in root.glob(pattern):
            text = document.read_text(encoding="utf-8")
            names.update(re.findall(r"images/([\w.-]+)\.png", text))
    return names


def find_page(text: str, line_starts: Sequence[str], where: str) -> int:
    """The number (from 1) of the first page with lines starting with ``line_starts``.

    Args:
        text: The document's text as ``pdftotext`` gives it, pages ended by form feeds.
        line_starts: What consecutive non-blank lines of the wanted page start with
            (a heading and the line under it tell a section from a table row naming it).
        where: The document's name, for the error.

    Returns:
        The page number.

    Raises:
        PictureError: No page has such lines.
    """
    pages = text.split("\f")
    wanted = len(line_starts)
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for first in range(len(lines) - wanted + 1):
            window = lines[first : first + wanted]
            if all(line.startswith(start) for line, start in zip(window, line_starts, strict=True)):
                return number
    raise PictureError(
        f"{where}: no page has lines starting with {' / '.join(line_starts)!r} "
        f"({len(pages) - 1} pages); has the layout changed?"
    )


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in points, from its top left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def pixels(self, dpi: int) -> tuple[int, int, int, int]:
        """``pdftoppm``'s -x, -y, -W and -H for this box rendered at ``dpi``."""
        scale = dpi / POINTS_PER_INCH
        x, y = int(self.left * scale), int(self.top * scale)
        return x, y, round(self.right * scale) - x, round(self.bottom * scale) - y


_NUMBER = r'"([0-9.]+)"'
_PAGE = re.compile(rf"<page width={_NUMBER} height={_NUMBER}>")
_WORD = re.compile(rf"<word xMin={_NUMBER} yMin={_NUMBER} xMax={_NUMBER} yMax={_NUMBER}>")


def content_box(bbox_xhtml: str, margin: float = 18.0) -> Box:
    """The box around every word of a page, widened by ``margin`` points within the page.

    The margin takes in what words do not mark: cell borders, a chart's frame.

    Args:
        bbox_xhtml: ``pdftotext -bbox`` output for one page.
        margin: Points added on each side.

    Returns:
        The box.

    Raises:
        PictureError: The page has no words.
    """
    page = _PAGE.search(bbox_xhtml)
    words = [tuple(map(float, found)) for found in _WORD.findall(bbox_xhtml)]
    if page is None or not words:
        raise PictureError("the page has no text to crop to")
    width, height = map(float, page.groups())
    return Box(
        left=max(0.0, min(word[0] for word in words) - margin),
        top=max(0.0, min(word[1] for word in words) - margin),
        right=min(width, max(word[2] for word in words) + margin),
        bottom=min(height, max(word[3] for word in words) + margin),
    )


def pdftoppm_command(pdf: Path, page: int, dpi: int, out_stem: Path, box: Box | None) -> list[str]:
    """The ``pdftoppm`` command rendering one page (cropped to ``box``) to ``out_stem``.png."""
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page)]
    if box is not None:
        x, y, width, height = box.pixels(dpi)
        command += ["-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    return [*command, "-singlefile", str(pdf), str(out_stem)]


def soffice_command(workbooks: Sequence[Path], out_dir: Path, profile: Path) -> list[str]:
    """The LibreOffice command printing workbooks to PDF, with a profile of its own.

    A profile of its own keeps it from waiting on, or handing the job to, a LibreOffice
    already running for the same user.
    """
    return [
        "soffice",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, workbooks),
    ]


def chromium_command(url: str, out: Path, width: int, height: int, profile: Path) -> list[str]:
    """The headless Chromium command taking a ``width`` x ``height`` screenshot of ``url``."""
    return [
        "chromium",
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--screenshot={out}",
        url,
    ]


#: HTML elements that have no end tag and hold no text.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class _Headings(html.parser.HTMLParser):
    """The text of every element with an id, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str, list[str]]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        identifier = dict(attrs).get("id")
        if identifier and tag not in _VOID:
            self.open.append((tag, identifier, []))

    def handle_endtag(self, tag: str) -> None:
        tags = [open_tag for open_tag, _, _ in self.open]
        if tag not in tags:
            return
        # Elements left open inside it (a <p> closed implicitly) end with it.
        while self.open:
            open_tag, identifier, parts = self.open.pop()
            self.found.append((identifier, " ".join("".join(parts).split())))
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        for _, _, parts in self.open:
            parts.append(data)


def heading_id(markup: str, starts: str, where: str) -> str:
    """The id of the first element (in document order of its end) whose text starts so.

    Raises:
        PictureError: No element with an id has such a text.
    """
    parser = _Headings()
    parser.feed(markup)
    for identifier, text in parser.found:
        if text.startswith(starts):
            return identifier
    raise PictureError(f"{where}: no element with an id has a text starting with {starts!r}")


def frame(page: str, fragment: str, width: int, height: int, pad: int) -> str:
    """A page showing ``page`` scrolled to ``#fragment`` in a frame ``width`` wide.

    Chromium's --screenshot paints nothing when the page itself is scrolled to a
    fragment; a frame scrolled to it paints.
    """
    source = html.escape(f"{page}#{fragment}")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="margin:0;padding-top:{pad}px;background:#fff">'
        f'<iframe src="{source}" style="display:block;border:0;'
        f'width:{width}px;height:{height - pad}px"></iframe></body></html>\n'
    )


#: A picture whose pixel data compresses more than this many times is taken as blank:
#: one-colour screenshots measured 371, a nearly empty printed page with one row 73,
#: the pictures in docs 8 to 35.
BLANK_RATIO = 200


def looks_blank(png: bytes) -> bool:
    """Whether a PNG is (all but) one colour, judged by how far its pixel data compresses.

    A blank screenshot, Chromium's way of failing, is caught without decoding pixels.
    """
    position, data = 8, b""
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        if png[position + 4 : position + 8] == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    return len(zlib.decompress(data)) > BLANK_RATIO * len(data)


# -- the rendering ----------------------------------------------------------------------


def _run(command: Sequence[str], what: str) -> str:
    """Run a command; its standard output, or a PictureError naming what failed."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as error:
        raise PictureError(f"{what}: {command[0]} took more than {TIMEOUT} s") from error
    if done.returncode != 0:
        raise PictureError(f"{what}: {command[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return done.stdout


def _export(plan: kpiplan.Plan, format: str, path: Path, **options: Any) -> None:
    """Export, refusing the fallbacks (a substituted font) the exporters warn about."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kpiplan.export(plan, format, path, **options)
    if caught:
        message = "; ".join(str(warning.message) for warning in caught)
        # The one fallback the exporters warn about today is the PDF's font.
        raise PictureError(f"{path.name}: {message} (font: apt-get install {FONT_PACKAGE})")


def _new_draft(path: Path) -> None:
    """A blank draft workbook, as ``kpiplan new`` writes it."""
    # A fixed period: the default (the next five years) would change the picture yearly.
    _run([sys.executable, "-m", "kpiplan", "new", "--period", "R7-R11", str(path)], path.name)


#: The division whose workbook is pictured filled in, and what its official types, as
#: Excel stores it: (indicator, row, year) → value, or (value, number format).
FILLED_DIVISION = "スマート県庁推進課"
FILLED_CELLS: dict[tuple[str, str, str], Any] = {
    ("KGI", "実績", "R4"): (0.98, "0%"),  # 98% typed as a percent
    ("CSF-1/KPI-1", "実績", "R4"): "１２",  # full-width digits
    ("CSF-1/KPI-2", "実績", "R4"): "5,210件",  # a unit typed after the number
    ("CSF-1/KPI-3", "状態", "R4"): "作成中",
    ("CSF-3/KPI-5", "実績", "R4"): "研修を実施",
    ("CSF-3/KPI-5", "達成度", "R4"): "一部達成",  # a statement target assessed
}


def _indicator_cell(sheet: Any, indicator_id: str, row: str, year: str) -> Any:
    """The 指標 sheet's cell of an indicator's ``row`` (実績, 状態 …) in ``year``."""
    header = next((r for r in sheet.iter_rows() if r[0].value == "ID"), None)
    if header is None:
        raise PictureError("filled.xlsx: the 指標 sheet has no ID header row")
    columns = {c.value: c.column for c in header}
    kind = columns.get("項目")
    if year not in columns or kind is None:
        raise PictureError(f"filled.xlsx: the 指標 sheet has no column {year} or 項目")
    for cells in sheet.iter_rows(min_row=header[0].row + 1):
        if cells[0].value == indicator_id and cells[kind - 1].value == row:
            return sheet.cell(row=cells[0].row, column=columns[year])
    raise PictureError(f"filled.xlsx: no {row} row of {indicator_id} on the 指標 sheet")


def _filled_workbook(path: Path) -> None:
    """A division's workbook filled in as an official would (docs/excel.md's picture)."""
    import datetime

    import openpyxl

    _export(kpiplan.load(EXAMPLE), "xlsx", path, division=FILLED_DIVISION)
    book = openpyxl.load_workbook(path)
    sheet = book["指標"]
    for (indicator_id, row, year), typed in FILLED_CELLS.items():
        cell = _indicator_cell(sheet, indicator_id, row, year)
        if isinstance(typed, tuple):
            cell.value, cell.number_format = typed
        else:
            cell.value = typed
    sheet["B2"].value = datetime.date(2023, 3, 31)  # 実績基準日
    book.save(path)


def write_documents(work: Path, names: Iterable[str]) -> None:
    """Write the documents named (keys of the pictures' ``document``) into ``work``.

    Raises:
        PictureError: A name is unknown, or writing or printing a document failed.
    """
    example = kpiplan.load(EXAMPLE)
    writers: dict[str, Callable[[Path], None]] = {
        "report.pdf": lambda path: _export(example, "pdf", path),
        "report-en.pdf": lambda path: _export(example, "pdf", path, language="en"),
        "series.pdf": lambda path: _export(kpiplan.load(SERIES), "pdf", path),
        "page.html": lambda path: _export(example, "html", path),
        "kanagawa.html": lambda path: _export(
            kpiplan.load(KANAGAWA), "html", path, as_of=kpiplan.FiscalYear(2022)
        ),
        "plan.xlsx": lambda path: _export(example, "xlsx", path),
        "draft.xlsx": _new_draft,
        "filled.xlsx": _filled_workbook,
    }
    # The workbooks are pictured as LibreOffice prints them.
    workbook_pdfs = ("plan.pdf", "draft.pdf", "filled.pdf")
    printed = {name: name.removesuffix(".pdf") + ".xlsx" for name in workbook_pdfs}
    wanted = sorted(set(names))
    workbooks = [work / printed[name] for name in wanted if name in printed]
    for name in [*(n for n in wanted if n not in printed), *(w.name for w in workbooks)]:
        if name not in writers:
            raise PictureError(f"no document is called {name!r}")
        writers[name](work / name)
    for workbook in workbooks:
        workbook.with_suffix(".pdf").unlink(missing_ok=True)
    if workbooks:
        with tempfile.TemporaryDirectory(prefix="kpiplan-soffice-") as profile:
            _run(soffice_command(workbooks, work, Path(profile)), "LibreOffice")
    for workbook in workbooks:
        if not workbook.with_suffix(".pdf").exists():
            raise PictureError(f"{workbook.name}: LibreOffice wrote no PDF")


def _render_pdf(picture: PdfPicture, work: Path, out: Path) -> None:
    pdf = work / picture.document
    page = find_page(
        _run(["pdftotext", "-layout", str(pdf), "-"], pdf.name), picture.line_starts, pdf.name
    )
    box = None
    if picture.crop:
        words = _run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], pdf.name
        )
        box = content_box(words)
    _run(pdftoppm_command(pdf, page, picture.dpi, out.with_suffix(""), box), picture.name)


def _render_screenshot(picture: Screenshot, work: Path, out: Path) -> None:
    page = work / picture.document
    target = page
    if picture.heading is not None:
        fragment = heading_id(page.read_text(encoding="utf-8"), picture.heading, page.name)
        target = work / f"{picture.name}-frame.html"
        target.write_text(
            frame(page.name, fragment, picture.width, picture.height, picture.pad),
            encoding="utf-8",
        )
    with tempfile.TemporaryDirectory(prefix="kpiplan-chromium-") as profile:
        command = chromium_command(
            target.resolve().as_uri(), out.resolve(), picture.width, picture.height, Path(profile)
        )
        _run(command, picture.name)


def render(pictures: Iterable[Picture], work: Path, out: Path) -> list[Path]:
    """Render ``pictures`` into ``out`` (through ``work``); the files written.

    Raises:
        PictureError: A tool is missing, a page or heading is not found, a command
            fails or a picture comes out blank. Nothing is written to ``out`` then.
    """
    missing = missing_tools()
    if missing is not None:
        raise PictureError(missing)
    pictures = list(pictures)
    work.mkdir(parents=True, exist_ok=True)
    write_documents(work, (picture.document for picture in pictures))
    rendered: list[Path] = []
    for picture in pictures:
        png = work / f"{picture.name}.png"
        png.unlink(missing_ok=True)
        if isinstance(picture, PdfPicture):
            _render_pdf(picture, work, png)
        else:
            _render_screenshot(picture, work, png)
        if not png.exists() or looks_blank(png.read_bytes()):
            raise PictureError(f"{picture.name}: the picture is blank")
        rendered.append(png)
    out.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(png, out / png.name)) for png in rendered]


def main(argv: Sequence[str] | None = None) -> int:
    """Render the pictures; 0 when all rendered, 2 (with the reason on stderr) otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "images")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=[p.name for p in PICTURES])
    arguments = parser.parse_args(argv)
    pictures = [p for p in PICTURES if arguments.only is None or p.name in arguments.only]
    try:
        written = render(pictures, arguments.work, arguments.out)
    except PictureError as error:
        print(f"images: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
