"""appeal's own catalog model: immutable entries with one state, in a catalog that holds them.

Every stage outside :mod:`appeal.catalogs` sees catalogs only through these
types. They hold what a PO file holds, and nothing of Babel's or polib's
classes, so a change in either library stays inside this package. Entries are
frozen: a stage that changes one makes a new entry (:meth:`Entry.replace`) and a
new catalog (:meth:`Catalog.with_entries`), which keeps a half-done change from
ever reaching a file.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from appeal.catalogs.markers import read_markers
from appeal.catalogs.plurals import plural_rule
from appeal.catalogs.provenance import Provenance, read_provenance

FUZZY = "fuzzy"

Location = tuple[str, "int | None"]
"""A ``#:`` reference: file and line (None when the reference has no line)."""
Key = tuple["str | None", str]
"""What identifies an entry in a catalog: its context and its msgid."""

_NPLURALS = re.compile(r"\bnplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"\bplural\s*=\s*([^;]*)")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


class State(enum.StrEnum):
    """Where an entry stands on its way from source text to published translation."""

    REVIEWED = "reviewed"
    """Translated, not fuzzy, not a machine draft left as drafted: a person stands behind it."""
    OUTDATED = "outdated"
    """A person's translation whose source changed since (fuzzy, with ``#|`` previous)."""
    DRAFT = "draft"
    """Fuzzy and not an outdated human translation: a machine draft, or a person unsure."""
    APPROVED_DRAFT = "approved-draft"
    """Not fuzzy, yet still exactly a machine draft's text (its fingerprint matches): the
    fuzzy flag was cleared without an edit, perhaps in bulk (``msgattrib --clear-fuzzy``).
    Counted apart from reviewed work; the publication gates decide whether it counts as
    reviewed (:mod:`appeal.gates`)."""
    UNTRANSLATED = "untranslated"
    """Some form still empty."""
    OBSOLETE = "obsolete"
    """No longer in the source (``#~``), kept so its translation can come back."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One message of a catalog, as the file has it."""

    id: str
    """The msgid (its singular form for a plural entry)."""
    strings: tuple[str, ...] = ("",)
    """Every msgstr form: one, or one per plural form."""
    plural_id: str | None = None
    """The ``msgid_plural``; None for an entry without plural forms."""
    context: str | None = None
    """The ``msgctxt``; None when the entry has none."""
    flags: frozenset[str] = frozenset()
    """``#,`` flags: ``fuzzy``, ``python-format`` … (appeal's own marks are :attr:`markers`)."""
    translator_comments: tuple[str, ...] = ()
    """``#`` lines, without the mark: where translators and appeal leave notes."""
    extracted_comments: tuple[str, ...] = ()
    """``#.`` lines, from the source: what the text is, notes by the author."""
    locations: tuple[Location, ...] = ()
    previous_context: str | None = None
    """``#| msgctxt`` of the source a fuzzy translation was made for."""
    previous_id: str | None = None
    """``#| msgid`` of the source a fuzzy translation was made for."""
    previous_plural_id: str | None = None
    obsolete: bool = False
    line: int | None = None
    """1-based line of the ``msgid`` in the file it was read from (or last written to)."""

    @property
    def key(self) -> Key:
        return (self.context, self.id)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def ids(self) -> tuple[str, ...]:
        """The msgid, and the plural msgid when there is one."""
        return (self.id,) if self.plural_id is None else (self.id, self.plural_id)

    @property
    def translated(self) -> bool:
        """Every form has text (an entry with one empty plural form is not translated)."""
        return bool(self.strings) and all(self.strings)

    @property
    def markers(self) -> frozenset[str]:
        """appeal's markers: ``ignore-<check>``, ``do-not-translate`` (see :mod:`.markers`).

        Read from the ``appeal:`` lines of both kinds of comment, and from the
        old flags that stood for them.

        >>> Entry("SAC", extracted_comments=("appeal: do-not-translate",),
        ...       translator_comments=("appeal: ignore-unchanged",),
        ...       flags=frozenset({"appeal-ignore-length"})).markers == {
        ...     "do-not-translate", "ignore-unchanged", "ignore-length"}
        True
        """
        return read_markers((*self.translator_comments, *self.extracted_comments), self.flags)

    @property
    def provenance(self) -> Provenance | None:
        """Where a machine draft came from, read from its translator comment."""
        return read_provenance(self.translator_comments)

    @property
    def untouched_draft(self) -> bool:
        """A fuzzy machine draft exactly as the engine wrote it (its fingerprint matches).

        >>> from appeal.catalogs.provenance import draft_comments
        >>> made = Entry("Hello", ("Hola",), flags=frozenset({"fuzzy"}),
        ...              translator_comments=draft_comments("apertium eng→spa", ("Hola",)))
        >>> made.untouched_draft, made.replace(strings=("¡Hola!",)).untouched_draft
        (True, False)
        """
        return self.fuzzy and self.as_drafted

    @property
    def approved_draft(self) -> bool:
        """A machine draft whose fuzzy flag was cleared with its text left as drafted.

        Nothing in a catalog tells a reviewer's approval from a bulk clearing of the
        flag, so such an entry is not simply reviewed: see :attr:`State.APPROVED_DRAFT`.

        >>> from appeal.catalogs.provenance import draft_comments
        >>> made = Entry("Hello", ("Hola",),
        ...              translator_comments=draft_comments("apertium eng→spa", ("Hola",)))
        >>> made.approved_draft, made.replace(strings=("¡Hola!",)).approved_draft
        (True, False)
        >>> made.replace(flags=frozenset({"fuzzy"})).approved_draft
        False
        """
        return not self.fuzzy and self.translated and self.as_drafted

    @property
    def as_drafted(self) -> bool:
        """The text is exactly what a machine draft wrote (its fingerprint matches)."""
        if not self.translator_comments:  # most entries: no provenance to read
            return False
        found = self.provenance
        return found is not None and found.matches(self.strings)

    @property
    def state(self) -> State:
        """The one classification every stage uses (status, gates, review, drafts).

        >>> Entry("a", ("b",)).state, Entry("a").state
        (<State.REVIEWED: 'reviewed'>, <State.UNTRANSLATED: 'untranslated'>)
        >>> fuzzy = frozenset({"fuzzy"})
        >>> Entry("a", ("b",), flags=fuzzy).state, Entry("a", ("b",), flags=fuzzy,
        ...                                             previous_id="x").state
        (<State.DRAFT: 'draft'>, <State.OUTDATED: 'outdated'>)

        A draft approved without an edit is neither a draft nor reviewed:

        >>> from appeal.catalogs.provenance import draft_comments
        >>> Entry("a", ("b",), translator_comments=draft_comments("memory", ("b",))).state
        <State.APPROVED_DRAFT: 'approved-draft'>
        """
        if self.obsolete:
            return State.OBSOLETE
        if not self.translated:
            return State.UNTRANSLATED
        if not self.fuzzy:
            return State.APPROVED_DRAFT if self.approved_draft else State.REVIEWED
        if self.previous_id is not None and not self.untouched_draft:
            return State.OUTDATED
        return State.DRAFT

    @property
    def words(self) -> int:
        """Words of the source text, by which readiness is measured."""
        return len(self.id.split())

    def has_flag(self, flag: str) -> bool:
        return flag in self.flags

    def replace(self, **changes: Any) -> Entry:
        """A copy with *changes* (the fields' names as keywords).

        Twice as quick as :func:`dataclasses.replace`, which an update of a
        catalog of 10,000 entries would call tens of thousands of times.

        >>> Entry("a").replace(strings=("b",), line=3)
        Entry(id='a', strings=('b',), plural_id=None, context=None, flags=frozenset(), \
translator_comments=(), extracted_comments=(), locations=(), previous_context=None, \
previous_id=None, previous_plural_id=None, obsolete=False, line=3)
        """
        unknown = changes.keys() - _ENTRY_FIELD_SET
        if unknown:
            raise TypeError(f"Entry has no field {sorted(unknown)[0]!r}")
        new = object.__new__(Entry)
        for name in _ENTRY_FIELDS:
            object.__setattr__(new, name, changes[name] if name in changes
                               else getattr(self, name))
        return new


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))
_ENTRY_FIELD_SET = frozenset(_ENTRY_FIELDS)


@dataclass(frozen=True, slots=True)
class Header:
    """The header entry (``msgid ""``): its fields kept as written, and its comments."""

    text: str = ""
    """The msgstr: ``Name: value`` lines, each ended by ``\\n``."""
    comments: tuple[str, ...] = ()
    """The ``#`` lines above it (copyright, title), without the mark."""
    fuzzy: bool = False
    line: int | None = None

    def get(self, name: str) -> str | None:
        """A field's value, the name matched without regard to case.

        >>> Header("Language: pt_BR\\nX-Generator: Poedit 3.4\\n").get("language")
        'pt_BR'
        """
        wanted = name.lower()
        for line in self.text.split("\n"):
            found, colon, value = line.partition(":")
            if colon and found.strip().lower() == wanted:
                return value.strip()
        return None

    def with_field(self, name: str, value: str) -> Header:
        """The header with *name* set to *value* in its place (or appended), the rest kept.

        A field that already holds *value* is left as written, spacing included.

        >>> Header("A: 1\\nB: 2\\n").with_field("a", "3").text
        'A: 3\\nB: 2\\n'
        >>> Header("A:  1\\n").with_field("A", "1").text
        'A:  1\\n'
        """
        lines = self.text.split("\n")
        wanted = name.lower()
        for index, line in enumerate(lines):
            found, colon, old = line.partition(":")
            if colon and found.strip().lower() == wanted:
                if old.strip() == value:
                    return self
                lines[index] = f"{found}: {value}"
                return dataclasses.replace(self, text="\n".join(lines))
        text = self.text if not self.text or self.text.endswith("\n") else self.text + "\n"
        return dataclasses.replace(self, text=f"{text}{name}: {value}\n")

    @property
    def charset(self) -> str:
        match = _CHARSET.search(self.get("Content-Type") or "")
        value = match[1] if match else "utf-8"
        return "utf-8" if value.upper() == "CHARSET" else value

    @property
    def nplurals(self) -> int | None:
        match = _NPLURALS.search(self.get("Plural-Forms") or "")
        return int(match[1]) if match else None

    @property
    def plural_expression(self) -> str | None:
        match = _PLURAL.search(self.get("Plural-Forms") or "")
        return match[1].strip() if match else None


@dataclass(frozen=True, slots=True)
class Catalog:
    """A template (``.pot``) or a language's catalog (``.po``)."""

    header: Header = Header()
    entries: tuple[Entry, ...] = ()
    """The active entries, in file order."""
    obsolete: tuple[Entry, ...] = ()
    """The ``#~`` entries, in file order."""
    locale: str | None = None
    """The workspace's code for the catalog's language; None for a template."""
    _index: dict[Key, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index",
                           {entry.key: number for number, entry in enumerate(self.entries)})

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, msgid: str, context: str | None = None) -> Entry | None:
        number = self._index.get((context, msgid))
        return None if number is None else self.entries[number]

    def __contains__(self, msgid: object) -> bool:
        return isinstance(msgid, str) and (None, msgid) in self._index

    @property
    def nplurals(self) -> int:
        """Plural forms: the header's ``Plural-Forms``, else CLDR's count for the language."""
        declared = self.header.nplurals
        if declared is not None:
            return declared
        return plural_rule(self.locale).count if self.locale else 2

    def with_entries(self, entries: Iterable[Entry], obsolete: Sequence[Entry] | None = None
                     ) -> Catalog:
        """A catalog with these entries (and obsolete ones, when given), the header kept."""
        return dataclasses.replace(self, entries=tuple(entries),
                                   obsolete=self.obsolete if obsolete is None else tuple(obsolete))

    def replaced(self, changed: Iterable[Entry]) -> Catalog:
        """The catalog with each of *changed* in place of the entry with its key."""
        entries = list(self.entries)
        for entry in changed:
            entries[self._index[entry.key]] = entry
        return self.with_entries(entries)

    def replace(self, **changes: Any) -> Catalog:
        return dataclasses.replace(self, **changes)
