"""``appeal translate`` and ``appeal engines`` through the command line, with real Apertium."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from appeal.workspace import load_workspace
from tests.conftest import copy_sample, msgfmt_check, run_appeal

OFFLINE = ["es", "ca", "gl", "eo", "pt", "it", "fr"]


@pytest.fixture
def ws_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws", languages=["es", "pt", "de"])


def sent(output: str) -> int:
    return sum(int(n) for n in re.findall(r"(\d+) segments sent", output))


def test_translate_drafts_reachable_languages_and_reports_the_rest(ws_root: Path) -> None:
    first = run_appeal("-C", ws_root, "translate")
    assert first.exit_code == 0, first.output
    assert re.search(r"^es: \d+ drafted with apertium eng→spa ", first.output, re.M)
    assert "pt: " in first.output and "eng→spa→por" in first.output
    assert re.search(r"^de: no engine reaches it .*left for translators", first.output, re.M)
    ws = load_workspace(ws_root)
    for lang in ws.languages:
        msgfmt_check(ws.po_path(lang))
    text = ws.po_path("pt").read_text(encoding="utf-8")
    assert re.search(r"^# appeal-draft: apertium eng→spa→por sha256:[0-9a-f]{8}$", text, re.M)
    again = run_appeal("-C", ws_root, "translate")
    assert again.exit_code == 0 and sent(again.output) == 0
    assert "es: nothing to draft" in again.output
    assert run_appeal("-C", ws_root, "translate", "--check").exit_code == 0


def test_check_exits_1_and_writes_nothing(ws_root: Path) -> None:
    assert run_appeal("-C", ws_root, "update").exit_code == 0  # the template extracted first
    po = load_workspace(ws_root).po_path("es")
    before = po.read_bytes()
    result = run_appeal("-C", ws_root, "translate", "--check", "--lang", "es")
    assert result.exit_code == 1
    assert "entries would be drafted" in result.output
    assert po.read_bytes() == before
    assert not (ws_root / ".appeal" / "memory.sqlite").exists()


def test_engine_option_overrides_settings(ws_root: Path) -> None:
    result = run_appeal("-C", ws_root, "translate", "--engine", "apy", "--lang", "es")
    assert result.exit_code == 0
    assert "es: no engine reaches it (apy:" in result.output
    bad = run_appeal("-C", ws_root, "translate", "--engine", "nosuch", "--lang", "es")
    assert bad.exit_code == 1


def test_engines_lists_availability_and_routes(ws_root: Path) -> None:
    # Keep the key-less online engines' probes on this machine: a closed loopback port.
    with (ws_root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[engines.google]\nurl = "http://127.0.0.1:9"\n'
                     '[engines.mymemory]\nurl = "http://127.0.0.1:9"\n')
    result = run_appeal("-C", ws_root, "engines")
    assert result.exit_code == 0
    assert "apertium: usable (installed)" in result.output
    assert re.search(r"^  pt\s+apertium eng→spa→por$", result.output, re.M)
    assert re.search(r"^  de\s+no route$", result.output, re.M)
    assert "google: not usable (server unreachable: cannot reach google: connection refused)" \
        in result.output


def memory_rows(path: Path) -> set[tuple[str, str]]:
    try:
        with sqlite3.connect(path) as db:
            return set(db.execute("SELECT route, source FROM translations"))
    except sqlite3.OperationalError:
        return set()


def test_sigkill_mid_run_loses_nothing_finished(tmp_path: Path) -> None:
    """A run killed with SIGKILL leaves valid catalogs; the next run resends nothing it finished."""
    root = copy_sample(tmp_path / "ws", languages=OFFLINE)
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[translate]\nbatch_size = 1\n")
    memory = root / ".appeal" / "memory.sqlite"
    command = [sys.executable, "-m", "appeal", "-C", str(root), "translate"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1724112000"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(memory_rows(memory)) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = memory_rows(memory)
    assert len(finished) >= 40
    ws = load_workspace(root)
    for lang in OFFLINE:
        if ws.po_path(lang).exists():
            msgfmt_check(ws.po_path(lang))
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    after = memory_rows(memory)
    assert finished <= after
    assert sent(rerun.stdout) == len(after - finished)  # nothing finished was sent again
    for lang in OFFLINE:
        msgfmt_check(ws.po_path(lang))
        assert "entries left" not in rerun.stdout
    final = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert sent(final.stdout) == 0 and final.stdout.count("nothing to draft") == len(OFFLINE)


def test_an_engine_failing_mid_run_hands_the_rest_to_the_next(ws_root: Path) -> None:
    """LibreTranslate (its stand-in) answers two batches, then fails with 503 after its
    retries; real Apertium, next in the list, drafts the rest, and the drafts the first
    engine wrote stay."""
    from tests.mt.standins import serve

    with serve("libretranslate", fail_after=2) as standin:
        with (ws_root / "appeal.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[translate]\nengines = ["libretranslate", "apertium"]\n'
                         f'batch_size = 10\n[engines.libretranslate]\nurl = "{standin.url}"\n'
                         'retries = 1\nbackoff = 0.01\n')
        result = run_appeal("-C", ws_root, "translate", "--lang", "es")
    assert result.exit_code == 0, result.output
    match = re.search(r"^es: (\d+) drafted: (\d+) with libretranslate en→es, then (\d+) with "
                      r"apertium eng→spa ", result.output, re.M)
    assert match, result.output
    total, first, rest = map(int, match.groups())
    assert first > 0 and rest > 0 and first + rest <= total
    assert re.search(r"^  libretranslate en→es failed: .*503.*; apertium eng→spa took over",
                     result.output, re.M), result.output
    text = load_workspace(ws_root).po_path("es").read_text(encoding="utf-8")
    assert text.count("# appeal-draft: libretranslate en→es") == first
    assert text.count("# appeal-draft: apertium eng→spa") == rest
    assert re.search(r"(?i)\bes:", text)  # the stand-in's drafts ("es:<source>")
    msgfmt_check(load_workspace(ws_root).po_path("es"))
