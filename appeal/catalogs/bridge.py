"""Between Babel's catalog classes and appeal's own, for the few jobs Babel does for us.

Babel extracts messages (``pybabel extract`` and our extractor share its
machinery), knows the header a new catalog of a language starts with, and
writes ``.mo`` files. Those are the only places its classes meet ours, and
this module is where they are converted, through Babel's public interface.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from appeal.catalogs.model import Catalog, Entry, Header
from appeal.errors import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.catalog import Message


def from_babel(catalog: BabelCatalog, *, locale: str | None = None) -> Catalog:
    """appeal's catalog holding what Babel's does, header and obsolete entries included."""
    header = Header(text=header_text(catalog.mime_headers),
                    comments=tuple(_comment_text(line)
                                   for line in catalog.header_comment.splitlines()),
                    fuzzy=catalog.fuzzy)
    return Catalog(header=header, entries=tuple(_entry(m) for m in catalog if m.id),
                   obsolete=tuple(_entry(m, obsolete=True) for m in catalog.obsolete.values()),
                   locale=locale)


def new_header(template: Header, lang: str, *, revised: datetime.datetime) -> Header:
    """The header ``pybabel init`` gives a new catalog of *lang* made from *template*.

    Babel knows each language's name and plural forms (from CLDR) and how the
    fields read; the template's project, address and date carry over. An
    unknown language code is a CatalogError.
    """
    from babel.core import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog as BabelCatalog

    code = lang.replace("-", "_")
    try:
        # Babel's Catalog quietly drops a locale it does not know; parse it first.
        Locale.parse(code)
        made = BabelCatalog(locale=code, charset="utf-8", fuzzy=False)
    except (UnknownLocaleError, ValueError) as error:
        raise CatalogError(f"cannot make a catalog for {lang!r}: {error}") from None
    made.mime_headers = [(name, value) for name, value in _fields(template.text)
                         if name.lower() not in ("language", "plural-forms")]
    made.revision_date = revised
    made.fuzzy = False
    made.header_comment = "\n".join(f"# {line}" if line else "#" for line in template.comments)
    return Header(text=header_text(made.mime_headers),
                  comments=tuple(_comment_text(line) for line in made.header_comment.splitlines()))


def header_text(fields: Iterable[tuple[str, str]]) -> str:
    """A header's msgstr from its fields.

    >>> header_text([("Language", "uk"), ("MIME-Version", "1.0")])
    'Language: uk\\nMIME-Version: 1.0\\n'
    """
    return "".join(f"{name}: {value.rstrip()}\n" for name, value in fields)


def _comment_text(line: str) -> str:
    if line.startswith("#"):
        line = line[1:]
        return line[1:] if line.startswith(" ") else line
    return line


def _entry(message: Message, *, obsolete: bool = False) -> Entry:
    ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    string = message.string
    strings = (tuple(s or "" for s in string) if isinstance(string, (list, tuple))
               else (string or "",))
    previous = list(message.previous_id or ())
    return Entry(
        id=ids[0], plural_id=ids[1] if len(ids) > 1 else None, strings=strings or ("",),
        context=message.context, flags=frozenset(message.flags),
        translator_comments=tuple(message.user_comments),
        extracted_comments=tuple(message.auto_comments),
        locations=tuple(dict.fromkeys((name, line) for name, line in message.locations)),
        previous_id=previous[0] if previous else None,
        previous_plural_id=previous[1] if len(previous) > 1 else None,
        obsolete=obsolete, line=getattr(message, "lineno", None))


def to_babel(catalog: Catalog) -> BabelCatalog:
    """Babel's catalog of the same messages (for ``write_mo``); obsolete entries left out.

    The header is given to Babel field by field, so the ``.mo`` says what the
    ``.po`` says about charset and plural forms; ``Language`` is left to Babel,
    which refuses a value it cannot parse. The catalog's locale is set when
    Babel knows it: Babel before 2.17 writes no ``Plural-Forms`` into a ``.mo``
    of a catalog without one, and GNU gettext then reads every plural as
    English's two forms.
    """
    from babel.core import UnknownLocaleError
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.catalog import Message

    made = BabelCatalog(locale=None, fuzzy=catalog.header.fuzzy)
    if catalog.locale:
        with contextlib.suppress(ValueError, UnknownLocaleError):
            made.locale = catalog.locale.replace("-", "_")
    fields = [(name, value) for name, value in _fields(catalog.header.text)
              if name.lower() != "language"]
    try:
        made.mime_headers = fields
    except ValueError:
        # Babel reads both dates with one strict format; gettext never reads them
        # (a date-only PO-Revision-Date is valid), so a .mo gets fixed ones instead.
        made.mime_headers = [(name, value) for name, value in fields
                             if name.lower() not in _DATE_FIELDS]
        made.creation_date = made.revision_date = _NO_DATE
    for entry in catalog.entries:
        msgid = entry.id if entry.plural_id is None else entry.ids
        string = entry.strings[0] if entry.plural_id is None else entry.strings
        made[msgid] = Message(msgid, string, flags=entry.flags, context=entry.context)
    return made


_DATE_FIELDS = ("pot-creation-date", "po-revision-date")
_NO_DATE = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _fields(text: str) -> list[tuple[str, str]]:
    fields = []
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields.append((name.strip(), value.strip()))
    return fields
