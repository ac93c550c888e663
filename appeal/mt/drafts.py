"""Fill untranslated catalog entries with fuzzy machine drafts that say where they came from.

Each draft carries a translator comment such as
``# appeal-draft: apertium eng→spa→por sha256:1a2b3c4d``: the route (or
``memory`` for a reviewed translation found elsewhere in the workspace) and a
fingerprint of the draft text. Translator comments survive catalog updates,
so a later run can tell an untouched draft (fingerprint matches) from one a
person edited (it does not): only the former may ever be replaced. Reviewed
entries and human work are never touched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from appeal.catalogs import Catalog, Entry, Key
from appeal.catalogs.provenance import draft_comments, without_provenance
from appeal.mt.protect import TOKEN, Protected, Restored, protect, restore
from appeal.mt.tidy import tidy

MEMORY_LABEL = "memory"


@dataclass(frozen=True, slots=True)
class Draft:
    """The machine's text for one entry, ready to go into the catalog."""

    forms: tuple[str, ...]
    """One string, or one per plural form."""
    provenance: str
    """Route label (``apertium eng→spa``) or ``memory``."""
    problems: tuple[str, ...] = ()
    """Shields that did not come back intact; shown to the reviewer."""
    unknown: tuple[str, ...] = ()
    """Words the engine did not know and left as they were; highlighted for the reviewer."""


def needs_draft(entry: Entry, *, refresh: bool = False) -> bool:
    """Whether the machine may (re)write this entry.

    Empty entries get a draft. An untouched draft is rewritten on ``refresh``,
    or when the catalog update carried it over from an older source text
    (``#|`` previous msgid): it holds nobody's work, and the new source needs a
    new draft. Reviewed entries, edited drafts and fuzzy translations a person
    made (with or without ``#|``) are left for translators.
    """
    if not entry.id:
        return False
    if not any(entry.strings):
        return True
    if not entry.untouched_draft:
        return False
    return refresh or entry.previous_id is not None


def sources(entry: Entry, num_plurals: int) -> tuple[str, ...]:
    """What to translate for each form: msgid for form 0, msgid_plural for the others.

    >>> sources(Entry("%(n)s day", plural_id="%(n)s days"), 3)
    ('%(n)s day', '%(n)s days', '%(n)s days')
    """
    if entry.plural_id is None:
        return (entry.id,)
    return (entry.id, *[entry.plural_id] * (max(num_plurals, 1) - 1))


def apply_draft(entry: Entry, draft: Draft) -> Entry:
    """*entry* holding *draft*, fuzzy, with its provenance comment.

    >>> drafted = apply_draft(Entry("Hello"), Draft(("Hola",), "apertium eng→spa"))
    >>> drafted.strings, drafted.fuzzy, drafted.untouched_draft
    (('Hola',), True, True)
    """
    return entry.replace(
        strings=draft.forms if entry.plural_id is not None else draft.forms[:1],
        flags=entry.flags | {"fuzzy"}, previous_context=None, previous_id=None,
        previous_plural_id=None,
        translator_comments=(*without_provenance(entry.translator_comments),
                             *draft_comments(draft.provenance, draft.forms, draft.problems,
                                             draft.unknown)))


UNKNOWN_MARK = "\ue010"
"""Separates an engine's answer from the words it did not know, where answers are kept
(the translation memory, a run's answers): a private-use character no text holds."""


def encode_answer(text: str, unknown: Sequence[str] = ()) -> str:
    """One string for an answer and its unknown words.

    >>> decode_answer(encode_answer("el leftist grupo", ["leftist"]))
    ('el leftist grupo', ('leftist',))
    >>> decode_answer("una respuesta de antes")
    ('una respuesta de antes', ())
    """
    return UNKNOWN_MARK.join((text, *unknown))


def decode_answer(answer: str) -> tuple[str, tuple[str, ...]]:
    text, *unknown = answer.split(UNKNOWN_MARK)
    return text, tuple(unknown)


def draft_from_answers(shielded: Sequence[Protected], answers: dict[str, str],
                       provenance: str) -> Draft:
    """Restore each form's tokens; forms without text to translate need no answer.

    The engine's unknown words are kept but for the shields themselves (tokens
    and the names that stand for terms), which it never knows by design.
    """
    forms: list[str] = []
    problems: list[str] = []
    unknown: list[str] = []
    for item in shielded:
        answer, words = decode_answer(answers[item.masked]) if item.translatable \
            else (item.masked, ())
        restored: Restored = restore(answer, item)
        terms = [item.tokens[name] for name in item.names]
        forms.append(tidy(restored.text, item.source, terms))
        problems.extend(p for p in restored.problems if p not in problems)
        unknown.extend(word for word in words if word not in unknown
                       and not TOKEN.fullmatch(word) and word not in item.names
                       and not word.isdigit())
    return Draft(tuple(forms), provenance, tuple(problems), tuple(unknown))


@dataclass(frozen=True, slots=True)
class Job:
    """One entry to draft and its forms, shielded."""

    key: Key
    """The entry's key in the catalog."""
    shielded: tuple[Protected, ...]

    def wanted(self) -> set[str]:
        """The texts an engine must see for this entry."""
        return {item.masked for item in self.shielded if item.translatable}


def plan_jobs(catalog: Catalog, entries: Sequence[Entry], terms: dict[str, str], *,
              names: bool = False) -> list[Job]:
    """Shield every form of every entry to draft, in catalog order (terms by names for an
    engine that reads them better so, see :mod:`appeal.mt.protect`)."""
    known = tuple(sorted(terms.items()))
    return [Job(entry.key, tuple(_shielded(text, known, names)
                                 for text in sources(entry, catalog.nplurals)))
            for entry in entries]


@functools.lru_cache(maxsize=1 << 16)
def _shielded(text: str, terms: tuple[tuple[str, str], ...], names: bool) -> Protected:
    """:func:`protect`, remembered: languages whose glossaries agree (most terms are kept
    as they are) shield the same texts the same way, and a run drafts many languages."""
    return protect(text, terms=dict(terms), names=names)


def batches(jobs: Sequence[Job], known: set[str], size: int) -> list[list[Job]]:
    """Consecutive groups of jobs, each needing at most ``size`` new engine segments.

    Jobs whose texts are all ``known`` ride along with the next group for free.
    """
    groups: list[list[Job]] = [[]]
    pending: set[str] = set()
    for job in jobs:
        new = job.wanted() - known - pending
        if pending and len(pending) + len(new) > size:
            groups.append([])
            pending = set()
        groups[-1].append(job)
        pending |= new
    return [group for group in groups if group]


ProgressCallback = Callable[["Progress"], None]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one language's drafting has come, reported after every saved batch."""

    language: str
    done: int
    """Entries drafted so far."""
    total: int
    """Entries to draft in this language."""
