"""Cleaning: turn one decoded article into the body paragraphs a careful reader would keep.

``clean_text(text)`` returns a :class:`CleanResult`: kept paragraphs (role body, heading,
caption or reference, with irreparable mojibake reported as ``damaged_spans``), every cut
source line (or cut part of a line) with the rule that cut it, and counts. Phrase and pattern
lists live in ``data/lexicon/boilerplate.toml``; this module holds only the mechanics. Before any
rule runs, ``paragraphs.restore`` gives the paragraphs a reader sees (run-together lines split,
hard-wrapped lines joined); each keeps the number of the source line it starts on.

Rule ids (``removed.rule``) are the members of ``schema.Rule``; ``schema.RULE_DOCS`` says what
each removes (README.md's rule table is tested against it).

Kept roles: ``heading`` (short title-like line, e.g. after a section number), ``caption``
(``外媒報導截圖``, ``…資料圖``), ``reference`` (``參考資料:`` and its numbered items; kept
because citations are extracted from them), ``body`` (everything else, English included).
``Author: …`` lines are removed as author_line (the metadata stage reads the raw text).

Mojibake: UTF-8 read as cp1252/latin-1 or as GBK is re-decoded when the bytes round-trip to
ordinary text (a lossy GBK run keeps U+FFFD where the scraper lost bytes). Irreparable damage
is reported, never deleted: spans anchored by U+FFFD / private-use characters or by an orphaned
ruby fragment (``?yàn)`` — an annotation whose character and opening bracket were lost),
extended over neighbouring rare characters. "Rare" and "GBK-mojibake-typical" come from
principled sources, not hand lists: how many words of jieba's dictionary use a character
(after OpenCC simplification), and which characters appear when common characters' UTF-8
bytes are decoded as GBK. Regional characters (Cantonese 嘅 咗 喺 …) are listed as safe in the
lexicon.

Removed whole lines are recorded as written, minus ruby pinyin (``網(wǎng)易號`` reads ``網易號``).

Counts: ``pinyin_stripped`` (annotations cut), ``mojibake_repaired`` (spans re-decoded),
``damaged_spans`` (irreparable spans flagged), ``lines_removed`` (source lines removed whole).

Modules: ``pinyin`` (ruby annotations), ``mojibake`` (re-decoding), ``damage`` (irreparable spans),
``rules`` (the lexicon's rules compiled), ``lines`` (source lines prepared and matched),
``boilerplate`` (the rule passes), ``guard`` (kept_would_empty). A new cleaning rule is a
``schema.Rule`` member, a ``[rules.*]`` table in ``boilerplate.toml`` and, if patterns are not
enough, a pass in ``boilerplate``.
"""

from __future__ import annotations

from functools import lru_cache

from ..records import CleanResult, Paragraph, RemovedLine
from .boilerplate import classify
from .damage import find_damaged_spans
from .lines import prepare_lines
from .mojibake import is_rare_han, repair_mojibake, utf8_as_gbk_chars
from .pinyin import is_pinyin_syllable, strip_pinyin, toned_ruby_count
from .rules import LEXICON

__all__ = [
    "LEXICON",
    "clean_text",
    "find_damaged_spans",
    "is_pinyin_syllable",
    "is_rare_han",
    "repair_mojibake",
    "strip_pinyin",
    "utf8_as_gbk_chars",
]


@lru_cache(maxsize=1 << 12)  # a kept line that recurs (a standing caption) is scanned once
def _damaged_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(find_damaged_spans(text))


# ---------------------------------------------------------------------------------------------
# public API


def clean_text(text: str) -> CleanResult:
    """Clean one decoded article (one source line per line) into paragraphs and an audit trail."""
    dense = toned_ruby_count(text, enough=5) >= 5
    lines, n_moji = prepare_lines(text, dense)
    classify(lines)
    n_pinyin = 0  # counted on kept paragraphs only: annotations in cut lines never reach a reader
    paragraphs: list[Paragraph] = []
    removed: list[RemovedLine] = []
    n_damaged = 0
    for ln in lines:
        if ln.rule is not None:
            # audit text is the source line with ruby pinyin dropped, so it reads (and can be
            # searched) like the article; everything else is exactly as it was
            removed.append(RemovedLine(ln.no, strip_pinyin(ln.raw, dense)[0], ln.rule))
            continue
        removed.extend(ln.cuts)
        n_pinyin += ln.n_pinyin
        spans = list(_damaged_spans(ln.text))
        n_damaged += len(spans)
        paragraphs.append(Paragraph(len(paragraphs), ln.no, ln.text, ln.role or "body", spans))
    removed.sort(key=lambda r: r.line)
    counts = {
        "pinyin_stripped": n_pinyin,
        "mojibake_repaired": n_moji,
        "damaged_spans": n_damaged,
        "lines_removed": sum(1 for ln in lines if ln.rule is not None),
    }
    return CleanResult(paragraphs, removed, counts)
