"""Real browser: the Overview's own path, a cited outlet's sentences kept in the URL with links to
the reader, and the SVG download every chart offers."""

from __future__ import annotations

import re
from pathlib import Path

import conftest
import pytest

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=90_000)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    yield from conftest.tables_server(tmp_path_factory, "shares")


@pytest.fixture
def page(chromium):
    with conftest.browser_page(chromium, accept_downloads=True) as pg:
        pg.set_viewport_size({"width": 1280, "height": 800})
        yield pg


def test_overview_path_opens_the_overview(server, page):
    page.goto(f"{server}/overview?lang=zh-Hant")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("2")
    conftest.settled(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_cited_outlet_click_lists_linked_sentences_and_stays_in_the_url(server, page):
    page.goto(f"{server}/sources")
    expect(page.get_by_role("heading", name="Sources", level=1, exact=True)).to_be_visible()
    bars = page.locator(".st-key-chart_cited_outlets g.mark-rect path")
    expect(bars.first).to_be_visible()
    conftest.click_until_url(page, bars.first, r"sentences=", timeout_ms=20_000)
    links = page.locator('a[href*="articles?article="]')
    expect(links.first).to_be_visible()
    # the link itself reproduces the list: open it in a new tab
    shared = page.url
    with conftest.browser_page(page.context.browser) as other:
        other.goto(shared)
        expect(other.locator('a[href*="articles?article="]').first).to_be_visible()
        expect(other.get_by_text(re.compile("cited in"))).to_be_visible()


_CHARTS_EQUAL_MENUS = """() => {
  const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
  const menus = [...document.querySelectorAll('[data-testid="stPopover"]')]
    .filter((p) => p.textContent.includes("Download")).length;
  return charts > 0 && charts === menus;
}"""


def test_every_chart_offers_an_svg_download(server, page):
    page.goto(f"{server}/overview")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_be_visible()
    # each chart's "Download" popover (other buttons, e.g. the table toolbar's, also say download)
    menus = page.locator('[data-testid="stPopover"]').filter(has_text="Download").get_by_role("button")
    expect(menus.first).to_be_visible()
    conftest.settled(page)
    # a chart's embed may mount after its menu, a late menu after its chart: wait (no fixed sleep)
    # until the page holds as many charts as menus, then check that every chart has its menu
    page.wait_for_function(_CHARTS_EQUAL_MENUS, timeout=240_000)
    expect(menus).to_have_count(charts.count())
    menus.first.click()  # the popover holds CSV, PNG and SVG
    opened = page.get_by_test_id("stPopoverBody")
    svg = opened.get_by_role("button", name="⬇ SVG")
    expect(svg).to_be_visible()
    expect(opened.get_by_role("button", name="⬇ CSV")).to_be_visible()
    expect(opened.get_by_role("button", name="⬇ PNG")).to_be_visible()
    with page.expect_download() as info:
        svg.click()
    download = info.value
    assert download.suggested_filename.endswith(".svg")
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.lstrip().startswith("<svg") and "Publisher" in body


def test_a_typed_date_applies_with_the_documented_workaround(server, page):
    """Streamlit sends a date input's value when the field loses focus or a calendar day is picked,
    not per key (its limit, see README "Share it"): typing the date then pressing Enter opens the
    calendar on the typed day, and one click on that highlighted day applies it."""
    page.goto(f"{server}/overview")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("4")
    conftest.settled(page)
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]').first
    expect(field).to_be_visible()
    assert field.bounding_box()["width"] >= 200  # a full YYYY-MM-DD fits at 1280 px (one box a row)
    # the date is typed segment by segment (year, month, day), as a person would
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type("20240401")
    page.keyboard.press("Enter")
    page.get_by_role("button", name=re.compile(r"April 1, 2024")).click()
    expect(page).to_have_url(re.compile(r"from=2024-04-01"))
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("3")


def test_a_typed_date_applies_on_escape(server, page):
    """Esc after typing closes the calendar and sends the typed date (no click needed)."""
    page.goto(f"{server}/overview")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("4")
    conftest.settled(page)
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]').first
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type("20240401")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"from=2024-04-01"))
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("3")
