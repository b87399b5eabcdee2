"""Local HTML files, and directories of them (recursively)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..models import Failure, RawDocument
from .decode import decode_html

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def read_html_file(path: Path, *, max_bytes: int) -> RawDocument | Failure:
    """One HTML file as a RawDocument, or the Failure that says why it cannot be read."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Failure(source, "read", f"file larger than the {max_bytes // 1_000_000} MB cap ({size:,} bytes)")
        content = path.read_bytes()
        return RawDocument(source=source, html=decode_html(content))
    except OSError as e:
        return Failure(source, "read", f"cannot read file: {e.strerror or e}")
    except SourceError as e:
        return Failure(source, "read", str(e))


def iter_html_files(root: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Every HTML file under a directory, recursively, in a stable (sorted) order."""
    paths = sorted(p for p in root.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    for path in paths:
        yield read_html_file(path, max_bytes=max_bytes)
