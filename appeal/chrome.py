"""The Jinja2 environments that render page chrome, with translations treated as data.

Jinja's i18n extension marks every translated string safe under autoescape, so
a msgstr holding ``<script>`` would reach the page live. The callables
installed here escape the msgstr first, and Jinja then formats the variables
into the escaped string (``Markup % values`` escapes the values too). A
msgstr is only ever looked up and formatted, never compiled as a template.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from appeal.catalogs.formats import named_placeholders
from appeal.errors import SourceError

HTML_SUFFIX = ".html.j2"

class Translations(Protocol):
    """The part of :class:`gettext.NullTranslations` that page chrome uses."""

    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, msgid1: str, msgid2: str, n: int, /) -> str: ...
    def pgettext(self, context: str, message: str, /) -> str: ...
    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int, /) -> str: ...


def placeholders(text: str) -> frozenset[str] | None:
    """The ``%(name)s`` placeholders in *text*, or None when one is malformed.

    A conversion without a name, or a ``%`` that starts no conversion, counts
    as malformed: formatted with a dict of variables it raises or prints junk.

    >>> sorted(placeholders("Approximate reading time: %(low)s-%(high)s minutes"))
    ['high', 'low']
    """
    return named_placeholders(text)


def fits(translation: str, required: frozenset[str], allowed: frozenset[str]) -> bool:
    """Whether *translation* uses every required placeholder and no others.

    >>> fits("%(n)s Minuten", frozenset({"n"}), frozenset({"n"}))
    True
    >>> fits("%(mins)s Minuten", frozenset({"n"}), frozenset({"n"}))
    False
    """
    found = placeholders(translation)
    return found is not None and required <= found <= allowed


@dataclass(frozen=True, slots=True)
class CheckedTranslations:
    """Translations that fall back to the source when placeholders do not match.

    A msgstr whose ``%(name)s`` set differs from its msgid's would crash the
    page (KeyError) or drop a value; one entry reverting to the source
    language is the lesser harm, and ``appeal check`` reports the entry.
    """

    translations: Translations
    """The compiled catalog; a missing msgid gives the source string back."""

    def gettext(self, message: str) -> str:
        return self._checked(self.translations.gettext(message), message)

    def pgettext(self, context: str, message: str) -> str:
        return self._checked(self.translations.pgettext(context, message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._checked_plural(self.translations.ngettext(singular, plural, n),
                                    singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._checked_plural(self.translations.npgettext(context, singular, plural, n),
                                    singular, plural, n)

    @staticmethod
    def _checked(translated: str, message: str) -> str:
        expected = placeholders(message) or frozenset()
        return translated if fits(translated, expected, expected) else message

    @staticmethod
    def _checked_plural(translated: str, singular: str, plural: str, n: int) -> str:
        """Plural forms may leave out a placeholder only where one source form does."""
        one = placeholders(singular) or frozenset()
        many = placeholders(plural) or frozenset()
        if fits(translated, one & many, one | many):
            return translated
        return singular if n == 1 else plural


Missing = Callable[..., bool]
"""Given a gettext call's arguments, whether the language has no translation for it."""


def _escaping(function: Callable[..., str], missing: Missing | None,
              fallback: tuple[str, str] | None) -> Callable[..., Markup]:
    """For HTML: the msgstr becomes Markup only after it has been escaped.

    Page text the language has no translation for stays in the source
    language; it is then wrapped in an element with that language and its
    direction, so a right-to-left page keeps it in order (use these strings
    in element content, not in attribute values).
    """

    def escaped(*args: Any) -> Markup:
        text = escape(function(*args))
        if fallback is None or missing is None or not missing(*args):
            return text
        lang, direction = (escape(part) for part in fallback)
        return Markup(f'<span lang="{lang}" dir="{direction}">') + text + Markup("</span>")

    return escaped


def _missing(translations: Translations) -> list[Missing | None]:
    """For each of gettext's four calls, how to tell that *translations* lack its string."""
    translates = getattr(translations, "translates", None)
    if not callable(translates):
        return [None, None, None, None]
    return [lambda message: not translates(None, message),
            lambda singular, plural, n: not translates(None, singular),
            lambda context, message: not translates(context, message),
            lambda context, singular, plural, n: not translates(context, singular)]


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process.

    Every language gets its own environment (its own gettext callables), and
    without a shared cache each one would parse and compile every template
    again. Jinja keys the cache on the template's name and source checksum;
    HTML and plain-text environments compile differently (autoescape), so each
    kind has its own cache.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {True: _MemoryBytecodeCache(), False: _MemoryBytecodeCache()}


def make_environment(templates: Sequence[Path], translations: Translations, *, html: bool,
                     fallback: tuple[str, str] | None = None) -> jinja2.Environment:
    """A Jinja2 environment for one output kind and one language.

    HTML templates get autoescape and escaping gettext; Markdown and plain
    text get neither, since HTML entities there would be visible noise.
    *fallback* is the source language and its direction, with which HTML marks
    page text left untranslated.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=html,
                                            default=html) if html else False,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_COMPILED[html],
    )
    env.policies["ext.i18n.trimmed"] = True
    checked = CheckedTranslations(translations)
    functions: list[Callable[..., str]] = [checked.gettext, checked.ngettext,
                                           checked.pgettext, checked.npgettext]
    if html:
        functions = [_escaping(function, missing, fallback)
                     for function, missing in zip(functions, _missing(translations), strict=True)]
    gettext_, ngettext, pgettext, npgettext = functions
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext_, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)
    return env


@dataclass(frozen=True, slots=True)
class Chrome:
    """The two environments for one language, choosing by template name."""

    html: jinja2.Environment
    """Autoescaping, with escaped translations, for ``*.html.j2``."""
    plain: jinja2.Environment
    """Neither escapes, for ``*.md.j2`` and ``*.txt.j2``."""
    templates: Path
    """The first directory templates are looked up in, for error messages."""

    def render(self, name: str, context: dict[str, object]) -> str:
        """Render template *name*; template mistakes become SourceError with file and line."""
        env = self.html if name.endswith(HTML_SUFFIX) else self.plain
        try:
            return env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise SourceError(exc.message or "template syntax error",
                              path=exc.filename or self.templates / name, line=exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise SourceError(f"template {exc.name!r} not found", path=self.templates,
                              hint="run 'appeal new' for the default templates") from None
        except jinja2.UndefinedError as exc:
            raise SourceError(str(exc), path=self.templates / name) from None


def make_chrome(templates: Path | Sequence[Path], translations: Translations | None = None,
                fallback: tuple[str, str] | None = None) -> Chrome:
    """Both environments for a language, looking templates up in *templates* in order.

    *fallback* (source language, direction) marks untranslated page text in HTML.

    No translations means the page text stays as the templates write it.
    """
    search = [templates] if isinstance(templates, Path) else list(templates)
    source = translations if translations is not None else gettext.NullTranslations()
    return Chrome(html=make_environment(search, source, html=True, fallback=fallback),
                  plain=make_environment(search, source, html=False),
                  templates=search[0])
