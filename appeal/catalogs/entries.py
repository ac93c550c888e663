"""Small facts about one catalog entry that several stages need."""

from __future__ import annotations

from collections.abc import Sequence


def first_id(message_id: str | Sequence[str]) -> str:
    """The msgid an entry is known by: the singular form of a plural entry.

    >>> first_id("Contents"), first_id(("%(n)s minute", "%(n)s minutes"))
    ('Contents', '%(n)s minute')
    """
    return message_id if isinstance(message_id, str) else message_id[0]
