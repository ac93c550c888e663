"""Shared fixtures: a copy of the sample workspace and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from appeal.catalogs import Catalog, Entry, Translations, translations
from tests.browser import CHROMIUM_ARGS, Visit

REPO = Path(__file__).resolve().parent.parent

# Hypothesis's default 200 ms deadline per example and its "too slow" health
# check measure wall-clock time, which a busy machine stretches: the property
# tests check what the code does, and speed is measured in benchmarks/.
settings.register_profile("appeal", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("appeal")
SAMPLE_FILES = ("appeal.toml", "babel.cfg")
SAMPLE_DIRS = ("content",)


OWN_TEMPLATES = ("chrome.j2", "page.html.j2")
"""The package templates holding page text, for a workspace that overrides them."""


def copy_sample(target: Path, *, languages: list[str] | None = None,
                gates: bool = False, formats: tuple[str, ...] = ("html", "md", "txt"),
                templates: tuple[str, ...] = ()) -> Path:
    """Copy the repository's own workspace (settings, content, templates) into *target*.

    The sample's ``[publish]`` gates hold back every language not fully reviewed;
    they are left out unless *gates*, so that builds publish what the test planted.
    Its ``[translate]`` engine lists are left out too: tests choose their engines.
    The default formats leave out PDF (slow to make) and the base URL, which the
    tests that need them set themselves. *templates* names package templates to
    copy into the workspace's own ``templates/``, overriding them: their page
    text is then extracted into the workspace's catalogs.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        shutil.copyfile(REPO / name, target / name)
    settings = (REPO / "appeal.toml").read_text(encoding="utf-8")
    dropped = ("translate",) if gates else ("translate", "publish")
    (target / "appeal.toml").write_text(without_tables(settings, dropped), encoding="utf-8")
    for name in SAMPLE_DIRS:
        shutil.copytree(REPO / name, target / name)
    for name in templates:
        (target / "templates").mkdir(exist_ok=True)
        shutil.copyfile(REPO / "appeal" / "templates" / name, target / "templates" / name)
    settings = (target / "appeal.toml").read_text(encoding="utf-8")
    replaced = {"formats": f"formats = {list(formats)!r}", "base_url": None}
    if languages is not None:
        replaced["languages"] = f"languages = {languages!r}"
    lines = []
    for line in settings.splitlines():
        key = line.split("=", 1)[0].strip()
        if key in replaced:
            if replaced[key] is None:
                continue
            line = replaced[key].replace("'", '"')
        lines.append(line)
    (target / "appeal.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def without_tables(settings: str, names: tuple[str, ...]) -> str:
    """The settings text without the tables *names* and their sub-tables."""
    kept: list[str] = []
    skipping = False
    prefixes = tuple(f"[{name}{end}" for name in names for end in ("]", "."))
    for line in settings.splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.startswith(prefixes)
        if not skipping:
            kept.append(line)
    return "".join(kept)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample workspace with a fixed build date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws")


@pytest.fixture
def small_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample workspace with three target languages, one of them right-to-left."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws", languages=["es", "de", "ar"])


@pytest.fixture
def overriding_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small sample with its own copies of the templates that hold page text."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws", languages=["es", "de", "ar"], templates=OWN_TEMPLATES)


MARKDOWN_ONLY = "[markdown: content/**.md]\n"
WITH_TEMPLATES = (MARKDOWN_ONLY + "[jinja2: templates/**.j2]\nextensions = jinja2.ext.i18n\n"
                  "silent = false\ntrimmed = true\nnewstyle_gettext = true\n")


def write_workspace(root: Path, documents: dict[str, str], *, languages: list[str],
                    project: str = "Test", formats: tuple[str, ...] = ("html", "md", "txt"),
                    templates: dict[str, str] | None = None) -> Path:
    """A small workspace of its own in *root*: *documents* (name → Markdown) in content/,
    settings for *languages*, and a babel.cfg (with the jinja2 map when *templates*)."""
    (root / "content").mkdir(parents=True)
    for name, text in documents.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    names = ", ".join(f'"{lang}"' for lang in languages)
    kinds = ", ".join(f'"{fmt}"' for fmt in formats)
    (root / "appeal.toml").write_text(
        f'[appeal]\nproject = "{project}"\nsource_language = "en"\nlanguages = [{names}]\n'
        f"formats = [{kinds}]\n", encoding="utf-8")
    (root / "babel.cfg").write_text(WITH_TEMPLATES if templates else MARKDOWN_ONLY,
                                    encoding="utf-8")
    for name, text in (templates or {}).items():
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_text(text, encoding="utf-8")
    return root


def run_appeal(*args: str | Path) -> Result:
    """Run the command line in-process, as a user would type it."""
    from appeal.cli import main

    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def msgfmt_check(path: Path) -> None:
    """GNU gettext must accept every catalog the tool writes."""
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"msgfmt --check {path}:\n{proc.stderr}"


def require_tool(binary: str, package: str) -> str:
    """The path of *binary*, installing Debian's *package* when it is missing.

    The tests that need it must not skip: without the tool they fail, saying why.
    """
    found = shutil.which(binary)
    if found:
        return found
    proc = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                          capture_output=True, text=True, check=False,
                          env={"DEBIAN_FRONTEND": "noninteractive",
                               "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    found = shutil.which(binary)
    if not found:
        pytest.fail(f"{binary} is missing and 'apt-get install {package}' failed "
                    f"(run sh scripts/setup-system.sh as root):\n{proc.stderr[-2000:]}")
    return found


PUBLISHED_LANGUAGES = ["ru", "uk", "ar"]
PUBLISHED_FORMATS = "html,txt,telegram,pdf"
BASE_URL = "https://appeal.example.org/sac/"
HOSTILE = '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">'
PLANTED = {
    "ru": {"SAC's appeal to left-wing organizations": "Обращение КСД к левым организациям",
           "The Committee for Solidary Actions": "Комитет солидарных действий — политическая "
           "группа левых и профсоюзных активистов, воссозданная в 2022 году.",
           "At the moment, the SAC's main purpose": HOSTILE + " Сейчас главная цель КСД — "
           "поддержка репрессированных активистов."},
    "ar": {"SAC's appeal to left-wing organizations":
           "نداء لجنة العمل التضامني إلى المنظمات اليسارية",
           "The Committee for Solidary Actions": "لجنة العمل التضامني مجموعة سياسية من الناشطين "
           "اليساريين والنقابيين أعيد تأسيسها في عام 2022.",
           "At the moment, the SAC's main purpose": HOSTILE + " الهدف الرئيسي للجنة الآن هو "
           "دعم الناشطين المضطهدين."},
}
"""Reviewed translations planted in the published sample: a title, a first paragraph and a
paragraph that tries to smuggle in markup; keys are msgid prefixes. The page text
("Languages", "Contents") comes from the package's own catalogs."""


def plant_translations(root: Path, lang: str, planted: dict[str, str]) -> None:
    """Fill the entries whose msgid starts with a key, as a translator would."""
    import polib

    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path), wrapwidth=76)
    for prefix, translation in planted.items():
        matches = [entry for entry in catalog if entry.msgid.startswith(prefix)]
        assert matches, f"no msgid starts with {prefix!r}"
        for entry in matches:
            entry.msgstr = translation
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if "<" in translation:  # the worst case: the html check silenced for the entry
                entry.flags.append("appeal-ignore-html")
    catalog.save(str(path))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once per test run in every output format, with English (the
    source), Russian, Ukrainian (untranslated) and Arabic, a base URL, and planted
    Russian and Arabic translations."""
    root = copy_sample(tmp_path_factory.mktemp("published") / "ws",
                       languages=PUBLISHED_LANGUAGES)
    settings = (root / "appeal.toml").read_text(encoding="utf-8")
    settings = settings.replace("[appeal]\n", f'[appeal]\nbase_url = "{BASE_URL}"\n', 1)
    (root / "appeal.toml").write_text(settings, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1724112000")
        for args in (("extract",), ("update",)):
            result = run_appeal("-C", root, *args)
            assert result.exit_code == 0, result.output
        for lang, planted in PLANTED.items():
            plant_translations(root, lang, planted)
        result = run_appeal("-C", root, "build", "--format", PUBLISHED_FORMATS)
    assert result.exit_code == 0, result.output
    return root


def compiled(locale: str, entries: dict[str | tuple[str, str], str | tuple[str, ...]]
             ) -> Translations:
    """A catalog's translations as a build renders them: reviewed entries, CLDR plurals."""
    made = []
    for msgid, msgstr in entries.items():
        singular, plural = (msgid, None) if isinstance(msgid, str) else msgid
        made.append(Entry(singular, (msgstr,) if isinstance(msgstr, str) else msgstr,
                          plural_id=plural))
    return translations(Catalog(entries=tuple(made), locale=locale))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = require_tool("chromium", "chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, **kwargs: Any) -> Visit:
        opened.append(Visit(browser, path.as_uri(), **kwargs))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()
