"""Extract the package's own page text and bring its shipped catalogs up to date.

appeal's templates (appeal/templates/) are translated in the package's gettext
domain, appeal/locale/<lang>/LC_MESSAGES/appeal.po. Run this after changing a
string in a template, then have the new and changed entries reviewed:

    .venv/bin/python scripts/package-catalogs.py            # write
    .venv/bin/python scripts/package-catalogs.py --check    # exit 1 if out of date
    .venv/bin/python scripts/package-catalogs.py --add ja   # start a catalog for Japanese
"""

from __future__ import annotations

import argparse
import sys

from appeal.catalogs import (
    format_catalog,
    merge,
    new_catalog,
    read_catalog,
    write_catalog,
    write_template,
)
from appeal.extract import build_package_template
from appeal.pagetext import LOCALE, catalog_path, shipped_languages
from appeal.workspace import build_time


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
        if args.check:
            if not path.exists() or format_catalog(catalog) != path.read_bytes():
                stale.append(str(path))
        else:
            write_catalog(path, catalog)
    for name in stale:
        print(f"out of date: {name}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
