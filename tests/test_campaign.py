"""Publishing a second committee's campaign: a reviewed language stays published when its
source changes, every page says truthfully what it is, in every format, and English left
in a right-to-left page keeps its own direction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from appeal.pagetext import package_translations
from tests.browser import DESKTOP, PHONE, Visit
from tests.campaign import copy_campaign, shout, translate
from tests.conftest import copy_sample, run_appeal
from tests.test_pdf import pdf_text

GERMAN_OUTDATED = "Teile dieser Seite haben sich im Original geändert"
EDITED = "The strike lasted **nine days**."


@pytest.fixture
def campaign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741910400")
    root = copy_campaign(tmp_path / "campaign")
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    return root


def edit_one_paragraph(root: Path) -> str:
    letter = root / "content" / "letter.md"
    text = letter.read_text(encoding="utf-8")
    old = "The strike lasted **nine days**. The union demanded"
    assert old in text
    letter.write_text(text.replace(old, "The strike lasted **ten days**. The union demanded"),
                      encoding="utf-8")
    return "The strike lasted <strong>ten days</strong>."


def test_a_reviewed_language_stays_published_when_one_paragraph_changes(campaign: Path
                                                                         ) -> None:
    translate(campaign, "de")
    first = run_appeal("-C", campaign, "build")
    assert first.exit_code == 0, first.output
    assert "published: de\n" in first.output
    assert "held back: fa 0% reviewed, needs 100%" in first.output
    shown = edit_one_paragraph(campaign)

    result = run_appeal("-C", campaign, "build")
    assert result.exit_code == 0, result.output
    assert "published: de, 1 outdated entry shown in the source language" in result.output
    page = (campaign / "dist" / "de" / "letter.html").read_text(encoding="utf-8")
    assert f'<p lang="en" dir="ltr">{shown}' in page
    assert GERMAN_OUTDATED in page
    assert shout("Four of them are still in custody.") in page, "the rest stays German"
    for name in ("letter.md", "letter.txt"):
        assert GERMAN_OUTDATED in (campaign / "dist" / "de" / name).read_text(encoding="utf-8")
    status = json.loads(run_appeal("-C", campaign, "status", "--json").output)
    de = next(row for row in status["languages"] if row["language"] == "de")
    assert de["publish"] is True
    table = run_appeal("-C", campaign, "status").output
    assert "1 outdated entry (in the Draft share)" in table, table
    dashboard = (campaign / "review" / "status.html").read_text(encoding="utf-8")
    assert '<span class="ok">published</span>, 1 outdated' in dashboard


def test_withdraw_outdated_takes_the_language_out(campaign: Path) -> None:
    translate(campaign, "de")
    assert run_appeal("-C", campaign, "build").exit_code == 0
    settings = campaign / "appeal.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "withdraw_outdated = true\n",
                        encoding="utf-8")
    edit_one_paragraph(campaign)
    result = run_appeal("-C", campaign, "build")
    assert result.exit_code == 0, result.output
    assert "withdrawn: de" in result.output
    assert "de is held back" in result.output
    assert not (campaign / "dist" / "de" / "letter.html").exists()


def notices(root: Path, lang: str, doc: str = "letter") -> dict[str, str]:
    folder = root / "dist" / lang
    return {fmt: (folder / f"{doc}.{fmt}").read_text(encoding="utf-8")
            for fmt in ("html", "md", "txt")}


def test_notices_say_only_what_is_true_in_every_format(campaign: Path) -> None:
    translate(campaign, "de", fuzzy=lambda msgid: True)
    translate(campaign, "pt_BR", only=lambda msgid: "dockworkers" in msgid.lower())
    result = run_appeal("-C", campaign, "build", "--drafts", "--format", "html,md,txt,telegram")
    assert result.exit_code == 0, result.output

    fa = notices(campaign, "fa")
    persian = package_translations("fa")
    assert persian is not None
    untranslated = persian.gettext(
        "This page is not translated yet; it is shown in %(language)s.").split("%")[0].split()
    for text in fa.values():
        assert " ".join(untranslated) in " ".join(text.split())
        assert "Machine-translated draft" not in text, "no draft is shown"
    de = notices(campaign, "de")
    for text in de.values():
        assert "Maschinell übersetzter Entwurf, nicht geprüft." in text
        assert "noch nicht übersetzt" not in text
    pt = notices(campaign, "pt_BR")
    for text in pt.values():
        assert "Partes desta página ainda não foram traduzidas" in text
        assert "Rascunho" not in text
    first_post = (campaign / "dist" / "de" / "letter.telegram.1.html").read_text(encoding="utf-8")
    assert "Maschinell übersetzter Entwurf" in first_post
    assert "i18n:" not in de["md"] and "SANTOS" in de["md"], "translator notes stay out"


def test_the_source_language_page_carries_no_notice(campaign: Path) -> None:
    for text in notices(campaign, "en").values():
        assert "translated" not in text.split("Free the dockworkers")[0].lower()


# ---- right-to-left pages, in Chromium ----

def last_character_box(page: Any, selector: str, index: int = 0) -> dict[str, float]:
    """Where the last character of the *index*-th element's text lies, and the text of
    the element (``textLeft/Right``) and of the line that character ends (``lineLeft/Right``).
    """
    return page.evaluate("""([selector, index]) => {
        const element = document.querySelectorAll(selector)[index];
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        let last = null, node;
        while ((node = walker.nextNode())) { if (node.textContent.trim()) last = node; }
        const text = last.textContent.replace(/\\s+$/, "");
        const range = document.createRange();
        range.setStart(last, text.length - 1);
        range.setEnd(last, text.length);
        const char = range.getBoundingClientRect();
        const all = document.createRange();
        all.selectNodeContents(element);
        const rects = Array.from(all.getClientRects());
        const line = rects.filter(r => Math.abs(r.bottom - char.bottom) < 2);
        return {char: text.slice(-1), left: char.left, right: char.right,
                textLeft: Math.min(...rects.map(r => r.left)),
                textRight: Math.max(...rects.map(r => r.right)),
                lineLeft: Math.min(...line.map(r => r.left)),
                lineRight: Math.max(...line.map(r => r.right))};
    }""", [selector, index])


@pytest.fixture
def persian(campaign: Path) -> Iterator[Path]:
    result = run_appeal("-C", campaign, "build", "--drafts")
    assert result.exit_code == 0, result.output
    yield campaign / "dist" / "fa" / "letter.html"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_english_left_in_a_persian_page_keeps_its_order(persian: Path, visit: Any,
                                                       viewport: dict[str, int]) -> None:
    shown = visit(persian, viewport=viewport, locale="fa-IR")
    assert shown.evaluate("document.documentElement.dir") == "rtl"
    item = shown.page.locator("main ol li [lang]").first
    assert item.get_attribute("lang") == "en" and item.get_attribute("dir") == "ltr"
    box = last_character_box(shown.page, "main ol li")
    assert box["char"] == "."
    assert box["right"] >= box["textRight"] - 1, "the full stop ends the line on the right"
    assert box["left"] > box["textLeft"], "and is not moved to its start"
    heading = shown.page.locator("main h1").first
    assert heading.get_attribute("lang") == "en" and heading.get_attribute("dir") == "ltr"
    toc = shown.page.locator("nav.toc a").first
    assert toc.get_attribute("lang") == "en" and toc.get_attribute("dir") == "ltr"
    cell = shown.page.locator("main table td").first
    assert cell.get_attribute("lang") == "en" and cell.get_attribute("dir") == "ltr"
    assert shown.evaluate("getComputedStyle(document.querySelector('main td')).unicodeBidi"
                          ) == "isolate"
    for link in shown.page.locator("nav.languages a").all():  # each name in its own script
        assert link.get_attribute("lang") and link.get_attribute("dir") in ("ltr", "rtl")
    persian = package_translations("fa")
    assert persian is not None
    label = shown.page.locator("#toc-label")
    assert label.inner_text().strip() == persian.gettext("Contents") != "Contents"
    assert label.locator("span[lang]").count() == 0, "shipped page text is not marked English"
    assert shown.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_english_list_items_of_an_arabic_digest_end_with_their_full_stop(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, visit: Any) -> None:
    """The sample's digest, as a reader saw it before any Arabic was reviewed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["ar"], formats=("html",))
    result = run_appeal("-C", root, "build", "--drafts")
    assert result.exit_code == 0, result.output
    shown = visit(root / "dist" / "ar" / "digest.html", viewport=PHONE, locale="ar")
    items = shown.evaluate("""[...document.querySelectorAll('main li')].map((li, n) => [n,
        li.textContent.trim()]).filter(([n, text]) => text.endsWith('.')).map(([n]) => n)""")
    assert len(items) >= 2
    for number in items[:5]:
        selector = f"list item {number}"
        box = last_character_box(shown.page, "main li", number)
        assert box["char"] == ".", selector
        assert box["right"] >= box["lineRight"] - 1, (selector, box)
        assert box["left"] > box["lineLeft"] or box["lineRight"] - box["lineLeft"] < 12, \
            (selector, box)


def test_the_pdf_carries_the_notice_too(campaign: Path) -> None:
    translate(campaign, "de", fuzzy=lambda msgid: True)
    result = run_appeal("-C", campaign, "build", "--drafts", "--lang", "de", "--format", "pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(campaign / "dist" / "de" / "letter.pdf")
    assert "Maschinell übersetzter Entwurf, nicht geprüft." in text


def test_the_campaign_index_and_coordinator_pages_read_on_a_phone(campaign: Path, visit: Any,
                                                                  browser: Any) -> None:
    translate(campaign, "pt_BR")
    translate(campaign, "fa", fuzzy=lambda msgid: True)
    result = run_appeal("-C", campaign, "build")
    assert result.exit_code == 0, result.output
    assert "published: pt_BR" in result.output and "held back: fa" in result.output
    index = Visit(browser, (campaign / "dist" / "index.html").as_uri() + "#all",
                  viewport=PHONE)  # #all: the list, not the redirect to a reader's language
    titles = index.evaluate("""[...document.querySelectorAll('.title')].map(
        t => [t.closest('[id]') ? t.closest('[id]').id : '', t.lang, t.textContent.trim()])""")
    assert any(lang == "pt-BR" and text == "FREE THE DOCKWORKERS OF SANTOS"
               for _, lang, text in titles), titles
    assert "Web page" in index.evaluate("document.body.innerText")
    assert index.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    index.close()
    for page in ("status.html", "fa.html", "pt_BR.html"):
        shown = visit(campaign / "review" / page, viewport=PHONE, locale="pt-BR")
        assert shown.errors == [], page
        assert shown.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page
    status = (campaign / "review" / "status.html").read_text(encoding="utf-8")
    assert 'href="../dist/pt_BR/letter.html"' in status and 'href="fa.html"' in status
    assert "../dist/fa/" not in status, "no link to a held-back language's pages"
