"""A start-anchored alternation split by the first character its branches can consume.

``^(?:b1|b2|…)`` tried on a line tries every branch at position 0 one after another, though most
branches need a particular first character (``\\s*本文…`` can only start with a space or 本).
Each branch's possible first characters are read from the regex module's own parse tree; a line
then runs only the branches that can start with its first character, joined in their original
order, plus the branches whose first character cannot be determined (they may match the empty
string, or start with ``.``, ``\\w``, ``\\S``, a negated class, a group reference…), which
are tried on every line. Whether a branch may start with a character is decided by the regex
engine itself (a one-character pattern of the branch's first atoms, compiled with the same
case-insensitive flag), so Unicode case folding is the engine's. Zero-width items (anchors,
look-ahead and look-behind) are skipped over: they only narrow where a branch matches, never
which character it consumes first."""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the regex module's own parser (CPython 3.11+)
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - older or other Pythons: no dispatch
    _parser = None  # type: ignore[assignment]

_CATEGORY_ATOMS = {} if _parser is None else {_c.CATEGORY_SPACE: r"\s", _c.CATEGORY_DIGIT: r"\d"}


class _Undetermined(Exception):
    """The branch's first character cannot be narrowed down."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class_atom(items: list) -> str:
    parts = []
    for op, av in items:
        if op is _c.LITERAL:
            parts.append(_char(av))
        elif op is _c.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.CATEGORY and av in _CATEGORY_ATOMS:
            parts.append(_CATEGORY_ATOMS[av])
        else:  # NEGATE, \w, \S, \D, \W …
            raise _Undetermined
    return "[" + "".join(parts) + "]"


def _first(seq, atoms: list[str]) -> bool:
    """Add to ``atoms`` one-character patterns covering every character ``seq`` can consume
    first; True when ``seq`` can also match the empty string."""
    for op, av in seq:
        if op is _c.LITERAL:
            atoms.append(_char(av))
            return False
        if op is _c.IN:
            atoms.append(_class_atom(av))
            return False
        if op is _c.CATEGORY:
            atoms.append(_class_atom([(op, av)]))
            return False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the next item consumes the first character
        if op is _c.SUBPATTERN:
            # inline flags can only narrow what the branch matches against the case-insensitive,
            # Unicode atoms collected here (a case-sensitive or ASCII part matches a subset)
            if not _first(av[3], atoms):
                return False
        elif op is _c.ATOMIC_GROUP:
            if not _first(av, atoms):
                return False
        elif op is _c.BRANCH:
            nullable = False
            for alt in av[1]:
                nullable |= _first(alt, atoms)
            if not nullable:
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            if hi == 0:
                continue
            if not _first(sub, atoms) and lo > 0:
                return False
        else:  # ANY, NOT_LITERAL, group references, conditionals …
            raise _Undetermined
    return True


def first_atoms(branch: str, flags: int) -> list[str] | None:
    """One-character patterns covering every character ``branch`` (matched at position 0) can
    consume first, or None when that cannot be narrowed down (including a branch that can match
    the empty string)."""
    if _parser is None:
        return None
    try:
        atoms: list[str] = []
        if _first(_parser.parse(branch, flags).data, atoms):
            return None
        return atoms
    except (_Undetermined, re.error, RecursionError):
        return None


class FirstCharDispatch:
    """``^(?:b1|b2|…)`` (``branches`` without their ``^``) as one alternation per first
    character: ``for_line(text)`` is a pattern whose ``search(text)`` matches exactly when the
    whole alternation's would (None when no branch can match ``text``)."""

    def __init__(self, branches: list[str], flags: int = re.IGNORECASE) -> None:
        self.branches = list(branches)
        self.flags = flags
        self.tests: list[re.Pattern[str] | None] = []  # None: tried on every line
        for b in self.branches:
            atoms = first_atoms(b, flags)
            self.tests.append(None if atoms is None else re.compile("(?:" + "|".join(atoms) + ")", flags))
        known = [t.pattern for t in self.tests if t is not None]
        self.any_first = re.compile("|".join(known), flags) if known else None
        self.always = tuple(i for i, t in enumerate(self.tests) if t is None)
        self.pattern = self._join(tuple(range(len(self.branches))))  # the whole alternation
        self.for_first = lru_cache(maxsize=1 << 14)(self._for_first)
        self._joined = lru_cache(maxsize=1 << 10)(self._join)

    def _join(self, idx: tuple[int, ...]) -> re.Pattern[str] | None:
        if not idx:
            return None
        return re.compile("^(?:" + "|".join(f"(?:{self.branches[i]})" for i in idx) + ")", self.flags)

    def _for_first(self, ch: str) -> re.Pattern[str] | None:
        if not ch or self.any_first is None or not self.any_first.match(ch):
            return self._joined(self.always)
        return self._joined(tuple(i for i, t in enumerate(self.tests) if t is None or t.match(ch)))

    def for_line(self, text: str) -> re.Pattern[str] | None:
        return self.for_first(text[:1])

    def search(self, text: str) -> bool:
        p = self.for_first(text[:1])
        return p is not None and p.search(text) is not None
