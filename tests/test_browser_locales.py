"""Pages of a regional code, a script variant, Norwegian Bokmål and Egyptian Arabic in Chromium.

``pt_BR``, ``zh_Hant``, ``nb`` and ``ar_EG`` are built once from the sample, with
the title and first paragraph of the appeal translated and reviewed. Their page
text must be the package's own for the language (the test reads it from the
shipped catalogs, so it follows them), the date in CLDR's format for the locale,
the switcher in each language's own name, Arabic laid out right to left (by
geometry), and Chinese and Arabic drawn with real glyphs, not the empty boxes
of a missing font.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.dates import format_date

from appeal.pagetext import package_translations
from tests.browser import CHROMIUM_ARGS, DESKTOP, PHONE, Visit
from tests.conftest import copy_sample, plant_translations, require_tool, run_appeal

CODES = ["pt_BR", "zh_Hant", "nb", "ar_EG"]
TAGS = {"pt_BR": "pt-BR", "zh_Hant": "zh-Hant", "nb": "nb", "ar_EG": "ar-EG"}
DIRECTIONS = {"pt_BR": "ltr", "zh_Hant": "ltr", "nb": "ltr", "ar_EG": "rtl"}
NAMES = ["English", "Português (Brasil)", "中文 (繁體)", "Norsk bokmål", "العربية (مصر)"]
DATE = dt.date(2024, 8, 20)
"""The sample documents' date (their front matter)."""
TITLE = "SAC's appeal to left-wing organizations"
FIRST = "The Committee for Solidary Actions"
PLANTED = {
    "pt_BR": {TITLE: "Apelo do CSA às organizações de esquerda",
              FIRST: "O Comitê de Ações Solidárias é um grupo político de ativistas de esquerda "
                     "e sindicais, restabelecido em 2022."},
    "zh_Hant": {TITLE: "團結行動委員會致左翼組織的呼籲",
                FIRST: "團結行動委員會是由左翼和工會活動人士組成的政治團體，"
                       "於二〇二二年重新成立。"},
    "nb": {TITLE: "KSAs appell til venstreorganisasjoner",
           FIRST: "Komiteen for solidariske aksjoner er en politisk gruppe av venstreorienterte "
                  "aktivister og fagforeningsaktivister, gjenopprettet i 2022."},
    "ar_EG": {TITLE: "نداء لجنة العمل التضامني إلى المنظمات اليسارية",
              FIRST: "لجنة العمل التضامني مجموعة سياسية من الناشطين اليساريين والنقابيين أعيد "
                     "تأسيسها في عام 2022."},
}
FONTS = {"zh_Hant": ("zh-tw", "fonts-noto-cjk"), "ar_EG": ("ar", "fonts-noto-core")}
"""fontconfig's name of the language, and the Debian package with fonts for its script."""


def require_fonts(lang: str, package: str) -> None:
    """A font for *lang* (fontconfig's name), installing Debian's *package* when none is.

    Without one, Chromium draws the text as empty boxes: the test fails, saying why.
    """
    tool = require_tool("fc-list", "fontconfig")

    def found() -> bool:
        return bool(subprocess.run([tool, f":lang={lang}", "family"], capture_output=True,
                                   text=True, check=True).stdout.strip())

    if found():
        return
    done = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                          capture_output=True, text=True, check=False,
                          env={"DEBIAN_FRONTEND": "noninteractive",
                               "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    if not found():
        pytest.fail(f"no font covers {lang!r} and 'apt-get install {package}' failed "
                    f"(run sh scripts/setup-system.sh as root for a CJK workspace):\n"
                    f"{done.stderr[-2000:]}")


@pytest.fixture(scope="module")
def font_browser(browser: Any) -> Iterator[Any]:
    """Chromium started after the fonts for Chinese and Arabic are known to be installed:
    a browser reads the list of fonts once, when it starts."""
    for lang, package in FONTS.values():
        require_fonts(lang, package)
    started = browser.browser_type.launch(executable_path=require_tool("chromium", "chromium"),
                                          args=CHROMIUM_ARGS)
    yield started
    started.close()


@pytest.fixture(scope="module")
def regional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample in the four languages, built once for these tests."""
    root = copy_sample(tmp_path_factory.mktemp("regional") / "ws", languages=CODES,
                       formats=("html",))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1724112000")
        for args in (("extract",), ("update",)):
            result = run_appeal("-C", root, *args)
            assert result.exit_code == 0, result.output
        for code, planted in PLANTED.items():
            plant_translations(root, code, planted)
        result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    return root


def page_text(code: str, message: str, plural: str | None = None, n: int = 1) -> str:
    """*message* as the package's shipped catalogs translate it for *code* (the source
    text where they do not)."""
    shipped = package_translations(code)
    if plural is None:
        return shipped.gettext(message) if shipped else message
    return shipped.ngettext(message, plural, n) if shipped else (message if n == 1 else plural)


def reading_line(code: str, shown: str) -> str:
    """The reading time the page should show for the numbers *shown* gives."""
    numbers = [int(number) for number in re.findall(r"[0-9]+", shown)]
    if len(numbers) == 1:
        template = page_text(code, "Approximate reading time: %(minutes)s minute",
                             "Approximate reading time: %(minutes)s minutes", numbers[0])
        return template % {"minutes": numbers[0]}
    assert len(numbers) == 2, shown
    low, high = numbers
    template = page_text(code, "Approximate reading time: %(low)s–%(high)s minute",
                         "Approximate reading time: %(low)s–%(high)s minutes", high)
    return template % {"low": low, "high": high}


def locale(code: str) -> Locale:
    return Locale.parse(code)


@pytest.mark.parametrize("code", CODES)
def test_lang_direction_and_native_names(regional: Path, visit: Any, code: str) -> None:
    shown = visit(regional / "dist" / code / "appeal.html", viewport=PHONE)
    assert shown.errors == []
    assert shown.evaluate("[document.documentElement.lang, document.dir]") == \
        [TAGS[code], DIRECTIONS[code]]
    assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    links = shown.evaluate("""[...document.querySelectorAll('nav.languages a')]
        .map(a => [a.textContent, a.lang, a.hreflang, getComputedStyle(a).direction,
                   a.getAttribute('aria-current')])""")
    assert [name for name, *_ in links] == NAMES
    assert [(lang, hreflang) for _, lang, hreflang, _, _ in links] == \
        [("en", "en")] + [(TAGS[other], TAGS[other]) for other in CODES]
    assert [direction for _, _, _, direction, _ in links] == \
        ["ltr"] + [DIRECTIONS[other] for other in CODES]
    assert [name for name, *_, current in links if current == "page"] == \
        [NAMES[CODES.index(code) + 1]]
    assert shown.evaluate("document.querySelector('meta[property=\"og:locale\"]').content") == \
        {"pt_BR": "pt_BR", "zh_Hant": "zh_TW", "nb": "nb_NO", "ar_EG": "ar_EG"}[code]


@pytest.mark.parametrize("code", CODES)
def test_page_text_date_and_reading_time_are_in_the_language(regional: Path, visit: Any,
                                                             code: str) -> None:
    assert package_translations(code) is not None, f"the package ships page text for {code}"
    shown = visit(regional / "dist" / code / "digest.html", viewport=DESKTOP)
    assert shown.errors == []
    label, contents = shown.evaluate("""[document.querySelector('#languages-label').textContent,
                                         document.querySelector('#toc-label').textContent]""")
    assert (label, contents) == (page_text(code, "Languages"), page_text(code, "Contents"))
    date, reading = shown.evaluate("document.querySelector('p.meta').innerText").split("\n")
    cldr_date = format_date(DATE, format="long", locale=locale(code))
    assert date == page_text(code, "Last changed on %(date)s") % {"date": cldr_date}
    assert cldr_date != format_date(DATE, format="long", locale="en")
    assert shown.evaluate("document.querySelector('p.meta time').dateTime") == DATE.isoformat()
    assert reading == reading_line(code, reading)
    assert "minute" not in reading, "the reading time is translated"
    untranslated = shown.evaluate("""[...document.querySelectorAll('header [lang="en"]')]
        .filter(e => !e.closest('nav.languages, nav.toc, h1')).map(e => e.textContent)""")
    assert untranslated == [], "page text left in English"


def test_chinese_reading_time_and_date(regional: Path, visit: Any) -> None:
    shown = visit(regional / "dist" / "zh_Hant" / "digest.html", viewport=DESKTOP)
    date, reading = shown.evaluate("document.querySelector('p.meta').innerText").split("\n")
    assert "2024年8月20日" in date
    assert re.fullmatch(r"[^A-Za-z]*[0-9]+(–[0-9]+)?[^A-Za-z]*", reading), reading


TEXT_START = """element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT,
        {acceptNode: node => node.textContent.trim() ? NodeFilter.FILTER_ACCEPT
                                                     : NodeFilter.FILTER_REJECT});
    const node = walker.nextNode();
    const at = node.textContent.search(/\\S/);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const box = element.getBoundingClientRect(), first = range.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {left: box.left + parseFloat(style.paddingLeft),
            right: box.right - parseFloat(style.paddingRight),
            firstLeft: first.left, firstRight: first.right};
}"""
"""Where an element's content box is, and where the first character of its text is drawn."""


def starts_at(shown: Any, selector: str) -> str:
    """The side of its box an element's text starts at: ``left``, ``right`` or neither."""
    where = shown.page.eval_on_selector(selector, TEXT_START)
    if abs(where["firstRight"] - where["right"]) < 2:
        return "right"
    if abs(where["firstLeft"] - where["left"]) < 2:
        return "left"
    return f"neither: {where}"


@pytest.mark.parametrize("code", ["ar_EG", "pt_BR"])
def test_arabic_text_starts_at_the_right_and_the_page_is_mirrored(regional: Path, visit: Any,
                                                                  code: str) -> None:
    start = "right" if DIRECTIONS[code] == "rtl" else "left"
    shown = visit(regional / "dist" / code / "appeal.html", viewport=DESKTOP)
    assert shown.errors == []
    paragraph = "main p:first-of-type"
    assert shown.evaluate(f"document.querySelector('{paragraph}').textContent") == \
        PLANTED[code][FIRST]
    assert starts_at(shown, paragraph) == start
    assert starts_at(shown, "h1") == start
    assert starts_at(shown, "p.meta") == start
    label, first, last = shown.evaluate("""[document.querySelector('#languages-label'),
        ...[...document.querySelectorAll('nav.languages li')].filter(
            (li, i, all) => i == 0 || i == all.length - 1)].map(e => {
        const box = e.getBoundingClientRect(); return [box.left, box.right]; })""")
    if start == "right":
        assert label[1] >= first[1] > last[1], "the switcher runs from the right"
    else:
        assert label[0] <= first[0] < last[0], "the switcher runs from the left"
    digest = visit(regional / "dist" / code / "digest.html", viewport=DESKTOP)
    assert starts_at(digest, "#toc-label") == start
    items = digest.evaluate("""[...document.querySelectorAll('nav.toc li')].map(li => {
        const list = li.parentElement.getBoundingClientRect(), box = li.getBoundingClientRect();
        return [box.left - list.left, list.right - box.right]; })""")
    assert len(items) >= 4
    indent_at_start = [(right if start == "right" else left) for left, right in items]
    indent_at_end = [(left if start == "right" else right) for left, right in items]
    assert min(indent_at_start) > 10 and max(indent_at_end) < 1, \
        "the contents are indented on the side the text starts at"
    link = "nav.toc li:first-child a"
    assert digest.evaluate(f"getComputedStyle(document.querySelector('{link}')).direction") == \
        "ltr", "an English heading keeps its own direction"


GLYPHS = """([selector, count]) => {
    const element = document.querySelector(selector);
    const style = getComputedStyle(element);
    const text = [...new Set([...element.textContent].filter(c => c.trim() && !/[()]/.test(c)))]
        .slice(0, count);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const context = canvas.getContext('2d', {willReadFrequently: true});
    return text.map(character => {
        context.clearRect(0, 0, 64, 64);
        context.font = `${style.fontWeight} 40px ${style.fontFamily}`;
        context.fillStyle = '#000';
        context.textBaseline = 'middle';
        context.fillText(character, 8, 32);
        const pixels = context.getImageData(0, 0, 64, 64).data;
        let ink = 0, hash = 0;
        for (let i = 3; i < pixels.length; i += 4) {
            ink += pixels[i] > 127 ? 1 : 0;
            hash = (hash * 31 + pixels[i]) % 1000000007;
        }
        return [character, ink, hash];
    });
}"""
"""Each distinct character of an element's text drawn alone, in the element's fonts: how
many pixels it inks and a digest of its picture. A font lacking the characters draws the
same empty box for all of them."""


@pytest.mark.parametrize(("code", "selector"), [
    ("zh_Hant", "h1"), ("zh_Hant", "main p:first-of-type"), ("zh_Hant", "p.meta"),
    ("zh_Hant", 'nav.languages a[lang="zh-Hant"]'),
    ("ar_EG", "h1"), ("ar_EG", 'nav.languages a[lang="ar-EG"]'),
])
def test_chinese_and_arabic_are_drawn_with_real_glyphs(regional: Path, font_browser: Any,
                                                       code: str, selector: str) -> None:
    shown = Visit(font_browser, (regional / "dist" / code / "appeal.html").as_uri(),
                  viewport=DESKTOP)
    try:
        assert shown.errors == []
        drawn = shown.page.evaluate(GLYPHS, [selector, 12])
        width = shown.evaluate(f"document.querySelector('{selector}')"
                               ".getBoundingClientRect().width")
    finally:
        shown.close()
    assert len(drawn) >= 4, drawn
    assert all(ink > 20 for _, ink, _ in drawn), f"a character draws nothing: {drawn}"
    pictures = {digest for _, _, digest in drawn}
    assert len(pictures) == len(drawn), f"characters drawn as the same box: {drawn}"
    assert width > 0
