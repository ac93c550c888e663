"""appeal's own page text ("Contents", "Languages", reading time …) in its own gettext domain.

The package's templates (``appeal/templates/``) are every workspace's
defaults; their strings belong to the package, not to a committee, so their
reviewed translations ship with it in ``appeal/locale/<lang>/LC_MESSAGES/``,
as Sphinx ships the translations of its own page text: ``appeal.po``, which
translators edit and git keeps. ``appeal.mo`` beside it is built, never
committed (``scripts/package-catalogs.py --compile``, which ``make`` runs when
it installs the package): the pages read it when it is at least as new as the
``.po``, and the ``.po`` itself otherwise, so a missing or stale build never
shows old text. ``scripts/package-catalogs.py --check`` fails when a ``.po``
is out of date with the templates. A workspace's catalog comes first: any of
these strings it translates itself wins, and the strings of templates it
overrides are extracted into it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from appeal.errors import ConfigError

if TYPE_CHECKING:
    from appeal.catalogs import Catalog, Translations

DOMAIN = "appeal"
PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
LOCALE = PACKAGE / "locale"
EXTRACTION = {"extensions": "jinja2.ext.i18n", "silent": "false", "trimmed": "true",
              "newstyle_gettext": "true"}
"""The options a workspace's ``babel.cfg`` gives the jinja2 extractor, for the same result."""


def catalog_path(lang: str) -> Path:
    """The shipped catalog translators edit."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_path(lang: str) -> Path:
    """The shipped catalog compiled, which the pages read."""
    return catalog_path(lang).with_suffix(".mo")


@cache
def shipped_languages() -> tuple[str, ...]:
    """The languages the package has page text for (listed once per process: every page
    stage asks, on every build)."""
    found = LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    return tuple(sorted(path.parent.parent.name for path in found))


def candidates(lang: str) -> list[str]:
    """The shipped catalogs that may serve *lang*, most specific first.

    A regional code falls back to its language, and a script to the language
    when that is the language's usual script (CLDR's likely subtags): ``zh_TW``
    is written in Traditional characters, so it is served by ``zh_Hant`` and
    never by the Simplified ``zh_Hans`` that a bare ``zh`` means; ``sr_Latn``
    is not served by the Cyrillic ``sr``.

    >>> candidates("pt_BR"), candidates("zh-TW"), candidates("zh"), candidates("sr_Latn")
    (['pt_BR', 'pt'], ['zh_TW', 'zh_Hant_TW', 'zh_Hant'], ['zh', 'zh_Hans'], ['sr_Latn'])
    """
    from babel import localedata  # only when pages are made

    from appeal.languages import babel_locale, usual_script

    code = lang.replace("-", "_")
    try:
        locale = babel_locale(code)
    except ConfigError:
        return list(dict.fromkeys([code, code.split("_")[0]]))
    usual = usual_script(locale.language)
    names = [code, str(locale)]
    if locale.script is not None:
        names.append(f"{locale.language}_{locale.script}")
    if locale.script in (None, usual):
        names.append(locale.language)
        if usual is not None and localedata.exists(f"{locale.language}_{usual}"):
            names.append(f"{locale.language}_{usual}")
    return list(dict.fromkeys(names))


def language_catalogs(lang: str) -> list[Path]:
    """Every shipped catalog that may serve *lang* (a superset of :func:`candidates`, by
    language alone, without loading CLDR): what a page in *lang* depends on."""
    base = lang.replace("-", "_").split("_")[0]
    return [catalog_path(code) for code in shipped_languages() if code.split("_")[0] == base]


@cache
def package_translations(lang: str) -> Translations | None:
    """The reviewed page text the package ships for *lang*, or None when it has none."""
    from appeal.catalogs import translations  # only when pages are made

    for code in candidates(lang):
        found = shipped_catalog(catalog_path(code), compiled_path(code), code)
        if found is not None:
            return translations(found)
    return None


def shipped_catalog(po: Path, mo: Path, code: str) -> Catalog | None:
    """The catalog of *po*, read from its compiled *mo* when that is up to date (quicker,
    once per process), else from the ``.po``; None when the language has neither."""
    from appeal.catalogs import read_catalog, read_compiled

    try:
        source = po.stat().st_mtime_ns
    except FileNotFoundError:
        return read_compiled(mo, locale=code) if mo.is_file() else None
    try:
        fresh = mo.stat().st_mtime_ns >= source
    except FileNotFoundError:
        fresh = False
    return read_compiled(mo, locale=code) if fresh else read_catalog(po, locale=code)
