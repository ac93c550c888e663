"""Read a PO file strictly into appeal's catalog model; every defect names its line.

Why a reader of our own: Babel's parser is lenient (it prints ``WARNING:`` and
carries on, cannot see an unterminated string, keeps unknown escapes) and drops
what translators' tools write (``#|`` previous msgids, empty ``#.`` lines), and
polib strips comments and skips ``#~|``; a strict reader built on either has
to override their private methods, which change between releases. This one
follows GNU gettext's grammar (``po-lex.c``, ``po-gram.y``) line by line and
builds :class:`~appeal.catalogs.model.Entry` objects directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from appeal.catalogs.acceptance import check_language_catalog
from appeal.catalogs.decoding import decode_catalog
from appeal.catalogs.model import FUZZY, Catalog, Entry, Header, Location
from appeal.catalogs.plurals import MAX_PLURALS
from appeal.errors import CatalogError

_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})
_PLURAL_KEYWORD = re.compile(r"msgstr\[(\d+)\]")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*')
_UNTERMINATED = re.compile(r'"(?:[^"\\]|\\.)*\\?')
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+|.)")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
              "\\": "\\", '"': '"', "'": "'", "?": "?"}
_PREVIOUS = ("msgctxt", "msgid", "msgid_plural")
_BLANKS = " \t\f\v"
"""What GNU's lexer skips between tokens (not every Unicode space)."""


def read_catalog(path: Path, *, locale: str | None = None) -> Catalog:
    """Read *path*; CatalogError(path, line) on any defect. *locale* names its language."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=path) from None
    return parse_catalog(decode_catalog(data, path), path=path, locale=locale)


def parse_catalog(text: str, *, path: Path | None = None, locale: str | None = None) -> Catalog:
    """A catalog from the text of a PO file (*path* is only for error messages)."""
    parser = _Parser(path)
    lines = text.split("\n")
    if "\\\n" in text:
        for number, line in _logical_lines(lines):
            parser.feed(number, line)
    elif "\r" in text:
        for number, line in enumerate(lines, 1):
            parser.feed(number, line.removesuffix("\r"))
    else:
        _read_lines(parser, text, lines)
    parser.finish()
    if locale is not None:
        check_language_catalog(parser.header, parser.entries, path=path, locale=locale,
                               empty=not text.strip(),
                               field_line=lambda name: _field_line(lines, parser.header, name))
    header = parser.header or Header()
    count = header.nplurals
    if count is not None and not 1 <= count <= MAX_PLURALS:
        raise CatalogError(f"the header declares nplurals={count}, which no language has",
                           path=path, line=header.line,
                           hint=f"a language has 1 to {MAX_PLURALS} plural forms")
    return Catalog(header=header, entries=tuple(parser.entries),
                   obsolete=tuple(parser.obsolete), locale=locale)


_STRINGS = r'"[^\n]*"\n(?:"[^\n]*"\n)*'
_USUAL_ENTRY = re.compile(
    r"(?P<comments>(?:#(?:[^~\n][^\n]*)?\n)*)"
    rf"(?:msgctxt (?P<context>{_STRINGS}))?"
    rf"msgid (?P<id>{_STRINGS})"
    rf"(?:msgid_plural (?P<plural>{_STRINGS})(?P<forms>(?:msgstr\[\d+\] {_STRINGS})+)"
    rf"|msgstr (?P<string>{_STRINGS}))")
"""An active entry as GNU tools lay it out: comments, keywords at the start of their
line, one string per line."""
_FORM = re.compile(rf"msgstr\[(\d+)\] ({_STRINGS})")


def _read_lines(parser: _Parser, text: str, lines: list[str]) -> None:
    """Feed *lines* to *parser*, taking each entry in the usual layout whole.

    Most of a catalog is such entries; reading one with a single pattern match
    instead of line by line halves the time a large catalog takes. Anything
    else (obsolete entries, odd spacing, broken lines) goes through the line
    machine, which the whole-entry path agrees with, message for message.
    """
    number, offset, count = 1, 0, len(lines)
    while number <= count:
        line = lines[number - 1]
        if line[:1] in ("#", "m") and line[:2] != "#~" and parser.ready():
            found = _USUAL_ENTRY.match(text, offset)
            if found is not None:
                parser.take(found, number)
                taken = found.end() - offset
                number += text.count("\n", offset, found.end())
                offset += taken
                continue
        parser.feed(number, line)
        offset += len(line) + 1
        number += 1


def _logical_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    r"""Numbered lines, a backslash right before a line's end joining it to the next.

    GNU's lexer joins them anywhere, comments included, so ``msgcat`` reads
    ``# C:\`` and the line after it as one comment.

    >>> list(_logical_lines(["# C:\\", "#, fuzzy", 'msgid "a"\r']))
    [(1, '# C:#, fuzzy'), (3, 'msgid "a"')]
    """
    joined: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if line.endswith("\\") and number < len(lines):
            joined.append(line[:-1])
            start = start or number
            continue
        if joined:
            yield start, "".join(joined) + line.removesuffix("\r")
            joined, start = [], 0
        else:
            yield number, line.removesuffix("\r")
    if joined:
        yield start, "".join(joined)


@dataclass(slots=True)
class _Pending:
    """The entry being read: comments first, then its keywords and strings."""

    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    """``msgctxt``, ``msgid``, ``msgid_plural``: the parts of each string."""
    forms: dict[int, list[str]] = field(default_factory=dict)
    """``msgstr[N]`` by N, a plain ``msgstr`` as -1."""
    current: list[str] | None = None
    """The parts a continuation string is added to."""
    obsolete: bool | None = None
    line: int = 0
    """Line of the msgid."""
    started: int = 0
    """Line of the entry's first keyword."""

    @property
    def has_strings(self) -> bool:
        """A ``msgstr`` was read."""
        return bool(self.forms)

    @property
    def empty(self) -> bool:
        return not (self.fields or self.translator or self.extracted or self.locations
                    or self.flags or self.previous)


class _Parser:
    """GNU's PO grammar as a line-by-line state machine."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.header: Header | None = None
        self.entries: list[Entry] = []
        self.obsolete: list[Entry] = []
        self.keys: dict[tuple[str | None, str], int | None] = {}
        """The key of every active entry read, with the line of its msgid."""
        self.obsolete_keys: dict[tuple[str | None, str], int | None] = {}
        self.pending = _Pending()

    def fail(self, line: int | None, message: str, *, hint: str | None = None) -> NoReturn:
        raise CatalogError(message, path=self.path, line=line, hint=hint)

    def feed(self, number: int, line: str) -> None:
        first = line[:1]
        if first == '"' and self.pending.current is not None and not self.pending.obsolete:
            # Most lines of a catalog continue a string: take a plain one at once.
            token = line.rstrip(_BLANKS)
            body = token[1:-1]
            if (len(token) > 1 and token[-1] == '"' and '"' not in body
                    and "\\" not in body and self.pending.obsolete is False):
                self.pending.current.append(body)
                return
        elif first == "m":  # a keyword at the start of the line, the usual layout
            self._keyword_or_string(number, line.rstrip(_BLANKS), obsolete=False)
            return
        text = line.lstrip(_BLANKS)
        if not text.rstrip(_BLANKS):
            return
        if text.startswith("#~"):
            rest = text[2:].lstrip(_BLANKS)
            if not rest.rstrip(_BLANKS):
                return
            if rest.startswith("|"):
                self._previous(number, rest[1:].strip(_BLANKS), obsolete=True)
            elif rest.startswith("#"):
                self._comment(number, rest)
            else:
                self._keyword_or_string(number, rest.rstrip(_BLANKS), obsolete=True)
        elif text.startswith("#"):
            # A comment is kept to the end of its line, trailing blanks included,
            # as GNU's lexer keeps it (msgcat writes them back).
            self._comment(number, text)
        else:
            self._keyword_or_string(number, text.rstrip(_BLANKS), obsolete=False)

    # ---- whole entries ----

    def ready(self) -> bool:
        """Whether the next line may start an entry read whole (nothing half-read)."""
        pending = self.pending
        return pending.has_strings or pending.empty

    def take(self, found: re.Match[str], number: int) -> None:
        """An entry matched by ``_USUAL_ENTRY`` at line *number*, as the line machine
        would read it (the same checks, the same lines in messages)."""
        if self.pending.has_strings:
            self._finish()
        comments = found["comments"]
        if comments:
            for text in comments[:-1].split("\n"):
                self._comment(number, text)
                number += 1
        pending = self.pending
        pending.obsolete = False
        pending.started = number
        fields = pending.fields
        context = found["context"]
        if context is not None:
            fields["msgctxt"] = [self._value(context, number)]
            number += context.count("\n")
        pending.line = number
        strings = found["id"]
        parts = fields["msgid"] = [self._value(strings, number)]
        number += strings.count("\n")
        plural = found["plural"]
        if plural is not None:
            fields["msgid_plural"] = [self._value(plural, number)]
            number += plural.count("\n")
            for form in _FORM.finditer(found["forms"]):
                index = int(form[1])
                if index in pending.forms:
                    self.fail(number, f"msgstr[{form[1]}] given twice")
                parts = pending.forms[index] = [self._value(form[2], number)]
                number += form[2].count("\n")
        else:
            parts = pending.forms[-1] = [self._value(found["string"], number)]
        pending.current = parts

    def _value(self, strings: str, number: int) -> str:
        """The text of ``"…"`` lines (each ended by a newline) starting at line *number*."""
        if "\\" not in strings and (strings.count('"') == 2 or
                                     strings.count('"') == 2 * strings.count("\n")):
            return strings[1:-2].replace('"\n"', "")
        return "".join(self._string(number + offset, token)
                       for offset, token in enumerate(strings[:-1].split("\n")))

    # ---- comments ----

    def _comment(self, number: int, line: str) -> None:
        if self.pending.fields:
            self._finish()
        mark = line[1:2]
        pending = self.pending
        if mark == ":":
            pending.locations.extend(_locations(line[2:]))
        elif mark == ",":
            pending.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif mark == ".":
            pending.extracted.append(line[3:] if line[2:3] == " " else line[2:])
        elif mark == "|":
            self._previous(number, line[2:].strip(), obsolete=False)
        else:
            pending.translator.append(line[2:] if mark == " " else line[1:])

    def _previous(self, number: int, text: str, *, obsolete: bool) -> None:
        """``#| msgid "..."`` and its continuation lines."""
        if self.pending.fields:
            self._finish()
        previous = self.pending.previous
        if text.startswith('"'):
            if not previous:
                self.fail(number, "a '#|' string without a keyword")
            previous[next(reversed(previous))].append(self._string(number, text))
            return
        keyword, _, rest = text.partition(" ")
        if keyword not in _PREVIOUS:
            self.fail(number, f"unknown keyword {keyword!r} in a previous-msgid comment")
        previous[keyword] = [self._string(number, rest.strip())]

    # ---- keywords and strings ----

    def _keyword_or_string(self, number: int, line: str, *, obsolete: bool) -> None:
        pending = self.pending
        if line[:1] == '"':
            if pending.current is None:
                self.fail(number, "a string outside msgid, msgstr or msgctxt")
            self._mark(number, obsolete)
            pending.current.append(self._string(number, line))
            return
        space = line.find(" ")
        name: str | None = line[:space] if space > 0 else None
        index: str | None = None
        if name in _KEYWORDS:  # the usual spelling: one blank after the keyword
            rest = line[space + 1:].lstrip()
        else:
            name, index, rest = _split_keyword(line)
            if name is None:
                self.fail(number, f"unknown keyword {line.split()[0]!r}")
        fields = pending.fields
        # A msgid after a msgstr, or a second msgid or msgctxt, starts the next entry.
        if (name == "msgid" and (pending.has_strings or "msgid" in fields)) or (
                name == "msgctxt" and fields):
            self._finish()
            pending = self.pending
            fields = pending.fields
        if pending.obsolete is None:
            pending.obsolete = obsolete
        elif pending.obsolete != obsolete:
            self.fail(number, "an entry partly marked obsolete with '#~'")
        pending.started = pending.started or number
        if name == "msgid":
            pending.line = number
        elif name == "msgid_plural":
            if "msgid" not in fields:
                self.fail(number, "msgid_plural without a msgid")
            if "msgid_plural" in fields or pending.has_strings:
                self.fail(number, "msgid_plural must follow the msgid, once, before the "
                                  "msgstr[N] lines")
        elif name != "msgctxt":
            if "msgid" not in fields:
                self.fail(number, "msgstr without a msgid")
            # GNU's grammar: msgid_plural and msgstr[N], or a plain msgstr; never a mix.
            if index is None and "msgid_plural" in fields:
                self._strings(pending, plural=True, plain=True)
            if index is not None and "msgid_plural" not in fields:
                self._strings(pending, plural=False, plain=False)
            form = -1 if index is None else int(index)
            if form in pending.forms:
                self.fail(number, f"{name} given twice")
            pending.current = pending.forms[form] = [_plain(rest) or self._string(number, rest)]
            return
        pending.current = fields[name] = [_plain(rest) or self._string(number, rest)]

    def _mark(self, number: int, obsolete: bool) -> None:
        pending = self.pending
        if pending.obsolete is None:
            pending.obsolete = obsolete
        elif pending.obsolete != obsolete:
            self.fail(number, "an entry partly marked obsolete with '#~'")

    def _string(self, number: int, text: str) -> str:
        """One quoted string token, unescaped as GNU does; anything else is refused."""
        token = text.rstrip(" \t")
        if len(token) > 1 and token[0] == token[-1] == '"':
            body = token[1:-1]
            if '"' not in body and "\\" not in body:  # most strings: nothing to look at
                return body
        match = _STRING.fullmatch(text)
        if match is None:
            if not text.startswith('"'):
                self.fail(number, "expected a quoted string")
            if _UNTERMINATED.fullmatch(text.rstrip()):
                self.fail(number, "unterminated string")
            self.fail(number, "unexpected text after the closing quote")
        body = match[1]
        return _ESCAPE.sub(lambda m: self._unescape(number, m[1]), body) if "\\" in body else body

    def _unescape(self, number: int, code: str) -> str:
        if code in _UNESCAPES:
            return _UNESCAPES[code]
        value = (int(code, 8) if code[0] in "01234567" else
                 int(code[1:], 16) if code[0] == "x" and len(code) > 1 else None)
        if value is None:
            self.fail(number, f"invalid escape sequence '\\{code[0]}'")
        if value >= 0x80:
            self.fail(number, f"escape '\\{code}' stands for a byte, not a character",
                      hint="write the character itself")
        return chr(value)

    # ---- finishing entries ----

    def _finish(self) -> None:
        pending, self.pending = self.pending, _Pending()
        if not pending.fields:
            return
        if "msgid" not in pending.fields:
            self.fail(pending.started, "msgctxt without a msgid")
        if not pending.has_strings:
            self.fail(pending.line, "missing msgstr")
        entry = self._entry(pending)
        if entry.id == "" and entry.context is None and not entry.obsolete:
            self._header(pending, entry)
            return
        own, other = ((self.obsolete_keys, self.keys) if entry.obsolete
                      else (self.keys, self.obsolete_keys))
        key = entry.key
        if key in own:
            self.fail(entry.line, "duplicate message definition (first defined on line "
                                  f"{own[key]})", hint="merge the two into one entry")
        if key in other and entry.id:
            self.fail(entry.line, "duplicate message definition (first defined on line "
                                  f"{other[key]})",
                      hint="an active entry and an obsolete (#~) one share the msgid: "
                           "delete the obsolete one")
        own[key] = entry.line
        (self.obsolete if entry.obsolete else self.entries).append(entry)

    def _entry(self, pending: _Pending) -> Entry:
        fields = pending.fields
        plural = "msgid_plural" in fields
        strings = self._strings(pending, plural=plural)
        previous = ({key: "".join(parts) for key, parts in pending.previous.items()}
                    if pending.previous else {})
        return Entry(
            id="".join(fields["msgid"]), strings=strings,
            plural_id="".join(fields["msgid_plural"]) if plural else None,
            context="".join(fields["msgctxt"]) if "msgctxt" in fields else None,
            flags=frozenset(pending.flags), translator_comments=tuple(pending.translator),
            extracted_comments=tuple(pending.extracted),
            locations=tuple(dict.fromkeys(pending.locations)),
            previous_context=previous.get("msgctxt"), previous_id=previous.get("msgid"),
            previous_plural_id=previous.get("msgid_plural"),
            obsolete=bool(pending.obsolete), line=pending.line)

    def _strings(self, pending: _Pending, *, plural: bool, plain: bool | None = None
                 ) -> tuple[str, ...]:
        """The msgstr forms of *pending*; refused when their kind does not fit the
        entry (*plain*: a plain msgstr is being added; False: a msgstr[N] is)."""
        forms = pending.forms
        if not plural:
            if plain is False or len(forms) != 1 or -1 not in forms:
                self.fail(pending.line, "msgstr[N] on an entry without msgid_plural",
                          hint="an entry without msgid_plural has one plain msgstr")
            return ("".join(forms[-1]),)
        found = {form: "".join(parts) for form, parts in forms.items()}
        if -1 in found or plain:
            self.fail(pending.line, "a plain msgstr on an entry with msgid_plural "
                                    "(it needs msgstr[0], msgstr[1] ...)")
        if sorted(found) != list(range(len(found))):
            self.fail(pending.line, "plural forms must be numbered msgstr[0], msgstr[1] ... "
                                    "without gaps")
        return tuple(found[index] for index in range(len(found)))

    def _header(self, pending: _Pending, entry: Entry) -> None:
        if self.header is not None:
            self.fail(entry.line, "duplicate message definition")
        self.header = Header(text=entry.strings[0], comments=entry.translator_comments,
                             fuzzy=FUZZY in entry.flags, line=entry.line)

    def finish(self) -> None:
        self._finish()


def _plain(token: str) -> str | None:
    """The text of a quoted string with nothing to unescape, else None (or ``""``).

    >>> _plain('"Free them"'), _plain('"say \\\\"hi\\\\""'), _plain('""')
    ('Free them', None, '')
    """
    body = token[1:-1]
    if token[:1] == '"' and token[-1:] == '"' and len(token) > 1 and '"' not in body \
            and "\\" not in body:
        return body
    return None


def _split_keyword(line: str) -> tuple[str | None, str | None, str]:
    """A keyword line's keyword, plural index and the rest; None for an unknown keyword.

    >>> _split_keyword('msgstr[2] "x"'), _split_keyword('msgid"x"'), _split_keyword("msgtxt x")
    (('msgstr[2]', '2', '"x"'), ('msgid', None, '"x"'), (None, None, 'msgtxt x'))
    """
    quote = line.find('"')
    head = line if quote < 0 else line[:quote]
    words = head.split()
    first = words[0] if words else ""
    if first in _KEYWORDS:
        return first, None, line[len(first):].lstrip()
    match = _PLURAL_KEYWORD.fullmatch(first)
    if match is not None:
        return first, match[1], line[len(first):].lstrip()
    return None, None, line


def _locations(text: str) -> list[Location]:
    """``#:`` references: ``file:line`` or a bare file name, separated by blanks.

    >>> _locations(" content/appeal.md:12 templates/page.html.j2")
    [('content/appeal.md', 12), ('templates/page.html.j2', None)]
    """
    found: list[Location] = []
    for reference in text.split():
        name, colon, line = reference.rpartition(":")
        if colon and line.isdigit():
            found.append((name, int(line)))
        else:
            found.append((reference, None))
    return found


def _field_line(lines: list[str], header: Header | None, name: str) -> int | None:
    """The line of the header's *name* field, for messages that ask to change it."""
    if header is None or header.line is None:
        return None
    wanted = f'"{name.lower()}:'
    for number in range(header.line, min(len(lines), header.line + 200)):
        text = lines[number].strip().lower()
        if not text.startswith(('"', "msgstr")):
            break
        if wanted in text:
            return number + 1
    return header.line
