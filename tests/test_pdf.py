"""Print-ready PDFs, read back with poppler's pdftotext: A4, page numbers, every script."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from appeal.pdf import render_pdf
from tests.conftest import PLANTED, require_tool

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EN_TITLE = "SAC's appeal to left-wing organizations"
EN_FIRST = ("The Committee for Solidary Actions is a political group of left-wing and trade "
            "union activists reestablished in 2022.")


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The PDF's text as poppler extracts it, whitespace and bidi controls normalised."""
    tool = require_tool("pdftotext", "poppler-utils")
    args = [tool, *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text if layout else " ".join(BIDI_CONTROLS.sub("", text).split())


def pdf_info(path: Path) -> dict[str, str]:
    require_tool("pdftotext", "poppler-utils")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in out.splitlines())}


def planted(lang: str, prefix: str) -> str:
    return PLANTED[lang][prefix]


@pytest.mark.parametrize(("lang", "title", "first"), [
    ("en", EN_TITLE, EN_FIRST),
    ("uk", EN_TITLE, EN_FIRST),  # not translated yet: the source text is printed
    ("ru", planted("ru", EN_TITLE), planted("ru", "The Committee for Solidary Actions")),
])
def test_pdf_holds_title_date_and_first_paragraph(published: Path, lang: str, title: str,
                                                  first: str) -> None:
    path = published / "dist" / lang / "appeal.pdf"
    text = pdf_text(path)
    assert text.startswith(title)
    assert " ".join(first.split()) in text
    assert "2024" in text.split(first.split()[0])[0]  # the date of last change comes first
    info = pdf_info(path)
    assert info["Page size"].endswith("(A4)")
    assert info["Title"] == title


def test_arabic_pdf_text_is_extracted_in_reading_order(published: Path) -> None:
    text = pdf_text(published / "dist" / "ar" / "appeal.pdf")
    title = planted("ar", EN_TITLE)
    first = planted("ar", "The Committee for Solidary Actions")
    assert text.startswith(title)
    words = first.rstrip(".").split()
    assert " ".join(word for word in words if not word.isdigit()) in text
    fonts = subprocess.run(["pdffonts", str(published / "dist" / "ar" / "appeal.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert re.search(r"Arabic|DejaVu|FreeSerif|FreeSans", fonts), fonts


def test_pages_are_numbered_and_navigation_is_not_printed(published: Path) -> None:
    path = published / "dist" / "en" / "digest.pdf"
    pages = int(pdf_info(path)["Pages"])
    assert pages > 2
    layout = pdf_text(path, layout=True).split("\f")
    for number, page in enumerate(layout[:pages], 1):
        assert re.search(rf"\b{number}\s*/\s*{pages}\b", page), page[-300:]
    text = pdf_text(path)
    assert "Русский" not in text and "Contents" not in text


def test_same_page_gives_the_same_pdf_bytes(published: Path) -> None:
    html = (published / "dist" / "ru" / "appeal.html").read_text(encoding="utf-8")
    assert render_pdf(html) == render_pdf(html)
    assert render_pdf(html) == (published / "dist" / "ru" / "appeal.pdf").read_bytes()


def test_pdf_loads_nothing_from_outside(tmp_path: Path) -> None:
    served = tmp_path / "secret.css"
    served.write_text("body { color: red }", encoding="utf-8")
    html = (f'<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="{served.as_uri()}">'
            f'</head><body><p>Hello</p><img src="{served.as_uri()}"></body></html>')
    data = render_pdf(html)
    assert data.startswith(b"%PDF-")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    assert pdf_text(path) == "Hello"
