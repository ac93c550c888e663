"""Regional and script codes (``pt_BR``, ``es_419``, ``sr_Latn``, ``ca_ES_VALENCIA``): which
variety an engine is asked for, and what it falls back on.

A workspace names its languages with CLDR locale ids, written ``pt_BR`` or
``pt-BR``. An engine knows only some varieties: Apertium's Portuguese comes as
``por`` and ``por_BR``, Google has one ``pt``, DeepL has ``PT-BR`` and
``PT-PT``. A draft in the variety asked for is best; when an engine has none,
a draft in the variety CLDR says the code inherits from (``es_MX`` → ``es_419``
→ ``es``, ``pt_AO`` → ``pt_PT`` → ``pt``) is still a draft a translator can
fix, and says so. A code written in a script other than its language's usual
one (``sr_Latn``, ``zh_Hant``) never falls back on the bare language: CLDR
does not let it inherit from it, and the drafts would come in the other script.

A bare code (``pt``, ``nb``) is not touched here: every engine treats it as it
always has. Codes are read by Babel (``parse_locale``, ``Locale.parse``, CLDR's
likely subtags and parent locales), never by hand; the subtags a user wrote
are kept as written (Babel's ``Locale.parse`` would turn an unknown
``zh_Hant_CN`` into Simplified Chinese).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from appeal.languages import usual_script


@dataclass(frozen=True, slots=True)
class Variety:
    """A language with the script, territory and variant a code names (or implies)."""

    language: str
    """CLDR's current code for the language: ``he`` for a written ``iw``."""
    script: str | None = None
    """Written, or implied by the territory when it is not the language's usual
    script (``zh_TW`` is Traditional Chinese); None for the usual script."""
    territory: str | None = None
    variant: str | None = None
    """Upper case, as CLDR spells it: ``VALENCIA``."""

    @property
    def code(self) -> str:
        """The CLDR locale id.

        >>> Variety("ca", territory="ES", variant="VALENCIA").code
        'ca_ES_VALENCIA'
        """
        return "_".join(p for p in (self.language, self.script, self.territory, self.variant)
                        if p)

    @property
    def regional(self) -> bool:
        """Whether the code names more than a language."""
        return bool(self.script or self.territory or self.variant)

    def maximized(self) -> Variety:
        """The script and territory CLDR's likely subtags add, to compare two spellings.

        >>> parse("pt").maximized() == parse("pt_BR").maximized()
        True
        >>> parse("zh_Hant").maximized().code
        'zh_Hant_TW'
        """
        likely = get_global("likely_subtags")
        keys = [f"{self.language}_{self.script}_{self.territory}" if self.script
                and self.territory else None,
                f"{self.language}_{self.territory}" if self.territory else None,
                f"{self.language}_{self.script}" if self.script else None, self.language]
        for key in keys:
            if key and key in likely:
                full = _split(likely[key])
                if full is not None:
                    return replace(self, script=self.script or full.script,
                                   territory=self.territory or full.territory)
        return self

    def parent(self) -> Variety | None:
        """What CLDR says this variety inherits from; None for a bare language and for a
        script the language does not usually use.

        >>> [parse(c).parent().code for c in ("es_MX", "pt_AO", "ca_ES_VALENCIA", "zh_Hant_TW")]
        ['es_419', 'pt_PT', 'ca_ES', 'zh_Hant']
        >>> parse("sr_Latn").parent() is None, parse("pt").parent() is None
        (True, True)
        """
        if not self.regional:
            return None
        exception = get_global("parent_exceptions").get(self.code)
        if exception:
            found = _split(exception)
            return found if found is not None and found.language == self.language else None
        if self.variant:
            return replace(self, variant=None)
        if self.territory:
            return replace(self, territory=None)
        if self.script != usual_script(self.language):
            return None
        return replace(self, script=None)


def _split(identifier: str) -> Variety | None:
    """A CLDR id as it stands (no canonicalisation), or None when it is not one.

    A POSIX modifier (``sr_RS@latin``) is not CLDR's: such a code is left to the
    engines as written rather than read as the variety without it.

    >>> _split("zh_Hant_TW"), _split("sr_RS@latin")
    (Variety(language='zh', script='Hant', territory='TW', variant=None), None)
    """
    try:
        parts = parse_locale(identifier)
    except ValueError:
        return None
    if len(parts) > 4:
        return None
    language, territory, script, variant = parts[:4]
    return Variety(language, script, territory, variant)


@functools.cache
def parse(code: str) -> Variety | None:
    """The variety a workspace or provider code names; None when it is no locale id.

    ``Locale.parse`` gives the language its current code (``iw`` → ``he``); the
    script is filled in only where the territory implies an unusual one, as
    CLDR spells such locales (``zh_TW`` is ``zh_Hant_TW``).

    >>> [parse(c).code for c in ("pt-BR", "pt_br", "ca_valencia", "zh_TW", "iw_IL", "sr_ME")]
    ['pt_BR', 'pt_BR', 'ca_VALENCIA', 'zh_Hant_TW', 'he_IL', 'sr_Latn_ME']
    >>> parse("ff-FUL") is None
    True
    """
    written = _split(code.strip().replace("-", "_"))
    if written is None:
        return None
    language = written.language
    if language != "und":  # Babel reads "und" (undetermined) as English
        with contextlib.suppress(UnknownLocaleError, ValueError):
            language = Locale.parse(language).language
    found = replace(written, language=language)
    if found.script is None and found.territory is not None:
        script = replace(found, variant=None).maximized().script
        if script != usual_script(language):
            found = replace(found, script=script)
    return found


def lineage(code: str) -> tuple[Variety, ...]:
    """A regional code's variety, then each one it falls back on, down to the base
    language; empty for a bare code or one that is no locale id.

    >>> [v.code for v in lineage("es-MX")], [v.code for v in lineage("sr_Latn")]
    (['es_MX', 'es_419', 'es'], ['sr_Latn'])
    >>> lineage("pt")
    ()
    """
    found = parse(code)
    if found is None or not found.regional:
        return ()
    chain = [found]
    while (parent := chain[-1].parent()) is not None and parent not in chain:
        chain.append(parent)
    return tuple(chain)


def fallback_note(fallback: str) -> str:
    """How ``appeal engines`` says a route serves another variety than the one asked for.

    >>> fallback_note("pt"), fallback_note("es_419")
    ('base language pt', 'nearest variety es_419')
    """
    found = parse(fallback)
    return (f"nearest variety {fallback}" if found is not None and found.regional
            else f"base language {fallback}")


def unreached(source: str, target: str) -> str:
    """Why no route reaches *target*, naming what a regional code fell back on.

    >>> unreached("en", "de")
    'no route en→de'
    >>> unreached("en", "pt_PT")
    'no route en→pt_PT, nor to its base language pt'
    """
    return f"no route {source}→{target}{also_tried(target)}"


def also_tried(target: str) -> str:
    """What a regional code fell back on when no route reached it, as the end of a
    "no route" message; empty for a bare code.

    >>> also_tried("de"), also_tried("es_MX")
    ('', ', nor to es_419 or its base language es')
    >>> print(also_tried("sr_Latn"))
    , and its base language sr is not tried: it is usually written in Cyrl, not Latn
    """
    chain = lineage(target)
    if not chain:
        return ""
    tried = [v.code for v in chain[1:]]
    base = chain[0].language
    if tried and tried[-1] == base:
        between = "".join(f"{code} or " for code in tried[:-1])
        return f", nor to {between}its base language {base}"
    if tried:
        return f", nor to {' or '.join(tried)}"
    usual = usual_script(base)
    if chain[0].script and usual and chain[0].script != usual:
        return (f", and its base language {base} is not tried: it is usually "
                f"written in {usual}, not {chain[0].script}")
    return ""


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A provider's code for a workspace code."""

    code: str
    """In the provider's spelling: ``PT-BR``, ``zh-Hant``, ``pt``."""
    fallback: str | None = None
    """The variety it serves when that is not the one asked for (``pt`` for ``pt_PT`` on
    Google, which has only one Portuguese); None when it is."""


def closest_code(code: str, offered: Iterable[str],
                 aliases: Mapping[str, str] = {}) -> CodeMatch | None:
    """The provider's code for a regional *code*: the variety itself, else the nearest one it
    falls back on; None when the provider has none of them (or *code* is bare).

    At each step: the engine's alias (keyed by the lower-case CLDR id, ``zh_hant``),
    the code as the provider spells it, a provider code naming the same variety
    once likely subtags are added (Google's ``pt`` is Brazilian, ``zh-TW`` is
    ``zh_Hant``), and at the base language the first provider code of that
    language in its usual script.

    >>> closest_code("pt-BR", ["en", "pt"])
    CodeMatch(code='pt', fallback=None)
    >>> closest_code("pt_PT", ["en", "pt"])
    CodeMatch(code='pt', fallback='pt')
    >>> closest_code("pt_PT", ["EN-US", "PT-BR", "PT-PT"])
    CodeMatch(code='PT-PT', fallback=None)
    >>> closest_code("zh_Hant", ["zh-CN", "zh-TW"])
    CodeMatch(code='zh-TW', fallback=None)
    >>> closest_code("sr_Latn", ["sr"]) is None
    True
    """
    chain = lineage(code)
    listed = [(name, parse(name)) for name in offered]
    spelled = {name.lower(): name for name, _ in listed}
    for depth, wanted in enumerate(chain):
        fallback = wanted.code if depth else None
        alias = aliases.get(wanted.code.lower(), "").lower()
        for name in (alias, wanted.code.replace("_", "-").lower(), wanted.code.lower()):
            if name and name in spelled:
                return CodeMatch(spelled[name], fallback)
        full = wanted.maximized()
        for name, variety in listed:
            if variety is not None and variety.maximized() == full:
                return CodeMatch(name, fallback)
        if not wanted.regional:
            for name, variety in listed:
                if (variety is not None and variety.language == wanted.language
                        and variety.maximized().script == full.script):
                    return CodeMatch(name, fallback)
    return None


__all__ = ["CodeMatch", "Variety", "also_tried", "closest_code", "fallback_note", "lineage",
           "parse", "unreached"]
