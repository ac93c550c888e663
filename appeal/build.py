"""``appeal build``: the stages of a publication, in order, through the runner.

Extract the template, update and compile each language's catalog, judge each
language against its publication gate, render the pages of every language
that may be published (and the review page of every target language), then
the index, sitemap and dashboard. The runner (:mod:`appeal.runner`) skips
every task whose inputs did not change and keeps a failing language from the
later stages while the others are built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from appeal.errors import AppealError
from appeal.gates import Assessment, Verdict, Withheld
from appeal.runner import Outcome, Runner
from appeal.stages.catalogs import CompileStage, ExtractStage, UpdateStage
from appeal.stages.context import RunContext
from appeal.stages.gates import GateStage
from appeal.stages.pages import PageOptions, PageShared, RenderStage, SiteStage
from appeal.stages.reports import ReviewStage, StatusStage
from appeal.workspace import Workspace


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
    """Things left out on purpose, worth telling the user (no sitemap without base_url)."""
    held_back: tuple[Verdict, ...] = ()
    """Languages not published because they are not ready (see :mod:`appeal.gates`)."""
    withheld: tuple[Withheld, ...] = ()
    """Entries of the rendered languages left in the source language for a check error."""

    @property
    def did_nothing(self) -> bool:
        return not (self.extracted or self.updated or self.rendered or self.failed)


def _ran(outcome: Outcome | None) -> bool:
    return outcome is not None and outcome.done is not None and not outcome.fresh


def build(ws: Workspace, options: BuildOptions, *, force: bool = False) -> BuildResult:
    """Extract, update, compile, gate and render what is out of date; see module docstring."""
    run = RunContext(ws)
    targets = [lang for lang in options.languages if lang != ws.source_language]
    with Runner(ws, force=force, out=options.out) as runner:
        extracted = runner.run(ExtractStage(run))
        updates = runner.run_each(UpdateStage(run), targets, workers=True)
        for lang, outcome in updates.items():
            if outcome["update"].done is not None and outcome["update"].done.data is not None:
                run.catalogs.remember(lang, outcome["update"].done.data)
        runner.run_each(CompileStage(run), targets)
        assessed = {lang: Assessment.from_json(found["gate"].done.value)
                    for lang, found in runner.run_each(GateStage(run), targets).items()
                    if found["gate"].done is not None}
        held = {} if options.drafts else {
            lang: found.verdict for lang, found in assessed.items() if not found.verdict.publish}
        shared = PageShared(run, sorted(held))
        render = RenderStage(run, shared, options, withheld={
            lang: found.withheld_ids(drafts=options.drafts) for lang, found in assessed.items()})
        for lang in held:
            render.withdraw(lang)
            runner.forget(render, lang)
        pages = runner.run_each([render, ReviewStage(run, options.out)],
                                options.languages, workers=True)
        site = runner.run(SiteStage(run, shared, options))
        runner.run(StatusStage(run, options.out,
                               lambda: {lang: a.verdict for lang, a in assessed.items()}))
    rendered = [lang for lang, found in pages.items() if _ran(found.get("render"))]
    return BuildResult(
        extracted=_ran(extracted) and bool(extracted.done and extracted.done.written),
        updated=tuple(lang for lang, found in updates.items()
                      if _ran(found["update"]) and found["update"].done
                      and found["update"].done.written),
        rendered=tuple(rendered),
        written=sum(len(found["render"].done.written) for lang, found in pages.items()
                    if lang in rendered and found["render"].done is not None),
        failed=(*runner.errors, *runner.failed.values()),
        notes=(site.done.value,) if _ran(site) and site.done and site.done.value else (),
        held_back=tuple(held.values()),
        withheld=tuple(item for lang in rendered if lang in assessed
                       for item in assessed[lang].withheld if options.drafts or not item.draft))
