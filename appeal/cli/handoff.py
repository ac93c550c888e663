"""Commands for translators who work without the repository: handoff, receive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from appeal.cli import Context, fail, main, report_failures, say
from appeal.errors import AppealError


@main.command()
@click.argument("lang")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (a .zip of it goes beside it). "
                   "Default: handoff/LANG in the workspace.")
@click.pass_obj
def handoff(obj: Context, lang: str, out: Path | None) -> None:
    """Write what one translator needs: LANG's catalog, a preview and a note, zipped."""
    from appeal.handoff.send import hand_off

    try:
        ws = obj.workspace
        done = hand_off(ws, lang, out)
    except AppealError as error:
        fail(error)
    say(f"handed off {lang} ({done.record}): {done.folder} and {done.archive}")
    say(f"send {done.archive.name} to the translator; they edit {done.catalog.name} "
        f"({done.needing} entries still need work) and send it back for "
        f"'appeal receive {done.catalog.name}'")
    report_failures(done.problems)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--lang", help="The language the file is in, when its header does not say "
                             "(it must agree with the header when it does).")
@click.option("--dry-run", is_flag=True, help="Say what the merge would do; write nothing.")
@click.pass_obj
def receive(obj: Context, file: Path, lang: str | None, dry_run: bool) -> None:
    """Merge a translator's returned catalog FILE into the workspace's.

    Exits 1 when some entry was changed both here and by the translator: the
    workspace's translation stays, marked fuzzy, with the translator's beside it.
    """
    from appeal.catalogs.threeway import Decision
    from appeal.handoff.receive import receive as merge_file

    try:
        ws = obj.workspace
        done = merge_file(ws, file, lang, dry_run=dry_run)
    except AppealError as error:
        fail(error)
    target = done.path.relative_to(ws.root)
    if done.record is None:
        origin = "no handoff record: new translations taken, differing ones are conflicts"
    elif not done.base_found:
        origin = (f"handoff {done.record} not kept in this workspace: new translations "
                  "taken, differing ones are conflicts")
    else:
        origin = f"handed off {done.record.when:%Y-%m-%d %H:%M} UTC"
    say(f"{file} → {target} ({done.language}; {origin})")
    labels = {
        Decision.TAKEN: "taken: {} translation(s) changed by the translator",
        Decision.OUTDATED: "outdated: {} translation(s) of text edited since, taken as fuzzy",
        Decision.KEPT: "kept: {} translation(s) changed here since the handoff",
        Decision.OBSOLETE: "obsolete: {} translation(s) of text removed since, kept as #~",
        Decision.CONFLICT: "conflicts: {} (the translation here stays, marked fuzzy, "
                           "the translator's beside it in a comment)",
    }
    for decision, label in labels.items():
        if done.count(decision) or decision in (Decision.TAKEN, Decision.CONFLICT):
            say(label.format(done.count(decision)))
    for item in done.merged.of(Decision.CONFLICT):
        line = done.lines.get(item.key)
        where = f"{target}:{line}" if line else str(target)
        theirs = f" ({file.name}:{item.returned_line})" if item.returned_line else ""
        say(f"  {where}{theirs}: {_short(item.key[1])}")
    if dry_run:
        say("dry run: no file written")
    else:
        say(f"{target}: {'written' if done.written else 'unchanged'}")
    if done.conflicts:
        sys.exit(1)


def _short(text: str, width: int = 60) -> str:
    """The start of a msgid, on one line, for the list of conflicts."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"
