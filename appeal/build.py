"""``appeal build``: the stages of a publication, in order, through the runner.

Extract the template, update and compile each language's catalog, judge each
language against its publication gate, render the pages of every language
that may be published (and the review page of every target language), then
the index, sitemap and dashboard. The runner (:mod:`appeal.runner`) skips
every task whose inputs did not change and keeps a failing language from the
later stages while the others are built.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from appeal.errors import AppealError
from appeal.gates import Assessment, Verdict, Withheld
from appeal.runner import Outcome, Runner
from appeal.stages.catalogs import CompileStage, UpdateStage, extract
from appeal.stages.context import RunContext
from appeal.stages.gates import GateStage
from appeal.stages.pages import PageOptions, PageShared, RenderStage
from appeal.stages.published import Publication, Reasoner, Removed, previously_published, take_out
from appeal.stages.reports import ReviewStage, StatusStage
from appeal.stages.site import SiteStage
from appeal.workspace import Workspace

PUBLISHED = "published"
"""The runner's record of what the last build published, and where."""


@dataclass(frozen=True, slots=True)
class BuildOptions(PageOptions):
    """What to build; the defaults build everything the settings name."""

    languages: tuple[str, ...] = ()
    """Languages to render, the source language included when wanted."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, for the command line to summarise."""

    extracted: bool = False
    """The template catalog was rewritten."""
    updated: tuple[str, ...] = ()
    """Languages whose catalog was created or updated."""
    rendered: tuple[str, ...] = ()
    """Languages whose outputs were rendered."""
    written: int = 0
    """Output files whose bytes changed."""
    failed: tuple[AppealError, ...] = field(default=())
    """One error per language (or stage) that could not be built."""
    notes: tuple[str, ...] = ()
    """Things left out on purpose, worth telling the user (no sitemap without base_url,
    machine drafts approved unchanged that the gate did not count)."""
    held_back: tuple[Verdict, ...] = ()
    """Languages not published because they are not ready (see :mod:`appeal.gates`)."""
    withheld: tuple[Withheld, ...] = ()
    """Entries of the rendered languages left in the source language for a check error."""
    publications: tuple[Publication, ...] = ()
    """Each target language's place in the publication: published, held back, withdrawn."""
    removed: tuple[Removed, ...] = ()
    """Files taken out of the publication, each with its reason."""

    @property
    def did_nothing(self) -> bool:
        return not (self.extracted or self.updated or self.rendered or self.failed
                    or self.removed)


def build(ws: Workspace, options: BuildOptions, *, force: bool = False) -> BuildResult:
    """Extract, update, compile, gate and render what is out of date; see module docstring."""
    run = RunContext(ws)
    targets = [lang for lang in options.languages if lang != ws.source_language]
    with Runner(ws, force=force, out=options.out) as runner:
        extracted = extract(runner, run)
        if extracted.done is None and not ws.pot_path.is_file():
            return BuildResult(failed=tuple(runner.errors))  # nothing to build from yet
        ws = run.ws
        updated = _update(runner, run, targets)
        runner.run_each(CompileStage(run), targets)
        assessed = _assess(runner, run, targets)
        held = _held(assessed, drafts=options.drafts)
        unreadable = _unreadable(runner, targets, assessed)
        runner.forget_languages_except(ws.all_languages)
        rendered, site = _publish(runner, run, options, assessed, held, unreadable)
        removed, before = _clean(runner, ws, options, held, unreadable)
        # The dashboard last: it links the pages dist/ holds once the clean-up is done.
        runner.run(StatusStage(run, run.ws.review, options.out,
                               lambda: {lang: a.verdict for lang, a in assessed.items()}))
    return BuildResult(
        extracted=bool(extracted.written), updated=updated, rendered=tuple(rendered),
        written=sum(len(outcome.written) for outcome in rendered.values()),
        failed=(*runner.errors, *runner.failed.values()),
        notes=(*((site.done.value,) if site.ran and site.done and site.done.value else ()),
               *_uncounted(assessed, targets, drafts=options.drafts)),
        held_back=tuple(held.values()),
        withheld=_withheld(assessed, rendered, drafts=options.drafts),
        publications=() if options.drafts else _publications(targets, assessed, held, before,
                                                             runner),
        removed=tuple(removed))


UNREADABLE = "its catalog cannot be read (see the error above)"


def _unreadable(runner: Runner, targets: list[str], assessed: dict[str, Assessment]
                ) -> tuple[str, ...]:
    """The languages whose catalog failed to update, compile or be judged: nothing of
    theirs is published this time, and the site does not link them."""
    return tuple(lang for lang in targets if lang in runner.failed or lang not in assessed)


def _clean(runner: Runner, ws: Workspace, options: BuildOptions, held: dict[str, Verdict],
           unreadable: tuple[str, ...]) -> tuple[list[Removed], list[str]]:
    """Take out of the output folder what the last build published and this one does not,
    and remember what is published now. Gives what went, and the languages published before.
    """
    out = options.out
    recorded = runner.state.get(PUBLISHED)
    expected = runner.manifest_names(out)
    reasons = {lang: "; ".join(verdict.reasons) for lang, verdict in held.items()}
    reasons.update(dict.fromkeys(unreadable, UNREADABLE))
    why = Reasoner(ws, out, options.formats, reasons)
    stale = [out / name for name in previously_published(recorded, out) - expected
             if (out / name).is_file()]
    removed = take_out(stale, out, why)
    published = [lang for lang in ws.all_languages
                 if lang not in reasons and (out / lang).is_dir()]
    runner.state.record(PUBLISHED, {
        "out": str(out), "languages": published,
        "files": sorted(name for name in expected if os.path.isfile(os.path.join(out, name)))})
    before = recorded.get("languages", []) if isinstance(recorded, dict) \
        and recorded.get("out") == str(out) else []
    return removed, list(before)


def _publications(targets: list[str], assessed: dict[str, Assessment],
                  held: dict[str, Verdict], before: list[str], runner: Runner
                  ) -> tuple[Publication, ...]:
    """Each target language's state, for the build to say."""
    found = []
    for lang in targets:
        if lang in runner.failed or lang not in assessed:
            continue
        verdict = assessed[lang].verdict
        if lang in held:
            state = "withdrawn" if lang in before else "held back"
            found.append(Publication(lang, state, "; ".join(verdict.reasons)))
        elif verdict.outdated:
            plural = "entry" if verdict.outdated == 1 else "entries"
            found.append(Publication(lang, "published", f"{verdict.outdated} outdated {plural} "
                                                        "shown in the source language"))
        else:
            found.append(Publication(lang, "published"))
    return tuple(found)


def _uncounted(assessed: dict[str, Assessment], targets: list[str], *, drafts: bool
               ) -> tuple[str, ...]:
    """A line per language whose approved-unchanged drafts the gate did not count, said by
    every published build (a draft build shows them anyway)."""
    if drafts:
        return ()
    return tuple(line for lang in targets if lang in assessed
                 and (line := assessed[lang].verdict.uncounted_drafts) is not None)


def _held(assessed: dict[str, Assessment], *, drafts: bool) -> dict[str, Verdict]:
    """The languages their gate holds back (none in a draft build, which shows everything)."""
    if drafts:
        return {}
    return {lang: found.verdict for lang, found in assessed.items() if not found.verdict.publish}


def _publish(runner: Runner, run: RunContext, options: BuildOptions,
             assessed: dict[str, Assessment], held: dict[str, Verdict],
             unreadable: tuple[str, ...]) -> tuple[dict[str, Outcome], Outcome]:
    """Render the languages that may be published, the review pages and the site.
    Gives the renders that ran."""
    shared = PageShared(run, sorted({*held, *unreadable}))
    render = RenderStage(run, shared, options, withheld={
        lang: found.withheld_ids(drafts=options.drafts) for lang, found in assessed.items()})
    for lang in (*held, *unreadable):
        runner.forget(render, lang)  # its pages leave the manifest, so the clean-up takes them
    pages = runner.run_each([render, ReviewStage(run, run.ws.review)], options.languages,
                            workers=True)
    site = runner.run(SiteStage(run, shared, options, withheld={
        lang: found.withheld_ids(drafts=False) for lang, found in assessed.items()}))
    rendered = {lang: found["render"] for lang, found in pages.items()
                if "render" in found and found["render"].ran}
    return rendered, site


def _update(runner: Runner, run: RunContext, targets: list[str]) -> tuple[str, ...]:
    """Update each catalog (in workers); keep what was written for the later stages."""
    changed = []
    for lang, found in runner.run_each(UpdateStage(run), targets, workers=True).items():
        outcome = found["update"]
        if outcome.done is not None and outcome.done.data is not None:
            run.catalogs.remember(lang, outcome.done.data)
        if outcome.written:
            changed.append(lang)
    return tuple(changed)


def _assess(runner: Runner, run: RunContext, targets: list[str]) -> dict[str, Assessment]:
    """Each language's verdict, from the gate stage (the runner keeps it when fresh)."""
    found = runner.run_each(GateStage(run), targets)
    return {lang: Assessment.from_json(outcomes["gate"].done.value)
            for lang, outcomes in found.items() if outcomes["gate"].done is not None}


def _withheld(assessed: dict[str, Assessment], rendered: dict[str, Outcome], *,
              drafts: bool) -> tuple[Withheld, ...]:
    """Entries left in the source language in the pages just made (drafts only in drafts)."""
    return tuple(item for lang in rendered if lang in assessed
                 for item in assessed[lang].withheld if drafts or not item.draft)
