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
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # a unit price is written CNY/m2 in the cases: the currency, then what it is per
    assert (f.unit or "") + (f"/{f.per}" if f.per else "") == case["unit"], got
    assert _close(f.value, float(case["value"])), got
    assert _close(f.value_max, float(case["value_max"]) if case["value_max"] else None), got
    assert case["text"][f.start : f.end] == f.text


# ---------------------------------------------------------------- property: values with units

_D = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Standard Chinese numeral for 0 < n < 10^8 (三千零五, 十二万零三百)."""

    def section(k: int) -> str:
        out, zero = "", False
        for place, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // place % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out, zero = out + "零", False
            out += _D[d] + word
        return out

    high, low = divmod(n, 10**4)
    if not high:
        return section(low)
    return section(high) + "万" + ("零" if 0 < low < 1000 else "") + (section(low) if low else "")


_FORMS = [
    # (template, unit as read, kind, value multiplier)
    ("公司投资{n}元建厂。", "CNY", "money", 1),
    ("公司投资{n}亿元建厂。", "CNY", "money", 1e8),
    ("全市有{n}家企业。", "家", "count", 1),
    ("新建道路{n}公里。", "km", "measure", 1),
    ("电站装机{n}千瓦。", "kW", "measure", 1),
    ("硬盘容量{n}GB。", "GB", "measure", 1),
]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10, max_value=99_999_999), st.sampled_from(_FORMS), st.booleans())
def test_rendered_values_read_back(n: int, form: tuple[str, str, str, float], arabic: bool) -> None:
    """A value rendered as a Chinese (or Arabic) numeral before a unit reads back exactly."""
    template, unit, kind, mult = form
    numeral = str(n) if arabic or unit == "GB" else _cn(n)
    figs = extract_figures(template.format(n=numeral), region="mainland")
    assert [(f.kind, f.unit) for f in figs] == [(kind, unit)]
    assert figs[0].value == n * mult


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_rendered_decimals_with_scale_read_back(whole: int, tenth: int) -> None:
    """一点五亿元 / 十四点四九五亿美元: a decimal before the scale word."""
    text = f"营收{_cn(whole)}点{_D[tenth]}亿美元。"
    figs = extract_figures(text)
    assert len(figs) == 1 and figs[0].unit == "USD"
    assert math.isclose(figs[0].value, (whole + tenth / 10) * 1e8, rel_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_three_digits_after_a_separator_are_never_read_alone(head: int, tail: int) -> None:
    """1，234家 / 1 234家: a Chinese-keyboard comma or a space may be a thousands separator, so the
    three digits after it are never a figure of their own (a wrong count of 234)."""
    for sep in ("，", " "):
        figs = extract_figures(f"全市共有{head}{sep}{tail:03d}家餐馆。")
        assert all(f.value != tail for f in figs), [(f.text, f.value) for f in figs]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_written_out_remainder_after_arabic_scale(high: int, low: int) -> None:
    """100万三千元: Arabic digits before 万, the rest written out, read as one amount or not at all."""
    rest = _cn(low)
    figs = extract_figures(f"合同总额为{high}万{rest}元。", region="mainland")
    values = [f.value for f in figs]
    if rest[0] in _D and rest[1:2] in ("十", "百", "千"):
        assert values == [high * 10**4 + low]
    else:
        assert values in ([], [high * 10**4 + low])  # 5万十五元 is not one amount: nothing


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("今年增幅为百分之十几。", 10, "几"),  # ten-something percent: 10 is only the lower bound
        ("今年增幅为百分之二十多。", 20, "多"),
        ("今年增幅为百分之三十左右。", 30, "左右"),
        ("今年利润增长三倍多。", 3, "多"),
        ("市场份额达两成多。", 20, "多"),
        ("今年樓價升咗兩成幾。", 20, "几"),  # Hong Kong 幾 after 成: twenty-odd percent
        ("佢喺間公司做咗三年幾。", 3, "几"),
        ("事故造成百余人受伤。", 100, "余"),
        ("这次活动吸引了二十几万人。", 200000, "几"),
        ("基金今年募集了五百多万。", 5e6, "多"),
        ("装修一共花了两百来万元。", 2e6, "来"),
        ("呢部電話賣千幾蚊。", 1000, "几"),
        ("进口占比三分之一以上。", 1 / 3, "以上"),
        ("测量误差在正负2%以内。", 2, "正负"),  # a tolerance, not a plain 2 %
        ("外資賣超新台幣123億元。", 1.23e10, None),  # 賣超 is net selling, not "more than"
        ("今年出超達新台幣1.5兆元。", 1.5e12, None),  # 出超 is a trade surplus
        ("近三年来，该市的人口持续增长。", 3, None),  # 近 + a span: "the last three years"
        ("该品牌近五年的销量平稳。", 5, None),
        ("这座大桥的工程历时近两年。", 2, "近"),  # after a span verb: "nearly two years"
        ("他在这家工厂工作了近十年。", 10, "近"),
    ],
)
def test_a_hedge_goes_to_the_qualifier(text: str, value: float, qualifier: str | None) -> None:
    """A hedged number (more than, about, -odd) keeps its hedge: its value alone is a lower bound."""
    figs = extract_figures(text, region="mainland" if "元" in text else "hongkong" if "蚊" in text else None)
    assert [(f.value, f.qualifier) for f in figs] == [(value, qualifier)]


def test_a_half_after_a_multiple() -> None:
    """两倍半 is two and a half times, never read as twice."""
    assert [(f.value, f.unit) for f in extract_figures("产量是去年的两倍半。")] == [(2.5, "x")]


# ---------------------------------------------------------------- property: numbers with no unit


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=100, max_value=99_999_999), st.booleans())
def test_bare_numerals_with_a_place_or_scale_word_read_back(n: int, arabic_scale: bool) -> None:
    """募集了一千二百三十四万 / 总数为3万4000: said with no unit, still read (kind number, no unit)."""
    numeral = _cn(n)
    if arabic_scale and n >= 10**4:
        high, low = divmod(n, 10**4)
        numeral = f"{high}万{low}" if low else f"{high}万"  # 3万4000 (the remainder as written)
        if 0 < low < 1000:
            # 3万零五十: the press writes the 零 (a lone digit after it, 15万零一, is not read whole)
            numeral = f"{high}万零{_cn(low)}" if low >= 10 else _cn(n)
    if not any(d in numeral for d in "0123456789零一二三四五六七八九"):
        return  # 十万 alone is not read (hyperbole as often as a count)
    figs = extract_figures(f"他们今年募集了{numeral}。")
    assert [(f.kind, f.unit) for f in figs] == [("number", None)], numeral
    assert figs[0].value == n, numeral


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99))
def test_bare_arabic_integers_and_lone_chinese_tens_are_never_read(n: int) -> None:
    """2024, 128, 二十三: a year, a code or a number whose unit is said elsewhere; nothing is read."""
    for numeral in (str(n), str(2000 + n), _cn(n)):
        assert extract_figures(f"该项目的编号是{numeral}。") == [], numeral


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from([(1.0, ""), (1e4, "万"), (1e8, "亿")]),
    st.sampled_from(["到", "至", "-", "~"]),
    st.booleans(),
)
def test_a_range_shares_the_scale_of_its_upper_end(
    a: int, gap: int, scale: tuple[float, str], conn: str, arabic: bool
) -> None:
    """一百二十到一百五十万元 is 1.2 to 1.5 million (never 120 to 1.5 million); 3-5亿 is 3 to 5 亿."""
    b = a + gap
    mult, word = scale
    if not word and b >= 100 * a:
        return  # 一到六千九百元: 1 to 6,900 or 100 to 6,900? ends this far apart are not read
    if word and not arabic and a < 10 and b % 10 == 0 and b >= 10 * a:
        return  # 一到二百万元 is 1 to 2 million: a lone digit takes the 百万 of the upper end (README)
    low, high = (str(a), str(b)) if arabic else (_cn(a), _cn(b))
    figs = extract_figures(f"预计投资{low}{conn}{high}{word}元。", region="mainland")
    assert [(f.value, f.value_max, f.unit) for f in figs] == [(a * mult, b * mult, "CNY")], (low, high, word)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1000, max_value=9999), st.integers(min_value=1, max_value=9))
def test_a_lower_end_that_no_scale_fits_is_read_as_written(a: int, b: int) -> None:
    """8000到1万元: 8000万 would pass the upper end, so the lower end is 8,000 as written."""
    if a >= b * 10**4:
        return
    figs = extract_figures(f"月薪{a}到{b}万元。", region="mainland")
    assert [(f.value, f.value_max) for f in figs] == [(a, b * 1e4)]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1000, max_value=99_999_999),
    st.sampled_from(["'", "’", "·", " . ", ". ", " ", " · "]),
    st.sampled_from(["元", "万元", "%", "吨"]),
)
def test_a_number_split_by_a_separator_is_read_whole_or_not_at_all(n: int, sep: str, unit: str) -> None:
    """1'234'567元, 5·5万元, 5 . 5万元, 7 2 折: never a tail of the number read on its own."""
    head, tail = divmod(n, 1000)
    text = f"去年营收{head}{sep}{tail:03d}{unit}。"
    whole = {float(f"{head}{tail:03d}"), float(f"{head}.{tail:03d}")}  # a thousands mark or a point
    scale = 1e4 if unit == "万元" else 1.0
    for f in extract_figures(text, region="mainland"):
        assert f.value / scale in whole, (text, f.text, f.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大巴全程行驶3小时300公里。", [(3, "小时"), (300, "km")]),
        ("车队开了三个小时两百公里。", [(3, "小时"), (200, "km")]),
        ("过去24小时100毫米。", [(24, "小时"), (100, "mm")]),
    ],
)
def test_a_distance_after_the_hours_spent_is_no_speed(text: str, expected: list[tuple[float, str]]) -> None:
    """3小时300公里 is 300 km covered in three hours, never 300 km/h (每小时300公里 is a speed)."""
    assert [(f.value, f.unit) for f in extract_figures(text, region="mainland")] == expected
