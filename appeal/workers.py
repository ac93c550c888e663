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
    """``[function(item) for item in items]``, each in a forked worker when that can help.

    *function* may be a closure over the parent's state; its results must be
    picklable. A worker that dies gives a :class:`WorkerDiedError` naming its item
    (``name(item)``) in that item's place. With one core, one item or no
    ``fork``, the items are done here, one after another.

    >>> fork_map(lambda n: n * n, [1, 2, 3])
    [1, 4, 9]
    """
    workers = worker_count(len(items))
    if workers < 2:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    results: dict[int, Any] = {}
    running: dict[int, tuple[Any, Connection]] = {}
    queue = list(range(len(items)))
    while queue or running:
        while queue and len(running) < workers:
            index = queue.pop(0)
            running[index] = _start(context, function, items[index])
        ready = wait([conn for _, conn in running.values()])
        for index, (process, conn) in list(running.items()):
            if conn in ready:
                results[index] = _collect(process, conn, name(items[index]))
                del running[index]
    return [results[index] for index in range(len(items))]


def _start(context: Any, function: Callable[[Any], Any], item: Any) -> tuple[Any, Connection]:
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(function, item, writer), daemon=True)
    process.start()
    writer.close()
    return process, reader


def _work(function: Callable[[Any], Any], item: Any, writer: Connection) -> None:
    """In the worker: compute, send the answer, leave without running the parent's exit code."""
    try:
        answer: Any = function(item)
    except BaseException:  # reported to the parent, which decides; never lost
        answer = _Crash(traceback.format_exc())
    try:
        writer.send(answer)
    finally:
        writer.close()
        os._exit(0)


def _collect(process: Any, conn: Connection, label: str) -> Any:
    """The worker's answer, or WorkerDiedError when its pipe closed without one."""
    try:
        answer = conn.recv()
    except (EOFError, OSError):
        answer = None
    finally:
        conn.close()
    process.join()
    if isinstance(answer, _Crash):
        raise RuntimeError(f"worker for {label} failed:\n{answer.text}")
    if answer is None and process.exitcode != 0:
        return WorkerDiedError(f"the worker for {label} {_how(process.exitcode)} before it "
                          "finished; the next run does its work again", language=label,
                          hint="if the machine is short of memory, build fewer "
                               "languages at once with --lang")
    return answer


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
