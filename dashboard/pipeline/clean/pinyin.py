"""Ruby pinyin: annotations like 網(wǎng) are recognised syllable by syllable and cut."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
TONE_RE = re.compile(f"[{TONES}]")
PY_CHARS = f"a-zü{TONES}ê"

# ---------------------------------------------------------------------------------------------
# pinyin


_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
    "",
)
_FINALS = frozenset(
    "a ai an ang ao e ei en eng er o ong ou i ia ian iang iao ie in ing iong iu u ua uai uan "
    "uang ue ui un uo ü üe üan ün v ve n ng m r ê".split()
)
_RUBY_RE = re.compile(rf"(?<=[{HAN}])[(（]\s*([{PY_CHARS}]+(?:\s+[{PY_CHARS}]+)*)\s*[)）]")
_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}


def _untone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


@lru_cache(maxsize=1 << 16)  # the same few hundred syllables recur in every annotated text
def is_pinyin_syllable(syllable: str) -> bool:
    """True when ``syllable`` (tone marks allowed, lower case) is a Mandarin pinyin syllable."""
    base = _untone(syllable)
    for ini in _INITIALS:
        if base.startswith(ini) and base[len(ini) :] in _FINALS:
            if ini in ("j", "q", "x") and base[len(ini) :].startswith(("a", "o", "e")):
                continue  # ja/qo/xe are not Mandarin
            return True
    return False


def _has_tone(s: str) -> bool:
    return TONE_RE.search(s) is not None


@lru_cache(maxsize=1 << 14)  # the same bracket contents ((guó), (zhōng guó)) recur on every page
def _ruby_ok(content: str, dense: bool) -> bool:
    # toneless brackets ((an), (me)) are only annotations when the text is full of them;
    # checked first because it is cheaper than the syllable test (both must hold)
    if not (dense or _has_tone(content)):
        return False
    return all(is_pinyin_syllable(s) for s in content.split())


def strip_pinyin(text: str, dense: bool = False) -> tuple[str, list[str]]:
    """Remove flattened ruby pinyin after Han characters; return (text, cut brackets)."""
    cut: list[str] = []
    if "(" not in text and "（" not in text:
        return text, cut  # an annotation needs a bracket

    def repl(m: re.Match[str]) -> str:
        if _ruby_ok(m.group(1), dense):
            cut.append(m.group(0))
            return ""
        return m.group(0)

    return _RUBY_RE.sub(repl, text), cut


def toned_ruby_count(text: str, enough: int | None = None) -> int:
    """Toned ruby annotations in ``text``; counting stops once ``enough`` are found."""
    if TONE_RE.search(text) is None:
        return 0  # only toned brackets count
    n = 0
    for m in _RUBY_RE.finditer(text):
        if _ruby_ok(m.group(1), False):
            n += 1
            if n == enough:
                break
    return n
