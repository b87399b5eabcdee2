"""WARC and WARC.gz files (e.g. Common Crawl CC-NEWS): every HTML response in them."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import SourceError
from ..models import Failure, RawDocument
from .decode import decode_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    header = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def iter_warc(path: Path, *, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Each HTML response record, streamed; sources are FILE#N, N the record's number in the file.

    Non-HTML responses and request/metadata records are skipped silently (they are not articles);
    a truncated or corrupt record is a failure, and reading stops there since nothing after it can
    be located. A .gz file is decompressed by _Gunzip rather than by warcio, because warcio ends
    quietly on a file cut off mid-member, and Python's gzip module drops the whole last block.
    """
    try:
        handle = _Gunzip(path.open("rb")) if path.suffix == ".gz" else path.open("rb")
    except OSError as e:
        yield Failure(str(path), "read", f"cannot read file: {e.strerror or e}")
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                number += 1
                if record.rec_type != "response":
                    continue
                source = f"{path}#{number}"
                mime, charset = _content_type(record)
                if mime not in HTML_TYPES:
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if not str(status).startswith("2"):
                    continue
                body = record.content_stream().read(max_bytes + 1)
                url = record.rec_headers.get_header("WARC-Target-URI")
                if len(body) > max_bytes:
                    yield Failure(source, "read", f"response larger than the {max_bytes // 1_000_000} MB cap")
                    continue
                declared_length = record.rec_headers.get_header("Content-Length")
                if declared_length and record.raw_stream is not None and _short(record):
                    yield Failure(source, "read", "truncated WARC record: body shorter than its Content-Length")
                    return
                try:
                    html = decode_html(body, declared=charset)
                except SourceError as e:
                    yield Failure(source, "read", str(e))
                    continue
                yield RawDocument(source=source, url=url, html=html)
            if isinstance(handle, _Gunzip) and handle.truncated:
                yield Failure(f"{path}#{number + 1}", "read", "truncated WARC record: the gzip stream ends mid-record")
        except (ArchiveLoadFailed, gzip.BadGzipFile, zlib.error, EOFError, ValueError, OSError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            yield Failure(f"{path}#{number}", "read", f"truncated or corrupt WARC record: {reason}")


class _Gunzip(io.RawIOBase):
    """A multi-member gzip stream that yields every byte it can decompress and notes truncation."""

    CHUNK = 1 << 16

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.pending = b""
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        while not self.pending:
            data = self.decompressor.unused_data or self.raw.read(self.CHUNK)
            if self.decompressor.unused_data:
                self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            if not data:
                # Input ended: fine between members, truncation inside one.
                self.truncated = not self.decompressor.eof and self._started
                return 0
            self._started = True
            self.pending = self.decompressor.decompress(data)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

    _started = False

    def close(self) -> None:
        self.raw.close()
        super().close()


def _short(record) -> bool:  # type: ignore[no-untyped-def]
    """Whether the record's stream ended before its declared length (a cut-off download)."""
    try:
        remaining = record.raw_stream.limit
    except AttributeError:
        return False
    return bool(remaining and remaining > 0)
