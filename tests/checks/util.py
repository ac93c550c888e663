"""Building check entries from real sentences of the sample appeal, and running one check."""

from __future__ import annotations

from collections.abc import Mapping

from appeal.checks import CHECKS, NO_GLOSSARY, Entry
from appeal.checks.runner import default_nplurals


def entry(msgid: str, *msgstr: str, plural: str | None = None, language: str = "de",
          flags: tuple[str, ...] = (), glossary: Mapping[str, str] = NO_GLOSSARY,
          nplurals: int | None = None) -> Entry:
    """An entry as the checks see it; no msgstr means untranslated."""
    forms = tuple(msgstr) if any(msgstr) else ()
    return Entry(msgid=msgid, msgid_plural=plural, msgstr=forms, flags=frozenset(flags),
                 language=language, source_language="en",
                 nplurals=nplurals if nplurals is not None else default_nplurals(language),
                 glossary=glossary, python_format="python-format" in flags)


def found(check_id: str, item: Entry) -> list[str]:
    """The messages one check yields for one entry."""
    return list(CHECKS[check_id].function(item))
