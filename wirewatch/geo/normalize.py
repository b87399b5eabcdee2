"""The one normal form under which place names are stored and looked up."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ł": "l",
        "œ": "oe",
        "þ": "th",
        "ŧ": "t",
        "ʻ": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
        "ə": "a",
    }
)
_DROP = re.compile(r"['’‘`´.]")
"""Apostrophes and full stops vanish, so "U.S." is "us" and "Cote d'Ivoire" is "cote divoire"."""
_SPACE = re.compile(r"[\W_]+")
"""Any other run of punctuation or space is one space: "Gilgit-Baltistan" is "gilgit baltistan"."""


def normalize(name: str) -> str:
    """Casefolded, accents stripped, punctuation folded: the key of the gazetteer's names table."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    text = _DROP.sub("", text)
    return _SPACE.sub(" ", text).strip()
