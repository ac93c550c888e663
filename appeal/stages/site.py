"""The site stage: the files of the publication as a whole, the index page and the sitemap."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from appeal.runner import Done
from appeal.stages.context import RunContext
from appeal.stages.pages import PageOptions, PageShared, page_inputs

SITE_FILES = ("index.html", "sitemap.xml")


class SiteStage:
    """The site's own files: the index page and the sitemap."""

    name: ClassVar[str] = "site"

    def __init__(self, run: RunContext, shared: PageShared, options: PageOptions) -> None:
        self.ws = run.ws
        self.shared = shared
        self.options = options

    def inputs(self, lang: str | None) -> list[Path]:
        ws, out = self.ws, self.options.out
        first = ws.documents()[:1]
        pages = [out / code / f"{doc.stem}.html" for code in ws.all_languages for doc in first]
        return [*(ws.po_path(code) for code in ws.languages), *page_inputs(ws), *pages]

    def key(self, lang: str | None) -> object:
        return {"out": str(self.options.out), "held": list(self.shared.held)}

    def run(self, lang: str | None) -> Done:
        from appeal.render import render_index
        from appeal.site import write_sitemap

        out = self.options.out
        render_index(self.ws, self.shared.languages, out)
        note = write_sitemap(self.ws, self.shared.languages, out)
        owns = [out / name for name in SITE_FILES if (out / name).is_file()]
        return Done(owns=tuple(owns), value=note)
