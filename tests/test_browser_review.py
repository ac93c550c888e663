"""The status dashboard and review pages in headless Chromium: no errors, nothing runs.

Playwright's sync API allows one running instance per thread, and the page tests
keep theirs open for the whole run; this module drives its own browser from a
thread of its own, so the two never meet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polib
import pytest

from appeal.workspace import load_workspace
from tests.conftest import require_tool, run_appeal
from tests.test_browser import CHROMIUM_ARGS, DESKTOP

HOSTILE = ("<script>window.__pwned = 1; document.title = 'pwned'</script>"
           '<img src="x" onerror="window.__pwned = 2">')
Visit = Callable[[Path, list[str]], tuple[list[Any], list[str]]]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Visit]:
    """Open a file, evaluate scripts in it; returns their results and any console errors."""
    executable = require_tool("chromium", "chromium")
    worker = ThreadPoolExecutor(max_workers=1)
    held: dict[str, Any] = {}

    def start() -> None:
        from playwright.sync_api import sync_playwright

        held["playwright"] = sync_playwright().start()
        held["browser"] = held["playwright"].chromium.launch(executable_path=executable,
                                                             args=CHROMIUM_ARGS)

    def visit(path: Path, scripts: list[str]) -> tuple[list[Any], list[str]]:
        def run() -> tuple[list[Any], list[str]]:
            context = held["browser"].new_context(viewport=DESKTOP)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            try:
                return [page.evaluate(script) for script in scripts], errors
            finally:
                context.close()
        return worker.submit(run).result()

    def stop() -> None:
        held["browser"].close()
        held["playwright"].stop()

    worker.submit(start).result()
    try:
        yield visit
    finally:
        worker.submit(stop).result()
        worker.shutdown()


@pytest.fixture
def reviewed(small_sample: Path) -> Path:
    for stage in ("extract", "update"):
        assert run_appeal("-C", small_sample, stage).exit_code == 0
    for lang in ("es", "ar"):
        path = load_workspace(small_sample).po_path(lang)
        po = polib.pofile(str(path), wrapwidth=76)
        po.find("Solidarity forever!").msgstr = HOSTILE + " ¡Solidaridad!"
        draft = po.find("Konstantin is currently recovering.")
        draft.msgstr = HOSTILE
        draft.flags.append("fuzzy")
        po.save()
    result = run_appeal("-C", small_sample, "build", "--drafts")
    assert result.exit_code == 0, result.output
    return small_sample


SAFE = ["window.__pwned === undefined",
        "document.title.includes('pwned')",
        "document.querySelectorAll('script, img, [onerror]').length"]


@pytest.mark.parametrize("page", ["es/review.html", "ar/review.html", "es/appeal.html"])
def test_review_pages_show_hostile_text_and_never_run_it(reviewed: Path, chromium: Visit,
                                                         page: str) -> None:
    (untouched, titled, elements, text, drafts), errors = chromium(
        reviewed / "dist" / page,
        [*SAFE, "document.body.innerText", "document.querySelectorAll('tr.draft').length"])
    assert untouched and not titled and elements == 0
    assert errors == []
    if page.endswith("review.html"):
        assert "<script>window.__pwned = 1" in text  # shown to the reviewer as text
        assert drafts >= 1


def test_dashboard_renders_bars_and_links(reviewed: Path, chromium: Visit) -> None:
    (untouched, titled, elements, bars, reviews), errors = chromium(
        reviewed / "dist/status.html",
        [*SAFE,
         """[...document.querySelectorAll('.bar')].map(bar => [
             bar.getBoundingClientRect().width,
             [...bar.children].reduce((sum, s) => sum + s.getBoundingClientRect().width, 0)])""",
         "document.querySelectorAll('a[href$=\"review.html\"]').length"])
    assert untouched and not titled and elements == 0
    assert errors == []
    assert len(bars) == 3  # the parts of each bar fill it: the styles apply
    assert all(whole > 50 and abs(whole - parts) < 1 for whole, parts in bars)
    assert reviews == 3
