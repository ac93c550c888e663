"""The site around the pages: link previews, sitemap, base URL, index links, e-mail text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from appeal.errors import ConfigError
from appeal.site import base_url
from appeal.workspace import Workspace
from tests.conftest import BASE_URL, PLANTED, run_appeal
from tests.test_render import Page

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def meta(page: Page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attrs in page.all("meta"):
        key = attrs.get("property") or attrs.get("name")
        if key:
            found.setdefault(str(key), []).append(str(attrs.get("content")))
    return found


@pytest.mark.parametrize(("lang", "locale"), [("ru", "ru_RU"), ("ar", "ar_EG"), ("en", "en_US")])
def test_link_preview_metadata_is_in_the_page_language(published: Path, lang: str,
                                                       locale: str) -> None:
    page = Page((published / "dist" / lang / "appeal.html").read_text(encoding="utf-8"))
    tags = meta(page)
    title = PLANTED[lang]["SAC's appeal to left-wing organizations"] if lang in PLANTED \
        else "SAC's appeal to left-wing organizations"
    assert tags["og:title"] == [title] and page.text("title") == title
    assert tags["og:locale"] == [locale]
    assert sorted(tags["og:locale:alternate"]) == sorted(
        {"en_US", "ru_RU", "uk_UA", "ar_EG"} - {locale})
    assert tags["og:type"] == ["article"] and tags["twitter:card"] == ["summary"]
    assert tags["og:url"] == [f"{BASE_URL}{lang}/appeal.html"]
    assert tags["og:description"][0]
    alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("rel") == "alternate"}
    assert alternates["x-default"] == f"{BASE_URL}en/appeal.html"
    assert alternates["uk"] == f"{BASE_URL}uk/appeal.html"


def test_sitemap_lists_every_page_with_its_alternates(published: Path) -> None:
    root = ET.parse(published / "dist" / "sitemap.xml").getroot()
    urls = root.findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert locations == [f"{BASE_URL}{lang}/{name}.html" for name in ("appeal", "digest")
                         for lang in ("en", "ru", "uk", "ar")]
    for url in urls:
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        name = url.findtext(f"{SITEMAP}loc").rsplit("/", 1)[1]
        assert links == {**{lang: f"{BASE_URL}{lang}/{name}" for lang in ("en", "ru", "uk", "ar")},
                         "x-default": f"{BASE_URL}en/{name}"}


def test_index_links_every_format_to_a_file_that_exists(published: Path) -> None:
    ws_formats = ("html", "md", "txt")  # the sample's appeal.toml
    page = Page((published / "dist" / "index.html").read_text(encoding="utf-8"))
    hrefs = [attrs["href"] for attrs, _ in page.links]
    assert len(hrefs) == 4 * 2 * len(ws_formats)
    for href in hrefs:
        if not href.endswith(".md"):  # md was not built in this run
            assert (published / "dist" / href).is_file(), href


def test_without_base_url_no_sitemap_and_a_note(small_sample: Path) -> None:
    (small_sample / "dist").mkdir()
    (small_sample / "dist" / "sitemap.xml").write_text("old", encoding="utf-8")
    result = run_appeal("-C", small_sample, "build", "--format", "html,telegram")
    assert result.exit_code == 0, result.output
    assert "note: no sitemap.xml: set base_url in appeal.toml" in result.output
    assert not (small_sample / "dist" / "sitemap.xml").exists()
    page = Page((small_sample / "dist" / "en" / "appeal.html").read_text(encoding="utf-8"))
    assert "og:url" not in meta(page)
    assert "canonical" not in {a.get("rel") for a in page.all("link")}
    assert (small_sample / "dist" / "en" / "appeal.telegram.1.html").is_file()


def test_stale_posts_are_removed_when_a_document_shrinks(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build", "--lang", "en",
                      "--format", "telegram").exit_code == 0
    posts = sorted((small_sample / "dist" / "en").glob("digest.telegram.*.html"))
    assert len(posts) >= 3
    (small_sample / "content" / "digest.md").write_text(
        "---\ntitle: Short\n---\n\nOne paragraph.\n", encoding="utf-8")
    assert run_appeal("-C", small_sample, "build", "--lang", "en",
                      "--format", "telegram").exit_code == 0
    assert [p.name for p in (small_sample / "dist" / "en").glob("digest.telegram.*.html")] == [
        "digest.telegram.1.html"]


@pytest.mark.parametrize(("value", "expected"), [
    ("https://example.org/appeal", "https://example.org/appeal/"),
    ("http://example.org/", "http://example.org/"), ("", None), (None, None)])
def test_base_url_is_normalised(tmp_path: Path, value: str | None, expected: str | None) -> None:
    settings = {"appeal": {} if value is None else {"base_url": value}}
    assert base_url(Workspace(root=tmp_path, settings=settings)) == expected


@pytest.mark.parametrize("value", ["example.org", "javascript:alert(1)", "https://x.org/?a=1",
                                   "ftp://x.org/", 42])
def test_bad_base_url_is_a_config_error(tmp_path: Path, value: object) -> None:
    with pytest.raises(ConfigError, match="base_url") as caught:
        base_url(Workspace(root=tmp_path, settings={"appeal": {"base_url": value}}))
    assert caught.value.path == tmp_path / "appeal.toml"


def test_plain_text_is_wrapped_with_headings_underlined(published: Path) -> None:
    text = (published / "dist" / "en" / "digest.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert all(len(line) <= 72 for line in lines)
    index = lines.index("Boris Kagarlitsky")
    assert lines[index + 1] == "=" * len("Boris Kagarlitsky")
