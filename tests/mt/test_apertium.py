"""The local Apertium engine, run for real on the installed Debian pairs."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appeal.errors import EngineError
from appeal.mt import Route, get_engine
from appeal.mt.apertium import MODES_DIR, ApertiumEngine
from appeal.mt.pipeline import escape, unescape

HOSTILE = [
    "Hello world.",
    "",
    "   ",
    "the red",
    "car",
    "First line\nsecond line",
    "Paragraph one.\n\nParagraph two.",
    "**Bold** and _italic_ with `code` and [a link](https://example.org/a_b?c=d).",
    "<b>raw</b> & entity &amp; {braces} ^caret$ back\\slash /slashes/",
    "A [<appeal:0>] fake separator .[] and [[wordbound]] blank",
    "#hashtag @mention *star ~tilde 100%",
    "Trailing blanks and\ttabs  ",
    "\nleading newline",
    "Nul\0byte",
    "Unicode: «guillemets» — dash, emoji 🙂, Кириллица.",
]


def test_available_with_installed_pairs(apertium: ApertiumEngine) -> None:
    availability = apertium.availability()
    assert availability.usable, availability.reason
    assert availability.reason == "installed"


def test_missing_modes_make_it_unusable(tmp_path: Path) -> None:
    availability = ApertiumEngine(tmp_path).availability()
    assert not availability.usable
    assert str(tmp_path) in availability.reason


@pytest.mark.parametrize(("target", "label"), [
    ("es", "apertium eng→spa"),
    ("ca", "apertium eng→cat"),
    ("gl", "apertium eng→glg"),
    ("eo", "apertium eng→epo"),
    ("pt", "apertium eng→spa→por"),
    ("it", "apertium eng→spa→ita"),
    ("fr", "apertium eng→spa→fra"),
])
def test_shortest_route_first(apertium: ApertiumEngine, target: str, label: str) -> None:
    routes = apertium.routes("en", target)
    assert routes[0].label == label
    assert [len(r.steps) for r in routes] == sorted(len(r.steps) for r in routes)


def test_no_route_to_a_language_without_pairs(apertium: ApertiumEngine) -> None:
    assert apertium.routes("en", "ja") == []


def test_debug_and_variant_modes_are_not_pairs(apertium: ApertiumEngine) -> None:
    modes = set(apertium.pairs().values())
    assert "en-eo" in modes and "es-pt" in modes
    assert not any("bytecode" in m or m.startswith("eco-") for m in modes)


def test_translates_along_a_pivot(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "pt")[0]
    assert route.steps == ("eng", "spa", "por")
    assert apertium.translate_batch(["I have a house."], route) == ["Tenho uma casa."]


def test_hostile_segments_keep_their_boundaries(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "es")[0]
    together = apertium.translate_batch(HOSTILE, route)
    single = ApertiumEngine(memo=False)
    try:
        alone = [single.translate_batch([t], route)[0] for t in HOSTILE]
    finally:
        single.close()
    assert len(together) == len(HOSTILE)
    assert together == alone
    assert together[1:3] == ["", "   "]
    assert together[3:5] == ["El rojo", "Automovilístico"]  # not "El coche", "rojo"
    assert together[5].count("\n") == 1 and together[6].count("\n\n") == 1
    assert together[11].endswith("  ") and together[12].startswith("\n")
    assert "https://example.org/a_b?c=d" in together[7]
    assert "[<" in together[9] and ".[]" in together[9] and "[[wordbound]]" in together[9]


def test_boundaries_against_one_process_per_segment(apertium: ApertiumEngine) -> None:
    """The reference: the standard ``apertium -u`` command, a fresh process per segment."""
    texts = ["The workers of the factory went on strike.", "the red", "car",
             "He was arrested in April 1982."]
    route = apertium.routes("en", "es")[0]
    reference = [subprocess.run(["apertium", "-u", "eng-spa"], input=t, text=True,
                                capture_output=True, check=True).stdout.strip()
                 for t in texts]
    assert apertium.translate_batch(texts, route) == reference


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab the red car.\n*[]\\$^#@<>{}~")),
                        max_size=30), min_size=1, max_size=8))
def test_batch_equals_segment_by_segment(texts: list[str]) -> None:
    batched, single = _shared_engines()
    route = Route("apertium", ("eng", "spa"))
    together = batched.translate_batch(texts, route)
    assert together == [single.translate_batch([t], route)[0] for t in texts]


def test_unknown_words_are_unmarked_and_literal_marks_kept(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "es")[0]
    out = apertium.translate_batch(["The quuxly frobnicator blorfed.", "*star* #tag @user ~5"],
                                   route)
    assert "*" not in out[0] and "#" not in out[0] and "@" not in out[0]
    assert "quuxly frobnicator" in out[0]
    assert all(mark in out[1] for mark in ("*", "#", "@", "~5"))


def test_one_pipeline_serves_many_segments(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "gl")[0]
    apertium.translate_batch(["One."], route)
    pipeline = apertium._pipelines["en-gl"]
    pids = [p.pid for p in pipeline._procs]
    apertium.translate_batch([f"Sentence number {n}." for n in range(60)], route)
    assert [p.pid for p in pipeline._procs] == pids


def test_a_killed_pipeline_is_restarted(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "eo")[0]
    apertium.translate_batch(["Hello."], route)
    os.kill(apertium._pipelines["en-eo"]._procs[3].pid, signal.SIGKILL)
    apertium._pipelines["en-eo"]._procs[3].wait()
    assert apertium.translate_batch(["I have a house."], route) == ["mi havas domon."]


def _broken_modes(tmp_path: Path, body: str) -> Path:
    (tmp_path / "eng-xxx.mode").write_text(body, encoding="utf-8")
    return tmp_path / "eng-xxx.mode"


def test_broken_mode_names_the_mode_file(tmp_path: Path) -> None:
    mode = _broken_modes(tmp_path, "lt-proc '/nonexistent/eng-xxx.automorf.bin' | lt-proc $1 x")
    engine = ApertiumEngine(tmp_path)
    with pytest.raises(EngineError, match="Apertium stopped") as info:
        engine.translate_batch(["Hello."], engine.routes("en", "xxx")[0])
    assert info.value.path == mode
    assert str(mode) in str(info.value)


def test_missing_program_names_the_mode_file(tmp_path: Path) -> None:
    mode = _broken_modes(tmp_path, "no-such-apertium-program -x | cat")
    engine = ApertiumEngine(tmp_path)
    with pytest.raises(EngineError, match="cannot start 'no-such-apertium-program'") as info:
        engine.translate_batch(["Hello."], Route("apertium", ("eng", "xxx")))
    assert info.value.path == mode


def test_unreadable_mode_is_an_engine_error(tmp_path: Path) -> None:
    mode = _broken_modes(tmp_path, "lt-proc 'unclosed")
    engine = ApertiumEngine(tmp_path)
    with pytest.raises(EngineError, match="malformed Apertium mode") as info:
        engine.translate_batch(["Hello."], Route("apertium", ("eng", "xxx")))
    assert info.value.path == mode


def test_foreign_route_is_refused(apertium: ApertiumEngine) -> None:
    with pytest.raises(EngineError, match="not an Apertium route"):
        apertium.translate_batch(["x"], Route("apy", ("eng", "spa")))


def test_settings_choose_the_modes_directory(tmp_path: Path) -> None:
    engine = get_engine("apertium", {"engines": {"apertium": {"modes": str(tmp_path)}}})
    assert isinstance(engine, ApertiumEngine) and engine.modes_dir == tmp_path
    assert get_engine("apertium", {}).modes_dir == MODES_DIR  # type: ignore[attr-defined]


@given(st.text().filter(lambda s: "\0" not in s
                        and not any(0x10FF00 <= ord(c) <= 0x10FFFF for c in s)))
@settings(max_examples=200, deadline=None)
def test_stream_escaping_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text


_ENGINES: list[ApertiumEngine] = []


def _shared_engines() -> tuple[ApertiumEngine, ApertiumEngine]:
    """Two engines for all of hypothesis's examples (it cannot take function-scoped fixtures).

    One gets every example as a batch, the other segment by segment, so both
    pipelines see exactly the same input in the same order: the tagger's
    context from earlier examples is the same in both, and only a boundary
    leak can make them differ.
    """
    if not _ENGINES:
        _ENGINES.extend((ApertiumEngine(memo=False), ApertiumEngine(memo=False)))
    return _ENGINES[0], _ENGINES[1]
