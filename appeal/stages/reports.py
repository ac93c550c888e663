"""The report stages: each language's review page, and the readiness dashboard."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from appeal.errors import ConfigError
from appeal.pagetext import TEMPLATES
from appeal.runner import Done
from appeal.stages.catalogs import template_sources
from appeal.stages.context import RunContext
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:
    from appeal.gates import Verdict

REPORT_TEMPLATES = ("status.html.j2", "review.html.j2")
STATUS_FILE = "status.html"
REVIEW_KEYS = frozenset({"back_translate"})
"""What ``[review]`` in ``appeal.toml`` may set."""


def back_translate_setting(ws: Workspace) -> bool:
    """``[review] back_translate``: every review page, built ones too, carries a
    back-translation into the source language (default false).

    A value that is not true or false, or an unknown key, is a ConfigError naming
    ``appeal.toml``.
    """
    path = ws.root / SETTINGS_NAME
    table = ws.settings.get("review", {})
    if not isinstance(table, Mapping):
        raise ConfigError("[review] must be a table", path=path,
                          hint="write it like [review] back_translate = true")
    unknown = sorted(set(table) - REVIEW_KEYS)
    if unknown:
        raise ConfigError(f"[review] has no setting {unknown[0]!r}", path=path,
                          hint=f"known: {', '.join(sorted(REVIEW_KEYS))}")
    value = table.get("back_translate", False)
    if not isinstance(value, bool):
        raise ConfigError(f"back_translate in [review] must be true or false, not {value!r}",
                          path=path)
    return value


def report_inputs(ws: Workspace) -> list[Path]:
    """What every report reads besides the catalogs: content order, settings, templates."""
    return [*ws.documents(), ws.root / SETTINGS_NAME, ws.pot_path, *template_sources(ws),
            *(TEMPLATES / name for name in REPORT_TEMPLATES), ws.glossary_template,
            *(ws.glossary_path(lang) for lang in ws.languages)]


class ReviewStage:
    """``review/<lang>.html``: source and translation side by side, with findings.

    *out* is the review folder, outside the published one: the page shows every
    draft and translator's note.

    *back_translate* None follows ``[review] back_translate`` in the settings; the
    command line's ``--back-translate`` (True) or ``--no-back-translate`` (False)
    decides for one run.
    """

    name: ClassVar[str] = "review"

    def __init__(self, run: RunContext, out: Path, *, back_translate: bool | None = None
                 ) -> None:
        self.ws = run.ws
        self.run_context = run
        self.out = out
        setting = back_translate_setting(run.ws)  # checked even when the option decides
        self.back_translate = setting if back_translate is None else back_translate

    def wants(self, lang: str) -> bool:
        return lang != self.ws.source_language

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.po_path(lang), *report_inputs(self.ws)]

    def key(self, lang: str | None) -> object:
        return {"out": str(self.out), "back_translate": self.back_translate}

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        from appeal.review import add_back_translations, review_page, review_path, write_review

        findings = self.run_context.findings
        page = review_page(self.ws, lang, findings.catalog(lang), findings.reported(lang))
        if self.back_translate:
            page = add_back_translations(self.ws, lang, page)
        changed = write_review(self.ws, page, self.out)
        path = review_path(self.out, lang)
        return Done(written=(path,) if changed else (), owns=(path,))


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _folders(folder: Path) -> list[Path]:
    """The folders in *folder* (none when it does not exist): listed on every build, so by
    ``os.listdir`` rather than a glob."""
    return [folder / name for name in _names(folder) if (folder / name).is_dir()]


class StatusStage:
    """``review/status.html``: every language's readiness, for coordinators, linking
    the review pages beside it and the pages published in *published*."""

    name: ClassVar[str] = "status"

    def __init__(self, run: RunContext, out: Path, published: Path,
                 verdicts: Callable[[], Mapping[str, Verdict]]) -> None:
        self.ws = run.ws
        self.run_context = run
        self.out = out
        self.published = published
        self.verdicts = verdicts

    def inputs(self, lang: str | None) -> list[Path]:
        return [*map(self.ws.po_path, self.ws.languages), *report_inputs(self.ws)]

    def key(self, lang: str | None) -> object:
        pages = sorted(f"{folder.name}/{name}" for folder in _folders(self.published)
                       for name in os.listdir(folder) if "." in name)
        reviews = sorted(name for name in _names(self.out) if name.endswith(".html"))
        return {"out": str(self.out), "published": str(self.published), "pages": pages,
                "reviews": reviews}

    def run(self, lang: str | None) -> Done:
        from appeal.status import workspace_status, write_dashboard

        run = self.run_context
        status = workspace_status(self.ws, catalog=run.catalogs.get, findings=run.findings,
                                  verdicts=self.verdicts())
        changed = write_dashboard(self.ws, status, self.out, self.published)
        path = self.out / STATUS_FILE
        return Done(written=(path,) if changed else (), owns=(path,))
