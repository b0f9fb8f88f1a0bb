"""The numeral grammar (dashboard/pipeline/figures/numerals.py): Chinese, Arabic and mixed numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.figures.numerals import parse_number, scan_copy

CASES = [
    # plain and place-value numerals
    ("十", 10, None),
    ("十五", 15, None),
    ("一百零八", 108, None),
    ("三千零五", 3005, None),
    ("一千二百三十四", 1234, None),
    ("九百万", 9e6, None),
    ("一亿零三千四百", 100003400, None),
    ("一万零九百", 10900, None),
    # decimals
    ("零点五", 0.5, None),
    ("〇点二九", 0.29, None),
    ("一点五亿", 1.5e8, None),
    ("三点二万亿", 3.2e12, None),
    ("十四点四九五亿", 1.4495e9, None),
    ("二百零九点一六亿", 2.0916e10, None),
    ("二.二亿", 2.2e8, None),
    # big scales, 兆 as 10^12
    ("1.2万亿", 1.2e12, None),
    ("三万五千亿", 3.5e12, None),
    ("2万亿5000亿", 2.5e12, None),
    ("三兆二千亿", 3.2e12, None),
    ("千亿", 1e11, None),
    ("1,000亿", 1e11, None),
    # mixed Arabic/Chinese compounds
    ("2万3500", 23500, None),
    ("3万4000", 34000, None),
    ("2亿五千万", 2.5e8, None),
    ("3亿两千四百万", 3.24e8, None),
    ("1954万8531", 19548531, None),
    ("1903万770", 19030770, None),
    ("12万8千", 128000, None),
    ("25亿9187.9万", 2591879000, None),
    ("1亿2000万", 1.2e8, None),
    ("3亿5千万", 3.5e8, None),
    ("1万亿5千亿", 1.5e12, None),
    ("3万4000亿", 3.4e12, None),  # four digits after 万, counting 亿s: 3.4万亿
    ("1万2000亿", 1.2e12, None),
    # digit by digit (Taiwan press)
    ("一八九四万", 1.894e7, None),
    ("一〇三六万九八八九", 10369889, None),
    ("六六七点六万", 6.676e6, None),
    ("十万四三四八", 104348, None),
    ("四五八", 458, None),
    # abbreviated last place
    ("三千四百五", 3450, None),
    ("两万六", 26000, None),
    ("一亿二", 1.2e8, None),
    ("2万3", 23000, None),
    # tens words and financial numerals
    ("卅八", 38, None),
    ("廿五", 25, None),
    ("壹万贰仟", 12000, None),
    ("叁佰", 300, None),
    # ranges of neighbouring digits
    ("两三", 2, 3),
    ("三四十", 30, 40),
    ("二十五六", 25, 26),
    ("六七千", 6000, 7000),
    ("八百五六十", 850, 860),
    # the same scale again multiplies all before it; a bigger one after 万亿 adds
    ("一万三千万", 1.3e8, None),
    ("五十万亿零三千一百万零二十四", 50000031000024, None),
    ("一亿零七万两千三百", 100072300, None),
    # Arabic before 万/亿, the rest written out
    ("100万三千", 1003000, None),
    ("300亿零五千120", 30000005120, None),
    # 三五 is "three or five"
    ("三五", 3, 5),
    ("三五百", 300, 500),
    # financial 陆 and 參 beside other financial numerals
    ("陆仟", 6000, None),
    ("贰拾陆", 26, None),
    ("參佰", 300, None),
    # scientific notation
    ("1.5×10^6", 1.5e6, None),
    ("3×10⁸", 3e8, None),
    ("2.5e3", 2500, None),
    # English scales
    ("500 billion", 5e11, None),
    ("3.2bn", 3.2e9, None),
    ("1.2 trillion", 1.2e12, None),
]


@pytest.mark.parametrize(("text", "value", "value_max"), CASES)
def test_numeral(text: str, value: float, value_max: float | None) -> None:
    got, got_max = parse_number(scan_copy(text))
    assert math.isclose(got, value, rel_tol=1e-9), (text, got)
    assert (got_max is None) == (value_max is None)
    if value_max is not None:
        assert math.isclose(got_max, value_max, rel_tol=1e-9)


@pytest.mark.parametrize(
    "text",
    # 一千五万 is 1,005万 as written or 1,500万 as spoken; 一五 / 九八 are years or codes
    # 1.2万5, 3.5亿2千万, 一点五万三: a decimal closed by a scale takes no smaller digits after it
    [
        *("千百", "十十", "百分", "一八九四十", "十一五", "一千五万", "三百五万", "一五", "九八万"),
        *("2万3千万", "1.2万5", "3.5亿2千万", "2.5亿5000万", "一点五万三"),
        # a decimal in the group below 亿 with its 万 missing: 31亿2746.3 is no number
        *("31亿2746.3", "8亿305.25", "六亿七千点五"),
    ],
)
def test_malformed_numeral_reads_as_nothing(text: str) -> None:
    """Never a plausible wrong value: a numeral that breaks the grammar gives NaN."""
    assert math.isnan(parse_number(text)[0])


# ---------------------------------------------------------------- property: render and read back

_D = "零一二三四五六七八九"


def _section(n: int, *, liang: bool = False) -> str:
    """Chinese numeral for 0 < n < 10000 in the standard form (三千零五, 一万 is not here)."""
    out, zero = "", False
    for place, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        digit = "两" if (liang and d == 2 and place >= 100) else _D[d]
        out += digit + word
    return out


def to_chinese(n: int, *, liang: bool = False) -> str:
    """Standard Chinese numeral for 0 < n < 10^16."""
    parts = []
    for scale, word in ((10**12, "兆"), (10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // scale % 10000 if scale < 10**12 else n // scale
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_section(chunk, liang=liang) + word)
        elif parts and not parts[-1].startswith("零") and n % scale:
            pass
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**13 - 1), st.booleans())
def test_standard_numerals_read_back(n: int, liang: bool) -> None:
    assert parse_number(to_chinese(n, liang=liang))[0] == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_digit_by_digit_and_mixed_forms_read_back(high: int, low: int) -> None:
    digits = "".join(_D[int(c)].replace("零", "〇") for c in str(high))
    if len(str(high)) == 2:
        # 五六万 and 三五万 are ranges (tested in CASES); any other two digits in a row are a year
        # or a slip (一五年, 九八万), read as nothing
        if int(str(high)[1]) != int(str(high)[0]) + 1 and str(high) != "35":
            assert math.isnan(parse_number(f"{digits}万")[0])
        return
    assert parse_number(f"{digits}万")[0] == high * 10**4  # 一八九四万
    if low >= 10:
        assert parse_number(f"{high}万{low}")[0] == high * 10**4 + low  # 1954万8531


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=9))
def test_decimals_read_back(whole: int, tenth: int) -> None:
    text = to_chinese(whole) + "点" + _D[tenth] + "亿"
    assert math.isclose(parse_number(text)[0], (whole + tenth / 10) * 1e8, rel_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_the_same_scale_again_multiplies_all_before_it(n: int) -> None:
    """一万三千万 = (一万三千)万 = 1.3亿: a 万 after a numeral that already has one multiplies it."""
    text = to_chinese(n) + "万"
    assert parse_number(text)[0] == n * 10**4


@pytest.mark.parametrize("place", ["百", "千"])
@pytest.mark.parametrize("scale", ["万", "亿"])
@pytest.mark.parametrize("first", list("一二三四五六七八九"))
@pytest.mark.parametrize("second", list("一二三四五六七八九"))
def test_abbreviated_place_before_a_scale_reads_as_nothing(
    first: str, place: str, second: str, scale: str
) -> None:
    """一千五万: 1,005万 as written or 1,500万 as spoken; neither is guessed."""
    assert math.isnan(parse_number(f"{first}{place}{second}{scale}")[0])


@pytest.mark.parametrize(
    ("text", "scan"),
    [
        ("陆仟", "六千"),
        ("贰拾陆元", "二十六元"),
        ("參佰", "三百"),
        ("大陆企业参加展会", "大陆企业参加展会"),  # words, not numerals: left as written
        ("陆续有人参观", "陆续有人参观"),
    ],
)
def test_six_and_three_fold_only_beside_a_financial_numeral(text: str, scan: str) -> None:
    assert scan_copy(text) == scan


def test_ten_right_after_wan_starts_a_new_number() -> None:
    # 五百六十萬十八歲及以上人士: 5.6 million people aged 18 and over, never 5,600,018 (a remainder
    # under a thousand is written after 零)
    from dashboard.pipeline.figures import extract_figures

    assert [f.value for f in extract_figures("全城有約三百二十萬十八歲以上的選民。", region="hongkong")] != [
        3200018.0
    ]
    assert [f.value for f in extract_figures("全城有三百二十萬零十八人。", region="hongkong")] == [3200018.0]
    assert [f.value for f in extract_figures("全城有三萬五千人。", region="hongkong")] == [35000.0]


def test_decimal_below_yi_without_wan_gives_no_figure() -> None:
    """31亿2746.3(万 garbled)人: no reading at all rather than 3,100,002,746.3 people."""
    from dashboard.pipeline.figures import extract_figures

    figs = extract_figures("接种人数累计达31亿2746.3各万人次。", region="mainland")
    assert all(not math.isclose(f.value, 3100002746.3) for f in figs)
    assert [f.value for f in extract_figures("接种人数累计达31亿2746.3万人次。", region="mainland")] == [
        3127463000.0
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("三八亿四一五二万六千", 3841526000.0), ("七二亿一〇〇五万", 7210050000.0)],
)
def test_two_digit_group_before_yi_reads_when_the_next_group_is_digit_by_digit(
    text: str, value: float
) -> None:
    """A budget line writes every group digit by digit: 三八亿四一五二万 is 38亿4152万."""
    assert parse_number(text)[0] == value


def test_a_two_digit_group_alone_before_yi_stays_unread() -> None:
    assert math.isnan(parse_number("三八亿")[0])


@pytest.mark.parametrize(
    ("text", "value"),
    [("房价分别上涨0.7%和2. 3%。", [0.7, 2.3]), ("出口增长14. 5%。", [14.5]), ("1. 5%的选民未投票。", [])],
)
def test_a_space_typed_after_a_decimal_point_before_percent(text: str, value: list) -> None:
    """2. 3% inside a sentence is 2.3 %; at a line's start "1. " numbers a list and is not joined."""
    from dashboard.pipeline.figures import extract_figures

    assert [f.value for f in extract_figures(text, region="singapore")] == value
