"""Offline Apertium from the system's language-pair packages, through pivots where needed.

Rule-based pairs exist mostly to and from Spanish, so English to Portuguese is
English → Spanish → Portuguese. Routes are found in the graph of installed
modes; each mode runs as one long-lived pipeline (see ``appeal.mt.pipeline``).

Some pairs have regional variants, named in the mode: ``es-pt_BR`` drafts
Brazilian Portuguese, ``eng-cat_valencia`` Valencian. A regional workspace code
takes its variant's route where one is installed, else the route of what it
falls back on (:mod:`appeal.mt.regions`): ``pt_PT`` → ``por``.
"""

from __future__ import annotations

import re
import shutil
import weakref
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from appeal.errors import ConfigError, EngineError
from appeal.mt.base import Availability, Route, engine_settings
from appeal.mt.pipeline import Pipeline, escape, marked_words, unescape, unmarked
from appeal.mt.regions import lineage

MODES_DIR = Path("/usr/share/apertium/modes")

ISO3 = {
    "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "be": "bel", "bg": "bul",
    "br": "bre", "ca": "cat", "cy": "cym", "da": "dan", "de": "deu", "el": "ell",
    "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus", "fa": "fas",
    "fi": "fin", "fr": "fra", "ga": "gle", "gl": "glg", "he": "heb", "hi": "hin",
    "hr": "hrv", "ht": "hat", "id": "ind", "is": "isl", "it": "ita", "kk": "kaz",
    "ky": "kir", "la": "lat", "lt": "lit", "lv": "lav", "mk": "mkd", "ms": "msa",
    "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno", "no": "nor", "oc": "oci",
    "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "se": "sme",
    "sk": "slk", "sl": "slv", "sq": "sqi", "sr": "srp", "sv": "swe", "tt": "tat",
    "uk": "ukr", "ur": "urd", "uz": "uzb",
}
"""ISO 639-1 to 639-3, for the languages Apertium has pairs for."""

_MODE_NAME = re.compile(r"^([a-z]{2,3}(?:_[A-Za-z0-9]+)?)-([a-z]{2,3}(?:_[A-Za-z0-9]+)?)$")
MAX_HOPS = 3
MEMO_LIMIT = 100_000


def iso3(code: str) -> str:
    """One spelling per language, so ``en-gl`` and ``eng-spa`` meet in one graph.

    >>> iso3("en"), iso3("pt-BR"), iso3("spa"), iso3("cat_valencia")
    ('eng', 'por_BR', 'spa', 'cat_valencia')
    """
    language, _, variant = code.replace("-", "_").partition("_")
    language = ISO3.get(language.lower(), language.lower())
    return f"{language}_{variant}" if variant else language


def pairs_from_names(names: Iterable[str]) -> dict[tuple[str, str], str]:
    """Translation directions ``(iso3 source, iso3 target)`` to the mode offering them.

    Debugging and alternative modes (``en-eo-bytecode``, ``eco-es-fr``) do not
    match the ``source-target`` pattern and are left out.

    >>> sorted(pairs_from_names(["es-pt", "eng-spa", "en-eo-bytecode", "pt-es_BR"]).items())
    [(('eng', 'spa'), 'eng-spa'), (('por', 'spa_BR'), 'pt-es_BR'), (('spa', 'por'), 'es-pt')]
    """
    pairs: dict[tuple[str, str], str] = {}
    for name in sorted(names):
        match = _MODE_NAME.match(name)
        if match:
            pairs.setdefault((iso3(match[1]), iso3(match[2])), name)
    return pairs


def find_routes(pairs: Iterable[tuple[str, str]], source: str, target: str,
                max_hops: int = MAX_HOPS) -> list[tuple[str, ...]]:
    """Every loop-free path from ``source`` to ``target``, shortest (then by name) first.

    >>> find_routes([("eng", "spa"), ("spa", "por"), ("eng", "cat"), ("cat", "spa")],
    ...             "eng", "por")
    [('eng', 'spa', 'por'), ('eng', 'cat', 'spa', 'por')]
    """
    edges: dict[str, list[str]] = {}
    for start, end in pairs:
        edges.setdefault(start, []).append(end)
    found: list[tuple[str, ...]] = []
    paths: list[tuple[str, ...]] = [(source,)]
    for _ in range(max_hops):
        paths = [(*p, nxt) for p in paths for nxt in sorted(edges.get(p[-1], ()))
                 if nxt not in p]
        found.extend(sorted(p for p in paths if p[-1] == target))
        paths = [p for p in paths if p[-1] != target]
    return found


def spellings(code: str) -> list[tuple[str, str | None]]:
    """Apertium's codes for a workspace code, most specific first, each with the variety it
    falls back on (None while it is the code's own variety).

    Apertium writes a variant in lower case after the language alone
    (``cat_valencia``), a territory as CLDR does (``por_BR``). A bare code has
    the one spelling it always had.

    >>> spellings("pt-BR")
    [('por_BR', None), ('por', 'pt')]
    >>> spellings("ca_ES_VALENCIA")
    [('cat_ES_valencia', None), ('cat_valencia', None), ('cat_ES', 'ca_ES'), ('cat', 'ca')]
    >>> spellings("pt"), spellings("spa")
    ([('por', None)], [('spa', None)])
    """
    chain = lineage(code)
    if not chain:
        return [(iso3(code), None)]
    found: dict[str, str | None] = {}
    for depth, variety in enumerate(chain):
        language = ISO3.get(variety.language, variety.language)
        variant = variety.variant.lower() if variety.variant else None
        tags = [tag for tag in (variety.script, variety.territory, variant) if tag]
        names = ["_".join([language, *tags])]
        if variant and len(tags) > 1:
            names.append(f"{language}_{variant}")
        for name in names:
            found.setdefault(name, variety.code if depth else None)
    return list(found.items())


def variety_routes(engine: str, pairs: Iterable[tuple[str, str]], source: str,
                   target: str) -> list[Route]:
    """Every route to the most specific variety of *target* the pairs reach (from the most
    specific variety of *source* they leave), shortest first.

    A variant's own route wins over a shorter one to the base language: the
    translator asked for that variety.

    >>> pairs = [("eng", "spa"), ("spa", "por"), ("spa", "por_BR")]
    >>> [r.label for r in variety_routes("apertium", pairs, "en", "pt_BR")]
    ['apertium eng→spa→por_BR']
    >>> variety_routes("apertium", pairs, "en_US", "pt_PT")
    [Route(engine='apertium', steps=('eng', 'spa', 'por'), fallback='pt')]
    """
    listed = list(pairs)
    starts = [name for name, _ in spellings(source)]
    for end, fallback in spellings(target):
        for start in starts:
            paths = find_routes(listed, start, end)
            if paths:
                return [Route(engine, path, fallback) for path in paths]
    return []


class ApertiumEngine:
    """Apertium run locally, one pipeline per installed mode, started on first use."""

    name: ClassVar[str] = "apertium"
    batch_size: ClassVar[int] = 500
    shields_with_names: ClassVar[bool] = True
    leaves_machine: ClassVar[bool] = False
    """Glossary terms reach it as names it knows (see :mod:`appeal.mt.protect`)."""
    timeout: ClassVar[float] = 120.0

    def __init__(self, modes_dir: Path = MODES_DIR, *, memo: bool = True) -> None:
        self.modes_dir = modes_dir
        self.memo = memo
        """Remember intermediate results, so every pivot language reuses the first hop."""
        self._pipelines: dict[str, Pipeline] = {}
        self._hops: dict[tuple[str, str], str] = {}
        self._finalizer = weakref.finalize(self, _close_all, self._pipelines)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ApertiumEngine:
        """``[engines.apertium] modes = "/path/to/modes"`` overrides the system directory."""
        table = engine_settings(settings, cls.name)
        modes = table.get("modes", str(MODES_DIR))
        if not isinstance(modes, str):
            raise ConfigError("[engines.apertium] modes must be a path", path="appeal.toml")
        return cls(Path(modes))

    def pairs(self) -> dict[tuple[str, str], str]:
        """Installed directions, read from the modes directory each time it is asked."""
        try:
            names = [p.stem for p in self.modes_dir.glob("*.mode") if p.is_file()]
        except OSError:
            names = []
        return pairs_from_names(names)

    def availability(self) -> Availability:
        missing = [tool for tool in ("apertium", "lt-proc") if shutil.which(tool) is None]
        if missing:
            return Availability(False, f"not installed: {', '.join(missing)}")
        if not self.pairs():
            return Availability(False, f"no language pairs in {self.modes_dir}")
        return Availability(True, "installed")

    def routes(self, source: str, target: str) -> list[Route]:
        """Routes to *target*'s variant where a mode has one, else to what it falls back on."""
        return variety_routes(self.name, self.pairs(), source, target)

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        """Translate along ``route``; blank texts come back unchanged, edges keep their spaces."""
        return [text for text, _ in self.translate_marked(texts, route)]

    def translate_marked(self, texts: Sequence[str], route: Route
                         ) -> list[tuple[str, tuple[str, ...]]]:
        """Each translation with the words some hop of the route marked as unknown."""
        if route.engine != self.name or len(route.steps) < 2:
            raise EngineError(f"not an Apertium route: {route.label!r}")
        pairs = self.pairs()
        modes = [pairs.get(hop) for hop in route.hops]
        if None in modes:
            raise EngineError(f"language pair gone for route {route.label!r}",
                              path=self.modes_dir)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        streams = [escape(texts[i].strip()) for i in todo]
        unknown: list[list[str]] = [[] for _ in todo]
        for mode in modes:
            streams = self._hop(str(mode), streams)
            for words, stream in zip(unknown, streams, strict=True):
                words.extend(marked_words(stream))
            streams = [unmarked(stream) for stream in streams]
        result: list[tuple[str, tuple[str, ...]]] = [(text, ()) for text in texts]
        for i, stream, words in zip(todo, streams, unknown, strict=True):
            text = texts[i]
            core = text.strip()
            lead, trail = text[: text.index(core)], text[text.index(core) + len(core):]
            result[i] = (lead + unescape(stream).strip() + trail, tuple(dict.fromkeys(words)))
        return result

    def close(self) -> None:
        """Stop every pipeline (they also stop when the engine is garbage-collected)."""
        _close_all(self._pipelines)

    def _hop(self, mode: str, streams: list[str]) -> list[str]:
        """One mode over every stream, asking the pipeline only for what is not memoised."""
        wanted = sorted({s for s in streams if (mode, s) not in self._hops})
        if wanted:
            answers = self._pipeline(mode).translate(wanted)
            fresh = {(mode, s): a.strip() for s, a in zip(wanted, answers, strict=True)}
            if not self.memo:
                return [fresh[(mode, s)] for s in streams]
            if len(self._hops) > MEMO_LIMIT:
                self._hops.clear()
            self._hops.update(fresh)
        return [self._hops[(mode, s)] for s in streams]

    def _pipeline(self, mode: str) -> Pipeline:
        if mode not in self._pipelines:
            path = self.modes_dir / f"{mode}.mode"
            self._pipelines[mode] = Pipeline(path, timeout=self.timeout)
        return self._pipelines[mode]


def _close_all(pipelines: dict[str, Pipeline]) -> None:
    for pipeline in pipelines.values():
        pipeline.close()
