"""Online engines against servers on 127.0.0.1 that stall, trickle, redirect, send huge
or malformed answers, and what appeal shows of keys and addresses meanwhile.

The stand-ins speak each provider's wire format (tests/mt/standins.py); every
bound is set small here and checked as a bound against hangs, not as a speed.
"""

from __future__ import annotations

import logging
import re
import resource
import time
from pathlib import Path

import pytest

from appeal.errors import EngineError
from appeal.mt import get_engine
from appeal.mt.apy import ApyEngine
from appeal.mt.deeptranslator import MyMemoryEngine
from appeal.mt.online import OnlineEngine
from appeal.mt.routing import EnginePool
from appeal.redact import SECRET_VARIABLES
from tests.conftest import copy_sample, run_appeal
from tests.mt.standins import Standin, serve
from tests.mt.test_online import KEYS, route

QUICK = {"retries": 0, "backoff": 0.01, "timeout": 1.0, "deadline": 3.0}
HANG = 60.0
"""Far more than any bound below: a test that reaches it has found a hang."""


def engine(standin: Standin, **table: object) -> OnlineEngine:
    made = get_engine(standin.provider,
                      {"engines": {standin.provider: {"url": standin.endpoint, **QUICK,
                                                      **table}}})
    assert isinstance(made, OnlineEngine)
    return made


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in [*KEYS.values(), "MICROSOFT_TRANSLATOR_REGION"]:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "ms-key-0123456789")
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "libre-key-0123456789")


@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers"])
def test_a_trickling_server_fails_at_the_deadline(headers: bool) -> None:
    """One byte every 0.2 s never trips a 1 s read timeout; the 3 s deadline ends it."""
    with serve("libretranslate", trickle=0.2, trickle_headers=headers) as standin:
        started = time.monotonic()
        with pytest.raises(EngineError, match=r"did not finish answering"):
            engine(standin).translate_batch(["Hello"], route("libretranslate"))
        assert time.monotonic() - started < HANG


def test_a_huge_answer_is_refused_without_being_read() -> None:
    """300 MB declared: refused from its length. 200 MB streamed without a length: refused
    after the limit, with the process's memory far below the answer's size."""
    with serve("libretranslate", huge_declared=300_000_000) as standin, \
            pytest.raises(EngineError, match=r"answer of 300,000,000 bytes, more than"):
        engine(standin).translate_batch(["Hello"], route("libretranslate"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with serve("libretranslate", huge=200_000_000) as standin, \
            pytest.raises(EngineError, match=r"more than the 1,000,000 bytes"):
        engine(standin, max_response_bytes=1_000_000, deadline=30.0).translate_batch(
            ["Hello"], route("libretranslate"))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 100_000, f"memory grew by {grown_kib} KiB"


@pytest.mark.parametrize("provider", ["microsoft", "libretranslate"])
def test_no_key_follows_a_redirect_to_another_server(provider: str) -> None:
    """Microsoft's key travels in a header, LibreTranslate's in the JSON body: a 307 to
    another host would carry either along; appeal refuses to follow."""
    with serve(provider) as elsewhere, serve(provider, redirect_to=elsewhere.url) as standin:
        made = engine(standin)
        with pytest.raises(EngineError, match="redirected the request to another server"):
            made.translate_batch(["Hello"], route(provider if provider != "microsoft"
                                                  else "microsoft"))
    assert not [seen for seen in elsewhere.seen if seen.method == "POST"]
    for seen in elsewhere.seen:
        assert "ms-key" not in str(seen.headers) and b"libre-key" not in seen.body


def test_a_redirect_on_the_same_server_is_followed() -> None:
    with serve("libretranslate") as standin:
        standin.redirect_to = standin.url + "/moved"
        made = engine(standin)
        with pytest.raises(EngineError, match="redirected the request more than 5 times"):
            made.translate_batch(["Hello"], route("libretranslate"))
    posts = [seen for seen in standin.seen if seen.method == "POST"]
    assert len(posts) == 6 and posts[-1].path.startswith("/moved/moved")


@pytest.mark.parametrize(("provider", "body"), [
    ("libretranslate", ("text/html", "<html><body>Sign in to the Wi-Fi</body></html>")),
    ("libretranslate", ("application/json", '{"languages": ["en", "es"]}')),
    ("libretranslate", ("application/json", '[{"code": "en", "targets": "es"}]')),
    ("microsoft", ("application/json", '{"translation": ["en", "es"]}')),
    ("deepl", ("application/json", '[{"lang": "EN"}]')),
])
def test_malformed_language_lists_are_clear_errors(provider: str,
                                                   body: tuple[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "deepl-key-0123456789")
    with serve(provider, languages_body=body) as standin:
        made = engine(standin)
        state = made.availability()  # DeepL's probe asks /v2/usage, not the languages
        clear = r"not JSON|not a list of languages|no \"translation\" table|not lists of codes"
        assert provider == "deepl" or (not state.usable and re.search(clear, state.reason))
        with pytest.raises(EngineError, match=clear) as caught:
            made.routes("en", "es")
    assert provider in str(caught.value)


def test_translate_and_engines_show_a_broken_provider_without_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"])
    with serve("libretranslate", languages_body=("text/html", "<h1>502</h1>")) as standin:
        with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[translate]\nengines = ["libretranslate"]\n'
                         f'[engines.libretranslate]\nurl = "{standin.url}"\n')
        listed = run_appeal("-C", root, "engines")
        drafted = run_appeal("-C", root, "translate")
    assert listed.exit_code == 0 and "libretranslate: not usable" in listed.output
    assert "answered /languages with text/html, not JSON" in listed.output
    assert drafted.exit_code == 0, drafted.output
    assert "es: no engine reaches it (libretranslate: " in drafted.output
    for output in (listed.output, drafted.output):
        assert "Traceback" not in output and "libre-key" not in output


def test_messages_never_show_keys_or_addresses(monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    """A server echoing the request (the key, the organizer's address) in its error page,
    and urllib3's debug lines (-vv) for MyMemory's query with the address."""
    monkeypatch.setenv("MYMEMORY_EMAIL", "organizer@committee.example")
    with serve("microsoft", busy=[(400, {})], key="other") as standin:
        standin.poison = "Hello"
        made = engine(standin)
        with pytest.raises(EngineError) as caught:
            made.translate_batch(["Hello"], route("microsoft"))
    assert "ms-key" not in str(caught.value)
    from appeal.redact import RedactingFilter, redact

    assert redact("key ms-key-0123456789 for organizer@committee.example, or x@y.org") == \
        "key <MICROSOFT_TRANSLATOR_KEY> for <MYMEMORY_EMAIL>, or <e-mail>"
    line = '%s "GET /get?q=Hi&de=%s HTTP/1.1" 200'
    record = logging.LogRecord("urllib3.connectionpool", logging.DEBUG, __file__, 1, line,
                               ("http://x", "organizer%40committee.example"), None)
    assert RedactingFilter().filter(record) and "organizer" not in record.getMessage()


def test_verbose_translate_keeps_the_address_out_of_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``appeal -vv translate`` with MyMemory, as a subprocess prints it."""
    import subprocess
    import sys

    monkeypatch.setenv("MYMEMORY_EMAIL", "organizer@committee.example")
    root = copy_sample(tmp_path / "ws", languages=["es"])
    (root / "content" / "digest.md").unlink()
    with serve("mymemory") as standin:
        with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[translate]\nengines = ["mymemory"]\nbatch_size = 3\n'
                         f'[engines.mymemory]\nurl = "{standin.endpoint}"\n')
        proc = subprocess.run([sys.executable, "-m", "appeal", "-vv", "-C", str(root),
                               "translate"], capture_output=True, text=True, timeout=HANG,
                              check=False)
        seen = [s for s in standin.seen if "de" in s.query]
    assert proc.returncode == 0, proc.stderr
    assert seen and seen[0].query["de"] == ["organizer@committee.example"]  # it was sent
    assert "GET /get?" in proc.stderr  # urllib3's debug lines are there …
    assert "organizer" not in proc.stderr + proc.stdout  # … without the address
    assert proc.stderr.count("sending text to mymemory at") == 1


def test_one_notice_names_the_provider_before_text_leaves(tmp_path: Path) -> None:
    """On the log (stderr), once per run however many requests follow."""
    import subprocess
    import sys

    root = copy_sample(tmp_path / "ws", languages=["es"])
    with serve("libretranslate") as standin:
        with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[translate]\nengines = ["libretranslate"]\nbatch_size = 5\n'
                         f'[engines.libretranslate]\nurl = "{standin.url}"\n')
        proc = subprocess.run([sys.executable, "-m", "appeal", "-C", str(root), "translate"],
                              capture_output=True, text=True, timeout=HANG, check=False)
        posts = [seen for seen in standin.seen if seen.method == "POST"]
    assert proc.returncode == 0, proc.stderr
    assert len(posts) > 5
    assert proc.stderr.splitlines() == [
        f"appeal: sending text to libretranslate at {standin.url}: it leaves this machine "
        "(forbid online engines with [translate] online = false)"]
    assert proc.stdout.startswith("es: ")


def test_online_engines_can_be_forbidden(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"])
    with serve("libretranslate") as standin:
        with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'\n[translate]\nonline = false\nengines = ["libretranslate", '
                         f'"apertium"]\n[engines.libretranslate]\nurl = "{standin.url}"\n')
        listed = run_appeal("-C", root, "engines")
        drafted = run_appeal("-C", root, "translate")
    assert "libretranslate: not usable (online engines are off here" in listed.output
    assert drafted.exit_code == 0 and "drafted with apertium eng→spa" in drafted.output
    assert not [seen for seen in standin.seen if seen.method == "POST"]
    pool = EnginePool({"translate": {"online": False},
                       "engines": {"apy": {"url": "http://translate.example.org:2737"}}})
    assert not pool.availability("apy").usable
    assert not ApyEngine("http://127.0.0.1:2737").leaves_machine
    bad = run_appeal("-C", root, "translate", "--engine", "apertium")
    assert bad.exit_code == 0
    (root / "appeal.toml").write_text((root / "appeal.toml").read_text(encoding="utf-8")
                                      .replace("online = false", 'online = "no"'),
                                      encoding="utf-8")
    refused = run_appeal("-C", root, "translate")
    assert refused.exit_code == 1 and "[translate] online must be true or false" in \
        refused.output


def test_every_provider_offering_https_is_reached_over_it() -> None:
    assert str(MyMemoryEngine().url).startswith("https://api.mymemory.translated.net/")
    for name in ("microsoft", "deepl", "google"):
        made = get_engine(name, {})
        assert isinstance(made, OnlineEngine) and str(made.url).startswith("https://"), name


def test_every_key_variable_is_kept_secret() -> None:
    from appeal.mt import ENGINES

    for name in ENGINES:
        made = get_engine(name, {"engines": {name: {"url": "http://127.0.0.1:9"}}})
        variable = getattr(made, "key_variable", None)
        assert variable is None or variable in SECRET_VARIABLES, name
