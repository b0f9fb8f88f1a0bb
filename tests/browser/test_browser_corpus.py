"""Real browser: a reader uploads her own articles, explores them, and shares the corpus by link."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import conftest
import pytest

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=90_000)

# our own sentences: one simplified, one traditional, one simplified saved as GBK
SIMPLIFIED = (
    "据新华社报道，国内一家晶圆厂周二宣布，今年将投资120亿元扩建十二英寸芯片生产线。\n\n"
    "该公司表示，新产线投产后月产能将增加三万片，主要用于汽车芯片。"
)
TRADITIONAL = (
    "根據中央社報導，一家晶圓代工廠週三表示，今年資本支出將達到300億美元。\n\n"
    "公司指出，先進製程的晶片需求持續增加，新廠預計明年量產。"
)
GBK_TEXT = (
    "路透社消息称，一家存储芯片厂商第三季度营收增长百分之二十五，达到45亿美元。\n\n"
    "分析人士认为，人工智能服务器带动了芯片需求。"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not Path(conftest.CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    base = tmp_path_factory.mktemp("corpus-browser")
    folder = conftest.write_tables(base / "processed")
    saved = {k: os.environ.get(k) for k in ("CHIPWAR_CORPORA", "CHIPWAR_CACHE")}
    os.environ["CHIPWAR_CORPORA"] = str(base / "corpora")
    os.environ["CHIPWAR_CACHE"] = str(base / "cache")
    try:
        with conftest.serve_app(folder) as (url, _proc):
            yield url, base / "corpora"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _charts_drawn(page) -> None:
    charts = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks')
    expect(charts.first).to_be_visible()


def _upload(page, files: list[dict]) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    for f in files:
        expect(page.get_by_text(f["name"], exact=True)).to_be_visible()
    conftest.settled(page)
    page.get_by_role("button", name="Build corpus").click()


def test_upload_explore_and_share(server, chromium):
    url, store = server
    files = [
        {"name": "simplified.txt", "mimeType": "text/plain", "buffer": SIMPLIFIED.encode("utf-8")},
        {"name": "traditional.txt", "mimeType": "text/plain", "buffer": TRADITIONAL.encode("utf-8")},
        {"name": "gbk.txt", "mimeType": "text/plain", "buffer": GBK_TEXT.encode("gbk")},
    ]
    with conftest.browser_page(chromium) as page:
        page.goto(f"{url}/corpus")
        expect(page.get_by_role("heading", name="Your corpus", level=1)).to_be_visible()
        expect(page.get_by_text(re.compile(r"characters per article"))).to_be_visible()
        _upload(page, files)
        # the build finishes and the app switches to the new corpus: its id goes into the URL
        expect(page).to_have_url(re.compile(r"corpus=[0-9a-f]{32}"))
        expect(page.get_by_text("Build summary")).to_be_visible()
        metrics = page.locator('[data-testid="stMetricValue"]')
        expect(metrics.nth(1)).to_have_text("3")  # articles
        cid = re.search(r"corpus=([0-9a-f]{32})", page.url).group(1)
        assert (store / cid / "summary.json").is_file()

        nav = page.locator('[data-testid="stSidebarNav"]')
        for name in ("terms", "figures", "sources"):
            nav.get_by_role("link", name=re.compile(name, re.I)).click()
            expect(page).to_have_url(re.compile(rf"/{name}\?(.*&)?corpus={cid}"))
            expect(page.get_by_role("heading", name=name.capitalize(), level=1, exact=True)).to_be_visible()
            _charts_drawn(page)
            conftest.settled(page)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        # a filter next to the corpus, then the link as the reader would send it
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("combobox", name=re.compile("Language")).click()
        page.get_by_role("option", name="zh-Hant").click()
        expect(page).to_have_url(re.compile(r"lang=zh-Hant"))
        expect(page).to_have_url(re.compile(rf"corpus={cid}"))
        conftest.settled(page)
        shared = page.url

    with conftest.browser_page(chromium) as other:  # a new browser context: the editor's session
        other.goto(shared)
        expect(other.get_by_role("heading", name="Sources", level=1, exact=True)).to_be_visible()
        sidebar = other.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("textbox", name="Corpus", exact=True)).to_have_value(cid)
        expect(sidebar.get_by_text("zh-Hant", exact=True)).to_be_visible()
        _charts_drawn(other)
        # one traditional article in this corpus: the overview counts it under the same filter
        other.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=re.compile("overview", re.I)
        ).click()
        expect(other).to_have_url(re.compile(rf"corpus={cid}"))
        expect(other.locator('[data-testid="stMetricValue"]').first).to_have_text("1")


def _hostile_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("good.txt", SIMPLIFIED)
        zf.writestr("../escape.txt", TRADITIONAL)
        zf.writestr("/etc/absolute.txt", TRADITIONAL)
        zf.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("bomb.txt", b"0" * (8 << 20))  # inflates 8 MiB from a few KB
    return buf.getvalue()


def test_hostile_zip_shows_its_rejections(server, chromium):
    url, store = server
    with conftest.browser_page(chromium) as page:
        page.goto(f"{url}/corpus")
        expect(page.get_by_role("heading", name="Your corpus", level=1)).to_be_visible()
        _upload(page, [{"name": "hostile.zip", "mimeType": "application/zip", "buffer": _hostile_zip()}])
        expect(page).to_have_url(re.compile(r"corpus=[0-9a-f]{32}"))
        expect(page.get_by_text("Rejected, with the reason")).to_be_visible()
        table = page.locator('[data-testid="stTable"]')
        for reason in ("unsafe path", "symbolic link", "archive inside an archive", "decompression bomb"):
            expect(table.get_by_text(re.compile(reason)).first).to_be_visible()
        cid = re.search(r"corpus=([0-9a-f]{32})", page.url).group(1)
        expect(page.locator('[data-testid="stMetricValue"]').nth(1)).to_have_text("1")
        expect(page.locator('[data-testid="stMetricValue"]').nth(2)).to_have_text("5")
    assert not (store.parent / "escape.txt").exists() and not (store / "escape.txt").exists()
    assert cid


def test_files_of_other_types_are_taken_and_listed_with_what_to_do(server, chromium):
    """A PDF and a screenshot among her articles: the picker takes them (no red mark and a reason
    only on hover), and the summary lists each with the reason and what to do instead."""
    url, _store = server
    files = [
        {"name": "story.txt", "mimeType": "text/plain", "buffer": SIMPLIFIED.encode("utf-8")},
        {"name": "briefing.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
        {"name": "chart.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 16},
    ]
    with conftest.browser_page(chromium) as page:
        page.goto(f"{url}/corpus")
        expect(page.get_by_role("heading", name="Your corpus", level=1)).to_be_visible()
        _upload(page, files)
        expect(page).to_have_url(re.compile(r"corpus=[0-9a-f]{32}"))
        table = page.locator('[data-testid="stTable"]')
        expect(table.get_by_text("briefing.pdf", exact=True)).to_be_visible()
        expect(table.get_by_text(re.compile("copy its text into a .txt file"))).to_be_visible()
        expect(table.get_by_text("chart.png", exact=True)).to_be_visible()
        expect(table.get_by_text(re.compile("no text is read from images"))).to_be_visible()
        metrics = page.locator('[data-testid="stMetricValue"]')
        expect(metrics.nth(1)).to_have_text("1")  # articles
        expect(metrics.nth(2)).to_have_text("2")  # rejected files


def test_articles_added_from_a_shared_link_join_that_corpus(server, chromium):
    """An editor opens the reporter's link and adds one more article: the new corpus holds all
    of them (and says which upload repeated an article), while the first link is unchanged."""
    url, store = server
    first = [{"name": "fab.txt", "mimeType": "text/plain", "buffer": SIMPLIFIED.encode("utf-8")}]
    with conftest.browser_page(chromium) as page:
        page.goto(f"{url}/corpus")
        expect(page.get_by_role("heading", name="Your corpus", level=1)).to_be_visible()
        _upload(page, first)
        expect(page).to_have_url(re.compile(r"corpus=[0-9a-f]{32}"))
        cid = re.search(r"corpus=([0-9a-f]{32})", page.url).group(1)
    more = [
        {"name": "foundry.txt", "mimeType": "text/plain", "buffer": TRADITIONAL.encode("big5")},
        {"name": "repeat.txt", "mimeType": "text/plain", "buffer": SIMPLIFIED.encode("gb18030")},
    ]
    with conftest.browser_page(chromium) as other:
        other.goto(f"{url}/corpus?corpus={cid}")
        expect(other.get_by_text("Build summary")).to_be_visible()
        toggle = other.get_by_role(
            "switch", name=re.compile(r"Add them to the corpus you are exploring \(1 file\)")
        )
        expect(toggle).to_be_checked()
        _upload(other, more)
        expect(other).not_to_have_url(re.compile(rf"corpus={cid}"))
        expect(other).to_have_url(re.compile(r"corpus=[0-9a-f]{32}"))
        expect(other.get_by_text("Build summary")).to_be_visible()
        metrics = other.locator('[data-testid="stMetricValue"]')
        expect(metrics.nth(0)).to_have_text("3")  # files read
        expect(metrics.nth(1)).to_have_text("2")  # articles: the GB18030 copy is counted once
        expect(
            other.get_by_text(re.compile(r"1 file holds an article already in the upload"))
        ).to_be_visible()
        table = other.locator('[data-testid="stTable"]').first
        expect(table.get_by_text("repeat.txt", exact=True)).to_be_visible()
    assert (store / cid / "summary.json").is_file()  # the link sent before still opens its corpus
