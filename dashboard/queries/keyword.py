"""Keyword search: the articles whose title or text contains a keyword, or whose terms match it.

Titles are searched as one joined string, canonical terms and their merged surface forms through
the term index, paragraph text through the text index when it is ready (else a DuckDB scan).
"""

from __future__ import annotations

import bisect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from dashboard.store import Tables
from dashboard.store.names import merged_terms
from dashboard.store.textindex import TextIndex, keyword_keys


@cache
def _simplifier():
    # only to match a traditional keyword against canonical (simplified) terms; not the pipeline
    try:
        import opencc

        return opencc.OpenCC("tw2sp")
    except Exception:  # pragma: no cover - opencc is a declared dependency
        return None


def keyword_variants(q: str) -> set[str]:
    """The keyword as typed, lower-cased, and in simplified script."""
    out = {q, q.lower()}
    conv = _simplifier()
    if conv is not None:
        out.add(conv.convert(q))
    return {v for v in out if v}


@dataclass(frozen=True)
class Hits:
    """What a keyword finds: article positions (sorted, read-only) and the ids of paragraph-text
    hits that have no row in the articles table (kept so the answer is the full scan's)."""

    positions: np.ndarray
    others: frozenset[str]


def _keyword_hits(tables: Tables, q: str) -> Hits:
    variants = sorted(keyword_variants(q))
    hit = np.zeros(len(tables.articles), dtype=bool)
    others: set[str] = set()
    # paragraph text: only article_id and text are read
    tests = _text_tests(variants)
    index = tables.jobs.ready("text-index")  # used once built; a scan answers meanwhile
    # the text is searched in a thread (the full scan runs in DuckDB, without the GIL) while titles
    # and terms are matched here
    with ThreadPoolExecutor(max_workers=1) as pool:
        if index is not None:
            scan = pool.submit(_indexed_scan, tables, index, tests)
        else:
            scan = pool.submit(_keyword_text_scan, tables, tests)
        for v in variants:
            hit[title_hits(tables, v.lower())] = True
        # canonical terms, or their merged surface forms, equal to a variant; and the term the
        # pipeline merges the keyword into (any script, alias or capitalisation: NVIDIA = Nvidia)
        forms = tables.forms
        terms = set(forms.loc[forms["term"].isin(variants) | forms["form"].isin(variants), "term"]) | (
            set(variants) & set(tables.index.vocab)
        )
        terms |= merged_terms(tables, q)
        for term in sorted(terms):
            hit[term_positions(tables, term)] = True
        found = scan.result()
    if found is None:  # a keyword the index cannot narrow
        index, found = None, _keyword_text_scan(tables, tests)
    if index is not None:  # article slots of the text index
        pos = slot_positions(tables, index)[found]
        others = set(index.ids[found[pos < 0]])
        hit[pos[pos >= 0]] = True
    else:  # article ids
        pos = tables.positions.get_indexer(pd.Index(found, dtype=object))
        others = {a for a, p in zip(found, pos.tolist(), strict=True) if p < 0}
        hit[pos[pos >= 0]] = True
    positions = np.flatnonzero(hit)
    positions.setflags(write=False)
    return Hits(positions, frozenset(others))


def slot_positions(tables: Tables, index: TextIndex) -> np.ndarray:
    """The article position of each slot of the text index (-1: no row in the articles table)."""
    return tables.once(
        f"slot-positions-{id(index)}",
        lambda: tables.positions.get_indexer(pd.Index(index.ids, dtype=object)).astype(np.int64),
    )


def position_slots(tables: Tables, index: TextIndex) -> np.ndarray:
    """The text index slot of each article position (-1: not in the index)."""

    def make() -> np.ndarray:
        slots = slot_positions(tables, index)
        out = np.full(len(tables.articles), -1, dtype=np.int64)
        held = np.flatnonzero(slots >= 0)
        out[slots[held]] = held
        return out

    return tables.once(f"position-slots-{id(index)}", make)


def _text_tests(variants: list[str]) -> list[tuple[str, str]]:
    """How the text must contain each variant: ("contains", v) exactly, or ("ilike", v) in any case.

    Chinese has no case, so a plain substring test suffices unless the variant has cased letters.
    """
    tests = []
    for v in variants:
        if v != v.lower() and v.isascii() and v.lower() in variants:
            continue  # case is ignored: the lower-case variant's test matches the same rows
        tests.append(("contains", v) if v.lower() == v.upper() else ("ilike", v))
    return tests


def _indexed_scan(tables: Tables, index: TextIndex, tests: list[tuple[str, str]]) -> np.ndarray | None:
    """The full scan's answer as text index slots (sorted), matching only the articles the index
    cannot rule out; None for a keyword the index cannot narrow (empty when lower-cased, or
    holding NUL).

    ``ILIKE '%v%'`` is DuckDB's ``lower(text) LIKE lower('%v%')``, so on the candidates it is
    tested as ``contains(lower(text), lower(v))`` on the text the index holds lower-cased by
    DuckDB: the same rows, without LIKE's pattern matcher or lower-casing per query.
    """
    keys: list[np.ndarray] = []
    needles: dict[bool, list[str]] = {False: [], True: []}  # lower-cased text? → substrings
    for kind, v in tests:
        low = tables.query("SELECT lower(?)", [v]).fetchall()[0][0]
        if not low or "\x00" in low:  # not indexable: the caller scans all text
            return None
        keys.append(keyword_keys(low))
        needles[kind != "contains"].append(v if kind == "contains" else low)
    slots = index.candidates(keys)
    found = [index.matching(slots, subs, lower=lower) for lower, subs in needles.items() if subs]
    return np.unique(np.concatenate(found)) if found else np.array([], np.int64)


def _keyword_text_scan(tables: Tables, tests: list[tuple[str, str]]) -> list[str]:
    """Articles whose paragraph text passes any of the tests: a scan of the whole paragraphs table."""
    conds = ["contains(text, ?)" if kind == "contains" else "text ILIKE ? ESCAPE '\\'" for kind, _ in tests]
    params = [
        v
        if kind == "contains"
        else "%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for kind, v in tests
    ]
    rows = tables.query(f"SELECT DISTINCT article_id FROM paragraphs WHERE {' OR '.join(conds)}", params)
    return [r[0] for r in rows.fetchall()]


def prepare(tables: Tables) -> None:
    """Load what the first keyword search would otherwise wait for (a few tenths of a second at
    10⁵ articles): the lowered titles, the OpenCC converter, the pipeline's term segmenter and the
    lookup of lower-cased terms and forms, and the text index's article positions when it is mapped."""
    lower_titles(tables)
    keyword_variants("晶片")
    merged_terms(tables, "晶片")
    index = tables.jobs.ready("text-index")  # never waited for: a cache-built index waits for this warm-up
    if index is not None:
        slot_positions(tables, index)


def lower_titles(tables: Tables) -> tuple[str, list[int]]:
    """Every article's title lower-cased (missing as empty), each followed by NUL, in one string;
    and where each title starts (plus the end). Computed once."""

    def make() -> tuple[str, list[int]]:
        titles = tables.articles["title"].fillna("").str.lower().tolist()
        lengths = np.fromiter((len(t) + 1 for t in titles), dtype=np.int64, count=len(titles))
        return "".join(t + "\x00" for t in titles), [0, *np.cumsum(lengths).tolist()]

    return tables.once("lower-titles", make)  # kept for the dataset (not in the LRU): every keyword needs it


def title_hits(tables: Tables, needle: str) -> list[int]:
    """Positions of the articles whose lower-cased title contains ``needle`` (a plain substring test).

    One search over all titles joined by NUL instead of a test per title: a needle without NUL
    cannot match across two titles.
    """
    joined, starts = lower_titles(tables)
    if not needle:
        return list(range(len(starts) - 1))
    if "\x00" in needle:
        return [k for k in range(len(starts) - 1) if needle in joined[starts[k] : starts[k + 1] - 1]]
    out: list[int] = []
    at = joined.find(needle)
    while at >= 0:
        k = bisect.bisect_right(starts, at) - 1
        out.append(k)
        at = joined.find(needle, starts[k + 1])
    return out


def term_rows(tables: Tables, term: str) -> np.ndarray | None:
    """The term index rows of ``term`` (kept in the dataset's LRU), None when it is not in the vocabulary."""
    idx = tables.index
    at = int(np.searchsorted(idx.vocab, term)) if len(idx.vocab) else 0
    if at >= len(idx.vocab) or idx.vocab[at] != term:
        return None
    return tables.memo.get(("term_rows", term), lambda: np.flatnonzero(idx.tid == at))


def term_positions(tables: Tables, term: str) -> np.ndarray:
    """Article positions of every index row of ``term`` (empty when it is not in the vocabulary)."""
    rows = term_rows(tables, term)
    return np.array([], np.int32) if rows is None else tables.index.articles_of(rows)


def keyword_hits(tables: Tables, q: str) -> Hits:
    """Articles whose title or text contains the keyword, or whose terms match it (any script),
    kept per keyword in the dataset's LRU."""
    return tables.memo.get(("q", q), lambda: _keyword_hits(tables, q))


def keyword_positions(tables: Tables, q: str) -> np.ndarray:
    """Positions (in ``tables.articles``) of the articles the keyword finds, sorted."""
    return keyword_hits(tables, q).positions


def keyword_article_ids(tables: Tables, q: str) -> set[str]:
    """Ids of the articles whose title or text contains the keyword, or whose terms match it (any
    script), including paragraph text of articles missing from the articles table."""
    hits = keyword_hits(tables, q)
    return set(tables.positions[hits.positions]) | hits.others
