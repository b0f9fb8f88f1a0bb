"""Term resolution: any form the pipeline merges (script, regional word, alias, capitalisation)
names its canonical term."""

from __future__ import annotations

import pytest

from dashboard.store.names import pipeline_term, resolve_term


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("英伟达", "英伟达"),  # the canonical term itself
        ("輝達", "英伟达"),  # Taiwan's name, traditional script
        ("英偉達", "英伟达"),  # Hong Kong's name
        ("NVIDIA", "英伟达"),  # English name, any capitalisation
        ("Nvidia", "英伟达"),
        ("晶片", "芯片"),  # regional word
        ("台積電", "台积电"),  # script only
        ("  芯片 ", "芯片"),
    ],
)
def test_any_merged_form_resolves_to_its_term(tables, typed, term):
    got = resolve_term(tables, typed)
    assert got.term == term and got.in_corpus
    assert got.note == ("" if typed.strip() == term else f"{typed.strip()} → {term}")


def test_term_in_other_capitalisation_resolves_through_the_vocabulary(tables):
    # the fixture counts "export curbs" as one term: any capitalisation finds it
    assert resolve_term(tables, "Export CURBS").term == "export curbs"
    # a recorded surface form names its term too
    assert resolve_term(tables, "市場份額").term == "市场份额"


def test_unknown_and_empty_forms_say_so(tables):
    assert resolve_term(tables, "").term is None
    got = resolve_term(tables, "川普")  # the pipeline knows it (特朗普), this corpus does not
    assert got.term == "特朗普" and not got.in_corpus
    assert not resolve_term(tables, "quantum widget").in_corpus


def test_the_lookup_is_the_pipelines_own():
    # aliases come from data/lexicon/aliases.csv through the pipeline's term counter
    assert pipeline_term("輝達") == pipeline_term("Nvidia") == "英伟达"
    assert pipeline_term("美国芯片出口管制") is None  # several terms: not one name
    assert pipeline_term("x" * 200) is None
