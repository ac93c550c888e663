"""Print-ready A4 PDFs of the web pages, laid out by WeasyPrint with the pages' print stylesheet.

The PDF is the web page as printed: the same template, the same escaping, and
the ``@media print`` and ``@page`` rules of the page's own stylesheet (A4,
page numbers, no navigation). WeasyPrint shapes text with HarfBuzz through
Pango, so Cyrillic and Arabic come out joined and in the right order,
provided fonts that cover them are installed (``scripts/setup-system.sh``).

The PDF is tagged (WeasyPrint's ``pdf_tags``): its structure (headings,
paragraphs, lists, the reading order) is there for screen readers and for
reflowing on a small screen.

Fonts are the system's, found through fontconfig. A script no installed font
covers prints as empty boxes, and WeasyPrint says nothing about it; so before
laying out a page, :func:`render_pdf` asks fontconfig (``fc-list :lang=…``)
about each language the printed page is written in, and logs a warning on
the ``appeal.pdf`` logger (which the command line prints) naming the language,
its script and the Debian package that covers it, once per language and
process. :func:`font_notes` gives the same notes to a caller that wants to
report them itself.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from appeal.errors import AppealError, ConfigError, SourceError

SETUP_HINT = "install WeasyPrint's system libraries: sh scripts/setup-system.sh"
FONTS_HINT = "sh scripts/setup-system.sh installs fonts for the languages in appeal.toml"

log = logging.getLogger("appeal.pdf")

SCRIPT_SAMPLES = {
    "Latn": "en", "Cyrl": "ru", "Grek": "el", "Arab": "ar", "Hebr": "he", "Armn": "hy",
    "Geor": "ka", "Deva": "hi", "Beng": "bn", "Guru": "pa", "Gujr": "gu", "Orya": "or",
    "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml", "Sinh": "si", "Thai": "th",
    "Laoo": "lo", "Tibt": "bo", "Mymr": "my", "Khmr": "km", "Ethi": "am", "Thaa": "dv",
    "Cher": "chr", "Cans": "iu", "Nkoo": "nqo", "Syrc": "syr", "Yiii": "ii", "Olck": "sat",
    "Mong": "mn-cn", "Hans": "zh-cn", "Hant": "zh-tw", "Jpan": "ja", "Kore": "ko",
}
"""A script (ISO 15924) → a language written in it whose orthography fontconfig knows.

fontconfig knows a language by its orthography (the letters it needs); for a
language it has none for (Central Kurdish), a font that covers another
language of the same script is taken to cover it."""

CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore", "Hira", "Kana", "Hang", "Bopo"})
"""Scripts Debian's ``fonts-noto-cjk`` covers; ``fonts-noto-core`` covers the others."""

SCRIPT_NAMES = {"Hans": "Han (Simplified Chinese)", "Hant": "Han (Traditional Chinese)",
                "Jpan": "Japanese (Han and kana)", "Kore": "Korean (Hangul and Han)"}
"""Names clearer than CLDR's short ones (``Simplified``) for the scripts of the warnings."""


def _no_fetching() -> Any:
    """A fetcher that loads nothing: a page is self-contained, and a PDF build must not
    touch the network or the disk on behalf of a link or an image in a translation."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            raise ValueError(f"appeal PDFs load no external resources ({url!r})")

    return NoFetching()


@contextlib.contextmanager
def _screen_rules_unreported() -> Iterator[None]:
    """Keep WeasyPrint's notes on screen-only CSS (``overflow-x``, dark mode) off the terminal.

    The stylesheet serves browsers first; WeasyPrint reports every property
    it does not lay out, which is expected and nothing the user can act on.
    """
    logger = logging.getLogger("weasyprint")
    saved = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = saved


def _options() -> dict[str, Any]:
    """The options of ``write_pdf``: tagged, where the installed WeasyPrint knows how.

    ``pdf_tags`` exists in WeasyPrint 70, the oldest release appeal supports;
    the check keeps an older or a future WeasyPrint without it working, untagged.
    """
    from weasyprint import DEFAULT_OPTIONS

    return {"pdf_tags": True} if "pdf_tags" in DEFAULT_OPTIONS else {}


def render_pdf(html: str) -> bytes:
    """One page's PDF; the same HTML always gives the same bytes (no timestamps).

    Before the layout, a language of the page that no installed font covers
    is reported (see the module's docstring).
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise ConfigError(f"PDF output needs WeasyPrint: {exc}", hint=SETUP_HINT) from None
    warn_missing_fonts(printed_languages(html))
    try:
        with _screen_rules_unreported():
            return bytes(HTML(string=html, url_fetcher=_no_fetching()).write_pdf(**_options()))
    except (ValueError, OSError) as exc:
        raise SourceError(f"cannot lay out the PDF: {exc}") from None


class _Languages(HTMLParser):
    """The ``lang`` of every element that is printed: not the head, not the navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, None] = {}
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "nav"):
            self.hidden += 1
        lang = dict(attrs).get("lang")
        if lang and not self.hidden:
            self.found.setdefault(lang.strip(), None)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "nav") and self.hidden:
            self.hidden -= 1


def printed_languages(html: str) -> list[str]:
    """The languages a page prints text in, the page's own first.

    >>> printed_languages('<html lang="ru"><nav><a lang="ar">x</a></nav>'
    ...                   '<p lang="uk">y</p><p lang="ru">z</p></html>')
    ['ru', 'uk']
    """
    parser = _Languages()
    parser.feed(html)
    parser.close()
    return [lang for lang in parser.found if lang]


_warned: set[str] = set()


def warn_missing_fonts(languages: Iterable[str]) -> None:
    """Log each of :func:`font_notes` for *languages* once in this process."""
    for note in font_notes(languages):
        if note not in _warned:
            _warned.add(note)
            log.warning("warning: %s", note)


def font_notes(languages: Iterable[str]) -> list[str]:
    """One note for each of *languages* whose script no installed font covers.

    A hook for a build that reports notes itself: PDFs of those languages
    would show empty boxes. Without fontconfig's ``fc-list`` nothing can be
    checked, which is one note for them all.
    """
    notes = [font_note(lang) for lang in dict.fromkeys(languages)]
    return list(dict.fromkeys(note for note in notes if note))


@functools.cache
def font_note(lang: str) -> str | None:
    """What to tell the user when no installed font covers the script *lang* is written in.

    None when one does, and for a language whose script fontconfig cannot be
    asked about (no language it knows is written in it), rather than a false alarm.
    """
    from appeal.languages import babel_locale, language_script

    tool = shutil.which("fc-list")
    if tool is None:
        return ("cannot check that the installed fonts cover the languages of the PDFs: "
                "fc-list (fontconfig) is missing; install the fontconfig package, and "
                "look out for empty boxes in PDFs of scripts other than Latin")
    try:
        locale = babel_locale(lang)
    except AppealError:
        return None
    script = language_script(lang)
    asked = fontconfig_language(lang)
    if _fonts_for(tool, asked):
        return None
    sample = SCRIPT_SAMPLES.get(script or "")
    if sample is None or (sample != asked and _fonts_for(tool, sample)):
        return None
    script_name = SCRIPT_NAMES.get(script or "") or _script_name(script)
    package = "fonts-noto-cjk" if script in CJK_SCRIPTS else "fonts-noto-core"
    return (f"no installed font covers the {script_name} script of "
            f"{locale.get_display_name('en')} ({lang}): its PDFs will show empty boxes "
            f"instead of text; install {package} ({FONTS_HINT})")


def _script_name(script: str | None) -> str:
    """The English name CLDR gives *script* (``Arab`` → ``Arabic``)."""
    from babel import Locale

    return str(Locale("en").scripts.get(script or "", script or "unknown"))


def fontconfig_language(lang: str) -> str:
    """The name fontconfig knows *lang* by: lower case, ``-`` before the territory.

    >>> fontconfig_language("pt_BR"), fontconfig_language("zh_Hant"), fontconfig_language("zh")
    ('pt-br', 'zh-tw', 'zh-cn')
    """
    from appeal.languages import babel_locale

    locale = babel_locale(lang)
    if locale.language == "zh":
        traditional = locale.script == "Hant" or locale.territory in ("TW", "HK", "MO")
        territory = locale.territory or ("TW" if traditional else "CN")
        return f"zh-{territory.lower()}"
    return "-".join(part.lower() for part in (locale.language, locale.territory) if part)


def _fonts_for(tool: str, lang: str) -> bool:
    """Whether fontconfig lists an installed font for *lang* (``fc-list :lang=<lang>``)."""
    try:
        done = subprocess.run([tool, f":lang={lang}", "family"], capture_output=True,
                              text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return True  # fontconfig would not answer: no warning on a guess
    return done.returncode != 0 or bool(done.stdout.strip())
