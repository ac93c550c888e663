"""The report stage of ``appeal build``: review pages and the status dashboard.

Both are rewritten only when something they show may have changed, and the
modules that draw them are imported only then, so a build with nothing new
stays a matter of a few ``stat`` calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from appeal import __version__
from appeal.freshness import StateFile, fingerprint
from appeal.gates import Findings, Verdict
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

REPORT_TEMPLATES = ("status.html.j2", "review.html.j2")


def _inputs(ws: Workspace) -> list[Path]:
    """What every report reads besides the catalogs: content order, settings, templates."""
    return [*ws.documents(), ws.root / SETTINGS_NAME, ws.pot_path,
            *(ws.templates / name for name in REPORT_TEMPLATES)]


def _review_stamp(ws: Workspace, out: Path, lang: str) -> object:
    return {"files": fingerprint([ws.po_path(lang), *_inputs(ws)], root=ws.root),
            "out": str(out), "version": __version__,
            "page": fingerprint([out / lang / "review.html"], root=out)}


def stale_reviews(ws: Workspace, state: StateFile, out: Path, languages: Sequence[str], *,
                  force: bool = False) -> list[str]:
    """The languages whose ``out/<lang>/review.html`` may show something out of date."""
    return [lang for lang in languages
            if force or not state.is_fresh(f"review:{lang}", _review_stamp(ws, out, lang))]


def record_reviews(ws: Workspace, state: StateFile, out: Path, written: Sequence[str]) -> None:
    """Remember the review pages just written, so the next build can skip them."""
    for lang in written:
        state.record(f"review:{lang}", _review_stamp(ws, out, lang))


def write_status(ws: Workspace, state: StateFile, out: Path, *,
                 catalog: Callable[[str], Catalog], findings: Findings,
                 verdicts: Mapping[str, Verdict], force: bool = False) -> None:
    """Write ``out/status.html`` when a catalog, a page or the settings changed."""
    def status_stamp() -> object:
        pages = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.*"))
        return {"files": fingerprint([*map(ws.po_path, ws.languages), *_inputs(ws)],
                                     root=ws.root),
                "pages": pages, "version": __version__,
                "status": fingerprint([out / "status.html"], root=out)}

    if force or not state.is_fresh("status", status_stamp()):
        from appeal.status import workspace_status, write_dashboard

        status = workspace_status(ws, catalog=catalog, findings=findings, verdicts=verdicts)
        write_dashboard(ws, status, out)
        state.record("status", status_stamp())
