"""Front matter: read it strictly, find where its translatable values are, write it back.

The rules, checked whenever a document is parsed (:func:`appeal.segments.parse_document`),
and by :func:`check_front_matter` alone, without the rest of the parse:

- A first line of three or more dashes (``---``) opens front matter; a later
  ``---`` line (or YAML's ``...``) must close it. A document whose first line is
  anything else has no front matter, which is allowed: its title is then its
  first heading (or, without one, the document's name).
- Between the two lines is YAML holding a mapping, each key once.
- The keys are those appeal reads, :data:`KNOWN_KEYS`; no other key is
  allowed, not even one that other tools use. A misspelt ``titel:``, an
  ``author:``, or a ``lang:`` (the source language is set in ``appeal.toml``)
  would otherwise be ignored without a word, or copied untranslated into every
  Markdown output. The error suggests the closest known key, if any is close.
- ``title`` is required and is text, not empty. ``description`` is optional
  text, not empty. ``date`` is optional: a YAML date or date and time, or text
  ``YYYY-MM-DD``.

Every error is a :class:`~appeal.errors.SourceError` at the file's own line
(the opening ``---`` is line 1): the first problem in the order of the lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from appeal.errors import SourceError
from appeal.segments.model import Segment, Slot

KNOWN_KEYS = ("title", "description", "date")
"""The front-matter keys appeal reads; front matter with any other key is refused."""

TRANSLATABLE = ("title", "description")
"""Front-matter keys whose values go to translators."""

DATE_EXAMPLE = "2024-05-31"
_OPENING = re.compile(r"-{3,}[ \t]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def source_text(text: str) -> str:
    """*text* as the parsers read it: ``\\n`` line ends, no byte order mark.

    A byte order mark before the opening ``---`` would hide the front matter
    from the parser and publish it as a heading.

    >>> source_text("\\ufeff---\\r\\ntitle: A\\r---\\n")
    '---\\ntitle: A\\n---\\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def check_front_matter(text: str, *, path: Path | None = None) -> None:
    """Raise :class:`SourceError` when the front matter of document *text* breaks a rule.

    The same checks, and the same errors, as :func:`~appeal.segments.parse_document`,
    which runs them too; this finds the front matter without the rest of the
    parse, so a caller can sort out broken documents before handing the others on.
    """
    source = source_text(text)
    token = front_matter_token(_front_matter_parser().parse(source), source, path=path)
    if token is not None:
        read_front_matter(token.content, path=path)


def front_matter_token(tokens: Sequence[Token], source: str, *,
                       path: Path | None) -> Token | None:
    """The front-matter token of a parsed document, None when it has none.

    The parser's plugin turns a first ``---`` it finds no end for into a
    thematic break and the YAML into text, so that case is refused here.
    """
    if tokens and tokens[0].type == "front_matter":
        return None if breaks_around_markdown(tokens[0].content) else tokens[0]
    if _OPENING.fullmatch(source.split("\n", 1)[0]):
        raise SourceError("front matter is not closed", path=path, line=1,
                          hint="end it with a '---' line after its last key")
    return None


def breaks_around_markdown(content: str) -> bool:
    r"""Whether what the first two ``---`` lines enclose is Markdown, not front matter.

    CommonMark reads a document that starts with ``---``, a paragraph, a blank
    line and another ``---`` as text between two thematic breaks (markdown-it's
    own demo starts so). YAML reads that as one string, never as the mapping
    front matter is: text with a blank line in it is taken as Markdown. Text
    without one (``Free the prisoners`` alone) is still refused, as a title
    that lacks its ``title:``.

    >>> breaks_around_markdown("__Ad__\n\n- one\n- two"), breaks_around_markdown("Free them")
    (True, False)
    """
    if not any(not line.strip() for line in content.strip("\n").split("\n")):
        return False
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return False
    return isinstance(data, str)


@cache
def _front_matter_parser() -> MarkdownIt:
    """The source parser's front-matter rule with nothing but plain paragraphs after it."""
    md = MarkdownIt("zero").use(front_matter_plugin)
    md.core.ruler.enableOnly(["normalize", "block"])
    return md


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a timestamp naming no real day stays text.

    The safe loader fails on ``2024-02-30`` with a ValueError that has no line;
    as text, the value reaches the ``date`` check, which names it and its line.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[return-value]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def read_front_matter(text: str, *, path: Path | None) -> dict[str, Any]:
    """Load and check the YAML between the ``---`` lines; errors point at the file's own line."""
    root, data, keys = _load(text, path)
    if data is None:
        data = {}
    elif not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path=path,
                          line=root, hint=f"write 'key: value' lines, not {_kind(data)}")
    seen: dict[object, int] = {}
    for key, line in keys:
        if key in seen:
            raise SourceError(f"duplicate key {key!r}", path=path, line=line,
                              hint=f"it is first set on line {seen[key]}")
        seen[key] = line
        if key not in KNOWN_KEYS:
            raise SourceError(f"unknown key {key!r}", path=path, line=line,
                              hint=_unknown_hint(key, text, line))
        _check_value(str(key), data[key], path=path, line=line)
    if "title" not in data:
        raise SourceError("front matter has no 'title'", path=path, line=1,
                          hint="add a line 'title: ...' with the document's title")
    return data


def front_matter_date(data: dict[str, Any], *, path: Path | None = None,
                      line: int | None = None) -> dt.date | None:
    """The ``date`` of checked front matter as a date, None when there is none.

    >>> front_matter_date({"date": "2024-08-20"}), front_matter_date({})
    (datetime.date(2024, 8, 20), None)
    """
    value = data.get("date")
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    reason = None
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            reason = str(exc)
    raise SourceError(f"front matter 'date' must be a date like {DATE_EXAMPLE}, not {value!r}",
                      path=path, line=line, hint=reason)


def _load(text: str, path: Path | None) -> tuple[int, object, list[tuple[object, int]]]:
    """The line of the YAML's first node, its value, and each top-level key with its line."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        keys = []
        if isinstance(node, yaml.MappingNode):
            keys = [(loader.construct_object(key), key.start_mark.line + 2)
                    for key, _ in node.value]
    except yaml.MarkedYAMLError as exc:
        line, hint = _yaml_place(exc, text)
        raise SourceError(f"invalid front matter: {exc.problem or exc.context or exc}",
                          path=path, line=line, hint=_runaway_hint(text, line) or hint) from None
    except yaml.YAMLError as exc:  # the reader's: a character YAML refuses
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 2
        raise SourceError(f"invalid front matter: {getattr(exc, 'reason', exc)}",
                          path=path, line=line,
                          hint=f"character U+{getattr(exc, 'character', 0):04X}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return (node.start_mark.line + 2 if node is not None else 2), data, keys


def _yaml_place(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str | None]:
    """The file line of a YAML error, and what YAML was reading when that is elsewhere.

    YAML places an error where it noticed it; when that is the end of the text (a
    quoted value never closed), the line where the unfinished value began is
    the one to fix.
    """
    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    if mark is None:
        return 2, None
    if context is not None and mark.index >= len(text.rstrip()) and context.line < mark.line:
        return context.line + 2, exc.context
    return mark.line + 2, None


def _check_value(key: str, value: object, *, path: Path | None, line: int) -> None:
    """Refuse a known key's value that appeal could not use."""
    if value is None or (isinstance(value, str) and not value.strip()):
        hint = {"title": "write the document's title",
                "description": "write one sentence about the document, or remove the line",
                "date": f"write a date like {DATE_EXAMPLE}, or remove the line"}[key]
        raise SourceError(f"front matter {key!r} is empty", path=path, line=line, hint=hint)
    if key in TRANSLATABLE and not isinstance(value, str):
        scalar = isinstance(value, int | float | dt.date)
        raise SourceError(f"front matter {key!r} must be text", path=path, line=line,
                          hint="put it in quotes" if scalar else None)
    if key == "date":
        front_matter_date({"date": value}, path=path, line=line)


def _unknown_hint(key: object, text: str, line: int) -> str:
    """The known key *key* was probably meant to be, or what else may be wrong."""
    close = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1) \
        if isinstance(key, str) else []
    if close:
        return f"did you mean {close[0]!r}?"
    return _runaway_hint(text, line) or "known keys: " + ", ".join(map(repr, KNOWN_KEYS))


def _runaway_hint(text: str, line: int) -> str | None:
    """A hint that the front matter may lack its end, when a blank line comes before *line*.

    Front matter that misses its closing ``---`` runs on to the document's first
    thematic break, taking paragraphs for YAML.
    """
    if not any(not row.strip() for row in text.split("\n")[:line - 2]):
        return None
    end = text.count("\n") + 3
    return f"the front matter runs on to line {end}: is its closing '---' missing?"


def _kind(data: object) -> str:
    """What YAML made of front matter that is not a mapping, as a hint names it."""
    if isinstance(data, str):
        return "text"
    return f"a {type(data).__name__}"


def front_matter_slots(text: str, data: dict[str, Any]) -> list[Slot]:
    """A slot for each non-empty title or description, at the line of its key."""
    lines = _key_lines(text)
    slots = []
    for key in TRANSLATABLE:
        value = " ".join(str(data.get(key) or "").split())
        if value:
            segment = Segment(text=value, line=lines.get(key, 1), kind=key, comments=(key,))
            slots.append(Slot(segment=segment, part=key))
    return slots


def _key_lines(text: str) -> dict[str, int]:
    """1-based file lines of top-level keys (the opening ``---`` is line 1)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 2 for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)}


def splice_front_matter(text: str, values: dict[str, str]) -> str:
    r"""The YAML *text* with the values of the keys in *values* replaced, nothing else.

    Comments, quoting, key order and every other value stay byte for byte, as the
    author wrote them (PyYAML would rewrite ``2024-02-02T04:14:54-08:00`` and drop
    comments); a new value keeps its old quoting style where YAML allows it.

    >>> splice_front_matter("title: 'Old' # kept\ndate: 2024-02-02T04:14:54-08:00",
    ...                     {"title": "L'appel"})
    "title: 'L''appel' # kept\ndate: 2024-02-02T04:14:54-08:00"
    """
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        node = None
    if not isinstance(node, yaml.MappingNode):
        return text
    edits = [(value.start_mark.index, value.end_mark.index, _scalar(values[key.value], value))
             for key, value in node.value
             if isinstance(key, yaml.ScalarNode) and key.value in values
             and isinstance(value, yaml.ScalarNode)]
    for start, end, scalar in sorted(edits, reverse=True):
        ending = "\n" if text[start:end].endswith("\n") else ""
        text = text[:start] + scalar + ending + text[end:]
    return text


def _scalar(value: str, node: yaml.ScalarNode) -> str:
    """*value* as a one-line YAML scalar, quoted as *node* was when that can hold it."""
    style = node.style if node.style in ("'", '"') else None
    dumped = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=1 << 30)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True,
                                width=1 << 30).rstrip("\n")
    return dumped
