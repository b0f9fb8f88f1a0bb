"""An RSS or Atom feed saved as a text file: one article per item, its fields as metadata."""

from __future__ import annotations

import html
import re
from email.utils import parsedate_to_datetime

from ..records import Document, Rejected
from .decode import IngestError, decode_bytes, normalise_newlines
from .html import html_to_text

# the file starts (after a byte-order mark, an XML declaration and comments) with a feed element
FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S
)
_ITEM_RE = re.compile(r"<(item|entry)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)
_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_LINK_HREF_RE = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"']", re.I)
# the field names of RSS 2.0, RSS 1.0 (dc:) and Atom, in the order they are tried
_FIELDS = {
    "title": ("title",),
    "url": ("link", "guid"),
    "published": ("pubDate", "dc:date", "published", "updated"),
    "author": ("dc:creator", "author"),
    "body": ("content:encoded", "description", "content", "summary"),
}


def _field(item: str, names: tuple[str, ...]) -> str:
    for name in names:
        m = re.search(rf"<{re.escape(name)}\b[^>]*>(.*?)</{re.escape(name)}\s*>", item, re.I | re.S)
        if m and m.group(1).strip():
            inner = _CDATA_RE.sub(lambda c: c.group(1), m.group(1))
            # outside CDATA the markup of a description is escaped (&lt;p&gt;): unescape once
            return inner.strip() if "<![CDATA[" in m.group(1) else html.unescape(inner).strip()
    return ""


def _date(value: str) -> str:
    """An RFC 822 feed date (Fri, 15 Dec 2023 08:21:00 GMT) as ISO; other forms as written."""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def read_feed(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """Each <item> (RSS) or <entry> (Atom) as one article ``rel#n``; an item without text is rejected."""
    text, encoding = decode_bytes(data, forced=forced)
    items = [m.group(2) for m in _ITEM_RE.finditer(normalise_newlines(text))]
    if not items:
        raise IngestError("feed holds no <item> or <entry>")
    docs: list[Document] = []
    bad: list[Rejected] = []
    for n, item in enumerate(items, 1):
        meta = {key: html.unescape(_field(item, names)) for key, names in _FIELDS.items() if key != "body"}
        if not meta["url"]:
            href = _LINK_HREF_RE.search(item)
            meta["url"] = href.group(1) if href else ""
        if meta["published"]:
            meta["published"] = _date(meta["published"])
        body, _ = html_to_text(_field(item, _FIELDS["body"]) or "", whole=True)
        meta = {k: v for k, v in meta.items() if v}
        if not body.strip():
            bad.append(Rejected(f"{rel}#{n}", f"item {n}: no text in the feed item"))
            continue
        docs.append(Document(f"{rel}#{n}", body, encoding, "txt", meta, dict.fromkeys(meta, "row")))
    return docs, bad
