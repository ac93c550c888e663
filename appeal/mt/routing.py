"""Which engine, along which route, drafts each language; and what every engine offers here.

``appeal.toml`` lists engines per language, tried in order; the first one that
is usable here and has a route from the source language wins. A language no
engine reaches is not an error: it is left for translators.

A regional code (``pt_BR``, ``es-MX``) takes an engine's route to that variety
where it has one, else to what the code falls back on (:mod:`appeal.mt.regions`);
``appeal engines`` says which, so that a team drafting European Portuguese
knows its drafts come from an engine's one Portuguese.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from appeal.errors import AppealError, ConfigError
from appeal.mt.base import Availability, Engine, Route, get_engine
from appeal.mt.regions import also_tried, fallback_note, unreached
from appeal.workspace import Workspace

DEFAULT_ENGINES = ("apertium",)


def _names(value: object, where: str, ws: Workspace) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where} engines must be a list of engine names",
                      path=ws.root / "appeal.toml")


def engine_names(ws: Workspace, lang: str, override: str | None = None) -> tuple[str, ...]:
    """The engines to try for ``lang``: ``--engine``, then the language's list, then the default.

    ``[translate.languages.<lang>] engines`` beats ``[translate] engines``, which
    beats ``("apertium",)``.
    """
    if override:
        return tuple(name.strip() for name in override.split(",") if name.strip())
    table = ws.settings.get("translate", {})
    table = table if isinstance(table, Mapping) else {}
    languages = table.get("languages", {})
    own = languages.get(lang, {}) if isinstance(languages, Mapping) else {}
    own = own if isinstance(own, Mapping) else {}
    return (_names(own.get("engines"), f"[translate.languages.{lang}]", ws)
            or _names(table.get("engines"), "[translate]", ws) or DEFAULT_ENGINES)


def online_allowed(settings: Mapping[str, Any]) -> bool:
    """``[translate] online``: false keeps every text on this machine (default true)."""
    table = settings.get("translate", {})
    value = table.get("online", True) if isinstance(table, Mapping) else True
    if not isinstance(value, bool):
        raise ConfigError("[translate] online must be true or false", path="appeal.toml")
    return value


class EnginePool:
    """Engines built once per run, so every language shares one Apertium pipeline per mode."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.online = online_allowed(settings)
        self._engines: dict[str, Engine | AppealError] = {}
        self._availability: dict[str, Availability] = {}

    def get(self, name: str) -> Engine:
        """The engine ``name``; an unknown name is a ``ConfigError``, a broken one its error."""
        if name not in self._engines:
            try:
                self._engines[name] = get_engine(name, self.settings)
            except ConfigError:
                raise
            except (AppealError, ImportError) as error:
                self._engines[name] = AppealError(f"cannot set up engine {name!r}: {error}")
        found = self._engines[name]
        if isinstance(found, AppealError):
            raise found
        return found

    def availability(self, name: str) -> Availability:
        if name not in self._availability:
            try:
                engine = self.get(name)
                self._availability[name] = (
                    Availability(False, "online engines are off here ([translate] online = "
                                        "false): the text would leave this machine")
                    if engine.leaves_machine and not self.online else engine.availability())
            except ConfigError:
                raise
            except AppealError as error:
                self._availability[name] = Availability(False, error.message)
        return self._availability[name]

    def close(self) -> None:
        for engine in self._engines.values():
            close = getattr(engine, "close", None)
            if callable(close):
                close()


def pick_route(pool: EnginePool, names: Sequence[str], source: str,
               target: str) -> tuple[Engine, Route] | str:
    """The first usable engine with a route, and its shortest route; else why none serves."""
    found = usable_routes(pool, names, source, target)
    return found[0] if isinstance(found, list) else found


def usable_routes(pool: EnginePool, names: Sequence[str], source: str,
                  target: str) -> list[tuple[Engine, Route]] | str:
    """Every usable engine with a route, in the order *names* lists them, each with its
    shortest route: the first drafts, the next take over if it fails during the run.
    When none serves, why not."""
    reasons: list[str] = []
    found: list[tuple[Engine, Route]] = []
    for name in names:
        state = pool.availability(name)
        if not state.usable:
            reasons.append(f"{name}: {state.reason}")
            continue
        engine = pool.get(name)
        routes = engine.routes(source, target)
        if routes:
            found.append((engine, routes[0]))
        else:
            reasons.append(f"{name}: {unreached(source, target)}")
    return found or "; ".join(reasons) or "no engine configured"


def describe_route(route: Route) -> str:
    """The route's label, and what it serves when that is not the variety asked for.

    >>> describe_route(Route("apertium", ("eng", "spa", "por_BR")))
    'apertium eng→spa→por_BR'
    >>> describe_route(Route("google", ("en", "pt"), fallback="pt"))
    'google en→pt (base language pt)'
    """
    return f"{route.label} ({fallback_note(route.fallback)})" if route.fallback else route.label


@dataclass(frozen=True, slots=True)
class EngineReport:
    """What one registered engine can do in this workspace."""

    name: str
    usable: bool
    reason: str
    """``installed``, ``no API key in ...``, ``server unreachable: ...``."""
    routes: dict[str, str] = field(default_factory=dict)
    """Target language → route label (with the variety it falls back on, if it does),
    for the workspace languages the engine reaches."""
    missing: dict[str, str] = field(default_factory=dict)
    """Target language → why the engine does not reach it: ``no route``, and for a
    regional code what it fell back on (``no route, nor to its base language pt``)."""


def survey_engines(ws: Workspace, names: Sequence[str]) -> list[EngineReport]:
    """Availability and routes of each named engine, for ``appeal engines``."""
    pool = EnginePool(ws.settings)
    reports = []
    try:
        for name in names:
            state = pool.availability(name)
            routes: dict[str, str] = {}
            missing: dict[str, str] = {}
            if state.usable:
                engine = pool.get(name)
                for lang in ws.languages:
                    found = engine.routes(ws.source_language, lang)
                    if found:
                        routes[lang] = describe_route(found[0])
                    else:
                        missing[lang] = f"no route{also_tried(lang)}"
            reports.append(EngineReport(name, state.usable, state.reason, routes, missing))
    finally:
        pool.close()
    return reports
