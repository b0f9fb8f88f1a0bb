"""Minus signs and dashes before a number: one reader for figures with a unit and bare numbers.

A minus is a word written before the number (负, 负的, minus: figures.toml [bare_numbers]
sign_words) or a typeset sign glued to it (-, −, －, –). The same characters between two figures
are a range's dash (1万元-5万元), and an em dash is a dash as often as a minus: never a sure sign.
"""

from __future__ import annotations

from .rules import Rules

# glued to a number: a minus sign; between two figures: the dash of a range
DASHES = frozenset("-−–－")
# ... and the em dash, which is never a sure sign (a number after any of these has no sure sign
# when it has no unit: -3.9 may be a list's dash as well as a minus)
DASHES_AND_EM = DASHES | {"—"}
# 负 after these is a word, not a sign: 正负 (a tolerance), 胜负, 抱负, 担负, 欺负, 自负, 不负 (live
# up to), 辜负 (let down), 肩负/背负/身负 (shoulder, carry), 重负 (a burden)
NOT_SIGN_BEFORE = frozenset("正胜抱担欺自不辜肩背身重")
# a typeset minus right after one of these is a hyphen or a range's dash (5%-3%, 五-三, 1万元--5万元)
_DASH_AFTER = frozenset("%)）〇零一二两三四五六七八九十百千万亿") | DASHES_AND_EM
_BELOW_ZERO = "零下"  # 零下五度: below zero, said of a temperature (a figure with a unit)


def minus_word(scan: str, pos: int, rules: Rules) -> int:
    """Length of a minus word written right before ``pos`` (负, 负的, 负 and a space, minus), else 0."""
    for word in rules.bare_numbers["sign_words"]:  # longest first
        for w in (word,) if word.endswith(" ") else (word, word + " "):  # 负 1,200,000
            at = pos - len(w)
            if at < 0 or scan[at:pos] != w:
                continue
            before = scan[at - 1 : at] if at else ""
            if before in NOT_SIGN_BEFORE or (word.isascii() and before.isalpha()):
                return 0  # 胜负, 抱负 (words), dominus (a Latin word)
            return len(w)
    return 0


def negative_sign(scan: str, start: int, rules: Rules) -> int:
    """Length of a minus sign right before a figure with a unit (a minus word, a typeset minus
    glued to the number, 零下), else 0."""
    word = minus_word(scan, start, rules)
    if word:
        return word
    if scan[start - 1 : start] in DASHES:  # (an en dash glued to a number is a typeset minus)
        before = scan[start - 2 : start - 1]
        if not before or not (before.isascii() and before.isalnum()) and before not in _DASH_AFTER:
            return 1  # (never after a letter or a digit: GPT-4, 2024-10-23)
    return 2 if scan[start - 2 : start] == _BELOW_ZERO else 0
