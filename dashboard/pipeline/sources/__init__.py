"""Cited sources: which outlets and organisations a paragraph cites (one job: citations).

Rules, in order (knowledge lives in ``data/lexicon/outlets.csv`` and ``citation_cues.toml``):

1. Known names. Every alias in ``outlets.csv`` is matched on the paragraph converted to simplified
   (``script.to_simplified``), Latin aliases case-insensitively on word boundaries; overlapping
   matches resolve to the longest. A known name is a CITATION when
   - it stands inside 《》 (美國《財富》雜誌, 《金融時報》), or
   - a reporting cue introduces it (据X报道, 根据X, 接受X采访, according to X, told X) or follows it
     (X报道称, X表示, X官员指出, X数据显示, X said, X's report), or it opens a headline before a
     colon (国家卫健委：…), or
   - the paragraph is a reference line (参考资料: …, Source: …, a numbered item of a reference list,
     a "title——X" attribution), or
   - its type is media or research and its alias is not marked ambiguous (``~`` in the CSV):
     naming a news organisation or a research house is citing it.
   Government, company and platform names need one of the first three, because "the Commerce
   Department banned…" or "Nvidia sells…" is news about them, not a source.
2. Unknown names (``known=False``, type ``unknown``), found by patterns only: 据X报道, X报道称,
   《X》 followed by a reporting verb, according to X, X reported, X分析师 (X Latin), "——X" and
   "公众号:X" in reference lines. Stop lists in ``citation_cues.toml`` reject pronouns, people,
   generic words (外媒, 消息) and documents (…法案, …报告); a 《X》 after 题为 is an article title.
3. The article's own publisher is never a citation of itself, nor is an outlet that signs a
   paragraph as its byline (新京报讯, 某报(记者 王某), 某报／记者王某／台北报导; ``byline.py``)
   while no other publisher is known; on a site that reposts it, that paper is the cited original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ..script import to_simplified
from .byline import is_own_byline, signs_as_byline
from .fold import OffsetMap, ascii_lower, fold_chars, fold_text
from .outlets import CUES_FILE, OUTLETS_FILE, Citation, Match, Outlet, cue_lists, fold_key, known_outlets
from .patterns import (
    DAMAGE,
    STRADDLE_MIN_FREQ,
    bracketed_span,
    cued,
    discover,
    inside_word,
    is_alnum_ascii,
    known_matches,
    publisher_outlets,
    recover_damaged,
    rejected_name,
    sentence_around,
)

# ---------------------------------------------------------------- public API

__all__ = [
    "CUES_FILE",
    "OUTLETS_FILE",
    "STRADDLE_MIN_FREQ",
    "Citation",
    "Outlet",
    "cite_paragraphs",
    "extract_citations",
    "is_reference_line",
    "outlet_prefix",
    "is_channel_words",
    "resolve_shared_names",
    "signs_as_byline",
]


# a masthead's channel names after the outlet's name, set off by a space: up to three short
# words (am730 本地, 星島頭條 即時 港聞, 星岛日报 加拿大 多伦多, 泛科學 PanSci); 有線新聞影片截圖 is a
# photo credit, not a masthead
_CHANNEL_WORDS_RE = re.compile(
    r"^\s+(?:[\u4e00-\u9fff]{2,4}|[A-Za-z0-9]{2,12})(?:\s+(?:[\u4e00-\u9fff]{2,4}|[A-Za-z0-9]{2,12})){0,2}\s*$"
)


def is_channel_words(rest: str) -> bool:
    """True when what follows an outlet's name on a line is only channel names (see above)."""
    return len(rest) <= 16 and bool(_CHANNEL_WORDS_RE.match(rest))


def outlet_prefix(text: str, *, strict_ok: bool = False) -> tuple[Outlet, str] | None:
    """The known outlet whose alias ``text`` starts with (longest alias wins), and the rest of ``text``.

    Matching is on the simplified, folded text, case-insensitively; the rest is returned in that
    form too. Aliases marked ~ (AP, 信报) count only when ``strict_ok`` (the caller has a cue,
    e.g. a wire dateline). A Latin alias must end on a word boundary (AP is not APPLE).
    """
    low = ascii_lower(fold_chars(to_simplified(text.strip())))
    best: tuple[int, int] | None = None
    for idx, key in _prefix_keys(strict_ok).get(low[:1], ()):
        if low.startswith(key):
            if key[-1].isascii() and len(low) > len(key) and is_alnum_ascii(low[len(key)]):
                continue
            if best is None or len(key) > best[1]:
                best = (idx, len(key))
    if best is None:
        return None
    return known_outlets()[best[0]], low[best[1] :]


@cache
def _prefix_keys(strict_ok: bool) -> dict[str, tuple[tuple[int, str], ...]]:
    """First character → (outlet index, folded alias) in lexicon order, for ``outlet_prefix``.

    Folding every alias once instead of on every call, and looking only at aliases that share
    the text's first character, gives the same answer as scanning them all.
    """
    by_first: dict[str, list[tuple[int, str]]] = {}
    for idx, outlet in enumerate(known_outlets()):
        for alias in (outlet.canonical, *outlet.aliases):
            if alias.startswith("~") and not strict_ok:
                continue
            key = fold_key(alias.lstrip("~").strip())
            if key:
                by_first.setdefault(key[0], []).append((idx, key))
    return {k: tuple(v) for k, v in by_first.items()}


def is_reference_line(text: str) -> bool:
    """True when the paragraph is a reference/source line (参考资料: …, Source: …, title——outlet)."""
    simp = fold_text(text)[0]
    cues = cue_lists()
    return bool(cues.reference.match(simp) or cues.dash_tail.search(simp.strip()))


def _signed_by_publisher(m, own: frozenset[int], own_low: str, low: str) -> bool:
    """The page's own publisher named, or a byline (新京报讯) on a page whose publisher is unknown:
    no citation. On another site's page the byline names the original of a repost: cited."""
    return m.outlet in own or (not own_low and is_own_byline(low, m.start, m.end))


def extract_citations(text: str, publisher: str | None = None, *, reference: bool = False) -> list[Citation]:
    """Citations in one paragraph (damaged spans already blanked to U+3000).

    ``reference=True`` says the paragraph belongs to a reference list (its heading came earlier);
    a paragraph starting with 参考资料:/Source: is recognised as one on its own.
    """
    if not text or not text.strip():
        return []
    simp, keep, stripped = fold_text(text)
    maps: OffsetMap | None = None  # offsets back into text: aligned when first needed
    low = ascii_lower(simp)
    cues = cue_lists()
    reference = reference or bool(cues.reference.match(simp))
    dash_span = _dash_span(cues.dash_tail, simp)
    own, own_low = publisher_outlets(publisher)
    outlets = known_outlets()

    cites: list[Citation] = []

    def add(start: int, end: int, outlet: str, typ: str, country: str | None, known: bool) -> None:
        nonlocal maps
        if keep is None:
            ostart, oend = start, end
        else:
            if maps is None:
                maps = OffsetMap(text, simp, keep, stripped)
            ostart, oend = maps.start(start), maps.end(end)
        cites.append(
            Citation(
                outlet,
                text[ostart:oend],
                typ,
                country,
                known,
                sentence_around(text, ostart, oend),
                ostart,
                oend,
            )
        )

    matches = known_matches(low)
    for m in matches:
        outlet = outlets[m.outlet]
        if _signed_by_publisher(m, own, own_low, low):
            continue
        span = bracketed_span(low, m.start, m.end)
        if span is None and inside_word(low, m.start, m.end):
            continue
        in_dash = dash_span is not None and dash_span[0] <= m.start and m.end <= dash_span[1]
        if not _match_cited(m, outlet, low, span is not None or in_dash, reference):
            continue
        start, end = span if span and span[1] - span[0] - (m.end - m.start) <= 2 else (m.start, m.end)
        add(start, end, outlet.canonical, outlet.type, outlet.country, True)

    found = discover(simp, reference, low)
    if dash_span and not any(dash_span[0] <= m.start < dash_span[1] for m in matches):
        name = simp[dash_span[0] : dash_span[1]].strip()
        if not rejected_name(name) and (reference or name.endswith(cues.cn_outlet_suffixes)):
            found.append((dash_span[0], dash_span[1], name))
    seen: list[tuple[int, int]] = []
    for start, end, name in sorted(found):
        if any(start < m.end and m.start < end for m in matches) or any(
            start < e and s < end for s, e in seen
        ):
            continue
        if own_low and name.lower().strip("《》") == own_low:
            continue
        seen.append((start, end))
        bare = name.strip("《》").strip()
        raw = simp[start:end].strip("《》")
        if any(ch in raw for ch in DAMAGE):
            # a damaged name is never reported as written; a bracketed one may still be recognised
            idx = recover_damaged(raw) if simp[start : start + 1] == "《" else None
            if idx is not None and idx not in own:
                o = outlets[idx]
                add(start, end, o.canonical, o.type, o.country, True)
            continue
        add(start, end, bare, "unknown", None, False)

    return _one_per_sentence(cites)


def _dash_span(dash_tail: re.Pattern[str], simp: str) -> tuple[int, int] | None:
    """Where a trailing attribution dash names its source (—— 路透社), in ``simp`` offsets."""
    dash = dash_tail.search(simp.strip())
    if not dash:
        return None
    offset = len(simp) - len(simp.lstrip())
    return (dash.start(1) + offset, dash.end(1) + offset)


# a stock code right after a name: (00005.HK), (0005), （2330.TW）, (HSBA.L)
_TICKER_AFTER_RE = re.compile(r"\s*[(（]\s*(?:\d{4,6}(?:\.[a-z]{1,3})?|[a-z]{1,5}\.[a-z]{1,3})\s*[)）]")


def _match_cited(m: Match, outlet: Outlet, low: str, marked: bool, reference: bool) -> bool:
    """Whether a lexicon match is cited here: bracketed or in an attribution dash (``marked``), cued,
    in a reference list, or an outlet name that reads as a source on its own."""
    # 公众号:X / 公众号“X” names the account; the platform itself is not the source
    as_label = outlet.type == "platform" and low[m.end : m.end + 1] in (":", "：", "“", '"', "「")
    if outlet.type != "media" and _TICKER_AFTER_RE.match(low, m.end):
        return False  # 匯豐(00005.HK)跌2.75元: the listed company trading, not a source
    ok = (
        marked
        or cued(low, m.start, m.end, m.strict, outlet.type == "media")
        or (reference and outlet.type in ("media", "research", "platform") and not as_label)
        or (outlet.type in ("media", "research") and not m.strict)
    )
    return ok and not as_label


def _one_per_sentence(cites: list[Citation]) -> list[Citation]:
    """In text order, one mention per outlet per sentence (the first)."""
    cites.sort(key=lambda c: c.start)
    unique: list[Citation] = []
    for c in cites:
        if not any(u.outlet == c.outlet and u.sentence == c.sentence for u in unique):
            unique.append(c)
    return unique


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2}|\[\d+\])\s*[、.．)）\]]|^\s*[-•·*]\s")


def cite_paragraphs(
    texts: Sequence[str], publisher: str | None = None, roles: Sequence[str] | None = None
) -> list[list[Citation]]:
    """Citations for each paragraph of one article, carrying a reference list across paragraphs.

    After a reference heading (参考资料: alone on its line) the following numbered or bulleted items,
    and any paragraph whose role is ``reference``, are read as reference lines.
    """
    out: list[list[Citation]] = []
    in_refs = False
    cues = cue_lists()
    for i, text in enumerate(texts):
        role = roles[i] if roles is not None and i < len(roles) else "body"
        simp = fold_text(text or "")[0]
        head = cues.reference.match(simp)
        if head:
            in_refs = True
        elif in_refs and not _LIST_ITEM.match(simp):
            in_refs = False
        out.append(extract_citations(text, publisher, reference=in_refs or role == "reference"))
    return resolve_shared_names(out)


def resolve_shared_names(out: list[list[Citation]]) -> list[list[Citation]]:
    """A name two outlets share (經濟日報: Taipei's Economic Daily News or the Hong Kong Economic
    Times; the lexicon gives such an outlet no country) is the one the same article also names
    unambiguously (HKET, 香港經濟日報), when exactly one such outlet is cited there."""
    by_name = {o.canonical: o for o in known_outlets()}
    cited = {c.outlet for cites in out for c in cites}
    for k, cites in enumerate(out):
        changed = False
        for n, c in enumerate(cites):
            shared = by_name.get(c.outlet)
            if shared is None or shared.country:
                continue
            key = fold_key(c.surface.strip("《》"))
            fuller = [
                by_name[name]
                for name in cited
                if name in by_name
                and by_name[name].country
                and any(key in fold_key(a) and key != fold_key(a) for a in by_name[name].aliases)
            ]
            if len(fuller) == 1:
                o = fuller[0]
                cites[n] = replace(c, outlet=o.canonical, type=o.type, country=o.country)
                changed = True
        if changed:
            out[k] = _one_per_sentence(cites)
    return out
