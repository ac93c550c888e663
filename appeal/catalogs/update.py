"""Create and update each language's catalog from the template, as msgmerge would.

Babel's ``Catalog.update`` does the bookkeeping (new, kept, obsolete entries); its
quadratic fuzzy matching is replaced by :mod:`appeal.catalogs.fuzzy`, and two gaps
are closed so that a second run changes nothing: an entry still fuzzy keeps its
``#|`` previous msgid, and an obsolete entry whose msgid comes back is revived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from appeal.catalogs.entries import first_id
from appeal.catalogs.fuzzy import FuzzyIndex, match_key
from appeal.catalogs.pofile import format_catalog
from appeal.catalogs.reading import read_catalog
from appeal.errors import AppealError, CatalogError
from appeal.workspace import Workspace, atomic_write, build_time


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


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write *catalog* as GNU gettext would; False when the file already held it."""
    return atomic_write(path, format_catalog(catalog))


def write_template(path: Path, template: Catalog) -> bool:
    """Write the template, keeping the old POT-Creation-Date if nothing else changed.

    A date that moves on every run would make every run a change to review.
    """
    if path.exists():
        try:
            old = read_catalog(path)
        except CatalogError:
            old = None
        if old is not None and old.creation_date != template.creation_date:
            fresh = template.creation_date
            template.creation_date = old.creation_date
            if format_catalog(template) != path.read_bytes():
                template.creation_date = fresh
    return write_catalog(path, template)


def new_catalog(template: Catalog, lang: str) -> Catalog:
    """A fresh catalog for *lang*, as ``pybabel init`` makes one."""
    catalog = Catalog(locale=lang, domain=template.domain, project=template.project,
                      version=template.version, copyright_holder=template.copyright_holder,
                      msgid_bugs_address=template.msgid_bugs_address,
                      creation_date=template.creation_date,
                      revision_date=build_time(),
                      charset="utf-8", fuzzy=False)
    catalog.header_comment = template._header_comment
    for message in template:
        if message.id:
            catalog[message.id] = message.clone()
    _fit_plurals(catalog)
    return catalog


def _fit_plurals(catalog: Catalog) -> None:
    """Give every plural entry exactly the language's number of forms.

    The template has two; a language with three or four needs them all written,
    or ``msgfmt --check`` refuses the file and the next run would add them.
    """
    count = catalog.num_plurals
    for key, message in catalog._messages.items():
        if isinstance(message.id, (list, tuple)) and len(message.string) != count:
            fitted = message.clone()
            fitted.string = (*list(message.string)[:count], *[""] * (count - len(message.string)))
            catalog._messages[key] = fitted


def merge(catalog: Catalog, template: Catalog) -> None:
    """Bring *catalog* up to date with *template* in place (msgmerge semantics)."""
    old = dict(catalog._messages)
    catalog.update(template, no_fuzzy_matching=True)
    messages = catalog._messages
    for key, message in messages.items():
        before = old.get(key)
        obsolete = catalog.obsolete.pop(key, None)
        if before is not None and before.fuzzy and before.previous_id:
            messages[key] = message = message.clone()
            message.previous_id = list(before.previous_id)
        elif before is None and obsolete is not None and _translated(obsolete):
            messages[key] = _revive(message, obsolete)
    _match_fuzzy(catalog, old)
    _fit_plurals(catalog)


def _revive(message: Message, obsolete: Message) -> Message:
    revived = message.clone()
    revived.string = obsolete.string
    revived.flags |= obsolete.flags
    revived.user_comments = list(obsolete.user_comments)
    revived.previous_id = list(obsolete.previous_id) if obsolete.fuzzy else []
    return revived


def _match_fuzzy(catalog: Catalog, old: dict[object, Message]) -> None:
    """Give each new, untranslated entry the translation of its closest old msgid."""
    candidates: dict[str, object] = {}
    for key, message in old.items():
        if message.id and message.string:
            candidates[match_key(first_id(message.id))] = key
    fresh = [key for key, message in catalog._messages.items()
             if key not in old and not _translated(message)]
    if not candidates or not fresh:
        return
    index = FuzzyIndex(candidates)
    for key in fresh:
        message = catalog._messages[key]
        msgid = first_id(message.id)
        found = index.best(match_key(msgid))
        if found is not None:
            oldkey = candidates[found]
            catalog._messages[key] = _fuzzy_copy(message, old[oldkey], catalog.num_plurals)
            catalog.obsolete.pop(oldkey, None)


def _translated(message: Message) -> bool:
    string = message.string
    return any(string) if isinstance(string, (list, tuple)) else bool(string)


def _fuzzy_copy(message: Message, oldmsg: Message, num_plurals: int) -> Message:
    """Babel's ``_merge`` for a fuzzy match: old translation, new msgid, ``#|``."""
    merged = message.clone()
    merged.previous_id = [oldmsg.id] if isinstance(oldmsg.id, str) else list(oldmsg.id)
    merged.string = oldmsg.string
    if oldmsg.user_comments:
        merged.user_comments = list(dict.fromkeys(oldmsg.user_comments))
    if isinstance(merged.id, (list, tuple)):
        if not isinstance(merged.string, (list, tuple)):
            merged.string = (merged.string, *([""] * (len(merged.id) - 1)))
        elif len(merged.string) != num_plurals:
            merged.string = tuple(merged.string[: len(oldmsg.string)])
    elif isinstance(merged.string, (list, tuple)):
        merged.string = merged.string[0]
    merged.flags |= oldmsg.flags | {"fuzzy"}
    return merged


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
                catalog = read_catalog(path, locale=lang)
                merge(catalog, template)
                (updated if write_catalog(path, catalog) else unchanged).append(lang)
            else:
                catalog = new_catalog(template, lang)
                write_catalog(path, catalog)
                created.append(lang)
            catalogs[lang] = catalog
        except (ValueError, UnknownLocaleError) as exc:
            failed.append(CatalogError(f"cannot make a catalog for {lang!r}: {exc}", path=path,
                                       language=lang))
        except AppealError as exc:
            exc.language = lang
            failed.append(exc)
        except OSError as exc:
            failed.append(CatalogError(f"cannot write catalog: {exc.strerror}", path=path,
                                       language=lang))
    return UpdateResult(tuple(created), tuple(updated), tuple(unchanged), tuple(failed),
                        catalogs)
