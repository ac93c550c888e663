"""Real catalogs from public projects, fetched from PyPI when the tests need them.

Django's and Sphinx's source distributions carry about 1,400 ``.po`` files in
about a hundred languages and a dozen scripts, written by Transifex, Weblate,
Poedit and hand. The archives are pinned by version and SHA-256 and kept in a
cache folder between runs (``APPEAL_TEST_CACHE``, else ``~/.cache/appeal-tests``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Archive:
    """One pinned source distribution."""

    name: str
    version: str
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.name.lower()}-{self.version}.tar.gz"


ARCHIVES = (
    Archive("Django", "5.2.8", "23254866a5bb9a2cfa6004e8b809ec6246eba4b58a7589bc2772f1bcc8456c7f"),
    Archive("Sphinx", "8.2.3", "398ad29dee7f63a75888314e9424d40f52ce5a6a87ae88e7071e80af296ec348"),
)


def cache_folder() -> Path:
    configured = os.environ.get("APPEAL_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "appeal-tests"


def _download(archive: Archive, folder: Path) -> Path:
    path = folder / archive.filename
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != archive.sha256:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", "--dest", str(folder),
                        f"{archive.name}=={archive.version}"], check=True, timeout=600)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != archive.sha256:
        raise RuntimeError(f"{path}: SHA-256 {digest}, expected {archive.sha256}")
    return path


def corpus() -> list[Path]:
    """Every ``.po`` file of the pinned archives, extracted once into the cache."""
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for archive in ARCHIVES:
        target = folder / f"{archive.name.lower()}-{archive.version}-po"
        done = target / ".complete"
        if not done.exists():
            source = _download(archive, folder)
            with tarfile.open(source) as tar:
                members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".po")]
                tar.extractall(target, members=members, filter="data")
            done.touch()
        files.extend(sorted(target.rglob("*.po")))
    return files


def language_of(path: Path) -> str:
    """The language folder of ``…/locale/<lang>/LC_MESSAGES/<domain>.po``."""
    return path.parent.parent.name
