"""An RSS or Atom feed saved as a text file: one article per item, its fields as metadata.

The feed is parsed by ``feedparser`` (RSS 0.9x/1.0/2.0 and Atom, with a lenient fallback for the
broken feeds scrapes save: bare ``&``, HTML entities XML does not know, a file cut off mid-item).
Our own decoder reads the bytes first, so every Chinese encoding the other formats accept works
here too, and feedparser is handed UTF-8 in a stream: it never opens a URL or a file.
"""

from __future__ import annotations

import io
import re
from email.utils import parsedate_to_datetime

from ..records import Document, Rejected
from .decode import IngestError, decode_bytes, normalise_newlines
from .html import html_to_text

# the file starts (after a byte-order mark, an XML declaration and comments) with a feed element
FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S
)
# the XML declaration's encoding, rewritten to the UTF-8 the feed is handed over in
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*""")


def _date(value: str) -> str:
    """An RFC 822 feed date (Fri, 15 Dec 2023 08:21:00 GMT) as ISO, in the feed's own offset; other forms as written."""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def _meta(entry: dict) -> dict[str, str]:
    """Title, link, date and author of one item, in the fields an export row would use."""
    meta = {
        "title": entry.get("title", ""),
        # an RSS <guid> stands in for a missing <link>, as feed readers do
        "url": entry.get("link") or entry.get("id", ""),
        "published": _date(entry.get("published") or entry.get("updated") or ""),
        "author": entry.get("author", ""),
    }
    return {key: value.strip() for key, value in meta.items() if value and value.strip()}


def _body_html(entry: dict) -> str:
    """The item's fullest text: <content:encoded> or Atom <content>, else <description>/<summary>."""
    for content in entry.get("content") or ():
        if content.get("value", "").strip():
            return content["value"]
    return entry.get("summary", "")


def read_feed(data: bytes, rel: str, forced: str | None = None) -> tuple[list[Document], list[Rejected]]:
    """Each <item> (RSS) or <entry> (Atom) as one article ``rel#n``; an item without text is rejected."""
    import feedparser  # 50 ms to import, and feeds are rare: only a build that meets one pays for it

    text, encoding = decode_bytes(data, forced=forced)
    utf8 = _DECLARED_ENCODING.sub(r"\1utf-8", normalise_newlines(text), count=1).encode("utf-8")
    parsed = feedparser.parse(
        io.BytesIO(utf8), response_headers={"content-type": "application/xml; charset=utf-8"}
    )
    if not parsed.entries:
        raise IngestError("feed holds no <item> or <entry>")
    docs: list[Document] = []
    bad: list[Rejected] = []
    for n, entry in enumerate(parsed.entries, 1):
        meta = _meta(entry)
        body, _ = html_to_text(_body_html(entry), whole=True)
        if not body.strip():
            bad.append(Rejected(f"{rel}#{n}", f"item {n}: no text in the feed item"))
            continue
        docs.append(Document(f"{rel}#{n}", body, encoding, "txt", meta, dict.fromkeys(meta, "row")))
    return docs, bad
