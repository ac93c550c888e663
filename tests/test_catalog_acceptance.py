"""What a language's catalog must be for appeal to read it: GNU msgfmt's rules, each kind
of broken file made by hand and compared with ``msgfmt --check-header``."""

from __future__ import annotations

import codecs
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from appeal.catalogs import read_catalog
from appeal.catalogs.reading import parse_catalog
from appeal.errors import CatalogError
from tests.conftest import run_appeal

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: Kampagne 1\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n')
THREE = '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"\n'
PLURAL = 'msgid "one prisoner"\nmsgid_plural "%d prisoners"\n'

REFUSED = {
    # name: (text, line, words in the message, words in the hint)
    "empty-file": ("", 1, "an empty file", "appeal update"),
    "blank-lines-only": ("\n\n  \n", 1, "an empty file", "appeal update"),
    "no-header": ('msgid "Free them"\nmsgstr "Libérez-les"\n', 1, "no header entry",
                  "Plural-Forms"),
    "plural-without-plural-forms": (
        HEADER + "\n" + PLURAL + 'msgstr[0] "un prisonnier"\nmsgstr[1] "%d prisonniers"\n',
        6, "declares no \"Plural-Forms", "line 1"),
    "fewer-forms-than-nplurals": (
        HEADER + THREE + "\n" + PLURAL + 'msgstr[0] "jeden"\nmsgstr[1] "%d dwaj"\n', 7,
        "2 plural forms, but the header declares nplurals=3", "add msgstr[2]"),
    "translated-form-beyond-nplurals": (
        HEADER + THREE + "\n" + PLURAL
        + 'msgstr[0] "a"\nmsgstr[1] "%d b"\nmsgstr[2] "%d c"\nmsgstr[3] "%d d"\n', 7,
        "msgstr[3] is translated, but the header declares nplurals=3", "Plural-Forms"),
    "division-by-zero": (
        HEADER + '"Plural-Forms: nplurals=2; plural=n%0;\\n"\n\nmsgid "a"\nmsgstr "b"\n', 5,
        "Plural-Forms: the expression divides by zero", "CLDR"),
    "form-out-of-range": (
        HEADER + '"Plural-Forms: nplurals=2; plural=n>5 ? 2 : n!=1;\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n', 5, "gives 2 for n=6, but nplurals=2", "CLDR"),
    "negative-form": (
        HEADER + '"Plural-Forms: nplurals=2; plural=n-1;\\n"\n\nmsgid "a"\nmsgstr "b"\n', 5,
        "gives -1 for n=0", "CLDR"),
    "not-an-expression": (
        HEADER + '"Plural-Forms: nplurals=2; plural=n +* 1;\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        5, "not a valid C expression", "CLDR"),
    "nplurals-bomb": (
        HEADER + '"Plural-Forms: nplurals=999999999; plural=0;\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        5, "nplurals=999999999, which no language has", "1 to 10"),
    "expression-bomb": (
        HEADER + '"Plural-Forms: nplurals=2; plural=' + "(" * 5000 + "n" + ")" * 5000
        + ';\\n"\n\nmsgid "a"\nmsgstr "b"\n', 5, "characters (at most 1000)", "CLDR"),
    "msgstr-and-msgstr-1-on-a-singular": (
        HEADER + THREE + '\nmsgid "Free them"\nmsgstr "Libérez-les"\nmsgstr[1] "Libérez"\n', 7,
        "msgstr[N] on an entry without msgid_plural", "one plain msgstr"),
    "charset-does-not-match": (
        HEADER + '\nmsgid "a"\nmsgstr "caf\xe9"\n', 7,
        "not valid in the charset 'UTF-8' the header declares on line 4", "save the file as"),
}
"""Files GNU msgfmt refuses too; each must name the line to fix."""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    # The charset case is written as Latin-1 bytes; every other case is UTF-8.
    encoding = "latin-1" if name == "charset-does-not-match" else "utf-8"
    path.write_bytes(text.encode(encoding))
    return path


def _gnu_accepts(path: Path) -> bool:
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    return subprocess.run(["msgfmt", "--check-header", "-o", "/dev/null", "-"], input=data,
                          capture_output=True, timeout=60).returncode == 0


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_broken_kind_is_refused_with_its_line_and_a_fix(tmp_path: Path, name: str
                                                             ) -> None:
    text, line, words, hint = REFUSED[name]
    path = _write(tmp_path, name, text)
    assert not _gnu_accepts(path) or name.endswith("bomb"), "GNU refuses it too"
    started = time.perf_counter()
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, locale="pl")
    assert time.perf_counter() - started < 2
    error = caught.value
    assert (error.path, error.line) == (path, line)
    assert words in error.message
    assert error.hint is not None and hint in error.hint


def _peak_kib(path: Path) -> tuple[str, int]:
    """Read *path* in a new process: what it printed, and the process's peak memory
    (``VmHWM``, which a new program starts afresh, unlike ``ru_maxrss``)."""
    script = ("import sys\nfrom pathlib import Path\n"
              "from appeal.catalogs import read_catalog\nfrom appeal.errors import CatalogError\n"
              "try:\n    read_catalog(Path(sys.argv[1]), locale='de')\n"
              "except CatalogError as e:\n    print(e.line)\n"
              "print(next(l.split()[1] for l in open('/proc/self/status') "
              "if l.startswith('VmHWM')))\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=60, check=True)
    *said, peak = done.stdout.split()
    return " ".join(said), int(peak)


def test_a_header_bomb_allocates_nothing_large(tmp_path: Path) -> None:
    """nplurals=999999999 is refused before anything is sized by it: reading it takes
    no more memory than reading a two-form catalog."""
    bomb = _write(tmp_path, "bomb", REFUSED["nplurals-bomb"][0])
    fine = _write(tmp_path, "fine", REFUSED["nplurals-bomb"][0].replace("999999999", "2"))
    said, bomb_peak = _peak_kib(bomb)
    assert said == "5"
    said, fine_peak = _peak_kib(fine)
    assert said == ""
    assert bomb_peak < fine_peak + 10_000


ACCEPTED = {
    "date-only-revision-date": HEADER + '"PO-Revision-Date: 2024-08-20\\n"\n'
                               '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                               'msgid "Free them"\nmsgstr "Befreit sie"\n',
    "untranslated-plural-without-plural-forms": HEADER + "\n" + PLURAL
                                                + 'msgstr[0] ""\nmsgstr[1] ""\n',
    "fuzzy-plural-with-fewer-forms": HEADER + THREE + "\n#, fuzzy\n" + PLURAL
                                     + 'msgstr[0] "jeden"\nmsgstr[1] "%d dwaj"\n',
    "fuzzy-header": "#, fuzzy\n" + HEADER + "\n" + 'msgid "a"\nmsgstr "b"\n',
}
"""Files GNU msgfmt accepts: appeal reads them as they are."""


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_what_msgfmt_accepts_is_read(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, ACCEPTED[name])
    assert _gnu_accepts(path)
    catalog = read_catalog(path, locale="pl")
    assert catalog.entries


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    """Windows editors write one; GNU 0.21 calls it a syntax error, appeal reads on."""
    text = ACCEPTED["date-only-revision-date"]
    plain = _write(tmp_path, "plain", text)
    marked = _write(tmp_path, "marked", text)
    marked.write_bytes(codecs.BOM_UTF8 + plain.read_bytes())
    assert read_catalog(marked, locale="de") == read_catalog(plain, locale="de")


def test_extra_empty_plural_forms_as_weblate_starts_them_are_read(tmp_path: Path) -> None:
    """Weblate copies the template's two forms into a one-form language's new catalog.

    msgfmt refuses the file; gettext never reads a form past ``nplurals``, so
    appeal takes it while those forms are empty, and keeps them as written.
    """
    text = (HEADER + '"Language: ja\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
            + PLURAL + 'msgstr[0] "%d 人の囚人"\nmsgstr[1] ""\n')
    path = _write(tmp_path, "ja", text)
    catalog = read_catalog(path, locale="ja")
    assert catalog.entries[0].strings == ("%d 人の囚人", "")


def test_a_broken_catalog_fails_only_its_language(small_sample: Path) -> None:
    """The other languages are built; the broken one is not published nor linked, and the
    pages an earlier build published for it are taken out, with the reason."""
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    assert (small_sample / "dist" / "de" / "appeal.html").is_file()
    broken = small_sample / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    broken.write_text("", encoding="utf-8")
    done = run_appeal("-C", small_sample, "build")
    assert done.exit_code == 1
    assert f"{broken.relative_to(small_sample)}:1: an empty file" in done.output
    assert "Traceback" not in done.output
    assert "de is held back: its catalog cannot be read" in done.output
    for lang in ("es", "ar"):
        assert (small_sample / "dist" / lang / "appeal.html").is_file(), lang
    assert not (small_sample / "dist" / "de").exists()
    for page in ("index.html", "es/appeal.html"):
        text = (small_sample / "dist" / page).read_text(encoding="utf-8")
        assert "de/appeal" not in text and 'hreflang="de"' not in text, page


@pytest.mark.parametrize("date", ["2026-11-27", "2026-11-27T10:00+0000", "27.11.2026",
                                  "2026-11-27 10:00:00+0000"])
def test_any_date_in_the_header_is_built(small_sample: Path, date: str) -> None:
    """gettext never reads the header's dates, so a translator's tool may write them as
    it likes; Babel, which writes the .mo, reads them with one strict format."""
    assert run_appeal("-C", small_sample, "update").exit_code == 0
    catalog = small_sample / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    lines = [f'"PO-Revision-Date: {date}\\n"' if line.startswith('"PO-Revision-Date:')
             else f'"POT-Creation-Date: {date}\\n"' if line.startswith('"POT-Creation-Date:')
             else line for line in text.split("\n")]
    catalog.write_text("\n".join(lines), encoding="utf-8")
    assert _gnu_accepts(catalog)
    done = run_appeal("-C", small_sample, "build")
    assert done.exit_code == 0, done.output
    assert (small_sample / "dist" / "es" / "appeal.html").is_file()
    assert catalog.with_suffix(".mo").is_file()


ORDER_LINES = ('msgctxt "c"', 'msgid "a"', 'msgid_plural "as"', 'msgstr "x"', 'msgstr[0] "x0"',
               'msgstr[1] "x1"', 'msgstr[2] "x2"', '"more"', "", "#, fuzzy", "# note",
               'msgid "b"', 'msgstr ""')
TWO_FORMS = HEADER + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


@pytest.mark.parametrize("seed", range(4))
def test_keywords_in_any_order_are_judged_as_msgfmt_judges_them(seed: int) -> None:
    """GNU's grammar is strict about the order of msgctxt, msgid, msgid_plural and the
    msgstr lines (a msgstr[1] after a plain msgstr, a second msgid_plural, a msgstr[N]
    joined to the header were once read): random orders of them, read both ways."""
    rng = random.Random(seed)
    disagreements = []
    for _ in range(250):
        body = "\n".join(rng.choice(ORDER_LINES) for _ in range(rng.randint(1, 6))) + "\n"
        gnu = subprocess.run(["msgfmt", "--check-header", "-o", "/dev/null", "-"],
                             input=(TWO_FORMS + body).encode(), capture_output=True,
                             timeout=60).returncode == 0
        try:
            parse_catalog(TWO_FORMS + body, locale="de")
            ours = True
        except CatalogError:
            ours = False
        if gnu != ours:
            disagreements.append((body, gnu))
    assert disagreements == []
