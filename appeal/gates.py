"""Publication gates: which languages are ready to publish, and which entries never are.

``appeal.toml`` says how much of a language must be reviewed before it is
published and whether check errors hold it back::

    [publish]
    min_reviewed = 100          # percent of the source words reviewed
    allow_check_errors = false
    [publish.languages.ar]
    min_reviewed = 80

Without a ``[publish]`` table every language publishes, with its unreviewed
text in the source language.  Whatever the settings, an entry with a check
error is never published: the page shows the source text there instead.
A machine draft whose fuzzy flag was cleared with its text unchanged
(``msgattrib --clear-fuzzy`` over a catalog of drafts) counts as a draft
unless ``count_unchanged_drafts_as_reviewed = true``: nothing in the catalog
tells such an approval from a bulk one, and the build says how many it left out.
The build's gate stage (:mod:`appeal.stages.gates`) keeps each verdict with
the runner's state, so a build with nothing new neither reads a catalog nor
runs a check.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from appeal.errors import ConfigError
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:
    from appeal.catalogs import Catalog, CatalogStats
    from appeal.checks import Problem

FLAG_KEYS = ("allow_check_errors", "withdraw_outdated", "count_unchanged_drafts_as_reviewed")
"""The settings of a :class:`PublishPolicy` that are true or false."""
POLICY_KEYS = frozenset({"min_reviewed", *FLAG_KEYS})


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    """The readiness a language needs before it is published."""

    min_reviewed: float = 0.0
    """Percent of the source words that must be reviewed (not fuzzy, not empty)."""
    allow_check_errors: bool = True
    """Publish a language whose reviewed entries have check errors (those entries still
    fall back to the source text)."""
    withdraw_outdated: bool = False
    """Count a reviewed translation whose source changed since (outdated) as not reviewed.

    Off by default: a language that met its gate stays published while its
    translators catch up, the changed passages shown in the source language
    under a notice that parts are being updated. The rule reads only the
    catalogs, so a fresh clone publishes exactly what the last build did.
    """
    count_unchanged_drafts_as_reviewed: bool = False
    """Count a machine draft approved unchanged (not fuzzy, its fingerprint matching) as
    reviewed, and publish it.

    Off by default: clearing every fuzzy flag at once makes a catalog of
    untouched drafts look reviewed, so such entries are treated as drafts (not
    counted toward *min_reviewed*, shown in the source language) until a
    workspace that does approve drafts unchanged says so.
    """


def _policy_from(table: Mapping[str, Any], base: PublishPolicy, ws: Workspace,
                 where: str) -> PublishPolicy:
    unknown = sorted(set(table) - POLICY_KEYS - ({"languages"} if where == "[publish]" else set()))
    path = ws.root / SETTINGS_NAME
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r} in {where}", path=path,
                          hint=f"known: {', '.join(sorted(POLICY_KEYS))}")
    minimum = table.get("min_reviewed", base.min_reviewed)
    if isinstance(minimum, bool) or not isinstance(minimum, int | float) \
            or not 0 <= minimum <= 100:
        raise ConfigError(f"min_reviewed in {where} must be a percentage from 0 to 100, "
                          f"not {minimum!r}", path=path)
    flags = {}
    for key in FLAG_KEYS:
        value = table.get(key, getattr(base, key))
        if not isinstance(value, bool):
            raise ConfigError(f"{key} in {where} must be true or false, not {value!r}",
                              path=path)
        flags[key] = value
    return PublishPolicy(min_reviewed=float(minimum), **flags)


def publish_policy(ws: Workspace, lang: str) -> PublishPolicy:
    """The workspace's ``[publish]`` settings, overridden by ``[publish.languages.<lang>]``."""
    table = ws.settings.get("publish", {})
    if not isinstance(table, Mapping):
        raise ConfigError("[publish] must be a table", path=ws.root / SETTINGS_NAME)
    policy = _policy_from(table, PublishPolicy(), ws, "[publish]")
    languages = table.get("languages", {})
    own = languages.get(lang, {}) if isinstance(languages, Mapping) else None
    if not isinstance(own, Mapping):
        raise ConfigError(f"[publish.languages.{lang}] must be a table",
                          path=ws.root / SETTINGS_NAME)
    return _policy_from(own, policy, ws, f"[publish.languages.{lang}]")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether one language is published, and why not when it is held back."""

    language: str
    publish: bool
    reviewed: float
    """Percent of the source words reviewed."""
    min_reviewed: float
    errors: int
    """Check errors in reviewed entries (drafts are not published, so theirs do not count)."""
    allow_check_errors: bool
    outdated: int = 0
    """Reviewed entries whose source changed since; shown in the source language."""
    counted: float | None = None
    """Percent of the words the gate counted as ready (reviewed, and outdated unless the
    workspace withdraws outdated languages); None in verdicts kept by older versions."""
    approved_drafts: int = 0
    """Machine drafts approved unchanged (counted apart from *reviewed*)."""
    approved_percent: float = 0.0
    """Percent of the source words in those drafts."""
    approved_counted: bool = False
    """The policy counts them as reviewed (``count_unchanged_drafts_as_reviewed``); when
    it does not, they are treated as drafts: not counted, not published."""

    @property
    def ready(self) -> float:
        return self.reviewed if self.counted is None else self.counted

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the language is held back, as short phrases; empty when it publishes."""
        if self.publish:
            return ()
        found = []
        if self.ready < self.min_reviewed:
            approved = (f" and {math.floor(self.approved_percent)}% approved unchanged"
                        if self.approved_counted and self.approved_drafts else "")
            found.append(f"{math.floor(self.reviewed)}% reviewed{approved}, "
                         f"needs {self.min_reviewed:g}%")
        if self.errors and not self.allow_check_errors:
            found.append(f"{self.errors} check error{'s' if self.errors != 1 else ''}, "
                         "allow_check_errors = false")
        return tuple(found)

    def __str__(self) -> str:
        """``de 42% reviewed, needs 100%``, as ``held back:`` lines print it.

        >>> str(Verdict("de", False, 42.7, 100.0, 0, True))
        'de 42% reviewed, needs 100%'
        """
        return f"{self.language} {'; '.join(self.reasons) or 'publishes'}"

    @property
    def uncounted_drafts(self) -> str | None:
        """What the build says of the approved-unchanged drafts it did not count, if any.

        >>> print(Verdict("de", True, 40.0, 0.0, 0, True, approved_drafts=3).uncounted_drafts)
        de: 3 machine drafts approved unchanged (fuzzy flag cleared, text as drafted) are \
not counted as reviewed and not published; to count them, set \
count_unchanged_drafts_as_reviewed = true in [publish] (or [publish.languages.de])
        """
        if not self.approved_drafts or self.approved_counted:
            return None
        count = self.approved_drafts
        return (f"{self.language}: {count} machine draft{'s' if count != 1 else ''} approved "
                f"unchanged (fuzzy flag cleared, text as drafted) {'are' if count != 1 else 'is'}"
                " not counted as reviewed and not published; to count them, set "
                "count_unchanged_drafts_as_reviewed = true in [publish] "
                f"(or [publish.languages.{self.language}])")


def judge(lang: str, stats: CatalogStats, errors: int, policy: PublishPolicy) -> Verdict:
    """Apply *policy* to a catalog's counts; exact in integers, so 99.9% never passes 100.

    >>> from appeal.catalogs import CatalogStats
    >>> stats = CatalogStats(words=1000, reviewed_words=999)
    >>> judge("es", stats, 0, PublishPolicy(100)).publish
    False

    A reviewed language whose source then changed stays published, unless the
    workspace withdraws outdated languages:

    >>> changed = CatalogStats(words=10, reviewed_words=8, fuzzy_words=2, outdated_words=2,
    ...                        outdated=1)
    >>> judge("es", changed, 0, PublishPolicy(100)).publish
    True
    >>> judge("es", changed, 0, PublishPolicy(100, withdraw_outdated=True)).publish
    False

    Machine drafts approved unchanged count only when the policy says so:

    >>> approved = CatalogStats(words=10, reviewed_words=6, approved_drafts=2,
    ...                         approved_drafts_words=4)
    >>> judge("es", approved, 0, PublishPolicy(100)).reasons
    ('60% reviewed, needs 100%',)
    >>> judge("es", approved, 0, PublishPolicy(100, count_unchanged_drafts_as_reviewed=True)
    ...       ).publish
    True
    """
    counted = policy.count_unchanged_drafts_as_reviewed
    ready = (stats.reviewed_words + (0 if policy.withdraw_outdated else stats.outdated_words)
             + (stats.approved_drafts_words if counted else 0))
    enough = ready * 100 >= policy.min_reviewed * stats.words
    clean = policy.allow_check_errors or errors == 0
    return Verdict(language=lang, publish=enough and clean, reviewed=stats.percent_reviewed,
                   min_reviewed=policy.min_reviewed, errors=errors,
                   allow_check_errors=policy.allow_check_errors, outdated=stats.outdated,
                   counted=100.0 * ready / stats.words if stats.words else 0.0,
                   approved_drafts=stats.approved_drafts,
                   approved_percent=(100.0 * stats.approved_drafts_words / stats.words
                                     if stats.words else 0.0),
                   approved_counted=counted)


@dataclass(frozen=True, slots=True)
class Withheld:
    """An entry the build leaves out because a check found an error in it."""

    msgid: str
    draft: bool
    """The entry is a draft (fuzzy, or approved unchanged and not counted as reviewed), so
    it matters only to draft builds."""
    problem: str
    """The check's finding, GNU style (``path:line: error: check: message``)."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """A language's verdict together with the entries it must not publish."""

    verdict: Verdict
    withheld: tuple[Withheld, ...] = ()
    uncounted: tuple[str, ...] = ()
    """msgids of the machine drafts approved unchanged that the policy does not count as
    reviewed: a published build leaves them out as it leaves out drafts."""

    def withheld_ids(self, *, drafts: bool) -> frozenset[str]:
        """What a build must show in the source language: the entries with check errors
        it would show (fuzzy ones only in a draft build), and in a published build the
        approved-unchanged drafts not counted as reviewed (a draft build shows drafts)."""
        found = {item.msgid for item in self.withheld if drafts or not item.draft}
        return frozenset(found if drafts else found.union(self.uncounted))

    def to_json(self) -> dict[str, Any]:
        return {"verdict": asdict(self.verdict), "withheld": [asdict(w) for w in self.withheld],
                "uncounted": list(self.uncounted)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assessment:
        return cls(Verdict(**data["verdict"]),
                   tuple(Withheld(**item) for item in data["withheld"]),
                   tuple(data.get("uncounted", ())))


def assess(ws: Workspace, lang: str, catalog: Catalog, problems: Sequence[Problem]) -> Assessment:
    """The verdict on one target language and the entries it must not publish.

    Unless the policy counts them as reviewed, machine drafts approved unchanged
    are drafts here: left out of a published build, and their check errors, like
    a draft's, hold no language back.
    """
    from appeal.catalogs import catalog_stats  # a build with nothing to do never loads it

    policy = publish_policy(ws, lang)
    uncounted = () if policy.count_unchanged_drafts_as_reviewed else tuple(
        entry.id for entry in catalog if entry.approved_draft)
    as_drafts = frozenset(uncounted)
    errors = [problem for problem in problems if problem.severity == "error"]
    withheld = tuple(Withheld(msgid=p.msgid, draft=p.draft or p.msgid in as_drafts,
                              problem=str(p)) for p in errors)
    verdict = judge(lang, catalog_stats(catalog),
                    sum(1 for item in withheld if not item.draft), policy)
    return Assessment(verdict, withheld, uncounted)
