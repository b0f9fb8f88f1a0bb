"""Topics: lexicon shape, paragraph rule (2 keywords or 1 strong), article rule (hits and share)."""

from __future__ import annotations

from pathlib import Path

from dashboard.pipeline.analyse.topics import article_topics, load_topics, paragraph_topics, topic_hits
from dashboard.pipeline.lexicon import read_csv, read_toml
from dashboard.pipeline.script import to_simplified

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def test_lexicon_shape_and_order():
    topics = load_topics()
    ids = [t["id"] for t in read_toml("topics.toml")["topic"]]
    canonical = {row["canonical"] for row in read_csv("aliases.csv")}
    assert list(topics) == ids
    assert 8 <= len(topics) <= 14
    for tid, t in topics.items():
        assert t["label"] and t["label_zh"], tid
        assert t["keywords"], tid
        assert set(t["strong"]) <= set(t["keywords"]), tid
        # simplified like the terms stage counts them (canonical names such as 昇腾 are kept as is)
        assert all(k == k.lower() and (k == to_simplified(k) or k in canonical) for k in t["keywords"]), tid
    assert {"export_controls", "nvidia_china", "huawei_domestic", "energy", "taiwan"} <= set(topics)


def test_one_strong_keyword_is_enough():
    assert paragraph_topics({"出口管制": 1, "美国": 3}) == ["export_controls"]


def test_two_plain_keywords_are_needed():
    assert "energy" not in paragraph_topics({"电池": 1, "美国": 2})
    assert "energy" in paragraph_topics({"电池": 1, "功耗": 1})


def test_repetition_of_one_plain_keyword_is_not_enough():
    assert "energy" not in paragraph_topics({"电池": 5})


def test_latin_terms_are_case_insensitive():
    assert "nvidia_china" in paragraph_topics({"H20": 1})
    assert "ai_compute" in paragraph_topics({"DeepSeek": 2})


def test_paragraph_topics_follow_file_order():
    result = paragraph_topics({"台海": 1, "英伟达": 1, "关税": 1, "出口管制": 1})
    order = list(load_topics())
    assert result == sorted(result, key=order.index)
    assert result == ["export_controls", "nvidia_china", "trade_war", "taiwan"]


def test_empty_and_zero_counts():
    assert paragraph_topics({}) == []
    assert paragraph_topics({"英伟达": 0}) == []
    assert article_topics([]) == []
    assert article_topics([{}, {"美国": 4}]) == []


def test_article_needs_minimum_hits():
    # two hits of a strong keyword: below the article minimum of 3
    assert article_topics([{"关税": 1}, {"关税": 1}]) == []
    assert article_topics([{"关税": 2}, {"贸易战": 1}]) == ["trade_war"]


def test_article_drops_passing_mentions():
    paras = [{"英伟达": 20, "h20": 20, "黄仁勋": 20}, {"台积电": 3}]
    hits = topic_hits(paras)
    assert hits["manufacturing"] == 3
    assert article_topics(paras) == ["nvidia_china"]  # 3 of 63 hits is under the share


def test_seed_004_is_about_energy_and_huawei():
    # simple substring counting on the simplified text stands in for the terms stage
    keywords = sorted({k for t in load_topics().values() for k in t["keywords"]})
    path = next(RAW.glob("004_*.txt"))
    paras = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = to_simplified(line).lower()
        paras.append({k: text.count(k) for k in keywords if k in text})
    topics = article_topics(paras)
    assert "energy" in topics
    assert "huawei_domestic" in topics
    assert "taiwan" not in topics


def test_paragraph_topics_equals_the_keyword_by_keyword_rule():
    import random

    topics = load_topics()
    rule = {"paragraph_min_keywords": 2, **read_toml("topics.toml").get("rule", {})}
    words = sorted({k for t in topics.values() for k in t["keywords"]}) + ["无关", "other"]
    rnd = random.Random(5)
    for _ in range(300):
        terms = {w: rnd.choice([0, 1, 2]) for w in rnd.sample(words, rnd.randint(0, 6))}
        present = {w.strip().lower() for w, n in terms.items() if n > 0}
        expected = [
            tid
            for tid, t in topics.items()
            if sum(k in present for k in t["keywords"]) >= rule["paragraph_min_keywords"]
            or any(k in present for k in t["strong"])
        ]
        assert paragraph_topics(terms) == expected
