"""Create and update each language's catalog from the template, as msgmerge does.

An entry whose source is unchanged keeps its translation, comments and flags;
an edited source gets the translation of its closest old msgid, marked fuzzy
with the old msgid as ``#|`` previous (:mod:`appeal.catalogs.fuzzy` finds it); a
removed one becomes obsolete (``#~``) and comes back with its translation when
its msgid does. The header is kept as the translator's tool wrote it, but for
``POT-Creation-Date``, which follows the template. A second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appeal.catalogs.bridge import new_header
from appeal.catalogs.fuzzy import FuzzyIndex, match_key
from appeal.catalogs.model import FUZZY, Catalog, Entry, Header, Key
from appeal.catalogs.pofile import format_catalog, render_catalog
from appeal.catalogs.reading import read_catalog
from appeal.errors import AppealError, CatalogError
from appeal.workspace import Workspace, atomic_write, build_time

CREATION_DATE = "POT-Creation-Date"


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What ``update_catalogs`` did, language by language."""

    created: tuple[str, ...] = ()
    """Languages whose catalog did not exist and was written from the template."""
    updated: tuple[str, ...] = ()
    """Languages whose catalog changed on disk."""
    unchanged: tuple[str, ...] = ()
    """Languages whose catalog already matched the template (file not touched)."""
    failed: tuple[AppealError, ...] = ()
    """One error per language that could not be updated (the others went on)."""
    catalogs: dict[str, Catalog] = field(default_factory=dict, compare=False, repr=False)
    """The catalogs as written, by language, so later stages need not read them again."""


def save_catalog(path: Path, catalog: Catalog) -> tuple[bool, Catalog]:
    """Write *catalog* as GNU gettext would; whether the file changed, and the catalog
    with the line of each entry as written."""
    data, placed = render_catalog(catalog)
    return atomic_write(path, data), placed


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write *catalog* as GNU gettext would; False when the file already held it."""
    return save_catalog(path, catalog)[0]


def write_template(path: Path, template: Catalog) -> bool:
    """Write the template as :func:`kept_template` gives it; False when unchanged."""
    return write_catalog(path, kept_template(path, template))


def kept_template(path: Path, template: Catalog) -> Catalog:
    """*template* with the POT-Creation-Date of the one at *path* if nothing else changed.

    A date that moves on every run would make every run a change to review; and
    the catalogs merged against it take its date, so they must get this one too.
    """
    if not path.exists():
        return template
    try:
        old = read_catalog(path)
    except CatalogError:
        return template
    stamp = old.header.get(CREATION_DATE)
    if stamp is not None and stamp != template.header.get(CREATION_DATE):
        kept = template.replace(header=template.header.with_field(CREATION_DATE, stamp))
        if format_catalog(kept) == path.read_bytes():
            return kept
    return template


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh catalog for *lang*, with the header ``pybabel init`` gives one."""
    header = new_header(template.header, lang, revised=build_time())
    entries = [entry.replace(line=None) for entry in template.entries]
    fresh = Catalog(header=header, entries=tuple(entries), locale=lang)
    return _fit_plurals(fresh)


def _fit_plurals(catalog: Catalog, kept: frozenset[Key] = frozenset()) -> Catalog:
    """Give every new plural entry the language's number of forms.

    The template has two; a language with three or four needs them all written,
    or ``msgfmt --check`` refuses the file once they are translated. Entries in
    *kept* were in the catalog already and keep the forms it gives them, as
    msgmerge leaves them: an untranslated ``msgstr[0] ""`` alone is not
    padded, and empty forms past the count (Weblate writes them) stay.
    """
    count = catalog.nplurals
    changed = [entry.replace(strings=(*entry.strings, *[""] * (count - len(entry.strings))))
               for entry in catalog.entries
               if entry.plural_id is not None and len(entry.strings) < count
               and entry.key not in kept]
    return catalog.replaced(changed) if changed else catalog


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """*catalog* brought up to date with *template* (msgmerge semantics)."""
    old = {entry.key: entry for entry in catalog.entries}
    obsolete = {entry.key: entry for entry in catalog.obsolete}
    merged: list[Entry] = []
    revived: set[Key] = set()
    for entry in template.entries:
        before = old.get(entry.key)
        gone = obsolete.pop(entry.key, None)
        if before is not None:
            merged.append(_carried(entry, before))
        elif gone is not None and any(gone.strings):
            merged.append(_revived(entry, gone))
            revived.add(entry.key)
        else:
            merged.append(entry.replace(line=None))
    kept = {entry.key for entry in template.entries}
    # As msgmerge writes them: the entries going obsolete now first, in their old
    # order, then those obsolete before; none keeps its source comments or places.
    obsolete = {key: entry.replace(obsolete=True, extracted_comments=(), locations=(),
                                   line=None)
                for key, entry in [*((k, e) for k, e in old.items() if k not in kept),
                                   *obsolete.items()]}
    merged = _match_fuzzy(merged, old, obsolete)
    stamp = template.header.get(CREATION_DATE)
    header = catalog.header if stamp is None else catalog.header.with_field(CREATION_DATE, stamp)
    updated = catalog.replace(header=header, entries=tuple(merged),
                              obsolete=tuple(obsolete.values()))
    return _fit_plurals(updated, kept=frozenset(old.keys() | revived))


def _carried(entry: Entry, before: Entry) -> Entry:
    """The template's entry with the old one's translation, comments and flags."""
    strings, reshaped = _shaped(entry, before)
    flags = entry.flags | before.flags | ({FUZZY} if reshaped else set())
    previous = before.fuzzy and before.previous_id is not None
    return entry.replace(
        strings=strings, flags=flags, line=None,
        translator_comments=(tuple(dict.fromkeys(before.translator_comments))
                             or entry.translator_comments),
        previous_context=before.previous_context if previous else None,
        previous_id=before.previous_id if previous else None,
        previous_plural_id=before.previous_plural_id if previous else None)


def _revived(entry: Entry, gone: Entry) -> Entry:
    """An obsolete entry whose msgid came back: its translation is back too."""
    strings, reshaped = _shaped(entry, gone)
    return entry.replace(
        strings=strings, flags=entry.flags | gone.flags | ({FUZZY} if reshaped else set()),
        translator_comments=gone.translator_comments, line=None,
        previous_context=gone.previous_context if gone.fuzzy else None,
        previous_id=gone.previous_id if gone.fuzzy else None,
        previous_plural_id=gone.previous_plural_id if gone.fuzzy else None)


def _shaped(entry: Entry, old: Entry) -> tuple[tuple[str, ...], bool]:
    """*old*'s strings in the shape of *entry*; True when they did not fit (a singular
    translation for a plural entry, or the reverse), which makes the entry fuzzy, as
    msgmerge does.

    A plural translation keeps its forms as written, as msgmerge keeps them: a
    one-form language (Japanese, Chinese) has one, Weblate may leave empty ones
    past ``nplurals``, and an untranslated ``msgstr[0] ""`` is not padded.
    """
    strings = old.strings
    if entry.plural_id is None:
        return strings[:1], len(strings) != 1
    if old.plural_id is None:
        return (strings[0], ""), True
    return strings, False


def _match_fuzzy(merged: list[Entry], old: dict[Key, Entry],
                 obsolete: dict[Key, Entry]) -> list[Entry]:
    """Give each new, untranslated entry the translation of its closest old msgid."""
    candidates: dict[str, Key] = {}
    for key, entry in old.items():
        if entry.id and any(entry.strings):
            candidates[match_key(entry.id)] = key
    fresh = [n for n, entry in enumerate(merged)
             if entry.key not in old and not any(entry.strings)]
    if not candidates or not fresh:
        return merged
    index = FuzzyIndex(candidates)
    for number in fresh:
        found = index.best(match_key(merged[number].id))
        if found is not None:
            source = old[candidates[found]]
            merged[number] = _fuzzy_copy(merged[number], source)
            obsolete.pop(source.key, None)
    return merged


def _fuzzy_copy(entry: Entry, source: Entry) -> Entry:
    """The new entry with the old translation, marked fuzzy, the old msgid as ``#|``."""
    strings, _ = _shaped(entry, source)
    comments = tuple(dict.fromkeys(source.translator_comments)) or entry.translator_comments
    return entry.replace(
        strings=strings, flags=entry.flags | source.flags | {FUZZY},
        translator_comments=comments, previous_context=None, previous_id=source.id,
        previous_plural_id=source.plural_id)


def update_catalogs(ws: Workspace, template: Catalog, languages: Sequence[str]) -> UpdateResult:
    """Create or update ``ws.po_path(lang)`` for each language.

    A catalog that cannot be read fails only its own language; the file is not
    written when its bytes would not change (no date churn).
    """
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    failed: list[AppealError] = []
    catalogs: dict[str, Catalog] = {}
    for lang in languages:
        path = ws.po_path(lang)
        try:
            if path.exists():
                catalog = merge(read_catalog(path, locale=lang), template)
                changed, catalogs[lang] = save_catalog(path, catalog)
                (updated if changed else unchanged).append(lang)
            else:
                _, catalogs[lang] = save_catalog(path, new_catalog(template, lang))
                created.append(lang)
        except AppealError as exc:
            exc.language = lang
            failed.append(exc)
        except OSError as exc:
            failed.append(CatalogError(f"cannot write catalog: {exc.strerror}", path=path,
                                       language=lang))
    return UpdateResult(tuple(created), tuple(updated), tuple(unchanged), tuple(failed),
                        catalogs)


__all__ = ["Header", "UpdateResult", "kept_template", "merge", "new_catalog", "save_catalog",
           "update_catalogs", "write_catalog", "write_template"]
