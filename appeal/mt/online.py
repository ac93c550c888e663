"""Online engines: the shared base, provider language codes and per-segment outcomes.

Every online engine talks through :mod:`appeal.mt.http` (timeouts, urllib3's
retries honouring Retry-After, bounded concurrency). Google's page and MyMemory
are reached through deep-translator (:mod:`appeal.mt.deeptranslator`, the only
module that imports it), whose requests pass through appeal's loopback relay
(:mod:`appeal.mt.relay`); DeepL, Microsoft and LibreTranslate, which take many
texts per request, through their documented JSON APIs (:mod:`appeal.mt.apis`).
For every engine, ``translate_many`` returns each segment's translation or its
own error, so one bad segment never costs the rest.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import requests

from appeal.errors import ConfigError, EngineError
from appeal.mt.base import Availability, Route, engine_settings
from appeal.mt.http import AttemptError, Policy, Transport, shorten, translate_segments
from appeal.mt.regions import CodeMatch, closest_code, lineage

log = logging.getLogger("appeal")


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """Per segment, a translation or the error that kept it from one (never both)."""

    translations: list[str | None]
    """Same length and order as the texts; ``None`` where the segment failed."""
    errors: list[EngineError | None]
    """Same length; the failure of each segment that has no translation."""

    @property
    def failed(self) -> list[int]:
        """Indexes of the segments that have no translation."""
        return [i for i, error in enumerate(self.errors) if error is not None]


def server_address(url: str) -> str:
    """*url* as a message may show it.

    >>> server_address("https://user:secret@api.example.org:8443/v2/translate?key=k#x")
    'https://api.example.org:8443/v2/translate'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class PartialBatchError(EngineError):
    """Some segments of a batch failed; ``partial`` keeps the ones that did not."""

    def __init__(self, message: str, *, partial: BatchOutcome | None = None,
                 **place: Any) -> None:
        super().__init__(message, **place)
        self.partial = partial


def match_code(lang: str, offered: Iterable[str], aliases: Mapping[str, str] = {}) -> str | None:
    """The provider's spelling of the tool's CLDR code ``lang``, or None when it has none.

    Tried in turn: an alias, the full code (``pt_BR`` → ``pt-BR``), the bare
    language, and the first offered code of that language (``uk`` → ``uk-UA``).

    >>> match_code("pt_BR", ["EN-US", "PT-BR", "PT-PT"])
    'PT-BR'
    >>> match_code("zh_Hans", ["zh-CN", "zh-TW"], {"zh_hans": "zh-CN"})
    'zh-CN'
    >>> match_code("uk", ["en-GB", "uk-UA"])
    'uk-UA'
    >>> match_code("uk", ["en", "es"]) is None
    True
    """
    spelled = {code.lower(): code for code in offered}
    full = lang.replace("_", "-").lower()
    base = full.split("-")[0]
    for wanted in (aliases.get(full.replace("-", "_"), "").lower(), full, base):
        if wanted in spelled:
            return spelled[wanted]
    return next((code for low, code in spelled.items() if low.startswith(f"{base}-")), None)


def provider_code(lang: str, offered: Iterable[str],
                  aliases: Mapping[str, str] = {}) -> CodeMatch | None:
    """The provider's code for the workspace code ``lang``, and the variety it serves when
    that is not the one asked for; None when the provider has none.

    A bare code is matched as it always was (:func:`match_code`); a regional or script
    code by :func:`appeal.mt.regions.closest_code`: Google's one ``pt`` serves
    ``pt_BR`` as it is and ``pt_PT`` as its base language.

    >>> provider_code("pt", ["EN-US", "PT-BR", "PT-PT"], {"pt": "PT-BR"})
    CodeMatch(code='PT-BR', fallback=None)
    >>> provider_code("pt-PT", ["en", "pt"])
    CodeMatch(code='pt', fallback='pt')
    """
    offered = list(offered)
    if lineage(lang):
        return closest_code(lang, offered, aliases)
    found = match_code(lang, offered, aliases)
    return None if found is None else CodeMatch(found)


class OnlineEngine:
    """What every online engine shares: settings, keys, routes, and failure-isolating batches."""

    name: ClassVar[str]
    batch_size: ClassVar[int] = 200
    timeout: ClassVar[float] = 20.0
    shields_with_names: ClassVar[bool] = False
    """Neural engines may transliterate a name (Джон); a token they leave alone."""
    leaves_machine: ClassVar[bool] = True
    """The text goes to a provider's server (``[translate] online = false`` forbids it)."""
    errors: ClassVar[tuple[type[Exception], ...]] = (requests.RequestException,)
    """What the provider's client raises for one failed request."""
    per_request: ClassVar[int] = 1
    """Texts sent in one HTTP request (1 where the provider takes only one)."""
    concurrency: ClassVar[int] = 16
    """Requests in flight by default. Providers that take one text per request
    need more of them to hide the network's latency; batching providers lower it."""
    request_chars: ClassVar[int] = 5000
    """Characters one request may carry."""
    key_variable: ClassVar[str | None] = None
    """Environment variable holding the key; read on every call, never at import."""
    key_required: ClassVar[bool] = False
    default_url: ClassVar[str | None] = None
    source_aliases: ClassVar[Mapping[str, str]] = {}
    target_aliases: ClassVar[Mapping[str, str]] = {}

    def __init__(self, url: str | None = None, *, policy: Policy | None = None) -> None:
        self.configured_url = url.rstrip("/") if url else None
        self.policy = policy or Policy(timeout=self.timeout, concurrency=self.concurrency)
        self.transport = Transport(self.name, self.policy)
        self._lock = threading.Lock()
        self._languages: Any = None
        self._announced = False

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> OnlineEngine:
        """Build from ``[engines.<name>]``: ``url``, ``timeout``, ``concurrency``, ``retries``."""
        table = engine_settings(settings, cls.name)
        url = table.get("url")
        if url is not None and (not isinstance(url, str)
                                or not url.startswith(("http://", "https://"))):
            raise ConfigError(f"[engines.{cls.name}] url must be an http(s) URL",
                              path="appeal.toml")
        return cls(url, policy=Policy.from_table(table, cls.name, cls.timeout, cls.concurrency))

    @property
    def url(self) -> str | None:
        return self.configured_url or self.default_url

    def key(self) -> str | None:
        return os.environ.get(self.key_variable) or None if self.key_variable else None

    # ---- availability and routes ----

    def availability(self) -> Availability:
        if self.key_required and not self.key():
            return Availability(False, f"no API key in {self.key_variable}")
        if not self.url:
            return Availability(False, f"no [engines.{self.name}] url in appeal.toml")
        # One quick try: a status line should not wait out a busy provider's backoff.
        quick = min(self.policy.timeout, 3.0)
        probe = Transport(self.name, Policy(timeout=quick, attempts=1, deadline=2 * quick,
                                            max_bytes=self.policy.max_bytes))
        try:
            self.probe(probe)
        except AttemptError as failure:
            if failure.status in (401, 403):
                return Availability(False, f"key refused: {failure.message}")
            return Availability(False, f"server unreachable: {failure.message}")
        return Availability(True, f"online at {self.url}")

    def probe(self, transport: Transport) -> None:
        """The cheapest request showing the server answers and takes the key."""
        languages = self.fetch_languages(transport)
        with self._lock:
            self._languages = languages

    def languages(self) -> Any:
        """The provider's language list, asked once per engine."""
        with self._lock:
            if self._languages is None:
                try:
                    self._languages = self.fetch_languages(self.transport)
                except AttemptError as failure:
                    raise EngineError(f"{failure.message} ({self.where})") from None
            return self._languages

    def fetch_languages(self, transport: Transport) -> Any:
        raise NotImplementedError

    @property
    def where(self) -> str:
        """The server, for messages: its address without credentials, query or fragment.

        A file path would collapse ``http://`` to ``http:/``, so the address is
        part of the message, not the error's path.
        """
        return server_address(self.url or "")

    def pair(self, source: str, target: str) -> tuple[CodeMatch | None, CodeMatch | None]:
        """Provider codes for a tool code pair; None where the provider lacks one."""
        sources, targets = self.languages()
        return (provider_code(source, sources, self.source_aliases),
                provider_code(target, targets, self.target_aliases))

    def routes(self, source: str, target: str) -> list[Route]:
        """The one route, in the provider's codes; a target it serves only through its base
        language (Google's ``pt`` for ``pt_PT``) says so in the route's ``fallback``."""
        found_from, found_to = self.pair(source, target)
        if (found_from is None or found_to is None
                or found_from.code.lower() == found_to.code.lower()):
            return []
        return [Route(self.name, (found_from.code, found_to.code), found_to.fallback)]

    # ---- translation ----

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        """One request for ``texts`` (retried by the transport); ``AttemptError`` on any problem."""
        raise NotImplementedError

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        """All translations, or ``PartialBatchError`` whose ``partial`` holds what did succeed."""
        outcome = self.translate_many(texts, route)
        failed = outcome.failed
        if failed:
            first = outcome.errors[failed[0]]
            raise PartialBatchError(f"{self.name}: {len(failed)} of {len(texts)} segments failed; "
                              f"first: {first.message if first else self.where}",
                              partial=outcome)
        return [t for t in outcome.translations if t is not None]

    def translate_many(self, texts: Sequence[str], route: Route) -> BatchOutcome:
        """Every segment's translation or error; requests run in parallel, each retried."""
        if route.engine != self.name or len(route.steps) != 2:
            raise EngineError(f"not a {self.name} route: {route.label!r}")
        self._announce()
        send = partial(self._checked_send, source=route.steps[0], target=route.steps[1])
        results = translate_segments(self.transport, send, texts, per_request=self.per_request,
                                     request_chars=self.request_chars)
        return BatchOutcome(
            [None if isinstance(r, AttemptError) else r for r in results],
            [EngineError(f"{r.message} ({self.where})") if isinstance(r, AttemptError) else None
             for r in results])

    def _announce(self) -> None:
        """Say once per run, before the first text goes out, where the text is going.

        A committee's drafts hold unpublished names and prison addresses; the
        organizer must know they leave the machine, and for whom.
        """
        with self._lock:
            if self._announced:
                return
            self._announced = True
        log.warning("sending text to %s at %s: it leaves this machine (forbid online "
                    "engines with [translate] online = false)", self.name, self.where)

    def attempt_error(self, error: Exception) -> AttemptError:
        """One failed request as the transport's retryable-or-not failure."""
        return AttemptError(f"{self.name}: {shorten(str(error))}")

    def _checked_send(self, texts: list[str], source: str, target: str) -> list[str]:
        try:
            answer = self.send(texts, source, target)
        except self.errors as error:
            raise self.attempt_error(error) from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
            raise AttemptError(f"unexpected answer from {self.name}: {error!r}") from None
        if len(answer) != len(texts) or not all(isinstance(a, str) for a in answer):
            raise AttemptError(f"{self.name} answered {len(answer)} texts for {len(texts)}")
        return answer

    def _require_key(self) -> str:
        key = self.key()
        if not key:
            raise AttemptError(f"no API key in {self.key_variable}")
        return key


def codes_in(engine: str, answer: Any, where: str, key: str) -> list[str]:
    """The ``key`` of every object in a language list, checked: a list of objects each
    with a string there, or an ``AttemptError`` saying what came instead.

    >>> codes_in("deepl", [{"language": "DE"}], "/v2/languages", "language")
    ['DE']
    >>> try:
    ...     codes_in("deepl", {"error": "x"}, "/v2/languages", "language")
    ... except AttemptError as error:
    ...     print(error.message)
    deepl: /v2/languages is not a list of languages, each with a "language" code
    """
    if isinstance(answer, list) and all(isinstance(entry, dict)
                                        and isinstance(entry.get(key), str) for entry in answer):
        return [entry[key] for entry in answer]
    raise AttemptError(f'{engine}: {where} is not a list of languages, each with a "{key}" code')


def service_answers(transport: Transport, url: str) -> None:
    """Any HTTP answer short of a server error shows a key-less service is there."""
    try:
        transport.send("GET", url)
    except AttemptError as failure:
        if failure.status is None or failure.status >= 500:
            raise


__all__ = ["BatchOutcome", "OnlineEngine", "PartialBatchError", "codes_in", "match_code",
           "provider_code", "service_answers"]
