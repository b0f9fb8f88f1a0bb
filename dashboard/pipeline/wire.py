"""Wire-copy datelines: which agency wrote an article (one job: read the dateline).

``find_dateline(paragraphs)`` looks at the first kept paragraphs for a dateline such as
``新华社北京9月18日电``, ``【中央社台北15日電】``, ``（法新社巴黎3日電）`` or ``TAIPEI, May 21 (Reuters) -``
and returns the agency (the canonical name of its ``outlets.csv`` row) with where it stands. The
agency is the article's ``wire_agency`` and a cited outlet (``citation_row``); it is not the page's
publisher unless nothing else names one (that fallback lives in ``metadata.find_masthead``).
Agencies and patterns live in ``data/lexicon/wire_datelines.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import read_csv, read_toml
from .script import to_simplified

LEXICON = "wire_datelines.toml"
OUTLETS_FILE = "outlets.csv"
_SENTENCE_END_RE = re.compile(r"[。！？!?]|[.](?:\s|$)")


@dataclass(frozen=True)
class Dateline:
    """An agency dateline in paragraph ``paragraph`` at ``[start, end)`` (offsets of the name)."""

    agency: str
    paragraph: int
    start: int
    end: int


@cache
def _config() -> dict:
    return read_toml(LEXICON)


@cache
def _names() -> dict[str, str]:
    """Every spelling (simplified for Chinese) → canonical agency name."""
    out: dict[str, str] = {}
    for row in _config().get("agency", []):
        for name in row.get("names", []):
            out[to_simplified(name)] = row["canonical"]
    return out


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    names = _names()
    zh = _alternation([n for n in names if not n.isascii()])
    en = _alternation([n for n in names if n.isascii()])
    pats = _config().get("patterns", {})
    out = [re.compile(p.replace("{zh}", zh)) for p in pats.get("zh", [])]
    out += [re.compile(p.replace("{en}", en)) for p in pats.get("en", [])]
    return tuple(out)


def find_dateline(paragraphs: list[str]) -> Dateline | None:
    """The first agency dateline opening one of the first ``max_paragraphs`` paragraphs."""
    for i, text in enumerate(paragraphs[: _config().get("max_paragraphs", 4)]):
        # simplified conversion keeps length (one character for one), so offsets carry over
        simp = to_simplified(text)
        forms = (text, simp) if len(simp) == len(text) and simp != text else (text,)
        for form in forms:
            for pat in _patterns():
                m = pat.match(form)
                if m:
                    return Dateline(_names()[m.group("agency")], i, m.start("agency"), m.end("agency"))
    return None


@cache
def _outlet_info() -> dict[str, tuple[str, str | None]]:
    return {
        r["canonical"]: (r.get("type") or "media", r.get("country") or None) for r in read_csv(OUTLETS_FILE)
    }


def citation_row(article_id: str, paragraph_index: int, text: str, line: Dateline) -> dict:
    """The dateline as a citations row (same columns as ``sources.extract_citations`` rows)."""
    kind, country = _outlet_info().get(line.agency, ("media", None))
    end = _SENTENCE_END_RE.search(text, line.end)
    return {
        "article_id": article_id,
        "paragraph": paragraph_index,
        "outlet": line.agency,
        "surface": text[line.start : line.end],
        "type": kind,
        "country": country,
        "known": line.agency in _outlet_info(),
        "sentence": text[: end.end() if end else len(text)].strip(),
    }
