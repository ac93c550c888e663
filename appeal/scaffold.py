"""``appeal new``: lay out a fresh workspace from the skeleton shipped in the package."""

from __future__ import annotations

import shutil
from pathlib import Path

from appeal.errors import AppealError

SKELETON = Path(__file__).parent / "skeleton"
RENAMED = {"gitignore": ".gitignore"}
"""Files stored under another name so that packaging tools do not skip or apply them."""


def create_workspace(directory: Path) -> list[Path]:
    """Copy the skeleton into *directory*, refusing to overwrite an existing workspace."""
    if (directory / "appeal.toml").exists():
        raise AppealError("a workspace already exists here", path=directory / "appeal.toml")
    created: list[Path] = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(SKELETON)
        target = directory / relative.parent / RENAMED.get(relative.name, relative.name)
        if target.exists():
            raise AppealError("would overwrite an existing file", path=target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        created.append(target)
    (directory / "locales").mkdir(exist_ok=True)
    return created
