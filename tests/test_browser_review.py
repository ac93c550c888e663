"""The status dashboard and review pages in headless Chromium: no errors, nothing runs,
they fit a phone without breaking a word, rows become cards, the filters filter.

Playwright's sync API allows one running instance per thread, and the page tests
keep theirs open for the whole run; this module drives its own browser from a
thread of its own, so the two never meet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import polib
import pytest

from appeal.workspace import load_workspace
from tests.browser import CHROMIUM_ARGS, DESKTOP, PHONE
from tests.conftest import require_tool, run_appeal
from tests.test_coordinator_pages import Planted, make_workspace

HOSTILE = ("<script>window.__pwned = 1; document.title = 'pwned'</script>"
           '<img src="x" onerror="window.__pwned = 2">')
Step = str | Callable[[Any], Any]
"""A script to evaluate in the page, or a function given the Playwright page (run in the
browser's thread), e.g. to click a link."""


class Visit(Protocol):
    def __call__(self, path: Path, steps: Sequence[Step], *, viewport: dict[str, int] = ...,
                 javascript: bool = ..., fragment: str = ...) -> tuple[list[Any], list[str]]:
        ...


@pytest.fixture(scope="module")
def chromium() -> Iterator[Visit]:
    """Open a file, run steps in it; returns their results and any console errors."""
    executable = require_tool("chromium", "chromium")
    worker = ThreadPoolExecutor(max_workers=1)
    held: dict[str, Any] = {}

    def start() -> None:
        from playwright.sync_api import sync_playwright

        held["playwright"] = sync_playwright().start()
        held["browser"] = held["playwright"].chromium.launch(executable_path=executable,
                                                             args=CHROMIUM_ARGS)

    def visit(path: Path, steps: Sequence[Step], *, viewport: dict[str, int] = DESKTOP,
              javascript: bool = True, fragment: str = "") -> tuple[list[Any], list[str]]:
        def run() -> tuple[list[Any], list[str]]:
            context = held["browser"].new_context(viewport=viewport,
                                                  java_script_enabled=javascript)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(path.as_uri() + fragment)
            page.wait_for_load_state("load")
            try:
                return [page.evaluate(step) if isinstance(step, str) else step(page)
                        for step in steps], errors
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


@pytest.mark.parametrize("page", ["review/es.html", "review/ar.html", "dist/es/appeal.html"])
def test_review_pages_show_hostile_text_and_never_run_it(reviewed: Path, chromium: Visit,
                                                         page: str) -> None:
    (untouched, titled, elements, text, drafts), errors = chromium(
        reviewed / page,
        [*SAFE, "document.body.innerText", "document.querySelectorAll('tr.draft').length"])
    assert untouched and not titled and elements == 0
    assert errors == []
    if page.startswith("review/"):
        assert "<script>window.__pwned = 1" in text  # shown to the reviewer as text
        assert drafts >= 1


def test_dashboard_renders_bars_and_links(reviewed: Path, chromium: Visit) -> None:
    (untouched, titled, elements, bars, reviews), errors = chromium(
        reviewed / "review/status.html",
        [*SAFE,
         """[...document.querySelectorAll('.bar')].map(bar => [
             bar.getBoundingClientRect().width,
             [...bar.children].reduce((sum, s) => sum + s.getBoundingClientRect().width, 0)])""",
         "document.querySelectorAll('a[href=\"es.html\"], a[href=\"de.html\"],"
         " a[href=\"ar.html\"]').length"])
    assert untouched and not titled and elements == 0
    assert errors == []
    assert len(bars) == 3  # the parts of each bar fill it: the styles apply
    assert all(whole > 50 and abs(whole - parts) < 1 for whole, parts in bars)
    assert reviews == 3


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    """Spanish with every kind of entry (tests/test_coordinator_pages.py), built."""
    return make_workspace(tmp_path_factory.mktemp("coordinated") / "ws")


BROKEN_WORDS = """(() => {
    // Every run of letters and digits outside addresses must sit on one line: a line box
    // may start only between such runs (at a space, a hyphen, a slash), never inside one.
    const broken = [];
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const parent = node.parentElement;
        if (!parent || parent.closest('.url, .path, style') || !parent.getClientRects().length)
            continue;
        for (const match of node.data.matchAll(/[\\p{L}\\p{M}\\p{N}]+/gu)) {
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                  .map(r => Math.round(r.bottom)));
            if (lines.size > 1) broken.push(match[0]);
        }
    }
    return broken;
})()"""
WRAPPING = """[...document.body.querySelectorAll('*')]
    .filter(el => !el.closest('.url, .path'))
    .map(el => getComputedStyle(el))
    .filter(style => style.overflowWrap !== 'normal' || style.wordBreak !== 'normal').length"""
ADDRESSES = """[...document.querySelectorAll('.url, .path')].map(el => el.textContent)"""
WIDTH = "document.documentElement.scrollWidth"
SQUEEZE = """(() => {
    const style = document.createElement('style');
    style.textContent = 'body { width: 70px } * { overflow-wrap: anywhere !important }';
    document.head.append(style);
})()"""


@pytest.mark.parametrize("page", ["es.html", "ar.html", "de.html", "status.html"])
def test_coordinator_pages_fit_a_phone_without_breaking_words(planted: Planted,
                                                              chromium: Visit,
                                                              page: str) -> None:
    (width, broken, wrapping, addresses, height), errors = chromium(
        planted.root / "review" / page, [WIDTH, BROKEN_WORDS, WRAPPING, ADDRESSES,
                                       "document.documentElement.scrollHeight"],
        viewport=PHONE)
    assert errors == []
    assert width <= PHONE["width"]
    assert broken == []
    assert wrapping == 0  # only addresses and paths may wrap inside
    assert addresses and all("/" in text or "@" in text for text in addresses)
    if page == "es.html":
        assert any("https://example.org/archive/2024/" in text for text in addresses)
        assert height < 50_000  # the four-column table was over 100,000 px tall


def test_the_broken_word_check_finds_broken_words(planted: Planted, chromium: Visit) -> None:
    """The measurement itself works: squeezed with words allowed to break, it finds them."""
    (before, _, after), _ = chromium(planted.root / "review/es.html",
                                     [BROKEN_WORDS, SQUEEZE, BROKEN_WORDS], viewport=PHONE)
    assert before == [] and len(after) > 10


CARDS = """[...document.querySelectorAll('tr.entry')].slice(0, 40).map(row => {
    const box = part => row.querySelector(part).getBoundingClientRect();
    const [source, translation, state] = ['td.source', 'td.translation', 'td.state'].map(box);
    const problems = row.querySelector('ul.problems');
    return {display: getComputedStyle(row).display, source: [source.top, source.bottom],
            translation: [translation.top, translation.bottom], state: [state.top, state.bottom],
            width: row.getBoundingClientRect().width, sourceWidth: source.width,
            problems: problems ? problems.getBoundingClientRect().top - state.top : null};
})"""


def test_review_rows_are_cards_on_a_phone_and_a_table_on_a_desktop(planted: Planted,
                                                                   chromium: Visit) -> None:
    page = planted.root / "review/es.html"
    (cards, head), errors = chromium(
        page, [CARDS, "getComputedStyle(document.querySelector('thead')).display"],
        viewport=PHONE)
    assert errors == [] and head == "none"
    assert len(cards) == 40
    for card in cards:  # source, translation, state and findings stacked, each full width
        assert card["display"] == "block"
        assert card["source"][1] <= card["translation"][0] + 1
        assert card["translation"][1] <= card["state"][0] + 1
        assert card["width"] > 300 and card["sourceWidth"] > 280
        assert card["problems"] is None or card["problems"] > 10
    assert any(card["problems"] for card in cards)  # findings shown under the state
    (rows,), _ = chromium(page, [CARDS], viewport=DESKTOP)
    for row in rows:  # side by side
        assert row["display"] == "table-row"
        assert abs(row["source"][0] - row["translation"][0]) < 1
        assert abs(row["translation"][0] - row["state"][0]) < 1


def test_dashboard_rows_are_cards_on_a_phone(planted: Planted, chromium: Visit) -> None:
    (cards,), errors = chromium(planted.root / "review/status.html", ["""
        [...document.querySelectorAll('tr.language')].map(row => {
            const bar = row.querySelector('.bar').getBoundingClientRect();
            return [getComputedStyle(row).display, bar.width, row.getBoundingClientRect().width,
                    row.querySelector('[data-label="Reviewed"]').getBoundingClientRect().top
                    > bar.bottom];
        })"""], viewport=PHONE)
    assert errors == []
    assert [card[0] for card in cards] == ["grid"] * 3
    assert all(row > 300 and bar > 250 and below for _, bar, row, below in cards)


VISIBLE_ROWS = """[...document.querySelectorAll('tr.entry')]
    .filter(row => row.getClientRects().length)
    .map(row => row.querySelector('td.source .text').textContent)"""
VISIBLE_SECTIONS = """[...document.querySelectorAll('section.part')]
    .filter(section => section.getClientRects().length).length"""


@pytest.mark.parametrize("javascript", [False, True], ids=["no-script", "script"])
def test_review_filters_show_only_their_entries(planted: Planted, chromium: Visit,
                                                javascript: bool) -> None:
    """The filters are links to #filter-<name>: they work from a file, with no script."""
    expected = {"drafts": planted.drafts, "changed": planted.changed,
                "failing": planted.failing, "all": list(planted.parts)}
    steps: list[Step] = [VISIBLE_ROWS]
    for name in ("drafts", "changed", "failing", "all"):
        steps += [lambda page, name=name: page.click(f"a.filter-{name}"), VISIBLE_ROWS,
                  VISIBLE_SECTIONS, "location.hash"]
    results, errors = chromium(planted.root / "review/es.html", steps, viewport=PHONE,
                               javascript=javascript)
    assert errors == []
    everything, *shown = results
    assert Counter(everything) == planted.rows(expected["all"])
    for number, name in enumerate(("drafts", "changed", "failing", "all")):
        _, rows, sections, fragment = shown[4 * number:4 * number + 4]
        assert fragment == f"#filter-{name}"
        assert Counter(rows) == planted.rows(expected[name]), name
        parts = {part for msgid in expected[name] for part in planted.parts[msgid]}
        assert sections == len(parts), name
    (drafts,), _ = chromium(planted.root / "review/es.html", [VISIBLE_ROWS],
                            fragment="#filter-drafts", javascript=False)
    assert Counter(drafts) == planted.rows(planted.drafts)  # a link from elsewhere works too
