"""The apertium-apy engine against a real server on 127.0.0.1."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from appeal.errors import EngineError
from appeal.mt import Route, get_engine
from appeal.mt.apertium import ApertiumEngine
from appeal.mt.apy import ApyEngine, loopback_command
from appeal.segments import extract_segments, parse_document

from .conftest import free_port
from .standins import serve
from .test_apertium import HOSTILE

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_server_listens_on_loopback_only(apy_server: str) -> None:
    port = apy_server.rsplit(":", 1)[1]
    listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True,
                               text=True, check=True).stdout.split()
    addresses = [word for word in listening if word.endswith(f":{port}")]
    assert addresses == [f"127.0.0.1:{port}"]


def test_launcher_pins_the_address() -> None:
    command = loopback_command(Path("/usr/share/apertium/modes"), 1234)
    assert "--port" in command and "1234" in command
    assert '"127.0.0.1"' in command[2]


def test_available_when_the_server_answers(apy_server: str) -> None:
    engine = get_engine("apy", {"engines": {"apy": {"url": apy_server}}})
    availability = engine.availability()
    assert availability.usable and apy_server in availability.reason


def test_unreachable_server_is_unusable_not_an_exception() -> None:
    engine = ApyEngine(f"http://127.0.0.1:{free_port()}", timeout=2)
    availability = engine.availability()
    assert not availability.usable
    assert availability.reason.startswith("server unreachable")


def test_unreachable_server_fails_translation_with_engine_error() -> None:
    engine = ApyEngine(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(EngineError, match=r"apy request http://127.0.0.1:\d+/translateRaw failed"):
        engine.translate_batch(["Hello."], Route("apy", ("eng", "spa")))


def test_uninstalled_pair_is_an_engine_error(apy_server: str) -> None:
    with pytest.raises(EngineError, match=r"apy at http\S+ answered 400 .*not installed"):
        ApyEngine(apy_server).translate_batch(["Hello."], Route("apy", ("eng", "jpn")))


@pytest.mark.parametrize(("target", "label"), [
    ("es", "apy eng→spa"), ("eo", "apy eng→epo"), ("pt", "apy eng→spa→por"),
    ("fr", "apy eng→spa→fra"),
])
def test_routes_like_the_local_engine(apy_server: str, target: str, label: str) -> None:
    assert ApyEngine(apy_server).routes("en", target)[0].label == label


def test_pivot_chains_requests(apy_server: str) -> None:
    route = ApyEngine(apy_server).routes("en", "pt")[0]
    assert ApyEngine(apy_server).translate_batch(["I have a house."], route) == ["Tenho uma casa."]


def test_hostile_segments_match_the_local_engine(apy_server: str,
                                                 apertium: ApertiumEngine) -> None:
    engine = ApyEngine(apy_server)
    route = engine.routes("en", "es")[0]
    local = apertium.translate_batch(HOSTILE, apertium.routes("en", "es")[0])
    assert engine.translate_batch(HOSTILE, route) == local


def test_batched_content_matches_the_local_engine(apy_server: str,
                                                  apertium: ApertiumEngine) -> None:
    """Every segment of the sample documents, many per request: no word crosses a boundary."""
    texts = [s.text for path in sorted(CONTENT.glob("*.md"))
             for s in extract_segments(parse_document(path.read_text(encoding="utf-8"),
                                                      name=path.stem, path=path))]
    engine = ApyEngine(apy_server)
    got = engine.translate_batch(texts, engine.routes("en", "es")[0])
    local = apertium.translate_batch(texts, apertium.routes("en", "es")[0])
    assert len(got) == len(texts)
    # Apertium's tagger keeps some context from earlier input, so a rare word choice may
    # differ between two long-lived pipelines; what a boundary leak would change cannot.
    assert sum(g == w for g, w in zip(got, local, strict=True)) >= 0.95 * len(texts)
    for source, g, w in zip(texts, got, local, strict=True):
        assert re.findall(r"\d+", g) == re.findall(r"\d+", w) == re.findall(r"\d+", source)
        assert g.count("\n") == w.count("\n") and g[-1:] == w[-1:]


def test_separator_without_sentence_end_would_leak(apy_server: str) -> None:
    """Why each separator carries a full stop: a bare superblank lets words move across."""
    engine = ApyEngine(apy_server)
    leaky = engine._raw("eng|spa", "the red [<appeal:0>] car [<appeal:1>] ")
    assert leaky.startswith("El coche")
    assert engine.translate_batch(["the red", "car"], Route("apy", ("eng", "spa")))[0] \
        == "El rojo"


def test_unknown_marks_removed_and_literal_marks_kept(apy_server: str) -> None:
    engine = ApyEngine(apy_server)
    out = engine.translate_batch(["The quuxly frobnicator.", "*star* #tag @user ~5 ^x"],
                                 Route("apy", ("eng", "spa")))
    assert out[0] == "El quuxly frobnicator."
    assert all(mark in out[1] for mark in ("*", "#", "@", "~5", "^"))


# ---- failures, against a stand-in speaking apy's wire format ----

FAST = {"retries": 2, "backoff": 0.01, "timeout": 2.0}
SPANISH = Route("apy", ("eng", "spa"))


def stand_in_engine(url: str, **table: object) -> ApyEngine:
    engine = get_engine("apy", {"engines": {"apy": {"url": url, **FAST, **table}}})
    assert isinstance(engine, ApyEngine)
    return engine


def test_the_stand_in_answers_as_apy_does() -> None:
    with serve("apy") as standin:
        engine = stand_in_engine(standin.url)
        assert engine.routes("en", "pt")[0].label == "apy eng→spa→por"
        assert engine.translate_batch(["Hello.", " Bye.\n"], SPANISH) == ["spa:Hello.",
                                                                          " spa:Bye.\n"]
    raw = [s for s in standin.seen if s.path == "/translateRaw"]
    assert len(raw) == 1, "both segments in one request"
    assert raw[0].headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_a_pivot_reuses_the_first_hop_already_sent() -> None:
    """Spanish drafted first; Portuguese through Spanish then sends only spa|por, and a
    text asked twice in one batch goes once."""
    texts = ["Hello.", "Bye.", "Hello."]
    with serve("apy") as standin:
        engine = stand_in_engine(standin.url)
        assert engine.translate_batch(texts, SPANISH) == ["spa:Hello.", "spa:Bye.", "spa:Hello."]
        portuguese = engine.routes("en", "pt")[0]
        assert engine.translate_batch(texts, portuguese) == \
            ["por:spa:Hello.", "por:spa:Bye.", "por:spa:Hello."]
    raw = [parse_qs(s.body.decode()) for s in standin.seen if s.path == "/translateRaw"]
    assert [form["langpair"][0] for form in raw] == ["eng|spa", "spa|por"]
    assert raw[0]["q"][0].count("Hello") == 1


def test_a_busy_server_is_asked_again() -> None:
    with serve("apy", busy=[(503, {}), (502, {})]) as standin:
        assert stand_in_engine(standin.url).translate_batch(["Hello."], SPANISH) \
            == ["spa:Hello."]
    assert len(standin.seen) == 3


def test_server_errors_give_up_after_the_retries() -> None:
    with serve("apy", poison="Hello") as standin, \
            pytest.raises(EngineError, match=r"apy at http\S+ answered 500 to /translateRaw"):
        stand_in_engine(standin.url, retries=1).translate_batch(["Hello."], SPANISH)
    assert len(standin.seen) == 2


def test_a_refused_pair_is_not_asked_again() -> None:
    with serve("apy") as standin, \
            pytest.raises(EngineError, match=r"answered 400 .*not installed"):
        stand_in_engine(standin.url).translate_batch(["Hello."], Route("apy", ("eng", "jpn")))
    assert len(standin.seen) == 1


def test_a_sleeping_server_is_an_error_within_the_timeout() -> None:
    # The stand-in would answer after a minute; two tries of 0.3 s give up long before.
    with serve("apy", latency=60.0) as standin:
        engine = stand_in_engine(standin.url, timeout=0.3, retries=1)
        started = time.monotonic()
        with pytest.raises(EngineError, match=r"translateRaw failed: did not answer within 0\.3 s"):
            engine.translate_batch(["Hello."], SPANISH)
        assert time.monotonic() - started < 30
    assert len(standin.seen) == 2


def test_a_refused_connection_is_not_asked_again() -> None:
    engine = stand_in_engine(f"http://127.0.0.1:{free_port()}", backoff=60, max_wait=120)
    started = time.monotonic()
    with pytest.raises(EngineError, match="failed: connection refused"):
        engine.translate_batch(["Hello."], SPANISH)
    assert time.monotonic() - started < 30, "not retried (60 s backoff)"
