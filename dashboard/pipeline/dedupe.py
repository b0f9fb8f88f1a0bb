"""Near-duplicate articles: reposts of one text under a different header, footer or script.

Texts are normalised (simplified script, letters and digits only), cut into character
5-gram shingles (hashed) and compared by containment |A∩B| / min(|A|, |B|), which stays high when one
copy carries extra boilerplate. Candidates come from an inverted index over a deterministic
sample of each text's shingles (those whose hash falls in 1/SAMPLE_RATE of the space), so the
work grows with the number of articles that really share text, not with all pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from functools import cache

import numpy as np
import opencc

SHINGLE = 5
SAMPLE_RATE = 8  # keep shingles whose hash % SAMPLE_RATE == 0
MIN_SHINGLES = 50  # shorter texts are not articles; also keeps a few sampled shingles per text
# A sampled shingle shared by more texts than this is boilerplate (a platform notice), not evidence.
MAX_POSTING = 500

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Simplified script, lower case, punctuation and whitespace removed."""
    return _NON_WORD.sub("", _t2s().convert(text).lower())


def shingle_hashes(text: str, k: int = SHINGLE, sample: int = 1) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character k-grams of the normalised text.

    With ``sample`` > 1 only hashes divisible by ``sample`` are kept (a consistent sample:
    a shingle is kept in every text or in none).

    A vectorised polynomial hash over code points, then a bit mixer: stable across runs and
    machines (unlike Python's salted ``hash``), and fast enough for 10⁵ articles.
    """
    return _hashes(normalise(text), k, sample)


def _hashes(norm: str, k: int, sample: int) -> np.ndarray:
    if not norm:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * np.uint64(0x100000001B3) + codes[j : j + n]
        # splitmix64 finaliser: spreads the bits so "h % SAMPLE_RATE" is a fair sample
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    if sample > 1:
        h = h[h % np.uint64(sample) == 0]
    return np.unique(h)


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Containment of the smaller shingle set in the larger (≥ Jaccard); inputs sorted unique."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / min(len(a), len(b))


def near_duplicates(texts: Mapping[str, str], threshold: float = 0.8) -> dict[str, str]:
    """article_id → smallest other article_id whose shingle overlap is ≥ ``threshold``.

    Articles with no such partner are absent from the result. Both members of a pair are
    mapped (each to the smallest *other* id), so the result is deterministic and symmetric.
    """
    # Keep only the sampled shingles in memory; full sets are rebuilt for the few candidates.
    ids = sorted(texts)
    samples: list[np.ndarray] = []
    for aid in ids:
        norm = normalise(texts[aid])
        too_short = len(norm) - SHINGLE + 1 < MIN_SHINGLES
        samples.append(np.empty(0, np.uint64) if too_short else _hashes(norm, SHINGLE, SAMPLE_RATE))
    sizes = np.array([len(s) for s in samples], dtype=np.int64)

    postings: dict[int, list[int]] = defaultdict(list)
    for i, sample in enumerate(samples):
        for h in sample.tolist():
            postings[h].append(i)
    index = {h: np.array(p, dtype=np.int64) for h, p in postings.items() if 1 < len(p) <= MAX_POSTING}
    del postings

    full_sets: dict[int, np.ndarray] = {}

    def full(i: int) -> np.ndarray:
        if i not in full_sets:
            full_sets[i] = shingle_hashes(texts[ids[i]])
        return full_sets[i]

    result: dict[str, str] = {}
    for i, sample in enumerate(samples):
        hits = [index[h] for h in sample.tolist() if h in index]
        if not hits:
            continue
        others, shared = np.unique(np.concatenate(hits), return_counts=True)
        # Sampled containment estimates the real one: keep candidates that could reach the
        # threshold with some slack, then measure the full shingle sets.
        smaller = np.minimum(sizes[i], sizes[others])
        keep = (others != i) & (shared >= np.maximum(2, 0.5 * threshold * smaller))
        for j in others[keep].tolist():  # ascending, so the first match is the smallest id
            if overlap(full(i), full(j)) >= threshold:
                result[ids[i]] = ids[j]
                break
        full_sets.pop(i, None)  # each article is the outer one only once
    return result
