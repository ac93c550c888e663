"""Cut a Telegram token stream into messages, at paragraph boundaries where possible."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from appeal.telegram.convert import Token, telegram_length

LIMIT = 4096
"""Telegram's maximum message length, in UTF-16 code units of the visible text."""
GAP: Token = ("gap", "\n\n", "")


def length(tokens: Sequence[Token]) -> int:
    """Visible length of *tokens* as Telegram counts it (tags count nothing)."""
    return sum(telegram_length(value) for kind, value, _ in tokens if kind in ("text", "gap"))


def paragraphs(tokens: Sequence[Token]) -> list[list[Token]]:
    """Split at paragraph gaps outside every tag; each part has balanced tags.

    >>> paragraphs([("text", "a", ""), GAP, ("open", "<b>", "b"), ("text", "b", ""),
    ...             ("close", "</b>", "b")])
    [[('text', 'a', '')], [('open', '<b>', 'b'), ('text', 'b', ''), ('close', '</b>', 'b')]]
    """
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        kind = token[0]
        depth += (kind == "open") - (kind == "close")
        if kind == "gap" and depth == 0 and token[2] != "keep":
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if any(k == "text" and v.strip() for k, v, _ in part)]


def split_messages(tokens: Sequence[Token], limit: int = LIMIT) -> list[list[Token]]:
    """Pack whole paragraphs into messages of at most *limit*; cut only oversized ones."""
    messages: list[list[Token]] = []
    current: list[Token] = []
    size = 0
    for part in paragraphs(tokens):
        part_size = length(part)
        if current and size + 2 + part_size <= limit:
            current.extend((GAP, *part))
            size += 2 + part_size
            continue
        if current:
            messages.append(current)
        pieces = [part] if part_size <= limit else cut(part, limit)
        messages.extend(pieces[:-1])
        current, size = pieces[-1], length(pieces[-1])
    if current:
        messages.append(current)
    return messages


def counter(number: int, total: int) -> list[Token]:
    """Where a post stands among the document's posts, as its last paragraph: ``<i>2/4</i>``.

    >>> counter(2, 4)
    [('gap', '\\n\\n', ''), ('open', '<i>', 'i'), ('text', '2/4', ''), ('close', '</i>', 'i')]
    """
    return [GAP, ("open", "<i>", "i"), ("text", f"{number}/{total}", ""), ("close", "</i>", "i")]


def numbered_messages(tokens: Sequence[Token], limit: int = LIMIT) -> list[list[Token]]:
    """Messages of at most *limit* that each end with their place (``2/4``); one message
    stays unnumbered.

    The room for the counter is kept free while cutting: every message is cut
    from *limit* less the longest counter (``14/14`` and its blank line), and
    cut again with more room reserved should the count gain a digit.
    """
    messages = split_messages(tokens, limit)
    total = len(messages)
    while total > 1:
        reserve = length(counter(total, total))
        if reserve >= limit:
            raise ValueError(f"a limit of {limit} leaves no room for the posts' numbers")
        messages = split_messages(tokens, limit - reserve)
        if len(str(len(messages))) <= len(str(total)):
            break
        total = len(messages)
    if len(messages) < 2:
        return messages
    return [[*message, *counter(number, len(messages))]
            for number, message in enumerate(messages, 1)]


def cut(part: Sequence[Token], limit: int) -> list[list[Token]]:
    """Cut one paragraph longer than *limit*, closing open tags and reopening them after."""
    pieces: list[list[Token]] = []
    piece: list[Token] = []
    stack: list[Token] = []
    size = 0
    queue = deque(part)
    while queue:
        token = queue.popleft()
        kind, value, _ = token
        if kind in ("open", "close"):
            if kind == "open":
                stack.append(token)
            else:
                stack.pop()
            piece.append(token)
            continue
        if size + telegram_length(value) <= limit:
            piece.append(token)
            size += telegram_length(value)
            continue
        at = cut_point(value, limit - size) or (0 if size else hard_cut(value, limit))
        if at:
            piece.append(("text", value[:at].rstrip(), ""))
            queue.appendleft(("text", value[at:].lstrip(), ""))
        else:
            queue.appendleft(token)
        pieces.append([*piece, *_closing(stack)])
        piece, size = list(stack), 0
    pieces.append(piece)
    return pieces


def _closing(stack: Sequence[Token]) -> list[Token]:
    return [("close", f"</{tag}>", tag) for _, _, tag in reversed(stack)]


def cut_point(text: str, room: int) -> int:
    """The last whitespace at which *text* can be cut with its head fitting in *room*.

    >>> cut_point("one two three", 8), cut_point("one two three", 2)
    (7, 0)
    """
    used = 0
    best = 0
    for index, char in enumerate(text):
        if used > room:
            break
        if char.isspace() and index:
            best = index
        used += telegram_length(char)
    if used <= room:
        best = len(text)
    return best


def hard_cut(text: str, limit: int) -> int:
    """Where to cut a word longer than a message: as much as fits, never half a character.

    >>> hard_cut("🙂🙂🙂", 5)
    2
    """
    used = 0
    for index, char in enumerate(text):
        used += telegram_length(char)
        if used > limit:
            return max(index, 1)
    return len(text)
