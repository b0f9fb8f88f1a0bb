"""Ringgit and sen said together (3令吉20仙), and a currency's name before 一 as "as soon as"."""

import pytest

from dashboard.pipeline.figures import extract_figures


def _read(text: str, region: str = "malaysia") -> list[tuple[str, float, str | None]]:
    return [(f.text, f.value, f.unit) for f in extract_figures(text, region=region)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("今早汇价报3令吉20仙。", [("3令吉20仙", 3.2, "MYR")]),
        ("一碗面涨到七令吉五仙。", [("七令吉五仙", 7.05, "MYR")]),
        ("零售价为50仙。", [("50仙", 0.5, "MYR")]),
        # another currency named before the sen keeps its own code
        ("门票是8新元30仙。", [("8新元30仙", 8.3, "SGD")]),
    ],
)
def test_ringgit_and_sen_are_one_amount(text: str, want: list) -> None:
    assert _read(text) == want


@pytest.mark.parametrize("text", ["他说令吉一贬值就有人叫苦。", "美元一走强，股市便下跌。"])
def test_one_after_a_currency_name_is_no_amount(text: str) -> None:
    assert _read(text) == []


def test_a_currency_name_before_one_with_a_scale_is_still_an_amount() -> None:
    assert _read("政府拨出令吉一亿援助小贩。") == [("令吉一亿", 100000000.0, "MYR")]
