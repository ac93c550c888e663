"""The record of a handoff: which catalog a translator was given, kept for the merge.

The handed-off file carries ``X-Appeal-Handoff: es/20261201T143502Z-3f9a1c2b``
in its header. GNU msgmerge (which takes the header of the translator's file)
and msgcat keep unknown header fields, and so do editors that rewrite only
the fields they own, so the field comes back with the file; a file whose
field was lost is merged as one from elsewhere, without a base. The same bytes are
kept in ``locales/es/handoffs/20261201T143502Z-3f9a1c2b.po`` beside the
language's catalog, to be committed with it: any checkout of the workspace
can then merge the returned file against the state it was made from.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from appeal.catalogs import Catalog, format_catalog
from appeal.workspace import Workspace

FIELD = "X-Appeal-Handoff"
FOLDER = "handoffs"

_RECORD = re.compile(r"^(?P<lang>[A-Za-z0-9_@-]{1,40})/"
                     r"(?P<name>(?P<stamp>\d{8}T\d{6}Z)-[0-9a-f]{8})$")
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, slots=True)
class Record:
    """Which handoff a catalog came from: its language and the name of its copy."""

    language: str
    name: str

    def __str__(self) -> str:
        return f"{self.language}/{self.name}"

    @property
    def when(self) -> datetime.datetime:
        """When the catalog was handed off (UTC)."""
        stamp = self.name.split("-")[0]
        return datetime.datetime.strptime(stamp, _STAMP).replace(tzinfo=datetime.UTC)

    def path(self, ws: Workspace) -> Path:
        """Where the workspace keeps the catalog as it was handed off."""
        return ws.locales / self.language / FOLDER / f"{self.name}.po"


def parse_record(value: str | None) -> Record | None:
    """The record a header field names; None for a missing or malformed one.

    >>> parse_record("pt_BR/20261201T143502Z-3f9a1c2b")
    Record(language='pt_BR', name='20261201T143502Z-3f9a1c2b')
    >>> parse_record("../../etc/passwd") is None
    True
    """
    match = _RECORD.match((value or "").strip())
    return Record(match["lang"], match["name"]) if match else None


def recorded(catalog: Catalog) -> Record | None:
    """The handoff a catalog says it was made from."""
    return parse_record(catalog.header.get(FIELD))


def handed_off(catalog: Catalog, lang: str, when: datetime.datetime) -> tuple[Record, Catalog]:
    """The record of handing *catalog* off now, and the catalog carrying it in its header.

    The name holds the time and a hash of the content, so two handoffs of the
    same catalog in the same second are one record, and any two others differ.
    """
    digest = hashlib.sha256(format_catalog(catalog)).hexdigest()[:8]
    record = Record(lang, f"{when.astimezone(datetime.UTC).strftime(_STAMP)}-{digest}")
    return record, catalog.replace(header=catalog.header.with_field(FIELD, str(record)))
