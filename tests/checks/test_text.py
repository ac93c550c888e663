"""The checks on translations as text: missing, unchanged, spacing, breaks, length, invisibles."""

from __future__ import annotations

import pytest

from tests.checks.util import entry, found

SOLIDARITY = "Solidarity forever!"
READING = "Approximate reading time: %(minutes)s minute"
READING_PLURAL = "Approximate reading time: %(minutes)s minutes"
VERSE = "Bury me, then rise ye up\\\nAnd break your heavy chains"
VERSE_DE = "Begrabt mich und erhebt euch\\\nZerreißt die schweren Ketten"
FOREVER = "Konstantin is currently recovering."
NAVALNY = ("After laying flowers in memory of the murdered Navalny, Daria was arrested and "
           "imprisoned for 5 days.")
NAVALNY_AR = "بعد وضع الزهور في ذكرى نافالني المقتول، اعتُقلت داريا وسُجنت 5 أيام."


BAD = {
    "untranslated": [
        (entry(SOLIDARITY), ["not translated"], "empty"),
        (entry(READING, "", "", plural=READING_PLURAL), ["not translated"], "plural-empty"),
        (entry("Boris Kagarlitsky", flags=("fuzzy",)), ["not translated"], "fuzzy-empty"),
    ],
    "unchanged": [
        (entry(SOLIDARITY, SOLIDARITY), ["translation is the same as the source"], "sentence"),
        (entry("Contents", "Contents"), ["translation is the same as the source"], "one-word"),
        (entry(READING, READING, READING_PLURAL, plural=READING_PLURAL),
         ["translation is the same as the source"], "plural"),
        (entry(FOREVER, " " + FOREVER), ["translation is the same as the source"], "spaces"),
    ],
    "whitespace": [
        (entry(SOLIDARITY, " Solidarität für immer!"),
         ['leading whitespace " ", source has ""'], "leading-space"),
        (entry(SOLIDARITY, "Solidarität für immer!\n"),
         ['trailing whitespace "\\n", source has ""'], "trailing-newline"),
        (entry("Contents ", "Inhalt"), ['trailing whitespace "", source has " "'],
         "trailing-space-lost"),
    ],
    "line-breaks": [
        (entry(VERSE, VERSE_DE.replace("\\\n", " ")),
         ["1 line breaks in source, 0 in translation"], "break-lost"),
        (entry(VERSE, VERSE_DE.replace("\\\n", "\n")),
         ["1 hard line breaks in source, 0 in translation (end a line with a backslash to keep "
          "it)"], "backslash-lost"),
        (entry(SOLIDARITY, "Solidarität\\\nfür immer!"),
         ["0 line breaks in source, 1 in translation"], "break-added"),
    ],
    "length": [
        (entry(SOLIDARITY, "Solidarität für immer! " * 4),
         ["translation has 92 characters, source 19: something pasted twice or an explanation "
          "added?"], "repeated"),
        (entry("Contents", "Inhalt (das Verzeichnis aller Abschnitte dieser Seite)"),
         ["translation has 54 characters, source 8: something pasted twice or an explanation "
          "added?"], "explained"),
        (entry(READING, "Lesezeit: %(minutes)s Minute", "x" * 200, plural=READING_PLURAL),
         ["msgstr[1]: translation has 200 characters, source 45: something pasted twice or an "
          "explanation added?"], "plural-form"),
    ],
    "invisible-characters": [
        (entry(SOLIDARITY, "Solidarität\u200b für immer!"),
         ["invisible character U+200B ZERO WIDTH SPACE"], "zero-width-space"),
        (entry(NAVALNY, NAVALNY_AR.replace("5", "\u202e5\u202c"), language="ar"),
         ["invisible character U+202E RIGHT-TO-LEFT OVERRIDE",
          "invisible character U+202C POP DIRECTIONAL FORMATTING"], "override-in-rtl"),
        (entry(SOLIDARITY, "Solidarität\u200e für immer!"),
         ["invisible character U+200E LEFT-TO-RIGHT MARK"], "mark-in-ltr"),
        (entry(SOLIDARITY, "\ufeffSolidarität für immer!"),
         ["invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE"], "byte-order-mark"),
    ],
    "direction-marks": [
        (entry(NAVALNY, NAVALNY_AR.replace("5", "\u200f5"), language="ar"),
         ["invisible character U+200F RIGHT-TO-LEFT MARK"], "rlm"),
        (entry(NAVALNY, NAVALNY_AR.replace("نافالني", "\u2066Navalny\u2069"), language="ar"),
         ["invisible character U+2066 LEFT-TO-RIGHT ISOLATE",
          "invisible character U+2069 POP DIRECTIONAL ISOLATE"], "isolate"),
        (entry(SOLIDARITY, "סולידריות\u200e לנצח!", language="he"),
         ["invisible character U+200E LEFT-TO-RIGHT MARK"], "hebrew-lrm"),
    ],
}

GOOD = {
    "untranslated": [
        (entry(SOLIDARITY, "Solidarität für immer!"), "translated"),
        (entry(READING, "Lesezeit: %(minutes)s Minute", "", plural=READING_PLURAL),
         "plural-partly-is-the-plurals-business"),
        (entry("Boris Kagarlitsky", "Boris Kagarlizki", flags=("fuzzy",)), "draft"),
    ],
    "unchanged": [
        (entry("Boris Kagarlitsky", "Boris Kagarlitsky"), "name"),
        (entry("CPRF", "CPRF"), "acronym"),
        (entry(SOLIDARITY, SOLIDARITY, language="en_GB"), "same-language"),
        (entry("Rabkor", "Rabkor", glossary={"Rabkor": "Rabkor"}), "kept-term"),
        (entry(SOLIDARITY, "Solidarität für immer!"), "translated"),
    ],
    "whitespace": [
        (entry(SOLIDARITY, "Solidarität für immer!"), "none"),
        (entry("Contents ", "Inhalt "), "trailing-kept"),
        (entry(VERSE, VERSE_DE), "inner-breaks-are-not-edges"),
    ],
    "line-breaks": [
        (entry(VERSE, VERSE_DE), "kept"),
        (entry(SOLIDARITY, "Solidarität für immer!"), "none"),
        (entry(SOLIDARITY, "Solidarität für immer!\n"), "trailing-is-whitespace"),
    ],
    "length": [
        (entry(SOLIDARITY, "Solidarität für immer!"), "normal"),
        (entry("Contents", "Inhaltsverzeichnis"), "short-source-slack"),
        (entry(NAVALNY, NAVALNY_AR, language="ar"), "other-script"),
    ],
    "invisible-characters": [
        (entry(NAVALNY, NAVALNY_AR.replace("5", "\u200f5"), language="ar"), "rlm-in-rtl"),
        (entry("Solidarity forever!", "همبستگی\u200cها برای همیشه!", language="fa"), "zwnj"),
        (entry("Solidarity\u200b forever!", "Solidarität\u200b für immer!"), "from-source"),
        (entry(SOLIDARITY, "Solidarität für immer!"), "none"),
    ],
    "direction-marks": [
        (entry(NAVALNY, NAVALNY_AR, language="ar"), "none"),
        (entry(SOLIDARITY, "Solidarität\u200e für immer!"), "ltr-is-the-other-check"),
        (entry("\u2066Navalny\u2069", "\u2066نافالني\u2069", language="ar"), "from-source"),
    ],
}


@pytest.mark.parametrize(("check_id", "item", "expected"),
                         [pytest.param(check_id, item, expected, id=f"{check_id}-{name}")
                          for check_id, rows in BAD.items() for item, expected, name in rows])
def test_text_checks_flag_bad_translations(check_id: str, item, expected: list[str]) -> None:
    assert found(check_id, item) == expected


@pytest.mark.parametrize(("check_id", "item"),
                         [pytest.param(check_id, item, id=f"{check_id}-{name}")
                          for check_id, rows in GOOD.items() for item, name in rows])
def test_text_checks_pass_good_translations(check_id: str, item) -> None:
    assert found(check_id, item) == []
