"""The report stages: each language's review page, and the readiness dashboard."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from appeal.pagetext import TEMPLATES
from appeal.runner import Done
from appeal.stages.catalogs import template_sources
from appeal.stages.context import RunContext
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:
    from appeal.gates import Verdict

REPORT_TEMPLATES = ("status.html.j2", "review.html.j2")
REVIEW_FILE = "review.html"
STATUS_FILE = "status.html"


def report_inputs(ws: Workspace) -> list[Path]:
    """What every report reads besides the catalogs: content order, settings, templates."""
    return [*ws.documents(), ws.root / SETTINGS_NAME, ws.pot_path, *template_sources(ws),
            *(TEMPLATES / name for name in REPORT_TEMPLATES)]


class ReviewStage:
    """``<out>/<lang>/review.html``: source and translation side by side, with findings."""

    name: ClassVar[str] = "review"

    def __init__(self, run: RunContext, out: Path, *, back_translate: bool = False) -> None:
        self.ws = run.ws
        self.run_context = run
        self.out = out
        self.back_translate = back_translate

    def wants(self, lang: str) -> bool:
        return lang != self.ws.source_language

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.po_path(lang), *report_inputs(self.ws)]

    def key(self, lang: str | None) -> object:
        return {"out": str(self.out), "back_translate": self.back_translate}

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        from appeal.review import add_back_translations, review_page, write_review

        findings = self.run_context.findings
        page = review_page(self.ws, lang, findings.catalog(lang), findings.get(lang))
        if self.back_translate:
            page = add_back_translations(self.ws, lang, page)
        changed = write_review(self.ws, page, self.out)
        path = self.out / lang / REVIEW_FILE
        return Done(written=(path,) if changed else (), owns=(path,))


class StatusStage:
    """``<out>/status.html``: every language's readiness, for coordinators."""

    name: ClassVar[str] = "status"

    def __init__(self, run: RunContext, out: Path,
                 verdicts: Callable[[], Mapping[str, Verdict]]) -> None:
        self.ws = run.ws
        self.run_context = run
        self.out = out
        self.verdicts = verdicts

    def inputs(self, lang: str | None) -> list[Path]:
        return [*map(self.ws.po_path, self.ws.languages), *report_inputs(self.ws)]

    def key(self, lang: str | None) -> object:
        pages = sorted(p.relative_to(self.out).as_posix() for p in self.out.glob("*/*.*"))
        return {"out": str(self.out), "pages": pages}

    def run(self, lang: str | None) -> Done:
        from appeal.status import workspace_status, write_dashboard

        run = self.run_context
        status = workspace_status(self.ws, catalog=run.catalogs.get, findings=run.findings,
                                  verdicts=self.verdicts())
        changed = write_dashboard(self.ws, status, self.out)
        path = self.out / STATUS_FILE
        return Done(written=(path,) if changed else (), owns=(path,))
