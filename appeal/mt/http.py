"""The one HTTP client of the engines: requests sessions carrying urllib3's ``Retry``.

Providers fail in ways worth waiting out (a timeout, ``429 Too Many Requests``,
a ``5xx``) and in ways that are not (a refused key, a refused connection, any
other ``4xx``), and some servers are hostile or broken: one that sends a byte
every few seconds, one that sends gigabytes, one that redirects elsewhere.
Every request therefore has one deadline for all of it (connect, headers,
body, urllib3's retries and their waits), its answer is read up to a size
limit, and a redirect is followed only to the same server, so a key in a
header or in the body never reaches another host. Retrying is urllib3's job: every session mounts an
``HTTPAdapter`` whose ``Retry`` waits as the provider asks (``Retry-After``, in
seconds or as an HTTP date) or else backs off exponentially, and gives up after
the engine's ``retries``. What is left is turned into an :class:`AttemptError`
with a message a translator can read, and :class:`Transport` runs requests in
parallel without ever letting one failure take the others down: the caller gets
each job's result or its failure.
"""

from __future__ import annotations

import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader, NewConnectionError
from urllib3.exceptions import ReadTimeoutError as Urllib3ReadTimeout
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from appeal.errors import ConfigError
from appeal.redact import redact

T = TypeVar("T")
DEFAULT_TIMEOUT = 20.0
"""Seconds a request may wait when the engine names no ``timeout``."""
SPLITTABLE = frozenset({400, 413, 414, 422})
"""Statuses that may come from one bad text in a multi-text request, so each is sent alone."""
RETRY_STATUSES = frozenset({429, *range(500, 600)})
"""Statuses worth another try: the provider is busy or broken, not refusing the request."""
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
CHUNK = 1 << 16


class AttemptError(Exception):
    """A request that failed for good (after urllib3's retries), in words and numbers."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None,
                 detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        """A timeout or a busy provider: a later try may succeed."""
        self.status = status
        """The HTTP status, when the server answered one."""
        self.detail = detail or message
        """The server's words, or the cause (``"connection refused"``), without the engine."""


@dataclass(frozen=True, slots=True)
class Policy:
    """How hard an engine tries; read from ``[engines.<name>]`` in ``appeal.toml``."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds each request may wait for connect or for the next bytes of the answer."""
    concurrency: int = 8
    """Requests in flight at once: enough to hide latency, few enough to stay polite."""
    attempts: int = 4
    """Tries per request, the first included."""
    backoff: float = 0.5
    """Seconds before the second try; doubled before each further one."""
    max_wait: float = 30.0
    """Longest single wait, even when ``Retry-After`` asks for more."""
    deadline: float = 120.0
    """Seconds a whole request may take, retries and waits included: a server that
    trickles its answer byte by byte never outlives it."""
    max_bytes: int = 10_000_000
    """Largest answer read; a larger one fails the request (no translation is that big)."""

    @classmethod
    def from_table(cls, table: Mapping[str, Any], name: str, timeout: float,
                   concurrency: int = 8) -> Policy:
        """Validate ``timeout``, ``concurrency``, ``retries``, ``backoff`` of ``[engines.name]``."""
        default = cls(concurrency=concurrency)
        values = {"timeout": table.get("timeout", timeout),
                  "concurrency": table.get("concurrency", default.concurrency),
                  "retries": table.get("retries", default.attempts - 1),
                  "backoff": table.get("backoff", default.backoff),
                  "max_wait": table.get("max_wait", default.max_wait),
                  "deadline": table.get("deadline", default.deadline),
                  "max_response_bytes": table.get("max_response_bytes", default.max_bytes)}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"[engines.{name}] {key} must be a non-negative number",
                                  path="appeal.toml")
        if values["timeout"] <= 0 or values["concurrency"] < 1 or values["deadline"] <= 0 \
                or values["max_response_bytes"] < 1:
            raise ConfigError(f"[engines.{name}] timeout, concurrency, deadline and "
                              "max_response_bytes must be positive", path="appeal.toml")
        return cls(timeout=float(values["timeout"]), concurrency=int(values["concurrency"]),
                   attempts=int(values["retries"]) + 1, backoff=float(values["backoff"]),
                   max_wait=float(values["max_wait"]), deadline=float(values["deadline"]),
                   max_bytes=int(values["max_response_bytes"]))

    def retry(self) -> Retry:
        """urllib3's retry rules for this policy.

        Every method is retried (a translation request changes nothing on the
        server); connection errors never are: a refused connection or an
        unknown host will not change within seconds.
        """
        tries = self.attempts - 1
        return ProviderRetry(total=tries, connect=0, read=tries, status=tries, other=0,
                             allowed_methods=None, status_forcelist=RETRY_STATUSES,
                             backoff_factor=self.backoff, backoff_max=self.max_wait,
                             raise_on_status=False, respect_retry_after_header=True)


def backoff(factor: float, cap: float, failures: int) -> float:
    """Seconds to wait after ``failures`` failed tries: ``factor``, then doubled, at most ``cap``.

    >>> [backoff(0.5, 1.5, n) for n in range(4)]
    [0.0, 0.5, 1.0, 1.5]
    """
    return 0.0 if failures < 1 else float(min(cap, factor * 2 ** (failures - 1)))


class ProviderRetry(Retry):
    """urllib3's ``Retry`` as the engines' settings read.

    Three differences from the stock class: the first retry waits ``backoff``
    too (urllib3 retries at once), ``Retry-After`` is capped by ``max_wait``
    (our ``backoff_max``), and a header that is neither seconds nor a date
    falls back to the backoff instead of failing the request. Only 429 and 503
    are read for ``Retry-After``: a 413 is about the request and is split.
    """

    RETRY_AFTER_STATUS_CODES = frozenset({429, 503})

    def get_backoff_time(self) -> float:
        return backoff(self.backoff_factor, self.backoff_max, len(self.history))

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        try:
            wanted = super().get_retry_after(response)
        except InvalidHeader:
            return None
        return None if wanted is None else min(wanted, self.backoff_max)


class Transport:
    """Requests for one engine: its policy's timeout and retries, a session per thread at work.

    ``requests.Session`` must not be used by two threads at once, so a thread
    takes an idle session for each request and gives it back; idle sessions
    keep their connections alive for whichever thread (a pool worker, the
    deep-translator relay) sends next.
    """

    def __init__(self, engine: str, policy: Policy) -> None:
        self.engine = engine
        self.policy = policy
        self._idle: list[requests.Session] = []
        self._lock = threading.Lock()

    @contextmanager
    def session(self) -> Iterator[requests.Session]:
        """A session for this thread alone until the block ends."""
        with self._lock:
            session = self._idle.pop() if self._idle else None
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=self.policy.retry())
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        try:
            yield session
        finally:
            with self._lock:
                self._idle.append(session)

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request, retried as the policy says, within its deadline; a final failure, a
        status ≥ 400, an answer too large or a redirect to another server raises.

        The exchange runs in a thread of its own, which the caller stops waiting
        for at the deadline: requests' timeout bounds each read of the socket,
        not the whole, and a server sending a byte of its headers every few
        seconds would otherwise hold the run for ever. The abandoned thread
        ends at the server's next silence longer than the timeout.
        """
        deadline = self.policy.deadline
        outcome: dict[str, Any] = {}

        def exchange() -> None:
            try:
                outcome["response"] = self._exchange(method, url, time.monotonic() + deadline,
                                                     kwargs)
            except BaseException as error:  # handed to the waiting thread, raised there
                outcome["error"] = error

        worker = threading.Thread(target=exchange, daemon=True,
                                  name=f"appeal-{self.engine}-request")
        worker.start()
        worker.join(deadline)
        if worker.is_alive():
            detail = f"did not finish answering within {deadline:g} s"
            raise AttemptError(f"{self.engine} {detail}", retryable=True, detail=detail)
        if "error" in outcome:
            raise outcome["error"]
        response: requests.Response = outcome["response"]
        return response

    def _exchange(self, method: str, url: str, until: float, kwargs: dict[str, Any]
                  ) -> requests.Response:
        """The request and its same-server redirects, each answer read whole (see send)."""
        timeout = self.policy.timeout
        origin = _server(url)
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with self.session() as session:
                    response = session.request(method, url, timeout=timeout, stream=True,
                                               allow_redirects=False, **kwargs)
                    _read_body(self.engine, response, until, self.policy.max_bytes)
            except requests.RequestException as error:
                raise failure(self.engine, timeout, error) from None
            location = response.headers.get("Location")
            if response.status_code not in REDIRECTS or not location:
                check_status(self.engine, response)
                return response
            target = urljoin(url, location)
            if _server(target) != origin:
                raise AttemptError(
                    f"{self.engine} redirected the request to another server "
                    f"({_server(target)}); appeal does not follow it there, with the key",
                    detail=f"redirected to {_server(target)}")
            url = target
            if response.status_code in (301, 302, 303) and method != "GET":
                method = "GET"
                kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "json")}
        raise AttemptError(f"{self.engine} redirected the request more than "
                           f"{MAX_REDIRECTS} times", detail="too many redirects")

    def run_all(self, jobs: Sequence[Callable[[], T]]) -> list[T | AttemptError]:
        """Run ``jobs`` on at most ``concurrency`` threads; each gives a result or its failure."""
        def guarded(job: Callable[[], T]) -> T | AttemptError:
            try:
                return job()
            except AttemptError as failed:
                return failed

        if len(jobs) <= 1 or self.policy.concurrency == 1:
            return [guarded(job) for job in jobs]
        workers = min(self.policy.concurrency, len(jobs))
        with ThreadPoolExecutor(max_workers=workers,
                                thread_name_prefix=f"appeal-{self.engine}") as pool:
            return list(pool.map(guarded, jobs))


def translate_segments(transport: Transport, send: Callable[[list[str]], list[str]],
                       texts: Sequence[str], *, per_request: int,
                       request_chars: int) -> list[str | AttemptError]:
    """Each text's translation or failure, from as few parallel requests as the limits allow.

    Blank texts are answered without a request and surrounding white space is
    kept, since providers strip it. A multi-text request refused as a whole for
    its content (400, 413, 414, 422) is sent again one text per request, so a
    single bad text fails alone.
    """
    parts = [_split_space(text) for text in texts]
    cores = [core for _, core, _ in parts]
    results: list[str | AttemptError] = list(texts)
    chunks = _chunks([i for i, core in enumerate(cores) if core], cores, per_request,
                     request_chars)
    jobs = [partial(send, [cores[i] for i in chunk]) for chunk in chunks]
    retry: list[int] = []
    for chunk, outcome in zip(chunks, transport.run_all(jobs), strict=True):
        if isinstance(outcome, AttemptError) and len(chunk) > 1 and outcome.status in SPLITTABLE:
            retry.extend(chunk)
            continue
        for n, i in enumerate(chunk):
            results[i] = outcome if isinstance(outcome, AttemptError) else outcome[n]
    alone = transport.run_all([partial(send, [cores[i]]) for i in retry])
    for i, outcome in zip(retry, alone, strict=True):
        results[i] = outcome if isinstance(outcome, AttemptError) else outcome[0]
    for i, result in enumerate(results):
        if cores[i] and isinstance(result, str):
            results[i] = parts[i][0] + result.strip() + parts[i][2]
    return results


def _split_space(text: str) -> tuple[str, str, str]:
    """Leading space, the text, trailing space.

    >>> _split_space("  Hello\\n")
    ('  ', 'Hello', '\\n')
    """
    core = text.strip()
    start = text.index(core) if core else len(text)
    return text[:start], core, text[start + len(core):]


def _chunks(todo: list[int], cores: list[str], per_request: int,
            request_chars: int) -> list[list[int]]:
    """Consecutive groups within ``per_request`` texts and ``request_chars`` characters.

    >>> _chunks([0, 1, 2, 3], ["ab", "cd", "ef", "gh"], 3, 5)
    [[0, 1], [2, 3]]
    """
    chunks: list[list[int]] = []
    size = 0
    for i in todo:
        if not chunks or len(chunks[-1]) >= per_request or size + len(cores[i]) > request_chars:
            chunks.append([])
            size = 0
        chunks[-1].append(i)
        size += len(cores[i])
    return chunks


def _server(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: what a redirect must keep for the key to go along."""
    parts = urlsplit(url)
    return (parts.scheme.lower(), (parts.hostname or "").lower(),
            parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower()))


def _read_body(engine: str, response: requests.Response, until: float, limit: int) -> None:
    """Read the answer of a streamed request whole, within the deadline and the size limit.

    What is read is handed to ``response`` as its content, as requests itself does
    when it reads an answer, so ``.json()`` and ``.text`` work as usual.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise AttemptError(f"{engine} sent an answer of {int(declared):,} bytes, more than "
                           f"the {limit:,} appeal reads", detail="answer too large")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            response.close()
            raise AttemptError(f"{engine} sent more than the {limit:,} bytes appeal reads of "
                               "an answer", detail="answer too large")
        if time.monotonic() > until:
            response.close()
            raise AttemptError(f"{engine} did not finish answering in time", retryable=True,
                               detail="answer too slow")
    response._content = b"".join(chunks)  # as requests' own reading of an answer does


def answer_json(engine: str, response: requests.Response, what: str) -> Any:
    """The JSON of an answer; an ``AttemptError`` naming *what* was asked when the server
    sent something else (an HTML error page, a captive portal, a truncated body)."""
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        raise AttemptError(f"{engine} answered {what} with {kind}, not JSON: "
                           f"{shorten(response.text[:500], 80)!r}") from None


def shorten(text: str, width: int = 200) -> str:
    """*text* on one line, cut at a word with an ellipsis, its secrets hidden.

    >>> shorten("a server error page " * 20, 40)
    'a server error page a server error …'
    """
    return textwrap.shorten(redact(" ".join(text.split())), width, placeholder=" …")


def check_status(engine: str, response: requests.Response) -> None:
    """Turn an HTTP error status into an ``AttemptError`` carrying the server's words."""
    status = response.status_code
    if status < 400:
        return
    detail = shorten(response.text[:2000])
    message = f"{engine} answered {status} {response.reason or ''}".rstrip()
    message = f"{message}: {detail}" if detail else message
    raise AttemptError(message, retryable=status in RETRY_STATUSES, status=status,
                       detail=detail)


def failure(engine: str, timeout: float, error: BaseException) -> AttemptError:
    """A request that got no answer, told by its innermost cause.

    requests reports a read timeout that outlived urllib3's retries as a
    ``ConnectionError`` around a ``MaxRetryError``, so the whole chain is read.

    >>> failure("deepl", 0.3, TimeoutError()).message
    'deepl did not answer within 0.3 s'
    >>> failure("deepl", 1, ConnectionRefusedError(111, "Connection refused")).message
    'cannot reach deepl: connection refused'
    """
    chain = list(_causes(error))
    if any(isinstance(cause, ConnectionRefusedError) for cause in chain):
        return AttemptError(f"cannot reach {engine}: connection refused",
                            detail="connection refused")
    if any(_is_timeout(cause) for cause in chain):
        detail = f"did not answer within {timeout} s"
        return AttemptError(f"{engine} {detail}", retryable=True, detail=detail)
    detail = shorten(str(error.args[0] if error.args else error))
    return AttemptError(f"cannot reach {engine}: {detail}", detail=detail)


def _is_timeout(cause: BaseException) -> bool:
    if isinstance(cause, NewConnectionError):  # urllib3 files a refusal under timeouts
        return False
    return isinstance(cause, TimeoutError | requests.Timeout | Urllib3ReadTimeout
                      | ConnectTimeoutError)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and everything it was raised from, including ``MaxRetryError.reason``."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        cause = todo.pop()
        if id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        linked = [cause.__cause__, cause.__context__, getattr(cause, "reason", None),
                  *cause.args]
        todo.extend(link for link in linked if isinstance(link, BaseException))


__all__ = ["DEFAULT_TIMEOUT", "SPLITTABLE", "AttemptError", "Policy", "ProviderRetry",
           "Transport", "answer_json", "backoff", "check_status", "failure", "shorten",
           "translate_segments"]
