"""Earthquake magnitude and intensity: 芮氏规模5.6, 里氏4.3级, 5.0级地震 (unit M), 最大震度2级,
5级震度, 花莲县3级 in a list after 震度 (unit intensity, on the local scale).

A number before 级 is an earthquake figure only with a quake word next to it (the words are data:
``data/lexicon/quakes.toml``); 七级风 (wind force, ``winds``), 风险等级3级 and 三级医院 are untouched.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import read_toml
from .candidates import Cand
from .glue import blocked_left
from .numerals import parse_number
from .rules import alt_pattern

_N = r"\d{1,2}(?:\.\d{1,2})?"
# (a magnitude in Chinese numerals before 级 and a quake word: 六点八级地震)
_CN_N = r"[一二三四五六七八九十]{1,2}(?:点[〇零一二三四五六七八九])?"
_DASH = r"[-—–~至到]"
_SENTENCE_END = "。！？!?；;\n"


@cache
def _spec() -> dict:
    q = read_toml("quakes.toml")
    scale, words, links = (
        alt_pattern(q["scale_names"]),
        alt_pattern(q["magnitude_words"]),
        alt_pattern(q["links"]),
    )
    after = alt_pattern(q["magnitude_after"])
    return {
        # 芮氏规模5.6, 规模约7.2, 震级差为2.9, 里氏4.3级, 芮氏5.5
        "word": re.compile(
            rf"(?P<scale>{scale})?(?P<word>{words})?(?:差)?(?P<link>{links})?[ ]?(?P<n>{_N}|{_CN_N})(?:[ ]?级)?(?![\d.%万亿千百十〇零一二三四五六七八九])"
        ),
        # 5.0级地震, 6级以上强震, 5.0—5.9 级地震
        "after": re.compile(
            rf"(?<![\d.〇零一二三四五六七八九十百千万亿])(?P<n>{_N}|{_CN_N})(?:[ ]?{_DASH}[ ]?(?P<n2>{_N}|{_CN_N}))?[ ]?级(?:以上|以下|左右)?的?(?:{after})"
        ),
        "level": re.compile(rf"(?<![\d.])(?P<n>{_N})[ ]?级(?!别)"),
        "scale": q["scale_names"],
        "needs_quake": tuple(q["needs_quake"]),
        "quake_words": tuple(q["quake_words"]),
        "intensity_words": tuple(q["intensity_words"]),
        "intensity_max": q["intensity_max"],
    }


# one more place of an intensity list: place names, then N级 closing the sentence (no other number)
# (no other 级 and no verb of being or having: 风险等级为3级 is no item of the list)
_LIST_ITEM = re.compile(r"[^\d。！？!?；;\n级为是有]{1,40}\d[ ]?级")


def _sentence(scan: str, pos: int) -> tuple[int, int]:
    a = max(scan.rfind(ch, 0, pos) for ch in _SENTENCE_END) + 1
    ends = [i for i in (scan.find(ch, pos) for ch in _SENTENCE_END) if i >= 0]
    return a, min(ends, default=len(scan))


def _value(n: str) -> float:
    return parse_number(n)[0]


def quake_figures(scan: str) -> list[Cand]:
    """Magnitude (M) and intensity figures in ``scan`` (a simplified scan copy)."""
    spec = _spec()
    if not any(w in scan for w in (*spec["quake_words"], *spec["scale"])):
        return []
    out: list[Cand] = []
    taken: set[int] = set()

    def add(
        start: int, end: int, v: float, v2: float | None, unit: str, qualifier: str | None = None
    ) -> None:
        if start in taken or blocked_left(scan, start):
            return
        taken.add(start)
        out.append(Cand(start, end, "measure", v, v2, unit, 3, qualifier=qualifier))

    for m in spec["after"].finditer(scan):
        v = _value(m.group("n"))
        v2 = _value(m.group("n2")) if m.group("n2") else None
        if 0 < v < 10 and (v2 is None or v < v2 < 10):
            end = m.end("n2") if m.group("n2") else m.start("n") + len(m.group("n"))
            end = scan.index("级", end) + 1
            add(m.start("n"), end, v, v2, "M")
    for m in spec["word"].finditer(scan):
        if not (m.group("scale") or m.group("word")):
            continue
        word = m.group("word") or ""
        s0, s1 = _sentence(scan, m.start())
        if not m.group("scale") and word in spec["needs_quake"]:
            if not any(w in scan[s0:s1] for w in spec["quake_words"]):
                continue  # 公司规模5亿: no earthquake in the sentence
        if word.startswith("震度"):
            continue
        n = m.group("n")
        v = _value(n)
        decimal = "." in n or "点" in n
        if not 0 < v < 10 or (m.group("word") is None and not decimal and "级" not in m.group(0)):
            continue
        if not n[0].isdigit() and not decimal and "级" not in m.group(0):
            continue  # 规模六 with no 点 and no 级: no sure magnitude
        start = m.start("n")
        qualifier = None
        if m.group("link") in ("约", "约为", "近"):
            qualifier, start = m.group("link")[0], m.start("link")
        add(start, m.end(), v, None, "M", qualifier)
    for m in spec["level"].finditer(scan):
        # 拜城5.0级和霍城5.0级地震: a decimal before 级 in a sentence about an earthquake
        s0, s1 = _sentence(scan, m.start())
        if "." in m.group("n") and any(w in scan[s0:s1] for w in spec["quake_words"]):
            v = _value(m.group("n"))
            if 0 < v < 10:
                add(m.start(), m.end(), v, None, "M")
    for s0 in _intensity_starts(scan, spec["intensity_words"]):
        _, s1 = _sentence(scan, s0)
        while s1 < len(scan):
            # the list goes on in the next sentence when that is one more item: 屏东县恒春、九如2级;
            _, nxt = _sentence(scan, s1 + 1)
            if not _LIST_ITEM.fullmatch(scan[s1 + 1 : nxt].strip()):
                break
            s1 = nxt
        for m in spec["level"].finditer(scan, max(0, s0 - 12), s1):
            n = m.group("n")
            if "." in n or m.start() in taken:
                continue
            before = scan[max(0, m.start() - 12) : m.start()]
            after = scan[m.end() : m.end() + 2]
            if m.start() < s0 and not after.startswith("震度"):
                continue  # before 震度 only as 5级震度
            if any(w in before[-4:] for w in ("规模", "震级", "芮氏", "里氏")):
                continue
            v = _value(n)
            if v == v and 0 <= v <= spec["intensity_max"]:
                add(m.start(), m.end(), v, None, "intensity")
    return out


def _intensity_starts(scan: str, words: tuple[str, ...]) -> list[int]:
    starts = []
    for w in words:
        i = scan.find(w)
        while i >= 0:
            starts.append(i)
            i = scan.find(w, i + 1)
    return sorted(starts)
