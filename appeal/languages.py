"""What a page needs to know about a language: its own name, its script direction, its locale."""

from __future__ import annotations

import functools
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global

from appeal.errors import ConfigError

# Languages whose lower-case dotted i capitalises to a dotted capital İ.
_DOTTED_I = frozenset({"tr", "az", "crh", "tt", "kk"})


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """One language of the publication, as the language switcher and the index show it."""

    code: str
    """The code the workspace uses, which is also the directory name under ``dist/``."""
    native_name: str
    """The language's name in that language, capitalised for standalone use."""
    rtl: bool
    """Whether the language is written right to left (pages get ``dir="rtl"``)."""
    percent: float = 100.0
    """Share of the words reviewed by a human, 0 to 100."""

    @property
    def tag(self) -> str:
        """The BCP 47 tag for ``lang`` and ``hreflang``, which spells ``pt_BR`` as ``pt-BR``."""
        return bcp47(self.code)

    @property
    def og_locale(self) -> str:
        """The ``language_TERRITORY`` form Open Graph's ``og:locale`` asks for."""
        return og_locale(self.code)


def bcp47(code: str) -> str:
    """Spell a locale id the way HTML attributes expect it.

    >>> bcp47("pt_BR"), bcp47("sr_Latn"), bcp47("de")
    ('pt-BR', 'sr-Latn', 'de')
    """
    return code.replace("_", "-")


def og_locale(code: str) -> str:
    """Open Graph locale: a language with its most likely territory, from CLDR.

    Link previews (Facebook, Telegram, messengers) expect ``ll_TT``; a workspace
    says only ``ru`` or ``ar``, so CLDR's likely subtags supply the territory.
    Where there is no country (Esperanto), the language alone is the best answer.

    >>> og_locale("ru"), og_locale("ar"), og_locale("pt_BR"), og_locale("eo")
    ('ru_RU', 'ar_EG', 'pt_BR', 'eo')
    """
    locale = babel_locale(code)
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags")
        full = likely.get(str(locale)) or likely.get(locale.language) or ""
        territory = full.split("_")[-1] if full.count("_") >= 1 else None
    if territory and territory.isalpha():
        return f"{locale.language}_{territory}"
    return locale.language


def babel_locale(code: str) -> Locale:
    """Parse a workspace language code; an unknown one is a settings error, not a crash."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language code {code!r}: {exc}",
                          hint="use a CLDR locale id such as 'de' or 'pt_BR'") from None


def native_name(code: str) -> str:
    """The language's own name, capitalised as a menu entry.

    CLDR spells many language names in lower case because that is how they
    appear inside a sentence ("en français"); in a switcher they stand alone,
    where CLDR's menu context capitalises the first word.

    >>> native_name("fr"), native_name("de"), native_name("ar")
    ('Français', 'Deutsch', 'العربية')
    """
    locale = babel_locale(code)
    name = None
    if locale.territory is None and locale.script is None and locale.variant is None:
        name = _own_data(str(locale)).get("languages", {}).get(str(locale))
    name = name or locale.get_display_name(locale) or code
    first = name[:1]
    if first == "i" and locale.language in _DOTTED_I:
        return "İ" + name[1:]
    return first.upper() + name[1:]


def is_rtl(code: str) -> bool:
    """Whether pages in this language need ``dir="rtl"``.

    The locale's own CLDR file says it when it differs from the default, so
    the locale's file, then its language's, is enough; Babel's merged
    ``Locale.character_order`` costs a full data load and raises ``KeyError``
    for some locales (Kannada, Bengali).

    >>> is_rtl("ar"), is_rtl("ar_EG"), is_rtl("he"), is_rtl("en"), is_rtl("kn")
    (True, True, True, False, False)
    """
    locale = babel_locale(code)
    for name in dict.fromkeys((str(locale), locale.language)):
        order = _own_data(name).get("character_order")
        if order is not None:
            return bool(order == "right-to-left")
    return False


@functools.cache
def _own_data(name: str) -> Mapping[str, Any]:
    """A locale's own CLDR data, without merging in its parents'.

    Names and text direction are in a language's own file; skipping the merge
    with the root locale makes describing a dozen languages several times
    cheaper, which a build of every language pays on each run. The file is
    read here rather than through ``localedata.load(merge_inherited=False)``,
    which would leave the unmerged data in Babel's shared cache, where every
    later use of the locale (dates, plural forms) would find it incomplete.
    """
    try:
        with open(localedata.resolve_locale_filename(name), "rb") as handle:
            data = pickle.load(handle)  # Babel's own data file, as Babel reads it
    except (OSError, ValueError, pickle.UnpicklingError):
        return {}
    return data if isinstance(data, dict) else {}


def language_info(code: str, percent: float = 100.0) -> LanguageInfo:
    """Describe *code* for the switcher and the index, from CLDR data."""
    return LanguageInfo(code=code, native_name=native_name(code), rtl=is_rtl(code),
                        percent=percent)
