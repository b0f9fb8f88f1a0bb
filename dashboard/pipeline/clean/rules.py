"""The cleaning rules as configured in ``data/lexicon/boilerplate.toml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import read_toml
from ..schema import Rule

LEXICON = "boilerplate.toml"


# ---------------------------------------------------------------------------------------------
# configuration


@cache
def lexicon_config() -> dict:
    return read_toml(LEXICON)


@dataclass(frozen=True)
class _Rule:
    rule: Rule
    contains: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    max_len: int | None


def compile_patterns(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# group references would point at the wrong group once patterns are joined
GROUP_REF_RE = re.compile(r"\\\d|\(\?P=|\(\?\(")


@cache
def compile_any(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Patterns used only as "does any of them search/match", fewer of them: those anchored at
    the line start are joined into one alternation (one call instead of one per pattern).
    Unanchored ones stay apart, since the regex engine finds a lone pattern's literal prefix
    much faster than an alternation's. Joining is skipped when it could change a pattern's
    meaning (group references) or is refused (global inline flags)."""
    anchored = [p for p in patterns if p.startswith("^")]
    rest = [p for p in patterns if not p.startswith("^")]
    if len(anchored) <= 1 or any(GROUP_REF_RE.search(p) for p in anchored):
        return compile_patterns(list(patterns))
    try:
        joined = re.compile("|".join(f"(?:{p})" for p in anchored), re.IGNORECASE)
    except re.error:
        return compile_patterns(list(patterns))
    return (joined, *compile_patterns(rest))


# markers after which every line belongs to their section, not to trailing furniture
SECTION_ENDS = (Rule.RANDOM_TOPICS, Rule.COMMENTS, Rule.PLATFORM_NOTICE)
# the order in which line rules are tried (most specific first)
_RULE_ORDER = (
    Rule.IMAGE_PLACEHOLDER,
    Rule.PLATFORM_NOTICE,
    Rule.REPRINT_STATEMENT,
    Rule.SPECIAL_STATEMENT,
    Rule.READ_COUNT_PROMO,
    Rule.SOURCE_URL,
    Rule.EDITOR_LINE,
    Rule.AUTHOR_LINE,
    Rule.COMMENTS,
    Rule.RANDOM_TOPICS,
)


@cache
def configured_rules() -> tuple[_Rule, ...]:
    cfg = lexicon_config().get("rules", {})
    out = []
    for rid in _RULE_ORDER + tuple(r for r in cfg if r not in _RULE_ORDER):
        spec = cfg.get(rid)
        if not spec:
            continue
        out.append(
            _Rule(
                Rule(rid),  # a rule the lexicon names must be a schema.Rule (else: ValueError naming it)
                tuple(spec.get("contains", ())),
                compile_any(tuple(spec.get("patterns", []))),
                spec.get("max_len"),
            )
        )
    return tuple(out)
