"""Reading and writing a 1 MB catalog: appeal against GNU ``msgcat``, in one run.

The catalog is real text: the ``django.po`` of Django's languages (the
archive the tests fetch, ``tests/po_corpus.py``), each entry given its
language as ``msgctxt`` so that none collide, until the file passes 1 MB; it
holds Latin, Cyrillic, Arabic, CJK and Indic scripts. It is put through
``msgcat`` once, so that both tools start from the same GNU layout.

- **msgcat**: ``msgcat catalog.po -o out.po`` from the shell;
- **appeal**: a Python process from the shell that reads the catalog with
  appeal's strict reader and writes it with its writer (start-up included),
  and, inside that process, the read and the write alone.

Each is run ``--repeat`` times, alternating, and the medians compared; the
ratio appeal / msgcat is printed (the target is at most 2).

    python benchmarks/bench_catalog_io.py [--repeat 5] [--size 1000000]

``PYTHONPATH=<another checkout>`` times that checkout's appeal instead (the
same catalog and msgcat run), for a comparison with an earlier version.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.po_corpus import corpus, language_of

ROUND_TRIP = """
import sys, time
from pathlib import Path
from appeal.catalogs import format_catalog, read_catalog
started = time.perf_counter()
catalog = read_catalog(Path(sys.argv[1]), locale="uk")
read = time.perf_counter()
Path(sys.argv[2]).write_bytes(format_catalog(catalog))
print(read - started, time.perf_counter() - read)
"""


def big_catalog(folder: Path, size: int) -> Path:
    """A catalog of at least *size* bytes from the Django catalogs, in msgcat's layout."""
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
              'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n')
    chunks = [header]
    total = len(header)
    sources = [p for p in corpus() if p.name == "django.po" and "conf/locale" in str(p)]
    for path in sources:
        lang = language_of(path)
        text = path.read_text(encoding="utf-8")
        for block in text.split("\n\n")[1:]:
            if "msgctxt" in block or "msgid_plural" in block or "\nmsgid " not in "\n" + block:
                continue
            block = re.sub(r"^msgid ", f'msgctxt "{lang}"\nmsgid ', block, count=1,
                           flags=re.MULTILINE)
            chunks.append("\n" + block + "\n")
            total += len(block.encode()) + 2
        if total >= size:
            break
    raw = folder / "raw.po"
    raw.write_text("".join(chunks), encoding="utf-8")
    catalog = folder / "catalog.po"
    subprocess.run(["msgcat", str(raw), "-o", str(catalog)], check=True)
    return catalog


def timed(command: list[str], folder: Path) -> tuple[float, str]:
    """Run *command* in *folder* (not in the repository, whose ``appeal`` would then come
    first on the path: ``PYTHONPATH=<other checkout>`` measures that checkout)."""
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=folder)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        catalog = big_catalog(folder, args.size)
        gnu_out, appeal_out = folder / "gnu.po", folder / "appeal.po"
        gnu, appeal, inside = [], [], []
        for _ in range(args.repeat):
            gnu.append(timed(["msgcat", str(catalog), "-o", str(gnu_out)], folder)[0])
            seconds, printed = timed([sys.executable, "-c", ROUND_TRIP, str(catalog),
                                      str(appeal_out)], folder)
            appeal.append(seconds)
            inside.append(sum(float(part) for part in printed.split()))
        same = gnu_out.read_bytes() == appeal_out.read_bytes() == catalog.read_bytes()
        entries = catalog.read_text(encoding="utf-8").count("\nmsgid ") - 1
        print(f"catalog: {catalog.stat().st_size:,} bytes, {entries:,} entries; "
              f"outputs identical to msgcat's: {same}")
        print(f"msgcat:                      {statistics.median(gnu):.3f} s")
        print(f"appeal (process from shell): {statistics.median(appeal):.3f} s  "
              f"ratio {statistics.median(appeal) / statistics.median(gnu):.2f}")
        print(f"appeal (read + write only):  {statistics.median(inside):.3f} s  "
              f"ratio {statistics.median(inside) / statistics.median(gnu):.2f}")


if __name__ == "__main__":
    main()
