"""URL view state: parse and validate query parameters into filters (pure, no streamlit).

Every view is described by its query string, so a pasted link reproduces it. Values that are
unknown or malformed are dropped and reported as notices, never raised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

LANGUAGES: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en")
LANGUAGE_LABELS = {"zh-Hans": "简体 zh-Hans", "zh-Hant": "繁體 zh-Hant", "en": "English"}
LIST_KEYS: tuple[str, ...] = ("lang", "outlet", "cited", "topic")
FILTER_KEYS: tuple[str, ...] = (*LIST_KEYS, "from", "to", "undated", "q", "copies")
# reposts (traditional script in mainland wording, ``converted_repost``) and near-duplicates
# (``near_duplicate_of``): kept, left out, or alone
# (the words are the labels too: a URL-bound widget puts its label in the link)
COPIES: tuple[str, ...] = ("include", "exclude", "only")
MAX_QUERY_CHARS = 100
# one wording wherever a reversed range is caught (link or widgets), so the page shows it once
REVERSED_RANGE = "The 'To' date is before the 'From' date, so it is ignored."
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
# control characters would make a pasted link unreadable and never match corpus text
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Filters:
    """The sidebar filters shared by every page."""

    lang: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()  # publishers
    cited: tuple[str, ...] = ()  # cited outlets
    topic: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = True  # include articles without a publication date
    q: str = ""
    copies: str = "include"  # reposts and near-duplicates: include, exclude or only

    @property
    def active(self) -> bool:
        """True when any filter narrows the corpus."""
        return self != Filters()


@dataclass(frozen=True)
class Choices:
    """Values the data actually holds; anything else in a URL is dropped."""

    lang: tuple[str, ...] = LANGUAGES
    outlet: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    # page-level keys, e.g. term; None = a known key whose values its page validates
    extra: Mapping[str, Sequence[str] | None] = field(default_factory=dict)


def _values(params: Mapping[str, object], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable):
        return [str(v) for v in raw]
    return [str(raw)]


def parse_date(text: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None when it is not one."""
    try:
        return dt.date.fromisoformat(text.strip()) if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", text) else None
    except ValueError:
        return None


def parse_bool(text: str) -> bool | None:
    low = text.strip().lower()
    return True if low in _TRUE else False if low in _FALSE else None


def clean_query(text: str) -> str:
    """A keyword as typed, without control characters, trimmed to a sane length."""
    return _CONTROL.sub("", text).strip()[:MAX_QUERY_CHARS]


def parse_params(params: Mapping[str, object], choices: Choices) -> tuple[Filters, list[str]]:
    """Validate raw query parameters into ``Filters`` plus human-readable notices for what was dropped."""
    notices: list[str] = []
    picked: dict[str, tuple[str, ...]] = {}
    for key in LIST_KEYS:
        allowed = set(getattr(choices, key))
        keep: list[str] = []
        for value in _values(params, key):
            if value == "":
                continue
            if value in allowed:
                if value not in keep:
                    keep.append(value)
            else:
                notices.append(f"Ignored unknown {key} value “{value[:40]}”.")
        picked[key] = tuple(keep)
    dates: dict[str, dt.date | None] = {}
    for key in ("from", "to"):
        vals = [v for v in _values(params, key) if v != ""]
        dates[key] = parse_date(vals[0]) if vals else None
        if vals and dates[key] is None:
            notices.append(f"Ignored invalid {key} date “{vals[0][:40]}” (expected YYYY-MM-DD).")
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        notices.append(REVERSED_RANGE)
        dates["to"] = None
    undated = True
    vals = _values(params, "undated")
    if vals:
        parsed = parse_bool(vals[0])
        if parsed is None:
            notices.append(f"Ignored invalid undated value “{vals[0][:40]}” (expected true or false).")
        else:
            undated = parsed
    q_vals = _values(params, "q")
    q = clean_query(q_vals[0]) if q_vals else ""
    if q_vals and q != q_vals[0].strip():
        notices.append("Shortened or cleaned the keyword search.")
    copies = "include"
    vals = [v for v in _values(params, "copies") if v != ""]
    if vals:
        if vals[0] in COPIES:
            copies = vals[0]
        else:
            notices.append(f"Ignored invalid copies value “{vals[0][:40]}” (expected {', '.join(COPIES)}).")
    for key, allowed in choices.extra.items():
        if allowed is None:
            continue
        for value in _values(params, key)[:1]:
            if value and value not in allowed:
                notices.append(f"Ignored unknown {key} value “{value[:40]}”.")
    unknown = sorted(set(params) - set(FILTER_KEYS) - set(choices.extra))
    if unknown:
        notices.append("Ignored unknown link parameter(s): " + ", ".join(k[:30] for k in unknown) + ".")
    filters = Filters(
        lang=picked["lang"],
        outlet=picked["outlet"],
        cited=picked["cited"],
        topic=picked["topic"],
        date_from=dates["from"],
        date_to=dates["to"],
        undated=undated,
        q=q,
        copies=copies,
    )
    return filters, notices


def to_params(filters: Filters, extra: Mapping[str, str | None] | None = None) -> dict[str, list[str]]:
    """The query parameters that describe ``filters`` (defaults omitted to keep links short)."""
    out: dict[str, list[str]] = {}
    for key in LIST_KEYS:
        vals = getattr(filters, key)
        if vals:
            out[key] = list(vals)
    if filters.date_from:
        out["from"] = [filters.date_from.isoformat()]
    if filters.date_to:
        out["to"] = [filters.date_to.isoformat()]
    if not filters.undated:
        out["undated"] = ["false"]
    if filters.q:
        out["q"] = [filters.q]
    if filters.copies != "include":
        out["copies"] = [filters.copies]
    for key, value in (extra or {}).items():
        if value:
            out[key] = [value]
    return out


def query_string(filters: Filters, extra: Mapping[str, str | None] | None = None) -> str:
    """``to_params`` encoded as a URL query string (without the leading ``?``)."""
    return urlencode(to_params(filters, extra), doseq=True)


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) address with a host, else None (never link other schemes)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None
