"""Article exports (JSON, JSON Lines, CSV): one Document per row, fields found by their usual names."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache

from ..lexicon import read_toml
from ..records import Document, Rejected
from .decode import MAX_BYTES, IngestError, decode_bytes, normalise_newlines
from .html import HTMLISH, html_to_text
from .values import decode_entities, scalar

# Column spellings of article exports, per field in priority order (data/lexicon/export_fields.toml).
EXPORT_FIELDS_FILE = "export_fields.toml"


@cache
def field_aliases() -> dict[str, tuple[str, ...]]:
    """Article field → the export column names that hold it, in priority order, as the lexicon lists them."""
    return {name: tuple(names) for name, names in read_toml(EXPORT_FIELDS_FILE)["fields"].items()}


WRAPPER_KEYS = ("articles", "data", "items", "results")
TOO_DEEP_JSON = "invalid JSON (nested too deeply to be an article export)"


_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def norm_key(key: str) -> str:
    """A column name compared in lower case, spaces, hyphens and camelCase humps read as underscores
    (``pubTime`` → ``pub_time``, ``Media Name`` → ``media_name``)."""
    return re.sub(r"[\s\-]+", "_", _CAMEL_RE.sub("_", str(key).strip()).lower())


@cache
def item_prefixes() -> tuple[str, ...]:
    """Words a crawler puts before every field name of its items (``newsTitle``, ``article_content``)."""
    return tuple(norm_key(p) + "_" for p in read_toml(EXPORT_FIELDS_FILE)["item_prefixes"]["words"])


def _key_forms(key: str) -> list[str]:
    """The spellings a column answers to: its own name, then, for a column a flattening tool
    prefixed with its parent object (``file.content``, ``article.title``), the last part, then
    that part less an item word the crawler put before every field (``newsContent`` → ``content``)."""
    norm = norm_key(key)
    forms = [norm]
    tail = norm.rsplit(".", 1)[-1]
    if tail and tail != norm:
        forms.append(tail)
    for prefix in item_prefixes():
        if tail.startswith(prefix) and len(tail) > len(prefix):
            forms.append(tail[len(prefix) :])
            break
    return forms


def _field_map(keys: list[str]) -> dict[str, list[str]]:
    """For each target field, the row keys that spell it, in alias priority order; a column's own
    name wins over another column's prefixed one."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(norm_key(key), key)
    for key in keys:
        for form in _key_forms(key)[1:]:
            by_norm.setdefault(form, key)
    return {
        name: [by_norm[k] for a in aliases if (k := norm_key(a)) in by_norm]
        for name, aliases in field_aliases().items()
    }


def _no_text_column() -> str:
    return f"no text column; expected one of {', '.join(field_aliases()['text'])}"


def _row_document(
    row: dict, fields: dict[str, list[str]], source: str, encoding: str, fmt: str, label: str
) -> Document:
    # A text stored as a list holds paragraphs; other lists (authors) read as "A, B".
    values = {
        name: next((v for k in keys if (v := scalar(row.get(k), "\n" if name == "text" else ", "))), "")
        for name, keys in fields.items()
    }
    text = normalise_newlines(values.pop("text"))
    if HTMLISH.search(text):
        text, _ = html_to_text(text, whole=True)
    else:
        text = decode_entities(text)
    if not text.strip():
        raise IngestError(f"{label}: empty text")
    meta = {k: normalise_newlines(v).strip() for k, v in values.items() if v}
    return Document(source, text, encoding, fmt, meta, dict.fromkeys(meta, "row"))


def _rows_to_documents(
    rows: list[tuple[int, object]], rel: str, encoding: str, fmt: str, label: str
) -> tuple[list[Document], list[Rejected]]:
    keys: list[str] = []
    for _, row in rows:
        if isinstance(row, dict):
            keys.extend(k for k in row if k not in keys)
    fields = _field_map(keys)
    if not fields["text"]:
        raise IngestError(_no_text_column())
    docs: list[Document] = []
    rejected: list[Rejected] = []
    for n, row in rows:
        source = f"{rel}#{n}"
        if not isinstance(row, dict):
            rejected.append(Rejected(source, f"{label} {n}: not an object"))
            continue
        try:
            docs.append(_row_document(row, fields, source, encoding, fmt, f"{label} {n}"))
        except IngestError as exc:
            rejected.append(Rejected(source, str(exc)))
    return docs, rejected


def read_json(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """A JSON object, a list of objects, or an object wrapping one under articles/data/items/results."""
    text, encoding = decode_bytes(data, forced=forced)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line saved as .json
            return read_jsonl(data, rel, forced)
        raise IngestError(f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except RecursionError as exc:
        raise IngestError(TOO_DEEP_JSON) from exc
    if isinstance(value, dict):
        wrapped = _unwrap(value)
        if wrapped is None:
            wrapped = _find_article_list(value)
        if wrapped is None:
            docs, rejected = _rows_to_documents([(1, value)], rel, encoding, "json", "object")
            for item in (*docs, *rejected):
                item.source = rel  # a single article: the file itself
            return docs, rejected
        value = wrapped
    if not isinstance(value, list):
        raise IngestError("JSON holds neither an object nor a list of objects")
    if not value:
        raise IngestError("empty file (JSON list has no items)")
    return _rows_to_documents(list(enumerate(value, 1)), rel, encoding, "json", "item")


def _unwrap(value: dict, depth: int = 0) -> list | None:
    """The article list under articles/data/items/results (also one level deeper: data.items)."""
    for key, inner in value.items():
        if key.lower() in WRAPPER_KEYS:
            if isinstance(inner, list):
                return inner
            if isinstance(inner, dict) and depth == 0:
                found = _unwrap(inner, 1)
                if found is not None:
                    return found
    return None


def read_jsonl(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """One JSON object per line; a malformed line is rejected on its own, the rest are read."""
    text, encoding = decode_bytes(data, forced=forced)
    rows: list[tuple[int, object]] = []
    bad: list[Rejected] = []
    for n, line in enumerate(normalise_newlines(text).split("\n"), 1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            bad.append(Rejected(f"{rel}#{n}", f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})"))
        except RecursionError:
            bad.append(Rejected(f"{rel}#{n}", f"line {n}: {TOO_DEEP_JSON}"))
    if not rows and not bad:
        raise IngestError("empty file")
    if bad:
        try:  # a pretty-printed JSON document saved as .jsonl
            json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            pass
        else:
            return read_json(data, rel, forced)
    if not rows:
        return [], bad
    docs, rejected = _rows_to_documents(rows, rel, encoding, "jsonl", "line")
    order = {r.source: i for i, r in enumerate(bad + rejected)}
    return docs, sorted(bad + rejected, key=lambda r: (int(r.source.rsplit("#", 1)[1]), order[r.source]))


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(",\t;|", key=header.count) if any(d in header for d in ",\t;|") else ","


def read_csv(
    data: bytes, rel: str, forced: str | None = None, label: str = "row"
) -> tuple[list[Document], list[Rejected]]:
    """A CSV export with a header row; quoted fields may hold newlines and quotes."""
    text, encoding = decode_bytes(data, forced=forced)
    csv.field_size_limit(MAX_BYTES)  # whole articles sit in one field
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
        rows = list(reader)
    except csv.Error as exc:
        raise IngestError(f"malformed CSV ({exc})") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise IngestError("empty file")
    header = [h.strip() for h in rows[0]]
    if not rows[1:]:
        raise IngestError("CSV has a header but no rows")
    records = [(n, dict(zip(header, row, strict=False))) for n, row in enumerate(rows[1:], 1)]
    return _rows_to_documents(records, rel, encoding, "csv", label)


TAB_EXPORT_LABEL = "tab-separated export (a spreadsheet saved as text), row"
_MAX_HEADER_CELL = 30


def is_tab_export(text: str) -> bool:
    """True when a text file is a spreadsheet saved as tab-separated text (Excel's "Unicode text"):
    a first line of short tab-separated column names, one of them a text column, and at least
    one more line holding a tab. Such a file is one article per row, not one article."""
    lines = [ln for ln in text.split("\n", 50)[:50] if ln.strip()]
    if len(lines) < 2 or "\t" not in lines[0]:
        return False
    cells = [c.strip().strip('"') for c in lines[0].split("\t")]
    if len(cells) < 2 or not all(0 < len(c) <= _MAX_HEADER_CELL for c in cells):
        return False
    return bool(_field_map(cells)["text"]) and any("\t" in ln for ln in lines[1:])


def _has_text_field(row: object) -> bool:
    keys = {f for k in row for f in _key_forms(k)} if isinstance(row, dict) else set()
    return bool(keys & {norm_key(a) for a in field_aliases()["text"]})


def _find_article_list(value: dict, depth: int = 0) -> list | None:
    """An API's article list under other envelope names (``{"result": {"articles": [...]}}``,
    ``{"response": {"docs": [...]}}``): the first list, at most two levels down, whose objects
    carry a text field. A single article object has its text at the top and is not searched."""
    if _has_text_field(value):
        return None
    for inner in value.values():
        if isinstance(inner, list) and any(_has_text_field(row) for row in inner):
            return inner
        if isinstance(inner, dict) and depth < 2:
            found = _find_article_list(inner, depth + 1)
            if found is not None:
                return found
    return None
