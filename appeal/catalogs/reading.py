"""Read a PO file strictly: every malformed input is a CatalogError naming its line.

Babel's parser is lenient by default (it prints ``WARNING:`` and carries on), cannot
see an unterminated string, leaves unknown escapes in the text and files GNU's
``#|`` previous-msgid lines as translator comments. We run it with
``abort_invalid=True`` behind a stricter lexer so a damaged catalog is reported, not
silently half-read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser

from appeal.errors import CatalogError

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_CHARSET = re.compile(rb"charset=([^\s\"\\]+)")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)\s*(.*)")
_ESCAPE = re.compile(r"\\(.)")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"\s*')
_BAD_ESCAPE = re.compile(r"(?:^|[^\\])(?:\\\\)*\\([^ntrabfv\\\"'?])")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
              "\\": "\\", '"': '"', "'": "'", "?": "?"}


def read_catalog(path: Path, *, locale: str | None = None) -> Catalog:
    """Read *path* into a Babel catalog; CatalogError(path, line) on any defect."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path=path) from None
    text = decode_catalog(data, path)
    parser = _StrictParser(Catalog(locale=locale), ignore_obsolete=False, abort_invalid=True)
    try:
        parser.parse(text.split("\n"))
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise CatalogError(message[:1].lower() + message[1:], path=path,
                           line=exc.lineno + 1) from None
    return parser.catalog


def decode_catalog(data: bytes, path: Path) -> str:
    """Decode with the charset the header declares, refusing binary files."""
    if data[:4] in _MO_MAGIC:
        raise CatalogError("binary file: this is a compiled .mo catalog, not a .po file",
                           path=path, line=1)
    nul = data.find(b"\0")
    if nul >= 0:
        raise CatalogError("binary file: NUL byte in a text catalog", path=path,
                           line=data.count(b"\n", 0, nul) + 1)
    match = _CHARSET.search(data)
    charset = match[1].decode("ascii", "replace") if match else "utf-8"
    if charset.upper() == "CHARSET":
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise CatalogError(f"unknown charset {charset!r} in the header", path=path,
                           line=data.count(b"\n", 0, match.start()) + 1 if match else None
                           ) from None
    try:
        return data.decode(charset, errors="strict")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"bytes not valid in the declared charset {charset!r}", path=path,
                           line=data.count(b"\n", 0, exc.start) + 1,
                           hint="convert the file, e.g. with iconv") from None


def unescape(body: str, lineno: int, parser: _StrictParser) -> str:
    """Resolve C escapes as GNU does; refuse the ones it would not accept."""
    def replace(match: re.Match[str]) -> str:
        code = match[1]
        if code not in _UNESCAPES:
            parser.fail(lineno, f"invalid escape sequence '\\{code}'")
        return _UNESCAPES[code]
    return _ESCAPE.sub(replace, body) if "\\" in body else body


def _message(msgid: str | tuple[str, ...], string: str | tuple[str, ...],
             parser: _StrictParser, previous: list[str], context: str | None) -> Message:
    """A Message exactly as the file has it.

    ``Message.__init__`` would re-guess the ``python-format`` flags from the text
    (dropping or adding flags the file does not have) and costs a regex and a
    ``string.Formatter`` parse per entry; the attributes are set directly instead.
    """
    message = Message.__new__(Message)
    message.id, message.string, message.context = msgid, string, context
    message.locations = list(dict.fromkeys(parser.locations))
    message.flags = set(parser.flags)
    message.auto_comments = list(parser.auto_comments)
    message.user_comments = list(parser.user_comments)
    message.previous_id = previous
    message.lineno = parser.offset + 1
    return message


class _StrictParser(PoFileParser):
    """Babel's parser plus string syntax checks, ``#|`` lines and duplicates."""

    _seen_header = False

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[list[str]] = []
        self.strings: dict[int, str] = {}

    def fail(self, lineno: int, message: str) -> None:
        raise PoFileError(message, self.catalog, "", lineno)

    def _check(self, lineno: int, text: str) -> str:
        """Validate one quoted string token; return it without trailing blanks."""
        if _TOKEN.fullmatch(text):
            if "\\" in text and (bad := _BAD_ESCAPE.search(text)):
                self.fail(lineno, f"invalid escape sequence '\\{bad[1]}'")
            return text.rstrip()
        if not text.startswith('"'):
            self.fail(lineno, "expected a quoted string")
        if _STRING.match(text) is None:
            self.fail(lineno, "unterminated string")
        self.fail(lineno, "unexpected text after the closing quote")
        raise AssertionError  # unreachable: fail() raises

    def _string(self, lineno: int, text: str) -> str:
        token = self._check(lineno, text)
        return unescape(token[1:-1], lineno, self)

    def _process_message_line(self, lineno, line, obsolete=False) -> None:
        if line[:1] == '"':
            token = self._check(lineno, line)
            if self.in_msgstr:
                self.translations[-1][1].append(token)
            elif self.in_msgid:
                self.messages[-1].append(token)
            elif self.in_msgctxt:
                self.context.append(token)
            else:
                self.fail(lineno, "a string outside msgid, msgstr or msgctxt")
            return
        if line.startswith("|") and obsolete:
            self._previous_line(lineno, line[1:].strip())
            return
        if not line:
            return
        match = _KEYWORD.fullmatch(line)
        if match is None:
            self.fail(lineno, f"unknown keyword {line.split()[0]!r}")
        assert match is not None
        self._check(lineno, match[2])
        if match[1].startswith("msgstr") and not self.messages:
            self.fail(lineno, "msgstr without a msgid")
        self._process_keyword_line(lineno, line, obsolete)

    def _process_comment(self, line) -> None:
        if line.startswith("#|"):
            self._finish_current_message()
            self._previous_line(-1, line[2:].strip())
        else:
            super()._process_comment(line)

    def _previous_line(self, lineno: int, line: str) -> None:
        """Collect ``#| msgid "..."`` and its continuation lines."""
        if line.startswith('"') and self.previous:
            self.previous[-1][1] += self._string(lineno, line)
            return
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise ValueError(f"unknown keyword {keyword!r} in a previous-msgid comment")
        if keyword != "msgid_plural":
            self._finish_current_message()
        self.previous.append([keyword, self._string(lineno, rest.strip())])

    def _text(self, parts: list[str]) -> str:
        text = "".join([part[1:-1] for part in parts])
        return unescape(text, self.offset, self) if "\\" in text else text

    def _add_message(self) -> None:
        """Babel's ``_add_message`` with GNU escapes, ``#|`` and duplicate checks."""
        catalog = self.catalog
        msgid: str | tuple[str, ...]
        string: str | tuple[str, ...]
        if len(self.messages) > 1:
            msgid = tuple(self._text(m) for m in self.messages)
            forms = [""] * catalog.num_plurals
            for index, translation in sorted(self.translations):
                if index >= catalog.num_plurals:
                    self.fail(self.offset, f"msgstr[{index}] but the header has "
                                           f"nplurals={catalog.num_plurals}")
                forms[index] = self._text(translation)
            string = tuple(forms)
        else:
            msgid = self._text(self.messages[0])
            string = self._text(self.translations[0][1])
        context = self._text(self.context) if self.context else None
        previous = [value for keyword, value in self.previous if keyword != "msgctxt"]
        message = _message(msgid, string, self, previous, context)
        key = catalog._key_for(msgid, context)
        table = catalog.obsolete if self.obsolete else catalog._messages
        if key in table or (not self.obsolete and msgid == "" and self.counter and
                            context is None and self._seen_header):
            self.fail(self.offset, "duplicate message definition")
        if self.obsolete:
            catalog.obsolete[key] = message
        else:
            self._seen_header = self._seen_header or (msgid == "" and context is None)
            catalog[msgid] = message
        self.counter += 1
        self._reset_message_state()
