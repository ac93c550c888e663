"""Our indexed fuzzy matching finds what Babel's quadratic matching finds."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog

from appeal.catalogs import Catalog, merge
from appeal.catalogs.bridge import from_babel
from appeal.catalogs.fuzzy import FuzzyIndex, match_key
from appeal.segments import extract_segments, parse_document

ROOT = Path(__file__).resolve().parent.parent


def paragraphs() -> list[str]:
    found = []
    for path in sorted((ROOT / "content").glob("*.md")):
        document = parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
        found += [segment.text for segment in extract_segments(document)]
    found = list(dict.fromkeys(found))
    assert len(found) > 30, "the sample content is missing"
    return found


def edited(text: str, rng: random.Random) -> str:
    words = text.split()
    kind = rng.randrange(4)
    if kind == 0 and len(words) > 3:
        words[rng.randrange(len(words))] = "changed"
    elif kind == 1 and len(words) > 6:
        del words[rng.randrange(len(words)): rng.randrange(len(words) + 1)]
    elif kind == 2:
        words.insert(rng.randrange(len(words) + 1), "indeed, as everybody knows,")
    else:
        return text.upper()
    return " ".join(words) or "changed"


def catalogs(seed: int) -> tuple[BabelCatalog, BabelCatalog]:
    """An old catalog and a new template, built with Babel, whose ``update`` is the oracle."""
    rng = random.Random(seed)
    texts = paragraphs()
    old = BabelCatalog(locale="uk", fuzzy=False)
    for number, text in enumerate(texts):
        old.add(text, f"переклад {number}", locations=[("content/appeal.md", number + 1)],
                user_comments=["checked"] if number % 5 == 0 else ())
    new_texts = [edited(t, rng) if rng.random() < 0.15 else t for t in texts]
    new_texts = [t for t in new_texts if rng.random() > 0.05]
    new_texts += ["A completely new paragraph about the solidarity campaign of this year.",
                  "Colour"]
    old.add("Color", "Колір")
    template = BabelCatalog(fuzzy=True)
    for number, text in enumerate(dict.fromkeys(new_texts)):
        template.add(text, locations=[("content/appeal.md", number + 2)],
                     auto_comments=["paragraph"])
    return old, template


def babel_outcome(catalog: BabelCatalog) -> tuple[dict[str, str], set[str]]:
    """Each fuzzy-matched msgid with the old msgid it came from; the obsolete msgids."""
    fuzzy = {m.id: m.previous_id[0] for m in catalog._messages.values() if m.previous_id}
    return fuzzy, set(catalog.obsolete)


def outcome(catalog: Catalog) -> tuple[dict[str, str], set[str]]:
    fuzzy = {e.id: e.previous_id for e in catalog.entries if e.previous_id is not None}
    return fuzzy, {e.id for e in catalog.obsolete}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_fuzzy_matches_as_babel(seed: int) -> None:
    old, template = catalogs(seed)
    babel = copy.deepcopy(old)
    babel.update(template)
    ours = merge(from_babel(old, locale="uk"), from_babel(template))
    expected = babel_outcome(babel)
    assert len(expected[0]) >= 5
    assert outcome(ours) == expected
    assert [e.id for e in ours.entries] == [m.id for m in babel if m.id]
    for message in babel:
        if not message.id:
            continue
        entry = ours.get(message.id, message.context)
        assert entry is not None
        assert entry.strings == (message.string or "",)
        assert entry.fuzzy == message.fuzzy


def test_short_strings_match_by_characters() -> None:
    index = FuzzyIndex([match_key("Color settings"), "unrelated words entirely"])
    assert index.best(match_key("Colour settings")) == "color settings"


def test_nothing_similar_gives_no_match() -> None:
    index = FuzzyIndex(["the committee for solidary actions", "political prisoners"])
    assert index.best("zzzz qqqq xxxx wwww vvvv") is None
