"""The registry, the Problem format, and running checks over messages and catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from appeal.catalogs import Catalog, Entry, Header, read_catalog
from appeal.checks import CHECKS, Problem, check, check_catalog, entry_problems
from tests.checks.util import entry

DATA = Path(__file__).parent / "data"
RELEASED = "On December 12, 2023, Boris Kagarlitsky was *released* in the courtroom."


def test_every_check_is_registered_with_id_severity_and_title() -> None:
    assert list(CHECKS) == [
        "untranslated", "unchanged", "whitespace", "line-breaks", "length",
        "invisible-characters", "direction-marks", "placeholders", "plurals", "markup",
        "links", "html", "urls", "numbers", "glossary", "do-not-translate"]
    for item in CHECKS.values():
        assert item.severity in ("error", "warning")
        assert item.title and "\n" not in item.title and not item.title.endswith(".")


@pytest.mark.parametrize(("check_id", "severity", "doc", "error"), [
    ("end_stop", "warning", "Ends.", "not kebab-case"),
    ("end-stop", "fatal", "Ends.", "neither"),
    ("placeholders", "error", "Again.", "registered twice"),
    ("end-stop", "warning", None, "needs a docstring"),
])
def test_check_decorator_refuses_bad_registrations(check_id: str, severity: str,
                                                   doc: str | None, error: str) -> None:
    def function(entry):
        yield from ()
    function.__doc__ = doc
    with pytest.raises(ValueError, match=error):
        check(check_id, severity)(function)  # type: ignore[arg-type]
    assert "end-stop" not in CHECKS


def test_problem_prints_gnu_style() -> None:
    path = Path("locales/de/LC_MESSAGES/messages.po")
    problem = Problem("placeholders", "error", '"%(min)s" missing in translation', "x", path,
                      123, draft=False)
    assert str(problem) == ('locales/de/LC_MESSAGES/messages.po:123: error: placeholders: '
                            '"%(min)s" missing in translation')
    assert str(Problem("length", "warning", "too long", "x", None, None, draft=True)) == (
        "warning (draft): length: too long")


def test_entry_problems_reports_drafts_as_drafts() -> None:
    message = Entry(RELEASED, ("Am 12. Dezember 2022 wurde Kagarlitsky freigelassen.",),
                    flags=frozenset({"fuzzy"}))
    problems = entry_problems(message, language="de", source_language="en")
    assert [(p.check, p.draft, p.severity) for p in problems] == [
        ("markup", True, "error"), ("numbers", True, "warning")]
    assert problems[0].msgid == RELEASED and problems[0].line is None


def test_an_ignore_flag_silences_only_its_check() -> None:
    message = Entry(RELEASED, ("Am 12. Dezember 2022 wurde Kagarlitsky freigelassen.",),
                    flags=frozenset({"appeal-ignore-markup"}))
    problems = entry_problems(message, language="de", source_language="en")
    assert [p.check for p in problems] == ["numbers"]


def test_untranslated_entries_only_get_the_untranslated_check() -> None:
    message = Entry("Last changed on %(date)s", ("",), flags=frozenset({"python-format"}))
    problems = entry_problems(message, language="de", source_language="en")
    assert [p.check for p in problems] == ["untranslated"]


def test_only_runs_the_chosen_checks_and_refuses_unknown_ones() -> None:
    message = Entry(RELEASED, ("Am 12. Dezember 2022 wurde Kagarlitsky freigelassen.",))
    assert [p.check for p in entry_problems(message, language="de", source_language="en",
                                            only=["numbers"])] == ["numbers"]
    with pytest.raises(ValueError, match="unknown check 'spelling'"):
        entry_problems(message, language="de", source_language="en", only=["spelling"])


def test_entry_problems_takes_nplurals_from_cldr_unless_given() -> None:
    message = Entry("%(n)s minute", ("%(n)s минута", "%(n)s минуты"), plural_id="%(n)s minutes",
                    flags=frozenset({"python-format"}))
    assert [p.message for p in entry_problems(message, language="ru", source_language="en")] == [
        "2 plural forms, but the catalog's header declares nplurals=3"]
    assert entry_problems(message, language="ru", source_language="en", nplurals=2) == []


def test_check_catalog_gives_each_problem_the_line_of_its_msgid() -> None:
    catalog = read_catalog(DATA / "de.po", locale="de")
    problems = check_catalog(catalog, path=Path("de.po"), language="de", source_language="en")
    assert [(p.line, p.check) for p in problems] == [
        (24, "numbers"), (38, "markup"), (45, "links"), (45, "html"), (65, "unchanged"),
        (70, "untranslated")]
    lines = (DATA / "de.po").read_text(encoding="utf-8").splitlines()
    assert all(lines[p.line - 1].startswith("msgid ") for p in problems if p.line)


def test_check_catalog_skips_the_header_and_obsolete_entries() -> None:
    catalog = Catalog(locale="de", entries=(Entry("Contents", ("Contents",)),),
                      obsolete=(Entry("Languages", ("Languages",), obsolete=True),))
    problems = check_catalog(catalog, path=None, language="de", source_language="en")
    assert [(p.msgid, p.check) for p in problems] == [("Contents", "unchanged")]


def test_check_catalog_counts_plural_forms_by_the_header_else_by_the_language() -> None:
    minutes = Entry("%(n)s minute", ("%(n)s минута", "%(n)s минуты"), plural_id="%(n)s minutes",
                    flags=frozenset({"python-format"}))
    bare = Catalog(locale="ru", entries=(minutes,))
    declared = bare.replace(header=Header("Plural-Forms: nplurals=2; plural=(n != 1);\n"))
    assert [p.message for p in check_catalog(bare, path=None, language="ru",
                                             source_language="en")] == [
        "2 plural forms, but the catalog's header declares nplurals=3"]
    assert check_catalog(declared, path=None, language="ru", source_language="en") == []


def test_plural_forms_are_compared_with_the_source_form_they_render() -> None:
    singular, plural = "%(n)s minute", "%(n)s minutes"
    german = entry(singular, "%(n)s Minute", "%(n)s Minuten", plural=plural)
    japanese = entry(singular, "%(n)s分", plural=plural, language="ja")
    assert list(german.pairs()) == [("msgstr[0]: ", singular, "%(n)s Minute"),
                                    ("msgstr[1]: ", plural, "%(n)s Minuten")]
    assert list(japanese.pairs()) == [("msgstr[0]: ", plural, "%(n)s分")]
    assert list(entry("Contents", "Inhalt").pairs()) == [("", "Contents", "Inhalt")]
