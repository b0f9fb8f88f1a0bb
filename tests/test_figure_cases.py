"""Table-driven figure cases (tests/fixtures/figures/number_cases.csv): one sentence, one figure.

Every case is our own sentence in a form real Chinese and English news uses. Each must give
exactly the expected figure (value, range end, unit, kind) and nothing else; a ``none`` case
must give no figure at all: a wrong number is worse than a missing one.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from dashboard.pipeline.figures import extract_figures

CASES_FILE = Path(__file__).parent / "fixtures" / "figures" / "number_cases.csv"


def _cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


CASES = _cases()


def test_enough_cases_in_every_group() -> None:
    groups = {c["group"] for c in CASES}
    assert len(CASES) >= 150
    assert {"percent", "money", "count", "measure", "duration", "negative", "range", "approx"} <= groups
    assert {"english", "not"} <= groups
    assert sum(1 for c in CASES if c["region"]) >= 20  # regional readings


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_figure_case(case: dict[str, str]) -> None:
    figs = extract_figures(case["text"], region=case["region"] or None)
    got = [(f.text, f.value, f.value_max, f.unit, f.kind) for f in figs]
    if case["kind"] == "none":
        assert figs == [], got
        return
    assert len(figs) == 1, got
    f = figs[0]
    assert f.kind == case["kind"], got
    assert (f.unit or "") == case["unit"], got
    assert _close(f.value, float(case["value"])), got
    assert _close(f.value_max, float(case["value_max"]) if case["value_max"] else None), got
    assert case["text"][f.start : f.end] == f.text
