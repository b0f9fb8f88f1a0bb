"""縣市 (counties and cities) counts places in Taiwan writing; 縣市長 is an office, no count."""

from dashboard.pipeline.figures import extract_figures


def test_counties_and_cities_are_a_measure_word() -> None:
    figs = extract_figures("颱風外圍環流影響全台14縣市。", region="taiwan")
    assert [(f.value, f.unit) for f in figs] == [(14.0, "县市")]


def test_county_heads_are_no_count() -> None:
    assert extract_figures("本屆共選出22縣市長。", region="taiwan") == []
