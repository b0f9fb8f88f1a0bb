"""N个半小时 (N and a half hours) states its span: no cue word is needed."""

import pytest

from dashboard.pipeline.figures import extract_figures


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("议员们辩论了整整四个半小时。", 4.5, "小时"),
        ("工程队抢修三個半小時才通车。", 3.5, "小时"),
        ("比赛前热身两分半钟。", 2.5, "分钟"),
    ],
)
def test_a_half_inside_the_unit_states_the_span(text: str, value: float, unit: str) -> None:
    assert [(f.value, f.unit) for f in extract_figures(text, region="mainland")] == [(value, unit)]


def test_a_point_in_time_is_still_no_span() -> None:
    assert extract_figures("三个半月后再复查。", region="mainland") == []
