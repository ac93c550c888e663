"""Opening built pages in headless Chromium (Debian's, driven through Playwright).

The ``browser`` and ``visit`` fixtures in ``conftest.py`` use this: one browser
for the whole run, since Playwright's sync API allows one instance per thread.
"""

from __future__ import annotations

from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


class Visit:
    """One page opened in a fresh context, with every console error and page error kept."""

    def __init__(self, browser: Any, url: str, *, viewport: dict[str, int],
                 locale: str = "en-US") -> None:
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def evaluate(self, script: str) -> Any:
        return self.page.evaluate(script)

    def close(self) -> None:
        self.context.close()
