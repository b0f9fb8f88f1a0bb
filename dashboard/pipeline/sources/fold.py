"""Text folded for matching (width, case, script, pinyin) with maps back to the original offsets."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..script import to_simplified

# ---------------------------------------------------------------- normalisation


_CJK = re.compile("[\u3400-\u9fff]")


def has_cjk(s: str) -> bool:
    return _CJK.search(s) is not None


# str.translate table: one C-level pass instead of a Python loop over characters
_FOLD_TABLE = {
    **{
        o: o - 0xFEE0
        for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for o in range(lo, hi + 1)
    },
    **{ord(ch): "'" for ch in "’‘`´"},
}
# what _FOLD_TABLE changes: translate with a table that lacks most characters pays for a
# swallowed KeyError per character, so a paragraph with nothing to fold is not translated at all
_FOLDABLE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a’‘`´]")


def fold_chars(s: str) -> str:
    """Length-preserving fold: full-width letters/digits to ASCII, curly apostrophes to '."""
    return s.translate(_FOLD_TABLE) if _FOLDABLE.search(s) else s


def ascii_lower(s: str) -> str:
    # bytes.lower() changes A-Z only, and UTF-8 encodes every other character in bytes >= 0x80
    # (surrogatepass: a lone surrogate round-trips too)
    return s.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# Bracketed pinyin after a hanzi (國(guó)): scraped reading aids, dropped before matching so that
# 京報(bào)網(wǎng) still reads as 京報網 even when cleaning has not run.
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[(（](?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*"
    r"|(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouü]{1,3}(?:n|ng|r)?)[)）]"
)


def fold_text(text: str) -> tuple[str, list[int] | None, str]:
    """``_fold``'s folded text, without the offset maps: (folded, kept offsets, pinyin-free text).

    Kept offsets are None when the folded text is ``text`` offset for offset (the usual case).
    """
    # (a bracket is needed for pinyin: most paragraphs skip the pattern's scan)
    pinyin = list(_PINYIN.finditer(text)) if "(" in text or "（" in text else []
    if not pinyin:
        simp = fold_chars(to_simplified(text))
        if len(simp) == len(text):  # the usual case: every offset maps to itself
            return simp, None, text
    keep = []
    pos = 0
    for m in pinyin:
        keep.extend(range(pos, m.start()))
        pos = m.end()
    keep.extend(range(pos, len(text)))
    stripped = "".join(text[i] for i in keep) if len(keep) != len(text) else text
    simp = fold_chars(to_simplified(stripped))
    return simp, keep, stripped


def _fold_maps(text: str, simp: str, keep: list[int] | None, stripped: str) -> tuple[list[int], list[int]]:
    """Boundary maps (start, end) for ``fold_text``'s result: folded offset → offset in ``text``."""
    if keep is None:
        return list(range(len(simp) + 1)), list(range(len(simp) + 1))
    if len(simp) == len(stripped):
        bmap = list(range(len(simp) + 1))
    else:
        bmap = [0] * (len(simp) + 1)
        for _tag, i1, i2, j1, j2 in SequenceMatcher(None, stripped, simp, autojunk=False).get_opcodes():
            for j in range(j1, j2 + 1):
                bmap[j] = i1 + round((j - j1) * (i2 - i1) / (j2 - j1)) if j2 > j1 else i1
        bmap[len(simp)] = len(stripped)
    starts = [keep[b] if b < len(keep) else len(text) for b in bmap]
    ends = [keep[b - 1] + 1 if b > 0 else 0 for b in bmap]
    return starts, ends


class OffsetMap:
    """``_fold_maps`` answered one offset at a time: the alignment is computed once, and only the
    offsets a citation needs are mapped (not every offset of a long paragraph)."""

    def __init__(self, text: str, simp: str, keep: list[int], stripped: str) -> None:
        self.text, self.simp, self.keep, self.stripped = text, simp, keep, stripped
        self.opcodes = (
            None
            if len(simp) == len(stripped)
            else SequenceMatcher(None, stripped, simp, autojunk=False).get_opcodes()
        )

    def _b(self, j: int) -> int:
        if self.opcodes is None:
            return j
        if j == len(self.simp):
            return len(self.stripped)
        # _fold_maps fills bmap opcode by opcode, so the last opcode whose [j1, j2] holds j wins
        for _tag, i1, i2, j1, j2 in reversed(self.opcodes):
            if j1 <= j <= j2:
                return i1 + round((j - j1) * (i2 - i1) / (j2 - j1)) if j2 > j1 else i1
        return 0

    def start(self, j: int) -> int:
        b = self._b(j)
        return self.keep[b] if b < len(self.keep) else len(self.text)

    def end(self, j: int) -> int:
        b = self._b(j)
        return self.keep[b - 1] + 1 if b > 0 else 0


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Simplified, folded text plus boundary maps (start, end): folded offset → offset in ``text``.

    tw2sp may change length (記憶體→内存) and pinyin is dropped, so offsets are carried through an
    alignment rather than assumed equal.
    """
    simp, keep, stripped = fold_text(text)
    return simp, *_fold_maps(text, simp, keep, stripped)
