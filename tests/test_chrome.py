"""Chrome strings: translations are escaped data, and a broken placeholder falls back."""

from __future__ import annotations

import doctest
import gettext
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import appeal.chrome
import appeal.languages
import appeal.render
from appeal.chrome import CheckedTranslations, make_chrome, placeholders
from appeal.errors import ConfigError, SourceError
from appeal.languages import language_info, native_name
from tests.conftest import compiled

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def templates(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("module", [appeal.chrome, appeal.languages, appeal.render])
def test_doctests_pass(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_msgstr_is_escaped_in_trans_block_and_underscore(tmp_path: Path,
                                                                 hostile: str) -> None:
    root = templates(tmp_path, t_html_j2="<p>{% trans %}Contents{% endtrans %}</p>"
                                         "<p>{{ _('Languages') }}</p>")
    chrome = make_chrome(root, compiled("de", {"Contents": hostile, "Languages": hostile}))
    page = chrome.render("t.html.j2", {})
    assert "<script>" not in page
    assert "<img" not in page
    assert page.count(str(appeal.chrome.escape(hostile))) == 2


def test_variables_are_escaped_once_and_msgstr_markup_is_text(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2="{% trans who=who %}Hello {{ who }}{% endtrans %}")
    chrome = make_chrome(root, compiled("de", {"Hello %(who)s": "<b>Hallo</b> %(who)s & co"}))
    page = chrome.render("t.html.j2", {"who": "<i>Tom & Jerry</i>"})
    assert page == "&lt;b&gt;Hallo&lt;/b&gt; &lt;i&gt;Tom &amp; Jerry&lt;/i&gt; &amp; co"


def test_msgstr_is_never_compiled_as_a_template(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2="{% trans %}Contents{% endtrans %}",
                     t_txt_j2="{% trans %}Contents{% endtrans %}")
    chrome = make_chrome(root, compiled("de", {"Contents": "{{ 7 * 7 }} {{ config }}"}))
    assert chrome.render("t.html.j2", {}) == "{{ 7 * 7 }} {{ config }}"
    assert chrome.render("t.txt.j2", {}) == "{{ 7 * 7 }} {{ config }}"


def test_plain_text_templates_are_not_escaped(tmp_path: Path) -> None:
    root = templates(tmp_path, t_txt_j2="{% trans who=who %}Hello {{ who }}{% endtrans %}",
                     t_md_j2="{{ _('Contents') }} {{ who }}")
    chrome = make_chrome(root, compiled("de", {"Hello %(who)s": "Hallo <%(who)s>",
                                               "Contents": "Inhalt & mehr"}))
    assert chrome.render("t.txt.j2", {"who": "Tom & Jerry"}) == "Hallo <Tom & Jerry>"
    assert chrome.render("t.md.j2", {"who": "<x>"}) == "Inhalt & mehr <x>"


@pytest.mark.parametrize("msgstr", [
    "%(minutes) Minuten",             # broken: no conversion type
    "%(mins)s Minuten",               # renamed
    "Einige Minuten",                 # missing
    "%(minutes)s Minuten, %(x)s",     # extra
    "%s Minuten",                     # positional
    "100 % sicher %(minutes)s",       # stray percent sign
])
def test_mismatched_placeholders_fall_back_to_the_msgid(tmp_path: Path, msgstr: str) -> None:
    root = templates(tmp_path, t_html_j2="{% trans minutes=n %}About {{ minutes }} minutes"
                                         "{% endtrans %}|{% trans %}Contents{% endtrans %}")
    chrome = make_chrome(root, compiled("de", {"About %(minutes)s minutes": msgstr,
                                               "Contents": "Inhalt"}))
    assert chrome.render("t.html.j2", {"n": 4}) == "About 4 minutes|Inhalt"


def test_matching_placeholders_are_used(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2="{% trans minutes=n %}About {{ minutes }} minutes"
                                         "{% endtrans %}")
    chrome = make_chrome(root, compiled("de", {"About %(minutes)s minutes":
                                               "Etwa %(minutes)s Minuten (100%%)"}))
    assert chrome.render("t.html.j2", {"n": 4}) == "Etwa 4 Minuten (100%)"


PLURAL = ("%(num)s minute", "%(num)s minutes")


def test_plural_forms_use_the_catalog_plural_rule(tmp_path: Path) -> None:
    root = templates(tmp_path, t_txt_j2="{% trans num=n %}{{ num }} minute{% pluralize %}"
                                        "{{ num }} minutes{% endtrans %}")
    ru = compiled("ru", {PLURAL: ("%(num)s минута", "%(num)s минуты", "%(num)s минут")})
    chrome = make_chrome(root, ru)
    rendered = [chrome.render("t.txt.j2", {"n": n}) for n in (1, 3, 5, 21, 22, 11)]
    assert rendered == ["1 минута", "3 минуты", "5 минут", "21 минута", "22 минуты", "11 минут"]


def test_one_broken_plural_form_falls_back_for_that_number_only() -> None:
    ru = compiled("ru", {PLURAL: ("%(num)s минута", "%(nu)s минуты", "%(num)s минут")})
    checked = CheckedTranslations(ru)
    assert checked.ngettext(*PLURAL, 1) == "%(num)s минута"
    assert checked.ngettext(*PLURAL, 3) == "%(num)s minutes"
    assert checked.ngettext(*PLURAL, 5) == "%(num)s минут"


def test_plural_form_may_drop_a_placeholder_only_one_source_form_lacks() -> None:
    source = ("one minute", "%(num)s minutes")
    ru = compiled("ru", {source: ("минута", "%(num)s минуты", "%(num)s минут")})
    assert CheckedTranslations(ru).ngettext(*source, 1) == "минута"
    strict = compiled("ru", {PLURAL: ("минута", "%(num)s минуты", "%(num)s минут")})
    assert CheckedTranslations(strict).ngettext(*PLURAL, 1) == "%(num)s minute"


def test_context_and_plural_context_are_checked_and_escaped(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2='{% trans "menu" %}Contents{% endtrans %}|'
                                         '{% trans "t" num=n %}{{ num }} minute'
                                         '{% pluralize %}{{ num }} minutes{% endtrans %}')
    catalog = Catalog(locale="ru")
    catalog.add("Contents", "<Оглавление>", context="menu")
    catalog.add(PLURAL, ("%(num)s минута", "%(n)s минуты", "%(num)s минут"), context="t")
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    chrome = make_chrome(root, gettext.GNUTranslations(buffer))
    assert chrome.render("t.html.j2", {"n": 5}) == "&lt;Оглавление&gt;|5 минут"
    assert chrome.render("t.html.j2", {"n": 3}) == "&lt;Оглавление&gt;|3 minutes"


def test_placeholders_reads_flags_width_and_literal_percent() -> None:
    assert placeholders("%(a)-5.2f and %(b)r and 50%%") == frozenset({"a", "b"})
    assert placeholders("50%") is None
    assert placeholders("%(a)%") is None


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2="<p>\n{% trans %}Contents{% endtrns %}\n")
    with pytest.raises(SourceError) as caught:
        make_chrome(root).render("t.html.j2", {})
    assert caught.value.line == 2
    assert caught.value.path is not None and caught.value.path.name == "t.html.j2"


def test_missing_template_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        make_chrome(tmp_path).render("page.html.j2", {})


def test_undefined_variable_fails_loudly(tmp_path: Path) -> None:
    root = templates(tmp_path, t_html_j2="{{ nothing.here }}")
    with pytest.raises(SourceError, match="undefined"):
        make_chrome(root).render("t.html.j2", {})


@pytest.mark.parametrize(("code", "name", "rtl"), [
    ("fr", "Français", False), ("ru", "Русский", False), ("uk", "Українська", False),
    ("de", "Deutsch", False), ("ar", "العربية", True), ("he", "עברית", True),
    ("pt_BR", "Português (Brasil)", False), ("pt-BR", "Português (Brasil)", False),
])
def test_language_names_are_native_and_capitalised(code: str, name: str, rtl: bool) -> None:
    info = language_info(code, 12.5)
    assert (info.native_name, info.rtl, info.percent) == (name, rtl, 12.5)
    assert info.tag == code.replace("_", "-")


def test_unknown_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'xx_nope'"):
        native_name("xx_nope")
