"""Spread independent per-language work over the machine's cores with forked workers.

Languages never share an output file, so a forked worker that inherits what
the parent already parsed (documents, catalogs) can render one language while
another worker renders the next, with nothing to pickle but a language code on
the way in and a small result on the way out.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
"""Processes at most; a page set is small, more would only cost start-up."""

_FUNCTION: Callable[[Any], Any] | None = None
"""The function the forked workers inherit from the parent."""


def _call(item: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(item)


def fork_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[function(item) for item in items]``, in forked workers when that can help.

    *function* may be a closure over the parent's state; its results must be
    picklable. Falls back to a plain loop with one core, one item, or no fork.

    >>> fork_map(lambda n: n * n, [1, 2, 3])
    [1, 4, 9]
    """
    global _FUNCTION
    workers = min(len(items), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _FUNCTION = function
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call, items, chunksize=1)
    finally:
        _FUNCTION = None
