"""The incremental pair search (``update_candidates``) finds exactly the pairs of a full search."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.pipeline.build import dedupe


def _corpus(seed: int, n: int) -> tuple[list[str], list[np.ndarray]]:
    """Families of reposts (2–9 copies sharing most of a text's shingles), own text and boilerplate."""
    rng = np.random.default_rng(seed)
    common = rng.integers(0, 2**63, 30, dtype=np.uint64)
    ids = sorted({f"{rng.integers(0, 2**60):016x}" for _ in range(n)})
    samples, family, left = [], None, 0
    for _ in ids:
        if left == 0:
            family, left = rng.integers(0, 2**63, 40, dtype=np.uint64), int(rng.integers(2, 10))
        left -= 1
        parts = [
            rng.choice(family, int(rng.integers(25, 41)), replace=False),
            rng.integers(0, 2**63, int(rng.integers(0, 15)), dtype=np.uint64),
            rng.choice(common, int(rng.integers(0, 5))),
        ]
        samples.append(np.unique(np.concatenate(parts)) if rng.random() > 0.05 else np.empty(0, np.uint64))
    return ids, samples


def _subset(ids, samples, keep):
    picked = [(a, s) for a, s in zip(ids, samples, strict=True) if keep(a)]
    return [a for a, _ in picked], [s for _, s in picked]


def _same(got, want) -> None:
    assert got is not None
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


@pytest.mark.parametrize("max_posting", [dedupe.MAX_POSTING, 6, 12])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_added_and_removed_articles_give_the_full_search_pairs(monkeypatch, seed, max_posting) -> None:
    """Small MAX_POSTING values make added/removed articles push shingles across the limit."""
    monkeypatch.setattr(dedupe, "MAX_POSTING", max_posting)
    monkeypatch.setattr(dedupe, "INCREMENTAL_SHARE", 1.0)
    ids, samples = _corpus(seed, 400)
    rng = np.random.default_rng(seed + 100)
    before = set(rng.choice(ids, 360, replace=False).tolist())
    base = dedupe.build_index(*_subset(ids, samples, before.__contains__))
    assert base.cand_i.size > 20
    gone = set(rng.choice(sorted(before), 15, replace=False).tolist())
    for keep in (
        lambda a: True,  # only additions
        lambda a: a in before and a not in gone,  # only removals
        lambda a: a not in gone,  # both
        before.__contains__,  # nothing changed
    ):
        now_ids, now_samples = _subset(ids, samples, keep)
        want = dedupe._candidates(now_samples, 0.8)
        _same(dedupe.update_candidates(base, now_ids, now_samples), want)


def test_too_many_changes_or_other_samples_fall_back_to_a_full_search() -> None:
    ids, samples = _corpus(5, 300)
    base = dedupe.build_index(ids[:100], samples[:100])
    assert dedupe.update_candidates(base, ids, samples) is None  # 200 new of 300: more than 10 %
    other = [np.unique(np.concatenate([s, np.array([7], np.uint64)])) for s in samples]
    assert dedupe.update_candidates(dedupe.build_index(ids, samples), ids, other) is None


def test_index_round_trips_and_is_keyed(tmp_path) -> None:
    ids, samples = _corpus(9, 120)
    index = dedupe.build_index(ids, samples)
    dedupe.store_index(tmp_path, index, "k1")
    assert dedupe.load_index(tmp_path, "k2") is None
    got = dedupe.load_index(tmp_path, "k1")
    for name in dedupe.INDEX_ARRAYS:
        assert np.array_equal(getattr(got, name), getattr(index, name))
    dedupe.store_index(tmp_path, dedupe.build_index(ids[:50], samples[:50]), "k1")
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1  # the previous one is dropped
    assert dedupe.load_index(tmp_path, "k1").ids.size == 50


def _texts(seed: int, n: int) -> dict[str, str]:
    """Families of near-identical texts (a few characters changed) and unrelated ones."""
    rng = np.random.default_rng(seed)
    chars = np.array(list("芯片出口管制半导体产业链台积电英伟达光刻机晶圆代工市场需求供应美国中国日本韩国"))
    texts: dict[str, str] = {}
    while len(texts) < n:
        base = rng.choice(chars, 400)
        for _ in range(int(rng.integers(1, 5))):
            copy = base.copy()
            flip = rng.integers(0, copy.size, int(rng.integers(0, 60)))
            copy[flip] = rng.choice(chars, flip.size)
            text = "".join(copy.tolist())
            texts[f"{rng.integers(0, 2**60):016x}"] = text
    return texts


@pytest.mark.parametrize("seed", [4, 5])
def test_kept_verdicts_give_the_same_near_duplicates(seed) -> None:
    """The array-based walk with earlier verdicts equals the plain one, whatever is already known."""
    texts = _texts(seed, 120)
    ids = sorted(texts)
    samples = [dedupe.sample_shingles(texts[a]) for a in ids]
    fetched: list[int] = []

    def fetch(wanted):
        fetched.append(len(wanted))
        return {a: texts[a] for a in wanted}

    want = dedupe.near_duplicates_from_samples(ids, samples, fetch)
    assert 5 < len(want) < len(ids)
    pairs = dedupe._candidates(samples, 0.8)
    got, verdicts, changed = dedupe.near_duplicates_kept(ids, pairs, fetch, dedupe.Verdicts.empty())
    assert got == want and changed and verdicts.a.size > 0

    fetched.clear()
    again, same_verdicts, changed = dedupe.near_duplicates_kept(ids, pairs, fetch, verdicts)
    assert again == want and not changed and fetched == []  # everything known: no text read

    # some articles gone and some verdicts forgotten: the rest is measured again
    keep = [k for k, a in enumerate(ids) if k % 7]
    sub_ids = [ids[k] for k in keep]
    sub_samples = [samples[k] for k in keep]
    half = dedupe.Verdicts(verdicts.names, verdicts.a[::2], verdicts.b[::2], verdicts.same[::2])
    sub_want = dedupe.near_duplicates_from_samples(sub_ids, sub_samples, fetch)
    sub_pairs = dedupe._candidates(sub_samples, 0.8)
    sub_got, _, changed = dedupe.near_duplicates_kept(sub_ids, sub_pairs, fetch, half)
    assert sub_got == sub_want and changed
