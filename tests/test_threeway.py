"""The three-way merge of a returned catalog, on catalogs built in memory."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from appeal.catalogs import Catalog, Entry, Header, format_catalog, parse_catalog
from appeal.catalogs.threeway import CONFLICT_TAG, Decision, known_share, merge_returned
from tests.conftest import require_tool

FUZZY = frozenset({"fuzzy"})
RU_HEADER = Header("Language: ru\nContent-Type: text/plain; charset=UTF-8\n"
                   "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                   "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n")


def catalog(*entries: Entry, obsolete: tuple[Entry, ...] = (), header: Header | None = None
            ) -> Catalog:
    return Catalog(header=header or Header(), entries=entries, obsolete=obsolete, locale="ru")


def template(*ids: str) -> Catalog:
    return Catalog(entries=tuple(Entry(msgid) for msgid in ids))


def test_plural_entry_from_a_two_form_file_is_padded_and_fuzzy() -> None:
    plural = Entry("%(n)s case", ("", "", ""), plural_id="%(n)s cases")
    ours = catalog(plural, header=RU_HEADER)
    theirs = catalog(plural.replace(strings=("%(n)s дело", "%(n)s дела")))
    base = catalog(plural.replace(strings=("", "")))
    merged = merge_returned(ours, theirs, base,
                            Catalog(entries=(Entry("%(n)s case", plural_id="%(n)s cases"),)),
                            origin="ru.po")
    got = merged.catalog.entries[0]
    assert got.strings == ("%(n)s дело", "%(n)s дела", "") and got.fuzzy
    assert merged.count(Decision.TAKEN) == 1


def test_translation_of_removed_text_is_kept_as_obsolete() -> None:
    ours = catalog(Entry("kept", ("оставлено",)))
    base = catalog(Entry("kept", ("оставлено",)), Entry("gone"))
    theirs = catalog(Entry("kept", ("оставлено",)), Entry("gone", ("ушло",)))
    merged = merge_returned(ours, theirs, base, template("kept"), origin="ru.po")
    assert [(e.id, e.strings, e.obsolete) for e in merged.catalog.obsolete] == \
        [("gone", ("ушло",), True)]
    assert merged.count(Decision.OBSOLETE) == 1


def test_plural_conflict_keeps_every_form_in_comments_gettext_accepts(tmp_path: Path) -> None:
    require_tool("msgfmt", "gettext")
    plural = Entry("%(n)s case", plural_id="%(n)s cases")
    base = catalog(plural.replace(strings=("%(n)s дело", "%(n)s дела", "%(n)s дел")),
                   header=RU_HEADER)
    ours = catalog(plural.replace(strings=("%(n)s случай", "%(n)s случая", "%(n)s случаев")),
                   header=RU_HEADER)
    theirs = catalog(plural.replace(strings=("%(n)s процесс", "%(n)s процесса",
                                             "%(n)s процессов\nи ещё")),
                     header=RU_HEADER)
    merged = merge_returned(ours, theirs, base,
                            Catalog(entries=(Entry("%(n)s case", plural_id="%(n)s cases"),)),
                            origin="ru.po")
    got = merged.catalog.entries[0]
    assert got.strings == ours.entries[0].strings and got.fuzzy
    assert got.translator_comments == (f"{CONFLICT_TAG} ru.po has [0]: %(n)s процесс",
                                       f"{CONFLICT_TAG} ru.po has [1]: %(n)s процесса",
                                       f"{CONFLICT_TAG} ru.po has [2]: %(n)s процессов\\nи ещё")
    path = tmp_path / "ru.po"
    path.write_bytes(format_catalog(merged.catalog))
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    again = parse_catalog(path.read_text(encoding="utf-8"))
    assert again.entries[0].translator_comments == got.translator_comments


def test_known_share_counts_every_catalog_given() -> None:
    returned = catalog(Entry("a"), Entry("b"), Entry("c"), Entry("d"))
    assert known_share(returned, template("a"), catalog(obsolete=(Entry("b", obsolete=True),))) \
        == 0.5
    assert known_share(catalog(), template("a")) == 0.0


TEXTS = st.sampled_from(["", "base", "ours", "theirs"])


@given(st.lists(st.tuples(TEXTS, TEXTS, TEXTS), min_size=1, max_size=12))
def test_nothing_either_side_wrote_is_lost(rows: list[tuple[str, str, str]]) -> None:
    """Whatever each side did to each entry, the translator's text and the workspace's
    are both in the result: as the translation, or beside it in a conflict comment."""
    ids = [f"message {number}" for number in range(len(rows))]

    def side(pick: int) -> Catalog:
        return catalog(*(Entry(msgid, (f"{row[pick]} {msgid}" if row[pick] else "",))
                         for msgid, row in zip(ids, rows, strict=True)))

    base, ours, theirs = side(0), side(1), side(2)
    merged = merge_returned(ours, theirs, base, template(*ids), origin="x.po")
    for msgid, (was, mine, yours), got in zip(ids, rows, merged.catalog.entries, strict=True):
        text = got.strings[0]
        comments = " ".join(got.translator_comments)
        if mine:
            assert text == f"{mine} {msgid}" or (yours and text == f"{yours} {msgid}"
                                                 and mine == was)
        if yours and yours != was:
            assert f"{yours} {msgid}" in (text, comments.rsplit(": ", 1)[-1])
        conflict = bool(yours) and yours not in (was, mine) and mine != was
        assert got.fuzzy == conflict
        assert (CONFLICT_TAG in comments) == conflict


def test_the_same_words_with_another_mark_are_no_conflict() -> None:
    """A file received again after a conflict marked its entry fuzzy brings nothing new;
    a draft the translator approved unchanged (mark removed) is taken."""
    draft = Entry("Draft me", ("borrador",), flags=FUZZY)
    ours = catalog(Entry("Held", ("JORGE",), flags=FUZZY,
                         translator_comments=(f"{CONFLICT_TAG} es.po:3 has: MARÍA",)), draft)
    theirs = catalog(Entry("Held", ("JORGE",)), draft.replace(flags=frozenset()))
    base = catalog(Entry("Held"), draft)
    merged = merge_returned(ours, theirs, base, template("Held", "Draft me"), origin="x.po")
    held, approved = merged.catalog.entries
    assert held == ours.entries[0]
    assert approved.strings == ("borrador",) and not approved.fuzzy
    assert [item.decision for item in merged.decisions] == [Decision.TAKEN]
