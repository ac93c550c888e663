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


@functools.cache
def bcp47(code: str) -> str:
    """Spell a locale id the way HTML attributes (``lang``, ``hreflang``) expect it.

    The subtags keep their order and take BCP 47's conventional case (a
    variant in lower case); CLDR's ``POSIX`` variant has no BCP 47 variant
    and is written as the Unicode extension CLDR defines for it. A code CLDR
    does not know keeps its spelling, with ``-`` between the parts.

    >>> bcp47("pt_BR"), bcp47("sr_Latn"), bcp47("de"), bcp47("zh-hant-tw")
    ('pt-BR', 'sr-Latn', 'de', 'zh-Hant-TW')
    >>> bcp47("ca_ES_VALENCIA"), bcp47("en_US_POSIX")
    ('ca-ES-valencia', 'en-US-u-va-posix')
    """
    try:
        locale = babel_locale(code)
    except ConfigError:
        return code.replace("_", "-")
    parts = [locale.language, locale.script, locale.territory]
    variant = (locale.variant or "").lower()
    extension = "u-va-posix" if variant == "posix" else None
    if variant and extension is None:
        parts.append(variant)
    parts.append(extension)
    return "-".join(part for part in parts if part)


@functools.cache
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


@functools.cache
def usual_script(language: str) -> str | None:
    """The script (ISO 15924) CLDR's likely subtags give a bare language.

    >>> usual_script("sr"), usual_script("zh"), usual_script("pt")
    ('Cyrl', 'Hans', 'Latn')
    """
    parts = str(get_global("likely_subtags").get(language) or "").split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def language_script(code: str) -> str | None:
    """The script *code* is written in: its own subtag, else CLDR's likely one for it.

    >>> language_script("zh"), language_script("sr_Latn"), language_script("zh_TW")
    ('Hans', 'Latn', 'Hant')
    """
    locale = babel_locale(code)
    if locale.script:
        return str(locale.script)
    for key in (str(locale), locale.language):
        parts = str(get_global("likely_subtags").get(key) or "").split("_")
        if len(parts) > 1 and len(parts[1]) == 4:
            return parts[1]
    return None


@functools.cache
def native_name(code: str) -> str:
    """The language's own name, capitalised as a menu entry.

    CLDR spells many language names in lower case because that is how they
    appear inside a sentence ("en français"); in a switcher they stand alone,
    where CLDR's menu context capitalises the first word. A few locales have
    no name of their own in CLDR (Moroccan Arabic, Bambara in N'Ko script):
    they get their English name from CLDR, and a locale CLDR names in no
    language its BCP 47 tag, never a capitalised code such as ``Ary_MA``.

    >>> native_name("fr"), native_name("de"), native_name("ar"), native_name("nb")
    ('Français', 'Deutsch', 'العربية', 'Norsk bokmål')
    >>> native_name("zh_Hant"), native_name("ary_MA")
    ('中文 (繁體)', 'Moroccan Arabic (Morocco)')
    """
    locale = babel_locale(code)
    name = None
    if locale.territory is None and locale.script is None and locale.variant is None:
        name = _own_data(str(locale)).get("languages", {}).get(str(locale))
    name = name or locale.get_display_name(locale) or locale.get_display_name("en")
    if not name:
        return bcp47(code)
    first = name[:1]
    if first == "i" and locale.language in _DOTTED_I:
        return "İ" + name[1:]
    return first.upper() + name[1:]


@functools.cache
def is_rtl(code: str) -> bool:
    """Whether pages in this language need ``dir="rtl"``.

    CLDR states the character order in a locale's own file only where it
    differs from the locale it inherits from, so the files are read along
    CLDR's inheritance chain (:func:`_inheritance`) up to the root, which
    says left to right: ``az_Arab_IQ`` inherits Arabic script's right to left
    from ``az_Arab``, and ``bal_Latn`` (Latin script) inherits from the root,
    not from the right-to-left ``bal``. Babel's merged
    ``Locale.character_order`` would give the same answer at the cost of a
    full data load per language.

    >>> is_rtl("ar"), is_rtl("ar_EG"), is_rtl("he"), is_rtl("en"), is_rtl("kn")
    (True, True, True, False, False)
    >>> is_rtl("az_Arab_IQ"), is_rtl("bal_Latn"), is_rtl("ks_Deva"), is_rtl("ms_Arab_BN")
    (True, False, False, True)
    """
    for name in _inheritance(str(babel_locale(code))):
        order = _own_data(name).get("character_order")
        if order is not None:
            return bool(order == "right-to-left")
    return False


def _inheritance(name: str) -> list[str]:
    """*name* and the locales it inherits its CLDR data from, the root last.

    The rules Babel merges locale data by: CLDR's parent exceptions
    (``pt_AO`` → ``pt_PT``, ``zh_Hant_HK`` → ``zh_Hant``), a language in a
    script other than its usual one straight to the root (``sr_Latn`` →
    ``root``), else the id without its last part.

    >>> _inheritance("pt_AO"), _inheritance("sr_Latn_BA")
    (['pt_AO', 'pt_PT', 'pt', 'root'], ['sr_Latn_BA', 'sr_Latn', 'root'])
    >>> _inheritance("az_Arab_IQ"), _inheritance("zh_Hant_HK")
    (['az_Arab_IQ', 'az_Arab', 'root'], ['zh_Hant_HK', 'zh_Hant', 'root'])
    """
    exceptions = get_global("parent_exceptions")
    chain = [name]
    while name != "root" and len(chain) < 8:
        parts = name.split("_")
        parent = exceptions.get(name)
        if parent is None and len(parts) == 2 and len(parts[1]) == 4:
            parent = "root" if usual_script(parts[0]) != parts[1] else None
        name = parent or ("root" if len(parts) == 1 else "_".join(parts[:-1]))
        chain.append(name)
    return chain


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
