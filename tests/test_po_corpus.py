"""About 1,400 real catalogs: appeal reads exactly what GNU msgfmt accepts, and writes
back exactly what msgcat writes.

The catalogs come from Django's and Sphinx's source distributions on PyPI
(``tests/po_corpus.py``). Acceptance is compared with ``msgfmt --check-header
--check-domain``: the file's grammar, its header and its plural forms. Format
strings (``--check-format``) are appeal's ``placeholders`` and ``plurals``
checks, which hold back one entry, not the whole language. A byte-order mark
is the one difference on purpose: GNU 0.21 reads it as a syntax error, appeal
reads past it, so GNU is asked about the rest of such a file.
"""

from __future__ import annotations

import codecs
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from appeal.catalogs import format_catalog
from appeal.catalogs.decoding import decode_catalog
from appeal.catalogs.reading import parse_catalog, read_catalog
from appeal.errors import CatalogError, ConfigError
from appeal.languages import language_script
from tests.po_corpus import corpus, language_of

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "msgcat"], capture_output=True).returncode != 0,
    reason="GNU gettext is installed by `make`")


@dataclass(frozen=True)
class Verdict:
    path: Path
    gnu: bool
    """msgfmt --check-header --check-domain accepts the file."""
    gnu_says: str
    appeal: CatalogError | None
    """appeal's refusal, or None when it read the file."""
    canonical: bytes | None
    """What msgcat writes for the file (when GNU accepts it)."""


def _judge(path: Path) -> Verdict:
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    gnu = subprocess.run(["msgfmt", "--check-header", "--check-domain", "-o", "/dev/null", "-"],
                         input=data, capture_output=True, timeout=60)
    refusal = None
    try:
        read_catalog(path, locale=language_of(path))
    except CatalogError as error:
        refusal = error
    canonical = None
    if gnu.returncode == 0:
        canonical = subprocess.run(["msgcat", "-"], input=data, capture_output=True,
                                   check=True, timeout=60).stdout
    return Verdict(path, gnu.returncode == 0, gnu.stderr.decode(errors="replace"), refusal,
                   canonical)


@pytest.fixture(scope="module")
def verdicts() -> list[Verdict]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_judge, corpus()))


def test_the_corpus_is_large_and_varied(verdicts: list[Verdict]) -> None:
    languages = {language_of(v.path) for v in verdicts}
    scripts = {_script(lang) for lang in languages} - {None}
    assert len(verdicts) >= 500
    assert len(languages) >= 80
    assert {"Latn", "Cyrl", "Arab", "Hebr", "Hans", "Hant", "Jpan", "Kore", "Deva", "Beng",
            "Thai", "Geor", "Armn", "Grek", "Taml", "Ethi"} <= scripts
    assert sum(not v.gnu for v in verdicts) >= 20, "the corpus should hold refused files too"


def _script(language: str) -> str | None:
    try:
        return language_script(language.split("@")[0])
    except ConfigError:  # a language CLDR does not know (Udmurt)
        return None


def test_appeal_reads_every_catalog_msgfmt_accepts(verdicts: list[Verdict]) -> None:
    false_rejections = [f"{v.path}: {v.appeal}" for v in verdicts if v.gnu and v.appeal]
    assert false_rejections == []


def test_appeal_refuses_every_catalog_msgfmt_refuses(verdicts: list[Verdict]) -> None:
    false_acceptances = [f"{v.path}: {v.gnu_says}" for v in verdicts
                         if not v.gnu and v.appeal is None]
    assert false_acceptances == []


def test_each_refusal_names_the_file_and_a_line(verdicts: list[Verdict]) -> None:
    refused = [v.appeal for v in verdicts if v.appeal is not None]
    assert refused
    for error in refused:
        assert error.path is not None and error.line is not None, str(error)


def _differences(verdicts: list[Verdict]) -> Iterator[str]:
    for verdict in verdicts:
        if verdict.canonical is None:
            continue
        text = decode_catalog(verdict.canonical, verdict.path)
        written = format_catalog(parse_catalog(text, path=verdict.path)).splitlines()
        expected = verdict.canonical.splitlines()
        if written != expected:
            first = next((n for n, pair in enumerate(zip(written, expected, strict=False))
                          if pair[0] != pair[1]), min(len(written), len(expected)))
            yield f"{verdict.path}:{first + 1}: {expected[first:first + 1]!r}"


def test_what_msgcat_writes_comes_back_byte_for_byte(verdicts: list[Verdict]) -> None:
    checked = [v for v in verdicts if v.canonical is not None]
    assert len(checked) >= 500
    assert list(_differences(verdicts)) == []


def test_files_as_msgcat_leaves_them_come_back_from_appeal_untouched(
        verdicts: list[Verdict]) -> None:
    """The common case: a catalog already in GNU's layout, header included, is not bent."""
    unchanged = [v for v in verdicts if v.canonical is not None
                 and v.path.read_bytes() == v.canonical]
    assert len(unchanged) >= 500
    for verdict in unchanged:
        catalog = read_catalog(verdict.path, locale=language_of(verdict.path))
        assert format_catalog(catalog) == verdict.canonical, verdict.path
