"""The one adapter around deep-translator: Google's free page and MyMemory.

deep-translator is used only as published: its translator classes with their
constructor parameters (``source``, ``target``, ``proxies``, ``email``), their
``translate``, its language tables and URL constants, and its exceptions.
Nothing of it is replaced, subclassed or reached into. Nothing else in appeal
imports it.

deep-translator 1.11.4 sends each request with ``requests.get`` and no timeout,
at the URL in its constants. Each call is therefore handed, through
``proxies``, appeal's loopback relay (:mod:`appeal.mt.relay`), which decides
how the request really travels, with the engine's timeout, and records a
failure in appeal's words before deep-translator raises its own.

- MyMemory's URL in deep-translator is plain ``http://``, so the relay reads the
  request and sends it with the engine's :class:`~appeal.mt.http.Transport`:
  urllib3's retries with Retry-After, the deadline, a kept-alive session, and
  over HTTPS (MyMemory offers it; the text and the organizer's e-mail address
  do not cross the network in the clear), or to the configured ``url``.
- Google's page is ``https://``: deep-translator speaks TLS with Google through
  a tunnel the relay cannot read. The relay enforces the timeout (it closes a
  tunnel the server leaves unanswered) and, with ``[engines.google] url``,
  connects the tunnel to that URL's host and port instead, where a server must
  still speak TLS with a certificate for translate.google.com (deep-translator
  checks it and always asks for ``/m``). What the tunnel hides cannot be had through the public
  interface: the status and headers (so a 5xx, reported by deep-translator
  like any 4xx as a bare ``RequestError``, is not retried, and Retry-After is
  not seen) and a kept-alive connection (``requests.get`` opens one per
  request). Timeouts and deep-translator's ``TooManyRequests`` are retried by
  :meth:`GoogleEngine.again`, with the policy's count and backoff.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import requests
from deep_translator import (  # type: ignore[import-untyped]
    GoogleTranslator,
    MyMemoryTranslator,
)
from deep_translator import exceptions as dt_errors
from deep_translator.constants import (  # type: ignore[import-untyped]
    BASE_URLS,
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
)

from appeal.errors import ConfigError
from appeal.mt.base import engine_settings
from appeal.mt.http import AttemptError, Transport, backoff, shorten
from appeal.mt.online import OnlineEngine, service_answers
from appeal.mt.relay import Ticket, shared_relay

T = TypeVar("T")

DEEP_TRANSLATOR_ERRORS: tuple[type[Exception], ...] = (
    dt_errors.BaseError, dt_errors.RequestError, dt_errors.TooManyRequests,
    dt_errors.ServerException, dt_errors.AuthorizationException, dt_errors.MicrosoftAPIerror,
    requests.RequestException)
"""Everything deep-translator raises: its classes share no root, and it lets requests' through."""


class DeepTranslatorEngine(OnlineEngine):
    """An engine whose requests deep-translator makes through the relay."""

    errors = DEEP_TRANSLATOR_ERRORS
    fixed_url: ClassVar[str]
    """The URL deep-translator always asks for; the relay sends it to ``url`` instead."""

    def attempt_error(self, error: Exception) -> AttemptError:
        if isinstance(error, dt_errors.TooManyRequests):
            return AttemptError(f"{self.name} answered 429: too many requests",
                                retryable=True, status=429)
        if isinstance(error, dt_errors.RequestError):
            return AttemptError(f"{self.name} answered an error status "
                                "(deep-translator does not say which)")
        # BaseError's str() starts with the whole offending text; its message is the news.
        detail = error.message if isinstance(error, dt_errors.BaseError) else str(error)
        return AttemptError(f"{self.name}: {shorten(detail)}")

    def relayed(self, call: Callable[[dict[str, str]], T],
                check: Callable[[requests.Response], None] | None = None) -> T:
        """``call(proxies)``, its requests through the relay; any failure as an ``AttemptError``.

        What the relay saw fail (a timeout, a refused connection, a status)
        says more than the exception deep-translator makes of it, so it wins.
        The relay records it before deep-translator hears of the failure (a
        502, a closed tunnel), so it is there when deep-translator raises.
        """
        ticket = Ticket(self.transport, self.fixed_url, str(self.url), check)
        with shared_relay().admit(ticket):
            try:
                return call(ticket.proxies)
            except self.errors as error:
                raise ticket.failure or self.attempt_error(error) from None


class GoogleEngine(DeepTranslatorEngine):
    """translate.google.com's mobile page, scraped by deep-translator: no key, no batching.

    ``GOOGLE_API_KEY`` is not used: this is the free page, not the Cloud API.
    """

    name: ClassVar[str] = "google"
    request_chars: ClassVar[int] = 4999
    fixed_url: ClassVar[str] = BASE_URLS["GOOGLE_TRANSLATE"]
    default_url: ClassVar[str | None] = fixed_url
    source_aliases: ClassVar[Mapping[str, str]] = {
        "zh": "zh-CN", "zh_hans": "zh-CN", "zh_hant": "zh-TW", "he": "iw", "jv": "jw",
        "fil": "tl", "nb": "no"}
    target_aliases = source_aliases

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> OnlineEngine:
        """As for every online engine, but ``url`` may only name a server to connect to.

        The tunnel carries deep-translator's own TLS request for ``/m``: a path
        here could never take effect.
        """
        url = engine_settings(settings, cls.name).get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is not None and (parts.path not in ("", "/", "/m") or parts.query):
            raise ConfigError("[engines.google] url can only name a server: "
                              "deep-translator always asks for /m", path="appeal.toml")
        return super().from_settings(settings)

    def fetch_languages(self, transport: Transport) -> Any:
        codes = list(GOOGLE_LANGUAGES_TO_CODES.values())
        return codes, codes

    def probe(self, transport: Transport) -> None:
        service_answers(transport, str(self.url))

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        def once() -> Any:
            return self.relayed(lambda proxies: GoogleTranslator(
                source=source, target=target, proxies=proxies).translate(texts[0]))

        answer = self.again(once)
        # deep-translator returns None when the page repeats a text without letters or digits.
        return [texts[0] if answer is None else answer]

    def again(self, call: Callable[[], T]) -> T:
        """``call()``, tried again after a timeout or a 429, the failures a tunnel shows.

        urllib3 retries every request appeal can read; Google's cannot be read
        (see the module docstring), so this is the one retry decided outside
        urllib3, with the same count and backoff.
        """
        for failures in range(1, self.policy.attempts):
            try:
                return call()
            except AttemptError as failed:
                if not failed.retryable:
                    raise
            time.sleep(backoff(self.policy.backoff, self.policy.max_wait, failures))
        return call()


class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory's ``/get`` through deep-translator; ``MYMEMORY_EMAIL`` raises the free quota."""

    name: ClassVar[str] = "mymemory"
    request_chars: ClassVar[int] = 499
    key_variable: ClassVar[str | None] = "MYMEMORY_EMAIL"
    fixed_url: ClassVar[str] = BASE_URLS["MYMEMORY"]
    default_url: ClassVar[str | None] = "https://" + fixed_url.split("://", 1)[1]
    source_aliases: ClassVar[Mapping[str, str]] = {"en": "en-US", "pt": "pt-BR", "zh": "zh-CN",
                                                   "zh_hans": "zh-CN", "zh_hant": "zh-TW"}
    target_aliases = source_aliases

    def fetch_languages(self, transport: Transport) -> Any:
        codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
        return codes, codes

    def probe(self, transport: Transport) -> None:
        service_answers(transport, str(self.url))

    def send(self, texts: list[str], source: str, target: str) -> list[str]:
        email = self.key()
        answer = self.relayed(lambda proxies: MyMemoryTranslator(
            source=source, target=target, proxies=proxies, email=email).translate(texts[0]),
            check=_mymemory_status)
        return [answer]


def _mymemory_status(response: requests.Response) -> None:
    """MyMemory reports refusals (quota, bad pair) with HTTP 200 and the reason as the text."""
    try:
        data = response.json()
        status = int(data.get("responseStatus", 200))
    except (ValueError, TypeError, AttributeError) as error:
        raise AttemptError(shorten(f"unexpected answer from mymemory: {error!r}")) from None
    if status != 200:
        raise AttemptError(shorten(f"mymemory refused: {data.get('responseDetails', '')}"),
                           status=status)


__all__ = ["DEEP_TRANSLATOR_ERRORS", "DeepTranslatorEngine", "GoogleEngine", "MyMemoryEngine"]
