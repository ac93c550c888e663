"""Machine-translation engines, looked up by name from the registry in :mod:`appeal.mt.base`.

Importing the package imports no engine: each is imported when first asked for.
"""

from __future__ import annotations

from appeal.mt.base import (
    ENGINES,
    Availability,
    Engine,
    Factory,
    Route,
    engine_settings,
    get_engine,
    lazy,
)

__all__ = ["ENGINES", "Availability", "Engine", "Factory", "Route", "engine_settings",
           "get_engine", "lazy"]
