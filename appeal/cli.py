"""The ``appeal`` command line: parses options, calls one stage, prints the outcome.

This is the only module that prints or exits.  Stages are imported inside the
commands so that a no-change ``appeal build`` loads no more than it needs.
Exit status follows click: 0 success, 1 something failed, 2 usage error.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from appeal import __version__
from appeal.errors import AppealError
from appeal.workspace import Workspace, load_workspace, workspace_lock

if TYPE_CHECKING:
    from appeal.checks import LanguageReport

log = logging.getLogger("appeal")
KNOWN_FORMATS = ("html", "md", "txt", "telegram", "pdf")


class Context:
    """What the group options decided, handed to every command."""

    def __init__(self, directory: Path, *, quiet: bool = False) -> None:
        self.directory = directory
        self.quiet = quiet
        self._workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = load_workspace(self.directory)
        return self._workspace


def say(message: str) -> None:
    """Print a progress or summary line unless ``-q`` asked for errors only."""
    ctx = click.get_current_context(silent=True)
    if not (ctx and isinstance(ctx.obj, Context) and ctx.obj.quiet):
        click.echo(message)


def fail(error: AppealError) -> NoReturn:
    """Print an error GNU style (``path:line: message``) and exit with status 1."""
    click.echo(f"appeal: error: {error}", err=True)
    sys.exit(1)


def split_list(values: Iterable[str]) -> tuple[str, ...]:
    """``--lang es,ca --lang de`` → ``("es", "ca", "de")``, duplicates dropped.

    >>> split_list(["es,ca", "de", "ca"])
    ('es', 'ca', 'de')
    """
    items: list[str] = []
    for value in values:
        for item in value.split(","):
            item = item.strip()
            if item and item not in items:
                items.append(item)
    return tuple(items)


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang", "langs", multiple=True, envvar="APPEAL_LANG",
        help="Languages to work on, comma-separated; may repeat. Default: all configured.",
    )(func)


def selected_languages(ws: Workspace, langs: tuple[str, ...],
                       *, with_source: bool) -> tuple[str, ...]:
    """The languages a command works on, checked against ``appeal.toml``."""
    known = ws.all_languages if with_source else ws.languages
    chosen = split_list(langs)
    unknown = [lang for lang in chosen if lang not in ws.all_languages]
    if unknown:
        raise click.BadParameter(
            f"{', '.join(map(repr, unknown))} not configured in appeal.toml "
            f"(configured: {', '.join(ws.all_languages)})", param_hint="--lang")
    if not chosen:
        return known
    return tuple(lang for lang in chosen if lang in known)


@click.group(context_settings={"help_option_names": ["-h", "--help"],
                               "auto_envvar_prefix": "APPEAL"})
@click.version_option(__version__, prog_name="appeal")
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), help="Run as if started in DIR (like git -C).")
@click.option("-v", "--verbose", count=True, help="Say more.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def main(ctx: click.Context, directory: Path, verbose: int, quiet: bool) -> None:
    """Turn one appeal into reviewed publications in many languages."""
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else (
        logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="appeal: %(message)s")
    ctx.obj = Context(directory, quiet=quiet)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create a fresh workspace in DIRECTORY: settings, babel.cfg, templates, an example."""
    from appeal.scaffold import create_workspace

    try:
        created = create_workspace(directory)
    except AppealError as error:
        fail(error)
    for path in created:
        log.info("created %s", path)
    say(f"new workspace in {directory}; next: appeal -C {directory} build")


@main.command()
@click.pass_obj
def extract(obj: Context) -> None:
    """Extract every translatable segment into locales/messages.pot."""
    from appeal.catalogs import write_template
    from appeal.extract import build_template

    try:
        ws = obj.workspace
        with workspace_lock(ws.root):
            changed = write_template(ws.pot_path, build_template(ws))
    except AppealError as error:
        fail(error)
    relative = ws.pot_path.relative_to(ws.root)
    say(f"{relative}: {'written' if changed else 'unchanged'}")


@main.command()
@lang_option
@click.pass_obj
def update(obj: Context, langs: tuple[str, ...]) -> None:
    """Create or update each language's catalog from messages.pot."""
    from appeal.catalogs import read_catalog, update_catalogs

    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        with workspace_lock(ws.root):
            result = update_catalogs(ws, read_catalog(ws.pot_path), languages)
    except AppealError as error:
        fail(error)
    for label, group in (("created", result.created), ("updated", result.updated),
                         ("unchanged", result.unchanged)):
        if group:
            say(f"{label}: {', '.join(group)}")
    report_failures(result.failed)


@main.command(name="compile")
@lang_option
@click.option("--use-fuzzy", is_flag=True, help="Include fuzzy (unreviewed) entries.")
@click.pass_obj
def compile_(obj: Context, langs: tuple[str, ...], use_fuzzy: bool) -> None:
    """Compile each catalog to a .mo file (fuzzy entries left out unless asked)."""
    from appeal.catalogs import compile_catalogs

    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        with workspace_lock(ws.root):
            result = compile_catalogs(ws, languages, use_fuzzy=use_fuzzy)
    except AppealError as error:
        fail(error)
    compiled = (*result.created, *result.updated, *result.unchanged)
    if compiled:
        say(f"compiled: {', '.join(compiled)}")
    report_failures(result.failed)


@main.command()
@lang_option
@click.option("--format", "formats", multiple=True,
              help="Output formats, comma-separated (html, md, txt, telegram, pdf). "
                   "Default: appeal.toml's.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory. Default: dist/ in the workspace.")
@click.option("--drafts", is_flag=True,
              help="Use fuzzy machine drafts too; pages say they are unreviewed drafts.")
@click.option("--force", is_flag=True, help="Redo every stage even if nothing changed.")
@click.pass_obj
def build(obj: Context, langs: tuple[str, ...], formats: tuple[str, ...], out: Path | None,
          drafts: bool, force: bool) -> None:
    """Extract, update and compile what changed, then write the outputs of every language."""
    from appeal.build import BuildOptions
    from appeal.build import build as run_build

    try:
        ws = obj.workspace
        chosen_formats = split_list(formats) or ws.formats
        bad = [fmt for fmt in chosen_formats if fmt not in KNOWN_FORMATS]
        if bad:
            raise click.BadParameter(
                f"unknown format {bad[0]!r} (known: {', '.join(KNOWN_FORMATS)})",
                param_hint="--format")
        options = BuildOptions(
            languages=selected_languages(ws, langs, with_source=True),
            formats=chosen_formats,
            out=(out if out is not None else ws.dist).resolve(),
            drafts=drafts,
        )
        with workspace_lock(ws.root):
            result = run_build(ws, options, force=force)
    except AppealError as error:
        fail(error)
    held_named = report_gates(result, named=split_list(langs))
    if result.did_nothing:
        sys.exit(1 if held_named else 0)
    if result.extracted:
        say(f"extracted {ws.pot_path.relative_to(ws.root)}")
    if result.updated:
        say(f"updated catalogs: {', '.join(result.updated)}")
    if result.rendered:
        say(f"built {', '.join(result.rendered)} in {options.out} "
                   f"({result.written} files changed)")
    for note in result.notes:
        say(f"note: {note}")
    report_failures(result.failed)
    if held_named:
        sys.exit(1)


def report_gates(result: Any, *, named: tuple[str, ...]) -> bool:
    """Say which languages were held back and which entries were left out; True if a
    language asked for by name was held back (the build then exits 1)."""
    for verdict in result.held_back:
        if verdict.language in named:
            click.echo(f"appeal: error: held back: {verdict}", err=True)
        else:
            say(f"held back: {verdict}")
    for item in result.withheld:
        click.echo(f"appeal: warning: {item.problem} (the source text is published instead)",
                   err=True)
    return any(verdict.language in named for verdict in result.held_back)


@main.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools instead of a table.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where status.html is written. Default: dist/ in the workspace.")
@click.pass_obj
def status(obj: Context, langs: tuple[str, ...], as_json: bool, out: Path | None) -> None:
    """Show what is reviewed, drafted, untranslated or broken per language; write status.html."""
    from dataclasses import replace

    from appeal.status import status_json, workspace_status, write_dashboard

    try:
        ws = obj.workspace
        chosen = selected_languages(ws, langs, with_source=False)
        everything = workspace_status(ws)
        target = (out if out is not None else ws.dist).resolve()
        write_dashboard(ws, everything, target)
    except AppealError as error:
        fail(error)
    shown = replace(everything, languages=tuple(row for row in everything.languages
                                                if row.code in chosen))
    if as_json:
        click.echo(json.dumps(status_json(shown), ensure_ascii=False, indent=2))
    else:
        print_status(shown)
        say(f"dashboard: {target / 'status.html'}")
    if shown.failed:
        sys.exit(1)


def print_status(status: Any) -> None:
    """The status as a table: percentages of source words, per document too."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{status.project}: share of source words reviewed, drafted, "
                        "untranslated; reviewed per document; check findings")
    for name in ("Lang", "Words", "Reviewed", "Draft", "Untransl.", *status.parts,
                 "Errors", "Warnings", "Publication"):
        table.add_column(name, justify="left" if name in ("Lang", "Publication") else "right")
    for row in status.languages:
        if row.overall is None:
            table.add_row(row.code, *[""] * (len(table.columns) - 2), f"error: {row.failure}")
            continue
        item, verdict = row.overall, row.verdict
        publication = "published" if verdict and verdict.publish else (
            "held back: " + "; ".join(verdict.reasons if verdict else ()))
        table.add_row(
            row.code, str(item.stats.words),
            *(f"{item.percent(state):.0f}%" for state in ("reviewed", "fuzzy", "untranslated")),
            *(f"{row.documents[p].percent('reviewed'):.0f}%" if p in row.documents else "-"
              for p in status.parts),
            str(item.errors), str(item.warnings), publication)
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # a pipe or a log file: do not squeeze to 80 columns
    console.print(table)


@main.command()
@lang_option
@click.option("--back-translate", is_flag=True,
              help="Add a machine translation back into the source language (Apertium), "
                   "for coordinators who do not read the language. Never stored.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory. Default: dist/ in the workspace.")
@click.pass_obj
def review(obj: Context, langs: tuple[str, ...], back_translate: bool, out: Path | None) -> None:
    """Write <lang>/review.html: source and translation side by side, with findings."""
    from appeal.catalogs import read_catalog
    from appeal.gates import Findings
    from appeal.review import write_reviews

    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        target = (out if out is not None else ws.dist).resolve()

        def read(lang: str) -> Any:
            return read_catalog(ws.po_path(lang), locale=lang)

        written, failed = write_reviews(ws, languages, target, catalog=read,
                                        findings=Findings(ws, read),
                                        back_translate=back_translate)
    except AppealError as error:
        fail(error)
    for path in written:
        say(f"wrote {path}")
    report_failures(failed)


@main.command(name="check")
@lang_option
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text: one GNU-style line per finding; json: a list of objects, for tools.")
@click.option("--only", multiple=True,
              help="Run only these checks (ids, comma-separated; may repeat). Default: all.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit status 1).")
@click.pass_obj
def check_(obj: Context, langs: tuple[str, ...], output: str, only: tuple[str, ...],
           strict: bool) -> None:
    """Check every translation (placeholders, markup, links, numbers, glossary ...).

    Exit status 1 when an error is found, or with --strict any warning. A
    translator silences one check on one entry with the flag appeal-ignore-<id>.
    """
    from appeal.checks import CHECKS, check_workspace

    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        checks = split_list(only) or None
        unknown = [name for name in checks or () if name not in CHECKS]
        if unknown:
            raise click.BadParameter(f"unknown check {unknown[0]!r} "
                                     f"(known: {', '.join(CHECKS)})", param_hint="--only")
        reports = check_workspace(ws, languages, only=checks)
    except AppealError as error:
        fail(error)
    if output == "json":
        found = [{"path": str(p.path) if p.path else None, "line": p.line,
                  "severity": p.severity, "check": p.check, "message": p.message,
                  "msgid": p.msgid, "draft": p.draft, "language": report.language}
                 for report in reports for p in report.problems]
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for problem in report.problems:
                click.echo(str(problem))
    if not obj.quiet:
        for report in reports:
            click.echo(check_summary(report), err=True)
    if any(r.errors or (strict and r.warnings) for r in reports):
        sys.exit(1)


def check_summary(report: LanguageReport) -> str:
    """``de: 2 errors (1 in drafts), 5 warnings``, or why the catalog could not be checked."""
    if not report.readable:
        return f"{report.language}: catalog not readable, not checked"
    parts = []
    for severity in ("error", "warning"):
        total, drafts = report.count(severity), report.count(severity, draft=True)
        text = f"{total} {severity}{'' if total == 1 else 's'}"
        parts.append(f"{text} ({drafts} in drafts)" if drafts else text)
    return f"{report.language}: {', '.join(parts)}"


def report_failures(failures: Iterable[AppealError]) -> None:
    """Print each failure; exit 1 if there was any, after the others went through."""
    failures = list(failures)
    for error in failures:
        click.echo(f"appeal: error: {error}", err=True)
    if failures:
        sys.exit(1)


@main.command()
@lang_option
@click.option("--engine", help="Engines to use instead of appeal.toml's, comma-separated, "
                               "tried in order (e.g. apertium).")
@click.option("--refresh", is_flag=True,
              help="Also replace machine drafts that nobody has edited since.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if some entry would get a draft.")
@click.pass_obj
def translate(obj: Context, langs: tuple[str, ...], engine: str | None, refresh: bool,
              check: bool) -> None:
    """Fill untranslated entries with machine drafts, marked fuzzy for review."""
    from appeal.mt.translate import TranslateOptions, load_catalogs, translate_workspace

    try:
        ws = obj.workspace
        options = TranslateOptions(selected_languages(ws, langs, with_source=False),
                                   engine=engine, refresh=refresh, check=check)
        with workspace_lock(ws.root):
            catalogs, failures = load_catalogs(ws, options.languages, update=not check)
            with draft_progress(enabled=not obj.quiet) as progress:
                result = translate_workspace(ws, options, catalogs, progress)
    except AppealError as error:
        fail(error)
    for item in result.languages:
        say(describe_drafts(item, check=check))
    report_failures([*failures, *result.failed])
    if check and result.would_change:
        sys.exit(1)


def describe_drafts(item: Any, *, check: bool) -> str:
    """One summary line per language for ``appeal translate``."""
    if item.unreachable:
        return (f"{item.language}: no engine reaches it ({item.unreachable}); "
                f"{item.entries} entries left for translators")
    if not item.entries:
        return f"{item.language}: nothing to draft"
    if check:
        return f"{item.language}: {item.entries} entries would be drafted with {item.route}"
    line = (f"{item.language}: {item.entries} drafted with {item.route} "
            f"({item.sent} segments sent, {item.remembered} entries needed no engine call)")
    if item.warnings:
        line += f", {item.warnings} with warnings"
    return line


@main.command()
@click.pass_obj
def engines(obj: Context) -> None:
    """List translation engines, whether each works here, and the routes it offers."""
    from appeal.mt import ENGINES
    from appeal.mt.routing import engine_names, survey_engines

    try:
        ws = obj.workspace
        reports = survey_engines(ws, sorted(ENGINES))
        chains = {lang: engine_names(ws, lang) for lang in ws.languages}
    except AppealError as error:
        fail(error)
    for report in reports:
        state = "usable" if report.usable else "not usable"
        click.echo(f"{report.name}: {state} ({report.reason})")
        for lang in ws.languages if report.usable else ():
            route = report.routes.get(lang, "no route")
            click.echo(f"  {lang:<6} {route}")
    click.echo("")
    click.echo("engines tried per language (appeal.toml [translate]):")
    for lang, names in chains.items():
        click.echo(f"  {lang:<6} {', '.join(names)}")


@contextlib.contextmanager
def draft_progress(*, enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A rich progress bar per language on a terminal; nothing otherwise.

    Without a terminal the per-language summary lines are the only output, so
    logs and CI stay readable.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(event: Any) -> None:
            if event.language not in tasks:
                tasks[event.language] = bar.add_task(event.language, total=event.total)
            bar.update(tasks[event.language], completed=event.done)

        yield update
