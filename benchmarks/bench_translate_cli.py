"""``appeal translate`` from the shell against the raw Apertium pipelines, in one run.

For the seven languages Apertium reaches here (es, ca, gl, eo, pt, it, fr),
on the sample and on 10 marked copies of it (no two copies share a segment):

- **raw**: for each language, its route run once as Apertium's own command
  over the template's text, every msgid a paragraph (``apertium -u eng-spa``,
  piped into ``apertium -u es-pt`` for Portuguese through Spanish);
- **appeal**: ``appeal translate`` as a user runs it, with the catalogs
  updated beforehand and a fresh translation memory: start-up, reading the
  template and catalogs, shielding, the engines, the memory, writing the
  catalogs.

Each is run ``--repeat`` times, alternating, and the medians compared; the
ratio appeal / raw is printed per size (the target is at most 1.3).

    python benchmarks/bench_translate_cli.py [--copies 1,10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_translate import workspace

from appeal.catalogs import read_catalog
from appeal.mt.apertium import ApertiumEngine
from appeal.workspace import load_workspace

LANGUAGES = ["es", "ca", "gl", "eo", "pt", "it", "fr"]
APPEAL = [sys.executable, "-m", "appeal"]


def prepare(root: Path) -> Path:
    """Template and catalogs written; a pristine copy of the catalogs kept beside."""
    for command in (["extract"], ["update"]):
        subprocess.run([*APPEAL, "-q", "-C", str(root), *command], check=True)
    pristine = root.parent / f"{root.name}-locales"
    shutil.rmtree(pristine, ignore_errors=True)
    shutil.copytree(root / "locales", pristine)
    return pristine


def raw_commands(root: Path) -> list[str]:
    """One shell pipeline per language: the modes of its route, as ``apertium`` runs them."""
    engine = ApertiumEngine()
    pairs = engine.pairs()
    commands = []
    for lang in LANGUAGES:
        route = engine.routes("en", lang)[0]
        modes = [pairs[hop] for hop in route.hops]
        commands.append(" | ".join(f"apertium -u {mode}" for mode in modes))
    return commands


def template_text(root: Path, target: Path) -> Path:
    """The template's msgids as plain text, a blank line between them."""
    template = read_catalog(load_workspace(root).pot_path)
    target.write_text("\n\n".join(entry.id for entry in template if entry.id) + "\n",
                      encoding="utf-8")
    return target


def time_raw(commands: list[str], text: Path) -> float:
    """Every language's pipeline over the text; the text is the first program's input
    (``a | b < text`` would feed it to the last)."""
    start = time.perf_counter()
    for command in commands:
        with text.open("rb") as handle:
            subprocess.run(command, shell=True, check=True, stdin=handle,
                           stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_appeal(root: Path, pristine: Path) -> float:
    shutil.rmtree(root / "locales")
    shutil.copytree(pristine, root / "locales")
    (root / ".appeal" / "memory.sqlite").unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([*APPEAL, "-q", "-C", str(root), "translate"], check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="bench-translate-cli-"))
    print(f"{'copies':>6} {'segments':>9} {'raw s':>7} {'appeal s':>9} {'ratio':>6}")
    try:
        for copies in (int(n) for n in args.copies.split(",")):
            root = workspace(scratch / f"copies-{copies}", LANGUAGES,
                             None if copies == 1 else copies)
            pristine = prepare(root)
            text = template_text(root, scratch / f"text-{copies}.txt")
            commands = raw_commands(root)
            raw, ours = [], []
            for _ in range(args.repeat):
                raw.append(time_raw(commands, text))
                ours.append(time_appeal(root, pristine))
            segments = sum(1 for entry in read_catalog(load_workspace(root).pot_path)
                           if entry.id)
            base, mine = statistics.median(raw), statistics.median(ours)
            print(f"{copies:>6} {segments:>9} {base:>7.2f} {mine:>9.2f} {mine / base:>6.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
