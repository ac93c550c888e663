"""Telegram posts: only the tags the Bot API accepts, escaped, cut at paragraphs under 4096."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appeal.telegram import LIMIT, telegram_length, telegram_messages

ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}


class Checked(HTMLParser):
    """Parses one message as Telegram would: tags balanced, only allowed ones, visible text."""

    def __init__(self, message: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(message)
        self.close()
        assert self.stack == [], message

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, tag
        self.stack.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text += data


def test_blocks_become_telegram_text() -> None:
    html = ("<h2 id='x'>Who <em>we</em> are</h2>\n<p>One\nline &amp; more</p>"
            "<ul><li>first</li><li>second<ul><li>inner</li></ul></li></ul>"
            "<ol start='3'><li>three</li></ol><blockquote lang='uk'><p>Quote<br>line</p>"
            "</blockquote><!-- a note --><hr><pre><code>a  b\n c</code></pre>")
    [message] = telegram_messages(html)
    assert message == ("<b>Who <i>we</i> are</b>\n\nOne line &amp; more\n\n• first\n"
                       "• second\n  • inner\n\n3. three\n\n<blockquote>Quote\nline</blockquote>"
                       "\n\n———\n\n<pre>a  b\n c</pre>\n")


@pytest.mark.parametrize(("href", "base", "kept"), [
    ("https://example.org/?a=1&b=2", None, 'href="https://example.org/?a=1&amp;b=2"'),
    ("digest.html", "https://s.example/en/appeal.html", 'href="https://s.example/en/digest.html"'),
    ("digest.html", None, None),
    ("#section", "https://s.example/en/appeal.html", None),
    ("javascript:alert(1)", None, None),
])
def test_links_are_absolute_or_left_out(href: str, base: str | None, kept: str | None) -> None:
    [message] = telegram_messages(f'<p><a href="{htmllib.escape(href)}">text</a></p>', base=base)
    assert (kept in message) if kept else message == "text\n"


def test_markup_in_text_stays_text_and_only_four_entities_are_used() -> None:
    hostile = ("&lt;script&gt;x()&lt;/script&gt; &quot;q&quot; &#39;s&#39; "
               "<span onclick='x'>s</span>")
    [message] = telegram_messages(f"<p>{hostile}</p><script>evil()</script><style>p{{}}</style>")
    assert message == "&lt;script&gt;x()&lt;/script&gt; &quot;q&quot; 's' s\n"
    assert Checked(message).tags == []


def test_messages_are_cut_at_paragraphs_within_the_limit() -> None:
    paragraphs = [f"<p>Paragraph {n} " + "слово " * 40 + "</p>" for n in range(40)]
    messages = telegram_messages("".join(paragraphs), limit=1000)
    assert len(messages) > 5
    texts = [Checked(message).text for message in messages]
    assert all(telegram_length(text.strip()) <= 1000 for text in texts)
    assert all(text.strip().startswith("Paragraph") for text in texts)
    assert sum(text.count("Paragraph") for text in texts) == 40


def test_heading_stays_with_its_paragraph() -> None:
    html = "<p>" + "a " * 480 + "</p><h2>Heading</h2><p>" + "b " * 30 + "</p>"
    _, second = telegram_messages(html, limit=1000)
    assert second.startswith("<b>Heading</b>\n\nb b")


def test_oversized_paragraph_is_cut_with_tags_closed_and_reopened() -> None:
    html = "<blockquote><p><b>" + "🙂 word " * 900 + "</b></p></blockquote>"
    messages = telegram_messages(html)
    assert len(messages) == 2
    for message in messages:
        checked = Checked(message)
        assert telegram_length(checked.text.strip()) <= LIMIT
        assert [tag for tag, _ in checked.tags] == ["blockquote", "b"]
    assert sum(Checked(m).text.count("🙂") for m in messages) == 900


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                        max_size=120), min_size=1, max_size=30),
       st.integers(min_value=40, max_value=400))
def test_any_text_survives_escaped_and_within_the_limit(paragraphs: list[str],
                                                        limit: int) -> None:
    html = "".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)
    messages = telegram_messages(html, limit=limit)
    words = [word for message in messages for word in Checked(message).text.split()]
    assert "".join(words) == "".join("".join(p.split()) for p in paragraphs)
    assert all(telegram_length(Checked(m).text.strip()) <= limit for m in messages)


def test_published_posts_are_valid_and_complete(published: Path) -> None:
    for lang in ("en", "ru", "ar"):
        posts = sorted((published / "dist" / lang).glob("digest.telegram.*.html"))
        assert len(posts) >= 2
        assert [p.name for p in posts] == [f"digest.telegram.{n}.html"
                                           for n in range(1, len(posts) + 1)]
        texts = [Checked(p.read_text(encoding="utf-8")).text for p in posts]
        assert all(telegram_length(text.strip()) <= LIMIT for text in texts)
        assert "Boris Kagarlitsky" in texts[0]
    post = (published / "dist" / "ru" / "appeal.telegram.1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned" in post and "<script" not in post
    notice, title = post.split("\n\n")[:2]
    assert notice == ("<i>Части этой страницы ещё не переведены и показаны на языке "
                      "оригинала (английский).</i>"), "the reader is told before the text"
    assert title == "<b>Обращение КСД к левым организациям</b>"
    assert "https://appeal.example.org/sac/ru/appeal.html" in post


COUNTER = re.compile(r"\n\n<i>(\d+)/(\d+)</i>\n\Z")


def numbers(messages: list[str]) -> list[tuple[int, int]]:
    """The ``n/N`` each post ends with; fails on a post without one."""
    found = [COUNTER.search(message) for message in messages]
    assert all(found), [m[-40:] for m, f in zip(messages, found, strict=True) if not f]
    return [(int(f[1]), int(f[2])) for f in found if f]


def test_numbered_posts_say_where_they_stand_within_the_limit() -> None:
    # Four paragraphs of 1022 characters and their three blank lines fill 4094 of a
    # post's 4096: without room kept for the number, "1/4" would push it to 4099.
    paragraphs = []
    for n in range(16):
        head = f"{n:02d} 🙂 "  # the emoji counts two
        text = (head + "солидарность " * 90)[:1000].rstrip()
        text += "ь" * (1022 - telegram_length(text))
        assert telegram_length(text) == 1022
        paragraphs.append(f"<p>{text}</p>")
    plain = telegram_messages("".join(paragraphs))
    assert len(plain) == 4
    assert all(telegram_length(Checked(m).text.strip()) > LIMIT - 5 for m in plain)
    messages = telegram_messages("".join(paragraphs), numbered=True)
    assert len(messages) >= 4
    assert numbers(messages) == [(n, len(messages)) for n in range(1, len(messages) + 1)]
    for message in messages:
        checked = Checked(message)
        assert telegram_length(checked.text.strip()) <= LIMIT
        assert checked.tags[-1] == ("i", {})
    texts = " ".join(Checked(m).text for m in messages)
    assert [f"{n:02d}" for n in range(16)] == [word for word in texts.split() if
                                               len(word) == 2 and word.isdigit()]


def test_numbering_keeps_room_when_the_count_gains_a_digit() -> None:
    paragraphs = "".join(f"<p>{'w' * 40} {n}</p>" for n in range(20))
    plain = telegram_messages(paragraphs, limit=90)
    assert len(plain) == 10, "two paragraphs per post without numbers"
    messages = telegram_messages(paragraphs, limit=90, numbered=True)
    assert len(messages) == 20
    assert numbers(messages) == [(n, 20) for n in range(1, 21)]
    assert all(telegram_length(Checked(m).text.strip()) <= 90 for m in messages)


def test_a_document_that_fits_in_one_post_is_not_numbered() -> None:
    assert telegram_messages("<h1>Title</h1><p>One paragraph.</p>", numbered=True) == [
        "<b>Title</b>\n\nOne paragraph.\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                        max_size=120), min_size=1, max_size=30),
       st.integers(min_value=40, max_value=400))
def test_numbered_posts_keep_every_word_within_the_limit(paragraphs: list[str],
                                                         limit: int) -> None:
    html = "".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)
    messages = telegram_messages(html, limit=limit, numbered=True)
    assert all(telegram_length(Checked(m).text.strip()) <= limit for m in messages)
    if len(messages) > 1:
        assert numbers(messages) == [(n, len(messages)) for n in range(1, len(messages) + 1)]
        messages = [COUNTER.sub("\n", message) for message in messages]
    words = [word for message in messages for word in Checked(message).text.split()]
    assert "".join(words) == "".join("".join(p.split()) for p in paragraphs)


def test_published_posts_are_numbered(published: Path) -> None:
    for lang in ("en", "ru", "ar"):
        posts = [(published / "dist" / lang / f"digest.telegram.{n}.html").read_text(
                     encoding="utf-8") for n in range(1, 100)
                 if (published / "dist" / lang / f"digest.telegram.{n}.html").is_file()]
        assert len(posts) >= 4
        assert numbers(posts) == [(n, len(posts)) for n in range(1, len(posts) + 1)]
        assert all(telegram_length(Checked(post).text.strip()) <= LIMIT for post in posts)
        single = sorted((published / "dist" / lang).glob("appeal.telegram.*.html"))
        if len(single) == 1:
            assert not COUNTER.search(single[0].read_text(encoding="utf-8"))
