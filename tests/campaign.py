"""A second workspace for the tests (tests/data/campaign): another committee's campaign with a
table, a numbered list, links, inline HTML, a quotation in Spanish, a regional language code
(pt_BR), a right-to-left language appeal ships no page text for (fa), and a publication gate.

Its translations differ from their sources: words are upper-cased, while the markup, link
targets, placeholders and inline HTML stay as written, as a careful translator keeps them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import polib

from tests.conftest import REPO

CAMPAIGN = REPO / "tests" / "data" / "campaign"
_KEEP = re.compile(r"\]\([^)]*\)|<[^>]*>|%\(\w+\)[sd]|https?://\S+|\{[^}]*\}")


def copy_campaign(target: Path) -> Path:
    shutil.copytree(CAMPAIGN, target)
    return target


def shout(text: str) -> str:
    """A translation that changes every word and keeps everything the checks protect.

    >>> shout("Sign the [open letter](https://example.org/letter) <kbd>now</kbd>.")
    'SIGN THE [OPEN LETTER](https://example.org/letter) <kbd>NOW</kbd>.'
    """
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(text[last:match.start()].upper())
        out.append(match[0])
        last = match.end()
    out.append(text[last:].upper())
    return "".join(out)


def translate(root: Path, lang: str, *, fuzzy: Callable[[str], bool] = lambda _: False,
              only: Callable[[str], bool] = lambda _: True) -> None:
    """Fill *lang*'s catalog as a translator would: every entry *only* accepts, reviewed
    unless *fuzzy* says it is a draft."""
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if not only(entry.msgid):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {n: shout(entry.msgid_plural) for n in entry.msgstr_plural}
        else:
            entry.msgstr = shout(entry.msgid)
        if fuzzy(entry.msgid):
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        elif "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()
