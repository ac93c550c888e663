"""appeal's own page text ("Contents", "Languages", reading time …) in its own gettext domain.

The package's templates (``appeal/templates/``) are every workspace's
defaults; their strings belong to the package, not to a committee, so their
reviewed translations ship with it in ``appeal/locale/<lang>/LC_MESSAGES/``,
as Sphinx ships the translations of its own page text: ``appeal.po`` for
translators, and ``appeal.mo`` compiled from it, which the pages read (once
per process and language). ``scripts/package-catalogs.py`` writes both and
``--check`` fails when the compiled one is not the ``.po``'s. A workspace's
catalog comes first: any of these strings it translates itself wins, and the
strings of templates it overrides are extracted into it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from appeal.catalogs import Translations

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


def shipped_languages() -> tuple[str, ...]:
    """The languages the package has page text for."""
    found = LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    return tuple(sorted(path.parent.parent.name for path in found))


def candidates(lang: str) -> list[str]:
    """The shipped catalogs that may serve *lang*: its own, then its base language's.

    >>> candidates("pt_BR"), candidates("sr-Latn"), candidates("de")
    (['pt_BR', 'pt'], ['sr_Latn', 'sr'], ['de'])
    """
    code = lang.replace("-", "_")
    base = code.split("_")[0]
    return list(dict.fromkeys([code, base]))


@cache
def package_translations(lang: str) -> Translations | None:
    """The reviewed page text the package ships for *lang*, or None when it has none."""
    from appeal.catalogs import read_compiled, translations  # only when pages are made

    for code in candidates(lang):
        path = compiled_path(code)
        if path.is_file():
            return translations(read_compiled(path, locale=code))
    return None
