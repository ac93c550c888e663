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

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

from appeal.mt.protect import Protected, Restored, protect, restore

DRAFT_TAG = "appeal-draft:"
WARNING_TAG = "appeal-draft-warning:"
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


def fingerprint(forms: Sequence[str]) -> str:
    """A short hash of a draft's text, to notice later whether a person changed it.

    >>> fingerprint(["Hola"])
    'sha256:e633f4fc'
    """
    return "sha256:" + hashlib.sha256("\0".join(forms).encode("utf-8")).hexdigest()[:8]


def forms_of(message: Message) -> tuple[str, ...]:
    string = message.string
    return tuple(s or "" for s in string) if isinstance(string, (list, tuple)) else (string or "",)


def draft_comment(message: Message) -> str | None:
    """The provenance comment of a machine draft, if the entry has one."""
    for comment in message.user_comments:
        if comment.startswith(DRAFT_TAG):
            return comment
    return None


def untouched_draft(message: Message) -> bool:
    """True when the entry holds a machine draft exactly as the machine wrote it.

    >>> m = Message("Hello", "Hola", flags=["fuzzy"])
    >>> m.user_comments = ["appeal-draft: apertium eng→spa sha256:e633f4fc"]
    >>> untouched_draft(m)
    True
    >>> m.string = "¡Hola!"
    >>> untouched_draft(m)
    False
    """
    comment = draft_comment(message)
    if comment is None or "fuzzy" not in message.flags:
        return False
    return comment.rsplit(" ", 1)[-1] == fingerprint(forms_of(message))


def needs_draft(message: Message, *, refresh: bool = False) -> bool:
    """Whether the machine may (re)write this entry.

    Empty entries get a draft. An untouched draft is rewritten on ``refresh``,
    or when the catalog update carried it over from an older source text
    (``#|`` previous msgid): it holds nobody's work, and the new source needs a
    new draft. Reviewed entries, edited drafts and fuzzy translations a person
    made (with or without ``#|``) are left for translators.
    """
    if not message.id:
        return False
    if not any(forms_of(message)):
        return True
    if not untouched_draft(message):
        return False
    return refresh or bool(message.previous_id)


def sources(message: Message, num_plurals: int) -> tuple[str, ...]:
    """What to translate for each form: msgid for form 0, msgid_plural for the others.

    >>> sources(Message(("%(n)s day", "%(n)s days")), 3)
    ('%(n)s day', '%(n)s days', '%(n)s days')
    """
    if isinstance(message.id, str):
        return (message.id,)
    singular, plural = message.id[0], message.id[1]
    return (singular, *[plural] * (max(num_plurals, 1) - 1))


def apply_draft(message: Message, draft: Draft) -> None:
    """Write ``draft`` into ``message`` as a fuzzy entry with its provenance comment."""
    if isinstance(message.id, str):
        message.string = draft.forms[0]
    else:
        message.string = tuple(draft.forms)
    message.flags.add("fuzzy")
    message.previous_id = []
    kept = [c for c in message.user_comments
            if not c.startswith((DRAFT_TAG, WARNING_TAG))]
    kept.append(f"{DRAFT_TAG} {draft.provenance} {fingerprint(draft.forms)}")
    kept.extend(f"{WARNING_TAG} {problem}" for problem in draft.problems)
    message.user_comments = kept


def draft_from_answers(shielded: Sequence[Protected], answers: dict[str, str],
                       provenance: str) -> Draft:
    """Restore each form's tokens; forms without text to translate need no answer."""
    forms: list[str] = []
    problems: list[str] = []
    for item in shielded:
        answer = answers[item.masked] if item.translatable else item.masked
        restored: Restored = restore(answer, item)
        forms.append(restored.text)
        problems.extend(p for p in restored.problems if p not in problems)
    return Draft(tuple(forms), provenance, tuple(problems))


@dataclass(frozen=True, slots=True)
class Job:
    """One entry to draft and its forms, shielded."""

    key: object
    """The entry's key in the catalog."""
    shielded: tuple[Protected, ...]

    def wanted(self) -> set[str]:
        """The texts an engine must see for this entry."""
        return {item.masked for item in self.shielded if item.translatable}


def plan_jobs(catalog: Catalog, keys: Sequence[object], terms: dict[str, str]) -> list[Job]:
    """Shield every form of every entry to draft, in catalog order."""
    jobs = []
    for key in keys:
        message = catalog._messages[key]
        texts = sources(message, catalog.num_plurals)
        jobs.append(Job(key, tuple(protect(text, terms=terms) for text in texts)))
    return jobs


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
