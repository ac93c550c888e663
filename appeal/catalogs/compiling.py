"""Compile catalogs to ``.mo`` and count how much of each is translated."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from appeal.catalogs.entries import first_id
from appeal.catalogs.reading import read_catalog
from appeal.catalogs.update import UpdateResult
from appeal.errors import AppealError, CatalogError
from appeal.workspace import Workspace, atomic_write


def compile_catalog(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    """The ``.mo`` bytes; fuzzy entries count as untranslated unless *use_fuzzy*.

    Draft builds pass ``use_fuzzy=True`` to show machine suggestions; a published
    build must never show an unreviewed translation.
    """
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    return buffer.getvalue()


def compile_catalogs(ws: Workspace, languages: Sequence[str], *, use_fuzzy: bool = False,
                     catalogs: Mapping[str, Catalog] | None = None) -> UpdateResult:
    """Write ``ws.mo_path(lang)`` for each language; one bad catalog fails only itself.

    *catalogs* holds catalogs already in memory (just updated), which are then
    not read from disk again.
    """
    known = catalogs or {}
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    failed: list[AppealError] = []
    for lang in languages:
        target = ws.mo_path(lang)
        try:
            existed = target.exists()
            catalog = known.get(lang) or read_catalog(ws.po_path(lang), locale=lang)
            data = compile_catalog(catalog, use_fuzzy=use_fuzzy)
            if not atomic_write(target, data):
                unchanged.append(lang)
            else:
                (updated if existed else created).append(lang)
        except AppealError as exc:
            exc.language = lang
            failed.append(exc)
        except OSError as exc:
            failed.append(CatalogError(f"cannot write compiled catalog: {exc.strerror}",
                                       path=target, language=lang))
    return UpdateResult(tuple(created), tuple(updated), tuple(unchanged), tuple(failed))


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """How much of a catalog is reviewed, fuzzy or untranslated (words of the source)."""

    segments: int = 0
    """Entries, not counting the header and obsolete entries."""
    words: int = 0
    """Words of all source texts (whitespace-separated)."""
    reviewed: int = 0
    """Translated entries not marked fuzzy."""
    reviewed_words: int = 0
    fuzzy: int = 0
    """Translated entries marked fuzzy (machine drafts, changed sources)."""
    fuzzy_words: int = 0
    untranslated: int = 0
    untranslated_words: int = 0

    @property
    def percent_reviewed(self) -> float:
        """Reviewed share of the source words, 0-100 (0 for an empty catalog).

        >>> CatalogStats(segments=2, words=4, reviewed=1, reviewed_words=1).percent_reviewed
        25.0
        """
        return 100.0 * self.reviewed_words / self.words if self.words else 0.0


def catalog_stats(catalog: Catalog) -> CatalogStats:
    """Count entries and source words by state; words make long paragraphs weigh more."""
    return messages_stats(catalog._messages.values())


def messages_stats(messages: Iterable[Message]) -> CatalogStats:
    """:func:`catalog_stats` over any selection of messages (one document's, say)."""
    counts = {"reviewed": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for message in messages:
        state = _state(message)
        counts[state][0] += 1
        counts[state][1] += len(first_id(message.id).split())
    return CatalogStats(
        segments=sum(c[0] for c in counts.values()), words=sum(c[1] for c in counts.values()),
        reviewed=counts["reviewed"][0], reviewed_words=counts["reviewed"][1],
        fuzzy=counts["fuzzy"][0], fuzzy_words=counts["fuzzy"][1],
        untranslated=counts["untranslated"][0], untranslated_words=counts["untranslated"][1])


def _state(message: Message) -> str:
    string = message.string
    translated = all(string) if isinstance(string, (list, tuple)) else bool(string)
    if not translated:
        return "untranslated"
    return "fuzzy" if message.fuzzy else "reviewed"
