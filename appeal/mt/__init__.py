"""Machine-translation engines, looked up by name from an explicit registry.

Each registry entry is a factory that imports its module only when called, so an
engine whose optional dependency is missing cannot break the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from appeal.mt.base import Availability, Engine, Route, engine_settings, get_engine

Factory = Callable[[Mapping[str, Any]], Engine]


def lazy(module: str, factory: str) -> Factory:
    """A registry entry calling ``appeal.mt.<module>.<factory>(settings)`` on first use.

    ``factory`` may be dotted (``"ApertiumEngine.from_settings"``).
    """

    def make(settings: Mapping[str, Any]) -> Engine:
        target: Any = importlib.import_module(f"appeal.mt.{module}")
        for part in factory.split("."):
            target = getattr(target, part)
        return target(settings)  # type: ignore[no-any-return]

    make.__qualname__ = f"lazy({module!r}, {factory!r})"
    return make


ENGINES: dict[str, Factory] = {
    # ---- local engines (appeal.mt.apertium, appeal.mt.apy) ----
    "apertium": lazy("apertium", "ApertiumEngine.from_settings"),
    "apy": lazy("apy", "ApyEngine.from_settings"),
    # ---- online engines (appeal.mt.deeptranslator, appeal.mt.apis) ----
    "google": lazy("deeptranslator", "GoogleEngine.from_settings"),
    "mymemory": lazy("deeptranslator", "MyMemoryEngine.from_settings"),
    "libretranslate": lazy("apis", "LibreTranslateEngine.from_settings"),
    "microsoft": lazy("apis", "MicrosoftEngine.from_settings"),
    "deepl": lazy("apis", "DeepLEngine.from_settings"),
}


__all__ = ["ENGINES", "Availability", "Engine", "Factory", "Route", "engine_settings",
           "get_engine", "lazy"]
