"""``appeal build``: run the stages whose inputs changed, then render every language.

Each stage is skipped when the files it reads are as it last saw them
(:mod:`appeal.freshness`), so a build right after another build only stats a
few dozen files.  Heavy modules are imported inside the stages for the same
reason.  A language whose catalog is broken fails alone: the others are still
built and the failure is returned for the command line to report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from appeal import __version__
from appeal.errors import AppealError
from appeal.freshness import StateFile, fingerprint
from appeal.gates import Findings, Verdict, Withheld, publishable, run_gates
from appeal.parallel import fork_map
from appeal.reports import record_reviews, stale_reviews, write_status
from appeal.stages import Catalogs, run_compile, run_extract, run_update
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:

    from appeal.catalogs import CatalogStats
    from appeal.segments import Document


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build; the defaults build everything the settings name."""

    languages: tuple[str, ...]
    """Languages to render, the source language included when wanted."""
    formats: tuple[str, ...]
    out: Path
    drafts: bool = False
    """Use fuzzy machine drafts too, and mark every page as an unreviewed draft."""


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


def render_inputs(ws: Workspace) -> list[Path]:
    """Files every rendered language depends on, besides its own catalog."""
    templates = sorted(ws.templates.rglob("*.j2")) if ws.templates.is_dir() else []
    return [*ws.documents(), *templates, ws.root / SETTINGS_NAME]


class _Renderer:
    """Parses the documents once and renders one language at a time."""

    def __init__(self, ws: Workspace, options: BuildOptions, catalogs: Catalogs) -> None:
        from appeal.render import LanguageInfo, language_info
        from appeal.segments import parse_document

        self.ws = ws
        self.options = options
        self.documents: list[Document] = [
            parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
            for path in ws.documents()
        ]
        self.catalogs = catalogs
        self.withheld: dict[str, frozenset[str]] = {}
        """Per language, msgids with a check error, rendered as if untranslated."""
        self._language_info = language_info
        self._info_type = LanguageInfo

    def stats(self, lang: str) -> CatalogStats | None:
        from appeal.catalogs import catalog_stats

        try:
            return catalog_stats(self.catalogs.get(lang))
        except AppealError:
            return None

    def languages(self) -> list[object]:
        """Every configured language with its completeness, for switchers and the index."""
        infos = []
        for lang in self.ws.all_languages:
            if lang == self.ws.source_language:
                percent = 100.0
            else:
                stats = self.stats(lang)
                percent = stats.percent_reviewed if stats else 0.0
            infos.append(self._language_info(lang, percent=percent))
        return infos

    def render(self, lang: str, languages: list[object]) -> list[Path]:
        import gettext
        import io

        from appeal.catalogs import compile_catalog
        from appeal.render import render_language

        translations: gettext.NullTranslations
        if lang == self.ws.source_language:
            translations = gettext.NullTranslations()
        else:
            catalog = publishable(self.catalogs.get(lang), self.withheld.get(lang, frozenset()))
            mo = compile_catalog(catalog, use_fuzzy=self.options.drafts)
            translations = gettext.GNUTranslations(io.BytesIO(mo))
        return render_language(
            self.ws, lang, self.documents, translations, drafts=self.options.drafts,
            formats=self.options.formats, out=self.options.out, languages=languages,
        )


Outcome = tuple[int | AppealError | None, Path | AppealError | None]
"""Per language: files rendered (or the error), and the review page written (or the error)."""


def render_and_review(renderer: _Renderer | None, render: Sequence[str], review: Sequence[str],
                      languages: list[object],
                      write_review: Callable[[str], Path | AppealError]) -> dict[str, Outcome]:
    """Render and review every language in one set of worker processes.

    Both are per-language work on what the parent already parsed, so one pool
    keeps both cores busy instead of two rounds of forking.
    """
    def work(lang: str) -> Outcome:
        made: int | AppealError | None = None
        if renderer is not None and lang in render:
            try:
                made = len(renderer.render(lang, languages))
            except AppealError as error:
                made = error
        return made, write_review(lang) if lang in review else None

    jobs = list(dict.fromkeys([*render, *review]))
    return dict(zip(jobs, fork_map(work, jobs), strict=True))


def output_paths(ws: Workspace, options: BuildOptions, lang: str) -> list[Path]:
    """The files a language's render wrote; Telegram posts are as many as were needed."""
    directory = options.out / lang
    paths: list[Path] = []
    for doc in ws.documents():
        for fmt in options.formats:
            if fmt == "telegram":
                paths.extend(sorted(directory.glob(f"{doc.stem}.telegram.*.html"))
                             or [directory / f"{doc.stem}.telegram.1.html"])
            else:
                paths.append(directory / f"{doc.stem}.{fmt}")
    return paths


def _render_stamp(ws: Workspace, options: BuildOptions, lang: str) -> object:
    own = [] if lang == ws.source_language else [ws.po_path(lang)]
    outputs = output_paths(ws, options, lang)
    return {
        "files": fingerprint([*render_inputs(ws), *own], root=ws.root),
        "options": [list(options.formats), str(options.out), options.drafts, __version__],
        "outputs": fingerprint(outputs, root=options.out),
    }


def build(ws: Workspace, options: BuildOptions, *, force: bool = False) -> BuildResult:
    """Extract, update, compile and render what is out of date; see module docstring."""
    state = StateFile(ws.root / ".appeal" / "state.json")
    failures: list[AppealError] = []
    catalogs = Catalogs(ws)
    targets = [lang for lang in options.languages if lang != ws.source_language]
    extracted = run_extract(ws, state, catalogs, force=force)
    updated, update_failures = run_update(ws, state, catalogs, targets,
                                          force=force or extracted)
    failures.extend(update_failures)
    failed_langs = {error.language for error in update_failures}
    compiling = [lang for lang in targets if lang not in failed_langs]
    compile_failures = run_compile(ws, state, catalogs, compiling, force=force or bool(updated))
    failures.extend(compile_failures)
    ready = [lang for lang in compiling if lang not in {e.language for e in compile_failures}]
    findings = Findings(ws, catalogs.get)
    assessed = run_gates(ws, state, findings, ready, force=force)
    held = {} if options.drafts else {
        lang: found.verdict for lang, found in assessed.items() if not found.verdict.publish}
    for lang in held:
        _withdraw(ws, options, lang, state)
    if state.get("held") != sorted(held):  # every language switcher changes
        force = True
        state.record("held", sorted(held))

    stale = [
        lang for lang in options.languages
        if lang not in failed_langs and lang not in held
        and (force or not state.is_fresh(f"render:{lang}", _render_stamp(ws, options, lang)))
    ]
    index_stamp = _index_stamp(ws, options)
    index_stale = force or not state.is_fresh("index", index_stamp)
    rendered: list[str] = []
    notes: list[str] = []
    written = 0
    renderer: _Renderer | None = None
    languages: list[object] = []
    if stale or index_stale:
        renderer = _Renderer(ws, options, catalogs)
        renderer.withheld = {lang: found.withheld_ids(drafts=options.drafts)
                             for lang, found in assessed.items()}
        languages = [info for info in renderer.languages()
                     if getattr(info, "code", None) not in held]
    reviews = stale_reviews(ws, state, options.out, ready, force=force)
    def write_review(lang: str) -> Path | AppealError:
        from appeal.review import write_language_review  # only when a page is due

        return write_language_review(ws, lang, options.out, catalog=findings.catalog,
                                     findings=findings)

    reviewed: list[str] = []
    if len({*stale, *reviews}) > 1:
        from appeal.render import precompile_templates

        precompile_templates(ws)
    outcomes = render_and_review(renderer, stale, reviews, languages, write_review)
    for lang, (made, review) in outcomes.items():
        for outcome in (made, review):
            if isinstance(outcome, AppealError):
                outcome.language = outcome.language or lang
                if not any(str(outcome) == str(error) for error in failures):
                    failures.append(outcome)
        if isinstance(made, int):
            written += made
            rendered.append(lang)
            state.record(f"render:{lang}", _render_stamp(ws, options, lang))
        elif lang in stale:
            state.forget(f"render:{lang}")
        if isinstance(review, Path):
            reviewed.append(lang)
    record_reviews(ws, state, options.out, reviewed)
    if renderer is not None:
        notes.extend(_render_site(ws, options, languages, failures))
        state.record("index", _index_stamp(ws, options))
    write_status(ws, state, options.out, catalog=findings.catalog, findings=findings,
                 force=force, verdicts={lang: a.verdict for lang, a in assessed.items()})
    state.save()
    return BuildResult(
        extracted=extracted, updated=updated, rendered=tuple(rendered),
        written=written, failed=tuple(failures), notes=tuple(notes),
        held_back=tuple(held.values()),
        withheld=tuple(item for lang in rendered if lang in assessed
                       for item in assessed[lang].withheld if options.drafts or not item.draft),
    )


def _withdraw(ws: Workspace, options: BuildOptions, lang: str, state: StateFile) -> None:
    """Remove a held-back language's pages from an earlier build, so none is published."""
    for doc in ws.documents():
        for path in (options.out / lang).glob(f"{doc.stem}.*"):
            if path.is_file():
                path.unlink()
    state.forget(f"render:{lang}")


SITE_FILES = ("index.html", "sitemap.xml")


def _index_stamp(ws: Workspace, options: BuildOptions) -> object:
    """What the index and sitemap depend on: catalogs, settings, and which pages exist."""
    first = ws.documents()[:1]
    pages = [options.out / lang / f"{doc.stem}.html" for lang in ws.all_languages
             for doc in first]
    return {
        "files": fingerprint([*(ws.po_path(lang) for lang in ws.languages),
                              *render_inputs(ws)], root=ws.root),
        "out": str(options.out),
        "pages": fingerprint(pages, root=options.out),
        "index": fingerprint([options.out / name for name in SITE_FILES], root=options.out),
    }


def _render_site(ws: Workspace, options: BuildOptions, languages: list[object],
                 failures: list[AppealError]) -> list[str]:
    """Write the index and the sitemap; return notes on what was left out."""
    from appeal.render import render_index
    from appeal.site import write_sitemap

    try:
        render_index(ws, languages, options.out)  # type: ignore[arg-type]
        note = write_sitemap(ws, languages, options.out)  # type: ignore[arg-type]
    except AppealError as error:
        failures.append(error)
        return []
    return [note] if note else []
