"""The safety rule (kept_would_empty): no rule removes an article's last substantial body text."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from ..records import RemovedLine
from ..schema import Rule
from .lines import Line, overlap


def _substantial(text: str, total: int, cfg: dict) -> bool:
    """Body text a reader would miss: a sentence (sentence-final punctuation, long enough) or a
    large share of the article's characters."""
    t = text.strip()
    if len(t) >= cfg.get("min_sentence_chars", 20) and re.search(r"[。！？!?]|[a-z][.!?](?:\s|$)", t):
        return True
    return total > 0 and len(t) >= max(cfg.get("min_share_chars", 40), cfg.get("min_share", 0.3) * total)


def keep_last_body(lines: list[Line], cfg: dict) -> None:
    """The general safety rule: no rule removes an article's last substantial body text. When
    nothing substantial would be left, the substantial lines cut by rules that judge by position
    or vocabulary are kept; failing those, the ones cut by any rule whose lines can hold prose
    (each logged as kept_would_empty)."""
    total = sum(len(ln.text) for ln in lines)
    if any(ln.free and _substantial(ln.text, total, cfg) for ln in lines):
        return
    soft = set(cfg.get("soft_rules", ()))
    never = set(cfg.get("never_restored", ()))
    restore = [ln for ln in lines if ln.rule in soft and _substantial(ln.text, total, cfg)]
    if not restore:
        restore = [
            ln for ln in lines if ln.rule and ln.rule not in never and _substantial(ln.text, total, cfg)
        ]
    for ln in restore:
        ln.cuts = [*ln.cuts, RemovedLine(ln.no, ln.text, Rule.KEPT_WOULD_EMPTY)]
        ln.rule = None
        ln.role = None


def body_follows(lines: list[Line], k: int, cfg: dict) -> bool:
    """True when substantial text sharing the body's vocabulary follows line ``k``."""
    vocab: Counter[str] = Counter(chain.from_iterable(ln.bigrams() for ln in lines[:k] if ln.free))
    min_len = cfg.get("body_min_len", 40)
    min_overlap = cfg.get("body_min_overlap", 0.3)
    hits = sum(
        1
        for ln in lines[k + 1 :]
        if ln.free and len(ln.text) >= min_len and overlap(ln, vocab) >= min_overlap
    )
    return hits >= 2
