"""The built pages in a real browser: Debian's Chromium, headless, driven through Playwright.

One browser and one build serve the whole run. Pages are opened from disk
(file://), as a reader who downloaded them would, with no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from appeal.pagetext import package_translations
from tests.browser import DESKTOP, PHONE, Visit
from tests.conftest import BASE_URL, copy_sample, plant_translations, run_appeal

LANGUAGES = [("en", "ltr"), ("ru", "ltr"), ("uk", "ltr"), ("ar", "rtl")]


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


INDEX_TITLES = {
    "ru": {"SAC's appeal to left-wing organizations": "Обращение КСД к левым организациям"},
    "ar": {"SAC's appeal to left-wing organizations":
           "نداء لجنة العمل التضامني إلى المنظمات اليسارية"},
}
APPEAL_TITLE = "SAC's appeal to left-wing organizations"
DIGEST_TITLE = "Digest of cases of political repression in which the SAC took/is taking part"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with Russian and Arabic, Telegram posts among its formats and a base URL,
    and only the appeal's title translated (reviewed): built once for these tests."""
    root = copy_sample(tmp_path_factory.mktemp("site") / "ws", languages=["ru", "ar"],
                       formats=("html", "md", "txt", "telegram"))
    settings = (root / "appeal.toml").read_text(encoding="utf-8")
    (root / "appeal.toml").write_text(
        settings.replace("[appeal]\n", f'[appeal]\nbase_url = "{BASE_URL}"\n', 1),
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1724112000")
        for args in (("extract",), ("update",)):
            assert run_appeal("-C", root, *args).exit_code == 0
        for lang, planted in INDEX_TITLES.items():
            plant_translations(root, lang, planted)
        result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    return root


INDEX_ROWS = """[...document.querySelectorAll('tbody tr')].map(row => ({
    code: row.querySelector('code').textContent,
    documents: [...row.querySelectorAll('.documents li')].map(item => {
        const title = item.querySelector('.title');
        return {title: title.textContent, lang: title.lang, dir: getComputedStyle(title).direction,
                links: [...item.querySelectorAll('a')].map(a => [a.href, a.textContent,
                                                                  a.getAttribute('aria-label')]),
                formats: item.querySelector('.formats').textContent.replace(/\\s+/g, ' ').trim()};
    })}))"""


def test_index_lists_titles_in_each_language_and_links_every_post(site: Path,
                                                                  visit: Any) -> None:
    shown = visit(site / "dist" / "index.html", viewport=PHONE, locale="ja-JP")
    assert shown.errors == []
    assert shown.evaluate("[document.documentElement.lang, document.dir]") == ["en", "ltr"]
    assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rows = {row["code"]: row["documents"] for row in shown.evaluate(INDEX_ROWS)}
    assert list(rows) == ["en", "ru", "ar"]
    titles = {code: [(d["title"], d["lang"], d["dir"]) for d in documents]
              for code, documents in rows.items()}
    digest = (DIGEST_TITLE, "en", "ltr")  # not translated: the source title, in English
    assert titles == {
        "en": [(APPEAL_TITLE, "en", "ltr"), digest],
        "ru": [(INDEX_TITLES["ru"][APPEAL_TITLE], "ru", "ltr"), digest],
        "ar": [(INDEX_TITLES["ar"][APPEAL_TITLE], "ar", "rtl"), digest],
    }
    assert INDEX_TITLES["ru"][APPEAL_TITLE] != APPEAL_TITLE
    for code, documents in rows.items():
        for document, name in zip(documents, ("appeal", "digest"), strict=True):
            hrefs = [Path(url2pathname(urlsplit(href).path)) for href, _, _ in document["links"]]
            assert all(path.is_file() for path in hrefs), document["links"]
            posts = set((site / "dist" / code).glob(f"{name}.telegram.*.html"))
            linked = [path for path in hrefs if ".telegram." in path.name]
            assert set(linked) == posts and len(linked) == len(posts), "every post, once"
            names = [text for _, text, _ in document["links"]]
            assert names[:3] == ["Web page", "Markdown", "Plain text"]
            if name == "digest":
                count = len(posts)
                assert count >= 4
                assert names[3:] == [str(n) for n in range(1, count + 1)]
                assert [label for _, _, label in document["links"][3:]] == [
                    f"Telegram posts {n}/{count}" for n in range(1, count + 1)]
                assert document["formats"].endswith(
                    "Telegram posts: " + " ".join(str(n) for n in range(1, count + 1)))
            else:
                assert names[3:] == ["Telegram posts"] and len(posts) == 1


@pytest.mark.parametrize("lang", ["ru", "ar"])
def test_read_online_line_is_printed_only(site: Path, visit: Any, lang: str) -> None:
    shown = visit(site / "dist" / lang / "digest.html", viewport=DESKTOP)
    footer = "document.querySelector('footer.read-online')"
    assert shown.evaluate(f"getComputedStyle({footer}).display") == "none"
    assert shown.evaluate(f"{footer}.getBoundingClientRect().height") == 0
    shown.page.emulate_media(media="print")
    assert shown.evaluate(f"getComputedStyle({footer}).display") == "block"
    text = " ".join(shown.evaluate(f"{footer}.innerText").split())
    line = package_translations(lang).gettext("Read online and in other languages: %(url)s")
    assert text == line % {"url": f"{BASE_URL}{lang}/digest.html"}
    assert shown.evaluate(f"{footer}.querySelector('a').href") == f"{BASE_URL}{lang}/digest.html"
    title = shown.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    others = shown.evaluate("""[...document.querySelectorAll('main *')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert title > max(others), "in print the title is the largest text"
