"""The markup, links and html checks: inline Markdown as markdown-it parses it."""

from __future__ import annotations

import pytest

from appeal.checks.inline import inline
from tests.checks.util import entry, found

RELEASED = "On December 12, 2023, Boris Kagarlitsky was *released* in the courtroom."
ORLOV = ("For more information about Anton Orlov see: [his case](https://example.org/orlov) "
         "and in the [telegram channel](https://t.me/example_sac)")
ORLOV_DE = ("Mehr über Anton Orlov: [sein Fall](https://example.org/orlov) "
            "und im [Telegram-Kanal](https://t.me/example_sac)")
POSTER = "![Poster “Yakut punks against the war”](https://example.org/poster.jpg)"

BAD_MARKUP = [
    pytest.param(entry(RELEASED, "Am 12. Dezember 2023 wurde Boris Kagarlitsky im Gerichtssaal "
                                 "freigelassen."),
                 ["1 emphasis span in source, 0 in translation"], id="emphasis-lost"),
    pytest.param(entry("**Solidarity forever!**", "*Solidarität für immer!*"),
                 ["0 emphasis spans in source, 1 in translation",
                  "1 strong span in source, 0 in translation"], id="strong-became-emphasis"),
    pytest.param(entry(RELEASED, r"Am 12. Dezember 2023 wurde Kagarlitsky \*freigelassen\*."),
                 ["1 emphasis span in source, 0 in translation"], id="escaped-asterisks"),
    pytest.param(entry("Run `appeal check` before publishing.", "Führe appeal check aus."),
                 ["1 code span in source, 0 in translation"], id="code-lost"),
    pytest.param(entry(RELEASED, "Am 12. Dezember 2023 wurde Kagarlitsky *freigelassen."),
                 ["1 emphasis span in source, 0 in translation"], id="unclosed-emphasis"),
]

GOOD_MARKUP = [
    pytest.param(entry(RELEASED, "Am 12. Dezember 2023 wurde Boris Kagarlitsky im Gerichtssaal "
                                 "_freigelassen_."), id="underscore-emphasis"),
    pytest.param(entry("**Solidarity forever!**", "**Solidarität für immer!**"), id="strong-kept"),
    pytest.param(entry("He was sentenced to 2 * 3 years", "Er wurde zu 2 * 3 Jahren verurteilt"),
                 id="lone-asterisks-are-text"),
    pytest.param(entry("The *SAC* and the *KSD* are one", "*KSD* und *SAC* sind dasselbe"),
                 id="emphasis-moved"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_MARKUP)
def test_markup_flags_lost_emphasis_and_code(item, expected) -> None:
    assert found("markup", item) == expected


@pytest.mark.parametrize("item", GOOD_MARKUP)
def test_markup_accepts_the_same_structure(item) -> None:
    assert found("markup", item) == []


BAD_LINKS = [
    pytest.param(entry(ORLOV, ORLOV_DE.replace("example_sac", "example_ksd")),
                 ['link target "https://t.me/example_sac" missing in translation',
                  'link target "https://t.me/example_ksd" not in source'], id="target-changed"),
    pytest.param(entry(ORLOV, "Mehr über Anton Orlov: sein Fall und im Telegram-Kanal"),
                 ['link target "https://example.org/orlov" missing in translation',
                  'link target "https://t.me/example_sac" missing in translation'],
                 id="links-dropped"),
    pytest.param(entry(ORLOV, ORLOV_DE.replace("https://t.me/example_sac", "javascript:alert(1)")),
                 ['link target "https://t.me/example_sac" missing in translation'],
                 id="unsafe-target-refused"),
    pytest.param(entry(ORLOV, ORLOV_DE.replace("t.me/example_sac", "example.org/orlov")),
                 ['link target "https://example.org/orlov": 1 in source, 2 in translation',
                  'link target "https://t.me/example_sac" missing in translation'],
                 id="same-target-twice"),
    pytest.param(entry(POSTER, POSTER.replace("poster.jpg", "plakat.jpg")),
                 ['image target "https://example.org/poster.jpg" missing in translation',
                  'image target "https://example.org/plakat.jpg" not in source'],
                 id="image-changed"),
]

GOOD_LINKS = [
    pytest.param(entry(ORLOV, ORLOV_DE), id="text-translated"),
    pytest.param(entry(ORLOV, "Im [Telegram-Kanal](https://t.me/example_sac) und "
                              "[sein Fall](https://example.org/orlov) über Anton Orlov"),
                 id="links-reordered"),
    pytest.param(entry("Write to <sac@example.org>.", "Schreibt an <sac@example.org>."),
                 id="autolink-kept"),
    pytest.param(entry(POSTER, "![Plakat „Jakutische Punks gegen den Krieg“]"
                               "(https://example.org/poster.jpg)"), id="image-alt-translated"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_LINKS)
def test_links_flags_changed_targets(item, expected) -> None:
    assert found("links", item) == expected


@pytest.mark.parametrize("item", GOOD_LINKS)
def test_links_accepts_kept_targets(item) -> None:
    assert found("links", item) == []


BAD_HTML = [
    pytest.param(entry("Solidarity forever!", "Solidarität <script>alert(1)</script> für immer!"),
                 ['raw HTML not in source: "<script>", "</script>" (it is shown as text, not run)'],
                 id="script"),
    pytest.param(entry(RELEASED, "Am 12. Dezember 2023 wurde Kagarlitsky <b>freigelassen</b>."),
                 ['raw HTML not in source: "<b>", "</b>" (it is shown as text, not run)'],
                 id="bold-tag"),
    pytest.param(entry("Solidarity forever!", "Solidarität [für immer](javascript:alert(1))!"),
                 ['unsafe link "javascript:alert(1)" (refused when published)'], id="js-link"),
    pytest.param(entry("Solidarity forever!", "Solidarität ![](data:image/png;base64,AAAA)!"),
                 ['unsafe link "data:image/png;base64,AAAA" (refused when published)'],
                 id="data-image"),
    pytest.param(entry("Solidarity forever!", "Solidarität <!-- geheim --> für immer!"),
                 ['raw HTML not in source: "<!-- geheim -->" (it is shown as text, not run)'],
                 id="comment"),
]

GOOD_HTML = [
    pytest.param(entry("Bury me and rise<br>Break your chains", "Begrabt mich<br>Zerreißt"),
                 id="tag-from-source"),
    pytest.param(entry("He got 5 < 6 years", "Er bekam 5 < 6 Jahre"), id="less-than-is-text"),
    pytest.param(entry("Write to <sac@example.org>.", "Schreibt an <sac@example.org>."),
                 id="email-autolink"),
    pytest.param(entry(ORLOV, ORLOV_DE), id="safe-links"),
]


@pytest.mark.parametrize(("item", "expected"), BAD_HTML)
def test_html_flags_raw_html_and_unsafe_links(item, expected) -> None:
    assert found("html", item) == expected


@pytest.mark.parametrize("item", GOOD_HTML)
def test_html_accepts_plain_markdown(item) -> None:
    assert found("html", item) == []


def test_translations_are_parsed_as_published() -> None:
    """Raw HTML is text and unsafe links are no links in a translation, unlike in the source."""
    assert inline("<b>x</b>", "translation").html == ()
    assert inline("<b>x</b>", "source").html == ("<b>", "</b>")
    assert inline("[x](javascript:alert(1))", "translation").links == ()
    assert inline("[x](javascript:alert(1))", "permissive").links == ("javascript:alert(1)",)
