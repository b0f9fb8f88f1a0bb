"""Near-duplicate detection (dashboard/pipeline/build/dedupe.py)."""

from __future__ import annotations

from pathlib import Path

import opencc

from dashboard.pipeline.build.dedupe import near_duplicates, normalise, overlap, shingle_hashes

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def seeds() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


def test_unrelated_articles_are_not_flagged() -> None:
    assert near_duplicates(seeds()) == {}


def test_repost_with_other_header_and_footer_is_flagged() -> None:
    texts = seeds()
    body = texts["003_9a8bb0b1d576408f"]
    lines = body.splitlines()
    repost = (
        "转载自某某网\n作者：某某\n" + "\n".join(lines[4:-12]) + "\n本文仅代表作者观点。\n责任编辑：某某\n"
    )
    texts["zz_repost"] = repost
    found = near_duplicates(texts)
    assert found == {"003_9a8bb0b1d576408f": "zz_repost", "zz_repost": "003_9a8bb0b1d576408f"}


def test_traditional_script_repost_is_flagged() -> None:
    texts = seeds()
    texts["zz_trad"] = opencc.OpenCC("s2t").convert(texts["003_9a8bb0b1d576408f"])
    assert near_duplicates(texts).get("zz_trad") == "003_9a8bb0b1d576408f"


def test_maps_to_smallest_other_id() -> None:
    base = seeds()["001_175f4188e638df5d"]
    texts = {"b": base, "c": base + "\n附：读者来信一则。", "a": "前言。\n" + base}
    assert near_duplicates(texts) == {"a": "b", "b": "a", "c": "a"}


def test_threshold_and_partial_overlap() -> None:
    texts = seeds()
    a, b = texts["000_6d16e24057d56e23"], texts["004_4b42c23983a1bce1"]
    half = a[: len(a) // 2] + b[: len(b) // 2]
    pair = {"a": a, "mix": half}
    # half of "mix" comes from "a": about 0.5 containment, flagged only at a low threshold
    assert near_duplicates(pair, threshold=0.8) == {}
    assert near_duplicates(pair, threshold=0.3) == {"a": "mix", "mix": "a"}


def test_short_texts_are_ignored() -> None:
    assert near_duplicates({"a": "芯片禁令", "b": "芯片禁令。"}) == {}


def test_shingles_are_stable_and_normalised() -> None:
    assert normalise("美國 晶片,NVIDIA!") == "美国晶片nvidia"
    a = shingle_hashes("美国商务部宣布新的芯片出口管制")
    b = shingle_hashes("美國商務部宣布新的芯片出口管制。")
    assert overlap(a, b) == 1.0
    assert a.tolist() == shingle_hashes("美国商务部宣布新的芯片出口管制").tolist()


def test_candidates_are_the_same_whatever_the_block_size() -> None:
    """The pair search runs a block of rows at a time (bounded memory); blocks never change the pairs."""
    import numpy as np

    from dashboard.pipeline.build.dedupe import _candidates

    rng = np.random.default_rng(7)
    pool = rng.integers(0, 2**63, 400, dtype=np.uint64)  # shared shingles: many overlapping pairs
    samples = [np.unique(rng.choice(pool, rng.integers(0, 60))) for _ in range(150)]
    whole = _candidates(samples, 0.8, block=len(samples))
    assert whole[0].size > 20  # the case exercises real candidates
    for block in (1, 7, 64):
        got = _candidates(samples, 0.8, block=block)
        assert np.array_equal(got[0], whole[0]) and np.array_equal(got[1], whole[1])
