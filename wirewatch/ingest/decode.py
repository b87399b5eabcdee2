"""Bytes to text for HTML from any source (HTTP, files, WARC), one policy for all: never guess."""

from __future__ import annotations

import codecs
import re

from ..errors import ExtractError

META_SCAN_BYTES = 16 * 1024
"""Where text() looks for <meta charset>: the HTML standard prescans 1024 bytes, but news pages often put
the tag after long inline scripts and styles; 16 kB covers those and costs nothing."""
SNIFF_BINARY_BYTES = 4096
BINARY_CONTROL_RATIO = 0.05
"""Share of NUL and other C0 control bytes above which content is binary: text has none bar tab/CR/LF."""

# WHATWG Encoding: these labels mean windows-1252 in every browser, and news pages labelled latin-1
# really do carry its curly quotes and dashes (0x91-0x97), which latin-1 would turn into control codes.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "us-ascii", "ascii"}
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(content: bytes, *, declared: str | None = None) -> str:
    """Page bytes as text: a BOM, then the declared charset, then <meta charset>, then strict UTF-8.

    Never guesses: bytes that fit none of these raise ExtractError instead of turning into mojibake,
    and so do empty and binary content.
    """
    if not content.strip():
        raise ExtractError("empty page")
    head = content[:SNIFF_BINARY_BYTES]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if (
        not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and controls / len(head) > BINARY_CONTROL_RATIO
    ):
        raise ExtractError("not HTML: binary content")
    for bom, bom_codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            try:
                return content.decode(bom_codec)
            except UnicodeDecodeError:
                break
    labels = [label for label in (declared, _meta_charset(content[:META_SCAN_BYTES])) if label]
    for label in (*labels, "utf-8"):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    if labels:
        names = list(dict.fromkeys(label.lower() for label in labels))
        nor = "" if names == ["utf-8"] else ", nor utf-8"
        raise ExtractError(f"undecodable bytes (not {' or '.join(names)} as declared{nor})")
    raise ExtractError("undecodable bytes (not utf-8 and no declared charset)")


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii")
    # A <meta> readable as ASCII means the page is not UTF-16, whatever it says (HTML standard, prescan).
    return "utf-8" if label.lower().startswith("utf-16") else label


def _codec(label: str) -> str | None:
    """The Python codec for a charset label, browsers' aliases applied; None for an unknown label."""
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
