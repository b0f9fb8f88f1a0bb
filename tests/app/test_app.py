"""AppTest for every page: defaults, shared-link parameters, empty filters, invalid parameters."""

from __future__ import annotations

import json

import pytest
from conftest import A2, A3, A4, APP
from conftest import run_app as run
from streamlit.testing.v1 import AppTest

PAGES = ["overview", "terms", "figures", "sources", "articles", "method"]
CHART_PAGES = {"overview", "terms", "figures", "sources"}


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_by_default(app_env, page):
    at = run(page)
    assert at.title[0].value == page.capitalize()
    if page in CHART_PAGES:
        assert len(charts(at)) >= 2
    assert not at.warning


@pytest.mark.parametrize("page", PAGES)
def test_shared_link_parameters_set_the_filters(app_env, page):
    at = run(page, lang=["zh-Hant"], topic="export_controls")
    assert at.multiselect(key="lang").value == ["zh-Hant"]
    assert at.multiselect(key="topic").value == ["export_controls"]
    if page == "overview":
        assert at.metric[0].value == "1"  # one traditional article about export controls
    assert "zh-Hant" in at.sidebar.code[0].value and "export_controls" in at.sidebar.code[0].value


@pytest.mark.parametrize("page", PAGES[:-1])
def test_filters_that_empty_the_data_show_a_friendly_state(app_env, page):
    at = run(page, lang="en", outlet="新浪")
    assert any("No articles match these filters" in i.value for i in at.info)
    assert not charts(at)


@pytest.mark.parametrize("page", PAGES)
def test_invalid_parameters_are_dropped_with_a_notice(app_env, page):
    at = run(page, lang=["xx", "en"], **{"from": "not-a-date", "undated": "maybe", "bogus": "1"})
    notes = " ".join(w.value for w in at.warning)
    assert "lang value “xx”" in notes and "from date" in notes and "bogus" in notes
    assert at.multiselect(key="lang").value == ["en"]


def test_date_range_and_undated_toggle(app_env):
    at = run(**{"from": "2024-04-01", "undated": "false"})
    assert at.metric[0].value == "2"
    at.toggle(key="undated").set_value(True).run()
    assert at.metric[0].value == "3"


def test_undated_articles_are_said_and_drawn_apart(app_env):
    at = run()
    assert "Undated articles: **1** of 4" in texts(at)
    timeline = next(c for c in charts(at) if "hconcat" in json.loads(c.proto.spec))
    assert "1 undated articles" in json.dumps(json.loads(timeline.proto.spec)["title"], ensure_ascii=False)
    at = run("terms", term="英伟达")
    specs = [json.loads(c.proto.spec) for c in charts(at)]
    over_time = next(s for s in specs if "over time" in json.dumps(s.get("title"), ensure_ascii=False))
    assert "1 of 4 occurrences are in undated articles" in json.dumps(over_time["title"], ensure_ascii=False)
    at = run("terms", term="英伟达", undated="false")  # undated articles filtered out: nothing to say
    assert "Every selected article" not in texts(at) and "undated articles, drawn" not in texts(at)


def test_reposts_and_near_duplicates_are_counted_filtered_and_badged(app_env):
    at = run()
    labels = [m.label for m in at.metric]
    assert at.metric[labels.index("Copies")].value == "2"  # A4 repost, A2 its near-duplicate
    at = run(copies="exclude")
    assert at.metric[0].value == "2"
    at = run(copies="only")
    assert at.metric[0].value == "2" and "copies=only" in at.sidebar.code[0].value
    at = run("articles")
    table = at.dataframe[0].value
    assert set(table.loc[table["copy"] != "", "article_id"]) == {A2, A4}
    assert "converted repost" in set(table["copy"]) and "near-duplicate" in set(table["copy"])
    at = run("articles", article=A2)
    assert ":violet-badge[:material/file_copy: Near-duplicate]" in texts(at)  # st.badge is markdown
    assert f"articles?article={A4}" in texts(at)
    at = run("articles", article=A4)
    assert "Converted repost]" in texts(at)


def test_terms_page_shows_keyword_in_context(app_env):
    at = run("terms", term="英伟达")
    md = texts(at)
    assert "**輝達**" in md and "**英伟达**" in md
    assert "(articles?article=" in md  # each line links to the article in the reader
    assert len(charts(at)) >= 4  # top terms, over time, by publisher, distinctive


@pytest.mark.parametrize("form", ["輝達", "英偉達", "NVIDIA", "Nvidia"])
def test_a_link_to_any_merged_form_opens_its_term(app_env, form):
    at = run("terms", term=form)
    assert at.selectbox(key="term").value == "英伟达"
    assert not at.warning
    assert f"{form} → 英伟达" in texts(at)
    assert "**輝達**" in texts(at)  # keyword in context of the canonical term
    assert at.query_params["term"] == form  # the shared link keeps the reporter's own form


def test_picker_lists_the_merged_forms_and_the_keyword_names_its_term(app_env):
    at = run("terms", q="Nvidia")
    picker = at.selectbox(key="term")
    assert any("英伟达" in o and "輝達" in o for o in picker.options)  # typing 輝達 finds 英伟达
    assert "Nvidia → 英伟达" in " ".join(c.value for c in at.sidebar.caption)
    picker.set_value("芯片").run()
    assert at.query_params["term"] == "芯片"


def test_terms_page_reports_unknown_page_values(app_env):
    at = run("terms", term="不存在的词", per="bogus", dim="colour")
    notes = " ".join(w.value for w in at.warning)
    assert "term value" in notes and "per value" in notes and "dim value" in notes
    assert at.radio(key="per").value == "raw" and at.selectbox(key="dim").value == "language"


def test_distinctive_terms_compare_one_publisher_with_the_rest(app_env):
    at = run("terms", dim="publisher", a="新浪")
    assert at.selectbox(key="a").value == "新浪"
    assert len(charts(at)) == 2  # top terms + distinctive terms


def test_keyword_filter_matches_any_script(app_env):
    at = run(q="輝達")
    assert at.metric[0].value == "3"


def test_article_reader_highlights_and_links_only_http(app_env):
    at = run("articles", article=A2)
    md = texts(at)
    body = "\n".join(h.value for h in at.html)  # paragraphs as HTML: they carry their language
    mark = '<mark style="background: {}; color: inherit">'
    assert mark.format("rgba(28, 131, 225, 0.18)") + "50億美元</mark>" in body
    assert mark.format("rgba(255, 164, 33, 0.22)") + "《華爾街日報》</mark>" in body
    assert mark.format("rgba(255, 43, 43, 0.18)") + "⚠" in body
    assert '<p lang="zh-Hant"' in body
    assert "(https://example.tw/a2)" in md
    at = run("articles", article=A3)
    assert "javascript:" not in texts(at)


def test_pages_show_labels_and_keep_ids_in_links_and_data(app_env):
    at = run(topic="export_controls")
    picker = at.multiselect(key="topic")
    assert picker.value == ["export_controls"]
    assert "Export controls and sanctions · 出口管制与制裁" in picker.options  # from topics.toml
    assert "supply_chain" in picker.options  # an id without a label is shown as it is
    picker.select("supply_chain").run()
    assert at.query_params["topic"] == ["export_controls", "supply_chain"]  # ids in the link
    specs = json.dumps([json.loads(c.proto.spec) for c in charts(at)], ensure_ascii=False)
    # the data-quality charts draw the labels (labelled frames), not the ids
    assert '"field": "cleaning"' in specs and '"field": "reason"' in specs
    at = run("terms", dim="topic", a="export_controls")
    assert at.selectbox(key="a").value == "export_controls"
    assert "Group A: Export controls and sanctions" in texts(at)
    at = run("articles")
    table = at.dataframe[0].value
    # short names where the table is narrow (topics.toml `short`), full names and ids as details
    assert "Export controls" in " ".join(table["topics"])
    assert "Export controls and sanctions" not in " ".join(table["topics"])
    assert "Export controls and sanctions" in " ".join(table["topic_names"])
    assert "export_controls" in " ".join(table["topic_ids"])


def test_figures_page_lists_every_figure(app_env):
    at = run("figures")
    table = at.dataframe[0].value
    assert len(table) == 4 and set(table["kind_of_figure"]) == {"Money", "Percentage"}  # labels, not ids
    assert "50亿 USD" in set(
        table["amount"]
    )  # 50億美元 as a Chinese reader counts it (exact value beside it)
    assert 5e9 in set(table["value"])
    claims = at.dataframe[1].value
    assert "amount" in claims and "claim_id" in claims  # the id stays in the data (CSV), not on show


@pytest.mark.parametrize("page", ["overview", "method"])
def test_missing_data_names_the_rebuild_command(tmp_path, monkeypatch, page):
    monkeypatch.setenv("CHIPWAR_DATA", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "make data" in at.error[0].value


def test_schema_mismatch_names_the_rebuild_command(app_env):
    (app_env / "meta.json").write_text(json.dumps({"schema_version": 0}), encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "make data" in at.error[0].value and "schema version" in at.error[0].value


@pytest.mark.parametrize(
    "params",
    [
        {"undated": "0"},  # a form dashboard.state accepts; the toggle may read the link otherwise
        {"lang": ["zh-Hant", "zh-Hant"], "undated": "no"},
        {"from": "2024-04-01", "to": "2024-03-01"},  # reversed: the To date is ignored
        {"q": "  Nvidia  "},
    ],
)
def test_page_drawn_before_the_sidebar_uses_the_sidebars_values(app_env, params):
    """The page is computed from the filters before the sidebar's widgets are drawn: whatever the
    link, the headline count is the one the widgets' values select (the run is redone if not)."""
    at = run(**params)
    widgets = AppTest.from_file(APP, default_timeout=60)
    widgets.run()
    widgets.multiselect(key="lang").set_value(at.multiselect(key="lang").value)
    widgets.date_input(key="from").set_value(at.date_input(key="from").value)
    widgets.date_input(key="to").set_value(at.date_input(key="to").value)
    widgets.toggle(key="undated").set_value(at.toggle(key="undated").value)
    widgets.text_input(key="q").set_value(at.text_input(key="q").value)
    widgets.run()
    assert not widgets.exception
    assert at.metric[0].value == widgets.metric[0].value
