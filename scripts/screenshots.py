"""Take the README's screenshots: the sample appeal in English and in Arabic (right to left).

Builds a copy of this repository's workspace as ``make demo`` does (drafts
included; the checkout is left as it is) and photographs two pages with
Debian's Chromium through Playwright:

    .venv/bin/python scripts/screenshots.py        # writes docs/page-en.png, docs/page-ar.png
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = {"en": "page-en.png", "ar": "page-ar.png"}
VIEWPORT = {"width": 900, "height": 1000}


def build_copy(target: Path) -> Path:
    for name in ("appeal.toml", "babel.cfg"):
        shutil.copyfile(REPO / name, target / name)
    for name in ("content", "templates", "locales"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    subprocess.run([sys.executable, "-m", "appeal", "-q", "-C", str(target), "build",
                    "--lang", ",".join(SHOTS), "--format", "html", "--drafts"], check=True)
    return target / "dist"


def main() -> None:
    (REPO / "docs").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        dist = build_copy(Path(tmp))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        for lang, name in SHOTS.items():
            page.goto((dist / lang / "appeal.html").as_uri())
            page.screenshot(path=str(REPO / "docs" / name))
        browser.close()


if __name__ == "__main__":
    main()
