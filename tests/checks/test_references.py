"""The urls and numbers checks: addresses and figures must reach every language."""

from __future__ import annotations

import pytest

from appeal.checks.references import addresses, numbers_in
from tests.checks.util import entry, found

DONATE = "You can contribute to support those under political repression here: https://example.org/donate"
DONATE_DE = "Hier könnt ihr die politisch Verfolgten unterstützen: https://example.org/donate"
CONTACT = "Write to sac@example.org or see https://example.org/sac."
CONTACT_DE = "Schreibt an sac@example.org oder seht https://example.org/sac."

BAD_URLS = [
    pytest.param(entry(DONATE, DONATE_DE.replace("donate", "spenden")),
                 ['URL "https://example.org/donate" missing in translation',
                  'URL "https://example.org/spenden" not in source'], id="url-changed"),
    pytest.param(entry(CONTACT, CONTACT_DE.replace("sac@", "ksd@")),
                 ['e-mail address "sac@example.org" missing in translation',
                  'e-mail address "ksd@example.org" not in source'], id="email-changed"),
    pytest.param(entry(DONATE, "Hier könnt ihr die politisch Verfolgten unterstützen."),
                 ['URL "https://example.org/donate" missing in translation'], id="url-dropped"),
    pytest.param(entry("Solidarity forever!", "Solidarität für immer! https://example.com/x"),
                 ['URL "https://example.com/x" not in source'], id="url-added"),
]

GOOD_URLS = [
    pytest.param(entry(DONATE, DONATE_DE), id="url-kept"),
    pytest.param(entry(CONTACT, CONTACT_DE), id="trailing-period-not-part-of-url"),
    pytest.param(entry(DONATE, "Hier könnt ihr [spenden](https://example.org/donate)."),
                 id="url-made-a-link"),
    pytest.param(entry("Solidarity forever!", "Solidarität für immer!"), id="no-addresses"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_URLS)
def test_urls_flags_changed_addresses(item, expected) -> None:
    assert found("urls", item) == expected


@pytest.mark.parametrize("item", GOOD_URLS)
def test_urls_accepts_kept_addresses(item) -> None:
    assert found("urls", item) == []


def test_addresses_in_brackets_and_sentences() -> None:
    assert addresses("(see https://example.org/a_(b)) and www.example.org.") == [
        "https://example.org/a_(b)", "www.example.org"]


ARTICLE = ("He was arrested (July 26, 2023) by the Syktyvkar court (part 2 of article 205.2 of "
           "the Criminal Code of the Russian Federation).")
ARTICLE_DE = ("Er wurde (26. Juli 2023) vom Gericht in Syktywkar verhaftet (Teil 2 des Artikels "
              "205.2 des Strafgesetzbuchs der Russischen Föderation).")
FINE = ("On December 12, 2023, Boris Kagarlitsky was released in the courtroom. He was found "
        "guilty and sentenced to a fine (600 thousand rubles).")
FINE_DE = ("Am 12. Dezember 2023 wurde Boris Kagarlitsky im Gerichtssaal freigelassen. Er wurde "
           "zu einer Geldstrafe (600.000 Rubel) verurteilt.")
FORCED = "Konstantin was sentenced to 1.6 years of forced labor."

BAD_NUMBERS = [
    pytest.param(entry(ARTICLE, ARTICLE_DE.replace("205.2", "205")),
                 ['number "205.2" missing in translation'], id="article-truncated"),
    pytest.param(entry(FINE, FINE_DE.replace("2023", "2022")),
                 ['number "2023" missing in translation'], id="year-changed"),
    pytest.param(entry(FORCED, "Konstantin wurde zu 6,1 Jahren Zwangsarbeit verurteilt."),
                 ['number "1.6" missing in translation'], id="digits-swapped"),
    pytest.param(entry(FINE, FINE_DE.replace("600.000", "60.000")),
                 ['number "600" missing in translation'], id="scale-wrong"),
]

GOOD_NUMBERS = [
    pytest.param(entry(ARTICLE, ARTICLE_DE), id="article-and-date"),
    pytest.param(entry(FINE, FINE_DE), id="thousand-written-as-digits"),
    pytest.param(entry(FORCED, "Konstantin wurde zu 1,6 Jahren Zwangsarbeit verurteilt."),
                 id="decimal-comma"),
    pytest.param(entry(FORCED, "حُكم على كونستانتين بالسجن ١٫٦ سنة من العمل القسري.",
                       language="ar"), id="arabic-indic-digits"),
    pytest.param(entry("Solidarity forever!", "Solidarität für immer, seit 2022!"),
                 id="numbers-added-are-fine"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_NUMBERS)
def test_numbers_flags_missing_figures(item, expected) -> None:
    assert found("numbers", item) == expected


@pytest.mark.parametrize("item", GOOD_NUMBERS)
def test_numbers_accepts_local_spellings(item) -> None:
    assert found("numbers", item) == []


def test_numbers_ignore_addresses_and_placeholders() -> None:
    assert numbers_in("see https://example.org/2024 and %(n)s {0} mail a1@example.org") == {}
