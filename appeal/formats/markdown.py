"""The translated Markdown, the author's layout kept, for other sites and editors."""

from appeal.formats.registry import Format, plain_file, register

MARKDOWN = register(Format(
    name="md", label="Markdown", description="the translated Markdown source, for other sites",
    template="page.md.j2", suffix="md", pattern="{name}.md", write=plain_file("md")))
