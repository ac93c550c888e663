"""``appeal check`` on the sample workspace: GNU lines, JSON, exit status, broken catalogs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_sample, msgfmt_check, run_appeal

DATA = Path(__file__).parent / "data"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The sample with German, Spanish and Arabic; German holds the planted catalog."""
    root = copy_sample(tmp_path / "ws", languages=["de", "es", "ar"])
    for lang in ("de", "es", "ar"):
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True)
    shutil.copyfile(DATA / "de.po", root / "locales/de/LC_MESSAGES/messages.po")
    clean = (DATA / "de.po").read_text(encoding="utf-8")
    for lang in ("es", "ar"):
        # Only the untranslated entry and the two with errors differ from a clean catalog.
        (root / f"locales/{lang}/LC_MESSAGES/messages.po").write_text(
            _cleaned(clean).replace("Language: de", f"Language: {lang}"), encoding="utf-8")
    return root


def _cleaned(text: str) -> str:
    """The German catalog with every planted problem fixed."""
    for bad, good in (("Artikel 205 ", "Artikel 205.2 "),
                      ("Gerichtssaal freigelassen.", "Gerichtssaal *freigelassen*."),
                      ("(javascript:alert(1))", "(https://t.me/example_sac)"),
                      ('msgstr "Solidarity forever!"', 'msgstr "Solidarität für immer!"'),
                      ('recovering."\nmsgstr ""', 'recovering."\nmsgstr "Konstantin erholt sich."'),
                      ("#, fuzzy\n", "")):
        assert bad in text
        text = text.replace(bad, good)
    return text


def test_check_prints_gnu_lines_relative_to_the_workspace(workspace: Path) -> None:
    msgfmt_check(workspace / "locales/de/LC_MESSAGES/messages.po")
    result = run_appeal("-C", workspace, "check", "--lang", "de")
    assert result.stdout == (DATA / "de.expect.txt").read_text(encoding="utf-8")
    # The untranslated finding is counted as untranslated, not as a warning, as
    # appeal status and the dashboard count it.
    assert "de: 3 errors (1 in drafts), 2 warnings, 1 untranslated" in result.stderr
    assert result.exit_code == 1


def test_clean_catalogs_pass(workspace: Path) -> None:
    for lang in ("es", "ar"):
        msgfmt_check(workspace / f"locales/{lang}/LC_MESSAGES/messages.po")
    result = run_appeal("-C", workspace, "check", "--lang", "es,ar")
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["es: 0 errors, 0 warnings", "ar: 0 errors, 0 warnings"]
    assert result.exit_code == 0


def test_json_lists_every_finding_for_tools(workspace: Path) -> None:
    result = run_appeal("-C", workspace, "check", "--format", "json", "--lang", "de", "--lang",
                        "es")
    found = json.loads(result.stdout)
    assert len(found) == 6
    assert found[1] == {
        "path": "locales/de/LC_MESSAGES/messages.po", "line": 38, "severity": "error",
        "check": "markup", "message": "1 emphasis span in source, 0 in translation",
        "msgid": "On December 12, 2023, Boris Kagarlitsky was *released* in the courtroom.",
        "draft": True, "language": "de"}
    assert {item["language"] for item in found} == {"de"}
    assert result.exit_code == 1


def test_warnings_fail_only_when_strict(workspace: Path) -> None:
    warnings_only = ["--lang", "de", "--only", "numbers,unchanged", "--only", "untranslated"]
    relaxed = run_appeal("-C", workspace, "check", *warnings_only)
    strict = run_appeal("-C", workspace, "check", "--strict", *warnings_only)
    assert len(relaxed.stdout.splitlines()) == 3
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)


def test_strict_also_fails_on_untranslated_entries(workspace: Path) -> None:
    """--strict fails on every warning-severity finding, though the summary counts an
    untranslated entry on its own."""
    only = ["--lang", "de", "--only", "untranslated"]
    relaxed = run_appeal("-C", workspace, "check", *only)
    strict = run_appeal("-C", workspace, "check", "--strict", *only)
    assert relaxed.stderr.splitlines() == ["de: 0 errors, 0 warnings, 1 untranslated"]
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    clean = run_appeal("-C", workspace, "check", "--strict", "--lang", "es", "--only",
                       "untranslated")
    assert clean.exit_code == 0 and clean.stderr.splitlines() == ["es: 0 errors, 0 warnings"]


def test_an_ignore_flag_silences_one_check_on_one_entry(workspace: Path) -> None:
    """The 1.6 years entry is flagged appeal-ignore-numbers; removing the flag shows it."""
    path = workspace / "locales/de/LC_MESSAGES/messages.po"
    assert "1.6" not in run_appeal("-C", workspace, "check", "--lang", "de").stdout
    path.write_text(path.read_text(encoding="utf-8").replace("#, appeal-ignore-numbers\n", ""),
                    encoding="utf-8")
    lines = run_appeal("-C", workspace, "check", "--lang", "de").stdout.splitlines()
    assert 'messages.po:54: warning: numbers: number "1.6" missing in translation' in lines[-3]


def test_a_broken_catalog_is_reported_and_the_others_still_checked(workspace: Path) -> None:
    shutil.copyfile(DATA / "broken.po", workspace / "locales/es/LC_MESSAGES/messages.po")
    (workspace / "locales/ar/LC_MESSAGES/messages.po").write_text(
        (DATA / "de.po").read_text(encoding="utf-8").replace("Language: de", "Language: ar"),
        encoding="utf-8")
    result = run_appeal("-C", workspace, "check", "--lang", "es,ar")
    lines = result.stdout.splitlines()
    assert lines[0] == "locales/es/LC_MESSAGES/messages.po:16: error: catalog: unterminated string"
    assert any(line.startswith("locales/ar/") and "links" in line for line in lines[1:])
    assert "es: catalog not readable, not checked" in result.stderr
    assert result.exit_code == 1


def test_a_missing_catalog_is_an_error(workspace: Path) -> None:
    (workspace / "locales/es/LC_MESSAGES/messages.po").unlink()
    result = run_appeal("-C", workspace, "check", "--lang", "es")
    assert result.stdout.startswith("locales/es/LC_MESSAGES/messages.po: error: catalog: ")
    assert result.exit_code == 1


@pytest.mark.parametrize("args", [("--only", "spelling"), ("--lang", "xx"),
                                  ("--format", "yaml")], ids=["check", "language", "format"])
def test_unknown_names_are_usage_errors(workspace: Path, args: tuple[str, str]) -> None:
    result = run_appeal("-C", workspace, "check", *args)
    assert result.exit_code == 2
    assert args[1] in result.stderr
