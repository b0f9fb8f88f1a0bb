"""AppTest: page pickers show human labels while the URL keeps the ids (and a shared id link works)."""

from __future__ import annotations

from conftest import A2
from conftest import run_app as run
from streamlit.testing.v1 import AppTest


def _param(at: AppTest, key: str) -> str:
    """The one value of ``key`` in the app's URL (AppTest keeps a value or a list of values)."""
    value = at.query_params[key]
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def test_figure_kind_picker_shows_labels_and_keeps_the_id_in_the_link(app_env):
    at = run("figures")
    kind = at.selectbox(key="kind")
    assert "Percentage · 百分比" in kind.options and "percent" not in kind.options
    assert kind.value is None and "kind" not in at.query_params
    kind.set_value("money").run()
    assert _param(at, "kind") == "money"  # the id, not "Money · 金额"
    assert set(at.dataframe[0].value["kind_of_figure"]) == {"Money"}
    at.selectbox(key="kind").set_value(None).run()
    assert "kind" not in at.query_params


def test_a_shared_kind_link_opens_on_that_kind(app_env):
    at = run("figures", kind="percent")
    assert at.selectbox(key="kind").value == "percent"
    assert _param(at, "kind") == "percent"
    assert set(at.dataframe[0].value["kind_of_figure"]) == {"Percentage"}
    assert not at.warning


def test_group_pickers_show_topic_labels_and_keep_ids_in_the_link(app_env):
    at = run("terms", dim="topic", a="ai")
    group_a = at.selectbox(key="a")
    assert group_a.value == "ai" and _param(at, "a") == "ai"  # a shared link's id opens the group
    assert "Export controls and sanctions · 出口管制与制裁" in group_a.options
    assert "export_controls" not in group_a.options
    group_a.select("Export controls and sanctions · 出口管制与制裁").run()  # chosen by its label
    assert at.selectbox(key="a").value == "export_controls"
    assert _param(at, "a") == "export_controls"  # the id in the link, not the label
    assert "Group A: Export controls and sanctions" in "\n".join(c.value for c in at.caption)
    at.selectbox(key="b").select("ai").run()
    assert _param(at, "b") == "ai" and _param(at, "a") == "export_controls"


def test_an_unknown_group_in_the_link_is_reported_and_dropped(app_env):
    at = run("terms", dim="topic", a="no_such_topic")
    assert any("Ignored unknown a value" in w.value for w in at.warning)
    assert "a" not in at.query_params


def test_amounts_follow_the_kind_and_missing_numbers_show_a_dash(app_env):
    at = run("figures")
    table = at.dataframe[0].value
    amounts = dict(zip(table["text"], table["amount"], strict=True))
    percent = table.loc[table["kind_of_figure"] == "Percentage", "amount"]
    assert len(percent) and all(a.endswith("%") for a in percent)  # never a bare "95"
    assert "50亿 USD" in set(amounts.values())
    assert table["value_usd"].isna().any()  # a non-money figure has no USD value in the data …
    for frame in at.dataframe:
        assert frame.proto.placeholder == "—"  # … and every table shows a missing cell as "—"


def test_every_table_on_every_page_shows_missing_cells_as_a_dash(app_env):
    seen = 0
    for page, params in (("overview", {}), ("sources", {}), ("articles", {"article": A2})):
        at = run(page, **params)
        for frame in at.dataframe:
            assert frame.proto.placeholder == "—", page
            seen += 1
    assert seen >= 3
