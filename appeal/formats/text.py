"""Plain text wrapped at 72 columns, links as numbered references: for e-mail."""

from appeal.formats.registry import Format, plain_file, register

TEXT = register(Format(
    name="txt", label="Plain text", description="plain text for e-mail, wrapped at 72 columns",
    template="page.txt.j2", suffix="txt", pattern="{name}.txt", write=plain_file("txt")))
