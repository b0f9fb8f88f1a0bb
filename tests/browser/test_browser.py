"""Real-browser tests: Playwright drives Debian's chromium against `streamlit run dashboard/app.py`."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import conftest
import pytest

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
# the first run of a cold server loads the tables; give every expectation room, never a fixed sleep
expect.set_options(timeout=90_000)

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "terms", "figures", "sources", "articles", "method"]
SHOTS = Path(os.environ.get("CHIPWAR_SHOTS") or tempfile.mkdtemp(prefix="chipwar-shots-"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    yield from conftest.tables_server(tmp_path_factory, "browser")


@pytest.fixture
def page(chromium):
    with conftest.browser_page(chromium, locale="zh-TW") as pg:
        yield pg


def _charts_drawn(page, minimum: int = 1) -> None:
    charts = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks')
    expect(charts.first).to_be_visible()
    assert charts.count() >= minimum


def test_shared_link_restores_filters_and_url_follows_changes(server, page):
    page.goto(f"{server}/?lang=zh-Hant&topic=export_controls")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    expect(sidebar.get_by_text("zh-Hant", exact=True)).to_be_visible()
    # the topic shows by its label (data/lexicon/topics.toml); the link keeps its id
    expect(sidebar.get_by_text("Export controls and sanctions · 出口管制与制裁", exact=True)).to_be_visible()
    # one zh-Hant article carries export_controls in the fixture
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("1")
    _charts_drawn(page)
    page.screenshot(path=str(SHOTS / "shared_link.png"), full_page=True)

    sidebar.get_by_role("combobox", name=re.compile("Publisher")).click()
    page.get_by_role("option", name="自由時報").click()
    expect(page).to_have_url(re.compile(r"outlet=%E8%87%AA%E7%94%B1%E6%99%82%E5%A0%B1"))
    expect(page).to_have_url(re.compile(r"lang=zh-Hant"))


def test_every_page_draws_and_keeps_filters(server, page):
    page.goto(f"{server}/?lang=zh-Hant")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    for name in PAGES:
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=re.compile(name, re.I)).click()
        path = "" if name == "overview" else name  # the default page lives at /
        expect(page).to_have_url(re.compile(rf":\d+/{path}\?(.*&)?lang=zh-Hant"))
        expect(page.get_by_role("heading", name=name.capitalize(), level=1, exact=True)).to_be_visible()
        if name in ("overview", "terms", "figures", "sources"):
            _charts_drawn(page)
        conftest.settled(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_invalid_link_values_are_reported(server, page):
    page.goto(f"{server}/figures?lang=xx&from=yesterday&bogus=1")
    expect(page.get_by_role("heading", name="Figures", level=1, exact=True)).to_be_visible()
    expect(page.get_by_text("Ignored unknown lang value")).to_be_visible()
    expect(page.get_by_text("Ignored invalid from date")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_filters_that_empty_the_data_show_a_friendly_message(server, page):
    page.goto(f"{server}/terms?lang=en&outlet=%E6%96%B0%E6%B5%AA")
    expect(page.get_by_text("No articles match these filters")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_clicking_a_term_bar_selects_it_into_the_url(server, page):
    page.goto(f"{server}/terms")
    expect(page.get_by_role("heading", name="Terms", level=1, exact=True)).to_be_visible()
    bars = page.locator('[data-testid="stVegaLiteChart"]').first.locator("g.mark-rect path")
    expect(bars.first).to_be_visible()
    conftest.click_until_url(page, bars.first, r"term=", timeout_ms=20_000)
    expect(page.get_by_role("heading", name=re.compile("in context"))).to_be_visible()
    conftest.settled(page)
    page.screenshot(path=str(SHOTS / "terms_clicked.png"), full_page=True)


def test_a_link_to_a_term_in_any_form_opens_the_term(server, page):
    # a Taiwan reporter's link: 輝達 is merged into 英伟达 by the pipeline
    page.goto(f"{server}/terms?term=%E8%BC%9D%E9%81%94")
    expect(page.get_by_role("heading", name="Terms", level=1, exact=True)).to_be_visible()
    expect(page.get_by_text("輝達 → 英伟达", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("英伟达.*in context"))).to_be_visible()
    expect(page.get_by_text("Ignored unknown term value")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"term=%E8%BC%9D%E9%81%94"))  # the link keeps her form
    # the picker finds a term by any merged form typed into it
    page.goto(f"{server}/terms")
    picker = page.get_by_role("combobox", name=re.compile("Selected term"))
    picker.click()
    picker.fill("晶片")
    option = page.get_by_role("option", name=re.compile("^芯片"))
    expect(option).to_be_visible()
    option.click()
    expect(page).to_have_url(re.compile(r"term=%E8%8A%AF%E7%89%87"))
    conftest.settled(page)
    page.screenshot(path=str(SHOTS / "term_alias.png"), full_page=True)


def test_undated_articles_are_said_and_drawn_apart(server, page):
    page.goto(f"{server}/")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Undated articles: 1 of 4"))).to_be_visible()
    chart_text = page.locator('[data-testid="stVegaLiteChart"] svg text')
    expect(chart_text.filter(has_text="No date").first).to_be_attached()  # the undated bar's axis
    expect(chart_text.filter(has_text="1 undated articles").first).to_be_attached()  # the subtitle
    page.goto(f"{server}/terms?term=%E8%8B%B1%E4%BC%9F%E8%BE%BE")
    expect(chart_text.filter(has_text="occurrences are in undated articles").first).to_be_attached()


def test_topic_labels_keep_ids_in_the_link_across_pages(server, page):
    page.goto(f"{server}/?topic=export_controls")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Export controls and sanctions · 出口管制与制裁", exact=True)).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=re.compile("terms", re.I)).click()
    expect(page.get_by_role("heading", name="Terms", level=1, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/terms\?(.*&)?topic=export_controls"))
    expect(sidebar.get_by_text("Export controls and sanctions · 出口管制与制裁", exact=True)).to_be_visible()
