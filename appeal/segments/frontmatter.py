"""Front matter: read it strictly, find where its translatable values are, write it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from appeal.errors import SourceError
from appeal.segments.model import Segment, Slot

TRANSLATABLE = ("title", "description")
"""Front-matter keys whose values go to translators."""


def read_front_matter(text: str, *, path: Path | None) -> dict[str, Any]:
    """Load the YAML between the ``---`` lines; errors point at the file's own line."""
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise SourceError(f"invalid front matter: {getattr(exc, 'problem', exc)}",
                          path=path, line=line) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path=path, line=2)
    for key in TRANSLATABLE:
        if key in data and not isinstance(data[key], str):
            raise SourceError(f"front matter {key!r} must be text", path=path,
                              line=_key_lines(text).get(key, 1))
    return data


def front_matter_slots(text: str, data: dict[str, Any]) -> list[Slot]:
    """A slot for each non-empty title or description, at the line of its key."""
    lines = _key_lines(text)
    slots = []
    for key in TRANSLATABLE:
        value = " ".join(str(data.get(key) or "").split())
        if value:
            segment = Segment(text=value, line=lines.get(key, 1), kind=key, comments=(key,))
            slots.append(Slot(segment=segment, part=key))
    return slots


def _key_lines(text: str) -> dict[str, int]:
    """1-based file lines of top-level keys (the opening ``---`` is line 1)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 2 for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)}


def dump_front_matter(data: dict[str, Any]) -> list[str]:
    """Front matter as Markdown lines, written the same way on every run."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=1000)
    return ["---", *body.rstrip("\n").split("\n"), "---"]
