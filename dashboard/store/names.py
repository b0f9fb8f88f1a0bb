"""Which canonical term a reader means: any form the pipeline merges resolves to its term.

The terms table counts canonical forms (simplified script, mainland wording, aliases from
``data/lexicon/aliases.csv`` merged), so 輝達, 英偉達, NVIDIA, Nvidia and 英伟达 are one term. A
reporter types whichever form she knows; this module finds the term the way the build found it:
the pipeline's own term counter (``paragraph_terms``) on what she typed, so the lookup is always
the pipeline's lexicon, never a second copy of the alias list. The surface forms the build
recorded for this corpus (``term_forms``) and the vocabulary in any capitalisation back it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dashboard.pipeline.analyse.terms import paragraph_terms
from dashboard.store.dataset import Tables

MAX_CHARS = 60  # a term, not a paragraph: longer text is not looked up


@dataclass(frozen=True)
class Resolved:
    """A typed form and the canonical term it stands for (``term`` None when none is known)."""

    typed: str
    term: str | None
    in_corpus: bool  # the term occurs in the dataset's vocabulary

    @property
    def note(self) -> str:
        """“輝達 → 英伟达” when the form differs from the term, else empty."""
        if self.term is None or self.term == self.typed:
            return ""
        return f"{self.typed} → {self.term}"


@lru_cache(maxsize=4096)
def pipeline_term(text: str) -> str | None:
    """The one canonical term the pipeline counts ``text`` as, or None (no term, or several)."""
    text = text.strip()
    if not text or len(text) > MAX_CHARS:
        return None
    found = paragraph_terms(text)
    return found[0].term if len(found) == 1 else None


def _vocab(tables: Tables) -> np.ndarray:
    return tables.index.vocab


def _in_vocab(vocab: np.ndarray, term: str) -> bool:
    at = int(np.searchsorted(vocab, term)) if len(vocab) else 0
    return at < len(vocab) and vocab[at] == term


def _lower_lookup(tables: Tables) -> dict[str, str]:
    """Lower-cased vocabulary term or recorded surface form → canonical term (computed once)."""

    def make() -> dict[str, str]:
        out: dict[str, str] = {}
        # recorded forms first: a term's own spelling (below) wins over a form of another term
        for term, form in zip(tables.forms["term"].tolist(), tables.forms["form"].tolist(), strict=True):
            out.setdefault(str(form).casefold(), str(term))
        for term in _vocab(tables).tolist():
            out[str(term).casefold()] = str(term)
        return out

    return tables.once("term-lookup", make)


def resolve_term(tables: Tables, text: str) -> Resolved:
    """The canonical term of ``text`` in this dataset: the term itself, the pipeline's canonical form
    of it, a recorded surface form or the term in any capitalisation (in that order)."""
    typed = text.strip()
    vocab = _vocab(tables)
    if not typed:
        return Resolved(typed, None, False)
    if _in_vocab(vocab, typed):
        return Resolved(typed, typed, True)
    canonical = pipeline_term(typed)
    if canonical is not None and _in_vocab(vocab, canonical):
        return Resolved(typed, canonical, True)
    hit = _lower_lookup(tables).get(typed.casefold())
    if hit is not None:
        return Resolved(typed, hit, True)
    # a term the pipeline knows but this corpus never uses: still named, so the page can say so
    return Resolved(typed, canonical, False)


def merged_terms(tables: Tables, text: str) -> set[str]:
    """Every term of this dataset that ``text`` names: itself, the pipeline's canonical form of it
    and the term of a recorded form in any capitalisation (a keyword search wants them all, e.g. a
    corpus built before an alias was added still counts the old spelling apart)."""
    typed = text.strip()
    if not typed:
        return set()
    vocab = _vocab(tables)
    found = {t for t in (typed, pipeline_term(typed)) if t is not None and _in_vocab(vocab, t)}
    hit = _lower_lookup(tables).get(typed.casefold())
    if hit is not None:
        found.add(hit)
    return found
