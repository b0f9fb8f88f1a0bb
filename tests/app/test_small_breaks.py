"""AppTest: labels on every page, one warning per problem, and every shareable selection in the URL."""

from __future__ import annotations

from conftest import A2, A4, APP
from conftest import run_app as run
from streamlit.testing.v1 import AppTest

A4_LABEL = "(no title) “晶片戰持續,輝達在華市場份額下降20%。” · 明報 · undated"


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    return "\n".join(str(p) for p in parts)


def test_reversed_date_range_shows_one_warning(app_env):
    at = run(**{"from": "2024-05-01", "to": "2024-01-01"})
    reversed_notes = [w.value for w in at.warning if "before" in w.value]
    assert len(reversed_notes) == 1, reversed_notes


def test_articles_table_and_reader_use_the_display_label(app_env):
    at = run("articles", article=A4)
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["article", "publisher", "published"]
    assert not table.astype(str).isin(["None", "nan", "NaT"]).any().any()
    assert at.header[0].value.replace("\\", "") == A4_LABEL
    # the reader's count of removed lines is the table's lines_removed
    row = table[table["article_id"] == A4].iloc[0]
    assert any(f"Lines removed by cleaning ({row['lines_removed']})" in e.label for e in at.expander)
    picker = at.selectbox(key="article_pick")
    assert picker.format_func(A4) == A4_LABEL


def test_kwic_lines_name_the_article_not_the_file(app_env):
    at = run("terms", term="台积电")
    md = _texts(at).replace("\\", "")
    assert "(no title) “晶片戰持續" in md and "· 明報 · undated" in md and "003.txt" not in md


def test_one_article_group_warns(app_env):
    at = run("terms", dim="publisher", a="明報")
    notes = " ".join(w.value for w in at.warning)
    assert "1 article" in notes and "one article" in notes
    at = run("terms", dim="language", a="zh-Hant")  # two traditional articles: no warning
    assert not [w for w in at.warning if "one article" in w.value]


def test_outlet_sentences_from_the_url_link_to_the_reader(app_env):
    at = run("sources", sentences="彭博社")
    md = _texts(at)
    assert "(articles?article=" + A4 + ")" in md
    assert "(no title)" in md.replace("\\", "")  # the article's label, not its file or id
    assert "彭博社" in at.query_params["sentences"]


def test_unknown_outlet_in_the_url_is_reported(app_env):
    at = run("sources", sentences="不存在")
    assert any("sentences value" in w.value for w in at.warning)


def test_sources_types_live_in_the_url(app_env):
    at = run("sources", types="government")
    assert at.multiselect(key="types").value == ["government"]


def test_selected_figure_lives_in_the_url(app_env):
    at = run("figures", figure=f"{A2}:0:50億美元")
    md = _texts(at)
    context = "\n".join(h.value for h in at.html)
    assert "50億美元</mark>" in context and '<p lang="zh-Hant"' in context and "paragraph 0" in md
    assert "輝達晶片禁令 · 自由時報 · 2024-04-09" in md.replace("\\", "")


def test_overview_path_opens_the_overview(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception and at.title[0].value == "Overview"


def test_tables_show_no_missing_markers(app_env):
    at = run("figures")
    for frame in (df.value for df in at.dataframe):
        text = frame.select_dtypes(exclude="number").astype(str)
        assert not text.isin(["None", "nan", "NaT", "<NA>"]).any().any(), frame.columns.tolist()


def test_readable_fills_text_and_dates_only():
    import pandas as pd

    from dashboard.ui.render import MISSING, readable

    frame = pd.DataFrame(
        {
            "subject": ["芯片", None],
            "when": pd.to_datetime(["2024-01-02", None]),
            "value": [1.5, float("nan")],
            "spans": [[1, 2], []],
        }
    )
    out = readable(frame)
    assert out["subject"].tolist() == ["芯片", MISSING]
    assert out["when"].tolist() == ["2024-01-02", MISSING]
    assert out["value"].isna().tolist() == [False, True]  # numbers stay numeric
    assert out["spans"].tolist() == [[1, 2], []]
    assert frame["subject"].isna().sum() == 1  # the CSV's frame is untouched
