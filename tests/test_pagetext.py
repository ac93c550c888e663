"""appeal's own page text: extracted from its templates, shipped reviewed, used by every
workspace, overridden by a workspace's own catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from appeal.catalogs import State, read_catalog
from appeal.checks import check_catalog
from appeal.pagetext import (
    LOCALE,
    catalog_path,
    compiled_path,
    package_translations,
    shipped_languages,
)
from tests.conftest import REPO, msgfmt_check, run_appeal

SHIPPED = shipped_languages()


def test_the_shipped_template_matches_the_templates() -> None:
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "package-catalogs.py"),
                           "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_sample_s_twelve_languages_are_shipped() -> None:
    assert set(SHIPPED) >= {"es", "ca", "gl", "eo", "pt", "it", "fr", "de", "pl", "uk", "ru",
                            "ar"}


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
    assert package_translations("ja") is None


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
def test_the_page_text_ships_compiled_and_gnu_gettext_reads_it(lang: str) -> None:
    """The pages read appeal.mo; Python's gettext (GNU's format) must find in it every
    reviewed translation of the .po, plural forms included."""
    import gettext

    catalog = read_catalog(catalog_path(lang), locale=lang)
    with compiled_path(lang).open("rb") as handle:
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
