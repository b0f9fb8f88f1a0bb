"""Human labels for the ids the tables store: topics (``data/lexicon/topics.toml``), cleaning
measures, cleaning rules and figure kinds (``data/lexicon/labels.toml``), in three scripts.

Pages show labels; the ids stay in CSV downloads and details. An id without a label is shown as
it is, so nothing a newer build writes disappears from a page.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from dashboard.pipeline.analyse.topics import load_topics
from dashboard.pipeline.lexicon import read_toml

LABELS_FILE = "labels.toml"
SCRIPTS: tuple[str, ...] = ("en", "zh", "zh_hant")  # English, simplified, traditional
SHORT = "short"  # a topic's few English words for narrow columns (falls back to its English label)
GROUPS: tuple[str, ...] = ("topics", "measures", "rules", "kinds")


@cache
def _table() -> dict[str, dict[str, dict[str, str]]]:
    """group → id → script → label."""
    raw = read_toml(LABELS_FILE)
    out: dict[str, dict[str, dict[str, str]]] = {
        group: {str(k): {s: str(v[s]) for s in SCRIPTS if v.get(s)} for k, v in raw.get(group, {}).items()}
        for group in GROUPS
        if group != "topics"
    }
    out["topics"] = {
        tid: {
            s: str(t[key])
            for s, key in zip((*SCRIPTS, SHORT), ("label", "label_zh", "label_zh_hant", "short"), strict=True)
            if t.get(key)
        }
        for tid, t in load_topics().items()
    }
    return out


def label(group: str, ident: object, script: str = "en") -> str:
    """The label of ``ident`` in ``group`` (topics, measures, rules, kinds) in ``script`` (en, zh,
    zh_hant, or ``SHORT`` for topics; falls back to English, then to the id itself)."""
    entry = _table().get(group, {}).get(str(ident), {})
    return entry.get(script) or entry.get("en") or str(ident)


def bilingual(group: str, ident: object, script: str = "zh") -> str:
    """“English · 中文” (the Chinese in ``script``), or the one label when they are the same."""
    en, zh = label(group, ident, "en"), label(group, ident, script)
    return en if zh == en else f"{en} · {zh}"


def labels(group: str, script: str = "en") -> dict[str, str]:
    """Every labelled id of ``group`` → its label in ``script``."""
    return {ident: label(group, ident, script) for ident in _table().get(group, {})}


def labelled(frame: pd.DataFrame, group: str, column: str, name: str, script: str = "en") -> pd.DataFrame:
    """``frame`` with a ``name`` column holding the label of each id in ``column`` (ids kept)."""
    out = frame.copy()
    out.insert(int(out.columns.get_loc(column)) + 1, name, [label(group, v, script) for v in out[column]])
    return out


# Chinese counts in 万 (10⁴), 亿 (10⁸) and 万亿 (10¹²), as Chinese readers and the articles write them
ZH_UNITS: tuple[tuple[float, str], ...] = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))


def zh_number(value: object, digits: int = 4) -> str:
    """A number as a Chinese reader writes it: 100000000000 → “1000亿”, 52000 → “5.2万”, 0.35 → “0.35”
    (``digits`` significant digits; empty for a missing value). The exact value stays in the data."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(number) or math.isinf(number):
        return ""
    for size, unit in ZH_UNITS:
        if abs(number) >= size:
            return f"{number / size:.{digits}g}{unit}"
    return f"{number:.{digits}g}" if number != int(number) else f"{int(number)}"


MISSING = "—"  # how a page shows a missing value (CSV downloads keep the empty cell)


def amount(value: object, kind: object = None, unit: object = None) -> str:
    """A figure's value as a reader writes it, by its kind and unit: 95 % → “95%”, 0.5 percentage
    points → “0.5 pp”, money in 万/亿 with its currency (“200亿 USD”), counts and measures in 万/亿
    with their unit (“1.5万个”, “7 nm”), a multiple as “3×”; “—” for a missing value.

    Display only: the exact value stays in the table's value column and in the CSV."""
    number = zh_number(value)
    if not number:
        return MISSING
    unit_text = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
    if unit_text == "%":
        return f"{number}%"
    if unit_text == "pp":
        return f"{number} pp"
    if unit_text == "x" or (kind == "multiple" and not unit_text):
        return f"{number}×"
    if unit_text and (kind == "money" or unit_text.isascii()):
        return f"{number} {unit_text}"  # a currency code or Latin symbol after a space: “200亿 USD”, “7 nm”
    return f"{number}{unit_text}"  # a Chinese measure or time word right after: “1.5万个”, “24小时”
