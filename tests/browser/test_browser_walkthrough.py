"""Real browser: a reader's walk through all six pages at 1280×800, as the review of issue 13 did.

For every page (opened by its own path, the Overview at ``/overview`` too): it draws without an
exception or a "Page not found" dialog; no table cell or chart shows "None", "nan" or
"(untitled)"; no raw topic, cleaning-measure or rule id is shown where its label belongs; the
From/To boxes and every headline number show in full (nothing cut off); the page fits 1280 px.
Screenshots go to ``$CHIPWAR_SHOTS`` (default: a temporary folder) for a person to look at.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import conftest
import pytest

from dashboard.store import glossary

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=90_000)

SHOTS = Path(os.environ.get("CHIPWAR_SHOTS") or tempfile.mkdtemp(prefix="chipwar-walk-"))
# (path, heading): every page of the navigation, the Overview also under its own name
PAGES = [
    ("", "Overview"),
    ("overview", "Overview"),
    ("terms", "Terms"),
    ("figures", "Figures"),
    ("sources", "Sources"),
    ("articles", "Articles"),
    ("method", "Method"),
]
# what a reader must never see in a cell or a chart: a missing value printed as text
MISSING_WORDS = re.compile(r"(?<![\w-])(None|nan|NaT|\(untitled\))(?![\w-])")
# ids that have labels in data/lexicon (topics, cleaning measures, removal rules, figure kinds):
# shown anywhere, they stand where their label belongs (only ids with "_", no common word)
RAW_IDS = sorted(
    ident
    for group in ("topics", "measures", "rules", "kinds")
    for ident, text in glossary.labels(group).items()
    if "_" in ident and text != ident
)
# the page's visible text: the main area and sidebar, chart text (SVG) and table cells (the grid's
# accessible copy of the cells it draws on a canvas)
VISIBLE_TEXT = """() => {
  const parts = [document.querySelector('[data-testid="stMain"]')?.innerText || '',
                 document.querySelector('[data-testid="stSidebar"]')?.innerText || ''];
  for (const t of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text'))
    parts.push(t.textContent);
  for (const c of document.querySelectorAll('[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td'))
    parts.push(c.textContent);
  return parts.join('\\n');
}"""
# elements whose content is wider than their box (cut off, or hidden behind an ellipsis)
CLIPPED = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText || e.textContent)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    yield from conftest.tables_server(tmp_path_factory, "walk")


@pytest.fixture
def page(chromium):
    with conftest.browser_page(chromium) as pg:
        pg.set_viewport_size({"width": 1280, "height": 800})
        yield pg


@pytest.mark.parametrize(("path", "heading"), PAGES, ids=[p or "root" for p, _ in PAGES])
def test_every_page_reads_cleanly_at_1280(server, page, path: str, heading: str):
    page.goto(f"{server}/{path}")
    expect(page.get_by_role("heading", name=heading, level=1, exact=True)).to_be_visible()
    if heading in ("Overview", "Terms", "Figures", "Sources"):
        expect(page.locator('[data-testid="stVegaLiteChart"] svg.marks').first).to_be_visible()
    if heading == "Articles":
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    conftest.settled(page)
    page.screenshot(path=str(SHOTS / f"walk_{path or 'root'}.png"), full_page=True)

    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    text = page.evaluate(VISIBLE_TEXT)
    assert not MISSING_WORDS.search(text), MISSING_WORDS.findall(text)
    shown_ids = [raw for raw in RAW_IDS if raw in text]
    assert not shown_ids, f"raw ids shown instead of labels: {shown_ids}"

    # nothing cut off: the headline numbers, the date boxes (a full YYYY-MM-DD), the page width
    assert page.evaluate(CLIPPED, '[data-testid="stMetricValue"]') == []
    assert page.evaluate(CLIPPED, '[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"]') == []
    assert page.evaluate(CLIPPED, '[data-testid="stDateInputFieldsScroller"]') == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_date_boxes_show_a_full_typed_date_at_1280(server, page):
    page.goto(f"{server}/overview?from=2024-04-01&to=2024-12-31")
    expect(page.get_by_role("heading", name="Overview", level=1, exact=True)).to_be_visible()
    conftest.settled(page)
    boxes = page.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]')
    expect(boxes).to_have_count(2)
    for i, value in enumerate(("2024-04-01", "2024-12-31")):
        # the whole date is in the box (its segments: year, month, day) and nothing is cut off
        expect(boxes.nth(i).get_by_role("spinbutton")).to_have_text(value.split("-"))
    assert page.evaluate(CLIPPED, '[data-testid="stDateInputFieldsScroller"]') == []
    boxes.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "walk_dates.png"))


def test_the_link_to_this_view_opens_with_the_current_filters(server, page):
    page.goto(f"{server}/terms?lang=zh-Hant")
    expect(page.get_by_role("heading", name="Terms", level=1, exact=True)).to_be_visible()
    conftest.settled(page)
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=re.compile("Link to this view")
    ).click()
    code = page.locator('[data-testid="stCode"]')
    expect(code).to_be_visible()
    expect(code).to_contain_text(re.compile(r"/terms\?lang=zh-Hant"))
    page.screenshot(path=str(SHOTS / "walk_link.png"))
