"""Content identity: exact hashes and MinHash signatures for near-duplicate (syndicated) copies."""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
"""Permutations per signature: the Jaccard estimate's standard error is ~1/sqrt(128) = 0.09 at worst,
tight enough to separate syndicated copies (>0.85) from distinct reports (<0.3)."""
BANDS = 16
ROWS = 8
"""LSH banding, 16 bands of 8 rows: a pair at Jaccard 0.8 becomes a candidate with probability
1-(1-0.8**8)**16 = 0.95, a pair at 0.5 with 0.06; candidates are then checked on the full signature."""
SHINGLE = 5
"""Words per shingle: 5-word shingles are the usual choice for news near-duplicates (Broder)."""

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """A hash of the text with case and white space folded: the same article twice hashes the same."""
    folded = _SPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    """Word shingles of the lowercased text (the whole text when it is shorter than a shingle)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


SCHEME = "affine32"
"""datasketch 2's default permutation scheme, named so that a future default cannot silently change
the stored signatures (32-bit values, stored as little-endian uint32)."""


@cache
def _permutations() -> np.ndarray:
    """The seeded permutations, made once (MinHash would draw them again for every text)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's shingles, as a uint32 array of NUM_PERM values.

    Shingles are hashed with CRC-32 rather than datasketch's default SHA-1: both give the 32-bit
    values MinHash needs, CRC-32 in half the time, and a near-duplicate check needs no cryptographic
    strength. Signatures are stored, so changing the hash or seed means rebuilding them.
    """
    minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues


def band_keys(sig: np.ndarray) -> list[tuple[int, bytes]]:
    """The LSH bucket key of each band of the signature."""
    return [
        (band, hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest())
        for band in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
