"""Paragraph restoration: give every later stage the paragraphs a reader would see.

Scraped text does not always arrive one paragraph per line: a whole article may sit on one line
with its paragraphs joined by spaces, ideographic spaces or nothing, and plain-text exports may be
hard-wrapped every 60–80 characters. ``restore(text)`` returns ``(source line, text)`` pieces, one
per paragraph, before any cleaning rule runs: very long lines are split at sentence ends, wrapped
lines are joined, and crawler residue at the very start (`` date 2025-10-18 ``) is set on a line
of its own. Nothing is dropped except the whitespace at a split or a join. Thresholds and the
abbreviation list live in ``data/lexicon/paragraphs.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from .lexicon import read_toml

LEXICON = "paragraphs.toml"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE = " \t\u3000\u00a0"
_CLOSE = "」』”’\"'）)"
# a Chinese sentence end: 。！？ then any closing quotes (ASCII !? are left alone: headline
# lists join their headlines with "! ", and a paragraph of body text ends with 。)
_ZH_END = rf"[。！？][{_CLOSE}]*"
# a closing quote directly after Han text or punctuation ends a quoted sentence too
_ZH_QUOTE_END = rf"(?<=[{_HAN}，。！？…])[」』”]+"
_EN_END = r"[.!?][\"”’')]*"
# (never before punctuation: in 列入“实体清单” 。美国… the quote closes a name, the 。 ends the sentence)
_ZH_SPACED_RE = re.compile(rf"(?:{_ZH_END}|{_ZH_QUOTE_END})([{_SPACE}]+)(?=[^\s，。、；：！？,.;:!?])")
_EN_SPACED_RE = re.compile(rf"{_EN_END}((?:[ \t\u00a0]{{2,}}|\u3000+))(?=[\"“‘(]?[A-Z0-9])")
_ZH_ANY_RE = re.compile(rf"{_ZH_END}([{_SPACE}]*)(?=\S)")
_EN_ANY_RE = re.compile(rf"{_EN_END}([{_SPACE}]+)(?=[\"“‘(]?[A-Z])")
_WORD_BEFORE_RE = re.compile(r"(\S+?)[.!?][\"”’')]*$")
# crawler residue at the very start of an export: " date 2025-10-18 ", 發布時間：2025-10-18 12:00
# (a time run into the next field, 10:37:00来源:, stays with its date: the line is not split there)
_RESIDUE_RE = re.compile(
    r"^[ \t\u3000]*(?:date|time|published|updated|发布时间|發布時間|發佈時間|发布日期|發布日期|發佈日期|日期|時間|时间)"
    r"\s*[:：]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?=[ \t\u3000]+(?!\d{1,2}:\d{2})\S)",
    re.IGNORECASE,
)
_MARKUP_RE = re.compile(r"^\s*(?:#{1,6}\s|[-*+•·]\s|>\s?|\||\d{1,2}[.)、]\s|!\[)")
_ZH_LINE_END = tuple('。！？!?：:；;…」』”"）)')
_EN_LINE_END_RE = re.compile(r"[.!?:;][\"”’')]*$")


# text typeset with a space after every character (本 港 失 業 率 創 百 分 之 七 點 一 新 高, an old
# page's letter-spacing): most Han characters stand one space from the next
_SPACED_HAN_RE = re.compile(rf"[{_HAN}] (?=[{_HAN}，。、；：！？,.!?%\d])")
_INNER_SPACE_RE = re.compile(r"(?<![A-Za-z ]) (?![A-Za-z ])")
_ONE_HAN_RE = re.compile(rf"[{_HAN}]")


def unspace_letters(text: str) -> str:
    """``text`` without the single spaces of letter-spaced typesetting (a reader sees 本港失業率,
    and 百分之七點一 is one number); spaces between Latin words stay. Other text is unchanged."""
    han = len(_ONE_HAN_RE.findall(text))
    if han < 10 or len(_SPACED_HAN_RE.findall(text)) < 0.6 * han:
        return text
    return _INNER_SPACE_RE.sub("", text)


@cache
def _config() -> dict:
    return read_toml(LEXICON)


@cache
def _field_label_re() -> re.Pattern[str]:
    """A line opening with a header field's label and its colon (paragraphs.toml field_labels)."""
    labels = sorted(_config().get("field_labels", []), key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, labels)) + r")\s*[:：]")


@cache
def _spam_res() -> tuple[re.Pattern[str], ...]:
    """The keyword-stuffing patterns of cleaning's seo_spam rule (boilerplate.toml): such a line is
    a block of its own, never a clause wrapped onto the next line."""
    rules = read_toml("boilerplate.toml").get("rules", {})
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.get("seo_spam", {}).get("patterns", []))


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in _config().get("abbreviations", []))


_HAN_RE = re.compile(f"[{_HAN}]")
# a photo credit closing a caption: 本报记者刘杰摄, （圖／某某提供）, 資料照
_PHOTO_CREDIT_END_RE = re.compile(r"(?:摄|攝|摄影|攝影|资料照|資料照|提供|图|圖)\s*[)）]?\s*$")
# a clause comma: full width, or an ASCII one written between Chinese words (many Taiwan and
# Hong Kong pages, and text passed through a half-width converter, use ``,``)
_ZH_COMMA_RE = re.compile(rf"，|(?<=[{_HAN}）)」”]),\s?(?=[{_HAN}「“（(])")


@lru_cache(maxsize=1 << 12)  # each line is asked about several times (width, joins, ends)
def _is_han_line(text: str) -> bool:
    """A line of Chinese text: at least a third of its non-space characters are Han."""
    if text.isascii():
        return False
    han = len(_HAN_RE.findall(text))  # counted in C
    return han >= max(1, len(text.replace(" ", "")) // 3)


def _en_boundary_ok(text: str, end: int) -> bool:
    """An English full stop ending at ``end`` ends a sentence (not Mr. / U.S. / a single initial)."""
    # The pattern is anchored at the end and holds no whitespace, so only the last
    # whitespace-free run can match: searching it alone gives the same match without the
    # regex engine trying every earlier start (quadratic over a long one-line article).
    before = text[:end].rstrip()
    m = _WORD_BEFORE_RE.search(before.rsplit(None, 1)[-1] if before else before)
    if not m:
        return True
    word = m.group(1).lstrip('"“‘(')
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: J. Smith
    return word.lower() not in _abbreviations()


def _cut(text: str, cuts: list[tuple[int, int]]) -> list[str]:
    """Pieces of ``text`` between the (start, end) whitespace gaps in ``cuts``."""
    out, pos = [], 0
    for start, end in sorted(cuts):
        if start < pos:
            continue
        piece = text[pos:start].strip(_SPACE)
        if piece:
            out.append(piece)
        pos = end
    rest = text[pos:].strip(_SPACE)
    if rest:
        out.append(rest)
    return out


def split_line(line: str) -> list[str]:
    """Split one line holding several paragraphs; a normal paragraph comes back unchanged."""
    cfg = _config()
    text = line.strip(_SPACE)
    residue = _RESIDUE_RE.match(text)
    if residue:
        rest = text[residue.end() :]
        return [residue.group(0).strip(_SPACE), *split_line(rest)]
    if len(text) < cfg.get("split_spaced_min", 80):
        return [text] if text else []
    cuts = [m.span(1) for m in _ZH_SPACED_RE.finditer(text)]
    cuts += [m.span(1) for m in _EN_SPACED_RE.finditer(text) if _en_boundary_ok(text, m.start(1))]
    pieces = _cut(text, cuts)
    long_min = cfg.get("split_long_min", 600)
    if all(len(p) < long_min for p in pieces):
        return pieces
    out: list[str] = []
    for p in pieces:
        out.extend(_split_long(p) if len(p) >= long_min else [p])
    return out


def _split_long(text: str) -> list[str]:
    """A very long run of sentences with no paragraph marks: pieces of about ``target_chars``."""
    target = _config().get("target_chars", 250)
    ends = [(m.end(0) - len(m.group(1)), m.end(0)) for m in _ZH_ANY_RE.finditer(text)]
    ends += [(m.start(1), m.end(1)) for m in _EN_ANY_RE.finditer(text) if _en_boundary_ok(text, m.start(1))]
    cuts: list[tuple[int, int]] = []
    last = 0
    for start, end in sorted(ends):
        if start - last >= target and len(text) - end >= target // 2:
            cuts.append((start, end))
            last = end
    return _cut(text, cuts)


def _ends_sentence(text: str) -> bool:
    if _is_han_line(text):
        return text.endswith(_ZH_LINE_END)
    return bool(_EN_LINE_END_RE.search(text))


def _wrap_width(lines: list[str]) -> tuple[int | None, int | None]:
    """(English width, Chinese width) when the article is hard-wrapped at that width, else None."""
    cfg = _config()
    filled = [ln.strip(_SPACE) for ln in lines if ln.strip(_SPACE)]
    if len(filled) < cfg.get("wrap_min_lines", 4):
        return None, None
    share = cfg.get("wrap_share", 0.5)
    en = [
        len(t)
        for t in filled
        if not _is_han_line(t) and cfg.get("wrap_min_chars", 40) <= len(t) <= cfg.get("wrap_max_chars", 100)
    ]
    en_width = None
    if len(en) >= cfg.get("wrap_min_lines", 4) and len(en) >= share * len(filled):
        en_width = int(sorted(en)[int(0.9 * (len(en) - 1))])
    zh = [len(t) for t in filled if _is_han_line(t)]
    zh_width = None
    if zh:
        # a fixed-width wrap makes one length the most common (ties: the longer one)
        width = max(Counter(zh).items(), key=lambda kv: (kv[1], kv[0]))[0]
        near = [n for n in zh if abs(n - width) <= 2]
        in_band = cfg.get("wrap_min_han", 12) <= width <= cfg.get("wrap_max_han", 45)
        # (lines shorter than any wrap width, a site name or 责任编辑 line in the page's head and
        # foot, are no evidence either way: the share is of the lines long enough to be wrapped)
        longer = [t for t in filled if len(t) >= cfg.get("wrap_min_han", 12)]
        many = len(near) >= cfg.get("wrap_min_lines", 4) and len(near) >= share * len(longer)
        # a short article: two lines at the width and none longer is a hard wrap too
        capped = len(near) >= 2 and max(zh) <= width + 2 and width >= cfg.get("wrap_min_capped", 20)
        if in_band and (many or capped):
            zh_width = width
    return en_width, zh_width


# two cell separators in a line: a row of a table
_CELLS_RE = re.compile(r"[|｜][^|｜]*[|｜]")


def _joins(cur: str, nxt: str, en_width: int | None, zh_width: int | None) -> bool:
    """Whether line ``cur`` was wrapped in mid-sentence and continues on ``nxt``."""
    if not cur or not nxt or _ends_sentence(cur) or _MARKUP_RE.match(cur) or _MARKUP_RE.match(nxt):
        return False  # a Markdown heading, list item, quote or table row stands on its own line
    if _CELLS_RE.search(cur) or _CELLS_RE.search(nxt):
        return False  # a table row pasted as text (某隊 | 63 | 54 |) is a row of its own
    if _field_label_re().match(nxt):
        return False  # a header field (发布时间:… 来源:…) starts its own line, under the headline
    if any(p.search(cur) for p in _spam_res()):
        return False  # spam keywords run together (久久精品…一区二区) end nothing's first half
    fill = _config().get("wrap_fill", 0.7)
    if _is_han_line(cur):
        continues = _is_han_line(nxt) or nxt[0] in "，。、；：！？」』”）…"
        # (in a wrapped article a line at the width may break before a number: 新增疑似病例 / 5019例。)
        at_width = zh_width is not None and len(cur) >= zh_width - 2
        if not continues and not (at_width and nxt[0].isdigit()):
            return False
        if zh_width is not None and len(cur) >= zh_width - 2:
            return True
        # a clause cut in mid-sentence: a long line with a full-width comma and no end mark (a
        # heading has no comma); its continuation is Chinese text
        if len(cur) < _config().get("wrap_min_clause", 16) or not _is_han_line(nxt):
            return False
        if _PHOTO_CREDIT_END_RE.search(cur):
            return False  # a photo caption's credit (本报记者某某摄) ends its line
        if _ends_sentence(nxt) and len(nxt) > len(cur) + 4:
            # a wrap fills its line: the line a clause is cut from is never much shorter than the
            # rest of the sentence under it, so this is a headline over a whole paragraph
            # (甲州获拨款2.1亿,发展拨款5.7亿 / 财长说,…。)
            return False
        if "，" in cur:
            return True
        # an ASCII comma: a caption (`…關稅,圖為中美國旗 資料圖`) has one too, but a clause cut
        # by a wrap has no space inside it
        # and it stops on a Chinese character, in mid-word
        return (
            _ZH_COMMA_RE.search(cur) is not None
            and not re.search(rf"[{_SPACE}]", cur)
            and _HAN_RE.match(cur[-1]) is not None
        )
    if en_width is None:
        # an English sentence does not start in lower case: a long line going on in lower case
        # was wrapped (a short one may be a byline above a sentence)
        return nxt[0].islower() and len(cur) >= _config().get("wrap_min_chars", 40)
    if nxt[0].islower():
        return True
    return len(cur) >= fill * en_width or (len(cur.split()) == 1 and cur[0].isupper() and len(cur) <= 12)


def _double_spaced_width(lines: list[str]) -> int | None:
    """The usual length of the Chinese lines when the text is set double-spaced (most filled lines
    followed by a blank line) and those lines are short enough to be a wrap, else None."""
    cfg = _config()
    filled = [i for i, ln in enumerate(lines) if ln.strip(_SPACE)]
    if len(filled) < cfg.get("wrap_min_lines", 4):
        return None
    followed = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip(_SPACE))
    if followed < cfg.get("double_spaced_share", 0.6) * len(filled):
        return None
    zh = sorted(
        len(t)
        for i in filled
        if _is_han_line(t := lines[i].strip(_SPACE)) and len(t) >= cfg.get("wrap_min_han", 12)
    )
    if len(zh) < cfg.get("wrap_min_lines", 4):
        return None
    width = zh[int(0.75 * (len(zh) - 1))]
    return width if width <= cfg.get("double_spaced_max_han", 80) else None


_STAMP_RE = re.compile(r"\d{1,2}:\d{2}|(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
# a list number before an item's text (1   本年度报告…): not part of the clause
_ITEM_NO_RE = re.compile(rf"^\d{{1,2}}[{_SPACE}]+")


def _cut_clause(cur: str, nxt: str, width: int) -> bool:
    """In double-spaced text wrapped at about ``width``, a Chinese line cut in mid-clause before a
    blank line: near the width, holding a clause comma, ending on a Han character or a comma (no
    end mark), the next line Chinese text that is no list item or heading mark, the line no photo
    credit. (A headline over a body of long lines is far shorter than they are.)"""
    text = _ITEM_NO_RE.sub("", cur.strip(_SPACE))
    nxt = nxt.strip(_SPACE)
    return (
        len(cur.strip(_SPACE)) >= _config().get("wrap_fill", 0.7) * width
        and len(text) >= _config().get("wrap_min_clause", 16)
        and _is_han_line(text)
        and _is_han_line(nxt)
        and (_HAN_RE.match(text[-1]) is not None or text[-1] in "，,、")
        and (re.search(r"[，,]", text) is not None or text[-1] == "、")
        and not _STAMP_RE.search(text)  # a date or time line (byline) stands alone
        and not re.search(
            r"[!！?？]", text
        )  # a line of chrome calls out (歡迎來到本論壇,…!); a wrap rarely does
        and not _PHOTO_CREDIT_END_RE.search(text)
        and not _MARKUP_RE.match(nxt)
        and not _ITEM_NO_RE.match(nxt)
        and not _CELLS_RE.search(text)
    )


def _at_width(line: str, en_width: int | None, zh_width: int | None) -> bool:
    """A line that fills the article's wrap width (so its break, even before a blank line, is a wrap)."""
    text = line.strip(_SPACE)
    if _is_han_line(text):
        return zh_width is not None and len(text) >= zh_width - 2
    return en_width is not None and len(text) >= _config().get("wrap_fill", 0.7) * en_width


def _glue(a: str, b: str) -> str:
    """Join a wrapped line to its continuation: Chinese wraps hide no space (12.5亿 broken as
    ``12.`` / ``5亿`` is one figure), English wraps replace one."""
    if _is_han_line(a) and not (a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha()):
        return a + b
    return a + " " + b


def restore(text: str, keep_blank: bool = False) -> list[tuple[int, str]]:
    """``(1-based source line, paragraph text)`` for every paragraph of ``text``, in order;
    with ``keep_blank`` the blank source lines stay as ``(line, "")`` (layout for metadata)."""
    found = _restore(text)
    # the blank lines are the only empty entries, and dropping them leaves what restoring
    # without them gives (they only end a paragraph, which an empty entry marks as well)
    return list(found) if keep_blank else [entry for entry in found if entry[1]]


@lru_cache(maxsize=4)  # cleaning and metadata restore the same document one after the other
def _restore(text: str) -> tuple[tuple[int, str], ...]:
    """``restore(text, keep_blank=True)``, computed once per document."""
    raw_lines = text.splitlines()
    # a letter-spaced bulletin (天 文 台 在 …) is read without its spacing, so that its hard wrap
    # shows at the width a reader sees; a line joined to none keeps its spacing as written
    lines = [unspace_letters(ln) for ln in raw_lines]
    en_width, zh_width = _wrap_width(lines)
    # a double-spaced wrapped text puts a blank line after every wrapped line too: there one
    # blank line may fall inside a sentence (发展规 / blank / 划,投资者…), two never do
    across = _double_spaced_width(lines)
    joined: list[tuple[int, str]] = []
    open_line: tuple[int, str] | None = None
    gap: list[tuple[int, str]] = []  # blank lines after the open line, not yet written
    for no, raw in enumerate(lines, start=1):
        cur = raw.strip(_SPACE)
        if not cur:
            if open_line and across and not gap:
                gap.append((no, ""))
                continue
            if open_line:
                joined.append(open_line)
            open_line = None
            joined.extend(gap)
            gap = []
            joined.append((no, ""))
            continue
        if open_line and _joins(open_line[1], cur, en_width, zh_width):
            if not gap or (
                _at_width(open_line[1], en_width, zh_width) and not _STAMP_RE.search(open_line[1])
            ):
                open_line = (open_line[0], _glue(open_line[1], cur))
                gap = []
                continue
        if open_line and gap and across and _cut_clause(open_line[1], cur, across):
            open_line = (open_line[0], _glue(open_line[1], cur))
            gap = []
            continue
        if open_line:
            joined.append(open_line)
        joined.extend(gap)
        gap = []
        open_line = (no, raw)
    if open_line:
        joined.append(open_line)
    joined.extend(gap)
    joined = [(no, raw_lines[no - 1] if line == lines[no - 1] else line) for no, line in joined]
    out: list[tuple[int, str]] = []
    for no, line in joined:
        if not line:
            out.append((no, ""))
            continue
        pieces = split_line(line)
        if len(pieces) <= 1 and line.strip(_SPACE) == (pieces[0] if pieces else ""):
            out.append((no, line))  # unchanged: keep the line exactly as written
        else:
            out.extend((no, p) for p in pieces)
    return tuple(out)


def restore_text(text: str) -> str:
    """``restore`` as text, one paragraph per line."""
    return "\n".join(p for _, p in restore(text))
