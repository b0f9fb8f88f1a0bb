"""Real-browser checks on a big output folder: ``CHIPWAR_SCALE_DATA=/path/to/output pytest tests/browser/test_browser_scale.py``.

Skipped unless ``CHIPWAR_SCALE_DATA`` names a built output folder. Only generic facts are checked
(nothing about a particular corpus): every page renders, a filter in the link changes the headline
count, the Terms page lists terms and a click shows keyword-in-context lines, a shared link
reproduces the view.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import conftest
import pytest

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=180_000)  # a cold server opens the big tables on the first run

SCALE = os.environ.get("CHIPWAR_SCALE_DATA")
PAGES = ["overview", "terms", "figures", "sources", "articles", "method"]


@pytest.fixture(scope="module")
def folder() -> Path:
    if not SCALE:
        pytest.skip("set CHIPWAR_SCALE_DATA to a built output folder")
    if not Path(conftest.CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    return Path(SCALE)


@pytest.fixture(scope="module")
def server(folder: Path):
    from conftest import serve_app

    with serve_app(folder) as (url, _proc):
        yield url


TIMEOUT_MS = 180_000  # a first load of 10⁵ articles is slow by design


@pytest.fixture
def page(chromium):
    with conftest.browser_page(chromium, TIMEOUT_MS) as pg:
        yield pg


def _heading(page, name: str) -> None:
    expect(page.get_by_role("heading", name=name.capitalize(), level=1, exact=True)).to_be_visible()


def _headline(page) -> str:
    """The Articles headline count (found by its label, not by position on the page)."""
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(r"^Articles$"))
    )
    value = metric.locator('[data-testid="stMetricValue"]')
    expect(value).to_be_visible()
    conftest.settled(page)
    return value.inner_text()


def _smallest_language(folder: Path) -> str:
    """A language that some but not all articles have (the rarest one)."""
    import duckdb

    from dashboard.store import table_glob

    rows = duckdb.sql(
        "SELECT language, count(*) AS n FROM read_parquet(?) GROUP BY language ORDER BY n, language",
        params=[table_glob(folder, "articles")],
    ).fetchall()
    if len(rows) < 2:
        pytest.skip("the corpus has a single language")
    return rows[0][0]


def test_every_page_renders(server, page):
    for name in PAGES:
        page.goto(f"{server}/{'' if name == 'overview' else name}")
        _heading(page, name)
        conftest.settled(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_filter_in_the_link_changes_the_headline_count(server, page, folder):
    page.goto(f"{server}/")
    _heading(page, "overview")
    total = _headline(page)
    page.goto(f"{server}/?lang={quote(_smallest_language(folder))}")
    _heading(page, "overview")
    expect(page.locator('[data-testid="stMetricValue"]').first).not_to_have_text(total)


def test_terms_page_lists_terms_and_a_click_shows_context(server, page):
    page.goto(f"{server}/terms")
    _heading(page, "terms")
    bars = page.locator('[data-testid="stVegaLiteChart"]').first.locator("g.mark-rect path")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 2
    conftest.click_until_url(page, bars.first, r"term=")
    expect(page.get_by_role("heading", name=re.compile("in context"))).to_be_visible()
    conftest.settled(page)
    expect(page.get_by_role("link", name="read in the app").first).to_be_visible()


def test_a_shared_link_reproduces_the_view(server, page, chromium, folder):
    lang = _smallest_language(folder)
    page.goto(f"{server}/sources?lang={quote(lang)}&rank=articles")
    _heading(page, "sources")
    conftest.settled(page)
    # the link sits in the sidebar's "Link to this view" popover, drawn when it is opened
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=re.compile("Link to this view")
    ).click()
    code = page.locator('[data-testid="stCode"]').first
    expect(code).to_contain_text("rank=articles")
    link = code.inner_text().strip()
    assert link.startswith("http") and "lang=" in link and "rank=articles" in link
    page.goto(f"{server}/?lang={quote(lang)}")
    _heading(page, "overview")
    expected = _headline(page)
    with conftest.browser_page(chromium, TIMEOUT_MS) as other:
        other.goto(link)
        _heading(other, "sources")
        sidebar = other.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(lang, exact=True).first).to_be_visible()
        expect(other).to_have_url(re.compile(r"rank=articles"))
        other.goto(link.replace("/sources?", "/?"))
        _heading(other, "overview")
        assert _headline(other) == expected
