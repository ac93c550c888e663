"""Catalogs: appeal's own model of ``.po``/``.pot`` files, and everything done to them.

This package is the only one that knows Babel's catalog classes; every other
module gets immutable :class:`Entry` objects with one :class:`State`, inside a
:class:`Catalog`. :mod:`~appeal.catalogs.reading` reads strictly,
:mod:`~appeal.catalogs.pofile` writes as GNU ``msgcat`` does (with
:mod:`~appeal.catalogs.linebreak` for its line breaking),
:mod:`~appeal.catalogs.update` merges like msgmerge (with
:mod:`~appeal.catalogs.fuzzy` matching), :mod:`~appeal.catalogs.compiling`
compiles, looks up and counts, :mod:`~appeal.catalogs.formats` finds format
directives, :mod:`~appeal.catalogs.plurals` knows plural forms,
:mod:`~appeal.catalogs.provenance` marks machine drafts and
:mod:`~appeal.catalogs.markers` reads the ``# appeal:`` markers (checks
silenced, terms kept).

Importing the package loads no third-party library; Babel is imported only by
the functions that need it.
"""

from appeal.catalogs.compiling import (
    CatalogStats,
    catalog_stats,
    compile_catalog,
    compile_catalogs,
    entries_stats,
    read_compiled,
    whole_percent,
)
from appeal.catalogs.model import FUZZY, Catalog, Entry, Header, Key, Location, State
from appeal.catalogs.pofile import format_catalog, render_catalog
from appeal.catalogs.provenance import Provenance
from appeal.catalogs.reading import parse_catalog, read_catalog
from appeal.catalogs.translations import Translations, no_translations, translations, usable
from appeal.catalogs.update import (
    UpdateResult,
    merge,
    new_catalog,
    save_catalog,
    update_catalogs,
    write_catalog,
    write_template,
)

__all__ = [
    "FUZZY",
    "Catalog",
    "CatalogStats",
    "Entry",
    "Header",
    "Key",
    "Location",
    "Provenance",
    "State",
    "Translations",
    "UpdateResult",
    "catalog_stats",
    "compile_catalog",
    "compile_catalogs",
    "entries_stats",
    "format_catalog",
    "merge",
    "new_catalog",
    "no_translations",
    "parse_catalog",
    "read_catalog",
    "read_compiled",
    "render_catalog",
    "save_catalog",
    "translations",
    "update_catalogs",
    "usable",
    "whole_percent",
    "write_catalog",
    "write_template",
]
