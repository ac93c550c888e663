"""Time the Apertium engine against the raw Apertium pipeline on the same documents.

For every language Apertium can reach from English, the baseline runs the
``apertium -u`` command once over the whole text of ``content/*.md`` (two commands
piped together where the route has a pivot). The engine translates every segment
of the same documents (``parse_document`` + ``extract_segments``) along the
shortest route. The ratio engine / baseline is printed; the target is ≤ 1.3.

    python benchmarks/bench_apertium.py [--languages es,ca,pt] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from appeal.mt.apertium import ApertiumEngine
from appeal.segments import extract_segments, parse_document

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "ca", "gl", "eo", "pt", "it", "fr")


def documents() -> tuple[str, list[str]]:
    """The whole text of the content files, and their segments."""
    paths = sorted((ROOT / "content").glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    segments = [s.text for p, t in zip(paths, texts, strict=True)
                for s in extract_segments(parse_document(t, name=p.stem, path=p))]
    return "\n\n".join(texts), segments


def raw_pipeline(text: str, modes: list[str]) -> float:
    """Seconds for ``apertium -u mode1 | apertium -u mode2 ...`` over ``text``."""
    command = " | ".join(f"apertium -u {mode}" for mode in modes)
    start = time.perf_counter()
    subprocess.run(["bash", "-c", command], input=text.encode(), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def engine_run(segments: list[str], languages: list[str], *, memo: bool) -> dict[str, float]:
    """Seconds per language for a fresh engine (pipelines start inside the timing)."""
    engine = ApertiumEngine(memo=memo)
    times = {}
    try:
        for lang in languages:
            route = engine.routes("en", lang)[0]
            start = time.perf_counter()
            out = engine.translate_batch(segments, route)
            times[lang] = time.perf_counter() - start
            assert len(out) == len(segments)
    finally:
        engine.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text, segments = documents()
    probe = ApertiumEngine()
    languages = [lang for lang in args.languages.split(",") if probe.routes("en", lang)]
    pairs = probe.pairs()
    modes = {lang: [pairs[hop] for hop in probe.routes("en", lang)[0].hops]
             for lang in languages}
    print(f"{len(segments)} segments, {len(text)} characters, languages: {languages}")
    raw = {lang: min(raw_pipeline(text, modes[lang]) for _ in range(args.repeat))
           for lang in languages}
    runs = {memo: [engine_run(segments, languages, memo=memo) for _ in range(args.repeat)]
            for memo in (False, True)}
    print(f"{'language':10} {'route':22} {'raw s':>7} {'engine s':>9} {'ratio':>6}")
    for lang in languages:
        best = min(run[lang] for run in runs[False])
        label = probe.routes("en", lang)[0].label
        print(f"{lang:10} {label:22} {raw[lang]:7.3f} {best:9.3f} {best / raw[lang]:6.2f}")
    total_raw = sum(raw.values())
    for memo in (False, True):
        total = min(sum(run.values()) for run in runs[memo])
        name = "all, pivot reuse" if memo else "all, no reuse"
        print(f"{name:33} {total_raw:7.3f} {total:9.3f} {total / total_raw:6.2f}")


if __name__ == "__main__":
    main()
