"""The one adapter around deep-translator: Google's free page and MyMemory.

deep-translator 1.11.4 sends requests without a timeout and raises exceptions
without a common root. Its google and mymemory modules are handed a stand-in
for ``requests`` that adds a timeout, a keep-alive session and status checks,
and every exception it raises becomes an EngineError. Nothing else in appeal
imports deep-translator.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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

from appeal.mt.http import DEFAULT_TIMEOUT, AttemptError, Transport
from appeal.mt.online import OnlineEngine, service_answers

DEEP_TRANSLATOR_ERRORS: tuple[type[Exception], ...] = (
    dt_errors.BaseError, dt_errors.RequestError, dt_errors.TooManyRequests,
    dt_errors.ServerException, dt_errors.AuthorizationException, dt_errors.MicrosoftAPIerror,
    requests.RequestException)
"""Everything deep-translator raises: its classes share no root, and it lets requests' through."""


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


class DeepTranslatorEngine(OnlineEngine):
    """An engine whose requests deep-translator makes, with its exceptions translated."""

    errors = DEEP_TRANSLATOR_ERRORS

    def attempt_error(self, error: Exception) -> AttemptError:
        retry = isinstance(error, dt_errors.TooManyRequests)
        # BaseError's str() starts with the whole offending text; its message is the news.
        detail = error.message if isinstance(error, dt_errors.BaseError) else str(error)
        return AttemptError(f"{self.name}: {detail[:200]}", retryable=retry)


class GoogleEngine(DeepTranslatorEngine):
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
        service_answers(transport, str(self.url))

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        translator = dt_google.GoogleTranslator(source=source, target=target)
        translator._base_url = self.url
        with _bound(self.transport):
            answer = translator.translate(texts[0])
        # deep-translator returns None when the page repeats a text without letters or digits.
        return [texts[0] if answer is None else answer]


class MyMemoryEngine(DeepTranslatorEngine):
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
        service_answers(transport, str(self.url))

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


__all__ = ["DEEP_TRANSLATOR_ERRORS", "DeepTranslatorEngine", "GoogleEngine", "MyMemoryEngine"]
