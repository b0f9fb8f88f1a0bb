"""Near-duplicate articles: reposts of one text under a different header, footer or script.

Texts are normalised (simplified script, letters and digits only), cut into character
5-gram shingles (hashed) and compared by containment |A∩B| / min(|A|, |B|), which stays high when one
copy carries extra boilerplate. Candidates come from an inverted index over a deterministic
sample of each text's shingles (those whose hash falls in 1/SAMPLE_RATE of the space), so the
work grows with the number of articles that really share text, not with all pairs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    # Both sorted: a binary search of each smaller-set hash in the larger counts the common ones
    # exactly as np.intersect1d would, without concatenating and sorting both (the pair check's cost).
    at = np.minimum(np.searchsorted(large, small), len(large) - 1)
    common = int(np.count_nonzero(large[at] == small))
    return common / len(small)


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


@dataclass
class ShingleIndex:
    """The pair search of one build, kept so a later build redoes only what its changes touch.

    ``hashes``/``owners``: every article's sampled shingles sorted by hash (an inverted index; the
    owner is a position in ``ids``); ``cand_i``/``cand_j``: the candidate pairs found over them.
    """

    ids: np.ndarray  # sorted article ids
    sizes: np.ndarray  # sampled shingles per article (the candidate filter uses them)
    hashes: np.ndarray
    owners: np.ndarray
    cand_i: np.ndarray
    cand_j: np.ndarray


def _postings(samples: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sizes, hashes sorted, their owners): the inverted index over every sampled shingle."""
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    owner = np.repeat(np.arange(len(samples), dtype=np.int32), sizes)
    hashes = np.concatenate(samples) if len(samples) else np.empty(0, np.uint64)
    order = np.argsort(hashes, kind="stable")
    return sizes, hashes[order], owner[order]


def _candidates(
    samples: Sequence[np.ndarray], threshold: float, block: int = 4096, index: list | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) for every ordered pair i ≠ j whose shared indexed sampled shingles could reach ``threshold``, sorted.

    A sparse article × shingle incidence matrix times its transpose: the pair counting runs in
    compiled code, which matters when thousands of articles share text. The product is
    symmetric, so only its upper triangle is computed, ``block`` rows at a time, and filtered
    before the next block: memory holds one block's pairs, not every pair of the corpus (at 10⁵
    articles sharing paragraphs the whole product took gigabytes). Candidates are then mirrored.
    With ``index`` (a list), the sorted postings are appended to it (for ``ShingleIndex``).
    """
    from scipy import sparse

    n = len(samples)
    empty = np.empty(0, np.int64)
    sizes, hashes, owner = _postings(samples)
    if index is not None:
        index.extend((sizes, hashes, owner))
    if n < 2 or not owner.size:
        return empty, empty
    first = np.r_[True, hashes[1:] != hashes[:-1]]
    column = np.cumsum(first) - 1
    df = np.diff(np.r_[np.flatnonzero(first), hashes.size])[column]
    # A sampled shingle shared by more than MAX_POSTING texts is boilerplate, not evidence.
    keep = (df > 1) & (df <= MAX_POSTING)
    m = sparse.csr_matrix(
        (np.ones(int(keep.sum()), np.int32), (owner[keep], column[keep])), shape=(n, int(column[-1]) + 1)
    )
    del first, column, df, keep
    found_i, found_j = [], []
    for a in range(0, n, block):
        rest = m[a:]  # rows a.. : a block's pairs with itself and every later article
        shared = (rest[:block] @ rest.T).tocoo()
        upper = shared.row < shared.col
        i = shared.row[upper].astype(np.int64) + a
        j = shared.col[upper].astype(np.int64) + a
        c = shared.data[upper]
        del shared, upper
        likely = _likely(c, sizes[i], sizes[j], threshold)
        found_i.append(i[likely])
        found_j.append(j[likely])
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    i, j = np.concatenate([i, j]), np.concatenate([j, i])
    order = np.lexsort((j, i))
    return i[order], j[order]


def _likely(shared: np.ndarray, size_i: np.ndarray, size_j: np.ndarray, threshold: float) -> np.ndarray:
    """Sampled containment estimates the real one: keep candidates that could reach the threshold
    with some slack; the full shingle sets decide later."""
    return shared >= np.maximum(2, 0.5 * threshold * np.minimum(size_i, size_j))


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions lo[k]..hi[k]-1 for every k, the k each came from), vectorised."""
    counts = hi - lo
    which = np.repeat(np.arange(lo.size), counts)
    starts = np.cumsum(counts) - counts
    return lo[which] + (np.arange(which.size) - starts[which]), which


def build_index(ids: Sequence[str], samples: Sequence[np.ndarray], threshold: float = 0.8) -> ShingleIndex:
    """The full pair search over ``ids`` (sorted), kept as a ``ShingleIndex``."""
    parts: list = []
    i, j = _candidates(samples, threshold, index=parts)
    sizes, hashes, owners = parts
    return ShingleIndex(np.array(ids, dtype=str), sizes, hashes, owners, i, j)


# Above this share of the corpus touched by the changes, the whole pair search is as cheap.
INCREMENTAL_SHARE = 0.1


def update_candidates(
    base: ShingleIndex, ids: Sequence[str], samples: Sequence[np.ndarray], threshold: float = 0.8
) -> tuple[np.ndarray, np.ndarray] | None:
    """``_candidates(samples)`` computed from an earlier build's ``base`` by redoing only what changed.

    Pairs of two articles that both were in ``base`` keep their candidacy unless one of them holds
    a shingle whose posting count crosses MAX_POSTING (adding or removing articles turns it into
    boilerplate or back into evidence): those articles and the new ones have their pairs counted
    again against the whole corpus. None when the changes touch so much that a full search is
    as cheap (or the base cannot be used). ``ids`` sorted; articles are content hashes, so an id
    in both builds has the same sampled shingles.
    """
    n = len(ids)
    cur = np.array(ids, dtype=str)
    if n < 2 or not base.ids.size:
        return None
    # base position -> current position (-1: the article is gone)
    pos = np.minimum(np.searchsorted(cur, base.ids), n - 1)
    b2c = np.where(cur[pos] == base.ids, pos, -1)
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    in_base = np.zeros(n, bool)
    in_base[b2c[b2c >= 0]] = True
    new = np.flatnonzero(~in_base)
    if not np.array_equal(sizes[b2c[b2c >= 0]], base.sizes[b2c >= 0]):
        return None  # the same ids with other samples: the sampling changed
    gone = b2c < 0
    limit = max(50, int(INCREMENTAL_SHARE * n))
    if new.size + int(gone.sum()) > limit:
        return None

    def sorted_postings(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not idx.size:
            return np.empty(0, np.uint64), np.empty(0, np.int64)
        h = np.concatenate([samples[k] for k in idx])
        o = np.repeat(idx, sizes[idx])
        order = np.argsort(h, kind="stable")
        return h[order], o[order]

    new_h, new_o = sorted_postings(new)
    gone_h = base.hashes[gone[base.owners]] if gone.any() else np.empty(0, np.uint64)

    def df_now(h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        lo, hi = np.searchsorted(base.hashes, h, "left"), np.searchsorted(base.hashes, h, "right")
        nlo, nhi = np.searchsorted(new_h, h, "left"), np.searchsorted(new_h, h, "right")
        removed = np.searchsorted(gone_h, h, "right") - np.searchsorted(gone_h, h, "left")
        return hi - lo, (hi - lo) + (nhi - nlo) - removed, lo, hi, np.stack([nlo, nhi])

    # Shingles of added or removed articles whose boilerplate status changes.
    touched = np.unique(np.concatenate([new_h, gone_h]))
    before, after, lo, hi, _ = df_now(touched)
    crossing = (before <= MAX_POSTING) != (after <= MAX_POSTING)
    pos_b, _ = _expand(lo[crossing], hi[crossing])
    affected = b2c[base.owners[pos_b]]
    rows = np.unique(np.concatenate([new, affected[affected >= 0]]))
    if rows.size > limit:
        return None

    # The pairs of every affected article, counted again against the whole (current) corpus.
    q_h = np.concatenate([samples[k] for k in rows]) if rows.size else np.empty(0, np.uint64)
    q_a = np.repeat(rows, sizes[rows])
    _, df, lo, hi, nrange = df_now(q_h)
    kept = (df > 1) & (df <= MAX_POSTING)
    q_a, lo, hi, nrange = q_a[kept], lo[kept], hi[kept], nrange[:, kept]
    pos_b, which_b = _expand(lo, hi)
    pos_n, which_n = _expand(nrange[0], nrange[1])
    a = np.concatenate([q_a[which_b], q_a[which_n]])
    p = np.concatenate([b2c[base.owners[pos_b]], new_o[pos_n]])
    ok = (p >= 0) & (p != a)
    codes, shared = np.unique(a[ok] * n + p[ok], return_counts=True)
    i, j = codes // n, codes % n
    likely = _likely(shared, sizes[i], sizes[j], threshold)
    i, j = i[likely], j[likely]

    redo = np.zeros(n, bool)
    redo[rows] = True
    old_i, old_j = b2c[base.cand_i], b2c[base.cand_j]
    stay = (old_i >= 0) & (old_j >= 0)
    stay[stay] = ~(redo[old_i[stay]] | redo[old_j[stay]])
    codes = _merged_codes(old_i[stay] * n + old_j[stay], np.concatenate([i * n + j, j * n + i]))
    return codes // n, codes % n


def _merged_codes(kept: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """The sorted distinct union of ``kept`` pair codes and ``fresh`` ones.

    The base pairs are sorted by (i, j) and the id mapping keeps order, so ``kept`` is sorted and
    distinct already: the few recounted pairs are merged into it (linear), instead of sorting the
    whole corpus's pairs again (an ``np.unique`` over them grew with the corpus).
    """
    if kept.size > 1 and not bool((kept[1:] > kept[:-1]).all()):
        kept = np.unique(kept)  # a base not from build_index: sort it once
    fresh = np.unique(fresh)
    at = np.searchsorted(kept, fresh)
    new = at == kept.size
    new[~new] = kept[at[~new]] != fresh[~new]
    return np.insert(kept, at[new], fresh[new])


INDEX_ARRAYS = ("ids", "sizes", "hashes", "owners", "cand_i", "cand_j")


def store_index(folder: Path, index: ShingleIndex, key: str) -> None:
    """Keep ``index`` in ``folder`` under ``key`` (what its pairs depend on besides the samples).

    Written to a fresh sub-folder and published by rewriting one small pointer file, so a
    killed build leaves the previous index or the new one, never a mix.
    """
    folder = Path(folder)
    token = f"{os.getpid()}-{time.time_ns()}"
    target = folder / token
    target.mkdir(parents=True)
    for name in INDEX_ARRAYS:
        np.save(target / f"{name}.npy", getattr(index, name), allow_pickle=False)
    pointer = folder / "CURRENT"
    tmp = folder / f".CURRENT.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"token": token, "key": key}))
    os.replace(tmp, pointer)
    for old in folder.iterdir():
        if old.is_dir() and old.name != token:
            shutil.rmtree(old, ignore_errors=True)


def load_index(folder: Path, key: str) -> ShingleIndex | None:
    """The index ``store_index`` kept under ``key``, or None; the big arrays are memory-mapped
    (an incremental build reads only the postings of the shingles it looks up)."""
    try:
        found = json.loads((Path(folder) / "CURRENT").read_text())
        if found.get("key") != key:
            return None
        where = Path(folder) / str(found["token"])
        arrays = {
            name: np.load(where / f"{name}.npy", mmap_mode="r" if name in ("hashes", "owners") else None)
            for name in INDEX_ARRAYS
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ShingleIndex(**arrays)


def index_key(threshold: float = 0.8) -> str:
    """The settings a ``ShingleIndex``'s pairs depend on besides the samples."""
    return f"{SHINGLE}|{SAMPLE_RATE}|{MIN_SHINGLES}|{MAX_POSTING}|{threshold!r}"


def near_duplicates_from_samples(
    ids: Sequence[str],
    samples: Sequence[np.ndarray],
    fetch: Callable[[list[str]], Mapping[str, str]],
    threshold: float = 0.8,
    known: dict[tuple[str, str], bool] | None = None,
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, str]:
    """``near_duplicates`` from precomputed ``sample_shingles`` (``ids`` sorted ascending).

    ``fetch(ids)`` returns the cleaned texts of the few candidate articles, whose full shingle
    sets decide; the rest never needs its text in memory. ``known`` maps (id, other id) to an
    earlier verdict (ids are content hashes, so a verdict never goes stale); it is read and
    extended, so an incremental build only measures pairs it has not seen. ``pairs``: the
    candidates when already known (``build_index``, ``update_candidates``).
    """
    known = {} if known is None else known
    i_idx, j_idx = _candidates(samples, threshold) if pairs is None else pairs
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
                # overlap is symmetric and candidates come in both orders: reuse the mirror's verdict
                mirror = known.get((ids[j], ids[i]))
                known[pair] = overlap(full(i), full(j)) >= threshold if mirror is None else mirror
            if known[pair]:
                result[ids[i]] = ids[j]
                break
    return result


@dataclass
class Verdicts:
    """Measured pairs as arrays, kept between builds: ``names`` (sorted article ids as UTF-8
    bytes), and per pair the positions of its two articles in ``names`` and whether their overlap
    reached the threshold.

    Arrays, not a dict of id pairs: at 10⁵ articles the pairs number in the millions, and
    unpickling, filtering and pickling a dict of them every build cost seconds; positions, not
    ids per pair, keep the file small.
    """

    names: np.ndarray
    a: np.ndarray  # int32 positions in names
    b: np.ndarray
    same: np.ndarray  # bool

    @classmethod
    def empty(cls) -> Verdicts:
        return cls(np.empty(0, "S1"), np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, bool))


def _codes(cur: np.ndarray, known: Verdicts) -> tuple[np.ndarray, np.ndarray]:
    """(pair codes i*n+j over the sorted ids ``cur``, which known pairs have both ids in ``cur``)."""
    n = len(cur)
    if not n or not known.a.size or not known.names.size:
        return np.empty(0, np.int64), np.zeros(known.a.size, bool)
    at = np.minimum(np.searchsorted(cur, known.names), n - 1)
    where = np.where(cur[at] == known.names, at, -1).astype(np.int64)
    pa, pb = where[known.a], where[known.b]
    ok = (pa >= 0) & (pb >= 0)
    return pa[ok] * n + pb[ok], ok


def near_duplicates_kept(
    ids: Sequence[str],
    pairs: tuple[np.ndarray, np.ndarray],
    fetch: Callable[[list[str]], Mapping[str, str]],
    known: Verdicts,
    threshold: float = 0.8,
) -> tuple[dict[str, str], Verdicts, bool]:
    """``near_duplicates_from_samples`` with earlier verdicts as arrays and the pair walk vectorised.

    Returns (the map, the verdicts of pairs between current articles, whether any verdict was
    added or dropped). Same map: each article maps to its first candidate (ascending) whose
    verdict is a match; only unmeasured pairs before a known match are measured, in order,
    until a match.
    """
    i_idx, j_idx = pairs
    cur = np.array([a.encode("utf-8") for a in ids] or [b""])[: len(ids)]
    n = len(cur)
    codes, ok = _codes(cur, known)
    same = known.same[ok]
    order = np.argsort(codes, kind="stable")
    codes, same = codes[order], same[order]
    dropped = bool((~ok).any())
    if not i_idx.size:
        return {}, _verdicts(cur, codes, same), dropped

    def lookup(c: np.ndarray) -> np.ndarray:
        """-1 unknown, 0 no, 1 yes for each pair code."""
        if not codes.size:
            return np.full(c.size, -1, np.int8)
        at = np.minimum(np.searchsorted(codes, c), codes.size - 1)
        return np.where(codes[at] == c, same[at].astype(np.int8), np.int8(-1))

    i64, j64 = i_idx.astype(np.int64), j_idx.astype(np.int64)
    v = lookup(i64 * n + j64)
    unknown = np.flatnonzero(v < 0)
    mirror = lookup(j64[unknown] * n + i64[unknown])  # overlap is symmetric
    v[unknown] = mirror
    heads = np.flatnonzero(np.r_[True, i_idx[1:] != i_idx[:-1]])
    run = np.cumsum(np.r_[True, i_idx[1:] != i_idx[:-1]]) - 1
    pos = np.arange(i_idx.size)
    first_yes = np.full(heads.size, i_idx.size)
    np.minimum.at(first_yes, run[v == 1], pos[v == 1])
    todo = np.flatnonzero((v < 0) & (pos < first_yes[run]))
    added_codes: list[int] = []
    added_same: list[bool] = []
    if todo.size:
        needed = np.unique(np.concatenate([i_idx[todo], j_idx[todo]]))
        texts = fetch([ids[k] for k in needed.tolist()])
        full_sets: dict[int, np.ndarray] = {}

        def full(k: int) -> np.ndarray:
            if k not in full_sets:
                full_sets[k] = shingle_hashes(texts[ids[k]])
            return full_sets[k]

        done_runs: set[int] = set()
        measured: dict[tuple[int, int], bool] = {}
        for k in todo.tolist():  # ascending: within a run, stop at its first match
            r = int(run[k])
            if r in done_runs:
                continue
            i, j = int(i_idx[k]), int(j_idx[k])
            hit = measured.get((j, i))  # the mirror pair measured in this walk
            if hit is None:
                hit = bool(overlap(full(i), full(j)) >= threshold)
            measured[(i, j)] = hit
            v[k] = hit
            added_codes.append(i * n + j)
            added_same.append(hit)
            if hit:
                done_runs.add(r)
        first_yes = np.full(heads.size, i_idx.size)
        np.minimum.at(first_yes, run[v == 1], pos[v == 1])
    found = first_yes[first_yes < i_idx.size]
    result = {ids[i]: ids[j] for i, j in zip(i_idx[found].tolist(), j_idx[found].tolist(), strict=True)}
    if added_codes:
        codes = np.concatenate([codes, np.array(added_codes, np.int64)])
        same = np.concatenate([same, np.array(added_same, bool)])
    return result, _verdicts(cur, codes, same), dropped or bool(added_codes)


def _verdicts(cur: np.ndarray, codes: np.ndarray, same: np.ndarray) -> Verdicts:
    n = max(len(cur), 1)
    return Verdicts(cur, (codes // n).astype(np.int32), (codes % n).astype(np.int32), same)
