"""Earthquake magnitude (unit M) and intensity on the local scale (unit intensity)."""

import pytest

from dashboard.pipeline.figures import extract_figures


def _read(text: str, region: str = "taiwan") -> list[tuple[float, float | None, str | None]]:
    return [(f.value, f.value_max, f.unit) for f in extract_figures(text, region=region)]


@pytest.mark.parametrize(
    ("text", "region", "want"),
    [
        ("宜蘭外海清晨發生芮氏規模6.1地震。", "taiwan", [(6.1, None, "M")]),
        ("山区昨晚发生里氏3.8级地震。", "mainland", [(3.8, None, "M")]),
        ("这是一次4.7级地震。", "mainland", [(4.7, None, "M")]),
        ("本次地震规模达5.9，震源深度12公里。", "mainland", [(5.9, None, "M"), (12.0, None, "km")]),
        ("百年来共有3次6.0—6.9级地震。", "mainland", [(3.0, None, "次"), (6.0, 6.9, "M")]),
        ("两次地震的震级差为1.8。", "mainland", [(1.8, None, "M")]),
    ],
)
def test_magnitude_is_a_measure_in_m(text: str, region: str, want: list) -> None:
    assert _read(text, region) == want


def test_intensity_after_the_word_and_in_a_list_of_places() -> None:
    got = _read("本次地震最大震度為3級，其餘地區震度為台中市2級、苗栗縣1級。")
    assert got == [(3.0, None, "intensity"), (2.0, None, "intensity"), (1.0, None, "intensity")]
    assert _read("山區測到4級震度。") == [(4.0, None, "intensity")]


@pytest.mark.parametrize(
    "text",
    ["該院是三級醫院。", "風險等級已調升為3級。", "公司规模达5.6，排名靠前。", "他是国家一级运动员。"],
)
def test_other_levels_are_no_quake_figure(text: str) -> None:
    assert all(u not in ("M", "intensity") for _, _, u in _read(text))


def test_wind_force_stays_beaufort() -> None:
    assert _read("沿海有东北风5到6级。", "mainland") == [(5.0, 6.0, "Bft")]


def test_an_intensity_list_goes_on_in_the_next_sentence_only_with_more_places() -> None:
    got = _read("各地最大震度為新竹縣3級。苗栗市、頭份2級;台中市1級。")
    assert got == [(3.0, None, "intensity"), (2.0, None, "intensity"), (1.0, None, "intensity")]
    assert _read("最大震度為3級。颱風警戒等級為2級。") == [(3.0, None, "intensity")]
