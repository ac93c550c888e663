"""How much ``appeal translate`` asks of an engine, and how its time grows with the text.

Part 1 counts segments sent to Apertium for the sample (es and pt, pt through a
Spanish pivot): a first run, a re-run with nothing changed (must be 0), and a
run after one paragraph was edited (must be 1 per language).

Part 2 drafts 1, 10 and 100 copies of the sample (every paragraph of copy *k*
marked ``[k]``, so no two share a segment) into Spanish with a fresh memory, and
prints the time per segment for each size: flat means linear growth.

    python benchmarks/bench_translate.py [--copies 1,10,100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_po4a import write_content

from appeal.mt.translate import (
    TranslateOptions,
    TranslateResult,
    translate_workspace,
)
from appeal.runner import Runner
from appeal.stages.context import RunContext
from appeal.stages.drafts import load_catalogs
from appeal.workspace import load_workspace

REPO = Path(__file__).resolve().parent.parent
EDITED = ("Solidarity forever!", "Solidarity forever, comrades!")


def word(number: int) -> str:
    """A made-up word per copy: numbers are shielded, so only letters keep copies apart.

    >>> word(1), word(27)
    ('Qb', 'Qbb')
    """
    letters = ""
    while number:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return "Q" + letters


def workspace(root: Path, languages: list[str], copies: int | None) -> Path:
    """A workspace with the repository's content (or marked copies of it)."""
    if copies is None:
        shutil.copytree(REPO / "content", root / "content")
    else:
        for path in write_content(root, copies):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\[(\d+)\]|\(copy (\d+)\)",
                          lambda m: f"[{word(int(m[1] or m[2]))}]", text)
            path.write_text(text, encoding="utf-8")
    names = ", ".join(f'"{lang}"' for lang in languages)
    (root / "appeal.toml").write_text(
        f'[appeal]\nproject = "bench"\nsource_language = "en"\nlanguages = [{names}]\n',
        encoding="utf-8")
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    return root


def translate(root: Path) -> tuple[TranslateResult, float]:
    ws = load_workspace(root)
    options = TranslateOptions(ws.languages)
    with Runner(ws) as runner:
        catalogs = load_catalogs(runner, RunContext(ws), ws.languages, update=True)
    if runner.failed:
        raise SystemExit(f"cannot update catalogs: {next(iter(runner.failed.values()))}")
    start = time.perf_counter()
    result = translate_workspace(ws, options, catalogs)
    if result.failed:
        raise SystemExit(f"translate failed: {result.failed[0]}")
    return result, time.perf_counter() - start


def counts(result: TranslateResult) -> str:
    return ", ".join(f"{item.language} {item.sent}" for item in result.languages)


def incremental(scratch: Path) -> None:
    root = workspace(scratch / "incremental", ["es", "pt"], None)
    first, _ = translate(root)
    again, _ = translate(root)
    doc = root / "content" / "appeal.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(*EDITED), encoding="utf-8")
    edited, _ = translate(root)
    print("segments sent to the engine, per language")
    print(f"  first run             {counts(first)}")
    print(f"  re-run, no change     {counts(again)}")
    print(f"  one paragraph edited  {counts(edited)}")
    ok = all(i.sent == 0 for i in again.languages) and all(
        i.sent == 1 for i in edited.languages)
    verdict = "as required" if ok else "NOT as required"
    print(f"  {verdict}: 0 on re-run, 1 per language after an edit")


def scaling(scratch: Path, sizes: list[int]) -> None:
    print("\ndrafting N copies of the sample into es (fresh memory each)")
    print(f"  {'copies':>6} {'segments':>9} {'seconds':>8} {'ms/segment':>11} {'ratio':>6}")
    base = None
    for copies in sizes:
        root = workspace(scratch / f"copies-{copies}", ["es"], copies)
        result, seconds = translate(root)
        segments = result.languages[0].sent
        per = seconds / max(segments, 1) * 1000
        base = base or per
        print(f"  {copies:>6} {segments:>9} {seconds:>8.2f} {per:>11.3f} {per / base:>6.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,10,100")
    parser.add_argument("--keep", type=Path, help="Keep the workspaces in this directory.")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.copies.split(",")]
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-translate-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        incremental(scratch)
        scaling(scratch, sizes)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
