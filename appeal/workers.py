"""Spread per-language work over the cores in forked workers, and survive a worker's death.

Languages never share an output file, so a forked worker that inherits what
the parent already parsed (documents, catalogs) can render one language while
another worker renders the next, with nothing to pickle but a small result on
the way back. Each item gets a process of its own and a pipe for its answer:
when a worker is killed (the out-of-memory killer, a signal) its pipe closes
without an answer, and that one item fails with a :class:`WorkerDiedError` while
the others carry on. A pool that waits for an answer that never comes, as
``multiprocessing.Pool`` does, would hang the run with the lock held.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from appeal.errors import AppealError

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
"""Processes at most; a page set is small, more would only cost start-up."""


class WorkerDiedError(AppealError):
    """A worker process ended without giving its answer."""


@dataclass(frozen=True, slots=True)
class _Crash:
    """An unexpected exception in a worker, carried back as text (it may not pickle)."""

    text: str


def worker_count(items: int) -> int:
    """How many workers to run for *items* items: one per core, at most ``MAX_WORKERS``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(items, os.cpu_count() or 1, MAX_WORKERS))


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], *,
             name: Callable[[Item], str] = str) -> list[Result | WorkerDiedError]:
    """``[function(item) for item in items]``, spread over forked workers when that can help.

    *function* may be a closure over the parent's state; its results must be
    picklable. Each worker takes the next item when it is done with one, so a
    few forks serve many items; a worker that dies gives a
    :class:`WorkerDiedError` naming the item it had (``name(item)``) in that
    item's place, and a new worker takes over the rest. With one core, one
    item or no ``fork``, the items are done here, one after another.

    >>> fork_map(lambda n: n * n, [1, 2, 3])
    [1, 4, 9]
    """
    workers = worker_count(len(items))
    if workers < 2:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    queue = list(range(len(items)))
    results: dict[int, Any] = {}
    busy: dict[Connection, tuple[Any, int]] = {}
    while queue or busy:
        while queue and len(busy) < workers:
            conn, process = _start(context, function, items)
            index = queue.pop(0)
            conn.send(index)
            busy[conn] = (process, index)
        for ready in wait(list(busy)):
            conn = next(c for c in busy if c is ready)
            process, index = busy.pop(conn)
            answer = _receive(conn, process, name(items[index]))
            results[index] = answer
            if queue and not isinstance(answer, WorkerDiedError):
                busy[conn] = (process, queue.pop(0))
                conn.send(busy[conn][1])
            else:
                _stop(conn, process)
    return [results[index] for index in range(len(items))]


def _start(context: Any, function: Callable[[Any], Any], items: Sequence[Any]
           ) -> tuple[Connection, Any]:
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(function, items, child), daemon=True)
    process.start()
    child.close()
    return parent, process


def _serve(function: Callable[[Any], Any], items: Sequence[Any], conn: Connection) -> None:
    """In the worker: do each item the parent names until it says stop, then leave at once
    (without running the parent's exit code)."""
    try:
        while (index := conn.recv()) is not None:
            try:
                answer: Any = function(items[index])
            except BaseException:  # reported to the parent, which decides; never lost
                answer = _Crash(traceback.format_exc())
            conn.send(answer)
    except EOFError:
        pass
    finally:
        os._exit(0)


def _receive(conn: Connection, process: Any, label: str) -> Any:
    """The worker's answer, or WorkerDiedError when its pipe closed without one."""
    try:
        answer = conn.recv()
    except (EOFError, OSError):
        conn.close()
        process.join()
        return WorkerDiedError(f"the worker for {label} {_how(process.exitcode)} before it "
                               "finished; the next run does its work again", language=label,
                               hint="if the machine is short of memory, build fewer "
                                    "languages at once with --lang")
    if isinstance(answer, _Crash):
        raise RuntimeError(f"worker for {label} failed:\n{answer.text}")
    return answer


def _stop(conn: Connection, process: Any) -> None:
    if not conn.closed:
        with contextlib.suppress(OSError):
            conn.send(None)
        conn.close()
    process.join()


def _how(exitcode: int | None) -> str:
    """Words for how a process ended.

    >>> _how(-9), _how(3)
    ('was killed by SIGKILL', 'exited with status 3')
    """
    if exitcode is not None and exitcode < 0:
        try:
            return f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"was killed by signal {-exitcode}"
    return f"exited with status {exitcode}"
