"""The one HTTP client of the engines: requests sessions carrying urllib3's ``Retry``.

Providers fail in ways worth waiting out (a timeout, ``429 Too Many Requests``,
a ``5xx``) and in ways that are not (a refused key, a refused connection, any
other ``4xx``). Retrying is urllib3's job: every session mounts an
``HTTPAdapter`` whose ``Retry`` waits as the provider asks (``Retry-After``, in
seconds or as an HTTP date) or else backs off exponentially, and gives up after
the engine's ``retries``. What is left is turned into an :class:`AttemptError`
with a message a translator can read, and :class:`Transport` runs requests in
parallel without ever letting one failure take the others down: the caller gets
each job's result or its failure.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader, NewConnectionError
from urllib3.exceptions import ReadTimeoutError as Urllib3ReadTimeout
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from appeal.errors import ConfigError

T = TypeVar("T")
DEFAULT_TIMEOUT = 20.0
"""Seconds a request may wait when the engine names no ``timeout``."""
SPLITTABLE = frozenset({400, 413, 414, 422})
"""Statuses that may come from one bad text in a multi-text request, so each is sent alone."""
RETRY_STATUSES = frozenset({429, *range(500, 600)})
"""Statuses worth another try: the provider is busy or broken, not refusing the request."""


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

    @classmethod
    def from_table(cls, table: Mapping[str, Any], name: str, timeout: float,
                   concurrency: int = 8) -> Policy:
        """Validate ``timeout``, ``concurrency``, ``retries``, ``backoff`` of ``[engines.name]``."""
        default = cls(concurrency=concurrency)
        values = {"timeout": table.get("timeout", timeout),
                  "concurrency": table.get("concurrency", default.concurrency),
                  "retries": table.get("retries", default.attempts - 1),
                  "backoff": table.get("backoff", default.backoff),
                  "max_wait": table.get("max_wait", default.max_wait)}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"[engines.{name}] {key} must be a non-negative number",
                                  path="appeal.toml")
        if values["timeout"] <= 0 or values["concurrency"] < 1:
            raise ConfigError(f"[engines.{name}] timeout and concurrency must be positive",
                              path="appeal.toml")
        return cls(timeout=float(values["timeout"]), concurrency=int(values["concurrency"]),
                   attempts=int(values["retries"]) + 1, backoff=float(values["backoff"]),
                   max_wait=float(values["max_wait"]))

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
        """One request, retried as the policy says; a final failure or status ≥ 400 raises."""
        timeout = self.policy.timeout
        try:
            with self.session() as session:
                response = session.request(method, url, timeout=timeout, **kwargs)
        except requests.RequestException as error:
            raise failure(self.engine, timeout, error) from None
        check_status(self.engine, response)
        return response

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


def check_status(engine: str, response: requests.Response) -> None:
    """Turn an HTTP error status into an ``AttemptError`` carrying the server's words."""
    status = response.status_code
    if status < 400:
        return
    detail = " ".join(response.text[:200].split())
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
    detail = str(error.args[0] if error.args else error)[:200]
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
           "Transport", "backoff", "check_status", "failure", "translate_segments"]
