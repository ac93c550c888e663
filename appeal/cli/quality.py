"""Commands for coordinators and reviewers: status, review, check."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

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
    from rich.console import Console
    from rich.text import Text

    from appeal.checks import LanguageReport
    from appeal.status import WorkspaceStatus


@main.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools instead of a table.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where status.html is written. Default: review/ in the workspace.")
@click.pass_obj
def status(obj: Context, langs: tuple[str, ...], as_json: bool, out: Path | None) -> None:
    """Show what is reviewed, drafted, untranslated or broken per language; write status.html."""
    from appeal.status import status_json, workspace_status, write_dashboard

    try:
        ws = obj.workspace
        chosen = selected_languages(ws, langs, with_source=False)
        target = (out if out is not None else ws.review).resolve()
        with Runner(ws, out=target):
            run = RunContext(ws)
            everything = workspace_status(ws, catalog=run.catalogs.get, findings=run.findings)
            write_dashboard(ws, everything, target, ws.dist)
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


STATUS_COLUMNS = (("Lang", "left"), ("Words", "right"), ("Reviewed", "right"),
                  ("Draft", "right"), ("Untranslated", "right"), ("Errors", "right"),
                  ("Warnings", "right"), ("Publication", "left"))
"""The status table's columns: each header is shown whole, never cut."""
GAP = 2


def print_status(status: WorkspaceStatus, console: Console | None = None) -> None:
    """The status as a table that fits 80 columns: percentages of source words.

    One line per language with the numbers; under it, indented, the reviewed
    share per document and why a language is held back, wrapped at word
    boundaries, so nothing is cut. In colour on a terminal, plain in a pipe.
    Where the table would not fit the terminal, each language is shown as a
    short block instead.
    """
    from rich.console import Console
    from rich.text import Text

    from appeal.catalogs import whole_percent

    console = console if console is not None else Console()
    rows: list[tuple[list[Text], list[Text]]] = []
    for row in status.languages:
        code = Text(printable(row.code), style="bold")
        if row.overall is None:
            cells = [code, *(Text("") for _ in STATUS_COLUMNS[1:-1]),
                     Text("unreadable", style="bold red")]
            rows.append((cells, [Text(f"error: {printable(row.failure or '')}", style="red")]))
            continue
        item, verdict = row.overall, row.verdict
        published = bool(verdict and verdict.publish)
        cells = [code, Text(str(item.stats.words)),
                 Text(whole_percent(item.percent("reviewed")), style="green"),
                 Text(whole_percent(item.percent("fuzzy")), style="yellow"),
                 Text(whole_percent(item.percent("untranslated")), style="dim"),
                 Text(str(item.errors), style="bold red" if item.errors else "dim"),
                 Text(str(item.warnings), style="yellow" if item.warnings else "dim"),
                 Text("published", style="green") if published
                 else Text("held back", style="bold red")]
        shares = " · ".join(
            f"{printable(part)} "
            f"{whole_percent(row.documents[part].percent('reviewed'))}"
            if part in row.documents else f"{printable(part)} -" for part in status.parts)
        details = [Text(f"reviewed by document: {shares}", style="dim")]
        if item.stats.outdated:
            count = item.stats.outdated
            details.append(Text(
                f"{count} outdated {'entry' if count == 1 else 'entries'} (in the Draft "
                "share): reviewed before its source changed, shown in the source language "
                "until reviewed again", style="yellow"))
        if item.stats.approved_drafts:
            details.append(Text(approved_line(item.stats.approved_drafts,
                                              item.percent("approved_drafts"),
                                              counted=bool(verdict and verdict.approved_counted)),
                                style="yellow"))
        if row.unknown_words:
            drafts = "draft" if row.unknown_drafts == 1 else "drafts"
            details.append(Text(
                f"{row.unknown_words} words unknown to the engine in {row.unknown_drafts} "
                f"machine {drafts} (marked on the review page)", style="yellow"))
        if not published:
            reasons = "; ".join(verdict.reasons) if verdict else "not assessed"
            details.append(Text(f"held back: {printable(reasons)}", style="red"))
        rows.append((cells, details))
    _print_wrapped(console, Text(f"{printable(status.project)}: translation status in "
                                 "shares of the source words", style="bold"), 0)
    widths = [max(len(name), *(cells[i].cell_len for cells, _ in rows))
              for i, (name, _) in enumerate(STATUS_COLUMNS)]
    indent = widths[0] + GAP
    if sum(widths) + GAP * (len(widths) - 1) > console.width:
        _print_blocks(console, rows, indent)
        return

    def line(cells: list[Text]) -> Text:
        out = Text()
        for number, (cell, width, (_, justify)) in enumerate(zip(cells, widths, STATUS_COLUMNS,
                                                                 strict=True)):
            pad = " " * (width - cell.cell_len)
            last = number == len(cells) - 1
            out.append_text(Text.assemble(pad, cell) if justify == "right" else
                            cell if last else Text.assemble(cell, pad))
            if not last:
                out.append(" " * GAP)
        return out

    console.print(line([Text(name, style="bold") for name, _ in STATUS_COLUMNS]),
                  no_wrap=True)
    for cells, details in rows:
        console.print(line(cells), no_wrap=True)
        for detail in details:
            _print_wrapped(console, detail, indent)


def approved_line(count: int, percent: float, *, counted: bool) -> str:
    """What the status says under a language with machine drafts approved unchanged.

    >>> approved_line(3, 12.5, counted=False)
    '3 machine drafts approved unchanged (12% of the words, not in the Reviewed share): \
fuzzy flag cleared, text as drafted; not counted as reviewed for publishing \
(count_unchanged_drafts_as_reviewed = false)'
    """
    from appeal.catalogs import whole_percent

    drafts = "draft" if count == 1 else "drafts"
    how = ("counted as reviewed for publishing (count_unchanged_drafts_as_reviewed = true)"
           if counted else "not counted as reviewed for publishing "
           "(count_unchanged_drafts_as_reviewed = false)")
    return (f"{count} machine {drafts} approved unchanged ({whole_percent(percent)} of the "
            f"words, not in the Reviewed share): fuzzy flag cleared, text as drafted; {how}")


def _print_blocks(console: Console, rows: list[tuple[list[Text], list[Text]]],
                  indent: int) -> None:
    """Each language as its code and publication, then its numbers: for narrow terminals."""
    from rich.text import Text

    for cells, details in rows:
        console.print(Text.assemble(cells[0], "  ", cells[-1]))
        numbers = Text(" · ").join(
            Text.assemble(f"{name.lower()} ", cell)
            for (name, _), cell in zip(STATUS_COLUMNS[1:-1], cells[1:-1], strict=True)
            if cell.plain)
        for detail in (numbers, *details):
            _print_wrapped(console, detail, min(indent, 4))


def _print_wrapped(console: Console, text: Text, indent: int) -> None:
    """*text* wrapped at word boundaries to the console's width, every line indented."""
    from rich.text import Text

    for piece in text.wrap(console, max(console.width - indent, 20)):
        piece.rstrip()
        console.print(Text.assemble(" " * indent, piece), no_wrap=True, overflow="ignore")


@main.command()
@lang_option
@click.option("--back-translate/--no-back-translate", default=None,
              help="Add a machine translation back into the source language (Apertium), "
                   "for coordinators who do not read the language. Never stored. "
                   "Default: [review] back_translate in appeal.toml (false).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory. Default: review/ in the workspace.")
@click.pass_obj
def review(obj: Context, langs: tuple[str, ...], back_translate: bool | None,
           out: Path | None) -> None:
    """Write review/<lang>.html: source and translation side by side, with findings."""
    try:
        ws = obj.workspace
        languages = selected_languages(ws, langs, with_source=False)
        target = (out if out is not None else ws.review).resolve()
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
    translator silences one check on one entry with the comment line
    "# appeal: ignore-<id>" on it (the older flag "#, appeal-ignore-<id>" is
    still read, but GNU msgcat and msgmerge drop it).
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
    if any(r.errors or (strict and (r.warnings or r.counts.untranslated)) for r in reports):
        sys.exit(1)  # --strict fails on every warning-severity finding, untranslated too


def check_summary(report: LanguageReport) -> str:
    """``de: 2 errors (1 in drafts), 5 warnings, 3 untranslated``, or why the catalog could
    not be checked.

    Counted as ``appeal status`` and the dashboard count
    (:func:`appeal.checks.report.count_findings`): an ``untranslated`` finding is not a
    warning but an entry still to translate, shown on its own when there is any.
    """
    if not report.readable:
        return f"{report.language}: catalog not readable, not checked"
    counts = report.counts
    parts = []
    for severity, total, drafts in (("error", counts.errors, counts.draft_errors),
                                    ("warning", counts.warnings, counts.draft_warnings)):
        text = f"{total} {severity}{'' if total == 1 else 's'}"
        parts.append(f"{text} ({drafts} in drafts)" if drafts else text)
    if counts.untranslated:
        parts.append(f"{counts.untranslated} untranslated")
    return f"{report.language}: {', '.join(parts)}"
