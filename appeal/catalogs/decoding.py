"""From a catalog's bytes to its text: binary files refused, the declared charset honoured."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from appeal.errors import CatalogError

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_CHARSET = re.compile(rb"charset=([^\s\"\\]+)")


def decode_catalog(data: bytes, path: Path) -> str:
    """Decode with the charset the header declares, refusing binary files."""
    if data[:4] in _MO_MAGIC:
        raise CatalogError("binary file: this is a compiled .mo catalog, not a .po file",
                           path=path, line=1)
    nul = data.find(b"\0")
    if nul >= 0:
        raise CatalogError("binary file: NUL byte in a text catalog", path=path,
                           line=data.count(b"\n", 0, nul) + 1)
    data = data.removeprefix(codecs.BOM_UTF8)
    match = _CHARSET.search(data)
    charset = match[1].decode("ascii", "replace") if match else "utf-8"
    if charset.upper() == "CHARSET":
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise CatalogError(f"unknown charset {charset!r} in the header", path=path,
                           line=data.count(b"\n", 0, match.start()) + 1 if match else None
                           ) from None
    try:
        return data.decode(charset, errors="strict")
    except UnicodeDecodeError as exc:
        declared = (f" on line {_line_at(data, match.start())}" if match
                    else " (none is declared, so UTF-8)")
        raise CatalogError(f"bytes not valid in the charset {charset!r} the header "
                           f"declares{declared}", path=path,
                           line=data.count(b"\n", 0, exc.start) + 1,
                           hint=f"save the file as {charset} in your editor, or correct "
                                "the charset in the header's Content-Type to the one the file "
                                "is written in") from None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
