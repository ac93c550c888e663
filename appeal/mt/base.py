"""The machine-translation engine protocol: a batch of segments in, a batch out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def get_engine(name: str, settings: Mapping[str, Any]) -> Engine:
    """Build the engine registered as ``name`` from the whole ``appeal.toml`` table."""
    from appeal.mt import ENGINES

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


def __getattr__(name: str) -> Any:
    """``ENGINES`` lives in ``appeal.mt`` (the one place engines are registered)."""
    if name == "ENGINES":
        from appeal.mt import ENGINES

        return ENGINES
    raise AttributeError(name)
