"""appeal's reader and writer against GNU msgcat on generated catalogs.

Real catalogs rarely hold C format strings, obsolete entries with flags,
comments with trailing blanks or a backslash at a line's end, previous
contexts, or strings of mixed scripts at the wrap column; these catalogs are
made of such pieces. Each is written by hand (not by appeal), then both msgcat
and appeal read and write it: the bytes must be the same.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from appeal.catalogs import format_catalog
from appeal.catalogs.reading import parse_catalog
from appeal.errors import CatalogError

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "msgcat"], capture_output=True).returncode != 0,
    reason="GNU gettext is installed by `make`")

PIECES = ("{0: >10}", "{x!r}", "{}", "{{", "}}", "{x.y}", "{x[0]}", "%s", "%d", "%.*s", "%s%",
          "%%", "%5.2f", "%-10s", "%1$s", "%(name)s", "{0}", "{name}", "%", "%l", "%ld", "%zu",
          "%'d", "%I64d", "%<PRId64>", " ", "  ", "word", "слово", "字", "كلمة", "a-b", "x/y",
          "\\n", "\\t", '\\"', "\\\\", "—", ".", ",", "longerwordhere", "Ünïcödé")
FLAGS = ("python-brace-format", "python-brace-format, no-wrap", "", "c-format",
         "python-format", "no-c-format", "c-format, no-wrap", "no-wrap", "fuzzy",
         "fuzzy, c-format", "range: 1..5", "possible-c-format", "fuzzy, python-format, no-wrap",
         "qt-format", "sh-format")


def _catalog_text(seed: int, entries: int) -> str:
    rng = random.Random(seed)

    def text(most: int) -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))

    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for number in range(entries):
        obsolete = rng.random() < 0.2
        prefix = "#~ " if obsolete else ""
        if rng.random() < 0.3:
            out.append("# " + text(3) + ("  " if rng.random() < 0.2 else ""))
        if rng.random() < 0.3:
            out.append("#." + rng.choice(["", " ", "  "]) + text(3))
        if rng.random() < 0.3 and not obsolete:
            out.append("#: " + " ".join(f"src/file{rng.randint(0, 99)}.c:{rng.randint(1, 9999)}"
                                        for _ in range(rng.randint(1, 12))))
        flags = rng.choice(FLAGS)
        if flags:
            out.append("#, " + flags)
        if rng.random() < 0.2:
            previous = "#~| " if obsolete else "#| "
            if rng.random() < 0.5:
                out.append(f'{previous}msgctxt "{text(3)}"')
            out.append(f'{previous}msgid "{text(30)}"')
        if rng.random() < 0.2:
            out.append(f'{prefix}msgctxt "{text(4)}{number}"')
        out.append(f'{prefix}msgid "{text(40)} #{number}"')
        if rng.random() < 0.2:
            out.append(f'{prefix}msgid_plural "{text(20)}"')
            out.append(f'{prefix}msgstr[0] "{text(40)}"')
            out.append(f'{prefix}msgstr[1] "{text(40)}"')
        else:
            out.append(f'{prefix}msgstr "{text(60)}"')
        out.append("")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", range(1, 17))
def test_appeal_writes_what_msgcat_writes(tmp_path: Path, seed: int) -> None:
    source = _catalog_text(seed, 300)
    path = tmp_path / "generated.po"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(["msgcat", str(path)], capture_output=True, timeout=60)
    if done.returncode != 0:
        # A backslash that ends a comment joins the next line to it, and the
        # generator cannot see whether that leaves the file valid: appeal must
        # then refuse it as msgcat did.
        with pytest.raises(CatalogError):
            parse_catalog(source)
        return
    expected = done.stdout
    from_source = format_catalog(parse_catalog(source))
    from_msgcat = format_catalog(parse_catalog(expected.decode("utf-8")))
    assert from_source.decode().splitlines() == expected.decode().splitlines()
    assert from_msgcat == expected
