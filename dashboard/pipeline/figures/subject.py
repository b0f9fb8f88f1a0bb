"""Sentence and subject of a figure, and the claim anchor that groups equal figures."""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from ..script import to_simplified
from .rules import Rules, load_rules

# ---------------------------------------------------------------- sentence and subject

_SENT_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z0-9)\"”])\.(?=\s+[A-Z\"“])")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")  # 國(guó): ruby the cleaner may have left
_CLAUSE_END = re.compile(r"[，,：:（）()「」『』“”\"]")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENT_END.search(text, pos)
    end = m.end() if m else len(text)
    return start, end


def _strip_words(s: str, rules: Rules) -> str:
    strip_before, strip_after = rules.strip_before, rules.strip_after
    prev = None
    while prev != s:
        prev = s
        s = s.strip(" \u3000'\"“”‘’「」《》()（）[]【】,，、:：")
        # one C-level test for the whole list first: most phrases start and end with none of them
        if s.startswith(strip_before):
            for w in strip_before:
                if s.startswith(w) and len(s) > len(w):
                    s = s[len(w) :]
                    break
        if s.endswith(strip_after):
            for w in strip_after:
                if s.endswith(w):
                    s = s[: -len(w)]
                    break
    return s


@cache
def _entity_patterns(
    entities: tuple[tuple[str, tuple[str, ...], int], ...],
) -> tuple[tuple[str, re.Pattern[str], str, int], ...]:
    """(alias, compiled pattern, entity, tier) in lexicon order, compiled once (not per call)."""
    out = []
    for name, aliases, tier in entities:
        for a in aliases:
            pat = re.escape(a)
            if a.isascii():
                pat = rf"(?<![a-z]){pat}(?![a-z])"
            out.append((a, re.compile(pat), name, tier))
    return tuple(out)


@cache
def _entity_automaton(
    entities: tuple[tuple[str, tuple[str, ...], int], ...],
) -> tuple[ahocorasick.Automaton | None, tuple[int, ...]]:
    """Alias → indexes of its entries in ``_entity_patterns``; plus the entries of empty aliases."""
    where: dict[str, list[int]] = {}
    for i, (a, _, _, _) in enumerate(_entity_patterns(entities)):
        where.setdefault(a, []).append(i)
    always = tuple(where.pop("", ()))  # an empty alias occurs everywhere
    if not where:
        return None, always
    auto = ahocorasick.Automaton()
    for a, idxs in where.items():
        auto.add_word(a, tuple(idxs))
    auto.make_automaton()
    return auto, always


def _entity_spans(s: str, rules: Rules) -> list[tuple[int, int, str, int]]:
    patterns = _entity_patterns(rules.entities)
    # A pattern can only match where its alias occurs: one automaton pass finds which aliases do,
    # and only their patterns run, in lexicon order as before.
    auto, always = _entity_automaton(rules.entities)
    present = set(always)
    if auto is not None:
        present.update(i for _, idxs in auto.iter(s) for i in idxs)
    spans = []
    for i in sorted(present):
        _, pat, name, tier = patterns[i]
        for m in pat.finditer(s):
            spans.append((m.start(), m.end(), name, tier))
    return spans


def _reduce_np(raw: str, rules: Rules) -> str | None:
    """Shorten a noun phrase: leading entity + the head after the last 的 (英伟达…的在华市场份额)."""
    raw = _strip_words(raw, rules)
    if "的" in raw:
        lead = [sp for sp in _entity_spans(raw, rules) if sp[0] == 0]
        head = raw[: max(sp[1] for sp in lead)] if lead else ""
        tail = _strip_words(raw.rsplit("的", 1)[1], rules)
        raw = head + tail if tail and not tail.startswith(head or "\0") else tail or head
    raw = _strip_words(raw, rules)
    sub = rules.subject
    if len(raw) < 2 or raw in sub["pronouns"] or len(raw) > int(sub["max_chars"]):
        return None
    if re.search(r"[\d%]", raw) and not re.search(r"[\u4e00-\u9fff]", raw):
        return None
    return raw


def find_subject(text: str, fstart: int, sent_start: int, rules: Rules) -> str | None:
    """Heuristic subject: the noun phrase before a linking verb in the figure's clause."""
    sent_pre = _PINYIN.sub("", text[sent_start:fstart])
    clauses = _CLAUSE_END.split(sent_pre)
    pre = to_simplified(clauses[-1]).lower()
    if not re.search(r"[\u4e00-\u9fff]", pre + (to_simplified(clauses[-2]) if len(clauses) > 1 else "")):
        return None  # English: no Chinese-style subject heuristic
    sub = rules.subject
    masked = pre
    for s, e, _, _ in _entity_spans(pre, rules):
        masked = masked[:s] + "\0" * (e - s) + masked[e:]
    verb = None
    for m in rules.subject_verbs.finditer(masked):
        gap = masked[m.end() :]
        if len(gap) <= int(sub["max_gap"]) and not re.search(r"\d", gap):
            verb = m
            break
    raw = pre[: verb.start()] if verb else pre
    cut = max((raw.rfind(p) for p in sub["prepositions"]), default=-1)
    if cut >= 0:
        raw = raw[:cut]
    if _strip_words(raw, rules) and verb is None:
        return None  # no linking verb: not sure what the number is about
    if not _strip_words(raw, rules):
        if len(clauses) < 2:
            return None
        raw = to_simplified(clauses[-2]).lower()  # topic stated in the clause before (份额，已从95%…)
        if any(v in raw for v in ("显示", "表示", "称", "说")) or re.search(r"\d", raw):
            return None
    return _reduce_np(raw, rules)


def _norm_key(s: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(s).lower())


def claim_anchor(subject: str | None, sentence: str | None, text: str | None = None) -> str | None:
    """What a figure is about, for grouping: see ``claims`` (the claim key)."""
    rules = load_rules()
    if subject:
        subj = to_simplified(subject).lower()
        spans = sorted(_entity_spans(subj, rules), key=lambda sp: (sp[3], sp[0]))
        if spans:
            return "@" + spans[0][2]
    entity = None
    if sentence:
        sent = to_simplified(sentence).lower()
        pos = sent.find(to_simplified(text).lower()) if text else -1
        pos = pos if pos >= 0 else len(sent) // 2
        tier1 = [sp for sp in _entity_spans(sent, rules) if sp[3] == 1]
        if tier1:
            entity = min(tier1, key=lambda sp: (min(abs(sp[0] - pos), abs(sp[1] - pos)), sp[0]))[2]
    if subject:
        return "~" + _norm_key(subject) + ("@" + entity if entity else "")
    return "@" + entity if entity else None
