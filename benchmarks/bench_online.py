"""Time the online engines against deep-translator's own ``translate_batch`` on one stand-in.

Both sides talk to the same local stand-in (tests/mt/standins.py), which waits
``--latency`` seconds (default 50 ms) before every answer, as a distant provider
would. deep-translator sends one request per text, one after another. Google
takes one text per request on both sides, so only parallel requests help;
LibreTranslate accepts many texts per request, so batching helps too. The target
is at least 8 times less wall time.

Google's stand-in speaks TLS as translate.google.com (a throwaway authority,
trusted through ``REQUESTS_CA_BUNDLE`` for this run), and deep-translator
reaches it as appeal's engine does: with its public ``proxies`` parameter
pointing at appeal's relay, which connects the tunnel to the stand-in. So both
sides pay the relay; only the scheduling differs.

    python benchmarks/bench_online.py [--segments 200] [--latency 0.05] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from deep_translator import GoogleTranslator, LibreTranslator  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from appeal.mt.apis import LibreTranslateEngine  # noqa: E402
from appeal.mt.base import Route  # noqa: E402
from appeal.mt.deeptranslator import GoogleEngine  # noqa: E402
from appeal.mt.http import Policy, Transport  # noqa: E402
from appeal.mt.online import OnlineEngine  # noqa: E402
from appeal.mt.relay import Ticket, shared_relay  # noqa: E402
from tests.mt.standins import serve, trust_file  # noqa: E402


def timed(job: Callable[[], list[str]]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    out = job()
    return time.perf_counter() - start, out


def _serve_forever(provider: str, latency: float, pipe: Any) -> None:
    with serve(provider, latency=latency) as standin:
        pipe.send((standin.url, standin.endpoint))
        pipe.recv()


@contextmanager
def remote(provider: str, latency: float) -> Iterator[tuple[str, str]]:
    """A stand-in in its own process: a provider's CPU time is not the client's.

    Forked, so that it serves TLS with the authority this process trusts.
    """
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve_forever, args=(provider, latency, theirs))
    process.start()
    try:
        yield ours.recv()
    finally:
        ours.send("stop")
        process.join()


def policy(engine: type[OnlineEngine], concurrency: int | None) -> Policy:
    """The engine's default policy, or one with the concurrency asked for."""
    return Policy(timeout=engine.timeout, concurrency=concurrency or engine.concurrency)


def sides(provider: str, url: str, endpoint: str, concurrency: int | None,
          stack: ExitStack) -> tuple[Any, OnlineEngine]:
    """deep-translator's translator and appeal's engine, both aimed at the stand-in."""
    if provider == "google":
        ticket = Ticket(Transport("google", Policy()), GoogleEngine.fixed_url, endpoint)
        stack.enter_context(shared_relay().admit(ticket))
        return (GoogleTranslator(source="en", target="es", proxies=ticket.proxies),
                GoogleEngine(endpoint, policy=policy(GoogleEngine, concurrency)))
    return (LibreTranslator(source="en", target="es", api_key="unused", custom_url=url + "/"),
            LibreTranslateEngine(url, policy=policy(LibreTranslateEngine, concurrency)))


def compare(provider: str, texts: list[str], latency: float, concurrency: int | None) -> float:
    """Print both wall times for ``provider`` and return the ratio."""
    with remote(provider, latency) as (url, endpoint), ExitStack() as stack:
        theirs, ours = sides(provider, url, endpoint, concurrency, stack)
        base, expected = timed(lambda: theirs.translate_batch(texts))
        mine, got = timed(lambda: ours.translate_batch(texts, Route(provider, ("en", "es"))))
    if got != expected:
        raise SystemExit(f"{provider}: the two sides disagree")
    ratio = base / mine
    print(f"{provider:15} deep-translator {base:7.2f} s   appeal {mine:6.2f} s   "
          f"{ratio:6.1f}× less wall time")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=None,
                        help="requests in flight (default: each engine's own default)")
    args = parser.parse_args()
    texts = [f"Segment number {n} of the appeal." for n in range(args.segments)]
    print(f"{args.segments} segments, {args.latency * 1000:.0f} ms per request, "
          f"{args.concurrency or 'default'} requests in flight")
    with tempfile.TemporaryDirectory() as directory:
        os.environ["REQUESTS_CA_BUNDLE"] = str(trust_file(Path(directory)))
        for provider in ("google", "libretranslate"):
            compare(provider, texts, args.latency, args.concurrency)


if __name__ == "__main__":
    main()
