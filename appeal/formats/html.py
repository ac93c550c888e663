"""The web page: the document with its table of contents, language switcher and notices."""

from appeal.formats.registry import Format, plain_file, register

HTML = register(Format(
    name="html", label="Web page", description="a web page per document and language",
    template="page.html.j2", suffix="html", pattern="{name}.html", write=plain_file("html")))
