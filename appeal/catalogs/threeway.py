"""Merge a catalog a translator sends back into the workspace's, against the one handed off.

A volunteer works for days on a copy of the catalog (the *base*) while the
workspace moves on: the source changes, another volunteer's file is merged.
Each entry is then decided the way a version-control merge decides a line:

- the translator changed it and the workspace did not: the translator's text
  is taken (marked fuzzy with the old msgid, as :func:`~appeal.catalogs.merge`
  does, when its source changed meanwhile: *outdated*);
- the workspace changed it and the translator did not: the workspace's stays;
- both changed it, differently: the workspace's translation stays, marked
  fuzzy, and the translator's is kept beside it in a translator comment, for a
  person to decide (a *conflict*).

Without a base (a file that was not handed off by appeal) there is nothing to
tell a change from an old text: translations the workspace lacks are taken and
every differing one is a conflict. Both catalogs are first brought up to date
with the current template, so an entry is compared with its own counterpart
even when its msgid changed since the handoff.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from appeal.catalogs.model import FUZZY, Catalog, Entry, Key
from appeal.catalogs.provenance import TAGS
from appeal.catalogs.update import merge

CONFLICT_TAG = "appeal-conflict:"
"""Starts the translator comment that holds a returned translation in conflict."""


class Decision(enum.StrEnum):
    """What became of one entry of the returned catalog."""

    TAKEN = "taken"
    """The translator's change, taken as it is."""
    OUTDATED = "outdated"
    """The translator's change to a source edited since: taken, fuzzy, with ``#|`` previous."""
    KEPT = "kept"
    """The workspace's change, kept where the translator did not touch the entry."""
    CONFLICT = "conflict"
    """Both changed the entry: the workspace's kept, fuzzy, the translator's in a comment."""
    OBSOLETE = "obsolete"
    """A translation of text no longer in the source, kept as ``#~`` so it can come back."""


@dataclass(frozen=True, slots=True)
class Merged:
    """One entry that the merge changed or kept on purpose."""

    decision: Decision
    key: Key
    returned_line: int | None
    """Where the entry is in the returned file (its old msgid's entry, for an edited source)."""


@dataclass(frozen=True, slots=True)
class ThreeWay:
    """The merged catalog and what was decided for each entry that mattered."""

    catalog: Catalog
    decisions: tuple[Merged, ...]

    def count(self, decision: Decision) -> int:
        return sum(1 for item in self.decisions if item.decision is decision)

    def of(self, decision: Decision) -> tuple[Merged, ...]:
        return tuple(item for item in self.decisions if item.decision is decision)


def known_share(returned: Catalog, *known: Catalog) -> float:
    """The share of *returned*'s msgids that any of *known* (template, base …) has.

    A file made from another template (another project's catalog, another
    document set) shares almost none; one whose source moved on shares most.

    >>> a, b = Catalog(entries=(Entry("x"), Entry("y"))), Catalog(entries=(Entry("x"),))
    >>> known_share(a, b)
    0.5
    """
    keys = {entry.key for catalog in known for entry in (*catalog.entries, *catalog.obsolete)}
    ids = [entry.key for entry in returned.entries if entry.id]
    if not ids:
        return 0.0
    return sum(1 for key in ids if key in keys) / len(ids)


def merge_returned(ours: Catalog, theirs: Catalog, base: Catalog | None, template: Catalog,
                   *, origin: str) -> ThreeWay:
    """*ours* (up to date with *template*) with the translator's work in *theirs* merged in.

    *base* is the catalog as it was handed off, None when unknown; *origin*
    names the returned file in the comments a conflict leaves.
    """
    lines = _returned_lines(theirs)
    returned_keys = {entry.key for entry in theirs.entries}
    aligned = merge(theirs, template)
    base_aligned = merge(base, template) if base is not None else None
    count = ours.nplurals
    merged: list[Entry] = []
    decisions: list[Merged] = []
    for entry in ours.entries:
        found = aligned.get(entry.id, entry.context)
        before = base_aligned.get(entry.id, entry.context) if base_aligned else None
        decision = _decide(entry, found, before, known_base=base is not None)
        if found is None or decision is None:
            merged.append(entry)
            continue
        line = lines.get(entry.key) or lines.get((found.previous_context, found.previous_id or ""))
        if decision is Decision.KEPT:
            merged.append(entry)
        elif decision is Decision.CONFLICT:
            merged.append(_conflict(entry, found, origin, line))
        else:
            merged.append(_taken(entry, found, count))
            if entry.key not in returned_keys and found.previous_id is not None:
                decision = Decision.OUTDATED
        decisions.append(Merged(decision, entry.key, line))
    obsolete, gone = _obsolete(ours, aligned, base_aligned, lines)
    return ThreeWay(ours.with_entries(merged, obsolete), (*decisions, *gone))


def _returned_lines(theirs: Catalog) -> dict[Key, int]:
    return {entry.key: entry.line for entry in (*theirs.entries, *theirs.obsolete)
            if entry.line is not None}


def _text(entry: Entry | None) -> tuple[tuple[str, ...], bool] | None:
    """What a person can change in an entry: its forms and whether it is marked fuzzy."""
    if entry is None or not any(entry.strings):
        return None
    return (entry.strings, entry.fuzzy)


def _decide(ours: Entry, theirs: Entry | None, base: Entry | None, *, known_base: bool
            ) -> Decision | None:
    """The decision for one entry; None when the returned file brings nothing to it."""
    mine, yours = _text(ours), _text(theirs)
    original = _text(base) if known_base else None
    if known_base and yours == original:
        return Decision.KEPT if mine != original else None
    if yours is None or yours == mine:
        return None
    if mine is not None and yours[0] == mine[0]:
        # The same words, only the fuzzy mark differs: the translator's mark counts
        # where the workspace left the entry alone (an approved draft); else ours stays.
        return Decision.TAKEN if known_base and mine == original else None
    if not known_base:
        if mine is None or ours.untouched_draft:
            return Decision.TAKEN
        if theirs is not None and theirs.untouched_draft:
            return None
        return Decision.CONFLICT
    if mine == original:
        return Decision.TAKEN
    return Decision.CONFLICT


def _taken(ours: Entry, theirs: Entry, count: int) -> Entry:
    """Our entry (its source, references, notes) with the translator's text and flags.

    The draft marks of our entry stay when the translator's tool dropped
    them, so an approved but unchanged machine draft can still be told apart.
    """
    strings = theirs.strings
    reshaped = ours.plural_id is not None and len(strings) != count
    if reshaped:
        strings = (*strings[:count], *[""] * (count - len(strings)))
    comments = tuple(dict.fromkeys(theirs.translator_comments))
    if not any(c.startswith(TAGS) for c in comments):
        comments = (*comments, *(c for c in ours.translator_comments if c.startswith(TAGS)))
    flags = (ours.flags - {FUZZY}) | (theirs.flags & {FUZZY}) | ({FUZZY} if reshaped else set())
    outdated = theirs.fuzzy and theirs.previous_id is not None
    return ours.replace(
        strings=strings, flags=frozenset(flags), translator_comments=comments,
        previous_context=theirs.previous_context if outdated else None,
        previous_id=theirs.previous_id if outdated else None,
        previous_plural_id=theirs.previous_plural_id if outdated else None)


def conflict_comments(theirs: Entry, origin: str, line: int | None) -> tuple[str, ...]:
    """The translator comments that keep a returned translation beside ours.

    >>> conflict_comments(Entry("a", ("b\\nc",)), "es.po", 12)
    ('appeal-conflict: es.po:12 has: b\\\\nc',)
    """
    where = f"{origin}:{line}" if line is not None else origin
    forms = theirs.strings
    if len(forms) == 1:
        return (f"{CONFLICT_TAG} {where} has: {_one_line(forms[0])}",)
    return tuple(f"{CONFLICT_TAG} {where} has [{number}]: {_one_line(form)}"
                 for number, form in enumerate(forms))


def _one_line(text: str) -> str:
    """A msgstr as one comment line: newlines written as ``\\n``, as in the file."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _conflict(ours: Entry, theirs: Entry, origin: str, line: int | None) -> Entry:
    added = [c for c in conflict_comments(theirs, origin, line)
             if c not in ours.translator_comments]
    return ours.replace(flags=ours.flags | {FUZZY},
                        translator_comments=(*ours.translator_comments, *added))


def _obsolete(ours: Catalog, theirs: Catalog, base: Catalog | None, lines: dict[Key, int]
              ) -> tuple[list[Entry], list[Merged]]:
    """Our obsolete entries, with the translator's work on text removed since added.

    Nothing a translator wrote is dropped: a translation of a paragraph the
    workspace no longer has is kept as ``#~``, where it comes back if the
    paragraph does.
    """
    kept = {entry.key: entry for entry in ours.obsolete}
    active = {entry.key for entry in ours.entries}
    before = {entry.key: entry for entry in _all(base)} if base is not None else {}
    gone: list[Merged] = []
    for entry in theirs.obsolete:
        if entry.key in active or _text(entry) is None:
            continue
        if _text(entry) in (_text(before.get(entry.key)), _text(kept.get(entry.key))):
            continue
        if entry.key in kept and _text(kept[entry.key]) != _text(before.get(entry.key)):
            continue  # the workspace's own later version of a removed text stays
        kept[entry.key] = entry.replace(obsolete=True, line=None)
        gone.append(Merged(Decision.OBSOLETE, entry.key, lines.get(entry.key)))
    return list(kept.values()), gone


def _all(catalog: Catalog) -> Iterable[Entry]:
    return (*catalog.entries, *catalog.obsolete)


__all__ = ["CONFLICT_TAG", "Decision", "Merged", "ThreeWay", "conflict_comments",
           "known_share", "merge_returned"]
