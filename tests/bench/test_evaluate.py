"""The real-article evaluator (``make eval``) scores figures the way its docstring says."""

from __future__ import annotations

from dashboard.bench.evaluate import FigureResult, Report, _spellings, match_figures, norm


def _g(text, value, unit, value_max=None):
    return {"text": text, "value": value, "value_max": value_max, "unit": unit}


def test_right_wrong_extra_and_missed():
    gold = [_g("1.5亿元", 1.5e8, "CNY"), _g("3.9%", 3.9, "%"), _g("20个小时", 20, "小时"), _g("5名", 5, "名")]
    found = [
        _g("约1.5亿元", 1.5e8, "CNY"),  # right (qualifier in the surface does not matter)
        _g("3.9%", -3.9, "%"),  # wrong sign
        _g("20个", 20, "个"),  # wrong unit, overlapping surface
        _g("2024年", 2024, "年"),  # extra
    ]
    out = FigureResult()
    match_figures("a.txt", gold, found, [], out)
    assert out.matched == 1
    assert [w[1] for w in out.wrong] == ["3.9% = 3.9 %", "20个小时 = 20 小时"]
    assert out.extra == [("a.txt", "2024年 = 2024 年")]
    assert out.missed == [("a.txt", "5名 = 5 名")]


def test_units_compare_across_scripts_and_plurals():
    out = FigureResult()
    match_figures(
        "b.txt",
        [_g("3輛", 3, "輛"), _g("5 cars", 5, "cars")],
        [_g("3辆", 3, "辆"), _g("5 cars", 5, "car")],
        [],
        out,
    )
    assert out.matched == 2 and not out.wrong


def test_range_end_must_match():
    out = FigureResult()
    match_figures("c.txt", [_g("20%至25%", 20, "%", 25)], [_g("20%", 20, "%")], [], out)
    assert out.matched == 0 and len(out.wrong) == 1


def test_thresholds_reported():
    rep = Report(files=1, kept=1, language_right=1)
    rep.figures = FigureResult(matched=9, gold=10, found=9)
    assert any(f.startswith("figure_recall 0.900") for f in rep.failures())
    assert norm("１２％ 億") == "12%亿"


def test_publisher_shown_by_its_canonical_name_matches_any_listed_spelling():
    assert norm("中央社") in _spellings("Central News Agency")
    assert norm("香港01") in _spellings("HK01")
    assert norm("中央社") not in _spellings("Reuters")
    assert _spellings(None) == set()


def test_misread_numbers_spares_only_a_duration_with_the_same_count():
    from dashboard.bench.evaluate import misread_numbers

    days = (
        {"text": "7个交易日", "kind": "duration", "value": 7, "unit": "天"},
        {"text": "7个交易日", "kind": "duration", "value": 7.0, "unit": "交易日"},
    )
    money = (
        {"text": "100元", "kind": "money", "value": 100, "unit": "HKD"},
        {"text": "100元", "kind": "money", "value": 100.0, "unit": "CNY"},
    )
    count = (
        {"text": "2万3500名", "kind": "count", "value": 23500, "unit": "名"},
        {"text": "3500名", "kind": "count", "value": 3500.0, "unit": "名"},
    )
    pairs = [("a", *days), ("b", *money), ("c", *count)]
    assert [name for name, _, _ in misread_numbers(pairs)] == ["b", "c"]


def test_numbers_without_a_unit_are_listed_apart_and_still_lower_precision():
    gold = [_g("385亿", 3.85e10, "HKD"), _g("5名", 5, "名")]
    found = [
        {**_g("385亿", 3.85e10, None), "kind": "number"},  # right value, gold's unit not said
        {**_g("一百二十三", 123, None), "kind": "number"},  # not annotated by gold
        {**_g("5名", 6, None), "kind": "number"},  # on a gold figure with another value: wrong
        {**_g("2024年", 2024, "年"), "kind": "duration"},  # an extra of another kind
    ]
    out = FigureResult()
    match_figures("d.txt", gold, found, [], out)
    assert out.matched == 0 and out.found == 4
    assert out.unit_unsaid == [("d.txt", "385亿 = 3.85e+10 HKD", "385亿 = 3.85e+10")]
    assert out.extra_numbers == [("d.txt", "一百二十三 = 123")]
    assert [w[2] for w in out.wrong] == ["5名 = 6"]
    assert out.extra == [("d.txt", "2024年 = 2024 年")]
    assert out.missed == []
    rep = Report(files=1, kept=1, language_right=1, figures=out)
    text = rep.render()
    assert "numbers without a unit, not annotated by gold  1" in text
    assert "figure precision   0.000 (0/4)" in text


def test_a_unit_price_matches_gold_that_gives_its_currency_alone():
    gold = [_g("80美元", 80, "USD"), _g("9000元", 9000, "CNY"), _g("3元", 3, "CNY/kg")]
    found = [
        _g("80美元", 80, "USD/barrel"),  # gold says USD only: right
        _g("9000元", 9000, "HKD/m2"),  # another currency: wrong
        _g("3元", 3, "CNY"),  # gold says per kg and the figure does not: wrong
    ]
    out = FigureResult()
    match_figures("p.txt", gold, found, [], out)
    assert out.matched == 1
    assert [w[2] for w in out.wrong] == ["9000元 = 9000 HKD/m2", "3元 = 3 CNY"]
