"""The machine-translation engine protocol (a batch of segments in, a batch out) and registry.

The registry lives here, beside the protocol it returns, so that every module
asking for an engine by name (``appeal.mt``, the routing) imports one module
that imports no engine. Each entry is a factory that imports its module only
when called, so an engine whose optional dependency is missing cannot break the
others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from appeal.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Route:
    """One way an engine can get from a source to a target language.

    Rule-based engines often lack a direct pair and go through a pivot
    (English → Spanish → Portuguese); the route is also the provenance a
    translator sees on a draft, so it names every step.
    """

    engine: str
    """The registered engine name, e.g. ``"apertium"``."""
    steps: tuple[str, ...]
    """Language codes along the way in the engine's own spelling, e.g. ``("eng", "spa", "por")``."""
    fallback: str | None = None
    """The variety the route really reaches when the regional code asked for has no route
    of its own: ``"pt"`` for ``pt_PT`` (see :mod:`appeal.mt.regions`). ``appeal engines``
    says so; it is not part of the label, so drafts and the memory of a route stay the
    same whichever workspace code asked for it."""

    @property
    def label(self) -> str:
        """Provenance text for drafts.

        >>> Route("apertium", ("eng", "spa", "por")).label
        'apertium eng→spa→por'
        """
        return f"{self.engine} {'→'.join(self.steps)}"

    @property
    def hops(self) -> tuple[tuple[str, str], ...]:
        """The single-pair translations the route chains.

        >>> Route("apy", ("eng", "spa", "por")).hops
        (('eng', 'spa'), ('spa', 'por'))
        """
        return tuple(zip(self.steps, self.steps[1:], strict=False))


@dataclass(frozen=True, slots=True)
class Availability:
    """Whether an engine can run here, and why not when it cannot."""

    usable: bool
    """True when ``translate_batch`` is expected to work."""
    reason: str
    """Short explanation: ``"installed"``, ``"server unreachable: ..."``."""


@runtime_checkable
class Engine(Protocol):
    """What every engine offers; a new engine is a class with these members."""

    name: ClassVar[str]
    """The registry name, also the first word of every route label."""
    batch_size: ClassVar[int]
    """How many segments one ``translate_batch`` call should carry."""
    timeout: ClassVar[float]
    """Seconds a single request or pipeline call may take before it counts as failed."""
    shields_with_names: ClassVar[bool]
    """Glossary terms reach it as first names rather than ``X1X`` tokens: true for a
    rule-based engine, whose grammar reads a name right and a token wrong."""

    @property
    def leaves_machine(self) -> bool:
        """Whether the text goes to another machine (``[translate] online = false``
        forbids such engines)."""
        ...

    def availability(self) -> Availability:
        """Cheap check whether the engine can run, for status and engine fallback."""
        ...

    def routes(self, source: str, target: str) -> list[Route]:
        """Ways from ``source`` to ``target`` (tool codes such as ``"en"``), shortest first."""
        ...

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        """Translate ``texts`` along ``route``: same length and order, or ``EngineError``.

        Texts may contain line breaks, Markdown markup and shield tokens, or be empty.
        """
        ...


@runtime_checkable
class MarksUnknown(Protocol):
    """An engine that can say which words of each segment it did not know (Apertium)."""

    def translate_marked(self, texts: Sequence[str], route: Route
                         ) -> list[tuple[str, tuple[str, ...]]]:
        """Like ``translate_batch``, each translation with the words the engine left as
        they were because it did not know them (in the target text's spelling)."""
        ...


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
"""Every engine by name: the one place an engine is registered."""


def get_engine(name: str, settings: Mapping[str, Any]) -> Engine:
    """Build the engine registered as ``name`` from the whole ``appeal.toml`` table."""
    try:
        factory = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise ConfigError(f"unknown translation engine {name!r}", path="appeal.toml",
                          hint=f"known engines: {known}") from None
    return factory(settings)


def engine_settings(settings: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The ``[engines.<name>]`` table of ``appeal.toml``, empty when absent.

    >>> engine_settings({"engines": {"apy": {"url": "http://127.0.0.1:2737"}}}, "apy")
    {'url': 'http://127.0.0.1:2737'}
    >>> engine_settings({}, "apy")
    {}
    """
    engines = settings.get("engines", {})
    table = engines.get(name, {}) if isinstance(engines, Mapping) else None
    if not isinstance(table, Mapping):
        raise ConfigError(f"[engines.{name}] must be a table", path="appeal.toml")
    return table


__all__ = ["ENGINES", "Availability", "Engine", "Factory", "Route", "engine_settings",
           "get_engine", "lazy"]
