"""Compile catalogs to ``.mo`` and count how much of each is done."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from appeal.catalogs.bridge import from_babel, to_babel
from appeal.catalogs.model import Catalog, Entry, State
from appeal.catalogs.reading import read_catalog
from appeal.catalogs.update import UpdateResult
from appeal.errors import AppealError, CatalogError
from appeal.workspace import Workspace, atomic_write


def compile_catalog(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    """The ``.mo`` bytes; fuzzy entries count as untranslated unless *use_fuzzy*."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, to_babel(catalog), use_fuzzy=use_fuzzy)
    return buffer.getvalue()


def read_compiled(path: Path, *, locale: str | None = None) -> Catalog:
    """A compiled catalog (``.mo``) as appeal's model: its translations, header and plurals.

    For catalogs that ship compiled (the package's own page text): nothing but
    the translations a build may show is in them, and they read without parsing
    ``.po`` syntax. A file that is not a ``.mo`` is a CatalogError naming it.
    """
    from babel.messages.mofile import read_mo

    try:
        with path.open("rb") as handle:
            found = read_mo(handle)
    except OSError as error:
        raise CatalogError(f"cannot read compiled catalog: {error.strerror}", path=path) from None
    except Exception as error:  # struct and decoding errors of a damaged file
        raise CatalogError(f"not a compiled catalog: {error}", path=path) from None
    return from_babel(found, locale=locale)


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
    """How much of a catalog is reviewed, drafted or untranslated (words of the source)."""

    segments: int = 0
    """Entries, not counting the header and obsolete entries."""
    words: int = 0
    """Words of all source texts (whitespace-separated)."""
    reviewed: int = 0
    """Translated entries not marked fuzzy, machine drafts approved unchanged left out."""
    reviewed_words: int = 0
    approved_drafts: int = 0
    """Machine drafts whose fuzzy flag was cleared with their text unchanged: neither
    reviewed nor fuzzy (:attr:`~appeal.catalogs.model.State.APPROVED_DRAFT`)."""
    approved_drafts_words: int = 0
    fuzzy: int = 0
    """Translated entries marked fuzzy: drafts and outdated translations together."""
    fuzzy_words: int = 0
    untranslated: int = 0
    untranslated_words: int = 0
    outdated: int = 0
    """Of the fuzzy ones, reviewed translations whose source changed since."""
    outdated_words: int = 0

    @property
    def percent_reviewed(self) -> float:
        """Reviewed share of the source words, 0-100 (0 for an empty catalog).

        >>> CatalogStats(segments=2, words=4, reviewed=1, reviewed_words=1).percent_reviewed
        25.0
        """
        return 100.0 * self.reviewed_words / self.words if self.words else 0.0


def whole_percent(value: float) -> str:
    """A share as every page and table shows it: rounded down, so 99.6 % never reads 100 %.

    The gates compare exact numbers; the status table, the dashboard, the index
    and the review pages all print through this one function.

    >>> whole_percent(99.6), whole_percent(0.64), whole_percent(100)
    ('99%', '0%', '100%')
    """
    return f"{math.floor(value)}%"


def catalog_stats(catalog: Catalog) -> CatalogStats:
    """Count entries and source words by state; words make long paragraphs weigh more."""
    return entries_stats(catalog.entries)


def entries_stats(entries: Iterable[Entry]) -> CatalogStats:
    """:func:`catalog_stats` over any selection of entries (one document's, say)."""
    counts = {state: [0, 0] for state in State}
    for entry in entries:
        tally = counts[entry.state]
        tally[0] += 1
        tally[1] += entry.words
    fuzzy = [counts[State.DRAFT][n] + counts[State.OUTDATED][n] for n in (0, 1)]
    live = [state for state in State if state is not State.OBSOLETE]
    return CatalogStats(
        segments=sum(counts[s][0] for s in live), words=sum(counts[s][1] for s in live),
        reviewed=counts[State.REVIEWED][0], reviewed_words=counts[State.REVIEWED][1],
        approved_drafts=counts[State.APPROVED_DRAFT][0],
        approved_drafts_words=counts[State.APPROVED_DRAFT][1],
        fuzzy=fuzzy[0], fuzzy_words=fuzzy[1],
        untranslated=counts[State.UNTRANSLATED][0],
        untranslated_words=counts[State.UNTRANSLATED][1],
        outdated=counts[State.OUTDATED][0], outdated_words=counts[State.OUTDATED][1])
