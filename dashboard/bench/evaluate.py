"""Evaluate the pipeline on real articles annotated by a careful reader (``make eval``).

``python -m dashboard.bench.evaluate [--input FOLDER]`` builds ``FOLDER/articles`` with the same code
``build --input`` runs, then compares what was extracted with ``FOLDER/gold.json`` (format in that
folder's README): articles kept, language, title/publisher/date, every cited figure (value, upper
value of a range, unit) and every cited outlet. It prints recall and precision per field, the
figures read with a WRONG value (the worst error a chart can show), and every miss.

A figure counts as right when its value (and range end) and unit equal a gold figure's in the same
article (a unit price, ``USD/barrel``, matches gold that gives its currency alone, ``USD``); a figure whose surface overlaps a gold figure's surface but whose value or unit differs
is *wrong*; any other figure the reader did not annotate is *extra* (both lower precision).

Gold annotates only figures with a unit or measure word, so a figure of kind ``number`` (a number
said with no unit, 人口为一点五亿) is reported on its own line: an extra ``number`` is one gold does
not annotate, and a ``number`` on a gold figure's surface with gold's value is that figure read
without the unit gold gives it (a miss for recall, not a wrong value). Both count in the precision
printed: nothing is left out of it.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.pipeline.lexicon import REPO_ROOT
from dashboard.pipeline.script import to_simplified

DEFAULT_INPUT = REPO_ROOT.parent / "shared" / "realtext"

# Thresholds the test (tests/pipeline/test_realtext.py) asserts; `make eval` reports against them.
THRESHOLDS = {
    "articles_kept": 1.0,
    "figure_recall": 0.95,
    "figure_precision": 0.97,
    "wrong_values": 0,
    "language": 1.0,
    "outlet_recall": 0.9,
}

_FOLD = str.maketrans("０１２３４５６７８９％．，＄", "0123456789%.,$")


def norm(text: str | None) -> str:
    """Comparable surface: simplified script, ASCII digits, no spaces, lower case."""
    if not text:
        return ""
    return to_simplified(str(text)).translate(_FOLD).replace(" ", "").replace("\u3000", "").lower()


def _unit(u: object) -> str:
    """Comparable unit: 輛 = 辆, m² = m2, and an English count noun without its plural s."""
    u = norm(u if isinstance(u, str) else "").replace("²", "2").replace("³", "3")
    if u.isascii() and u.isalpha() and len(u) > 3 and u.endswith("s"):
        u = u[:-3] + "y" if u.endswith("ies") else u[:-1]
    return u


def _same_unit(gold: object, found: object) -> bool:
    """Units equal; or a unit price (CNY/m2, USD/barrel) where gold gives its currency alone (gold
    ``91.16美元 = USD`` for 每桶91.16美元): the amount and currency agree, the per-unit is more said."""
    g, f = _unit(gold), _unit(found)
    return g == f or ("/" in f and "/" not in g and bool(g) and f.split("/", 1)[0] == g)


def _close(a: float | None, b: float | None) -> bool:
    if (
        a is None
        or b is None
        or (isinstance(a, float) and math.isnan(a))
        or (isinstance(b, float) and math.isnan(b))
    ):
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def misread_numbers(pairs: Iterable[tuple[str, dict, dict]]) -> list[tuple[str, dict, dict]]:
    """The wrong pairs whose number a reader would get wrong: every one except a duration read with
    the same count in another unit of days (gold ``7 天`` for ``7个交易日``, which we keep in
    trading days, a unit of its own; see README, "Figures")."""
    out = []
    for name, g, f in pairs:
        same_count = _close(g["value"], f["value"]) and _close(
            g.get("value_max"), None if _isnan(f.get("value_max")) else f.get("value_max")
        )
        if not (same_count and g.get("kind") == f.get("kind") == "duration"):
            out.append((name, g, f))
    return out


@dataclass
class FigureResult:
    matched: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (file, gold, found)
    wrong_pairs: list[tuple[str, dict, dict]] = field(default_factory=list)  # the same, as records
    missed: list[tuple[str, str]] = field(default_factory=list)  # (file, gold)
    extra: list[tuple[str, str]] = field(default_factory=list)  # (file, found)
    # kind ``number`` (no unit said): not annotated by gold at all, or on a gold figure with its value
    extra_numbers: list[tuple[str, str]] = field(default_factory=list)  # (file, found)
    unit_unsaid: list[tuple[str, str, str]] = field(default_factory=list)  # (file, gold, found)


def _fig_str(f: dict) -> str:
    rng = f"–{f['value_max']:g}" if f.get("value_max") is not None and not _isnan(f["value_max"]) else ""
    unit = f.get("unit")
    unit = "" if unit is None or _isnan(unit) else unit  # a number's unit is None (NaN from Parquet)
    return f"{f['text']} = {f['value']:g}{rng} {unit}".rstrip()


def _isnan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def match_figures(name: str, gold: list[dict], found: list[dict], must_not: Iterable[str], out: FigureResult):
    """Pair found figures with gold ones (value, range end and unit equal); record wrong/missed/extra."""
    out.gold += len(gold)
    out.found += len(found)
    left = list(gold)
    unmatched = []
    for f in found:
        hit = next(
            (
                g
                for g in left
                if _close(g["value"], f["value"])
                and _close(g.get("value_max"), None if _isnan(f.get("value_max")) else f.get("value_max"))
                and _same_unit(g.get("unit"), f.get("unit"))
            ),
            None,
        )
        if hit is None:
            unmatched.append(f)
        else:
            left.remove(hit)
            out.matched += 1
    for f in unmatched:
        fs = norm(f["text"])
        hit = next(
            (g for g in left if norm(g["text"]) and (norm(g["text"]) in fs or fs in norm(g["text"]))), None
        )
        number = f.get("kind") == "number"
        if hit is not None and number and _close(hit["value"], f["value"]):
            left.remove(hit)  # the right number, its unit not said: no match, no misread either
            out.unit_unsaid.append((name, _fig_str(hit), _fig_str(f)))
        elif hit is not None:
            left.remove(hit)
            out.wrong.append((name, _fig_str(hit), _fig_str(f)))
            out.wrong_pairs.append((name, hit, f))
        elif number:
            out.extra_numbers.append((name, _fig_str(f)))
        else:
            out.extra.append((name, _fig_str(f)))
    out.missed.extend((name, _fig_str(g)) for g in left)


def _spellings(canonical: str | None) -> set[str]:
    """Every spelling ``outlets.csv`` lists for an outlet: a publisher shown by its canonical
    name (Central News Agency) is the one the annotator wrote as 中央社."""
    from ..pipeline.lexicon import read_csv

    for row in read_csv("outlets.csv"):
        if canonical and row["canonical"] == canonical:
            return {norm(a.lstrip("~")) for a in row.get("aliases", "").split("|") if a.strip()}
    return set()


def _outlet_found(spellings: list[str], cited: set[str]) -> bool:
    return any(norm(s) in cited for s in spellings)


@dataclass
class Report:
    files: int = 0
    kept: int = 0
    lost: list[tuple[str, str]] = field(default_factory=list)
    language_right: int = 0
    language_wrong: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, list[int]] = field(default_factory=dict)  # field -> [right, stated]
    meta_misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    figures: FigureResult = field(default_factory=FigureResult)
    outlets_gold: int = 0
    outlets_found: int = 0
    outlets_missed: list[tuple[str, str]] = field(default_factory=list)

    def scores(self) -> dict[str, float]:
        f = self.figures
        return {
            "articles_kept": self.kept / self.files if self.files else 0.0,
            "figure_recall": f.matched / f.gold if f.gold else 1.0,
            "figure_precision": f.matched / f.found if f.found else 1.0,
            # a misread number; a duration counted in trading days where gold says days is listed, not counted
            "wrong_values": len(misread_numbers(f.wrong_pairs)),
            "language": self.language_right / self.files if self.files else 0.0,
            "outlet_recall": self.outlets_found / self.outlets_gold if self.outlets_gold else 1.0,
        }

    def failures(self) -> list[str]:
        s = self.scores()
        bad = []
        for key, target in THRESHOLDS.items():
            ok = s[key] <= target if key == "wrong_values" else s[key] >= target
            if not ok:
                bad.append(f"{key} {s[key]:.3f} (target {'≤' if key == 'wrong_values' else '≥'} {target})")
        return bad

    def render(self, misses: bool = True) -> str:
        s, f = self.scores(), self.figures
        lines = [
            f"articles kept      {self.kept}/{self.files}",
            f"language right     {self.language_right}/{self.files}",
        ]
        for name, (right, stated) in sorted(self.meta.items()):
            lines.append(f"{name:<18} {right}/{stated} where the text states it")
        lines += [
            f"figure recall      {s['figure_recall']:.3f} ({f.matched}/{f.gold})",
            f"figure precision   {s['figure_precision']:.3f} ({f.matched}/{f.found})",
            f"wrong values       {s['wrong_values']} (and {len(f.wrong) - s['wrong_values']} durations in another unit of days)",
            f"extra figures      {len(f.extra)}",
            f"numbers without a unit, not annotated by gold  {len(f.extra_numbers)}"
            f" (and {len(f.unit_unsaid)} on a gold figure, its value right, its unit not said;"
            " all counted in the precision above)",
            f"outlet recall      {s['outlet_recall']:.3f} ({self.outlets_found}/{self.outlets_gold})",
        ]
        if misses:
            sections = [
                ("LOST ARTICLES", [f"{a}: {b}" for a, b in self.lost]),
                ("WRONG LANGUAGE", [f"{a}: gold {b}, found {c}" for a, b, c in self.language_wrong]),
                ("WRONG VALUES (gold → found)", [f"{a}: {b}  →  {c}" for a, b, c in f.wrong]),
                ("EXTRA FIGURES", [f"{a}: {b}" for a, b in f.extra]),
                ("NUMBERS WITHOUT A UNIT, NOT ANNOTATED BY GOLD", [f"{a}: {b}" for a, b in f.extra_numbers]),
                (
                    "NUMBERS READ WITHOUT GOLD'S UNIT (gold → found)",
                    [f"{a}: {b}  →  {c}" for a, b, c in f.unit_unsaid],
                ),
                ("MISSED FIGURES", [f"{a}: {b}" for a, b in f.missed]),
                ("MISSED OUTLETS", [f"{a}: {b}" for a, b in self.outlets_missed]),
                ("METADATA MISSES", [f"{a} {b}: gold {c!r}, found {d!r}" for a, b, c, d in self.meta_misses]),
            ]
            for title, rows in sections:
                if rows:
                    lines += ["", f"{title} ({len(rows)})", *(f"  {r}" for r in rows)]
        failures = self.failures()
        lines += [
            "",
            "PASS: every threshold met" if not failures else "BELOW THRESHOLD: " + "; ".join(failures),
        ]
        return "\n".join(lines)


def evaluate(output: Path, gold: dict[str, dict]) -> Report:
    """Compare a built output folder with the gold annotation."""
    arts = pd.read_parquet(output / "articles.parquet")
    figs = pd.read_parquet(output / "figures.parquet")
    cites = pd.read_parquet(output / "citations.parquet")
    rejected = pd.read_parquet(output / "rejected.parquet")
    by_source: dict[str, pd.Series] = {}
    for _, row in arts.iterrows():
        for src in row["sources"]:
            by_source[Path(src).name] = row
    rep = Report()
    for name, g in sorted(gold.items()):
        rep.files += 1
        art = by_source.get(name)
        rep.outlets_gold += len(g.get("outlets", []))
        if art is None:
            why = rejected[rejected["source"].map(lambda s: Path(s).name) == name]["reason"].tolist()
            rep.lost.append((name, "; ".join(why) or "not found"))
            rep.figures.gold += len(g["figures"])
            rep.figures.missed.extend((name, _fig_str(x)) for x in g["figures"])
            rep.outlets_missed.extend((name, o[0]) for o in g.get("outlets", []))
            continue
        rep.kept += 1
        if art["language"] == g["language"]:
            rep.language_right += 1
        else:
            rep.language_wrong.append((name, g["language"], art["language"]))
        for key in ("title", "publisher", "published"):
            if g.get(key) is None:
                continue
            found = art.get(key)
            found = None if found is None or (isinstance(found, float) and math.isnan(found)) else str(found)
            right = norm(found) == norm(g[key]) or (key == "publisher" and norm(g[key]) in _spellings(found))
            tally = rep.meta.setdefault(key, [0, 0])
            tally[0] += right
            tally[1] += 1
            if not right:
                rep.meta_misses.append((name, key, g[key], found))
        aid = art["article_id"]
        found_figs = figs[figs["article_id"] == aid].to_dict("records")
        match_figures(name, g["figures"], found_figs, g.get("must_not", []), rep.figures)
        mine = cites[cites["article_id"] == aid]
        cited = {norm(x) for x in mine["outlet"].tolist() + mine["surface"].tolist()}
        for extra_col in ("wire", "wire_agency"):
            if extra_col in arts.columns and isinstance(art.get(extra_col), str):
                cited.add(norm(art[extra_col]))
        for spellings in g.get("outlets", []):
            if _outlet_found(spellings, cited):
                rep.outlets_found += 1
            else:
                rep.outlets_missed.append((name, spellings[0]))
    return rep


def run(folder: Path, workers: int | None = 0) -> Report:
    """Build ``folder/articles`` into a temporary folder and evaluate it against ``folder/gold.json``."""
    from dashboard.pipeline.build import build

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="chipwar-eval-") as tmp:
        out = Path(tmp) / "processed"
        build(folder / "articles", out, progress=False, workers=workers, cache_dir=None)
        return evaluate(out, gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.bench.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--input", type=Path, default=DEFAULT_INPUT, help="folder with articles/ and gold.json"
    )
    parser.add_argument("--brief", action="store_true", help="scores only, no list of misses")
    args = parser.parse_args(argv)
    if not (args.input / "gold.json").is_file() or not (args.input / "articles").is_dir():
        print(
            f"No annotated real articles at {args.input} (expected articles/ and gold.json there); "
            "nothing to evaluate. Pass --input FOLDER.",
            file=sys.stderr,
        )
        return 2
    report = run(args.input)
    print(report.render(misses=not args.brief))
    return 0 if not report.failures() else 1


if __name__ == "__main__":
    sys.exit(main())
