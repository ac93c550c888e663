"""HTTP for the online engines: one timeout on every request, retries, and a bounded pool.

Providers fail in ways worth waiting out (a timeout, ``429 Too Many Requests``,
a ``5xx``) and in ways that are not (a refused key, a refused connection). The
transport sorts every failure into one of the two, waits as the provider asks
(``Retry-After``) or backs off exponentially, and runs requests in parallel
without ever letting one failure take the others down: the caller gets each
job's result or its failure.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import requests

from appeal.errors import ConfigError

T = TypeVar("T")
DEFAULT_TIMEOUT = 20.0
"""Seconds a request may wait when the engine names no ``timeout``."""
SPLITTABLE = frozenset({400, 413, 414, 422})
"""Statuses that may come from one bad text in a multi-text request, so each is sent alone."""


class AttemptError(Exception):
    """One failed attempt, classified so the retry loop knows whether to try again."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        """Seconds the provider asked us to wait (``Retry-After``), if it did."""


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

    def delay(self, attempt: int, failure: AttemptError) -> float:
        """Seconds to wait after failed try number ``attempt`` (0-based).

        >>> Policy(backoff=0.5).delay(2, AttemptError("busy"))
        2.0
        >>> Policy(max_wait=5).delay(0, AttemptError("busy", retry_after=120))
        5.0
        """
        wanted = failure.retry_after
        if wanted is None:
            wanted = self.backoff * 2 ** attempt
        return float(min(max(wanted, 0.0), self.max_wait))


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header, which is either a number or an HTTP date.

    >>> retry_after("3")
    3.0
    >>> retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412480.0)
    5.0
    >>> retry_after("soon") is None
    True
    """
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class Transport:
    """Sends requests with the policy's timeout over one keep-alive session per thread."""

    def __init__(self, engine: str, policy: Policy) -> None:
        self.engine = engine
        self.policy = policy
        self._local = threading.local()

    def session(self) -> requests.Session:
        """This thread's session: ``requests.Session`` is not safe to share between threads."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One attempt; every failure, HTTP status ≥ 400 included, is an ``AttemptError``."""
        kwargs.setdefault("timeout", self.policy.timeout)
        try:
            response = self.session().request(method, url, **kwargs)
        except requests.Timeout:
            raise AttemptError(f"{self.engine} did not answer within {kwargs['timeout']} s",
                          retryable=True) from None
        except requests.RequestException as error:
            raise AttemptError(f"cannot reach {self.engine}: {_reason(error)}") from None
        check_status(self.engine, response)
        return response

    def retrying(self, call: Callable[[], T], sleep: Callable[[float], None] = time.sleep) -> T:
        """``call()`` again after retryable failures, waiting as the policy says."""
        for attempt in range(self.policy.attempts - 1):
            try:
                return call()
            except AttemptError as failure:
                if not failure.retryable:
                    raise
                sleep(self.policy.delay(attempt, failure))
        return call()

    def run_all(self, jobs: Sequence[Callable[[], T]]) -> list[T | AttemptError]:
        """Run ``jobs`` on at most ``concurrency`` threads; each gives a result or its failure."""
        def guarded(job: Callable[[], T]) -> T | AttemptError:
            try:
                return self.retrying(job)
            except AttemptError as failure:
                return failure

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
    """Turn an HTTP error status into a ``AttemptError``, retryable for 429 and 5xx."""
    status = response.status_code
    if status < 400:
        return
    detail = " ".join(response.text[:200].split())
    message = f"{engine} answered {status} {response.reason or ''}".rstrip()
    message = f"{message}: {detail}" if detail else message
    busy = status == 429 or status >= 500
    wait = retry_after(response.headers.get("Retry-After")) if busy else None
    raise AttemptError(message, retryable=busy, status=status, retry_after=wait)


def _reason(error: requests.RequestException) -> str:
    """The innermost cause, without urllib3's pool and object noise."""
    cause: BaseException = error
    while cause.__context__ is not None and not isinstance(cause, ConnectionRefusedError):
        cause = cause.__context__
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    return str(error.args[0] if error.args else error)[:200]
