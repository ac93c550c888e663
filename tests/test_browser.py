"""The built pages in a real browser: Debian's Chromium, headless, driven through Playwright.

One browser and one build serve the whole run. Pages are opened from disk
(file://), as a reader who downloaded them would, with no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from tests.conftest import require_tool

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LANGUAGES = [("en", "ltr"), ("ru", "ltr"), ("uk", "ltr"), ("ar", "rtl")]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = require_tool("chromium", "chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """One page opened in a fresh context, with every console error and page error kept."""

    def __init__(self, browser: Any, url: str, *, viewport: dict[str, int],
                 locale: str = "en-US") -> None:
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def evaluate(self, script: str) -> Any:
        return self.page.evaluate(script)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, **kwargs: Any) -> Visit:
        opened.append(Visit(browser, path.as_uri(), **kwargs))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize(("lang", "direction"), LANGUAGES)
@pytest.mark.parametrize("name", ["appeal", "digest"])
def test_page_fits_a_phone_without_errors(published: Path, visit: Any, lang: str,
                                          direction: str, name: str) -> None:
    shown = visit(published / "dist" / lang / f"{name}.html", viewport=PHONE)
    assert shown.errors == []
    assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert shown.evaluate("[document.documentElement.lang, document.dir]") == [lang, direction]
    assert shown.evaluate("window.pwned") is None
    shots = published / "dist" / "screenshots"
    shots.mkdir(exist_ok=True)
    shown.page.screenshot(path=str(shots / f"{lang}-{name}-phone.png"), full_page=False)


@pytest.mark.parametrize(("lang", "direction"), LANGUAGES)
def test_desktop_layout_and_right_to_left_mirroring(published: Path, visit: Any, lang: str,
                                                   direction: str) -> None:
    shown = visit(published / "dist" / lang / "appeal.html", viewport=DESKTOP)
    assert shown.errors == []
    assert shown.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    first, last = shown.evaluate("""[...document.querySelectorAll('nav.languages li')]
        .map(li => li.getBoundingClientRect().left)
        .filter((x, i, all) => i == 0 || i == all.length - 1)""")
    assert (first > last) if direction == "rtl" else (first < last)
    shown.page.screenshot(path=str(published / "dist" / "screenshots" /
                                   f"{lang}-appeal-desktop.png"))


@pytest.mark.parametrize("lang", [code for code, _ in LANGUAGES])
def test_switcher_links_lead_to_existing_pages(published: Path, visit: Any, lang: str) -> None:
    shown = visit(published / "dist" / lang / "appeal.html", viewport=PHONE)
    links = shown.evaluate("""[...document.querySelectorAll('nav.languages a')]
        .map(a => [a.href, a.lang, a.textContent])""")
    assert [code for _, code, _ in links] == ["en", "ru", "uk", "ar"]
    assert [text for _, _, text in links] == ["English", "Русский", "Українська", "العربية"]
    for href, code, _ in links:
        target = Path(url2pathname(urlsplit(href).path))
        assert target.is_file(), href
        assert target.parent.name == code


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_print_layout_hides_navigation(published: Path, visit: Any, lang: str) -> None:
    shown = visit(published / "dist" / lang / "digest.html", viewport=DESKTOP)
    assert shown.evaluate("getComputedStyle(document.querySelector('nav')).display") != "none"
    shown.page.emulate_media(media="print")
    hidden = shown.evaluate("""[...document.querySelectorAll('nav')]
        .map(nav => getComputedStyle(nav).display)""")
    assert hidden and set(hidden) == {"none"}
    assert shown.evaluate("getComputedStyle(document.querySelector('main')).display") == "block"


@pytest.mark.parametrize("lang", ["ru", "ar"])
def test_planted_script_translation_is_shown_as_text_and_never_runs(published: Path,
                                                                    visit: Any,
                                                                    lang: str) -> None:
    shown = visit(published / "dist" / lang / "appeal.html", viewport=PHONE)
    assert shown.evaluate("window.pwned") is None
    assert shown.evaluate("document.querySelectorAll('script, img, [onerror]').length") == 0
    assert "<script>window.pwned = 1</script>" in shown.evaluate(
        "document.querySelector('main').textContent")
    assert shown.errors == []


@pytest.mark.parametrize(("locale", "expected"), [
    ("ru-RU", "ru/appeal.html"),
    ("ar-EG", "ar/appeal.html"),
    ("en-GB", "en/appeal.html"),
    ("uk-UA", "index.html"),  # nothing reviewed in Ukrainian: the reader chooses
    ("ja-JP", "index.html"),
])
def test_index_sends_the_reader_to_their_language(published: Path, visit: Any, locale: str,
                                                  expected: str) -> None:
    shown = visit(published / "dist" / "index.html", viewport=PHONE, locale=locale)
    if expected != "index.html":
        shown.page.wait_for_url(f"**/{expected}")
    assert shown.page.url.endswith("/dist/" + expected)
    assert shown.errors == []


def test_index_without_script_or_with_all_lists_every_language(published: Path,
                                                               browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto((published / "dist" / "index.html").as_uri())
        assert page.url.endswith("/index.html")
        names = [cell.get_attribute("lang") for cell in page.query_selector_all("td[lang]")]
        assert names == ["en", "ru", "uk", "ar"]
    finally:
        context.close()
    shown = Visit(browser, (published / "dist" / "index.html").as_uri() + "#all",
                  viewport=PHONE, locale="ru-RU")
    try:
        assert shown.page.url.endswith("/index.html#all")
        assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        shown.close()
