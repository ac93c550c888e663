"""A catalog's translations as pages use them: gettext's four calls, and a plain lookup.

A build renders straight from the catalog it has read: nothing is compiled to
``.mo`` and parsed back for that. Page templates call ``gettext``,
``ngettext``, ``pgettext`` and ``npgettext`` as gettext's own classes offer
them, with the language's plural rule; documents need :meth:`lookup`, which
unlike ``gettext()`` tells "not translated" (None, so the page marks the text
with the source language) from "translated as itself". A fallback (the
package's own page text) answers what the catalog does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from appeal.catalogs.model import Catalog, Entry, Key, State
from appeal.catalogs.plurals import PluralRule, plural_rule


def usable(entry: Entry, *, use_fuzzy: bool) -> bool:
    """Whether a build may show *entry*'s translation: reviewed, or any draft in a draft build.

    A published build must never show an unreviewed translation.
    """
    if not entry.translated or entry.obsolete:
        return False
    return use_fuzzy or not entry.fuzzy


@dataclass(frozen=True, slots=True)
class Translations:
    """What one language's pages may show, by context and msgid."""

    table: Mapping[Key, tuple[str, ...]]
    choose: Callable[[int], int]
    """The plural rule: a number to the index of its form."""
    fallback: Translations | None = None
    drafts: frozenset[str] = frozenset()
    """msgids whose translation shown is an unreviewed draft (draft builds only): fuzzy, or
    a machine draft approved unchanged."""
    outdated: frozenset[str] = frozenset()
    """msgids of reviewed translations whose source changed: shown in the source language
    until they are reviewed again (or as drafts, in a draft build)."""

    def translates(self, context: str | None, msgid: str) -> bool:
        """Whether this language (or its fallback) has a translation of *msgid*."""
        return self._owner(context, msgid) is not None

    def lookup(self, msgid: str) -> str | None:
        """The translation of a singular msgid without context, None if there is none."""
        found = self._find(None, msgid)
        return found[0] if found else None

    def gettext(self, message: str) -> str:
        return self.pgettext(None, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.npgettext(None, singular, plural, n)

    def pgettext(self, context: str | None, message: str) -> str:
        found = self._find(context, message)
        return found[0] if found else message

    def npgettext(self, context: str | None, singular: str, plural: str, n: int) -> str:
        owner = self._owner(context, singular)
        if owner is None:
            return singular if n == 1 else plural
        forms = owner.table[(context, singular)]
        index = owner.choose(n)
        return forms[index] if 0 <= index < len(forms) else forms[-1]

    def _find(self, context: str | None, msgid: str) -> tuple[str, ...] | None:
        owner = self._owner(context, msgid)
        return None if owner is None else owner.table[(context, msgid)]

    def _owner(self, context: str | None, msgid: str) -> Translations | None:
        here: Translations | None = self
        while here is not None:
            if (context, msgid) in here.table:
                return here
            here = here.fallback
        return None


def translations(catalog: Catalog, *, use_fuzzy: bool = False, leave_out: Iterable[str] = (),
                 fallback: Translations | None = None) -> Translations:
    """The translations of *catalog* a build may show.

    Fuzzy entries count only in a draft build (*use_fuzzy*); *leave_out* names
    msgids not to publish (a check found an error in them), which then show
    the source text.
    """
    skipped = frozenset(leave_out)
    shown = [entry for entry in catalog.entries
             if usable(entry, use_fuzzy=use_fuzzy) and entry.id not in skipped]
    return Translations({entry.key: entry.strings for entry in shown}, _rule(catalog).chooser(),
                        fallback, drafts=frozenset(e.id for e in shown
                                                   if e.fuzzy or e.approved_draft),
                        outdated=frozenset(e.id for e in catalog.entries
                                           if e.state is State.OUTDATED))


def no_translations() -> Translations:
    """The source language: every msgid stands for itself."""
    return Translations({}, PluralRule(2, "(n != 1)").chooser())


def _rule(catalog: Catalog) -> PluralRule:
    expression = catalog.header.plural_expression
    count = catalog.header.nplurals
    if expression and count:
        return PluralRule(count, expression)
    return plural_rule(catalog.locale) if catalog.locale else PluralRule(2, "(n != 1)")
