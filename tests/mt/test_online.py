"""Online engines against local stand-ins that speak each provider's wire format."""

from __future__ import annotations

import email.utils
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from deep_translator import google as dt_google  # type: ignore[import-untyped]
from deep_translator import mymemory as dt_mymemory

from appeal.errors import ConfigError, EngineError
from appeal.mt import get_engine
from appeal.mt.apis import DeepLEngine, LibreTranslateEngine, MicrosoftEngine
from appeal.mt.base import Route
from appeal.mt.deeptranslator import GoogleEngine, MyMemoryEngine
from appeal.mt.http import Policy, Transport
from appeal.mt.online import OnlineEngine, PartialBatchError
from appeal.mt.relay import Ticket, shared_relay
from tests.mt.standins import Standin, serve, trust_file

KEYS = {"deepl": "DEEPL_AUTH_KEY", "microsoft": "MICROSOFT_TRANSLATOR_KEY",
        "libretranslate": "LIBRETRANSLATE_API_KEY", "mymemory": "MYMEMORY_EMAIL"}
ROUTES = {"deepl": ("EN", "DE"), "microsoft": ("en", "de"), "libretranslate": ("en", "de"),
          "mymemory": ("en-GB", "de-DE"), "google": ("en", "de")}
FAST = {"retries": 2, "backoff": 0.01, "timeout": 2.0}


@pytest.fixture(scope="module")
def standin_authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trust_file(tmp_path_factory.mktemp("tls"))


@pytest.fixture(autouse=True)
def _trust(monkeypatch: pytest.MonkeyPatch, standin_authority: Path) -> None:
    """Google's stand-in speaks TLS as translate.google.com; its authority is trusted here."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(standin_authority))


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in [*KEYS.values(), "MICROSOFT_TRANSLATOR_REGION"]:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "secret-deepl")
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "secret-ms")


def engine(standin: Standin, **table: Any) -> OnlineEngine:
    settings = {"engines": {standin.provider: {"url": standin.endpoint, **FAST, **table}}}
    made = get_engine(standin.provider, settings)
    assert isinstance(made, OnlineEngine)
    return made


def route(name: str) -> Route:
    return Route(name, ROUTES[name])


ALL = sorted(ROUTES)


# ---- requests as each provider documents them ----

def test_deepl_sends_texts_in_one_json_request_with_the_key_in_the_header() -> None:
    with serve("deepl", key="secret-deepl") as standin:
        out = engine(standin).translate_batch(["One.", "Two.", "Three."], route("deepl"))
    assert out == ["DE:One.", "DE:Two.", "DE:Three."]
    (seen,) = standin.seen
    assert (seen.method, seen.path) == ("POST", "/v2/translate")
    assert seen.headers["Authorization"] == "DeepL-Auth-Key secret-deepl"
    assert seen.json()["text"] == ["One.", "Two.", "Three."]
    assert seen.json()["source_lang"] == "EN"
    assert "secret-deepl" not in seen.path + str(seen.query) + seen.body.decode()


def test_deepl_key_is_read_when_called_not_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve("deepl", key="rotated") as standin:
        made = engine(standin)
        monkeypatch.setenv("DEEPL_AUTH_KEY", "rotated")
        assert made.translate_batch(["Hi"], route("deepl")) == ["DE:Hi"]


def test_deepl_routes_follow_its_language_lists_and_cldr_defaults() -> None:
    with serve("deepl", key="secret-deepl") as standin:
        made = engine(standin)
        assert made.routes("en", "pt") == [Route("deepl", ("EN", "PT-BR"))]
        assert made.routes("en", "pt_PT") == [Route("deepl", ("EN", "PT-PT"))]
        assert made.routes("en", "uk") == [Route("deepl", ("EN", "UK"))]
        assert made.routes("en", "eo") == []
    assert all(s.headers["Authorization"] == "DeepL-Auth-Key secret-deepl" for s in standin.seen)


def test_deepl_without_or_with_a_refused_key_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    with serve("deepl", key="secret-deepl") as standin:
        assert engine(standin).availability().usable
        monkeypatch.setenv("DEEPL_AUTH_KEY", "wrong")
        refused = engine(standin).availability()
        monkeypatch.delenv("DEEPL_AUTH_KEY")
        missing = engine(standin).availability()
    assert not refused.usable and refused.reason.startswith("key refused")
    assert not missing.usable and missing.reason == "no API key in DEEPL_AUTH_KEY"


def test_deepl_free_keys_go_to_the_free_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "abc:fx")
    assert DeepLEngine().url == "https://api-free.deepl.com"
    monkeypatch.setenv("DEEPL_AUTH_KEY", "abc")
    assert DeepLEngine().url == "https://api.deepl.com"


def test_microsoft_batches_an_array_with_key_and_region_headers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_REGION", "westeurope")
    texts = [f"Text {n}" for n in range(150)]
    with serve("microsoft", key="secret-ms") as standin:
        made = engine(standin)
        assert made.routes("en", "zh") == [Route("microsoft", ("en", "zh-Hans"))]
        out = made.translate_batch(texts, route("microsoft"))
    assert out == [f"de:{t}" for t in texts]
    posts = [s for s in standin.seen if s.method == "POST"]
    # Batches go out concurrently: the server may see them in either order.
    batches = sorted((post.json() for post in posts), key=len, reverse=True)
    assert [len(batch) for batch in batches] == [100, 50], "at most 100 texts per request"
    sent = sorted(item["Text"] for batch in batches for item in batch)
    assert sent == sorted(texts), "every text sent exactly once"
    for post in posts:
        assert post.query == {"api-version": ["3.0"], "from": ["en"], "to": ["de"]}
        assert post.headers["Ocp-Apim-Subscription-Key"] == "secret-ms"
        assert post.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    assert all(batch == sorted(batch, key=lambda item: int(item["Text"].split()[1]))
               for batch in batches), "each batch keeps the input order"


def test_libretranslate_reaches_ukrainian_without_a_key() -> None:
    with serve("libretranslate") as standin:
        made = engine(standin)
        assert made.availability().usable
        (found,) = made.routes("en", "uk")
        out = made.translate_batch(["Freedom", "for", "political prisoners"], found)
    assert out == ["uk:Freedom", "uk:for", "uk:political prisoners"]
    body = standin.seen[-1].json()
    assert body == {"q": ["Freedom", "for", "political prisoners"], "source": "en",
                    "target": "uk", "format": "text"}


def test_libretranslate_sends_the_key_only_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "libre-key")
    with serve("libretranslate", key="libre-key") as standin:
        assert engine(standin).translate_batch(["Hi"], Route("libretranslate", ("en", "es"))) \
            == ["es:Hi"]
    assert standin.seen[-1].json()["api_key"] == "libre-key"


def test_libretranslate_routes_only_what_the_server_lists() -> None:
    with serve("libretranslate", languages=("en", "es")) as standin:
        assert engine(standin).routes("en", "uk") == []
        assert engine(standin).routes("en", "es") == [Route("libretranslate", ("en", "es"))]


def test_libretranslate_needs_a_configured_url() -> None:
    state = LibreTranslateEngine().availability()
    assert not state.usable and "[engines.libretranslate] url" in state.reason


def test_mymemory_sends_query_pair_and_email(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYMEMORY_EMAIL", "team@example.org")
    with serve("mymemory") as standin:
        made = engine(standin)
        assert made.routes("en", "uk") == [Route("mymemory", ("en-US", "uk-UA"))]
        assert made.translate_batch(["Hello"], route("mymemory")) == ["de-DE:Hello"]
    assert standin.seen[-1].query == {"q": ["Hello"], "langpair": ["en-GB|de-DE"],
                                      "de": ["team@example.org"]}


def test_mymemory_refusal_inside_a_200_is_an_error_not_a_translation() -> None:
    with serve("mymemory", poison="Hello") as standin, pytest.raises(EngineError) as info:
        engine(standin).translate_batch(["Hello"], route("mymemory"))
    assert "INVALID LANGUAGE PAIR" in info.value.message


def test_google_page_is_parsed_and_spacing_and_blanks_kept() -> None:
    with serve("google") as standin:
        made = engine(standin)
        assert made.availability().usable
        out = made.translate_batch(["  Hello <b>", "", "\n", "World\n"], route("google"))
    assert out == ["  de:Hello <b>", "", "\n", "de:World\n"]
    assert sum(1 for s in standin.seen if "q" in s.query) == 2, "blanks need no request"
    assert standin.seen[-1].path == "/m"


def test_google_answers_without_a_result_are_engine_errors() -> None:
    with serve("google", result=False) as standin:
        made = engine(standin)
        with pytest.raises(EngineError, match="No translation was found"):
            made.translate_batch(["Hello"], route("google"))


def test_mymemory_overlong_text_fails_alone() -> None:
    with serve("mymemory") as standin:
        outcome = engine(standin).translate_many(["x" * 600, "short"], route("mymemory"))
    assert outcome.translations == [None, "de-DE:short"]
    assert outcome.errors[0] is not None and "length" in outcome.errors[0].message


# ---- timeouts, retries, failures ----

@pytest.mark.parametrize("name", ["google", "mymemory", "deepl", "libretranslate"])
def test_a_sleeping_server_is_an_error_within_the_timeout(name: str) -> None:
    # The server would answer after a minute; two tries of 0.3 s give up long
    # before. The bound is generous, so a busy machine cannot fail it by chance.
    with serve(name, key=None, latency=60.0) as standin:
        made = engine(standin, timeout=0.3, retries=1)
        started = time.monotonic()
        with pytest.raises(EngineError, match=r"did not answer within 0\.3 s"):
            made.translate_batch(["Hello"], route(name))
        assert time.monotonic() - started < 30
        assert len([s for s in standin.seen if s.method == "POST" or "q" in s.query]) == 2


def test_too_many_requests_waits_as_retry_after_says() -> None:
    with serve("deepl", busy=[(429, {"Retry-After": "1"})]) as standin:
        made = engine(standin, backoff=60, max_wait=120)
        started = time.monotonic()
        assert made.translate_batch(["Hi"], route("deepl")) == ["DE:Hi"]
        elapsed = time.monotonic() - started
    assert 0.95 <= elapsed < 30, "waited Retry-After, not the 60 s backoff"
    assert len(standin.seen) == 2


def test_too_many_requests_waits_until_a_retry_after_date() -> None:
    # An HTTP date has whole seconds: three seconds ahead is more than two away.
    when = email.utils.formatdate(time.time() + 3, usegmt=True)
    with serve("deepl", busy=[(429, {"Retry-After": when})]) as standin:
        made = engine(standin, backoff=60, max_wait=120)
        started = time.monotonic()
        assert made.translate_batch(["Hi"], route("deepl")) == ["DE:Hi"]
        elapsed = time.monotonic() - started
    assert 1.5 <= elapsed < 30, "waited until the date, not the 60 s backoff"
    assert len(standin.seen) == 2


def test_an_unreadable_retry_after_falls_back_to_the_backoff() -> None:
    with serve("deepl", busy=[(429, {"Retry-After": "soon"})]) as standin:
        assert engine(standin).translate_batch(["Hi"], route("deepl")) == ["DE:Hi"]
    assert len(standin.seen) == 2


def test_retry_after_is_capped_by_max_wait() -> None:
    with serve("libretranslate", busy=[(503, {"Retry-After": "60"})]) as standin:
        made = engine(standin, max_wait=0.5)
        started = time.monotonic()
        assert made.translate_batch(["Hi"], route("libretranslate")) == ["de:Hi"]
        assert time.monotonic() - started < 30, "a minute's Retry-After cut to max_wait"
    assert len([s for s in standin.seen if s.method == "POST"]) == 2


@pytest.mark.parametrize("name", ["mymemory", "microsoft"])
def test_server_errors_are_retried(name: str) -> None:
    with serve(name, busy=[(503, {}), (502, {})]) as standin:
        target = ROUTES[name][1]
        assert engine(standin).translate_batch(["Hi"], route(name)) == [f"{target}:Hi"]
    assert len(standin.seen) == 3


def test_google_is_retried_after_too_many_requests() -> None:
    with serve("google", busy=[(429, {})]) as standin:
        assert engine(standin).translate_batch(["Hi"], route("google")) == ["de:Hi"]
    assert len(standin.seen) == 2


def test_google_server_errors_cannot_be_told_from_refusals_so_are_not_retried() -> None:
    # deep-translator raises one RequestError for any status but 429, and the
    # status itself travels inside TLS, out of appeal's sight.
    with serve("google", busy=[(503, {})]) as standin, \
            pytest.raises(EngineError, match="google answered an error status"):
        engine(standin).translate_batch(["Hi"], route("google"))
    assert len(standin.seen) == 1


@pytest.mark.parametrize("name", ["deepl", "mymemory"])
def test_refusals_are_not_retried(name: str) -> None:
    with serve(name, busy=[(403, {})]) as standin, \
            pytest.raises(EngineError, match=f"{name} answered 403"):
        engine(standin).translate_batch(["Hi"], route(name))
    assert len(standin.seen) == 1


def test_server_errors_give_up_after_the_retries() -> None:
    with serve("deepl", busy=[(500, {})] * 5) as standin, \
            pytest.raises(EngineError, match="deepl answered 500"):
        engine(standin, retries=2).translate_batch(["Hi"], route("deepl"))
    assert len(standin.seen) == 3


@pytest.mark.parametrize("name", ["google", "deepl", "libretranslate", "microsoft"])
def test_one_failing_segment_never_loses_the_others(name: str) -> None:
    texts = ["alpha", "beta BAD", "gamma", "delta"]
    with serve(name, poison="BAD") as standin:
        made = engine(standin)
        outcome = made.translate_many(texts, route(name))
        with pytest.raises(PartialBatchError) as info:
            made.translate_batch(texts, route(name))
    target = ROUTES[name][1]
    assert outcome.translations == [f"{target}:alpha", None, f"{target}:gamma",
                                    f"{target}:delta"]
    assert outcome.failed == [1]
    assert info.value.partial is not None and info.value.partial.failed == [1]
    assert "1 of 4 segments failed" in info.value.message


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("name", ALL)
def test_connection_refused_is_an_engine_error(name: str) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    made = get_engine(name, {"engines": {name: {"url": closed, **FAST, "backoff": 60,
                                                "max_wait": 120}}})
    assert isinstance(made, OnlineEngine)
    started = time.monotonic()
    with pytest.raises(EngineError, match="connection refused"):
        made.translate_batch(["Hello"], route(name))
    assert time.monotonic() - started < 30, "a refused connection is not retried (60 s backoff)"
    state = made.availability()
    assert not state.usable and state.reason.startswith("server unreachable")


def test_requests_run_in_parallel_up_to_the_bound() -> None:
    # The server holds each request until four are in flight, so the count is
    # reached however slowly the client's threads get going, and never passed.
    with serve("google", gather=4) as standin:
        made = engine(standin, concurrency=4)
        out = made.translate_batch([f"t{n}" for n in range(16)], route("google"))
    assert out == [f"de:t{n}" for n in range(16)]
    assert standin.most_in_flight == 4
    assert not standin.gather_timed_out, "fewer than four requests were ever in flight"


# ---- deep-translator, through its public interface ----

def test_deep_translator_is_left_as_published() -> None:
    with serve("google") as google, serve("mymemory") as mymemory:
        assert engine(google).translate_batch(["Hi"], route("google")) == ["de:Hi"]
        assert engine(mymemory).translate_batch(["Hi"], route("mymemory")) == ["de-DE:Hi"]
    assert dt_google.requests is requests and dt_mymemory.requests is requests
    assert google.seen[-1].headers["Host"] == "translate.google.com", "deep-translator's own URL"


def test_the_relay_serves_only_the_calls_it_admitted() -> None:
    relay = shared_relay()
    with serve("mymemory") as standin:
        ticket = Ticket(Transport("mymemory", Policy(timeout=2)), "http://x.invalid/get",
                        standin.endpoint)
        with relay.admit(ticket):
            proxies = ticket.proxies
            assert requests.get("http://x.invalid/get", params={"q": "Hi", "langpair": "en|de"},
                                proxies=proxies, timeout=10).json()["responseStatus"] == 200
            elsewhere = requests.get("http://example.org/", proxies=proxies, timeout=10)
        stranger = {key: url.replace(url.split("@")[0], "http://appeal:guess")
                    for key, url in proxies.items()}
        guessed = requests.get("http://x.invalid/get", proxies=stranger, timeout=10)
        late = requests.get("http://x.invalid/get", proxies=proxies, timeout=10)
    assert (elsewhere.status_code, guessed.status_code, late.status_code) == (403, 407, 407)
    assert len(standin.seen) == 1


@pytest.mark.parametrize("url", ["https://127.0.0.1:1/translate", "https://127.0.0.1:1/m?hl=de"])
def test_google_url_can_only_name_a_server(url: str) -> None:
    with pytest.raises(ConfigError, match=r"\[engines.google\] url"):
        get_engine("google", {"engines": {"google": {"url": url}}})


# ---- settings and registry ----

def test_every_online_engine_is_registered() -> None:
    kinds = {"google": GoogleEngine, "mymemory": MyMemoryEngine, "deepl": DeepLEngine,
             "microsoft": MicrosoftEngine, "libretranslate": LibreTranslateEngine}
    for name, kind in kinds.items():
        made = get_engine(name, {})
        assert type(made) is kind and made.name == name


@pytest.mark.parametrize("table", [{"url": "ftp://x"}, {"timeout": 0}, {"concurrency": 0},
                                   {"retries": -1}, {"timeout": "fast"}])
def test_bad_engine_settings_are_config_errors(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match=r"\[engines.deepl\]"):
        get_engine("deepl", {"engines": {"deepl": table}})


def test_settings_reach_the_policy() -> None:
    made = get_engine("deepl", {"engines": {"deepl": {"timeout": 5, "concurrency": 3,
                                                      "retries": 0}}})
    assert isinstance(made, OnlineEngine)
    assert made.policy == Policy(timeout=5.0, concurrency=3, attempts=1)


def test_a_route_of_another_engine_is_refused() -> None:
    with pytest.raises(EngineError, match="not a deepl route"):
        DeepLEngine().translate_batch(["x"], Route("google", ("en", "de")))
