"""Text out of raw values: HTML character references in plain text, export fields as strings."""

from __future__ import annotations

import html
import re
import unicodedata

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def scalar(value: object, sep: str = ", ") -> str:
    """An export value as a string: lists joined with ``sep``, objects by their name/title/url."""
    if value is None:
        return ""
    if isinstance(value, str):
        # A JSON "\\ud800" escape decodes to a lone surrogate, which no UTF-8 table can store.
        return _LONE_SURROGATE.sub("\ufffd", value).strip()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return sep.join(s for s in (scalar(v, sep) for v in value) if s)
    if isinstance(value, dict):
        for key in ("name", "title", "@value", "value", "url", "id"):
            if key in value:
                return scalar(value[key])
    return ""


# An HTML character reference left in a plain-text export (&nbsp; &#37; &#x3002; &amp;): only
# complete references with their semicolon, so "AT&T" or "R&D;" prose is left alone.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """Decode HTML character references in plain text (txt/md/json/csv exports); a decoded
    no-break space becomes a plain space so figures and words around it still read."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        out = html.unescape(m.group(0))
        if (
            out == m.group(0)
            or "\ufffd" in out
            or any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in out)
        ):
            return m.group(0)  # unknown name or a control character: keep as written
        return out.replace("\u00a0", " ")

    return _ENTITY_RE.sub(one, text)
