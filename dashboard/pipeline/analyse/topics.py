"""Topics: which chip-war themes a paragraph and an article are about (one job: topics).

Topics, their keywords and the thresholds live in ``data/lexicon/topics.toml``; the rule is
documented there. Input is the canonical term counts the terms stage produces per paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from itertools import compress

from ..lexicon import read_toml
from ..records import Columns, Paragraph

TOPICS_FILE = "topics.toml"


def _norm(term: str) -> str:
    # terms are canonical already; lower-casing only guards Latin terms (H20 vs h20)
    return term.strip().lower()


@cache
def _config() -> tuple[dict[str, dict], dict[str, float]]:
    raw = read_toml(TOPICS_FILE)
    topics: dict[str, dict] = {}
    for t in raw.get("topic", []):
        strong = [_norm(k) for k in t.get("strong", [])]
        keywords = list(dict.fromkeys(strong + [_norm(k) for k in t.get("keywords", [])]))
        topics[t["id"]] = {
            "label": t.get("label", t["id"]),
            "label_zh": t.get("label_zh", ""),
            "label_zh_hant": t.get("label_zh_hant", ""),
            "short": t.get("short", ""),
            "keywords": keywords,
            "strong": strong,
        }
    rule = {
        "paragraph_min_keywords": 2,
        "article_min_hits": 3,
        "article_min_share": 0.08,
        **raw.get("rule", {}),
    }
    return topics, rule


def load_topics() -> dict[str, dict]:
    """Topic id → {label, label_zh, label_zh_hant, short, keywords, strong}, in file order (keywords include strong ones)."""
    topics, _ = _config()
    return {
        tid: {**t, "keywords": list(t["keywords"]), "strong": list(t["strong"])} for tid, t in topics.items()
    }


@cache
def _keyword_index() -> dict[str, tuple[tuple[str, bool], ...]]:
    """Keyword → (topic id, strong?) for every topic listing it: a paragraph's few terms are
    looked up once each instead of testing every keyword of every topic."""
    topics, _ = _config()
    index: dict[str, list[tuple[str, bool]]] = {}
    for tid, t in topics.items():
        strong = set(t["strong"])
        for k in t["keywords"]:  # distinct per topic (deduplicated in _config)
            index.setdefault(k, []).append((tid, k in strong))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1 << 16)  # a corpus has far fewer distinct terms than term occurrences
def _keyword_of(term: str) -> str:
    """The keyword ``term`` counts as (normalised), or "" when no topic lists it."""
    key = _norm(term)
    return key if key in _keyword_index() else ""


def _keyword_counts(terms: Mapping[str, int]) -> Iterator[tuple[str, int]]:
    """(keyword, count) for the terms that are keywords; the per-term lookup is one cached call
    mapped in C, so only the few keyword terms reach Python code."""
    keys = list(map(_keyword_of, terms))
    return compress(zip(keys, terms.values(), strict=True), keys)


def paragraph_topics(terms: Mapping[str, int]) -> list[str]:
    """Topic ids for one paragraph: ≥ N distinct keywords, or one strong keyword (file order)."""
    topics, rule = _config()
    index = _keyword_index()
    hits: dict[str, int] = {}
    strong_hit: set[str] = set()
    for key in {key for key, count in _keyword_counts(terms) if count and count > 0}:
        for tid, strong in index[key]:
            hits[tid] = hits.get(tid, 0) + 1
            if strong:
                strong_hit.add(tid)
    if not hits:
        return []
    need = rule["paragraph_min_keywords"]
    return [tid for tid in topics if hits.get(tid, 0) >= need or tid in strong_hit]


def topic_hits(paragraph_terms: Sequence[Mapping[str, int]]) -> dict[str, int]:
    """Keyword occurrences per topic over all paragraphs (every topic id present, file order)."""
    topics, _ = _config()
    index = _keyword_index()
    total: dict[str, int] = {}
    for terms in paragraph_terms:
        for key, count in _keyword_counts(terms):
            if count and count > 0:
                total[key] = total.get(key, 0) + int(count)
    hits = dict.fromkeys(topics, 0)
    for key, n in total.items():
        for tid, _ in index[key]:  # a keyword is listed once per topic
            hits[tid] += n
    return hits


def article_topics(paragraph_terms: Sequence[Mapping[str, int]]) -> list[str]:
    """Topic ids for an article: ≥ min hits and ≥ min share of all topic hits (file order)."""
    _, rule = _config()
    hits = topic_hits(paragraph_terms)
    all_hits = sum(hits.values())
    if not all_hits:
        return []
    return [
        tid
        for tid, n in hits.items()
        if n >= rule["article_min_hits"] and n / all_hits >= rule["article_min_share"]
    ]


def term_maps(
    paragraphs: Sequence[Paragraph], term_rows: Iterable[Mapping] | Columns
) -> list[dict[str, int]]:
    """Per paragraph, {term: count} from its ``terms`` rows (empty for paragraphs that do not count)."""
    maps: dict[int, dict[str, int]] = {p.index: {} for p in paragraphs}
    if isinstance(term_rows, Columns):
        cols = term_rows.data
        for para, term, count in zip(cols["paragraph"], cols["term"], cols["count"], strict=True):
            maps[para][term] = count
    else:
        for row in term_rows:
            maps[row["paragraph"]][row["term"]] = row["count"]
    return [maps[p.index] for p in paragraphs]
