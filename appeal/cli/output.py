"""What the command line prints: text from catalogs, documents and engines made safe to show.

A msgstr, a file name or an engine's error message may hold an ANSI escape
sequence (which would recolour, move or clear the user's terminal), another
control character, or a bidirectional override that makes a line read other
than it is. Everything printed passes through :func:`printable`, which shows
such characters as escapes; line breaks and tabs stay. Nothing printed shows
an engine's key (:func:`appeal.redact.redact`).
"""

from __future__ import annotations

import re

import click

from appeal.redact import redact

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """*text* with control and direction-override characters shown as escapes.

    >>> printable("red \\x1b[31malert\\x1b[0m, \\u202eevil\\u202c, tab\\there")
    'red \\\\x1b[31malert\\\\x1b[0m, \\\\u202eevil\\\\u202c, tab\\there'
    """
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                       else f"\\u{ord(m[0]):04x}", text)


def echo(text: str, *, err: bool = False) -> None:
    """Print one line (or several) safely; the only way the command line prints text."""
    click.echo(printable(redact(text, emails=False)), err=err)
