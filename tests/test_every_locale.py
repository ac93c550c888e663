"""Every locale CLDR knows, as Babel lists it, through ``appeal build`` and the language functions.

Every identifier of ``babel.localedata.locale_identifiers()`` is a target
language of a workspace built through the command line. The workspaces take the
identifiers in batches: every page lists every language of its workspace, so a
single build of all of them would grow with the square of their number. The
catalogs hold reviewed translations that differ from the source, as a
translator leaves them: locale data loaded incomplete into Babel's shared cache
once broke every build of a catalog with translations. Each batch writes
regional and script variants as ``pt_BR`` and as ``pt-BR`` in turn; the
language functions are called with both spellings of every identifier.

What the pages must carry is worked out here from CLDR (through Babel) and
Unicode, not taken from the tool: a BCP 47 tag naming the same locale in
``lang`` and ``hreflang``, Open Graph's ``ll_TT`` locale, the direction of the
locale's script, the locale's own name in the switcher and the index, the
date in the locale's long format, and the plural form for the number CLDR's
category of it asks for.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.dates import format_date
from babel.plural import PluralRule

from appeal import languages
from appeal.catalogs import format_catalog, read_catalog
from appeal.catalogs.plurals import plural_rule
from appeal.languages import babel_locale, language_info
from appeal.pagetext import candidates, package_translations
from appeal.render import language_name
from tests.conftest import run_appeal, write_workspace

SOURCE = "en"
IDENTIFIERS = sorted(localedata.locale_identifiers())
TARGETS = [code for code in IDENTIFIERS if code != SOURCE]
BATCHES = 12
"""Workspaces the identifiers are shared among, about a hundred languages each."""
BASE_URL = "https://appeal.example.org/"
DATE = dt.date(2024, 8, 20)
CHROME = Path(__file__).resolve().parent.parent / "appeal" / "templates" / "chrome.j2"
"""The package's template of the date line and the reading time, copied into each
workspace so that its strings are extracted into the workspace's catalogs."""
NOTE = f"---\ntitle: A short note\ndate: {DATE.isoformat()}\n---\n\nFour words of text.\n"
LONGER = (f"---\ntitle: A longer text\ndate: {DATE.isoformat()}\n---\n\n"
          + " ".join(["Many words of text."] * 110) + "\n")
"""440 words: 2 minutes for a fast reader and 3 for a slow one, a plural chosen by 3
(``few`` in Russian, Polish, Czech and Arabic, ``other`` in English)."""
READING = {"note": 1, "longer": 3}
"""The number each document's reading time chooses its plural form by."""

RTL_SCRIPTS = frozenset({
    "Adlm", "Arab", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar",
    "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr",
    "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc",
    "Thaa", "Yezi"})
"""ISO 15924 scripts whose letters have a right-to-left bidi class (R or AL) in Unicode."""
TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?"
                 r"(-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-u(-[a-z0-9]{2,8})+)?")
"""A well-formed BCP 47 language tag, each subtag in its conventional case."""
OG_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def batch(number: int) -> list[str]:
    """The codes of one workspace as its settings write them: regional and script variants
    alternate between CLDR's ``pt_BR`` and BCP 47's ``pt-BR``."""
    return [code.replace("_", "-") if position % 2 else code
            for position, code in enumerate(TARGETS[number::BATCHES])]


# What CLDR and Unicode say about a locale.

@cache
def cldr(code: str) -> Locale:
    return Locale.parse(code, sep="-" if "-" in code else "_")


@cache
def script_of(code: str) -> str:
    """The locale's script (its own subtag, else CLDR's likely one), as appeal reads it;
    the direction is then checked against Unicode's right-to-left scripts."""
    script = languages.language_script(code)
    assert script is not None, f"CLDR gives {code} no script"
    return script


def expected_direction(code: str) -> str:
    return "rtl" if script_of(code) in RTL_SCRIPTS else "ltr"


@cache
def expected_name(code: str) -> str:
    """The locale's name in its own language from CLDR, capitalised to stand alone (a dotted
    capital İ in Turkic languages); where CLDR has none, its English name; where CLDR
    names it in no language, its tag."""
    locale = cldr(code)
    name = locale.get_display_name(locale) or locale.get_display_name("en")
    if not name:
        return language_info(code).tag
    dotted = name[0] == "i" and locale.language in ("tr", "az", "crh", "tt", "kk")
    return ("İ" if dotted else name[0].upper()) + name[1:]


def tag_problems(code: str, tag: str) -> list[str]:
    """*tag* must be well-formed BCP 47 in conventional case and name *code*'s locale
    (CLDR's ``POSIX`` variant, which BCP 47 lacks, as the extension ``-u-va-posix``)."""
    problems = []
    if not TAG.fullmatch(tag):
        problems.append(f"{code}: {tag!r} is not a BCP 47 tag in conventional case")
    plain, _, extension = tag.partition("-u-")
    locale = cldr(code)
    posix = locale.variant == "POSIX"
    named = cldr(plain)
    if (named.language, named.script, named.territory, named.variant) != \
            (locale.language, locale.script, locale.territory, None if posix else locale.variant):
        problems.append(f"{code}: {tag!r} names {named!r}, not {locale!r}")
    if (extension == "va-posix") != posix:
        problems.append(f"{code}: {tag!r} and CLDR's POSIX variant")
    return problems


@cache
def expected_og_locale(code: str) -> str:
    """Open Graph's ``ll_TT``: appeal's answer, which must name the locale's language and,
    when the code names a country, that country (CLDR's likely one otherwise)."""
    found = languages.og_locale(code)
    locale = cldr(code)
    assert found.split("_")[0] == locale.language, f"{code}: og:locale {found!r}"
    if locale.territory and re.fullmatch("[A-Z]{2}", locale.territory):
        assert found == f"{locale.language}_{locale.territory}", f"{code}: og:locale {found!r}"
    return found


@cache
def expected_date(code: str) -> str:
    return format_date(DATE, format="long", locale=cldr(code))


def plural_categories(expression: str, code: str) -> dict[int, frozenset[str]]:
    """For each plural form a catalog's ``plural=`` *expression* picks for 1 to 1000 (gettext's
    own evaluator), CLDR's categories of the numbers it is picked for in *code*."""
    rules = cldr(code).plural_form.rules
    return _categories(expression, tuple(sorted(rules.items())))


@cache
def _categories(expression: str, rules: tuple[tuple[str, str], ...]
                ) -> dict[int, frozenset[str]]:
    choose = gettext.c2py(expression)
    category = PluralRule(dict(rules))
    found: dict[int, set[str]] = {}
    for n in range(1, 1001):
        found.setdefault(choose(n), set()).add(category(n))
    return {form: frozenset(names) for form, names in found.items()}


def plural_problems(code: str, expression: str, count: int) -> list[str]:
    """A rule of several forms must never pick one form for numbers CLDR puts in different
    categories: a translator could not write it for both. A single form, gettext's way for
    languages whose words do not change with the number (Vietnamese), serves every number."""
    if count == 1:
        return []
    return [f"{code}: form {form} serves CLDR's {sorted(names)}"
            for form, names in plural_categories(expression, code).items() if len(names) > 1]


def forget_locale_data() -> None:
    """Empty Babel's and the tool's locale caches, so that whatever loads a locale's data
    first, and however it loads it, is what everything after it finds."""
    functions = (languages.bcp47, languages.og_locale, languages.native_name,
                 languages.is_rtl, languages._own_data, language_name, package_translations)
    for function in functions:
        function.cache_clear()
    localedata.clear_caches()


# The build of every locale.

def marked(code: str, text: str) -> str:
    return f"«{code}» {text}"


def fill_catalog(path: Path, code: str) -> None:
    """Translate every entry, reviewed: the source text marked with the language, and each
    plural form with its number, so that a page shows which form it chose."""
    catalog = read_catalog(path, locale=code)
    count = catalog.header.nplurals or 2
    filled = []
    for entry in catalog.entries:
        strings: tuple[str, ...]
        if entry.plural_id is None:
            strings = (marked(code, entry.id),)
        else:
            strings = tuple(f"«{code} #{form}» {entry.plural_id}" for form in range(count))
        filled.append(entry.replace(strings=strings, flags=entry.flags - {"fuzzy"}))
    path.write_bytes(format_catalog(catalog.with_entries(filled)))  # as an editor saves it


@dataclass(frozen=True, slots=True)
class Page:
    lang: str
    dir: str
    alternates: list[tuple[str, str]]
    og_locale: str
    og_alternates: list[str]
    switcher: list[tuple[str, str, str, str, str]]
    current: list[str]
    date: str
    reading: str


ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]*)" href="[^"]*/([^/"]*)/[^/"]*">')
OG_ALTERNATE = re.compile(r'<meta property="og:locale:alternate" content="([^"]*)">')
SWITCHER = re.compile(r'<li><a href="\.\./([^/"]*)/[^"]*" hreflang="([^"]*)" lang="([^"]*)" '
                      r'dir="([^"]*)"( aria-current="page")?>([^<]*)</a></li>')


def read_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    top = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', text)
    og = re.search(r'<meta property="og:locale" content="([^"]*)">', text)
    meta = re.search(rf'<time datetime="{DATE.isoformat()}">([^<]*)</time><br>\n([^<]*)\n</p>',
                     text)
    assert top and og and meta, f"{path}: no html element, og:locale or date line"
    links = SWITCHER.findall(text)
    return Page(lang=top[1], dir=top[2], alternates=ALTERNATE.findall(text), og_locale=og[1],
                og_alternates=OG_ALTERNATE.findall(text),
                switcher=[(code, hreflang, lang, direction, html.unescape(name))
                          for code, hreflang, lang, direction, _, name in links],
                current=[code for code, _, _, _, current, _ in links if current],
                date=html.unescape(meta[1]), reading=html.unescape(meta[2]))


def page_problems(root: Path, code: str, name: str, everyone: list[str],
                  plural: tuple[int, str]) -> list[str]:
    """What is wrong with *code*'s page of document *name*; *plural* is its catalog's."""
    page = read_page(root / "dist" / code / f"{name}.html")
    tags = [language_info(other).tag for other in everyone]
    problems = tag_problems(code, page.lang)
    if page.dir != expected_direction(code):
        problems.append(f"{code}: dir={page.dir!r} for CLDR's script {script_of(code)}")
    if page.alternates != [*zip(tags, everyone, strict=True), ("x-default", SOURCE)]:
        problems.append(f"{code}: hreflang alternates {page.alternates[:3]} …")
    if page.og_locale != expected_og_locale(code) or not OG_LOCALE.fullmatch(page.og_locale):
        problems.append(f"{code}: og:locale {page.og_locale!r}, not {expected_og_locale(code)!r}")
    if page.og_alternates != [expected_og_locale(other) for other in everyone if other != code]:
        problems.append(f"{code}: og:locale:alternate")
    switcher = [(other, tag, tag, expected_direction(other), expected_name(other))
                for other, tag in zip(everyone, tags, strict=True)]
    if page.switcher != switcher:
        wrong = [pair for pair in zip(page.switcher, switcher, strict=False) if pair[0] != pair[1]]
        problems.append(f"{code}: switcher {wrong[:2] or len(page.switcher)}")
    if page.current != [code]:
        problems.append(f"{code}: aria-current on {page.current}")
    if page.date != marked(code, f"Last changed on {expected_date(code)}"):
        problems.append(f"{code}: date line {page.date!r}, CLDR: {expected_date(code)!r}")
    problems.extend(reading_problems(code, page.reading, READING[name], plural))
    return problems


def reading_problems(code: str, shown: str, n: int, plural: tuple[int, str]) -> list[str]:
    """The reading time must show the form gettext picks for *n*, which must be a form CLDR's
    category of *n* shares with every number it serves."""
    count, expression = plural
    found = re.fullmatch(rf"«{re.escape(code)} #([0-9]+)» Approximate reading time: "
                         r"([0-9]+)(?:–([0-9]+))? minutes", shown)
    if found is None or int(found[3] or found[2]) != n:
        return [f"{code}: reading time {shown!r}, not by {n}"]
    form = int(found[1])
    category = cldr(code).plural_form(n)
    served = plural_categories(expression, code).get(form, frozenset())
    if form != gettext.c2py(expression)(n) or (count > 1 and served != {category}):
        return [f"{code}: reading time by {n} shows form {form}, serving {sorted(served)}; "
                f"CLDR's category of {n} is {category!r}"]
    return []


def catalog_plurals(root: Path, code: str) -> tuple[int, str]:
    """``nplurals`` and ``plural`` of the catalog the tool made for *code*."""
    text = (root / "locales" / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    header = text.replace('"\n"', "")  # the header's lines joined
    found = re.search(r'Plural-Forms: nplurals=([0-9]+); plural=([^;"]+);', header)
    assert found, f"{code}: no Plural-Forms in its catalog"
    return int(found[1]), found[2]


def index_problems(root: Path, everyone: list[str]) -> list[str]:
    text = (root / "dist" / "index.html").read_text(encoding="utf-8")
    rows = [(code, lang, direction, html.unescape(name)) for lang, direction, name, code in
            re.findall(r'<td lang="([^"]*)" dir="([^"]*)">([^<]*)</td>\n<td><code>([^<]*)</code>',
                       text)]
    expected = [(code, language_info(code).tag, expected_direction(code), expected_name(code))
                for code in everyone]
    problems = [] if rows == expected else ["index: the language rows"]
    redirects = re.search(r"var pages = (\{[^\n]*\});", text)
    if redirects is None or any(f'"{language_info(code).tag}": "{code}/longer.html"'
                                not in redirects[1] for code in everyone):
        problems.append("index: the pages a reader's language sends them to")
    return problems


def sitemap_problems(root: Path, everyone: list[str]) -> list[str]:
    text = (root / "dist" / "sitemap.xml").read_text(encoding="utf-8")
    wanted = [(language_info(code).tag, f"{BASE_URL}{code}/note.html") for code in everyone]
    wanted.append(("x-default", f"{BASE_URL}{SOURCE}/note.html"))
    urls = [entry for entry in text.split("<url>")[1:] if "/note.html</loc>" in entry]
    if len(urls) != len(everyone):
        return [f"sitemap: {len(urls)} addresses of the note"]
    return [f"sitemap: the alternates of {entry.split('</loc>')[0]}" for entry in urls
            if re.findall(r'hreflang="([^"]*)" href="([^"]*)"', entry) != wanted]


def report_problems(root: Path, codes: list[str]) -> list[str]:
    """The coordinators' pages: a review page per language, titled with its name, and the
    status page listing every language."""
    problems = []
    for code in codes:
        review = html.unescape((root / "review" / f"{code}.html").read_text(encoding="utf-8"))
        if f"<title>Review: {expected_name(code)} ({code})</title>" not in review:
            problems.append(f"{code}: the review page's title")
    status = (root / "review" / "status.html").read_text(encoding="utf-8")
    problems.extend(f"{code}: not on the status page" for code in codes
                    if f'id="lang-{code}"' not in status)
    return problems


@pytest.mark.parametrize("number", range(BATCHES))
def test_every_locale_builds_with_its_tag_direction_name_date_and_plurals(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    codes = batch(number)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = write_workspace(tmp_path / "ws", {"note.md": NOTE, "longer.md": LONGER},
                           languages=codes, formats=("html",),
                           templates={"chrome.j2": CHROME.read_text(encoding="utf-8")})
    settings = root / "appeal.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[appeal]\n", f'[appeal]\nbase_url = "{BASE_URL}"\n'), encoding="utf-8")
    for command in ("extract", "update"):
        result = run_appeal("-C", root, command)
        assert result.exit_code == 0, result.output
    for code in codes:
        fill_catalog(root / "locales" / code / "LC_MESSAGES" / "messages.po", code)
    forget_locale_data()  # the build is the first to load each locale's data
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    assert "built en, " in result.output and "error" not in result.output, result.output

    everyone = [SOURCE, *codes]
    problems = []
    for code in codes:
        plural = catalog_plurals(root, code)
        if plural != (plural_rule(code).count, plural_rule(code).expression):
            problems.append(f"{code}: the catalog's plural forms {plural}")
        for name in READING:
            problems.extend(page_problems(root, code, name, everyone, plural))
    source = read_page(root / "dist" / SOURCE / "note.html")
    assert (source.lang, source.dir, source.date, source.reading) == \
        ("en", "ltr", "Last changed on August 20, 2024", "Approximate reading time: 1 minute")
    problems.extend(index_problems(root, everyone))
    problems.extend(sitemap_problems(root, everyone))
    problems.extend(report_problems(root, codes))
    assert problems == [], "\n".join(problems)


# The language functions, for both spellings of every identifier.

def test_language_functions_answer_from_cldr_for_every_identifier() -> None:
    forget_locale_data()  # a function that loads a locale's data first must load all of it
    assert len(IDENTIFIERS) > 1000
    problems = []
    for code in IDENTIFIERS:
        spellings = list(dict.fromkeys([code, code.replace("_", "-")]))
        infos = [language_info(spelling, 50.0) for spelling in spellings]
        for spelling, info in zip(spellings, infos, strict=True):
            if format_date(DATE, format="long", locale=babel_locale(spelling)) != \
                    expected_date(code):
                problems.append(f"{spelling}: the date")
            if info.native_name != expected_name(code):
                problems.append(f"{spelling}: the name {info.native_name!r}, "
                                f"CLDR's {expected_name(code)!r}")
            if info.rtl != (expected_direction(code) == "rtl"):
                problems.append(f"{spelling}: rtl={info.rtl} for CLDR's script {script_of(code)}")
            problems.extend(tag_problems(spelling, info.tag))
            if info.og_locale != expected_og_locale(code):
                problems.append(f"{spelling}: og:locale {info.og_locale!r}")
            rule = plural_rule(spelling)
            problems.extend(plural_problems(spelling, rule.expression, rule.count))
            if not language_name(SOURCE, spelling):
                problems.append(f"{spelling}: no name for the source language")
            if candidates(spelling)[0] != code:
                problems.append(f"{spelling}: page-text catalogs {candidates(spelling)}")
            package_translations(spelling)
        if len({(info.native_name, info.rtl, info.tag, info.og_locale, rule.header)
                for info, rule in zip(infos, map(plural_rule, spellings), strict=True)}) != 1:
            problems.append(f"{code}: the two spellings differ: {infos}")
        named = infos[0].native_name
        if "_" in named or (named.casefold() == code.casefold() and expected_name(code) != named):
            problems.append(f"{code}: a code for a name: {named!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("code", "tag", "name", "direction", "og"), [
    ("pt_BR", "pt-BR", "Português (Brasil)", "ltr", "pt_BR"),
    ("pt-BR", "pt-BR", "Português (Brasil)", "ltr", "pt_BR"),
    ("zh_Hant", "zh-Hant", "中文 (繁體)", "ltr", "zh_TW"),
    ("zh-Hant-HK", "zh-Hant-HK", "中文 (繁體字, 中國香港特別行政區)", "ltr", "zh_HK"),
    ("nb", "nb", "Norsk bokmål", "ltr", "nb_NO"),
    ("ar_EG", "ar-EG", "العربية (مصر)", "rtl", "ar_EG"),
    ("sr_Latn", "sr-Latn", "Srpski (latinica)", "ltr", "sr_RS"),
    ("az_Arab_IQ", "az-Arab-IQ", "آذربایجان تۆرکجه\u200cسی (عربجه)", "rtl", "az_IQ"),
    ("ks_Deva", "ks-Deva", "कॉशुर (देवनागरी)", "ltr", "ks_IN"),
    ("ms_Arab_BN", "ms-Arab-BN", "بهاس ملايو (عرب, بروني)", "rtl", "ms_BN"),
    ("ca_ES_VALENCIA", "ca-ES-valencia", "Català (Espanya, valencià)", "ltr", "ca_ES"),
    ("en_US_POSIX", "en-US-u-va-posix", "English (United States, Computer)", "ltr", "en_US"),
    ("es_419", "es-419", "Español (Latinoamérica)", "ltr", "es"),
    ("ary_MA", "ary-MA", "Moroccan Arabic (Morocco)", "rtl", "ary_MA"),
    ("mww", "mww", "mww", "ltr", "mww_US"),
])
def test_regional_script_and_variant_codes(code: str, tag: str, name: str, direction: str,
                                           og: str) -> None:
    info = language_info(code)
    assert (info.tag, info.native_name, "rtl" if info.rtl else "ltr", info.og_locale) == \
        (tag, name, direction, og)
