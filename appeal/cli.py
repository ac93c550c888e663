"""The ``appeal`` command line: parses options, calls one stage, prints the outcome.

This is the only module that prints or exits.  Stages are imported inside the
commands so that a no-change ``appeal build`` loads no more than it needs.
Exit status follows click: 0 success, 1 something failed, 2 usage error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from appeal import __version__
from appeal.errors import AppealError
from appeal.workspace import Workspace, load_workspace, workspace_lock

log = logging.getLogger("appeal")
KNOWN_FORMATS = ("html", "md", "txt")


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
              help="Output formats, comma-separated (html, md, txt). Default: appeal.toml's.")
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
    if result.did_nothing:
        return
    if result.extracted:
        say(f"extracted {ws.pot_path.relative_to(ws.root)}")
    if result.updated:
        say(f"updated catalogs: {', '.join(result.updated)}")
    if result.rendered:
        say(f"built {', '.join(result.rendered)} in {options.out} "
                   f"({result.written} files changed)")
    report_failures(result.failed)


def report_failures(failures: Iterable[AppealError]) -> None:
    """Print each failure; exit 1 if there was any, after the others went through."""
    failures = list(failures)
    for error in failures:
        click.echo(f"appeal: error: {error}", err=True)
    if failures:
        sys.exit(1)
