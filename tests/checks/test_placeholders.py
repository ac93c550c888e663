"""The placeholders and plurals checks, on the page chrome's real messages."""

from __future__ import annotations

import pytest

from appeal.checks.placeholders import single_number_forms
from tests.checks.util import entry, found

PY = ("python-format",)
READING = "Approximate reading time: %(minutes)s minute"
READING_PLURAL = "Approximate reading time: %(minutes)s minutes"
RANGE = "Approximate reading time: %(low)s–%(high)s minute"
RANGE_PLURAL = "Approximate reading time: %(low)s–%(high)s minutes"

BAD_PLACEHOLDERS = [
    pytest.param(entry("Last changed on %(date)s", "Zuletzt geändert", flags=PY),
                 ['"%(date)s" missing in translation'], id="named-missing"),
    pytest.param(entry("Last changed on %(date)s", "Zuletzt geändert am %(datum)s", flags=PY),
                 ['"%(datum)s" not in source', '"%(date)s" missing in translation'],
                 id="named-renamed"),
    pytest.param(entry("Last changed on %(date)s", "Am %(date)s geändert (zu 100%)", flags=PY),
                 ['stray "%" (write "%%" for a percent sign)'], id="stray-percent"),
    pytest.param(entry("Last changed on %(date)s", "Am %(date)s zu 50 % der Seite", flags=PY),
                 ['"% d" not in source'], id="percent-space-is-a-conversion"),
    pytest.param(entry("Approximate reading time: {minutes} minutes",
                       "Ungefähre Lesezeit: {minuten} Minuten"),
                 ['"{minuten}" not in source', '"{minutes}" missing in translation'],
                 id="brace-renamed"),
    pytest.param(entry("%s of %d cases supported by the SAC", "%d von %s Fällen",
                       flags=("c-format",)),
                 ["unnamed placeholders reordered (%d, %s); name them, e.g. %(count)d, to reorder"],
                 id="printf-reordered"),
    pytest.param(entry("Kagarlitsky was sentenced to %s.", "Kagarlitzki wurde verurteilt."),
                 ['"%s" missing in translation'], id="printf-unflagged-missing"),
    pytest.param(entry(READING, "Lesezeit: %(minutes)s Minute", "Lesezeit: %(minuten)s Minuten",
                       plural=READING_PLURAL, flags=PY),
                 ['msgstr[1]: "%(minuten)s" not in source'], id="plural-form-invented"),
]

GOOD_PLACEHOLDERS = [
    pytest.param(entry("Last changed on %(date)s", "Zuletzt geändert am %(date)s", flags=PY),
                 id="named-kept"),
    pytest.param(entry(RANGE, "Lesezeit: %(high)s bis %(low)s Minute", flags=PY),
                 id="named-reordered"),
    pytest.param(entry("Last changed on %(date)s", "Zu 100%% geändert am %(date)s", flags=PY),
                 id="escaped-percent"),
    pytest.param(entry("Thousands of mathematicians from 15 countries, 50% of them",
                       "Tausende Mathematiker aus 15 Ländern, 50 % davon"), id="prose-percent"),
    pytest.param(entry("Put {lang=uk} before the quotation", "Setze {lang=uk} vor das Zitat"),
                 id="attribute-braces-are-not-placeholders"),
    pytest.param(entry("%s of %d cases", "%s von %d Fällen", flags=("c-format",)),
                 id="printf-order-kept"),
    pytest.param(entry(READING, "Lesezeit: eine Minute", "Lesezeit: %(minutes)s Minuten",
                       plural=READING_PLURAL, flags=PY), id="singular-form-spelt-out"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_PLACEHOLDERS)
def test_placeholders_flags_broken_placeholders(item, expected) -> None:
    assert found("placeholders", item) == expected


@pytest.mark.parametrize("item", GOOD_PLACEHOLDERS)
def test_placeholders_accepts_kept_placeholders(item) -> None:
    assert found("placeholders", item) == []


RU = ("Время чтения: %(minutes)s минута", "Время чтения: %(minutes)s минуты")

BAD_PLURALS = [
    pytest.param(entry(READING, "Lesezeit: %(minutes)s Minute", "", plural=READING_PLURAL,
                       flags=PY),
                 ["msgstr[1] is empty while other forms are translated"], id="empty-form"),
    pytest.param(entry(READING, *RU, "Время чтения: много минут", plural=READING_PLURAL,
                       flags=PY, language="ru"),
                 ['msgstr[2]: "%(minutes)s" missing in this plural form'],
                 id="ru-many-lost-number"),
    pytest.param(entry(READING, *RU, plural=READING_PLURAL, flags=PY, language="ru", nplurals=3),
                 ["2 plural forms, but the catalog's header declares nplurals=3"],
                 id="too-few-forms"),
    pytest.param(entry(RANGE, "Lesezeit: %(low)s–%(high)s Minute", "Lesezeit: %(low)s Minuten",
                       plural=RANGE_PLURAL, flags=PY),
                 ['msgstr[1]: "%(high)s" missing in this plural form'], id="de-other-lost-high"),
]

ARABIC = ("وقت القراءة: لا دقائق", "وقت القراءة: دقيقة واحدة", "وقت القراءة: دقيقتان",
          "وقت القراءة: %(minutes)s دقائق", "وقت القراءة: %(minutes)s دقيقة",
          "وقت القراءة: %(minutes)s دقيقة")

GOOD_PLURALS = [
    pytest.param(entry(READING, "Lesezeit: %(minutes)s Minute", "Lesezeit: %(minutes)s Minuten",
                       plural=READING_PLURAL, flags=PY), id="de-both"),
    pytest.param(entry(READING, *ARABIC, plural=READING_PLURAL, flags=PY, language="ar"),
                 id="ar-zero-one-two-spelt-out"),
    pytest.param(entry(READING, plural=READING_PLURAL, flags=PY), id="untranslated"),
    pytest.param(entry("Languages", "Sprachen"), id="not-a-plural"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_PLURALS)
def test_plurals_flags_missing_forms(item, expected) -> None:
    assert found("plurals", item) == expected


@pytest.mark.parametrize("item", GOOD_PLURALS)
def test_plurals_accepts_complete_forms(item) -> None:
    assert found("plurals", item) == []


def test_single_number_forms_follow_cldr() -> None:
    assert single_number_forms("ar", 6) == {0, 1, 2}
    assert single_number_forms("de", 2) == {0}
    assert single_number_forms("ru", 3) == set()
    assert single_number_forms("de", 3) == set(), "a header that disagrees: no exemption"
