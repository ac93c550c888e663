"""Commands for coordinators and reviewers: status, review, check."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from appeal.cli import (
    Context,
    fail,
    lang_option,
    main,
    report_failures,
    say,
    selected_languages,
    split_list,
)
from appeal.cli.output import echo, printable
from appeal.errors import AppealError
from appeal.runner import Runner
from appeal.stages.context import RunContext
from appeal.stages.reports import ReviewStage

if TYPE_CHECKING:
    from appeal.checks import LanguageReport


@main.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools instead of a table.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where status.html is written. Default: dist/ in the workspace.")
@click.pass_obj
def status(obj: Context, langs: tuple[str, ...], as_json: bool, out: Path | None) -> None:
    """Show what is reviewed, drafted, untranslated or broken per language; write status.html."""
    from appeal.status import status_json, workspace_status, write_dashboard

    try:
        ws = obj.workspace
        chosen = selected_languages(ws, langs, with_source=False)
        target = (out if out is not None else ws.dist).resolve()
        with Runner(ws, out=target):
            run = RunContext(ws)
            everything = workspace_status(ws, catalog=run.catalogs.get, findings=run.findings)
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
    from rich.text import Text

    from appeal.catalogs import whole_percent

    def cell(value: str) -> Text:
        """Shown as written: no rich markup, no control characters."""
        return Text(printable(value))

    table = Table(title=cell(f"{status.project}: share of source words reviewed, drafted, "
                             "untranslated; reviewed per document; check findings"))
    for name in ("Lang", "Words", "Reviewed", "Draft", "Untransl.", *status.parts,
                 "Errors", "Warnings", "Publication"):
        table.add_column(name, justify="left" if name in ("Lang", "Publication") else "right")
    for row in status.languages:
        if row.overall is None:
            table.add_row(cell(row.code), *[""] * (len(table.columns) - 2),
                          cell(f"error: {row.failure}"))
            continue
        item, verdict = row.overall, row.verdict
        publication = "published" if verdict and verdict.publish else (
            "held back: " + "; ".join(verdict.reasons if verdict else ()))
        table.add_row(
            cell(row.code), str(item.stats.words),
            *(whole_percent(item.percent(state))
              for state in ("reviewed", "fuzzy", "untranslated")),
            *(whole_percent(row.documents[p].percent("reviewed")) if p in row.documents else "-"
              for p in status.parts),
            str(item.errors), str(item.warnings), cell(publication))
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
    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        target = (out if out is not None else ws.dist).resolve()
        with Runner(ws, force=True, out=target) as runner:
            stage = ReviewStage(RunContext(ws), target, back_translate=back_translate)
            outcomes = runner.run_each(stage, languages, workers=True)
    except AppealError as error:
        fail(error)
    for found in outcomes.values():
        done = found["review"].done
        for path in done.owns if done is not None else ():
            say(f"wrote {path}")
    failed = list(runner.failed.values())
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
        with Runner(ws, shared=True):
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
                echo(str(problem))
    if not obj.quiet:
        for report in reports:
            echo(check_summary(report), err=True)
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
