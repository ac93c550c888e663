"""Shielding markup, placeholders, numbers and terms, checked against real Apertium."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from appeal.mt.apertium import ApertiumEngine
from appeal.mt.protect import NAME_SHIELDS, Restored, protect, restore

CASES = {
    "code span kept whole": ("Run `appeal build --drafts` now.", ["`appeal build --drafts`"]),
    "link target": ("See [the site](https://example.org/a_b \"T\") now.",
                    ["[", '](https://example.org/a_b "T")']),
    "autolink": ("Write to <mailto:sac@example.org> or <https://x.org>.",
                 ["<mailto:sac@example.org>", "<https://x.org>"]),
    "bare url": ("Read https://example.org/x.", ["https://example.org/x"]),
    "python placeholders": ("%(minutes)s minutes, %s and %d%%", ["%(minutes)s", "%s", "%d", "%%"]),
    "brace placeholders": ("Hello {name} and {0}", ["{name}", "{0}"]),
    "article numbers and years": ("Article 205.2 (2023), 1.6 years", ["205.2", "2023", "1.6"]),
    "emphasis markers": ("*a* **b** _c_", ["*", "*", "**", "**", "_", "_"]),
    "backslash escape": (r"a \* b", [r"\*"]),
}


@pytest.mark.parametrize(("text", "pieces"), CASES.values(), ids=CASES.keys())
def test_pieces_are_shielded_and_restored(text: str, pieces: list[str]) -> None:
    shielded = protect(text)
    assert sorted(shielded.tokens.values()) == sorted(pieces)
    for piece in pieces:
        if len(piece) > 2:
            assert piece not in shielded.masked
    assert restore(shielded.masked, shielded).text == text


def test_terms_are_replaced_by_their_rendering() -> None:
    shielded = protect("Boris Kagarlitsky and Kagarlitsky's views; the SACK",
                       terms={"Boris Kagarlitsky": "Борис Кагарлицкий",
                              "Kagarlitsky": "Кагарлицкий", "SAC": "КСД"})
    assert "Kagarlitsky" not in shielded.masked and "SACK" in shielded.masked
    assert restore(shielded.masked, shielded).text == \
        "Борис Кагарлицкий and Кагарлицкий's views; the SACK"


def test_text_that_looks_like_a_token_is_left_alone() -> None:
    shielded = protect("Model X1X costs 5")
    assert "X1X" in shielded.masked and shielded.tokens == {"X2X": "5"}
    assert restore(shielded.masked, shielded).text == "Model X1X costs 5"


def test_lost_and_repeated_tokens_are_problems_not_silence() -> None:
    shielded = protect("In 2023 and 2024.")
    assert restore("En X1X.", shielded).problems == ("lost '2024'",)
    assert restore("En X1X y X1X, X2X.", shielded).problems == ("repeated '2023'",)


def test_glued_markup_gets_its_space_back_removed() -> None:
    shielded = protect("the **big** [dog](https://d.org)")
    assert shielded.masked == "the X1X big X2X X3X dog X4X"
    assert restore("el X1X  grande X2X X3X perro   X4X", shielded).text == \
        "el **grande** [perro](https://d.org)"


markdownish = st.text(alphabet=st.sampled_from(list("ab *_`[]()%{}0123456789.,X\\<>:/-'s ")),
                      max_size=40)


@settings(max_examples=300, deadline=None)
@given(markdownish)
@example("X1`0`")  # token-like letters glued to a token once read as one token
@example("_X1`0`")
def test_masked_text_restores_to_the_original(text: str) -> None:
    shielded = protect(text, terms={"ab": "ab"})
    restored = restore(shielded.masked, shielded)
    assert restored.problems == ()
    assert restored.text == text


SAMPLES = [
    "The SAC held *dozens* of **actions** and `a code span` in 2022.",
    "He was sentenced under part 2 of article 205.2 of the Criminal Code, see "
    "[the site](https://example.org/a_b) now.",
    "Approximate reading time: %(low)s–%(high)s minutes, {name} and %s.",
    "Kagarlitsky's views and the big Kagarlitsky dog.",
    "Write to <https://example.org> or https://example.org/path.",
    "The Kagarlitsky Kagarlitsky of the SAC union, the red Orlov house.",
    "On February 22, 2024, she got 6.5 years (Part 4 of Article 159).",
]
ROUTES = ["es", "ca", "gl", "eo", "pt", "it", "fr"]


@pytest.mark.parametrize("lang", ROUTES)
def test_real_apertium_passes_every_token_through(apertium: ApertiumEngine, lang: str) -> None:
    route = apertium.routes("en", lang)[0]
    shielded = [protect(text, terms={"SAC": "SAC", "Kagarlitsky": "Kagarlitsky",
                                     "Orlov": "Orlov"}) for text in SAMPLES]
    answers = apertium.translate_batch([s.masked for s in shielded], route)
    for item, answer in zip(shielded, answers, strict=True):
        restored = restore(answer, item)
        assert restored.problems == (), (route.label, item.masked, answer)
        for piece in item.tokens.values():
            assert piece in restored.text


def test_bracketed_tokens_are_not_safe_with_apertium(apertium: ApertiumEngine) -> None:
    """Why tokens are not ``[X7X]``: Esperanto's transfer moves the brackets."""
    route = apertium.routes("en", "eo")[0]
    answer = apertium.translate_batch(["the [X10X] [X17X] men"], route)[0]
    assert answer.count("[X10X]") != 1 or answer.count("[X17X]") != 1
    ours = apertium.translate_batch(["the X10X X17X men"], route)[0]
    assert ours.count("X10X") == 1 and ours.count("X17X") == 1


@pytest.mark.parametrize("lang", ROUTES)
def test_real_apertium_passes_every_name_shield_through(apertium: ApertiumEngine,
                                                        lang: str) -> None:
    """The claim behind NAME_SHIELDS: each name comes back once, unchanged, as subject,
    object and possessive, through every installed route."""
    route = apertium.routes("en", lang)[0]
    contexts = ["NAME's appeal to the organizations", "At the moment, the NAME's main purpose.",
                "NAME happened to be there.", "We support NAME and the others."]
    texts = [context.replace("NAME", name) for name in NAME_SHIELDS for context in contexts]
    answers = apertium.translate_batch(texts, route)
    for text, answer in zip(texts, answers, strict=True):
        name = next(n for n in NAME_SHIELDS if n in text)
        assert len(re.findall(rf"(?<!\w){name}(?!\w)", answer)) == 1, (route.label, answer)


@pytest.mark.parametrize("lang", ROUTES)
def test_real_apertium_keeps_the_grammar_around_a_named_term(apertium: ApertiumEngine,
                                                             lang: str) -> None:
    terms = {"SAC": "SAC", "Kagarlitsky": "Kagarlitsky", "Orlov": "Orlov"}
    route = apertium.routes("en", lang)[0]
    shielded = [protect(text, terms=terms, names=True) for text in SAMPLES]
    answers = apertium.translate_batch([s.masked for s in shielded], route)
    for item, answer in zip(shielded, answers, strict=True):
        restored = restore(answer, item)
        assert restored.problems == (), (route.label, item.masked, answer)
        assert not re.search(r"\bX\d+X\b", restored.text)
    possessive = protect("The Fund's appeal to the unions", terms={"Fund": "Fund"},
                         names=True)
    answer = restore(apertium.translate_batch([possessive.masked], route)[0], possessive)
    # Esperanto's pair glues "de" to the noun before it ("pledode"), with or without us.
    assert re.search(r"(de|di|del|do|du|dels)(\s+la)?\s+Fund\b", answer.text), answer.text


def test_names_avoid_the_text_and_run_out_into_tokens() -> None:
    terms = {f"Org{n}": f"Org{n}" for n in range(len(NAME_SHIELDS) + 2)}
    text = "John met " + ", ".join(terms) + ", and Org0 again."
    shielded = protect(text, terms=terms, names=True)
    assert "John" not in shielded.tokens
    assert re.findall(r"X\d+X", shielded.masked)  # more terms than names
    assert restore(shielded.masked, shielded) == Restored(text)
    lost = restore(shielded.masked.replace("Paul", "Pablo", 1), shielded)
    assert lost.problems == ("lost 'Org0'",)


def test_a_term_shielded_as_a_name_is_found_only_as_a_word() -> None:
    shielded = protect("Ask SAC.", terms={"SAC": "КСД"}, names=True)
    assert shielded.masked == "Ask John."
    assert restore("Pregunta a John y a Johnson.", shielded).text == \
        "Pregunta a КСД y a Johnson."
    assert restore("Johnson", shielded).problems == ("lost 'КСД'",)
