"""Extract the package's own page text and bring its shipped catalogs up to date.

appeal's templates (appeal/templates/) are translated in the package's gettext
domain, appeal/locale/<lang>/LC_MESSAGES/appeal.po, and ship compiled beside it
(appeal.mo, which the pages read). Run this after changing a string in a
template or a translation, then have the new and changed entries reviewed:

    .venv/bin/python scripts/package-catalogs.py            # write
    .venv/bin/python scripts/package-catalogs.py --check    # exit 1 if out of date
    .venv/bin/python scripts/package-catalogs.py --add ja   # start a catalog for Japanese
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from appeal.catalogs import (
    Catalog,
    compile_catalog,
    format_catalog,
    merge,
    new_catalog,
    read_catalog,
    read_compiled,
    write_catalog,
    write_template,
)
from appeal.extract import build_package_template
from appeal.pagetext import LOCALE, catalog_path, compiled_path, shipped_languages
from appeal.workspace import build_time


def same_translations(compiled: bytes, shipped: Path, lang: str) -> bool:
    """Whether *shipped* holds the translations of *compiled*: compared by content, since
    Babel releases differ in the bytes of the header they write."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.mo"
        fresh.write_bytes(compiled)
        return shown(read_compiled(fresh, locale=lang)) == shown(read_compiled(shipped,
                                                                               locale=lang))


def shown(catalog: Catalog) -> tuple[object, ...]:
    """What a page can show from a compiled catalog: its entries and its plural rule."""
    return (catalog.nplurals, tuple((entry.context, entry.id, entry.plural_id, entry.strings)
                                    for entry in catalog.entries))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--add", action="append", default=[], help="start a catalog")
    args = parser.parse_args()
    pot = LOCALE / "appeal.pot"
    template = build_package_template(build_time())
    stale: list[str] = []
    if args.check:
        old = read_catalog(pot) if pot.exists() else None
        if old is None or [e.key for e in old] != [e.key for e in template] or \
                [e.locations for e in old] != [e.locations for e in template]:
            stale.append(str(pot))
        template = old or template
    else:
        write_template(pot, template)
        template = read_catalog(pot)
    for lang in sorted({*shipped_languages(), *args.add}):
        path = catalog_path(lang)
        catalog = (merge(read_catalog(path, locale=lang), template) if path.exists()
                   else new_catalog(template, lang))
        compiled, mo = compile_catalog(catalog), compiled_path(lang)
        if args.check:
            if not path.exists() or format_catalog(catalog) != path.read_bytes():
                stale.append(str(path))
            if not mo.exists() or not same_translations(compiled, mo, lang):
                stale.append(str(mo))
        else:
            write_catalog(path, catalog)
            mo.write_bytes(compiled)
    for name in stale:
        print(f"out of date: {name}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
