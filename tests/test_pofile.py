"""format_catalog writes exactly what GNU msgcat writes; line breaking matches libunistring."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.catalog import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeal.catalogs import (
    Catalog,
    Entry,
    format_catalog,
    new_catalog,
    read_catalog,
    render_catalog,
)
from appeal.catalogs.bridge import from_babel
from appeal.catalogs.linebreak import line_class, width, width_breaks

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                         "абцдефгхийклмнопярстужвьызАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗ")
ARABIC = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنه")

PROSE = [
    "The growth of repression against leftists and trade union activists, the unjust war "
    "of conquest against Ukraine — and the worsening status of wage earners — were the "
    "reasons for the revival of the organization.",
    "Read more at https://example.org/campaigns/solidarity/2024/very-long-path-segment"
    "/index.html?lang=en&ref=appeal#section-3 or write to solidarity@example.org.",
    "See [the digest](https://example.org/digest) of cases: 2019–2024, “Left Block”, "
    "«Fakel», 'Courier' and \"UniSol\" (trade union of university teachers and students).",
    "Line one of a poem\nline two, with a tab\there\nand a back\\slash at the end\n",
    "Товарищи! Комитет солидарных действий — политическая группа левых и профсоюзных "
    "активистов, воссозданная в 2022 году; мы боремся за освобождение политзаключённых.",
    "لجنة الأعمال التضامنية هي مجموعة سياسية من الناشطين اليساريين والنقابيين أعيد "
    "تأسيسها في عام ٢٠٢٢، وتدعو إلى التضامن الأممي مع السجناء السياسيين.",
    "团结行动委员会是一个由左翼和工会活动人士组成的政治团体，于二〇二二年重新成立。我们呼吁国际声援。",
    "A-very-long-hyphenated-compound-word-that-goes-on-and-on-without-any-spaces-at-all-"
    "until-the-line-is-far-too-long",
    "x" * 120,
    "Short.",
    "",
]


def fake_translation(text: str, table: dict[int, str]) -> str:
    """Letters swapped for another script; format directives and URLs left alone."""
    parts = re.split(r"(%\([^)]*\)[a-z]|%[a-z%]|\{[^}]*\}|https?://\S+)", text)
    return "".join(p if n % 2 else p.translate(table) for n, p in enumerate(parts))


def msgcat(data: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "in.po"
    path.write_bytes(data)
    done = subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True, check=True)
    return done.stdout


def msgfmt_check(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "check.po"
    path.write_bytes(data)
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def empty(lang: str) -> Catalog:
    """A new catalog of *lang* with nothing in it: the header ``pybabel init`` writes."""
    return new_catalog(Catalog(), lang)


def every_feature() -> Catalog:
    """Built with Babel, as a reference for what a rich catalog holds, then converted."""
    catalog = BabelCatalog(locale="uk", project="appeal", version="1.0", fuzzy=False)
    locations = [(f"content/{name}.md", line) for name in ("appeal", "digest", "a-much-longer-"
                 "file-name-for-wrapping") for line in (3, 17, 120, 4711)]
    for number, text in enumerate(PROSE[:-1]):
        translated = text.translate(CYRILLIC)
        catalog.add(text, translated, locations=locations[: number + 1],
                    auto_comments=["paragraph", "Names of organisations: keep them"],
                    user_comments=["Reviewed by the Kyiv group", "", "second line"],
                    flags=["fuzzy"] if number % 3 == 0 else [])
    catalog.add("Same text, other meaning", "Той самий", context="menu item")
    catalog.add("%(count)s political prisoners need letters and 100% of your support",
                "%(count)s політв'язнів потребують листів", locations=[("t.j2", 1)])
    catalog.add(("One case", "%(num)d cases"),
                ("%(num)d справа", "%(num)d справи", "%(num)d справ"),
                locations=[("templates/index.j2", 9)])
    catalog.add("Edited paragraph, now longer than before so that the previous text wraps too",
                "Змінений абзац", flags=["fuzzy"],
                previous_id="Edited paragraph, shorter before, but still long enough to wrap "
                            "at the page width of seventy-nine columns")
    catalog.add("Keep this one unwrapped even though it is much longer than seventy-nine columns",
                "Не переносити", flags=["no-wrap"])
    catalog.obsolete["Removed paragraph"] = Message(
        "Removed paragraph", "Вилучений абзац", user_comments=["old note"], flags=["fuzzy"],
        previous_id="Removed paragraph, before")
    catalog.obsolete["Removed untranslated"] = Message("Removed untranslated", "")
    catalog.obsolete["Removed plural"] = Message(("Removed plural", "Removed plurals"),
                                                 ("Вилучено", "Вилучені", "Вилучених"))
    converted = from_babel(catalog, locale="uk")
    moved = Entry("Move to the new menu", ("Перемістити",), context="main menu",
                  flags=frozenset({"fuzzy"}), previous_context="menu",
                  previous_id="Move to the menu")
    return converted.with_entries([*converted.entries, moved])


def test_every_feature_is_written_as_msgcat_writes_it(tmp_path: Path) -> None:
    data = format_catalog(every_feature())
    assert data == msgcat(data, tmp_path)
    text = data.decode()
    assert '#| msgid ""\n#| "Edited paragraph, shorter before' in text
    assert "#~ msgid \"Removed paragraph\"" in text and "Removed untranslated" not in text
    assert "#, fuzzy\n#~| msgid \"Removed paragraph, before\"" in text
    assert '#| msgctxt "menu"\n#| msgid "Move to the menu"\nmsgctxt "main menu"\n' in text
    msgfmt_check(data, tmp_path)


def test_reading_back_gives_the_same_bytes(tmp_path: Path) -> None:
    data = format_catalog(every_feature())
    path = tmp_path / "uk.po"
    path.write_bytes(data)
    again = read_catalog(path)
    assert again.get("Removed paragraph") is None
    removed = next(entry for entry in again.obsolete if entry.id == "Removed paragraph")
    assert removed.previous_id == "Removed paragraph, before" and removed.obsolete
    moved = again.get("Move to the new menu", "main menu")
    assert moved is not None and moved.previous_context == "menu"
    built = every_feature()
    assert [entry.replace(line=None) for entry in again.entries] == list(built.entries)
    assert [entry.replace(line=None) for entry in again.obsolete if entry.strings[0]] == [
        entry for entry in built.obsolete if entry.strings[0]]
    assert format_catalog(again) == data


def test_flags_gnu_does_not_know_are_kept_after_its_own() -> None:
    catalog = empty("de").with_entries(
        [Entry("Hello.", ("Hallo",), flags=frozenset({"appeal-ignore-end-stop", "fuzzy"}))])
    assert "#, fuzzy, appeal-ignore-end-stop\n" in format_catalog(catalog).decode()


def test_fuzzy_flag_is_dropped_without_translation_as_gnu_does() -> None:
    catalog = empty("de").with_entries([Entry("Hello.", ("",), flags=frozenset({"fuzzy"}))])
    assert "fuzzy" not in format_catalog(catalog).decode().split("\n\n", 1)[1]


def content_template(tmp_path: Path) -> Catalog:
    """The sample's template, page text included (its own copies of the templates)."""
    from appeal import extract
    from appeal.workspace import load_workspace
    from tests.conftest import OWN_TEMPLATES, copy_sample

    root = copy_sample(tmp_path / "ws", templates=OWN_TEMPLATES)
    return extract.build_template(load_workspace(root))


def test_catalogs_of_the_content_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    template = content_template(tmp_path)
    assert len(template) > 20
    data = format_catalog(template)
    assert data == msgcat(data, tmp_path)
    for lang, table in (("uk", CYRILLIC), ("ar", ARABIC)):
        fresh = new_catalog(template, lang)
        catalog = fresh.with_entries(
            entry.replace(strings=tuple(fake_translation(entry.ids[min(n, 1)], table)
                                        for n in range(len(entry.strings))))
            for entry in fresh.entries)
        assert any(len(entry.strings) == fresh.nplurals > 2 for entry in catalog.entries)
        data = format_catalog(catalog)
        assert data == msgcat(data, tmp_path)
        msgfmt_check(data, tmp_path)


def test_sample_paragraphs_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    from appeal.segments import extract_segments, parse_document

    entries: dict[str, Entry] = {}
    for path in sorted((ROOT / "content").glob("*.md")):
        document = parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
        for segment in extract_segments(document):
            location = (f"content/{path.name}", segment.line)
            known = entries.get(segment.text)
            entries[segment.text] = (
                known.replace(locations=(*known.locations, location)) if known else
                Entry(segment.text, (segment.text.translate(CYRILLIC),), locations=(location,)))
    catalog = empty("ru").with_entries(entries.values())
    assert len(catalog) > 50
    data = format_catalog(catalog)
    assert data == msgcat(data, tmp_path)


WORDS = st.one_of(
    st.sampled_from(["a", "of", "the", "solidarity", "internationalism", "—", "–", "-", "/",
                     "https://example.org/a/b?c=d&e=f", "«Fakel»", "“Left Block”", "'s", "(",
                     ")", ",", ".", ";", ":", "!", "?", "\n", "\t", '"', "\\", "%", "...",
                     "…", "Москва", "солидарность", "السجناء", "团结行动", "日本語", "10", "2024"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            min_size=1, max_size=12),
    st.text(alphabet="abcdefghij ", min_size=1, max_size=90),
)
TEXTS = st.lists(WORDS, max_size=40).map(lambda words: "".join(
    w if random.Random(len(w)).random() < 0.3 else w + " " for w in words))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=30, unique=True))
def test_random_texts_are_written_as_msgcat_writes_them(tmp_path_factory: pytest.TempPathFactory,
                                                        texts: list[str]) -> None:
    catalog = empty("de").with_entries(
        Entry(text, (text[::-1],), locations=(("x.md", number + 1),),
              previous_id=text[1:] if number % 4 == 1 else None)
        for number, text in enumerate(texts) if text)
    data = format_catalog(catalog)
    assert data == msgcat(data, tmp_path_factory.mktemp("po"))


def _libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    assert name is not None, "libunistring (a dependency of GNU gettext) is not installed"
    return ctypes.CDLL(name)


def test_tables_are_libunistrings() -> None:
    lib = _libunistring()
    lib.uc_width.restype = ctypes.c_int
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    for code in range(0, 0x30000, 7):
        if not 0xD800 <= code < 0xE000:
            assert width(chr(code)) == lib.uc_width(code, b"UTF-8"), hex(code)
    assert line_class("—") == 2 and line_class("/") == 19 and line_class("Ж") == 20


def test_break_positions_are_libunistrings() -> None:
    lib = _libunistring()
    breaks = lib.u8_width_linebreaks_v2
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    pool = [*"abc xyz  -/.,;:!?()[]\"'«»“”—–…%0123456789",
        "中", "한", "ア", "Ж", "ب", "\u064e", "\u0301", "\u200b", "\u200d", "\u00a0", "\u2028",
        "🇺", "🇦", "😀", "\u05d0", "\u2060", "\u3002", "\u00ad", "word", "Москва",
        "https://example.org/path"]
    rng = random.Random(14)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        limit, start = rng.randint(5, 80), rng.randint(0, 20)
        encoded = text.encode()
        out = ctypes.create_string_buffer(len(encoded))
        breaks(encoded, len(encoded), limit, start, 0, None, b"UTF-8", out)
        expected, offset = [], 0
        for index, char in enumerate(text):
            if out.raw[offset] == 2:
                expected.append(index)
            offset += len(char.encode())
        assert width_breaks(text, limit, start) == expected, (text, limit, start)


def test_writing_records_the_line_of_each_msgid_as_reading_does(tmp_path: Path) -> None:
    """A catalog just written reports findings at the same lines as one read back."""
    catalog = empty("de").with_entries([
        Entry("Short", ("Kurz",), locations=(("content/appeal.md", 3),),
              extracted_comments=("paragraph",), translator_comments=("checked",)),
        Entry("A long paragraph " * 8, locations=(("content/digest.md", 9),)),
        Entry("%(n)s minute", ("%(n)s Minute", "%(n)s Minuten"), plural_id="%(n)s minutes",
              flags=frozenset({"python-format"})),
    ], obsolete=[Entry("Gone", ("Weg",), obsolete=True)])
    path = tmp_path / "messages.po"
    data, placed = render_catalog(catalog)
    path.write_bytes(data)
    assert all(entry.line is None for entry in catalog.entries), "the input is not changed"
    written = {entry.id: entry.line for entry in (*placed.entries, *placed.obsolete)}
    again = read_catalog(path, locale="de")
    read = {entry.id: entry.line for entry in (*again.entries, *again.obsolete)}
    assert written == read and None not in written.values()
    assert placed.header.line == again.header.line == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(lines[number - 1].removeprefix("#~ ").startswith("msgid")
               for number in written.values())
