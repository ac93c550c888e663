"""Output formats, each registered once: name, label, scope, template and file writer.

The command line's ``--format`` choices, the index page's links, the status
dashboard and the README's table of formats all come from :data:`FORMATS`.
A new format is one module here that calls :func:`register`, and one line
below importing it.
"""

from appeal.formats.registry import FORMATS, Format, Scope, document_formats, get_format, register

# Importing the modules registers their formats; their order is the order pages list them.
# isort: off
from appeal.formats import html, markdown, text, telegram, pdf  # noqa: F401
# isort: on

__all__ = ["FORMATS", "Format", "Scope", "document_formats", "get_format", "register"]
