"""Keep secrets out of what appeal prints: keys and e-mail addresses, in messages and logs.

Engine keys come from the environment and go into headers, bodies or query
strings; a server's error page, requests' message about a failed URL or
urllib3's ``-vv`` debug lines can carry them back. Everything appeal shows is
passed through :func:`redact`, and the command line puts :class:`RedactingFilter`
on its log handler. This module imports nothing of appeal's and nothing heavy,
so that the command line can load it on every run.
"""

from __future__ import annotations

import logging
import os
import re

SECRET_VARIABLES = ("DEEPL_AUTH_KEY", "MICROSOFT_TRANSLATOR_KEY", "LIBRETRANSLATE_API_KEY",
                    "MYMEMORY_EMAIL", "GOOGLE_API_KEY")
"""Environment variables whose values never appear in appeal's output."""
_EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def redact(text: str, *, emails: bool = True) -> str:
    """*text* with every configured key and (unless not *emails*) every e-mail address
    replaced. The command line hides keys in all it prints; an engine's messages and the
    debug log hide addresses too, since a provider's request carries the organizer's.

    >>> os.environ["DEEPL_AUTH_KEY"] = "3f9a-secret:fx"
    >>> redact("GET /get?q=Hi&de=me%40example.org key 3f9a-secret:fx")
    'GET /get?q=Hi&de=<e-mail> key <DEEPL_AUTH_KEY>'
    >>> del os.environ["DEEPL_AUTH_KEY"]
    """
    for name in SECRET_VARIABLES:
        value = os.environ.get(name, "")
        if len(value) >= 4:
            text = text.replace(value, f"<{name}>")
    return _EMAIL.sub("<e-mail>", text) if emails else text


class RedactingFilter(logging.Filter):
    """A log handler's filter that writes every record's message redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
