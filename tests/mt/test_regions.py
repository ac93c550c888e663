"""Regional and script codes (pt_BR, pt-PT, es_MX, ca_ES_VALENCIA, sr_Latn, zh_Hant): the route
each engine takes, with the installed Apertium pairs, a real apertium-apy, the providers'
stand-ins and the command line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from appeal.mt import Route, get_engine
from appeal.mt.apertium import ApertiumEngine, spellings
from appeal.mt.apy import ApyEngine
from appeal.mt.online import OnlineEngine, provider_code
from appeal.mt.regions import CodeMatch, lineage, parse, unreached
from appeal.mt.routing import EnginePool, describe_route, usable_routes
from appeal.workspace import load_workspace
from tests.conftest import run_appeal, write_workspace
from tests.mt.standins import Standin, serve, trust_file

BUS = "I have a house and a bus."
"""Brazilian Portuguese says ônibus, European Portuguese autocarro."""
SPEAK = "I speak English."
"""Valencian conjugates "parle", central Catalan "parlo"."""


# ---- reading the codes ----

@pytest.mark.parametrize(("written", "same"), [
    ("pt-BR", "pt_BR"), ("pt_br", "pt_BR"), ("es-419", "es_419"), ("zh-Hant", "zh_Hant"),
    ("ca-ES-valencia", "ca_ES_VALENCIA"), ("sr-Latn", "sr_Latn"),
])
def test_both_spellings_name_one_variety(written: str, same: str) -> None:
    assert parse(written) == parse(same)
    assert lineage(written) == lineage(same)


@pytest.mark.parametrize(("code", "chain"), [
    ("pt_BR", ["pt_BR", "pt"]),
    ("pt-PT", ["pt_PT", "pt"]),
    ("pt_AO", ["pt_AO", "pt_PT", "pt"]),
    ("es_MX", ["es_MX", "es_419", "es"]),
    ("ca_ES_VALENCIA", ["ca_ES_VALENCIA", "ca_ES", "ca"]),
    ("ca_valencia", ["ca_VALENCIA", "ca"]),
    ("zh_TW", ["zh_Hant_TW", "zh_Hant"]),
    ("zh_Hant_CN", ["zh_Hant_CN", "zh_Hant"]),  # the script written is kept
    ("sr_Latn", ["sr_Latn"]),  # Latin Serbian never falls back on Cyrillic sr
    ("pt", []), ("nb", []), ("nn", []), ("sr_RS@latin", []),  # left as they always were
])
def test_what_a_code_falls_back_on_follows_cldr(code: str, chain: list[str]) -> None:
    assert [variety.code for variety in lineage(code)] == chain


def test_apertium_spells_variants_its_own_way() -> None:
    assert spellings("pt-BR") == [("por_BR", None), ("por", "pt")]
    assert spellings("ca_valencia") == [("cat_valencia", None), ("cat", "ca")]
    assert [name for name, _ in spellings("ca_ES_VALENCIA")][:2] == ["cat_ES_valencia",
                                                                    "cat_valencia"]
    assert spellings("pt") == [("por", None)] and spellings("nb") == [("nob", None)]


# ---- the installed Apertium pairs ----

ON_THIS_MACHINE = [
    # code, route, what it falls back on (None: its own variety)
    ("pt_BR", ("eng", "spa", "por_BR"), None),
    ("pt-BR", ("eng", "spa", "por_BR"), None),
    ("pt_PT", ("eng", "spa", "por"), "pt"),
    ("pt-PT", ("eng", "spa", "por"), "pt"),
    ("es_MX", ("eng", "spa"), "es"),
    ("es_419", ("eng", "spa"), "es"),
    ("ca_ES_VALENCIA", ("eng", "cat_valencia"), None),
    ("ca_valencia", ("eng", "cat_valencia"), None),
    ("pt", ("eng", "spa", "por"), None),
    ("ca", ("eng", "cat"), None),
    ("es", ("eng", "spa"), None),
]


@pytest.mark.parametrize(("code", "steps", "fallback"), ON_THIS_MACHINE)
def test_apertium_takes_the_variant_route_else_the_base_language(
        apertium: ApertiumEngine, code: str, steps: tuple[str, ...],
        fallback: str | None) -> None:
    assert apertium.routes("en", code)[0] == Route("apertium", steps, fallback)


@pytest.mark.parametrize("code", ["sr_Latn", "zh_Hant", "nb", "nn", "de_AT"])
def test_codes_apertium_does_not_reach_here(apertium: ApertiumEngine, code: str) -> None:
    assert apertium.routes("en", code) == []


def test_brazilian_and_european_drafts_differ(apertium: ApertiumEngine) -> None:
    brazil = apertium.routes("en", "pt-BR")[0]
    portugal = apertium.routes("en", "pt_PT")[0]
    assert apertium.translate_batch([BUS], brazil) == ["Tenho uma casa e um ônibus."]
    assert apertium.translate_batch([BUS], portugal) == ["Tenho uma casa e um autocarro."]


def test_valencian_drafts_come_from_the_valencian_mode(apertium: ApertiumEngine) -> None:
    valencian = apertium.translate_batch([SPEAK], apertium.routes("en", "ca_ES_VALENCIA")[0])
    assert valencian == apertium.translate_batch([SPEAK], apertium.routes("en", "ca-valencia")[0])
    assert valencian == ["Parle anglés."]
    assert apertium.translate_batch([SPEAK], apertium.routes("en", "ca")[0]) == ["Parlo anglès."]


def test_a_regional_source_reads_through_its_base_language(apertium: ApertiumEngine) -> None:
    """Back-translations start from the workspace language: pt_BR text goes por→spa→eng."""
    assert apertium.routes("pt_BR", "en")[0] == Route("apertium", ("por", "spa", "eng"))
    assert apertium.routes("en_US", "pt_BR")[0].steps == ("eng", "spa", "por_BR")


def test_no_route_says_what_the_code_fell_back_on() -> None:
    pool = EnginePool({})
    try:
        assert usable_routes(pool, ["apertium"], "en", "de") == "apertium: no route en→de"
        assert usable_routes(pool, ["apertium"], "en", "de_AT") == \
            "apertium: no route en→de_AT, nor to its base language de"
        assert usable_routes(pool, ["apertium"], "en", "sr_Latn") == (
            "apertium: no route en→sr_Latn, and its base language sr is not tried: "
            "it is usually written in Cyrl, not Latn")
    finally:
        pool.close()
    assert unreached("en", "es_CL") == "no route en→es_CL, nor to es_419 or its base language es"


# ---- a real apertium-apy ----

def test_apy_lists_the_brazilian_pair_and_routes_like_the_local_engine(
        apy_server: str, apertium: ApertiumEngine) -> None:
    engine = ApyEngine(apy_server)
    assert ("spa", "por_BR") in engine.pairs()
    for code, steps, fallback in ON_THIS_MACHINE:
        assert engine.routes("en", code)[0] == Route("apy", steps, fallback), code
        assert apertium.routes("en", code)[0].steps == steps
    assert engine.routes("en", "sr_Latn") == []


def test_apy_drafts_each_portuguese(apy_server: str) -> None:
    engine = ApyEngine(apy_server)
    assert engine.translate_batch([BUS], engine.routes("en", "pt_BR")[0]) == \
        ["Tenho uma casa e um ônibus."]
    assert engine.translate_batch([BUS], engine.routes("en", "pt-PT")[0]) == \
        ["Tenho uma casa e um autocarro."]
    assert engine.translate_batch([SPEAK], engine.routes("en", "ca_ES_VALENCIA")[0]) == \
        ["Parle anglés."]


# ---- online providers, against their stand-ins ----

FAST = {"retries": 2, "backoff": 0.01, "timeout": 2.0}


@pytest.fixture(scope="module")
def standin_authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trust_file(tmp_path_factory.mktemp("tls"))


@pytest.fixture(autouse=True)
def _trust_and_keys(monkeypatch: pytest.MonkeyPatch, standin_authority: Path) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(standin_authority))
    for variable in ("LIBRETRANSLATE_API_KEY", "MYMEMORY_EMAIL", "MICROSOFT_TRANSLATOR_REGION"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "secret-deepl")
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "secret-ms")


def online(standin: Standin) -> OnlineEngine:
    settings = {"engines": {standin.provider: {"url": standin.endpoint, **FAST}}}
    made = get_engine(standin.provider, settings)
    assert isinstance(made, OnlineEngine)
    return made


def targets(made: OnlineEngine, codes: list[str]) -> dict[str, tuple[str, str | None] | None]:
    """Workspace code → (the provider's target code, what it falls back on)."""
    found: dict[str, tuple[str, str | None] | None] = {}
    for code in codes:
        routes = made.routes("en", code)
        found[code] = (routes[0].steps[1], routes[0].fallback) if routes else None
    return found


CODES = ["pt_BR", "pt-BR", "pt_PT", "es_MX", "es_419", "zh_Hant", "zh_TW", "sr_Latn", "pt",
         "zh", "nb", "nn"]
EXPECTED: dict[str, dict[str, tuple[str, str | None] | None]] = {
    "google": {  # deep-translator's table: one pt (Brazilian), zh-CN, zh-TW, Cyrillic sr
        "pt_BR": ("pt", None), "pt-BR": ("pt", None), "pt_PT": ("pt", "pt"),
        "es_MX": ("es", "es"), "es_419": ("es", "es"), "zh_Hant": ("zh-TW", None),
        "zh_TW": ("zh-TW", None), "sr_Latn": None,
        "pt": ("pt", None), "zh": ("zh-CN", None), "nb": ("no", None), "nn": None},
    "deepl": {
        "pt_BR": ("PT-BR", None), "pt-BR": ("PT-BR", None), "pt_PT": ("PT-PT", None),
        "es_MX": ("ES-419", "es_419"), "es_419": ("ES-419", None),
        "zh_Hant": ("ZH-HANT", None), "zh_TW": ("ZH-HANT", None), "sr_Latn": None,
        "pt": ("PT-BR", None), "zh": ("ZH-HANS", None), "nb": None, "nn": None},
    "microsoft": {
        "pt_BR": ("pt", None), "pt-BR": ("pt", None), "pt_PT": ("pt-pt", None),
        "es_MX": ("es", "es"), "es_419": ("es", "es"), "zh_Hant": ("zh-Hant", None),
        "zh_TW": ("zh-Hant", None), "sr_Latn": ("sr-Latn", None),
        "pt": ("pt", None), "zh": ("zh-Hans", None), "nb": None, "nn": None},
    "mymemory": {  # deep-translator's table: regional codes throughout
        "pt_BR": ("pt-BR", None), "pt-BR": ("pt-BR", None), "pt_PT": ("pt-PT", None),
        "es_MX": ("es-MX", None), "es_419": ("es-419", None), "zh_Hant": ("zh-TW", None),
        "zh_TW": ("zh-TW", None), "sr_Latn": ("sr-Latn-RS", None),
        "pt": ("pt-BR", None), "zh": ("zh-CN", None), "nb": ("nb-NO", None),
        "nn": ("nn-NO", None)},
}


@pytest.mark.parametrize("provider", sorted(EXPECTED))
def test_each_provider_gets_the_code_it_expects(provider: str) -> None:
    with serve(provider, key={"deepl": "secret-deepl", "microsoft": "secret-ms"}.get(provider)
               ) as standin:
        assert targets(online(standin), CODES) == EXPECTED[provider]


def test_libretranslate_uses_a_regional_code_only_where_the_server_lists_it() -> None:
    with serve("libretranslate", languages=("en", "pt", "pt-BR", "es")) as standin:
        assert targets(online(standin), ["pt_BR", "pt-PT", "es_MX", "pt"]) == {
            "pt_BR": ("pt-BR", None), "pt-PT": ("pt", "pt"), "es_MX": ("es", "es"),
            "pt": ("pt", None)}


def test_bare_codes_match_as_they_always_did() -> None:
    offered = ["en", "sr-Cyrl", "sr-Latn", "uk-UA"]
    assert provider_code("sr", offered) == CodeMatch("sr-Cyrl")
    assert provider_code("uk", offered) == CodeMatch("uk-UA")
    assert provider_code("sr_Latn", offered) == CodeMatch("sr-Latn")
    assert provider_code("uk_UA", ["en", "uk"]) == CodeMatch("uk", None)


WIRE: dict[str, Any] = {
    "google": lambda seen: seen.query["tl"][0],
    "mymemory": lambda seen: seen.query["langpair"][0].split("|")[1],
    "deepl": lambda seen: seen.json()["target_lang"],
    "microsoft": lambda seen: seen.query["to"][0],
}


@pytest.mark.parametrize(("provider", "code", "sent"), [
    ("google", "zh_Hant", "zh-TW"), ("google", "pt-PT", "pt"),
    ("mymemory", "sr_Latn", "sr-Latn-RS"), ("mymemory", "es-MX", "es-MX"),
    ("deepl", "pt-PT", "PT-PT"), ("deepl", "es_MX", "ES-419"),
    ("microsoft", "pt_PT", "pt-pt"), ("microsoft", "zh-TW", "zh-Hant"),
])
def test_the_provider_code_goes_over_the_wire(provider: str, code: str, sent: str) -> None:
    with serve(provider, key={"deepl": "secret-deepl", "microsoft": "secret-ms"}.get(provider)
               ) as standin:
        made = online(standin)
        (route,) = made.routes("en", code)
        assert made.translate_batch(["Hello"], route) == [f"{sent}:Hello"]
    posted = [seen for seen in standin.seen if "languages" not in seen.path]
    assert [WIRE[provider](seen) for seen in posted] == [sent]


def test_a_fallback_is_described_with_the_route() -> None:
    assert describe_route(Route("google", ("en", "pt"), "pt")) == \
        "google en→pt (base language pt)"
    assert describe_route(Route("deepl", ("EN", "ES-419"), "es_419")) == \
        "deepl EN→ES-419 (nearest variety es_419)"
    assert describe_route(Route("apertium", ("eng", "spa", "por_BR"))) == \
        "apertium eng→spa→por_BR"


# ---- the command line ----

LANGUAGES = ["pt_BR", "pt-PT", "es_MX", "ca_ES_VALENCIA", "sr_Latn", "de_AT", "pt", "de"]


@pytest.fixture
def regional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    for variable in ("DEEPL_AUTH_KEY", "MICROSOFT_TRANSLATOR_KEY"):
        monkeypatch.delenv(variable, raising=False)
    root = write_workspace(tmp_path / "ws", {"a.md": f"# Travel\n\n{BUS}\n\n{SPEAK}\n"},
                           languages=LANGUAGES)
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        # Keep the key-less online engines' probes on this machine: a closed loopback port.
        handle.write('\n[engines.google]\nurl = "http://127.0.0.1:9"\n'
                     '[engines.mymemory]\nurl = "http://127.0.0.1:9"\n')
    return root


def test_engines_names_the_route_of_each_regional_code(regional: Path, apy_server: str) -> None:
    with (regional / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'[engines.apy]\nurl = "{apy_server}"\n')
    result = run_appeal("-C", regional, "engines")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    apertium = lines[lines.index("apertium: usable (installed)") + 1:][:len(LANGUAGES)]
    assert [re.sub(r" {2,}", "  ", line) for line in apertium] == [
        "  pt_BR  apertium eng→spa→por_BR",
        "  pt-PT  apertium eng→spa→por (base language pt)",
        "  es_MX  apertium eng→spa (base language es)",
        "  ca_ES_VALENCIA apertium eng→cat_valencia",
        "  sr_Latn  no route, and its base language sr is not tried: it is usually written "
        "in Cyrl, not Latn",
        "  de_AT  no route, nor to its base language de",
        "  pt  apertium eng→spa→por",
        "  de  no route",
    ]
    assert re.search(r"^  pt_BR\s+apy eng→spa→por_BR$", result.output, re.M)
    assert re.search(r"^  pt-PT\s+apy eng→spa→por \(base language pt\)$", result.output, re.M)
    assert "google: not usable" in result.output


def test_translate_drafts_each_variety_with_its_route(regional: Path) -> None:
    result = run_appeal("-C", regional, "translate")
    assert result.exit_code == 0, result.output
    assert re.search(r"^pt_BR: 3 drafted with apertium eng→spa→por_BR ", result.output, re.M)
    assert re.search(r"^pt-PT: 3 drafted with apertium eng→spa→por ", result.output, re.M)
    assert re.search(r"^ca_ES_VALENCIA: 3 drafted with apertium eng→cat_valencia ",
                     result.output, re.M)
    assert ("de_AT: no engine reaches it (apertium: no route en→de_AT, nor to its base "
            "language de); 3 entries left for translators") in result.output
    assert "sr_Latn: no engine reaches it (apertium: no route en→sr_Latn, and its base " \
        "language sr is not tried" in result.output
    ws = load_workspace(regional)
    brazil = ws.po_path("pt_BR").read_text(encoding="utf-8")
    portugal = ws.po_path("pt-PT").read_text(encoding="utf-8")
    valencia = ws.po_path("ca_ES_VALENCIA").read_text(encoding="utf-8")
    assert 'msgstr "Tenho uma casa e um ônibus."' in brazil
    assert "# appeal-draft: apertium eng→spa→por_BR sha256:" in brazil
    assert 'msgstr "Tenho uma casa e um autocarro."' in portugal
    assert "# appeal-draft: apertium eng→spa→por sha256:" in portugal
    assert 'msgstr "Parle anglés."' in valencia
