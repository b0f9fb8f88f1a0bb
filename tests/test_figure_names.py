"""A numeral inside a fixed name (a game format, an event) counts nothing."""

import pytest

from dashboard.pipeline.figures import extract_figures


@pytest.mark.parametrize(
    "text",
    [
        "港隊在七人欖球賽中奪得銀牌。",
        "她报名参加女子七项全能比赛。",
        "他在三级跳远决赛中发挥出色。",
        "本地五人制足球联赛今日开锣。",
    ],
)
def test_a_numeral_inside_a_name_is_no_count(text: str) -> None:
    assert extract_figures(text) == []


def test_the_name_leaves_real_counts_beside_it() -> None:
    figs = extract_figures("七人欖球賽共有16支球隊參加，港隊派出12人。", region="hongkong")
    assert [(f.value, f.unit) for f in figs] == [(16.0, "支"), (12.0, "人")]
