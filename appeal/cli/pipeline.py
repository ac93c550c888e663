"""Commands for the pipeline stages: new, extract, update, compile, build."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from appeal.build import BuildOptions
from appeal.build import build as run_build
from appeal.cli import (
    Context,
    fail,
    lang_option,
    log,
    main,
    report_failures,
    say,
    selected_languages,
    split_list,
)
from appeal.cli.output import echo
from appeal.errors import AppealError
from appeal.formats.registry import document_formats
from appeal.runner import Runner
from appeal.stages.catalogs import UpdateStage
from appeal.stages.catalogs import extract as run_extract
from appeal.stages.context import RunContext


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
    try:
        ws = obj.workspace
        with Runner(ws, force=True) as runner:
            outcome = run_extract(runner, RunContext(ws))
    except AppealError as error:
        fail(error)
    report_failures(runner.errors)
    relative = ws.pot_path.relative_to(ws.root)
    say(f"{relative}: {'written' if outcome.done and outcome.done.written else 'unchanged'}")


@main.command()
@lang_option
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the template or a catalog would change.")
@click.pass_obj
def update(obj: Context, langs: tuple[str, ...], check: bool) -> None:
    """Extract messages.pot if the content changed, then create or update each catalog."""
    if check:
        check_update(obj, langs)
        return
    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        existed = {lang for lang in languages if ws.po_path(lang).exists()}
        run = RunContext(ws)
        with Runner(ws, force=True) as runner:
            extracted = run_extract(runner, run)
            outcomes = runner.run_each(UpdateStage(run), languages, workers=True)
    except AppealError as error:
        fail(error)
    if extracted.written:
        say(f"extracted {ws.pot_path.relative_to(ws.root)}")
    groups: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    for lang, found in outcomes.items():
        done = found["update"].done
        if done is None:
            continue
        label = "created" if lang not in existed else "updated" if done.written else "unchanged"
        groups[label].append(lang)
    for label, group in groups.items():
        if group:
            say(f"{label}: {', '.join(group)}")
    report_failures([*runner.errors, *runner.failed.values()])


def check_update(obj: Context, langs: tuple[str, ...]) -> None:
    """``appeal update --check``: name each file ``appeal update`` would write, exit 1 if any.

    The file lines are the answer a CI step asks for, so ``-q`` keeps them.
    """
    from appeal.stages.uptodate import check_update as compare

    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        with Runner(ws, shared=True):
            result = compare(ws, languages)
    except AppealError as error:
        fail(error)
    for item in result.stale:
        echo(f"{item.path}: {item.reason}")
    if result.stale:
        files, them = ("file", "it") if len(result.stale) == 1 else ("files", "them")
        say(f"{len(result.stale)} {files} out of date; `appeal update` would write {them}")
    elif not result.failed:
        say(f"up to date: {ws.pot_path.relative_to(ws.root)} and "
            f"{len(languages)} {'catalog' if len(languages) == 1 else 'catalogs'}")
    report_failures(result.failed)
    if result.stale:
        sys.exit(1)


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
        with Runner(ws):
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
              help=f"Output formats, comma-separated ({', '.join(document_formats())}). "
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
    try:
        ws = obj.workspace
        chosen_formats = split_list(formats) or ws.formats
        bad = [fmt for fmt in chosen_formats if fmt not in document_formats()]
        if bad:
            raise click.BadParameter(
                f"unknown format {bad[0]!r} (known: {', '.join(document_formats())})",
                param_hint="--format")
        options = BuildOptions(
            languages=selected_languages(ws, langs, with_source=True),
            formats=chosen_formats,
            out=(out if out is not None else ws.dist).resolve(),
            drafts=drafts,
        )
        result = run_build(ws, options, force=force)
    except AppealError as error:
        fail(error)
    if result.extracted:
        say(f"extracted {ws.pot_path.relative_to(ws.root)}")
    if result.updated:
        say(f"updated catalogs: {', '.join(result.updated)}")
    if result.rendered:
        say(f"built {', '.join(result.rendered)} in {options.out} "
                   f"({result.written} files changed)")
    held_named = report_gates(result, named=split_list(langs))
    report_publications(result)
    report_removed(result, options.out)
    for note in result.notes:
        say(f"note: {note}")
    report_failures(result.failed)
    if held_named:
        sys.exit(1)


def report_gates(result: Any, *, named: tuple[str, ...]) -> bool:
    """Say which languages were held back or withdrawn and which entries were left out;
    True if a language asked for by name was held back (the build then exits 1)."""
    withdrawn = {p.language for p in result.publications if p.state == "withdrawn"}
    for verdict in result.held_back:
        label = "withdrawn" if verdict.language in withdrawn else "held back"
        line = f"{label}: {verdict}"
        if verdict.language in withdrawn:
            line += " (published before; its pages are taken out of the publication)"
        if verdict.language in named:
            echo(f"appeal: error: {line}", err=True)
        else:
            say(line)
    for item in result.withheld:
        echo(f"appeal: warning: {item.problem} (the source text is published instead)",
                   err=True)
    return any(verdict.language in named for verdict in result.held_back)


def report_publications(result: Any) -> None:
    """``published: es, de``, and a line of its own for each language published with
    outdated entries shown in the source language. Said by every build, even one with
    nothing to do, so the last lines of any build tell what the publication holds."""
    plain = [item.language for item in result.publications
             if item.state == "published" and not item.detail]
    if plain:
        say(f"published: {', '.join(plain)}")
    for item in result.publications:
        if item.state == "published" and item.detail:
            say(f"published: {item.language}, {item.detail}")


def report_removed(result: Any, out: Path) -> None:
    """One line per reason for the files taken out of the publication (-v lists each)."""
    by_reason: dict[str, list[Path]] = {}
    for item in result.removed:
        by_reason.setdefault(item.reason, []).append(item.path)
    for reason, paths in by_reason.items():
        files = "file" if len(paths) == 1 else "files"
        say(f"removed {len(paths)} {files} from {out}: {reason}")
        for path in paths:
            log.info("removed %s", path)
