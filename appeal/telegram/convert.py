"""HTML to Telegram tokens: a whitelist of tags, everything else reduced to its text."""

from __future__ import annotations

from collections.abc import Sequence
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SCHEMES = frozenset({"http", "https", "mailto", "tg"})
"""Link schemes a reader can follow from a post; other links keep only their text."""

_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u",
           "s": "s", "del": "s", "strike": "s", "code": "code"}
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "main", "nav",
                     "figure", "figcaption", "dl", "dd", "dt", "table", "address"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_DROPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe",
                      "object", "svg", "math", "textarea", "select"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "col"})

Token = tuple[str, str, str]
"""(kind, value, tag): kind is ``text``, ``open``, ``close`` or ``gap`` (a paragraph break);
for ``open`` the value is the tag as written out, for ``text`` the unescaped text."""


def escape_html(text: str) -> str:
    """Escape with the four named entities Telegram knows, and no others.

    >>> escape_html('<a href="x">Tom & Jerry</a>')
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units.

    >>> telegram_length("Привет"), telegram_length("✊"), telegram_length("🙂")
    (6, 1, 2)
    """
    return len(text.encode("utf-16-le")) // 2


class _Converter(HTMLParser):
    """Turns HTML into a token stream of Telegram's tags, text and paragraph gaps."""

    def __init__(self, base: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.tokens: list[Token] = []
        self.open: list[str] = []
        """Telegram tags currently open, innermost last ("" for a tag left out)."""
        self.lists: list[int | None] = []
        self.dropping = 0
        self.pre = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in _DROPPED:
            self.dropping += tag not in _VOID
            return
        if self._is_block(tag):
            self._gap()
        if tag in _HEADINGS:
            self._open("b", "<b>")
        elif tag in _INLINE and not (tag == "code" and self.pre):
            self._open(_INLINE[tag], f"<{_INLINE[tag]}>")
        elif tag in ("blockquote", "pre"):
            self.pre += tag == "pre"
            self._open(tag, f"<{tag}>")
        elif tag == "a":
            href = self._href(dict(attrs).get("href"))
            self._open("a" if href else "", f'<a href="{escape_html(href)}">' if href else "")
        elif tag in ("ul", "ol"):
            self.lists.append(int(dict(attrs).get("start") or 1) if tag == "ol" else None)
        elif tag == "li":
            self._item()
        elif tag == "br":
            self._text("\n", raw=True)
        elif tag == "hr":
            self._text("———", raw=True)
            self._gap()
        elif tag == "img":
            self._text(dict(attrs).get("alt") or "")
        elif tag == "tr":
            self.cells = 0
            self._newline()
        elif tag in ("td", "th"):
            self._text(" | " if self.cells else "", raw=True)
            self.cells += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            self.dropping -= tag in _DROPPED or tag not in _VOID
            return
        if tag in _HEADINGS or tag in _INLINE or tag in ("a", "blockquote", "pre"):
            if tag == "code" and self.pre:
                return
            self.pre -= tag == "pre" and self.pre > 0
            self._close()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if self._is_block(tag):
            self._gap(keep=tag in _HEADINGS)

    def _is_block(self, tag: str) -> bool:
        """Tags that stand apart as paragraphs; a list nested in a list item does not."""
        if tag in ("ul", "ol"):
            return not self.lists
        return tag in _HEADINGS or tag in _BLOCKS or tag in ("blockquote", "pre", "hr")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self._text(data, raw=bool(self.pre))

    def _href(self, href: str | None) -> str | None:
        if not href or href.startswith("#"):
            return None
        if self.base is not None:
            href = urljoin(self.base, href)
        return href if urlsplit(href).scheme in SCHEMES else None

    def _open(self, tag: str, markup: str) -> None:
        self.open.append(tag)
        if tag:
            self.tokens.append(("open", markup, tag))

    def _close(self) -> None:
        if self.open:
            tag = self.open.pop()
            if tag:
                gap = self.tokens.pop() if self.tokens and self.tokens[-1][0] == "gap" else None
                self._strip_trailing()
                self.tokens.append(("close", f"</{tag}>", tag))
                if gap:  # a paragraph break belongs outside the closing tag
                    self.tokens.append(gap)

    def _item(self) -> None:
        self._newline()
        depth = max(len(self.lists) - 1, 0)
        number = self.lists[-1] if self.lists else None
        if number is None:
            marker = "• "
        else:
            marker = f"{number}. "
            self.lists[-1] = number + 1
        self._text("  " * depth + marker, raw=True)

    def _text(self, data: str, *, raw: bool = False) -> None:
        if not raw:
            words = " ".join(data.split())
            if words:
                words = (" " if data[0].isspace() else "") + words + (
                    " " if data[-1].isspace() else "")
            data = words or (" " if data else "")
            if data.startswith(" ") and self._at_line_start():
                data = data[1:]
        if data:
            self.tokens.append(("text", data, ""))

    def _at_line_start(self) -> bool:
        for kind, value, _ in reversed(self.tokens):
            if kind == "text":
                return value.endswith((" ", "\n"))
            if kind == "gap":
                return True
        return True

    def _newline(self) -> None:
        if not self._at_line_start() or self._trailing_space():
            self._strip_trailing()
            self.tokens.append(("text", "\n", ""))

    def _gap(self, *, keep: bool = False) -> None:
        """A paragraph break; *keep* holds a heading in one message with what follows."""
        self._strip_trailing()
        if self.tokens and self.tokens[-1][0] not in ("gap", "open"):
            self.tokens.append(("gap", "\n\n", "keep" if keep else ""))

    def _trailing_space(self) -> bool:
        texts = [value for kind, value, _ in self.tokens if kind == "text"]
        return bool(texts) and texts[-1].endswith(" ")

    def _strip_trailing(self) -> None:
        for index in range(len(self.tokens) - 1, -1, -1):
            kind, value, tag = self.tokens[index]
            if kind == "text":
                self.tokens[index] = (kind, value.rstrip(" "), tag)
                if value.strip(" "):
                    return
            elif kind == "gap":
                return


def telegram_tokens(html: str, *, base: str | None = None) -> list[Token]:
    """Parse *html* into Telegram tokens; *base* makes relative links absolute."""
    converter = _Converter(base)
    converter.feed(html)
    converter.close()
    while converter.open:
        converter._close()
    return converter.tokens


def serialize(tokens: Sequence[Token]) -> str:
    """Telegram HTML: text escaped, empty tag pairs left out, no surrounding whitespace."""
    out: list[str] = []
    for index, (kind, value, _) in enumerate(tokens):
        if kind == "open" and index + 1 < len(tokens) and tokens[index + 1][0] == "close":
            continue
        if kind == "close" and index > 0 and tokens[index - 1][0] == "open":
            continue
        out.append(escape_html(value) if kind in ("text", "gap") else value)
    return "".join(out).strip() + "\n"
