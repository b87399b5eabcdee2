"""Bytes to text for HTML from any source (HTTP, files, WARC): declared charset, then sniffing."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import ExtractError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
SNIFF_BYTES = 4096
"""Where to look for <meta charset>: the HTML standard's prescan reads the first 1024 bytes; real pages
with long <head> scripts put it later, and 4 KB still costs nothing."""
BINARY_CONTROL_RATIO = 0.05
"""Share of NUL and other C0 control bytes above which content is binary: text has none bar tab/CR/LF."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(content: bytes, *, declared: str | None = None) -> str:
    """Decode page bytes: a BOM, the declared charset, <meta charset>, UTF-8, then a statistical
    guess (charset_normalizer); raise ExtractError for binary or undecodable content."""
    if not content.strip():
        raise ExtractError("empty page")
    head = content[:SNIFF_BYTES]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls / len(head) > BINARY_CONTROL_RATIO:
        raise ExtractError("not HTML: binary content")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    meta = _META_CHARSET.search(head)
    for name in (declared, meta.group(1).decode("ascii", "ignore") if meta else None, "utf-8"):
        codec = _codec(name)
        if codec is None:
            continue
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    guess = from_bytes(content).best()
    if guess is None:
        raise ExtractError("undecodable bytes: not UTF-8, no usable declared charset, and no encoding fits")
    return str(guess)
