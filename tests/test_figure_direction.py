"""A figure's direction: the word before it says it rose or fell; the number itself never changes."""

from __future__ import annotations

import pytest

from dashboard.pipeline.figures import extract_figures


def _one(text: str):
    figs = [f for f in extract_figures(text) if f.kind != "duration"]
    assert len(figs) == 1, [(f.text, f.kind) for f in figs]
    return figs[0]


@pytest.mark.parametrize(
    ("text", "value", "direction"),
    [
        ("今年一季度净利润下降3%。", 3.0, "down"),
        ("出口额同比增长12.5%。", 12.5, "up"),
        ("房价指数跌至150點。", 150.0, "down"),
        ("營收較去年同期減少二成。", 20.0, "down"),
        ("用户数增加了2万3500名。", 23500.0, "up"),
        ("Shares rose 4.2% on Monday.", 4.2, "up"),
        ("Exports fell by 3.1 per cent last year.", 3.1, "down"),
        ("出口增速为负2.7%。", -2.7, None),  # a rate noun, and the sign is the number's own
        ("净利润同比-15.4%。", -15.4, None),
        ("全年增幅为8%。", 8.0, None),
        ("出口同比负增长0.5%。", 0.5, "down"),  # negative growth is a fall, not a rise
        ("央行宣布下调存款准备金率0.25个百分点。", 0.25, "down"),  # a rate cut
        ("银行上调房贷利率0.1个百分点。", 0.1, "up"),
        ("该公司有员工3000名。", 3000.0, None),
        ("The fund holds up to 5% of the shares.", 5.0, None),  # "up to" is a ceiling
    ],
)
def test_direction_is_read_from_the_word_before_and_the_value_is_kept(text, value, direction):
    fig = _one(text)
    assert fig.value == value
    assert fig.direction == direction


def test_a_clause_break_ends_the_search():
    # 下降 belongs to the first clause; the second figure's clause says nothing about a move
    figs = extract_figures("利润下降了，员工有3000名。")
    assert [(f.value, f.direction) for f in figs] == [(3000.0, None)]


def test_a_duration_has_no_direction():
    figs = extract_figures("工期延长三年半。")
    assert [(f.kind, f.direction) for f in figs] == [("duration", None)]


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        # a move, then the level it reached: two figures, never a range from the move to the level
        ("恒生指数收市上升4.6点至18161.6点。", [(4.6, None, "点"), (18161.6, None, "点")]),
        ("加權指數下跌12.3點至3050.2點。", [(12.3, None, "点"), (3050.2, None, "点")]),
        ("该股全日上涨了0.5元至12.3元。", [(0.5, None, "CNY"), (12.3, None, "CNY")]),
        ("常住人口增加2万人至15万人。", [(20000.0, None, "人"), (150000.0, None, "人")]),
        # a narrow span after a direction word is a range, and so is one the sentence calls a range
        ("参加人数预计增加3至5人。", [(3.0, 5.0, "人")]),
        ("门票价格上涨5元至20元之间。", [(5.0, 20.0, "CNY")]),
        ("各区票价上涨5元至20元不等。", [(5.0, 20.0, "CNY")]),
        # rates: a forecast range after 增长 stays a range whatever the ratio
        ("今年出口预计增长2%至10%。", [(2.0, 10.0, "%")]),
    ],
)
def test_a_move_to_a_level_is_no_range(text: str, readings: list[tuple]) -> None:
    found = [(f.value, f.value_max, f.unit) for f in extract_figures(text, region="mainland")]
    assert found == readings
