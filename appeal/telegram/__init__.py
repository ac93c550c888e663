"""Telegram posts: a page's HTML reduced to the tags the Bot API accepts, split into messages.

Telegram's ``parse_mode=HTML`` understands a handful of inline tags and no
block structure: a heading becomes bold text, paragraphs are separated by a
blank line, list items become ``•`` lines. Anything else is dropped, keeping
its text. The input is parsed with :mod:`html.parser` and rebuilt from a
whitelist, so a translation can change the words of a post but never add a
tag Telegram would interpret.

A message may hold at most 4096 characters *after entity parsing*, counted as
Telegram counts them: in UTF-16 code units of the visible text (an emoji
outside the Basic Multilingual Plane counts two). Messages are cut at
paragraph boundaries; only a paragraph longer than a whole message is cut
inside, at a line break or a space, with open tags closed and reopened.

Posts of one document that needs several messages can each end with their
place, ``<i>2/4</i>`` (*numbered*); the room for it is kept free when cutting,
so a numbered post is still within the limit. A single post has no number.
"""

from __future__ import annotations

from appeal.telegram.convert import escape_html, serialize, telegram_length, telegram_tokens
from appeal.telegram.split import LIMIT, numbered_messages, split_messages

__all__ = ["LIMIT", "escape_html", "telegram_length", "telegram_messages", "telegram_tokens"]


def telegram_messages(html: str, *, base: str | None = None, limit: int = LIMIT,
                      numbered: bool = False) -> list[str]:
    """The posts for *html*, each valid Telegram HTML of at most *limit* characters.

    *base* is the page's own address, against which relative links are made
    absolute; without it they keep only their text. With *numbered*, each of
    several posts ends with its place among them (``2/4``), counted within *limit*.
    """
    tokens = telegram_tokens(html, base=base)
    messages = numbered_messages(tokens, limit) if numbered else split_messages(tokens, limit)
    return [serialize(message) for message in messages]
