"""Print-ready PDFs, read back with poppler's pdftotext: A4, page numbers, every script."""

from __future__ import annotations

import contextlib
import re
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from appeal.languages import language_info
from appeal.pagetext import package_translations
from appeal.pdf import render_pdf
from appeal.render import render_language
from appeal.segments import parse_document
from appeal.workspace import Workspace
from tests.conftest import BASE_URL, PLANTED, compiled, require_tool

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


def font_sizes(path: Path) -> list[tuple[float, str]]:
    """Every line of text in the PDF with its font size, as poppler's pdftohtml reads them."""
    tool = require_tool("pdftohtml", "poppler-utils")
    xml = subprocess.run([tool, "-xml", "-i", "-stdout", "-zoom", "1", str(path)],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    sizes = {spec.get("id"): float(spec.get("size") or 0) for spec in root.iter("fontspec")}
    return [(sizes[text.get("font")], " ".join("".join(text.itertext()).split()))
            for text in root.iter("text") if "".join(text.itertext()).strip()]


@pytest.mark.parametrize(("lang", "name", "title"), [
    ("en", "digest", "Digest of cases of political repression in which the SAC took/is taking "
                     "part"),
    ("ru", "appeal", planted("ru", EN_TITLE)),
    ("ar", "appeal", planted("ar", EN_TITLE)),
])
def test_title_is_the_largest_text(published: Path, lang: str, name: str, title: str) -> None:
    lines = font_sizes(published / "dist" / lang / f"{name}.pdf")
    largest = max(size for size, _ in lines)
    at_largest = BIDI_CONTROLS.sub("", " ".join(text for size, text in lines if size == largest))
    assert title in (at_largest, at_largest[::-1]), "pdftohtml gives Arabic in visual order"
    headings = [size for size, text in lines if text == "Boris Kagarlitsky"]
    if name == "digest":
        assert headings and max(headings) < largest
    body = sorted(size for size, _ in lines)[len(lines) // 2]
    assert largest >= 1.8 * body, "the title stands out from the text"


def pdf_streams(data: bytes) -> bytes:
    """The PDF's objects as written, compressed object streams inflated."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(data[match.end():]))
    return b"\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pdf_is_tagged(published: Path, lang: str) -> None:
    path = published / "dist" / lang / "appeal.pdf"
    objects = pdf_streams(path.read_bytes())
    assert b"/StructTreeRoot" in objects
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objects)
    assert pdf_info(path)["Tagged"] == "yes"
    structure = subprocess.run(["pdfinfo", "-struct", str(path)], capture_output=True,
                               text=True, check=True).stdout.split()
    assert "H1" in structure and "P" in structure
    assert f"/Lang ({lang})".encode() in objects


def test_read_online_line_ends_the_pdf_when_base_url_is_set(published: Path) -> None:
    for lang in ("en", "ru", "ar"):
        path = published / "dist" / lang / "digest.pdf"
        address = f"{BASE_URL}{lang}/digest.html"
        text = pdf_text(path)
        shipped = package_translations(lang)  # None for the source language
        line = (shipped.gettext(READ_ONLINE) if shipped else READ_ONLINE) % {"url": address}
        assert lang == "en" or "Read online" not in line, "appeal ships it translated"
        ending = re.search(r"(.*)\s+\d+\s*/\s*\d+$", text)  # the last page's number
        assert ending, text[-300:]
        last = ending[1][-len(line) - 2:]
        # pdftotext gives right-to-left text in visual order: compare its parts
        label = line.replace(address, "").strip(" :")
        assert address in last and label in last, (line, last)
        urls = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True,
                              check=True).stdout
        assert address in urls, "the address is a link"


SOURCE = """---
title: Free the prisoners
date: 2024-05-01
---

We ask for your *solidarity*.
"""
READ_ONLINE = "Read online and in other languages: %(url)s"


def render_one_pdf(tmp_path: Path, lang: str, translations: dict[str, str],
                   settings: dict[str, object]) -> Path:
    ws = Workspace(root=tmp_path, source_language="en", languages=(lang,), settings=settings)
    infos = [language_info(code) for code in ws.all_languages]
    render_language(ws, lang, [parse_document(SOURCE, name="appeal")],
                    compiled(lang, translations) if lang != "en" else None,
                    drafts=False, formats=["html", "pdf"], out=ws.dist, languages=infos)
    return ws.dist / lang / "appeal.pdf"


def test_read_online_line_is_translated(tmp_path: Path) -> None:
    path = render_one_pdf(tmp_path, "de", {
        READ_ONLINE: "Online und in anderen Sprachen lesen: %(url)s",
        "Free the prisoners": "Freiheit für die Gefangenen"},
        {"appeal": {"base_url": "https://example.org/appeal"}})
    text = pdf_text(path)
    assert text.startswith("Freiheit für die Gefangenen")
    assert "Online und in anderen Sprachen lesen: https://example.org/appeal/de/appeal.html" in text
    assert "Read online" not in text


def test_no_read_online_line_without_base_url(tmp_path: Path) -> None:
    path = render_one_pdf(tmp_path, "en", {}, {"appeal": {}})
    text = pdf_text(path)
    assert text.startswith("Free the prisoners") and "solidarity" in text
    assert "Read online" not in text and "http" not in text
    page = (tmp_path / "dist" / "en" / "appeal.html").read_text(encoding="utf-8")
    assert "<footer" not in page and "Read online" not in page
