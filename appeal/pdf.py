"""Print-ready A4 PDFs of the web pages, laid out by WeasyPrint with the pages' print stylesheet.

The PDF is the web page as printed: the same template, the same escaping, and
the ``@media print`` and ``@page`` rules of the page's own stylesheet (A4,
page numbers, no navigation). WeasyPrint shapes text with HarfBuzz through
Pango, so Cyrillic and Arabic come out joined and in the right order,
provided fonts that cover them are installed (``scripts/setup-system.sh``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from appeal.errors import ConfigError, SourceError

SETUP_HINT = "install WeasyPrint's system libraries: sh scripts/setup-system.sh"


def _no_fetching() -> Any:
    """A fetcher that loads nothing: a page is self-contained, and a PDF build must not
    touch the network or the disk on behalf of a link or an image in a translation."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            raise ValueError(f"appeal PDFs load no external resources ({url!r})")

    return NoFetching()


@contextlib.contextmanager
def _screen_rules_unreported() -> Iterator[None]:
    """Keep WeasyPrint's notes on screen-only CSS (``overflow-x``, dark mode) off the terminal.

    The stylesheet serves browsers first; WeasyPrint reports every property
    it does not lay out, which is expected and nothing the user can act on.
    """
    logger = logging.getLogger("weasyprint")
    saved = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = saved


def render_pdf(html: str) -> bytes:
    """One page's PDF; the same HTML always gives the same bytes (no timestamps)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise ConfigError(f"PDF output needs WeasyPrint: {exc}", hint=SETUP_HINT) from None
    try:
        with _screen_rules_unreported():
            return bytes(HTML(string=html, url_fetcher=_no_fetching()).write_pdf())
    except (ValueError, OSError) as exc:
        raise SourceError(f"cannot lay out the PDF: {exc}") from None
