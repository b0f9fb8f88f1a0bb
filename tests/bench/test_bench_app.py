"""The dashboard benchmark runs end to end on a small output folder and reports every measure."""

from __future__ import annotations

import json

from dashboard.bench import app_bench as bench_app


def test_bench_app_runs_on_the_seed_tables(data_dir, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert (
        bench_app.main(
            ["--data", str(data_dir), "--repeats", "1", "--interactions", "20", "--json", str(out)]
        )
        == 0
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["cold_load"]["articles"] == "4"
    assert result["cold_load"]["median_s"] > 0 and result["cold_load"]["peak_rss_mb"] > 0
    inter = result["interactions"]
    assert inter["interactions"] >= 20 and inter["p95_s"] >= inter["median_s"] > 0
    assert {"lang", "publisher", "topic", "date", "q", "page", "term"} <= set(inter["by_kind"])
    assert "interaction (all)" in capsys.readouterr().out
