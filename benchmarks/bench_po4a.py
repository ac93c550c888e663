"""Time `appeal build` against po4a on the same content, languages and outputs.

Both tools get a fresh workspace holding N copies of the sample documents
(content/*.md), every paragraph of every copy made distinct by its copy number,
and the same twelve target languages. For each N we time:

- a cold run: nothing but the sources exists; the tool writes the template, the
  twelve catalogs and the translated outputs of every language;
- a no-change re-run: the same command again, with nothing edited.

po4a runs with ``--keep 0`` so that every language's Markdown is written even
though the catalogs are empty, which is what `appeal build` does too.  po4a
writes only Markdown; `appeal build` also writes HTML, plain text and an index
page, so the comparison is generous to po4a.

Usage: python benchmarks/bench_po4a.py [--copies 1,10,100] [--repeat 1]
       [--appeal PATH] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "ca", "gl", "eo", "pt", "it", "fr", "de", "pl", "uk", "ru", "ar")
NOT_RUN = "not run"
PO4A_OPTIONS = 'opt:"--option markdown --option yfm_keys=title,description"'


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds for one tool at one size; None when the tool could not run."""

    cold: float | None
    rerun: float | None
    error: str = ""


def mark_block(block: str, copy: int) -> str:
    """Make one Markdown block unique to its copy, keeping its Markdown structure.

    >>> mark_block("## Boris", 7)
    '## Boris (copy 7)'
    >>> mark_block("- one\\n- two", 2)
    '- [2] one\\n- [2] two'
    >>> mark_block("{lang=uk}\\n> «Verse", 3)
    '{lang=uk}\\n> [3] «Verse'
    """
    if block.startswith("<!--"):
        return block
    if block.startswith("#"):
        return f"{block} (copy {copy})"
    if block.startswith("- "):
        return re.sub(r"^- ", f"- [{copy}] ", block, flags=re.MULTILINE)
    if block.startswith("{"):
        attrs, _, rest = block.partition("\n")
        return f"{attrs}\n{mark_block(rest, copy)}"
    if block.startswith("> "):
        return f"> [{copy}] {block[2:]}"
    return f"[{copy}] {block}"


def copy_document(text: str, copy: int) -> str:
    """The document with its title, description and every block marked by *copy*."""
    _, front, body = text.split("---\n", 2)
    fields = yaml.safe_load(front)
    for key in ("title", "description"):
        fields[key] = f"[{copy}] {fields[key]}"
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    blocks = body.strip("\n").split("\n\n")
    marked = "\n\n".join(mark_block(block, copy) for block in blocks)
    return f"---\n{front}---\n\n{marked}\n"


def write_content(root: Path, copies: int) -> list[Path]:
    """Write *copies* marked copies of every sample document; return their paths."""
    content = root / "content"
    content.mkdir(parents=True)
    written = []
    for source in sorted((REPO / "content").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for copy in range(1, copies + 1):
            path = content / f"{source.stem}-{copy:03d}.md"
            path.write_text(copy_document(text, copy), encoding="utf-8")
            written.append(path)
    return written


def po4a_workspace(root: Path, copies: int) -> list[str]:
    """A po4a project: sources plus po4a.cfg; returns the command to run."""
    documents = write_content(root, copies)
    lines = [
        f"[po4a_langs] {' '.join(LANGUAGES)}",
        "[po4a_paths] locales/messages.pot $lang:locales/$lang/LC_MESSAGES/messages.po",
        "[options] opt:\"--keep 0\"",
    ]
    for path in documents:
        name = path.relative_to(root)
        lines.append(f"[type: text] {name} $lang:dist/$lang/{path.name} {PO4A_OPTIONS}")
    (root / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang in LANGUAGES:  # po4a 0.69 creates neither the catalog nor the output folders
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True)
        (root / "dist" / lang).mkdir(parents=True)
    return ["po4a", "po4a.cfg"]


def appeal_workspace(root: Path, copies: int, appeal: str) -> list[str]:
    """An appeal workspace with the repository's extraction map; pages use appeal's templates."""
    write_content(root, copies)
    languages = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    (root / "appeal.toml").write_text(
        f'[appeal]\nproject = "bench"\nsource_language = "en"\nlanguages = [{languages}]\n'
        'formats = ["html", "md", "txt"]\n', encoding="utf-8")
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    return [appeal, "-q", "-C", str(root), "build"]


def run(command: list[str], cwd: Path) -> float:
    """Seconds taken by *command*; raises on failure, with its output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(f"{command[0]} exited {done.returncode}: "
                           f"{' | '.join(output[-3:])}")
    return elapsed


Setup = Callable[[Path, int], list[str]]


def measure(setup: Setup, copies: int, repeat: int, scratch: Path) -> Timing:
    """Median cold and re-run times over *repeat* fresh workspaces."""
    colds, reruns = [], []
    for attempt in range(repeat):
        root = scratch / f"{setup.__name__}-{copies}-{attempt}"
        command = setup(root, copies)
        try:
            colds.append(run(command, root))
            reruns.append(run(command, root))
        except (RuntimeError, OSError) as error:
            return Timing(None, None, str(error))
    return Timing(statistics.median(colds), statistics.median(reruns))


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}"


def seconds(value: float | None, timing: Timing) -> str:
    if value is not None:
        return f"{value:.2f}s"
    return "-" if timing.error == NOT_RUN else "failed"


def report(results: dict[int, tuple[Timing, Timing]]) -> None:
    """Print one row per size: times of both tools and the ratio appeal/po4a."""
    header = (f"{'copies':>6}  {'po4a cold':>10}  {'appeal cold':>11}  {'ratio':>5}  "
              f"{'po4a rerun':>10}  {'appeal rerun':>12}  {'ratio':>5}")
    print(header)
    print("-" * len(header))
    for copies, (po4a, ours) in results.items():
        print(f"{copies:>6}  {seconds(po4a.cold, po4a):>10}  {seconds(ours.cold, ours):>11}  "
              f"{ratio(ours.cold, po4a.cold):>5}  {seconds(po4a.rerun, po4a):>10}  "
              f"{seconds(ours.rerun, ours):>12}  {ratio(ours.rerun, po4a.rerun):>5}")
    errors = {f"{tool}: {t.error}" for po4a, ours in results.values()
              for tool, t in (("po4a", po4a), ("appeal", ours)) if t.error not in ("", NOT_RUN)}
    for error in sorted(errors):
        print(error, file=sys.stderr)
    print("ratio = appeal / po4a (below 1: appeal is faster)")


def default_appeal() -> str:
    """The `appeal` next to this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "appeal"
    return str(beside) if beside.exists() else shutil.which("appeal") or "appeal"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,10,100",
                        help="sizes to measure, comma-separated (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; median kept")
    parser.add_argument("--appeal", default=default_appeal(), help="the appeal command")
    parser.add_argument("--only", choices=("po4a", "appeal"), help="time one tool only")
    parser.add_argument("--keep", type=Path, help="build workspaces here and keep them")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(n) for n in args.copies.split(",")]
    skipped = Timing(None, None, NOT_RUN)
    with tempfile.TemporaryDirectory(prefix="appeal-bench-") as temporary:
        scratch = args.keep or Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)

        def appeal(root: Path, copies: int) -> list[str]:
            return appeal_workspace(root, copies, args.appeal)

        results = {}
        for copies in sizes:
            po4a = skipped if args.only == "appeal" else measure(
                po4a_workspace, copies, args.repeat, scratch)
            ours = skipped if args.only == "po4a" else measure(
                appeal, copies, args.repeat, scratch)
            results[copies] = (po4a, ours)
    report(results)
    failed = any(t.error not in ("", NOT_RUN) for pair in results.values() for t in pair)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
