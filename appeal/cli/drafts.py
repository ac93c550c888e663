"""Commands for machine drafts: translate, engines."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from appeal.cli import (
    Context,
    fail,
    lang_option,
    main,
    report_failures,
    say,
    selected_languages,
)
from appeal.cli.output import echo
from appeal.errors import AppealError


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
    from appeal.mt.translate import TranslateOptions  # the engines load only when asked for
    from appeal.stages.drafts import draft_workspace

    try:
        ws = obj.workspace
        options = TranslateOptions(selected_languages(ws, langs, with_source=False),
                                   engine=engine, refresh=refresh, check=check)
        with draft_progress(enabled=not obj.quiet) as progress:
            result, failures = draft_workspace(ws, options, progress)
    except AppealError as error:
        fail(error)
    for item in result.languages:
        say(describe_drafts(item, check=check))
    report_failures(failures)
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
    routes = [(label, count) for label, count in item.drafted_by if count]
    if len(routes) > 1 or item.failures:
        used = ", then ".join(f"{count} with {label}" for label, count in routes)
        line = f"{item.language}: {item.entries} drafted: {used} "
    else:
        line = f"{item.language}: {item.entries} drafted with {item.route} "
    line += f"({item.sent} segments sent, {item.remembered} entries needed no engine call)"
    if item.warnings:
        line += f", {item.warnings} with warnings"
    for failure in item.failures:
        line += f"\n  {failure}"
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
    width = max([6, *(len(lang) for lang in ws.languages)])
    for report in reports:
        state = "usable" if report.usable else "not usable"
        echo(f"{report.name}: {state} ({report.reason})")
        for lang in ws.languages if report.usable else ():
            route = report.routes.get(lang) or report.missing.get(lang, "no route")
            echo(f"  {lang:<{width}} {route}")
    echo("")
    echo("engines tried per language (appeal.toml [translate]):")
    for lang, names in chains.items():
        echo(f"  {lang:<{width}} {', '.join(names)}")


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
