"""The glossary and do-not-translate checks, with a German glossary for the sample."""

from __future__ import annotations

import pytest

from appeal.catalogs import Catalog, Entry
from appeal.glossary import terms_from
from tests.checks.util import entry, found

GLOSSARY = {
    "Committee for Solidary Actions": "Komitee für Solidarische Aktionen",
    "trade union": "Gewerkschaft",
    "Left Bloc": "Linker Block",
    "SAC": "SAC",
    "Rabkor": "Rabkor",
    "Med-Life": "Med-Life",
}
FIRST = ("The Committee for Solidary Actions is a political group of left-wing and trade union "
         "activists reestablished in 2022.")
FIRST_DE = ("Das Komitee für Solidarische Aktionen ist eine politische Gruppe linker "
            "Gewerkschaftsaktivisten, 2022 neu gegründet.")
RABKOR = "He is the editor-in-chief of Rabkor (socio-political media)."
LOANS = "Kupriyanov allegedly imposed loans for medical treatment at Med-Life."
MAIN = "At the moment, the SAC's main purpose is to support repressed political activists."


def de(msgid: str, msgstr: str):
    return entry(msgid, msgstr, glossary=GLOSSARY)


BAD_GLOSSARY = [
    pytest.param(de(FIRST, FIRST_DE.replace("Komitee für Solidarische Aktionen",
                                            "Komitee der solidarischen Aktionen")),
                 ['"Committee for Solidary Actions" should be rendered '
                  '"Komitee für Solidarische Aktionen"'], id="name-paraphrased"),
    pytest.param(de(FIRST, FIRST_DE.replace("Gewerkschaftsaktivisten", "Unionsaktivisten")),
                 ['"trade union" should be rendered "Gewerkschaft"'], id="term-replaced"),
    pytest.param(de("while two other Left Bloc activists hung a banner",
                    "während zwei andere Aktivisten des Linken Blocks ein Transparent aufhängten"),
                 ['"Left Bloc" should be rendered "Linker Block"'], id="inflected-is-reported"),
]

GOOD_GLOSSARY = [
    pytest.param(de(FIRST, FIRST_DE), id="renderings-used"),
    pytest.param(de("Trade union activists", "gewerkschaft-Aktivisten"), id="case-insensitive"),
    pytest.param(de("Solidarity forever!", "Solidarität für immer!"), id="no-term"),
    pytest.param(de("the trade unions' union", "der Gewerkschaften Bund"), id="plural-contains"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_GLOSSARY)
def test_glossary_flags_other_renderings(item, expected) -> None:
    assert found("glossary", item) == expected


@pytest.mark.parametrize("item", GOOD_GLOSSARY)
def test_glossary_accepts_agreed_renderings(item) -> None:
    assert found("glossary", item) == []


BAD_KEEP = [
    pytest.param(de(MAIN, "Im Moment ist das Hauptziel des KSD, verfolgte Aktivisten zu "
                          "unterstützen."),
                 ['"SAC" must stay as written (the glossary says so)'], id="acronym-translated"),
    pytest.param(de(RABKOR, "Er ist Chefredakteur von Рабкор (gesellschaftspolitische Medien)."),
                 ['"Rabkor" must stay as written (the glossary says so)'], id="transliterated"),
    pytest.param(de(LOANS, "Kuprijanow soll Kredite für Behandlungen bei Med-Leben aufgedrängt "
                           "haben."),
                 ['"Med-Life" must stay as written (the glossary says so)'], id="brand-translated"),
]

GOOD_KEEP = [
    pytest.param(de(MAIN, "Im Moment ist das Hauptziel des SAC, verfolgte Aktivisten zu "
                          "unterstützen."), id="acronym-kept"),
    pytest.param(de(RABKOR, "Er ist Chefredakteur von Rabkor (gesellschaftspolitische Medien)."),
                 id="name-kept"),
    pytest.param(de("the sack of the city", "die Plünderung der Stadt"), id="not-a-whole-word"),
    pytest.param(de(LOANS, "Kuprijanow soll bei Med-Lifes Kunden Kredite aufgedrängt haben."),
                 id="with-a-suffix"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_KEEP)
def test_do_not_translate_flags_changed_terms(item, expected) -> None:
    assert found("do-not-translate", item) == expected


@pytest.mark.parametrize("item", GOOD_KEEP)
def test_do_not_translate_accepts_kept_terms(item) -> None:
    assert found("do-not-translate", item) == []


def test_the_glossary_catalogs_shape_is_the_checks_shape() -> None:
    """A glossary catalog renders a kept term as itself: to the checks, do-not-translate."""
    catalog = Catalog(entries=(
        Entry("Kagarlitsky", flags=frozenset({"do-not-translate"})),
        Entry("SAC", ("KSD",))), locale="de")
    terms = terms_from(catalog)
    assert terms == {"Kagarlitsky": "Kagarlitsky", "SAC": "KSD"}
    item = entry("Kagarlitsky and the SAC.", "Kagarlizki und die SAC.", glossary=terms)
    assert found("do-not-translate", item) == [
        '"Kagarlitsky" must stay as written (the glossary says so)']
    assert found("glossary", item) == ['"SAC" should be rendered "KSD"']
