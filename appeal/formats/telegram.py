"""Posts for a Telegram channel: the page reduced to Telegram's HTML, split into messages."""

from __future__ import annotations

from appeal.formats.registry import Format, register


def write_posts(name: str, rendered: str, page_url: str | None) -> dict[str, bytes]:
    """``<name>.telegram.<n>.html`` for each message the page needs, each ending with its
    place (``2/4``) when there are several."""
    from appeal.telegram import telegram_messages  # only when posts are made

    messages = telegram_messages(rendered, base=page_url, numbered=True)
    return {f"{name}.telegram.{number}.html": message.encode("utf-8")
            for number, message in enumerate(messages, 1)}


TELEGRAM = register(Format(
    name="telegram", label="Telegram posts",
    description="posts ready for a Telegram channel, at most 4096 characters each",
    template="page.telegram.html.j2", suffix="telegram.1.html",
    pattern="{name}.telegram.*.html", write=write_posts))
