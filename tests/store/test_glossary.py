"""Human labels for stored ids, and numbers as Chinese readers count them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.pipeline.analyse.topics import load_topics
from dashboard.pipeline.schema import CLEANING_COUNTS, Rule
from dashboard.store import glossary


def test_every_topic_has_a_label_in_each_script():
    for tid in load_topics():
        names = [glossary.label("topics", tid, s) for s in glossary.SCRIPTS]
        assert all(n and n != tid for n in names), tid
        assert len(set(names)) >= 2, tid  # English differs from Chinese
    assert glossary.label("topics", "nvidia_china", "zh_hant") == "輝達與中國市場"


def test_short_topic_names_fit_a_narrow_column_and_fall_back_to_the_label():
    for tid in load_topics():
        short = glossary.label("topics", tid, glossary.SHORT)
        assert short and short != tid and len(short) <= 20, tid
        assert len(short) <= len(glossary.label("topics", tid)), tid
    assert glossary.label("topics", "nvidia_china", glossary.SHORT) == "Nvidia in China"
    assert glossary.label("topics", "no_such_topic", glossary.SHORT) == "no_such_topic"


def test_every_rule_measure_and_kind_has_a_label():
    for rule in Rule:
        assert glossary.label("rules", rule.value) != rule.value
    for measure in CLEANING_COUNTS:
        assert glossary.label("measures", measure) != measure
    for kind in ("percent", "money", "count", "multiple", "fraction", "measure", "duration"):
        assert glossary.label("kinds", kind) != kind


def test_unknown_ids_show_as_they_are_and_ids_stay_beside_labels():
    assert glossary.label("rules", "some_new_rule") == "some_new_rule"
    frame = pd.DataFrame({"measure": ["pinyin_stripped", "new_measure"], "count": [3, 1]})
    out = glossary.labelled(frame, "measures", "measure", "cleaning")
    assert list(out.columns) == ["measure", "cleaning", "count"]
    assert list(out["cleaning"]) == ["Pinyin annotations stripped", "new_measure"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100_000_000_000, "1000亿"),
        (5e9, "50亿"),
        (52_000, "5.2万"),
        (1.5e12, "1.5万亿"),
        (9_999, "9999"),
        (0.35, "0.35"),
        (-3e8, "-3亿"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_zh_number(value, text):
    assert glossary.zh_number(value) == text


@pytest.mark.parametrize(
    ("value", "kind", "unit", "text"),
    [
        (95, "percent", "%", "95%"),  # a percentage keeps its sign, never shown as a bare 95
        (-2.7, "percent", "%", "-2.7%"),
        (0.5, "percent", "pp", "0.5 pp"),  # percentage points
        (2e10, "money", "USD", "200亿 USD"),
        (5e9, "money", "TWD", "50亿 TWD"),
        (15000, "count", "个", "1.5万个"),
        (3e8, "count", "颗", "3亿颗"),
        (7, "measure", "nm", "7 nm"),
        (24, "duration", "小时", "24小时"),
        (3, "multiple", "x", "3×"),
        (0.25, "fraction", None, "0.25"),
        (None, "money", "USD", "—"),
        (float("nan"), "count", "个", "—"),
    ],
)
def test_amount_by_kind_and_unit(value, kind, unit, text):
    assert glossary.amount(value, kind, unit) == text
