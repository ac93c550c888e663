"""A4 PDFs for printing: the web page laid out by WeasyPrint with its print stylesheet."""

from __future__ import annotations

from appeal.formats.registry import Format, register


def write_pdf(name: str, rendered: str, page_url: str | None) -> dict[str, bytes]:
    from appeal.pdf import render_pdf  # only when PDFs are made

    return {f"{name}.pdf": render_pdf(rendered)}


PDF = register(Format(
    name="pdf", label="PDF for printing", description="an A4 PDF for printing",
    template="page.html.j2", suffix="pdf", pattern="{name}.pdf", write=write_pdf))
