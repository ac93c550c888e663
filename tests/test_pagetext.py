"""appeal's own page text: extracted from its templates, shipped reviewed, used by every
workspace, overridden by a workspace's own catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from appeal.catalogs import State, compile_catalog, read_catalog
from appeal.checks import check_catalog
from appeal.pagetext import (
    LOCALE,
    catalog_path,
    compiled_path,
    package_translations,
    shipped_catalog,
    shipped_languages,
)
from tests.conftest import REPO, msgfmt_check, run_appeal

SHIPPED = shipped_languages()


def test_the_shipped_template_matches_the_templates() -> None:
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "package-catalogs.py"),
                           "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_thirty_languages_are_shipped() -> None:
    """The sample's twelve, and eighteen more of the languages committees publish in."""
    assert set(SHIPPED) >= {
        "es", "ca", "gl", "eo", "pt", "it", "fr", "de", "pl", "uk", "ru", "ar",
        "zh_Hans", "zh_Hant", "ja", "ko", "hi", "bn", "tr", "fa", "he", "ur", "be", "kk",
        "sr", "hr", "cs", "sk", "ro", "hu", "el", "nl", "sv", "fi", "da", "nb"}


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_shipped_catalog_is_complete_reviewed_and_clean(lang: str) -> None:
    path = catalog_path(lang)
    msgfmt_check(path)
    catalog = read_catalog(path, locale=lang)
    template = read_catalog(LOCALE / "appeal.pot")
    assert [entry.key for entry in catalog] == [entry.key for entry in template]
    assert {entry.state for entry in catalog} == {State.REVIEWED}, "every string reviewed"
    problems = check_catalog(catalog, path=path, language=lang, source_language="en")
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert all(entry.strings[0] != entry.id for entry in catalog), "translated, not copied"


def test_a_regional_code_gets_its_language_s_page_text() -> None:
    brazil, portugal = package_translations("pt_BR"), package_translations("pt")
    assert brazil is not None and portugal is not None
    assert brazil.gettext("Contents") == portugal.gettext("Contents") != "Contents"
    assert package_translations("sw") is None


@pytest.mark.parametrize(("code", "served_by"), [
    ("zh_TW", "zh_Hant"), ("zh-HK", "zh_Hant"), ("zh_Hant", "zh_Hant"),
    ("zh", "zh_Hans"), ("zh_CN", "zh_Hans"), ("zh-Hans-SG", "zh_Hans"),
    ("sr_RS", "sr"), ("nb_NO", "nb"), ("fa_AF", "fa"), ("ar_EG", "ar"),
])
def test_regional_and_script_codes_get_the_page_text_of_their_script(
        code: str, served_by: str) -> None:
    shown, own = package_translations(code), package_translations(served_by)
    assert shown is not None and own is not None
    assert shown.gettext("Contents") == own.gettext("Contents") != "Contents"


def test_a_script_the_shipped_catalog_is_not_written_in_is_not_served_by_it() -> None:
    """Serbian's catalog is Cyrillic: a Latin-script reader gets the English text, which
    the workspace can translate, rather than a script they did not ask for."""
    assert package_translations("sr_Latn") is None


def test_a_new_workspace_s_pages_read_in_the_language_without_translating_anything(
        tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run_appeal("new", target).exit_code == 0
    settings = target / "appeal.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "languages = [", 'languages = ["es", ', 1), encoding="utf-8")
    assert run_appeal("-C", target, "build").exit_code == 0
    page = (target / "dist" / "es" / "example.html").read_text(encoding="utf-8")
    spanish = package_translations("es")
    assert spanish is not None
    assert spanish.gettext("Languages") in page
    assert ">Languages<" not in page


def test_the_workspace_s_own_translation_of_page_text_wins(tmp_path: Path) -> None:
    from tests.conftest import OWN_TEMPLATES, copy_sample

    root = copy_sample(tmp_path / "ws", languages=["es"], templates=OWN_TEMPLATES)
    assert run_appeal("-C", root, "extract").exit_code == 0
    assert run_appeal("-C", root, "update").exit_code == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path), wrapwidth=79)
    po.find("Languages").msgstr = "Idiomas de este llamamiento"
    po.save()
    assert run_appeal("-C", root, "build").exit_code == 0
    page = (root / "dist" / "es" / "appeal.html").read_text(encoding="utf-8")
    assert "Idiomas de este llamamiento" in page


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_page_text_compiles_and_gnu_gettext_reads_it(lang: str, tmp_path: Path) -> None:
    """appeal.mo is what `scripts/package-catalogs.py --compile` writes from the .po (it is
    built, not committed); Python's gettext (GNU's format) must find in it every reviewed
    translation of the .po, plural forms included, as the pages show them."""
    import gettext

    catalog = read_catalog(catalog_path(lang), locale=lang)
    compiled = tmp_path / "appeal.mo"
    compiled.write_bytes(compile_catalog(catalog))
    with compiled.open("rb") as handle:
        gnu = gettext.GNUTranslations(handle)
    shown = package_translations(lang)
    assert shown is not None
    for entry in catalog:
        if entry.plural_id is None:
            assert gnu.gettext(entry.id) == entry.strings[0] == shown.gettext(entry.id)
        else:
            for n in (1, 2, 5, 21):
                assert gnu.ngettext(entry.id, entry.plural_id, n) == \
                    shown.ngettext(entry.id, entry.plural_id, n) != entry.plural_id


def test_the_pages_read_the_po_when_its_compiled_copy_is_missing_or_stale(
        tmp_path: Path) -> None:
    """A checkout without the built .mo, or with one older than an edited .po, never shows
    old page text: the .po is read instead; an up-to-date .mo is read as it is."""
    import os

    po, mo = tmp_path / "appeal.po", tmp_path / "appeal.mo"
    po.write_bytes(catalog_path("pt").read_bytes())
    catalog = read_catalog(po, locale="pt")
    edited = catalog.replaced([next(e for e in catalog if e.id == "Languages")
                               .replace(strings=("Idiomas deste apelo",))])
    found = shipped_catalog(po, mo, "pt")
    assert found is not None and found.get("Languages") is not None  # no .mo at all
    mo.write_bytes(compile_catalog(edited))
    os.utime(mo, ns=(po.stat().st_mtime_ns - 10**9,) * 2)  # compiled before the .po changed
    stale = shipped_catalog(po, mo, "pt")
    assert stale is not None and stale.get("Languages").strings == \
        catalog.get("Languages").strings != ("Idiomas deste apelo",)
    os.utime(mo, ns=(po.stat().st_mtime_ns + 10**9,) * 2)
    fresh = shipped_catalog(po, mo, "pt")
    assert fresh is not None and fresh.get("Languages").strings == ("Idiomas deste apelo",)
    assert shipped_catalog(tmp_path / "none.po", tmp_path / "none.mo", "pt") is None


def test_no_compiled_catalog_is_committed() -> None:
    """appeal.mo is built by make (scripts/package-catalogs.py --compile), ignored by git."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "*.mo"], capture_output=True,
                             text=True, check=True).stdout
    assert tracked == ""
    ignored = subprocess.run(["git", "-C", str(REPO), "check-ignore",
                              str(compiled_path("es").relative_to(REPO))],
                             capture_output=True, text=True, check=False)
    assert ignored.returncode == 0


@pytest.mark.parametrize(("lang", "direction"), [("sw", "ltr"), ("ps", "rtl")])
def test_page_text_a_language_lacks_is_marked_as_english(
        tmp_path: Path, lang: str, direction: str) -> None:
    """Without shipped or workspace page text the label is English, and says so, so that
    a right-to-left page (Pashto) keeps it in order and a screen reader reads it in
    English."""
    from tests.conftest import write_workspace

    assert package_translations(lang) is None
    root = write_workspace(tmp_path / "ws", {"letter.md": "# Letter\n\n## Part\n\nText.\n\n"
                                             "## Other part\n\nMore.\n"}, languages=[lang])
    assert run_appeal("-C", root, "build").exit_code == 0
    page = (root / "dist" / lang / "letter.html").read_text(encoding="utf-8")
    assert f'dir="{direction}"' in page
    assert '<h2 id="toc-label"><span lang="en" dir="ltr">Contents</span></h2>' in page
