"""Catalogs on Babel's ``Catalog``: read strictly, write as GNU gettext does, update, compile.

The package holds operations *on* catalogs (Babel's class is the data model):
:mod:`~appeal.catalogs.reading` (strict PO reader), :mod:`~appeal.catalogs.pofile`
(GNU ``msgcat``-identical writer, with :mod:`~appeal.catalogs.linebreak` for its
line breaking), :mod:`~appeal.catalogs.update` (msgmerge-like update, with
:mod:`~appeal.catalogs.fuzzy` matching) and :mod:`~appeal.catalogs.compiling`.
"""

from appeal.catalogs.compiling import (
    CatalogStats,
    catalog_stats,
    compile_catalog,
    compile_catalogs,
    messages_stats,
)
from appeal.catalogs.entries import first_id
from appeal.catalogs.pofile import format_catalog
from appeal.catalogs.reading import read_catalog
from appeal.catalogs.update import (
    UpdateResult,
    merge,
    new_catalog,
    update_catalogs,
    write_catalog,
    write_template,
)

__all__ = [
    "CatalogStats",
    "UpdateResult",
    "catalog_stats",
    "compile_catalog",
    "compile_catalogs",
    "first_id",
    "format_catalog",
    "merge",
    "messages_stats",
    "new_catalog",
    "read_catalog",
    "update_catalogs",
    "write_catalog",
    "write_template",
]
