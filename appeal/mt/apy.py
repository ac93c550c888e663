"""Apertium through an ``apertium-apy`` server, for a team that shares one machine's pairs.

The server keeps its pipelines warm, so a request costs milliseconds. Segments
go to ``/translateRaw`` already in Apertium's stream format (the same escaping
as the local engine), several per request: each is closed by a sentence end and
a numbered superblank that Apertium passes through untouched, and an answer is
accepted only when every number comes back once and in order. A batch whose
separators do not survive is sent again one segment per request. The server
cannot chain pairs, so a pivot route is one round of requests per hop; as
with the local engine, every hop's results are remembered for the run, so
Portuguese through Spanish sends only the Spanish→Portuguese hop once Spanish
itself was drafted.

Requests go through the engines' HTTP client (:mod:`appeal.mt.http`): a
timeout on each, and urllib3's retries when the server is busy or broken (a
``5xx``, a timeout), with ``timeout``, ``retries``, ``backoff`` and
``max_wait`` read from ``[engines.apy]`` as for the online engines.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from appeal.errors import ConfigError, EngineError
from appeal.mt.apertium import MEMO_LIMIT, iso3, variety_routes
from appeal.mt.base import Availability, Route, engine_settings
from appeal.mt.http import AttemptError, Policy, Transport
from appeal.mt.pipeline import escape, marked_words, unescape, unmarked

DEFAULT_URL = "http://127.0.0.1:2737"
CHUNK_CHARS = 4000
"""Characters per request: large enough to amortise the request, small enough for APY."""

_SEPARATOR = re.compile(r"\s*\.?\s*\[\]\s*\[<appeal:(\d+)>\]")

_LOOPBACK = """\
import sys
import tornado.httpserver
_bind = tornado.httpserver.HTTPServer.bind
def bind(self, port, address=None, *args, **kwargs):
    return _bind(self, port, "127.0.0.1", *args, **kwargs)
tornado.httpserver.HTTPServer.bind = bind
from apertium_apy.apy import main
sys.argv[0] = "apertium-apy"
main()
"""


def loopback_command(pairs_path: Path, port: int, *extra: str) -> list[str]:
    """A command line starting ``apertium-apy`` listening on 127.0.0.1 only.

    apertium-apy 0.11 has no option for the address and listens on every
    interface; this wraps its entry point and pins the address to loopback.
    """
    return [sys.executable if _has_apy() else "/usr/bin/python3", "-c", _LOOPBACK,
            str(pairs_path), "--port", str(port), *extra]


def _has_apy() -> bool:
    import importlib.util

    return importlib.util.find_spec("apertium_apy") is not None


class ApyEngine:
    """An apertium-apy server at ``[engines.apy] url``."""

    name: ClassVar[str] = "apy"
    batch_size: ClassVar[int] = 200
    shields_with_names: ClassVar[bool] = True
    """Glossary terms reach it as names it knows (see :mod:`appeal.mt.protect`)."""
    timeout: ClassVar[float] = 30.0

    def __init__(self, url: str = DEFAULT_URL, *, timeout: float | None = None,
                 policy: Policy | None = None) -> None:
        self.url = url.rstrip("/")
        self.policy = policy or Policy(timeout=timeout if timeout is not None else self.timeout,
                                       concurrency=1)
        self.transport = Transport(self.name, self.policy)
        self._pairs: set[tuple[str, str]] | None = None
        self._hops: dict[tuple[str, str], str] = {}
        """(langpair, stream) → answer: what every pivot route through that hop reuses."""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ApyEngine:
        """Build from ``[engines.apy]``: ``url``, and ``timeout``, ``retries`` and so on."""
        table = engine_settings(settings, cls.name)
        url = table.get("url", DEFAULT_URL)
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError("[engines.apy] url must be an http(s) URL", path="appeal.toml")
        return cls(url, policy=Policy.from_table(table, cls.name, cls.timeout, concurrency=1))

    @property
    def leaves_machine(self) -> bool:
        """A server on this machine keeps the text here; any other receives it."""
        host = (urlsplit(self.url).hostname or "").lower()
        return host not in ("127.0.0.1", "localhost", "::1")

    def pairs(self) -> set[tuple[str, str]]:
        """Directions the server offers, asked once per engine."""
        if self._pairs is None:
            answer = json.loads(self._call("listPairs", {}))
            try:
                self._pairs = {(iso3(p["sourceLanguage"]), iso3(p["targetLanguage"]))
                               for p in answer["responseData"]}
            except (KeyError, TypeError) as error:
                raise EngineError(f"unexpected /listPairs answer from {self.url}: "
                                  f"{error!r}") from None
        return self._pairs

    def availability(self) -> Availability:
        try:
            count = len(self.pairs())
        except EngineError as error:
            return Availability(False, f"server unreachable: {error.message}")
        return Availability(count > 0, f"{count} pairs at {self.url}")

    def routes(self, source: str, target: str) -> list[Route]:
        """As the local engine finds them: ``spa|por_BR`` for ``pt_BR``, ``spa|por`` for
        ``pt_PT``."""
        return variety_routes(self.name, self.pairs(), source, target)

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        """Translate along ``route``, one round of requests per hop."""
        return [text for text, _ in self.translate_marked(texts, route)]

    def translate_marked(self, texts: Sequence[str], route: Route
                         ) -> list[tuple[str, tuple[str, ...]]]:
        """Each translation with the words the server marked as unknown on some hop."""
        if route.engine != self.name or len(route.steps) < 2:
            raise EngineError(f"not an apy route: {route.label!r}")
        todo = [i for i, text in enumerate(texts) if text.strip()]
        streams = [escape(texts[i].strip()) for i in todo]
        unknown: list[list[str]] = [[] for _ in todo]
        for source, target in route.hops:
            streams = self._hop(f"{source}|{target}", streams)
            for words, stream in zip(unknown, streams, strict=True):
                words.extend(marked_words(stream))
            streams = [unmarked(stream) for stream in streams]
        result: list[tuple[str, tuple[str, ...]]] = [(text, ()) for text in texts]
        for i, stream, words in zip(todo, streams, unknown, strict=True):
            text = texts[i]
            start = text.index(text.strip())
            end = start + len(text.strip())
            result[i] = (text[:start] + unescape(stream).strip() + text[end:],
                         tuple(dict.fromkeys(words)))
        return result

    def _hop(self, langpair: str, streams: list[str]) -> list[str]:
        """One pair over every stream, asking the server only for what is not remembered."""
        wanted = sorted({s for s in streams if (langpair, s) not in self._hops})
        fresh: dict[tuple[str, str], str] = {}
        for chunk in _chunks(wanted):
            joined = "".join(f"{s} .[] [<appeal:{n}>] " for n, s in enumerate(chunk))
            parts = _split(self._raw(langpair, joined), len(chunk))
            if parts is None:
                parts = [self._one(langpair, s) for s in chunk]
            fresh.update(((langpair, s), part) for s, part in zip(chunk, parts, strict=True))
        if len(self._hops) + len(fresh) > MEMO_LIMIT:
            self._hops.clear()
        self._hops.update(fresh)
        return [fresh.get((langpair, s)) or self._hops[(langpair, s)] for s in streams]

    def _one(self, langpair: str, stream: str) -> str:
        """One segment alone, for a batch whose separators did not come back intact."""
        parts = _split(self._raw(langpair, f"{stream} .[] [<appeal:0>] "), 1)
        if parts is None:
            raise EngineError(f"apy at {self.url} lost the end of a segment ({langpair})")
        return parts[0]

    def _raw(self, langpair: str, stream: str) -> str:
        return self._call("translateRaw", {"langpair": langpair, "q": stream,
                                          "markUnknown": "yes", "deformat": "False"})

    def _call(self, endpoint: str, form: dict[str, str]) -> str:
        """One POST (retried while the server is busy); a failure is an ``EngineError``."""
        url = f"{self.url}/{endpoint}"
        try:
            return self.transport.send("POST", url, data=form).content.decode("utf-8")
        except AttemptError as failure:
            if failure.status is not None:
                raise EngineError(f"apy at {self.url} answered {failure.status} to /{endpoint}: "
                                  f"{failure.detail}") from None
            raise EngineError(f"apy request {url} failed: {failure.detail}") from None
        except UnicodeDecodeError as error:
            raise EngineError(f"apy request {url} failed: {error}") from None


def _chunks(streams: list[str]) -> list[list[str]]:
    """Consecutive groups of at most ``CHUNK_CHARS`` characters (a long text goes alone)."""
    chunks: list[list[str]] = [[]]
    size = 0
    for stream in streams:
        if chunks[-1] and size + len(stream) > CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(stream)
        size += len(stream)
    return [c for c in chunks if c]


def _split(answer: str, count: int) -> list[str] | None:
    """The translated segments, or None unless separators 0..count-1 came back in order.

    >>> _split("Hola .[] [<appeal:0>] Mundo .[] [<appeal:1>] ", 2)
    ['Hola', 'Mundo']
    >>> _split("Hola .[] [<appeal:1>] Mundo .[] [<appeal:0>] ", 2) is None
    True
    """
    pieces = _SEPARATOR.split(answer)
    numbers = [int(n) for n in pieces[1::2]]
    if numbers != list(range(count)) or pieces[-1].strip():
        return None
    return [p.strip() for p in pieces[0::2][:count]]
