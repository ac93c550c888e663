"""``update`` merges a translator's catalog as GNU msgmerge does, byte for byte.

The catalog (``tests/data/msgmerge/pl.po``) is one a translator's tools wrote:
a Poedit header with fields appeal does not know, a Weblate team address, a
date-only revision date, comments with empty ``#.`` lines, an untranslated
plural entry with its first form only, a fuzzy plural entry with two of
Polish's three forms, an entry about to go obsolete and an obsolete one about
to come back. The template adds a plural entry.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from appeal.catalogs import format_catalog, read_catalog
from appeal.catalogs.reading import parse_catalog
from appeal.catalogs.update import merge

DATA = Path(__file__).parent / "data" / "msgmerge"

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "msgmerge"], capture_output=True).returncode != 0,
    reason="GNU gettext is installed by `make`")


def test_update_writes_what_msgmerge_writes() -> None:
    gnu = subprocess.run(["msgmerge", "--quiet", "--previous", "--no-fuzzy-matching",
                          str(DATA / "pl.po"), str(DATA / "messages.pot"), "-o", "-"],
                         capture_output=True, check=True, timeout=60).stdout.decode()
    ours = format_catalog(merge(read_catalog(DATA / "pl.po", locale="pl"),
                                read_catalog(DATA / "messages.pot"))).decode()
    # The one difference on purpose: msgmerge writes the charset in capitals,
    # appeal keeps the translator's "utf-8" as written.
    assert "charset=UTF-8" in gnu and "charset=utf-8" in ours
    assert ours.replace("charset=utf-8", "charset=UTF-8") == gnu


def test_only_the_creation_date_of_the_header_changes() -> None:
    before = (DATA / "pl.po").read_text(encoding="utf-8").splitlines()
    after = format_catalog(merge(read_catalog(DATA / "pl.po", locale="pl"),
                                 read_catalog(DATA / "messages.pot"))).decode().splitlines()
    header = slice(0, before.index(""))
    changed = [(a, b) for a, b in zip(before[header], after[header], strict=True) if a != b]
    assert changed == [('"POT-Creation-Date: 2024-08-01 10:00+0000\\n"',
                        '"POT-Creation-Date: 2024-09-01 10:00+0000\\n"')]


def test_a_second_update_changes_nothing() -> None:
    template = read_catalog(DATA / "messages.pot")
    once = merge(read_catalog(DATA / "pl.po", locale="pl"), template)
    data = format_catalog(once)
    twice = merge(parse_catalog(data.decode(), locale="pl"), template)
    assert format_catalog(twice) == data
