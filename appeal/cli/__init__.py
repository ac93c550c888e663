"""The ``appeal`` command line: parses options, calls one stage, prints the outcome.

This package is the only place that prints or exits; its modules group the
commands (pipeline, quality, drafts) around the group defined here.  Stages are imported inside the
commands so that a no-change ``appeal build`` loads no more than it needs.
Exit status follows click: 0 success, 1 something failed, 2 usage error.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from appeal import __version__
from appeal.cli.output import echo
from appeal.errors import AppealError
from appeal.redact import RedactingFilter
from appeal.workspace import Workspace, load_workspace

log = logging.getLogger("appeal")


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
        echo(message)


def fail(error: AppealError) -> NoReturn:
    """Print an error GNU style (``path:line: message``) and exit with status 1."""
    echo(f"appeal: error: {error}", err=True)
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
    for handler in logging.getLogger().handlers:  # -vv shows urllib3's request lines
        handler.addFilter(RedactingFilter())
    ctx.obj = Context(directory, quiet=quiet)


def report_failures(failures: Iterable[AppealError]) -> None:
    """Print each failure; exit 1 if there was any, after the others went through."""
    failures = list(failures)
    for error in failures:
        echo(f"appeal: error: {error}", err=True)
    if failures:
        sys.exit(1)



def run() -> None:
    """The console entry point: ``main`` tuned for a short-lived batch process.

    A build allocates many small, long-lived objects (CLDR data, tokens,
    catalogs); Python's default collector thresholds make it scan them over and
    over, and tearing them all down at exit costs a tenth of a second more. The
    process is about to end, so it flushes its output and leaves at once
    (``os._exit``): every file it writes is already complete (atomic writes),
    and worker pools and engines are closed by their ``with`` blocks.
    """
    gc.set_threshold(50_000, 20, 20)
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    except OSError as error:  # what no stage turned into an AppealError: still the user's
        where = f"{error.filename}: " if error.filename else ""
        echo(f"appeal: error: {where}{error.strerror or error}", err=True)
        code = 1
    if isinstance(code, str):
        echo(code, err=True)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)

# The commands register themselves on `main` when their modules are imported.
from appeal.cli import drafts, handoff, pipeline, quality  # noqa: E402, F401
