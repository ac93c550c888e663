"""What the user gets when the machine fails them: a killed worker, a full disk, a read-only
folder, a symbolic link leading out of the workspace, an interrupted run, hostile text.

Each case runs the real command (``python -m appeal``) in a process of its own. Full and
read-only file systems are real: a tiny tmpfs and a read-only bind mount, made in a
private mount namespace (``unshare``) so they vanish with the process.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import polib
import pytest

from appeal.workspace import load_workspace, workspace_lock
from tests.conftest import msgfmt_check, run_appeal

APPEAL = f"{shlex.quote(sys.executable)} -m appeal"
KILL_DE = """
import os, signal
import appeal.render as render
original = render.render_language
def render_language(ws, lang, *args, **kwargs):
    if lang == "de":
        os.kill(os.getpid(), signal.SIGKILL)
    return original(ws, lang, *args, **kwargs)
render.render_language = render_language
from appeal.cli import run
run()
"""


def appeal(root: Path, *args: str, script: str | None = None, setup: str = "",
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the command line on *root* in a fresh process; *setup* runs first, in a private
    mount namespace, so that what it mounts is seen by this run alone."""
    command = (f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}" if script
               else APPEAL)
    line = f"{command} -C {shlex.quote(str(root))} {' '.join(map(shlex.quote, args))}"
    argv = ["sh", "-c", line] if not setup else \
        [_unshare(), "--mount", "--map-root-user", "sh", "-ec", f"{setup}\n{line}"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1724112000"})


def _unshare() -> str:
    found = shutil.which("unshare")
    if found is None:
        pytest.fail("unshare (util-linux) is needed to make full and read-only file systems")
    return found


def prepared(root: Path) -> Path:
    """The small sample, extracted, updated and built once."""
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    return root


def assert_clear_failure(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    assert "appeal: error: " in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def catalogs_valid(root: Path) -> None:
    ws = load_workspace(root)
    msgfmt_check(ws.pot_path)
    for lang in ws.languages:
        msgfmt_check(ws.po_path(lang))


def test_a_killed_worker_fails_its_language_and_the_others_are_built(small_sample: Path
                                                                      ) -> None:
    (small_sample / "dist").mkdir(exist_ok=True)
    done = appeal(small_sample, "build", script=KILL_DE, timeout=120)
    assert_clear_failure(done, "de", "killed by SIGKILL")
    for lang in ("en", "es", "ar"):
        assert (small_sample / "dist" / lang / "appeal.html").is_file(), lang
    again = appeal(small_sample, "build")
    assert again.returncode == 0, again.stderr
    assert (small_sample / "dist/de/appeal.html").is_file(), "the next run does de again"
    catalogs_valid(small_sample)


def test_a_full_disk_names_the_file_and_the_other_languages_are_built(small_sample: Path
                                                                        ) -> None:
    prepared(small_sample)
    de = small_sample / "dist" / "de"
    done = appeal(small_sample, "build", "--force",
                  setup=f"mount -t tmpfs -o size=4k tmpfs {shlex.quote(str(de))}")
    assert_clear_failure(done, "No space left on device", "dist/de/", "free some disk space")
    assert (small_sample / "dist/es/appeal.html").is_file()
    catalogs_valid(small_sample)


@pytest.mark.parametrize("folder", ["locales", "dist", ".appeal"])
def test_a_read_only_folder_is_a_clear_error(small_sample: Path, folder: str) -> None:
    prepared(small_sample)
    content = small_sample / "content" / "appeal.md"
    content.write_text(content.read_text(encoding="utf-8").replace(
        "political group", "political organisation", 1), encoding="utf-8")
    target = shlex.quote(str(small_sample / folder))
    done = appeal(small_sample, "build", "--force",
                  setup=f"mount --bind {target} {target}\nmount -o remount,ro,bind {target}")
    assert_clear_failure(done, "Read-only file system", folder)
    catalogs_valid(small_sample)


def test_a_symlinked_language_folder_leading_outside_is_refused(small_sample: Path,
                                                                tmp_path: Path) -> None:
    prepared(small_sample)
    outside = tmp_path / "elsewhere"
    shutil.move(small_sample / "locales" / "es", outside)
    (small_sample / "locales" / "es").symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    content = small_sample / "content" / "appeal.md"
    content.write_text(content.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                       encoding="utf-8")
    done = appeal(small_sample, "build")
    assert_clear_failure(done, "leads outside the workspace", "locales/es")
    assert {p.name: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    assert "A new paragraph." in (small_sample / "dist/de/appeal.html").read_text(
        encoding="utf-8"), "the other languages are built"


def test_a_symlinked_lock_never_truncates_its_target(small_sample: Path, tmp_path: Path
                                                     ) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    (small_sample / ".appeal").mkdir()
    (small_sample / ".appeal" / "lock").symlink_to(precious)
    done = appeal(small_sample, "build")
    assert_clear_failure(done, "symbolic link", ".appeal/lock")
    assert precious.read_text(encoding="utf-8") == "keep me\n"


def test_temporary_files_of_an_interrupted_run_are_removed(small_sample: Path) -> None:
    prepared(small_sample)
    left = [small_sample / "locales/es/LC_MESSAGES/.messages.po.k3j9x0ab.tmp",
            small_sample / "dist/ar/.appeal.html.q0w9e8r7.tmp",
            small_sample / ".appeal/.state.json.a1b2c3d4.tmp"]
    for path in left:
        path.write_bytes(b"half a file")
    mine = small_sample / "content" / ".notes.md.tmp"
    mine.write_text("an editor's file, not appeal's", encoding="utf-8")
    done = appeal(small_sample, "build")
    assert done.returncode == 0, done.stderr
    assert not any(path.exists() for path in left)
    assert mine.exists()


def test_hostile_text_is_shown_escaped_on_the_terminal(small_sample: Path) -> None:
    """A glossary rendering with an ANSI escape and a direction override, quoted by a check."""
    prepared(small_sample)
    glossary = small_sample / "locales" / "de" / "LC_MESSAGES" / "glossary.po"
    glossary.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        'msgid "Solidarity"\nmsgstr "\\033[2J\\033[31mKSD\u202e"\n',
                        encoding="utf-8")
    msgfmt_check(glossary)
    catalog = polib.pofile(str(load_workspace(small_sample).po_path("de")), wrapwidth=76)
    catalog.find("Solidarity forever!").msgstr = "Für immer vereint!"
    catalog.save()
    done = appeal(small_sample, "check", "--lang", "de", "--only", "glossary")
    shown = done.stdout + done.stderr
    assert "should be rendered" in shown, shown
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[2J\\x1b[31mKSD\\u202e" in shown


def test_an_unreadable_setting_is_a_clear_error(small_sample: Path) -> None:
    (small_sample / "appeal.toml").write_text('[appeal]\nproject = "x"\nlanguages = [1 2]\n',
                                              encoding="utf-8")
    done = appeal(small_sample, "build")
    assert_clear_failure(done, "appeal.toml:3: invalid TOML")
    (small_sample / "appeal.toml").write_text("[appeal]\nlanguages = [\n", encoding="utf-8")
    assert_clear_failure(appeal(small_sample, "status"), "appeal.toml:2: invalid TOML")


def test_readers_share_the_lock_and_wait_for_no_writer(small_sample: Path) -> None:
    prepared(small_sample)
    for shared, command, allowed in ((True, "check", True), (True, "build", False),
                                     (False, "check", False)):
        held, release = threading.Event(), threading.Event()

        def hold(shared: bool = shared, held: threading.Event = held,
                 release: threading.Event = release) -> None:
            with workspace_lock(small_sample, shared=shared):
                held.set()
                release.wait(60)

        thread = threading.Thread(target=hold)
        thread.start()
        try:
            assert held.wait(60)
            done = appeal(small_sample, command, "--lang", "es")
        finally:
            release.set()
            thread.join()
        if allowed:
            assert "another appeal run" not in done.stderr, (shared, command)
        else:
            assert_clear_failure(done, "another appeal run")
