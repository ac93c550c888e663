"""The site stage: the files of the publication as a whole, the index page and the sitemap."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from appeal.errors import AppealError
from appeal.formats import FORMATS
from appeal.runner import Done
from appeal.stages.context import RunContext
from appeal.stages.pages import PageOptions, PageShared, page_inputs

if TYPE_CHECKING:
    from appeal.catalogs import Catalog
    from appeal.languages import LanguageInfo
    from appeal.render import IndexTitle
    from appeal.segments import Document

SITE_FILES = ("index.html", "sitemap.xml")


class SiteStage:
    """The site's own files: the index page and the sitemap.

    The index lists each language's documents by their titles in that
    language, so it depends on every catalog and document (the titles), on
    the first document's page in each language (where the index may send a
    reader) and on the numbered files each language's last render wrote (a
    link to every Telegram post). *withheld* names, per language, the msgids a
    check error keeps out of the pages (:meth:`appeal.gates.Assessment.withheld_ids`);
    a title among them is listed in the source language, as its page shows it.
    """

    name: ClassVar[str] = "site"

    def __init__(self, run: RunContext, shared: PageShared, options: PageOptions,
                 withheld: Mapping[str, frozenset[str]] | None = None) -> None:
        self.ws = run.ws
        self.run_context = run
        self.shared = shared
        self.options = options
        self.withheld = dict(withheld or {})

    def inputs(self, lang: str | None) -> list[Path]:
        ws, out = self.ws, self.options.out
        documents = ws.documents()
        pages = [out / code / f"{doc.stem}.html" for code in ws.all_languages
                 for doc in documents[:1]]
        series = [FORMATS[name] for name in ws.formats
                  if name in FORMATS and FORMATS[name].pattern.count("*") == 1]
        numbered = [path for code in ws.all_languages for doc in documents for fmt in series
                    for path in sorted((out / code).glob(fmt.files(doc.stem)))]
        return [*(ws.po_path(code) for code in ws.languages), *page_inputs(ws), *pages,
                *numbered]

    def key(self, lang: str | None) -> object:
        return {"out": str(self.options.out), "held": list(self.shared.held),
                "formats": list(self.options.formats),
                "withheld": {code: sorted(ids) for code, ids in sorted(self.withheld.items())
                             if ids}}

    def run(self, lang: str | None) -> Done:
        from appeal.render import render_index
        from appeal.site import write_sitemap

        out = self.options.out
        titles = index_titles(self.ws.source_language, self.shared.documents,
                              self.shared.languages, self.run_context.catalogs.get,
                              self.withheld)
        render_index(self.ws, self.shared.languages, out, titles=titles,
                     built=self.options.formats)
        note = write_sitemap(self.ws, self.shared.languages, out)
        owns = [out / name for name in SITE_FILES if (out / name).is_file()]
        return Done(owns=tuple(owns), value=note)


def index_titles(source_language: str, documents: Sequence[Document],
                 languages: Sequence[LanguageInfo], catalog: Callable[[str], Catalog],
                 withheld: Mapping[str, frozenset[str]] | None = None,
                 ) -> dict[str, dict[str, IndexTitle]]:
    """Language code → document name → the title the index shows in that language's row.

    The title is the front matter's ``title`` looked up in the language's
    catalog, reviewed translations only (the index is published, drafts or
    not), leaving out *withheld* msgids. Without one, or when the catalog
    cannot be read, it is the source title, in the source language.
    """
    from appeal.catalogs import translations
    from appeal.languages import language_info
    from appeal.render import IndexTitle

    source = next((info for info in languages if info.code == source_language),
                  None) or language_info(source_language)
    msgids = {document.name: _title_msgid(document) for document in documents}
    titles: dict[str, dict[str, IndexTitle]] = {}
    for info in languages:
        lookup = None
        if info.code != source_language:
            try:
                lookup = translations(catalog(info.code),
                                      leave_out=(withheld or {}).get(info.code, ())).lookup
            except AppealError:  # a broken catalog: the render of the language reports it
                lookup = None
        row = titles[info.code] = {}
        for document in documents:
            msgid = msgids[document.name]
            found = lookup(msgid) if lookup is not None else None
            row[document.name] = (IndexTitle(" ".join(found.split()), info)
                                  if found and found.strip() else IndexTitle(msgid, source))
    return titles


def _title_msgid(document: Document) -> str:
    """The front-matter title as the catalogs hold it (its msgid), else the file's name."""
    for slot in document.slots:
        if slot.part == "title":
            return slot.segment.text
    title = document.front_matter.get("title")
    return " ".join(title.split()) if isinstance(title, str) and title.strip() else document.name
