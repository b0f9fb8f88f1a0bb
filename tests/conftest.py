"""Shared fixtures: a small synthetic set of processed tables matching data/README.md."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import settings
from streamlit.testing.v1 import AppTest

from dashboard.bench.serve import CHROMIUM, CHROMIUM_ARGS, serve
from dashboard.pipeline import SCHEMA_VERSION
from dashboard.pipeline.analyse.claims import CLAIM_COLUMNS
from dashboard.pipeline.build.aggregates import chunk_aggregates
from dashboard.pipeline.schema import SCHEMAS

# No timing in tests (speed lives in the benchmarks): Hypothesis's per-example deadline would fail
# a property test on a loaded CI machine, so it is off for every test unless one sets its own.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

A1, A2, A3, A4 = "a1" * 8, "b2" * 8, "c3" * 8, "d4" * 8


def _articles() -> pd.DataFrame:
    rows = [
        (
            A1,
            "新浪",
            "zh-Hans",
            dt.date(2024, 3, 5),
            "美国芯片禁令升级",
            "https://example.com/a1",
            ["export_controls"],
        ),
        (
            A2,
            "自由時報",
            "zh-Hant",
            dt.date(2024, 4, 9),
            "輝達晶片禁令",
            "https://example.tw/a2",
            ["export_controls", "ai"],
        ),
        (A3, "Reuters", "en", dt.date(2024, 4, 20), "Nvidia curbs", "javascript:alert(1)", ["ai"]),
        (A4, "明報", "zh-Hant", None, None, None, ["supply_chain"]),  # untitled, undated
    ]
    out = []
    for i, (aid, pub, lang, date, title, url, topics) in enumerate(rows):
        out.append(
            {
                "article_id": aid,
                "source": f"{i:03d}.txt",
                "sources": [f"{i:03d}.txt"],
                "format": "txt",
                "encoding": "utf-8",
                "title": title,
                "publisher": pub,
                "publisher_basis": "manifest",
                "url": url,
                "published": date,
                "published_basis": "manifest" if date else None,
                "author": None,
                "wire_agency": None,
                "language": lang,
                "region_vocab": "mainland" if lang == "zh-Hans" else "taiwan",
                "region": "mainland" if lang == "zh-Hans" else "taiwan",
                "mainland_terms": 3 if lang == "zh-Hans" else 0,
                "taiwan_terms": 2 if lang == "zh-Hant" else 0,
                # A4: a likely machine-converted repost; A2 overlaps heavily with A4
                "converted_repost": aid == A4,
                "near_duplicate_of": A4 if aid == A2 else None,
                "n_paragraphs": 2,
                "n_chars": 60,
                "pinyin_stripped": 2 if aid == A4 else 0,
                "mojibake_repaired": 0,
                "damaged_spans": 1 if aid == A2 else 0,
                "lines_removed": 1,
                "topics": topics,
            }
        )
    return pd.DataFrame(out)


PARAS = {
    A1: ["美国商务部宣布对英伟达芯片实施新的出口管制。", "据路透社报道,英伟达在华市场份额下降了20%。"],
    A2: ["輝達晶片遭美國禁令,據《華爾街日報》報導損失50億美元。", "台積電表示影響有限。\ufffd\ufffd"],
    A3: [
        "Nvidia said the export curbs cost $5 billion, Bloomberg reported.",
        "Chips from TSMC remain in demand.",
    ],
    A4: ["晶片戰持續,輝達在華市場份額下降20%。", "據彭博社報道,台積電擴產。"],
}


def _paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for aid, texts in PARAS.items():
        lang = articles.set_index("article_id").loc[aid, "language"]
        for i, text in enumerate(texts):
            damaged = "\ufffd" in text
            spans = [[text.index("\ufffd"), len(text)]] if damaged else []
            rows.append(
                {
                    "article_id": aid,
                    "paragraph": i,
                    "line": i + 2,
                    "text": text,
                    "role": "body",
                    "language": lang,
                    "damaged": damaged,
                    "damaged_spans": spans,
                    "topics": ["export_controls"],
                }
            )
    return pd.DataFrame(rows)


def _terms() -> pd.DataFrame:
    rows = [
        (A1, 0, "英伟达", 1, ["英伟达"]),
        (A1, 0, "芯片", 1, ["芯片"]),
        (A1, 0, "出口管制", 1, ["出口管制"]),
        (A1, 1, "英伟达", 1, ["英伟达"]),
        (A1, 1, "市场份额", 1, ["市场份额"]),
        (A2, 0, "英伟达", 1, ["輝達"]),
        (A2, 0, "芯片", 1, ["晶片"]),
        (A2, 0, "禁令", 1, ["禁令"]),
        (A2, 1, "台积电", 1, ["台積電"]),
        (A3, 0, "nvidia", 1, ["Nvidia"]),
        (A3, 0, "export curbs", 1, ["export curbs"]),
        (A3, 1, "chips", 1, ["Chips"]),
        (A3, 1, "tsmc", 1, ["TSMC"]),
        (A4, 0, "芯片", 1, ["晶片"]),
        (A4, 0, "英伟达", 1, ["輝達"]),
        (A4, 0, "市场份额", 1, ["市場份額"]),
        (A4, 1, "台积电", 1, ["台積電"]),
    ]
    return pd.DataFrame(rows, columns=["article_id", "paragraph", "term", "count", "forms"])


_FIGURE_DETAIL = ("per", "qualifier", "value_base", "unit_base", "direction")


def _figures_claims(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    figs = pd.DataFrame(
        [
            (
                A1,
                1,
                "20%",
                "percent",
                20.0,
                None,
                "%",
                None,
                PARAS[A1][1],
                "英伟达在华市场份额",
                "c000000000aa",
            ),
            (A2, 0, "50億美元", "money", 5e9, None, "USD", 5e9, PARAS[A2][0], "损失", "c000000000bb"),
            (
                A3,
                0,
                "$5 billion",
                "money",
                5e9,
                None,
                "USD",
                5e9,
                PARAS[A3][0],
                "export curbs cost",
                "c000000000bb",
            ),
            (
                A4,
                0,
                "20%",
                "percent",
                20.0,
                None,
                "%",
                None,
                PARAS[A4][0],
                "英伟达在华市场份额",
                "c000000000aa",
            ),
        ],
        columns=[c for c in SCHEMAS["figures"].names if c not in _FIGURE_DETAIL],
    ).reindex(columns=SCHEMAS["figures"].names)  # exact amounts: no unit price, qualifier, base unit
    claims = pd.DataFrame(
        [
            (
                "c000000000aa",
                "percent",
                20.0,
                "%",
                "英伟达在华市场份额",
                ["20%"],
                2,
                [A1, A4],
                ["新浪", "明報"],
                dt.date(2024, 3, 5),
                dt.date(2024, 3, 5),
            ),
            (
                "c000000000bb",
                "money",
                5e9,
                "USD",
                None,  # no representative subject: the tracker falls back to a figure subject
                ["50億美元", "$5 billion"],
                2,
                [A2, A3],
                ["自由時報", "Reuters"],
                dt.date(2024, 4, 9),
                dt.date(2024, 4, 20),
            ),
        ],
        columns=CLAIM_COLUMNS,
    )
    return figs, claims


def _citations() -> pd.DataFrame:
    rows = [
        (A1, 1, "路透社", "路透社", "media", "US", True, PARAS[A1][1]),
        (A2, 0, "华尔街日报", "《華爾街日報》", "media", "US", True, PARAS[A2][0]),
        (A3, 0, "彭博社", "Bloomberg", "media", "US", True, PARAS[A3][0]),
        (A4, 1, "彭博社", "彭博社", "media", "US", True, PARAS[A4][1]),
        (A1, 0, "美国商务部", "美国商务部", "government", "US", True, PARAS[A1][0]),
        (A2, 1, "台積電", "台積電", "unknown", None, False, PARAS[A2][1]),
    ]
    return pd.DataFrame(
        rows, columns=["article_id", "paragraph", "outlet", "surface", "type", "country", "known", "sentence"]
    )


def write_tables(folder: Path, schema_version: int = SCHEMA_VERSION) -> Path:
    """Write the synthetic tables and meta.json into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = _articles()
    figs, claims = _figures_claims(articles)
    removed = pd.DataFrame(
        [
            (A1, "000.txt", 1, "- 游戏攻略合集", "headline_list"),
            (A2, "001.txt", 1, "聲明:本文來自", "platform_notice"),
            (A3, "002.txt", 9, "Comments (3)", "comments"),
            (A4, "003.txt", 1, "相關新聞", "headline_list"),
        ],
        columns=["article_id", "source", "line", "text", "rule"],
    )
    rejected = pd.DataFrame([("broken.bin", "binary file, not text")], columns=["source", "reason"])
    tables = {
        "articles": articles,
        "paragraphs": _paragraphs(articles),
        "removed": removed,
        "rejected": rejected,
        "terms": _terms(),
        "figures": figs,
        "claims": claims,
        "citations": _citations(),
    }
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "meta.json").write_text(json.dumps({"schema_version": schema_version}), encoding="utf-8")
    return folder


# The row tables a build writes as part directories, one part per chunk of articles (the small
# tables stay single files); the aggregates are written per chunk with the same part names.
PART_TABLES: tuple[str, ...] = ("paragraphs", "removed", "terms", "figures", "citations")
CHUNKS: tuple[tuple[str, ...], ...] = ((A1, A2), (A3, A4))


def write_production(folder: Path) -> Path:
    """Write the synthetic tables in the layout a build writes (``make data``): row tables and
    aggregates as part directories of two chunks, articles/claims/rejected as single files."""
    write_tables(folder)
    rows = {name: pq.read_table(folder / f"{name}.parquet") for name in PART_TABLES}
    for name in PART_TABLES:
        (folder / f"{name}.parquet").unlink()
    for i, ids in enumerate(CHUNKS):
        keep = pa.array(sorted(ids))
        chunk = {name: t.filter(pc.is_in(t["article_id"], value_set=keep)) for name, t in rows.items()}
        for name, table in {**chunk, **chunk_aggregates(chunk)}.items():
            path = folder / f"{name}.parquet" / f"part-{i:06d}.parquet"  # as the build names parts
            path.parent.mkdir(exist_ok=True)
            pq.write_table(table, path)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The synthetic processed tables in the production layout (part directories, aggregates),
    with the disk cache on (in this test's own folder) and so the text index, as ``make run`` has."""
    monkeypatch.setenv("CHIPWAR_CACHE", str(tmp_path / "cache"))
    return write_production(tmp_path / "processed")


@pytest.fixture
def tables(data_dir: Path):
    """The production-layout dataset, opened as the app opens it."""
    from dashboard import queries

    opened = queries.open_dataset(data_dir)
    yield opened
    opened.close()  # no background work outlives its test (test_close_ends_the_background_work counts threads)


@pytest.fixture
def flat_data_dir(tmp_path: Path) -> Path:
    """The synthetic tables as single files without aggregates: the fallback path (aggregates
    derived at load, nothing cached on disk)."""
    return write_tables(tmp_path / "flat")


@pytest.fixture
def app_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the dashboard at the synthetic tables."""
    monkeypatch.setenv("CHIPWAR_DATA", str(data_dir))
    return data_dir


ROOT = Path(__file__).resolve().parents[1]


def tables_server(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """The app served on the synthetic tables (a module-scoped fixture yields from this);
    skipped where Debian chromium is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    folder = write_tables(tmp_path_factory.mktemp(name) / "processed")
    with serve_app(folder) as (url, _proc):
        yield url


@contextlib.contextmanager
def serve_app(folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run dashboard/app.py`` on the tables in ``folder``; yields the base URL and the process.

    CHIPWAR_APP_PYTHON: serve with another interpreter, e.g. a venv holding only requirements.txt
    (the hosted install: no `pip install -e .`, the app run from the repository root).
    """
    with serve(
        "dashboard/app.py", {"CHIPWAR_DATA": str(folder)}, os.environ.get("CHIPWAR_APP_PYTHON")
    ) as served:
        yield served


APP = str(ROOT / "dashboard" / "app.py")


def run_app(page: str = "overview", **params: str) -> AppTest:
    """The app on ``page`` as a pasted link with ``params`` opens it (AppTest; no exception allowed)."""
    at = AppTest.from_file(APP, default_timeout=60)  # far above AppTest's 3 s default: a cold start
    for key, value in params.items():
        at.query_params[key] = value
    if page != "overview":  # open the link directly on the page, as a pasted URL would
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# Debian's chromium (dashboard/bench/serve.py), driven by Playwright (never `playwright install`).
@pytest.fixture(scope="module")
def chromium():
    """One headless chromium per test module (skipped where Playwright or chromium is missing)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed")
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def browser_page(chromium, timeout_ms: int = 90_000, **context) -> Iterator:
    """A fresh page in its own browser context (own cookies, so its own app session), closed afterwards."""
    ctx = chromium.new_context(viewport={"width": 1400, "height": 1000}, **context)
    page = ctx.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        yield page
    finally:
        ctx.close()


def settled(page) -> None:
    """Wait until no script run is in progress (the status widget shows only during one)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden()


def click_until_url(page, target, pattern: str, timeout_ms: int = 30_000) -> None:
    """Click ``target`` until the page address matches ``pattern`` (three tries).

    A click that lands while a script run is still in flight is lost to that rerun, and the status
    widget may not have appeared yet when we look: waiting for it to hide, then clicking again,
    is how a person would do it.
    """
    from playwright.sync_api import expect

    for attempt in range(3):
        settled(page)
        target.click()
        try:
            expect(page).to_have_url(re.compile(pattern), timeout=timeout_ms)
            return
        except AssertionError:
            if attempt == 2:
                raise


@pytest.fixture
def small_segments(monkeypatch):
    """Chunks of 4 files and segments of 8, so a small corpus spans several parts (index build tests)."""
    from dashboard.pipeline.build import chunks

    monkeypatch.setattr(chunks, "CHUNK_FILES", 4)
    monkeypatch.setattr(chunks, "SEGMENT_FILES", 8)
