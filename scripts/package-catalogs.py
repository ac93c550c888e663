"""Extract the package's own page text and bring its shipped catalogs up to date.

appeal's templates (appeal/templates/) are translated in the package's gettext
domain, appeal/locale/<lang>/LC_MESSAGES/appeal.po. Run this after changing a
string in a template or a translation, then have the new and changed entries
reviewed. The compiled appeal.mo beside each .po is built, not committed: this
script writes it, and `make` runs it with --compile when it installs the
package (the pages read the .po when its .mo is missing or older).

    .venv/bin/python scripts/package-catalogs.py            # write .pot, .po and .mo
    .venv/bin/python scripts/package-catalogs.py --check    # exit 1 if a .po is out of date
    .venv/bin/python scripts/package-catalogs.py --compile  # only the .mo, from each .po
    .venv/bin/python scripts/package-catalogs.py --add ja   # start a catalog for Japanese
"""

from __future__ import annotations

import argparse
import sys

from appeal.catalogs import (
    compile_catalog,
    format_catalog,
    merge,
    new_catalog,
    read_catalog,
    write_catalog,
    write_template,
)
from appeal.extract import build_package_template
from appeal.pagetext import LOCALE, catalog_path, compiled_path, shipped_languages
from appeal.workspace import atomic_write, build_time


def compile_shipped() -> int:
    """Write every shipped catalog's appeal.mo from its appeal.po, as the pages read it."""
    for lang in shipped_languages():
        atomic_write(compiled_path(lang),
                     compile_catalog(read_catalog(catalog_path(lang), locale=lang)))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--compile", action="store_true", help="write only the .mo files")
    parser.add_argument("--add", action="append", default=[], help="start a catalog")
    args = parser.parse_args()
    if args.compile:
        return compile_shipped()
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
            atomic_write(compiled_path(lang), compile_catalog(catalog))
    for name in stale:
        print(f"out of date: {name}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
