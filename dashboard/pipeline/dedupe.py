"""Near-duplicate articles: reposts of one text under a different header, footer or script.

Texts are normalised (simplified script, letters and digits only), cut into character
5-gram shingles (hashed) and compared by containment |A∩B| / min(|A|, |B|), which stays high when one
copy carries extra boilerplate. Candidates come from an inverted index over a deterministic
sample of each text's shingles (those whose hash falls in 1/SAMPLE_RATE of the space), so the
work grows with the number of articles that really share text, not with all pairs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
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


def sample_shingles(text: str) -> np.ndarray:
    """The sampled shingle hashes of one article (empty when it is too short to compare).

    Per-article work: the build computes it where the article is analysed.
    """
    norm = normalise(text)
    if len(norm) - SHINGLE + 1 < MIN_SHINGLES:
        return np.empty(0, np.uint64)
    return _hashes(norm, SHINGLE, SAMPLE_RATE)


def near_duplicates(texts: Mapping[str, str], threshold: float = 0.8) -> dict[str, str]:
    """article_id → smallest other article_id whose shingle overlap is ≥ ``threshold``.

    Articles with no such partner are absent from the result. Both members of a pair are
    mapped (each to the smallest *other* id), so the result is deterministic and symmetric.
    """
    ids = sorted(texts)
    samples = [sample_shingles(texts[aid]) for aid in ids]
    return near_duplicates_from_samples(ids, samples, lambda wanted: {a: texts[a] for a in wanted}, threshold)


def _candidates(
    samples: Sequence[np.ndarray], threshold: float, block: int = 4096
) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) for every ordered pair i ≠ j whose shared indexed sampled shingles could reach ``threshold``, sorted.

    A sparse article × shingle incidence matrix times its transpose: the pair counting runs in
    compiled code, which matters when thousands of articles share text. The product is
    symmetric, so only its upper triangle is computed, ``block`` rows at a time, and filtered
    before the next block: memory holds one block's pairs, not every pair of the corpus (at 10⁵
    articles sharing paragraphs the whole product took gigabytes). Candidates are then mirrored.
    """
    from scipy import sparse

    n = len(samples)
    empty = np.empty(0, np.int64)
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    if n < 2 or not owner.size:
        return empty, empty
    hashes = np.concatenate(samples)
    keys, column, df = np.unique(hashes, return_inverse=True, return_counts=True)
    # A sampled shingle shared by more than MAX_POSTING texts is boilerplate, not evidence.
    keep = (df[column] > 1) & (df[column] <= MAX_POSTING)
    m = sparse.csr_matrix(
        (np.ones(int(keep.sum()), np.int32), (owner[keep], column[keep])), shape=(n, len(keys))
    )
    found_i, found_j = [], []
    for a in range(0, n, block):
        rest = m[a:]  # rows a.. : a block's pairs with itself and every later article
        shared = (rest[:block] @ rest.T).tocoo()
        upper = shared.row < shared.col
        i = shared.row[upper].astype(np.int64) + a
        j = shared.col[upper].astype(np.int64) + a
        c = shared.data[upper]
        del shared, upper
        # Sampled containment estimates the real one: keep candidates that could reach the
        # threshold with some slack; the full shingle sets decide later.
        likely = c >= np.maximum(2, 0.5 * threshold * np.minimum(sizes[i], sizes[j]))
        found_i.append(i[likely])
        found_j.append(j[likely])
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    i, j = np.concatenate([i, j]), np.concatenate([j, i])
    order = np.lexsort((j, i))
    return i[order], j[order]


def samples_key(ids: Sequence[str], samples: Sequence[np.ndarray], threshold: float = 0.8) -> str:
    """Hash of everything ``near_duplicates_from_samples`` depends on (ids are content hashes, so
    verdicts on their texts never change): equal keys give equal results."""
    h = hashlib.sha256(f"{SHINGLE}|{SAMPLE_RATE}|{MIN_SHINGLES}|{MAX_POSTING}|{threshold!r}".encode())
    for aid, sample in zip(ids, samples, strict=True):
        h.update(f"{aid}:{len(sample)}:".encode())
        h.update(np.ascontiguousarray(sample, dtype=np.uint64).tobytes())
    return h.hexdigest()


def near_duplicates_from_samples(
    ids: Sequence[str],
    samples: Sequence[np.ndarray],
    fetch: Callable[[list[str]], Mapping[str, str]],
    threshold: float = 0.8,
    known: dict[tuple[str, str], bool] | None = None,
) -> dict[str, str]:
    """``near_duplicates`` from precomputed ``sample_shingles`` (``ids`` sorted ascending).

    ``fetch(ids)`` returns the cleaned texts of the few candidate articles, whose full shingle
    sets decide; the rest never needs its text in memory. ``known`` maps (id, other id) to an
    earlier verdict (ids are content hashes, so a verdict never goes stale); it is read and
    extended, so an incremental build only measures pairs it has not seen.
    """
    known = {} if known is None else known
    i_idx, j_idx = _candidates(samples, threshold)
    if not i_idx.size:
        return {}
    heads = np.flatnonzero(np.r_[True, i_idx[1:] != i_idx[:-1]])
    runs = [
        (int(i_idx[h]), j_idx[h:end].tolist())
        for h, end in zip(heads.tolist(), [*heads[1:].tolist(), i_idx.size], strict=True)
    ]
    # Texts needed: every pair up to the first known match that has no verdict yet.
    needed: set[int] = set()
    for i, others in runs:
        for j in others:
            verdict = known.get((ids[i], ids[j]))
            if verdict:
                break
            if verdict is None:
                needed.update((i, j))
    texts = fetch([ids[k] for k in sorted(needed)]) if needed else {}
    full_sets: dict[int, np.ndarray] = {}

    def full(k: int) -> np.ndarray:
        if k not in full_sets:
            full_sets[k] = shingle_hashes(texts[ids[k]])
        return full_sets[k]

    result: dict[str, str] = {}
    for i, others in runs:
        for j in others:  # ascending, so the first match is the smallest id
            pair = (ids[i], ids[j])
            if pair not in known:
                known[pair] = overlap(full(i), full(j)) >= threshold
            if known[pair]:
                result[ids[i]] = ids[j]
                break
    return result
