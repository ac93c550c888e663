"""Time ``appeal`` catalog updates against GNU ``msgmerge`` on a 10,000-entry catalog.

Builds distinct copies of a realistic corpus of paragraphs (``content/*.md``, else the
sample appeal), writes a template and translated catalogs for several languages,
edits 1 % of the paragraphs, then updates the catalogs both ways, side by side on the
same inputs, and prints the times and their ratio.

    python benchmarks/bench_update.py [--entries 10000] [--languages de,uk,fr]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from babel.messages.catalog import Catalog

from appeal.catalogs import read_catalog, update_catalogs, write_catalog
from appeal.catalogs.bridge import from_babel
from appeal.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопярстужвьыз")


def corpus() -> list[str]:
    """Paragraphs of the appeal: blank-line separated blocks, joined to one line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("*.md"))]
    paragraphs = []
    for text in texts:
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        for block in re.split(r"\n\s*\n", body):
            block = " ".join(block.split())
            if block and not block.startswith("<!--"):
                paragraphs.append(block)
    return list(dict.fromkeys(paragraphs))


def build(paragraphs: list[str], entries: int) -> list[str]:
    copies = max(100, -(-entries // len(paragraphs)))
    return [f"[{copy}] {text}" for copy in range(copies) for text in paragraphs][:entries]


def template_of(msgids: list[str]) -> Catalog:
    template = Catalog(project="bench", fuzzy=True)
    for number, msgid in enumerate(msgids):
        template.add(msgid, locations=[(f"content/part{number // 500}.md", number % 500 + 1)],
                     auto_comments=["paragraph"])
    return template


def translated(template: Catalog, lang: str) -> Catalog:
    catalog = Catalog(locale=lang, project="bench", fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, message.id.translate(CYRILLIC), locations=message.locations,
                        auto_comments=message.auto_comments,
                        user_comments=["reviewed"] if len(catalog) % 7 == 0 else ())
    return catalog


def edit(msgids: list[str], share: float, rng: random.Random) -> list[str]:
    edited = list(msgids)
    for index in rng.sample(range(len(msgids)), int(len(msgids) * share)):
        words = edited[index].split()
        words[rng.randrange(1, len(words))] = "edited"
        edited[index] = " ".join(words)
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--languages", default="de,uk,fr")
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    msgids = build(corpus(), args.entries)
    old, new = template_of(msgids), template_of(edit(msgids, 0.01, random.Random(1)))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws = Workspace(root=root / "ours", languages=languages)
        write_catalog(root / "new.pot", from_babel(new))
        for lang in languages:
            write_catalog(ws.po_path(lang), from_babel(translated(old, lang), locale=lang))
            shutil.copy(ws.po_path(lang), root / f"{lang}.po")

        start = time.perf_counter()
        result = update_catalogs(ws, read_catalog(root / "new.pot"), languages)
        ours = time.perf_counter() - start
        assert not result.failed and result.updated == languages, result

        start = time.perf_counter()
        for lang in languages:
            subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(root / f"{lang}.out"),
                            str(root / f"{lang}.po"), str(root / "new.pot")], check=True)
        gnu = time.perf_counter() - start

        ours_fuzzy = ws.po_path(languages[0]).read_text(encoding="utf-8").count("#, fuzzy\n")
        gnu_fuzzy = (root / f"{languages[0]}.out").read_text(encoding="utf-8").count("#, fuzzy\n")
    print(f"entries: {len(msgids)}  edited: {int(len(msgids) * 0.01)}  languages: {len(languages)}")
    print(f"appeal update:  {ours:6.2f} s  ({ours / len(languages):.2f} s per language,"
          f" {ours_fuzzy} fuzzy)")
    print(f"GNU msgmerge:   {gnu:6.2f} s  ({gnu / len(languages):.2f} s per language,"
          f" {gnu_fuzzy} fuzzy)")
    print(f"ratio appeal/msgmerge: {ours / gnu:.2f}")


if __name__ == "__main__":
    main()
