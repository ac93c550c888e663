"""Online engines: Google and MyMemory through deep-translator, DeepL, Microsoft and LibreTranslate.

deep-translator 1.11.4 sends requests without a timeout, turns a batch into one
request per text that stops at the first failure, raises exceptions without a
common root (and misses ``requests``' own), sends DeepL's key in the URL, which
DeepL refuses, insists on a LibreTranslate key, lacks Ukrainian there, and reads
keys when it is imported. This module is the only place that touches it. Google's
page scraping and MyMemory still go through it, over a transport that adds the
timeout and retries. DeepL, Microsoft and LibreTranslate accept many texts in one
request, so their documented JSON APIs are called directly. For every engine,
``translate_many`` returns each segment's translation or its own error, so one
bad segment never costs the rest.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

import requests
from deep_translator import exceptions as dt_errors
from deep_translator import google as dt_google
from deep_translator import mymemory as dt_mymemory
from deep_translator.constants import (
    BASE_URLS,
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
)

from appeal.errors import ConfigError, EngineError
from appeal.mt.base import Availability, Route, engine_settings
from appeal.mt.http import DEFAULT_TIMEOUT, AttemptError, Policy, Transport, translate_segments

DEEP_TRANSLATOR_ERRORS: tuple[type[Exception], ...] = (
    dt_errors.BaseError, dt_errors.RequestError, dt_errors.TooManyRequests,
    dt_errors.ServerException, dt_errors.AuthorizationException, dt_errors.MicrosoftAPIerror,
    requests.RequestException)
"""Everything deep-translator raises: its classes share no root, and it lets requests' through."""


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


class OnlineEngine:
    """What every online engine shares: settings, keys, routes, and failure-isolating batches."""

    name: ClassVar[str]
    batch_size: ClassVar[int] = 200
    timeout: ClassVar[float] = 20.0
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
        probe = Transport(self.name, Policy(timeout=min(self.policy.timeout, 3.0)))
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
                    self._languages = self.transport.retrying(
                        partial(self.fetch_languages, self.transport))
                except AttemptError as failure:
                    raise EngineError(failure.message, path=self.url) from None
            return self._languages

    def fetch_languages(self, transport: Transport) -> Any:
        raise NotImplementedError

    def pair(self, source: str, target: str) -> tuple[str | None, str | None]:
        """Provider codes for a tool code pair; None where the provider lacks one."""
        sources, targets = self.languages()
        return (match_code(source, sources, self.source_aliases),
                match_code(target, targets, self.target_aliases))

    def routes(self, source: str, target: str) -> list[Route]:
        code_from, code_to = self.pair(source, target)
        if code_from is None or code_to is None or code_from.lower() == code_to.lower():
            return []
        return [Route(self.name, (code_from, code_to))]

    # ---- translation ----

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        """One request (one attempt) for ``texts``; ``AttemptError`` on any problem."""
        raise NotImplementedError

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        """All translations, or ``PartialBatchError`` whose ``partial`` holds what did succeed."""
        outcome = self.translate_many(texts, route)
        failed = outcome.failed
        if failed:
            first = outcome.errors[failed[0]]
            raise PartialBatchError(f"{self.name}: {len(failed)} of {len(texts)} segments failed; "
                              f"first: {first.message if first else ''}",
                              partial=outcome, path=self.url)
        return [t for t in outcome.translations if t is not None]


    def translate_many(self, texts: Sequence[str], route: Route) -> BatchOutcome:
        """Every segment's translation or error; requests run in parallel and are retried."""
        if route.engine != self.name or len(route.steps) != 2:
            raise EngineError(f"not a {self.name} route: {route.label!r}")
        send = partial(self._checked_send, source=route.steps[0], target=route.steps[1])
        results = translate_segments(self.transport, send, texts, per_request=self.per_request,
                                     request_chars=self.request_chars)
        return BatchOutcome(
            [None if isinstance(r, AttemptError) else r for r in results],
            [EngineError(r.message, path=self.url) if isinstance(r, AttemptError) else None
             for r in results])

    def _checked_send(self, texts: list[str], source: str, target: str) -> list[str]:
        try:
            answer = self.send(texts, source, target)
        except DEEP_TRANSLATOR_ERRORS as error:
            retry = isinstance(error, dt_errors.TooManyRequests)
            # BaseError's str() starts with the whole offending text; its message is the news.
            detail = error.message if isinstance(error, dt_errors.BaseError) else str(error)
            raise AttemptError(f"{self.name}: {detail[:200]}", retryable=retry) from None
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


# ---- deep-translator, given a timeout, a session and status checks ----

_BOUND = threading.local()


class _RequestsInDeepTranslator:
    """Stands in for ``requests`` inside deep-translator's google and mymemory modules.

    They call ``requests.get`` without a timeout. Replacing the module they see
    is the one way to add a timeout, a keep-alive session and status checks
    without editing them; what it uses is bound per thread, so parallel calls
    share nothing. Calls made outside ``_bound`` still get a timeout.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None,
             **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        transport: Transport | None = getattr(_BOUND, "transport", None)
        if transport is None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            return requests.request(method, url, **kwargs)
        response = transport.send(method, url, **kwargs)
        if _BOUND.inspect is not None:
            _BOUND.inspect(response)
        return response


dt_google.requests = dt_mymemory.requests = _RequestsInDeepTranslator()  # type: ignore[assignment]


@contextmanager
def _bound(transport: Transport,
           inspect: Callable[[requests.Response], None] | None = None) -> Iterator[None]:
    saved = getattr(_BOUND, "transport", None), getattr(_BOUND, "inspect", None)
    _BOUND.transport, _BOUND.inspect = transport, inspect
    try:
        yield
    finally:
        _BOUND.transport, _BOUND.inspect = saved


def _answers(transport: Transport, url: str) -> None:
    """Any HTTP answer short of a server error shows a key-less service is there."""
    try:
        transport.send("GET", url)
    except AttemptError as failure:
        if failure.status is None or failure.status >= 500:
            raise


class GoogleEngine(OnlineEngine):
    """translate.google.com's mobile page, scraped by deep-translator: no key, no batching.

    ``GOOGLE_API_KEY`` is not used: this is the free page, not the Cloud API.
    """

    name: ClassVar[str] = "google"
    request_chars: ClassVar[int] = 4999
    default_url: ClassVar[str | None] = BASE_URLS["GOOGLE_TRANSLATE"]
    source_aliases: ClassVar[Mapping[str, str]] = {
        "zh": "zh-CN", "zh_hans": "zh-CN", "zh_hant": "zh-TW", "he": "iw", "jv": "jw",
        "fil": "tl", "nb": "no"}
    target_aliases = source_aliases

    def fetch_languages(self, transport: Transport) -> Any:
        codes = list(GOOGLE_LANGUAGES_TO_CODES.values())
        return codes, codes

    def probe(self, transport: Transport) -> None:
        _answers(transport, str(self.url))

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        translator = dt_google.GoogleTranslator(source=source, target=target)
        translator._base_url = self.url
        with _bound(self.transport):
            answer = translator.translate(texts[0])
        # deep-translator returns None when the page repeats a text without letters or digits.
        return [texts[0] if answer is None else answer]


class MyMemoryEngine(OnlineEngine):
    """MyMemory's ``/get`` through deep-translator; ``MYMEMORY_EMAIL`` raises the free quota."""

    name: ClassVar[str] = "mymemory"
    request_chars: ClassVar[int] = 499
    key_variable: ClassVar[str | None] = "MYMEMORY_EMAIL"
    default_url: ClassVar[str | None] = BASE_URLS["MYMEMORY"]
    source_aliases: ClassVar[Mapping[str, str]] = {"en": "en-US", "pt": "pt-BR", "zh": "zh-CN",
                                                   "zh_hans": "zh-CN", "zh_hant": "zh-TW"}
    target_aliases = source_aliases

    def fetch_languages(self, transport: Transport) -> Any:
        codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
        return codes, codes

    def probe(self, transport: Transport) -> None:
        _answers(transport, str(self.url))

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        translator = dt_mymemory.MyMemoryTranslator(source=source, target=target,
                                                    email=self.key())
        translator._base_url = self.url
        with _bound(self.transport, _mymemory_status):
            return [translator.translate(texts[0])]


def _mymemory_status(response: requests.Response) -> None:
    """MyMemory reports refusals (quota, bad pair) with HTTP 200 and the reason as the text."""
    data = response.json()
    status = int(data.get("responseStatus", 200))
    if status != 200:
        raise AttemptError(f"mymemory refused: {data.get('responseDetails', '')}"[:200],
                      status=status, retryable=status == 429)


class LibreTranslateEngine(OnlineEngine):
    """A LibreTranslate server at ``[engines.libretranslate] url``; its key is optional."""

    name: ClassVar[str] = "libretranslate"
    per_request: ClassVar[int] = 25
    concurrency: ClassVar[int] = 8
    key_variable: ClassVar[str | None] = "LIBRETRANSLATE_API_KEY"

    def fetch_languages(self, transport: Transport) -> Any:
        """``{code: its targets}`` from ``GET /languages`` (None: older servers list none)."""
        answer = transport.send("GET", f"{self.url}/languages").json()
        try:
            return {entry["code"]: entry.get("targets") for entry in answer}
        except (KeyError, TypeError, AttributeError) as error:
            raise AttemptError(f"unexpected /languages answer from {self.url}: {error!r}") from None

    def pair(self, source: str, target: str) -> tuple[str | None, str | None]:
        entries = self.languages()
        code_from = match_code(source, entries)
        targets = entries.get(code_from) if code_from else None
        return code_from, match_code(target, entries if targets is None else targets)

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, Any] = {"q": texts, "source": source, "target": target,
                                "format": "text"}
        if self.key():
            body["api_key"] = self.key()
        answer = self.transport.send("POST", f"{self.url}/translate", json=body).json()
        return list(answer["translatedText"])


class MicrosoftEngine(OnlineEngine):
    """Azure AI Translator v3: up to 100 texts per request, key in a header."""

    name: ClassVar[str] = "microsoft"
    per_request: ClassVar[int] = 100
    concurrency: ClassVar[int] = 8
    request_chars: ClassVar[int] = 10000
    key_variable: ClassVar[str | None] = "MICROSOFT_TRANSLATOR_KEY"
    key_required: ClassVar[bool] = True
    default_url: ClassVar[str | None] = "https://api.cognitive.microsofttranslator.com"
    source_aliases: ClassVar[Mapping[str, str]] = {"zh": "zh-Hans", "pt_pt": "pt-PT"}
    target_aliases = source_aliases

    def fetch_languages(self, transport: Transport) -> Any:
        answer = transport.send("GET", f"{self.url}/languages",
                                params={"api-version": "3.0", "scope": "translation"}).json()
        codes = list(answer["translation"])
        return codes, codes

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self._require_key()}
        region = os.environ.get("MICROSOFT_TRANSLATOR_REGION")
        if region:
            headers["Ocp-Apim-Subscription-Region"] = region
        answer = self.transport.send(
            "POST", f"{self.url}/translate", headers=headers,
            params={"api-version": "3.0", "from": source, "to": target},
            json=[{"Text": text} for text in texts]).json()
        return [item["translations"][0]["text"] for item in answer]


class DeepLEngine(OnlineEngine):
    """DeepL's v2 API: up to 50 texts per request, key in the ``Authorization`` header."""

    name: ClassVar[str] = "deepl"
    per_request: ClassVar[int] = 50
    concurrency: ClassVar[int] = 8
    request_chars: ClassVar[int] = 30000
    key_variable: ClassVar[str | None] = "DEEPL_AUTH_KEY"
    key_required: ClassVar[bool] = True
    target_aliases: ClassVar[Mapping[str, str]] = {"en": "EN-US", "pt": "PT-BR", "zh": "ZH-HANS",
                                                   "zh_hans": "ZH-HANS", "zh_hant": "ZH-HANT"}

    @property
    def url(self) -> str | None:
        """Free-plan keys end in ``:fx`` and belong to a different host."""
        if self.configured_url:
            return self.configured_url
        free = (self.key() or "").endswith(":fx")
        return "https://api-free.deepl.com" if free else "https://api.deepl.com"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self._require_key()}"}

    def fetch_languages(self, transport: Transport) -> Any:
        def codes(kind: str) -> list[str]:
            answer = transport.send("GET", f"{self.url}/v2/languages", params={"type": kind},
                                    headers=self._headers()).json()
            return [entry["language"] for entry in answer]

        return codes("source"), codes("target")

    def probe(self, transport: Transport) -> None:
        transport.send("GET", f"{self.url}/v2/usage", headers=self._headers())

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        body = {"text": texts, "source_lang": source, "target_lang": target,
                "preserve_formatting": True}
        answer = self.transport.send("POST", f"{self.url}/v2/translate", json=body,
                                     headers=self._headers()).json()
        return [item["text"] for item in answer["translations"]]


__all__ = [
    "DEEP_TRANSLATOR_ERRORS",
    "BatchOutcome",
    "DeepLEngine",
    "GoogleEngine",
    "LibreTranslateEngine",
    "MicrosoftEngine",
    "MyMemoryEngine",
    "OnlineEngine",
    "PartialBatchError",
    "match_code",
]
