"""The rule passes: mark every line that is boilerplate (with its rule) or give it a role."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain

from ..records import RemovedLine
from ..schema import Rule
from .guard import body_follows, keep_last_body
from .lines import (
    EMPTY_RE,
    SECTION_RE,
    URL_RE,
    Line,
    any_match,
    any_search,
    is_heading,
    is_masthead,
    line_forms,
    match_rule,
    overlap,
)
from .pinyin import HAN, HAN_RE
from .rules import SECTION_ENDS, compile_any, lexicon_config


def classify(lines: list[Line]) -> None:
    """Mark every line with the rule that cuts it, or the role it is kept in; the passes run in order."""
    cfg = lexicon_config()
    _line_patterns(lines)
    _repeats(lines)
    _section_numbers(lines)
    _related_boxes(lines, cfg.get("related_box", {}))
    _header(lines, cfg.get("header", {}))
    _references(lines, cfg.get("references", {}))
    _trailing(lines, cfg.get("trailing", {}))
    _headline_lists(lines, cfg.get("headline_list", {}))
    _channel_mastheads(lines, cfg.get("header", {}))
    _breadcrumbs(lines, cfg.get("header", {}))
    keep_last_body(lines, cfg.get("guard", {}))
    _roles(lines, cfg.get("captions", {}))


def _line_patterns(lines: list[Line]) -> None:
    """1. Per-line patterns."""
    for ln in lines:
        if ln.rule is None:
            ln.rule = match_rule(ln)


def _channel_mastheads(lines: list[Line], head: dict) -> None:
    """7a. A masthead with the site's channel names (am730 本地, 星島頭條 即時 港聞) left near
    the top once the menus are cut: the page's name, not the article's text."""
    for ln in lines[: head.get("max_line", 6)]:
        if ln.free and len(ln.text) <= 40 and is_masthead(ln.text, channels=True):
            ln.rule = Rule.BYLINE


def _breadcrumbs(lines: list[Line], head: dict) -> None:
    """7b. A two-level breadcrumb (世界新聞網 > 舊金山) near the top, and section labels above the
    story's first sentence, left once the menus and headline lists are cut: the site's furniture,
    cut like the longer breadcrumbs."""
    crumbs = compile_any(tuple(head.get("breadcrumb_patterns", [])))
    for ln in lines[: head.get("max_line", 6)]:
        if ln.free and any(p.search(ln.text) for p in crumbs):
            ln.rule = Rule.READ_COUNT_PROMO
    # a section label (體育 即時新聞, 政事) anywhere above the story's first sentence
    labels = compile_any(tuple(head.get("section_label_patterns", [])))
    for ln in lines:
        if ln.free and _PROSE_RE.search(ln.text):
            break
        if ln.free and any(p.search(f) for p in labels for f in ln.forms):
            ln.rule = Rule.READ_COUNT_PROMO


# bullets that open a photo caption on news pages (● 圖為…, ▲ 記者攝)
_PHOTO_BULLETS = ("●", "▲", "■", "◆", "▼")


def _repeats(lines: list[Line], min_len: int = 8, max_len: int = 80) -> None:
    """1b. A short line given again right below itself (a headline and its copy, a photo's alt
    text and caption): the copy goes, so its words and figures are not counted twice."""
    prev: Line | None = None
    for ln in lines:
        if not ln.text.strip():
            continue
        if prev is not None and ln.free and prev.free and ln.text.strip() == prev.text.strip():
            # (a sentence said twice is left alone: only headline- and caption-like lines; a
            # line under a photo bullet, `●大批市民排隊購票。`, is a caption even with its 。)
            text = ln.text.strip()
            if min_len <= len(text) <= max_len and (
                text.startswith(_PHOTO_BULLETS)
                or not text.endswith(("。", "！", "？", "!", "?", "。」", "。”"))
            ):
                ln.rule = Rule.REPEATED_LINE
                continue
        prev = ln


def _section_numbers(lines: list[Line]) -> None:
    """2. Section numbers above a short heading; otherwise lone numbers are empty markers."""
    for i, ln in enumerate(lines):
        if ln.rule is None and SECTION_RE.match(ln.forms[0].strip()):
            if i and lines[i - 1].forms and SECTION_RE.match(lines[i - 1].forms[0].strip()):
                continue  # the last of a run of numbers (a calendar, a pager) heads nothing
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and nxt.forms and SECTION_RE.match(nxt.forms[0].strip()):
                continue  # nor does the first of such a run
            if nxt is not None and nxt.rule is None and is_heading(nxt.text):
                ln.rule = Rule.SECTION_NUMBER
                nxt.role = "heading"
    for ln in lines:
        if ln.free and EMPTY_RE.match(ln.forms[0].strip()):
            ln.rule = Rule.EMPTY_MARKER


def _related_boxes(lines: list[Line], box: dict) -> None:
    """3. Multi-line related boxes."""
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.free and any_search("related_box", "openers", ln.forms):
            ln.rule = Rule.RELATED_BOX
            depth = ln.forms[0].count("(") - ln.forms[0].count(")")
            j = i + 1
            while depth > 0 and j < len(lines) and j - i <= box.get("max_lines", 12):
                depth += lines[j].forms[0].count("(") - lines[j].forms[0].count(")") if lines[j].forms else 0
                if lines[j].rule in (None, Rule.EMPTY_MARKER):
                    lines[j].rule = Rule.RELATED_BOX
                j += 1
            i = j
            continue
        i += 1


def _header(lines: list[Line], head: dict) -> None:
    """4. Header: byline near the top, the headline above it."""
    # a masthead line: a known news outlet's name alone (明報新聞網, 中央社 / 2025/11/13 16:45)
    for ln in lines[: head.get("max_line", 6)]:
        if ln.free and len(ln.text) <= 40 and is_masthead(ln.text):
            ln.rule = Rule.BYLINE
    bylines = compile_any(tuple(head.get("byline_patterns", [])))
    for i, ln in enumerate(lines[: head.get("max_line", 6)]):
        # (a meta bar of pipe-separated fields may run longer than a byline)
        short = len(ln.text) <= 80 or (len(ln.text) <= 200 and len(re.findall(r"[|｜]", ln.text)) >= 2)
        # (an info bar of labelled fields is an author line anywhere; at the top, where it also
        # reads as the byline, it is the byline)
        free = ln.free or ln.rule == Rule.AUTHOR_LINE
        is_byline = free and short and any(p.search(ln.forms[0]) for p in bylines)
        if is_byline or ln.rule == Rule.AUTHOR_LINE:
            if is_byline:
                ln.rule = Rule.BYLINE
            prev = [p for p in lines[:i] if p.free]
            # an author line is weaker evidence: the line above must also read as a headline
            ends = ("。", ".", "!", "!", "”", '"') if not is_byline else ("。",)
            if (
                prev
                and len(prev[-1].text) <= head.get("title_max_len", 80)
                and not prev[-1].text.endswith(ends)
                and not _BYLINE_LIKE_RE.search(prev[-1].forms[-1])
            ):
                prev[-1].rule = Rule.TITLE
            break


# a line above a byline that is itself a byline or dateline, not the headline: 聯合報／記者某某／台北
# 即時報導, 中央社北京16日綜合外電報導 (forms[-1] is the simplified form)
_BYLINE_LIKE_RE = re.compile(
    r"记者\s*[\u4e00-\u9fff]{2,4}\s*[／/|｜]|\d{1,2}\s*日\s*(?:综合)?外?(?:电|讯)|(?:即时|综合)(?:报导|报道)\s*$"
)


def _references(lines: list[Line], refs: dict) -> None:
    """5. Reference lists (kept, role reference)."""
    ref_item = re.compile(refs.get("item", r"^\s*\d+[、.]"))
    for i, ln in enumerate(lines):
        if not ln.free or not any_match("references", "openers", ln.forms[0]):
            continue
        # "Sources say ..." is prose: an opener must be short or end with its colon
        if len(ln.text) > 80 and not re.search(r"[:：]\s*$", ln.text):
            continue
        ln.role = "reference"
        for nxt in lines[i + 1 : i + 1 + refs.get("max_items", 20)]:
            if not nxt.free:
                break
            if ref_item.match(nxt.forms[0]) or URL_RE.match(nxt.forms[0]):
                nxt.role = "reference"
            else:
                break


def _trailing(lines: list[Line], trailing: dict) -> None:
    """6. End-of-article markers: everything after them is furniture."""
    markers = set(trailing.get("markers", []))
    weak = set(trailing.get("weak_markers", []))
    seen_body = 0
    block: str | None = None
    skip = 0
    for k, ln in enumerate(lines):
        if k < skip:
            continue
        if block is None:
            if ln.rule in markers and seen_body >= 2:
                end = _link_list_end(lines, k) if ln.rule in weak else None
                if end is not None:
                    # a list of links under the marker, then more prose: only the list is cut
                    for item in lines[k + 1 : end]:
                        if item.text.strip():
                            item.rule, item.role = ln.rule, None
                    skip = end
                elif ln.rule not in weak or not body_follows(lines, k, trailing):
                    block = ln.rule
            elif ln.free and len(ln.text) >= 20:
                seen_body += 1
            continue
        if ln.rule in markers and ln.rule in SECTION_ENDS:
            block = ln.rule
        if ln.rule is None:
            ln.rule = block if block in SECTION_ENDS else Rule.TRAILING_FURNITURE
            ln.role = None


# one item of a link list: [text](url), a [text opening a link whose ](url) follows on the next
# line, that ](url) tail, or a bare URL; a list bullet may stand before it
_LINK_ITEM_RE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[[^\]]*(?:\]\(\S+\))?\s*$|\]\(\S+\)\s*$|https?://\S+\s*$)")
_PROSE_RE = re.compile(r"[。！？]\s*[」”\"』）)]?\s*$")


def _link_list_end(lines: list[Line], k: int) -> int | None:
    """Where a list of links under a weak end marker (延伸阅读 / Related) stops, when prose
    follows it: the index of the first line after the list, else None. A Markdown link list
    states its own extent, so the sentences below it are the article going on, whatever words
    they share with the text above."""
    j = k + 1
    while j < len(lines) and (not lines[j].text.strip() or _LINK_ITEM_RE.match(lines[j].text)):
        j += 1
    if not any(_LINK_ITEM_RE.match(ln.text) and ln.text.strip() for ln in lines[k + 1 : j]):
        return None
    if not any("](" in ln.text or URL_RE.search(ln.text) for ln in lines[k + 1 : j]):
        return None  # bracketed headlines without any link are not a link list
    prose = [ln for ln in lines[j:] if ln.free and len(ln.text) >= 20 and _PROSE_RE.search(ln.text)]
    return j if prose else None


def _roles(lines: list[Line], cap: dict) -> None:
    """7. Roles of what is left."""
    for ln in lines:
        if not ln.free:
            continue
        if len(ln.text) <= cap.get("max_len", 60) and any_search("captions", "patterns", ln.forms):
            ln.role = "caption"
        elif is_heading(ln.text):
            ln.role = "heading"
        else:
            ln.role = "body"


# concatenated headlines are separated by spaces; Chinese sentences are not
_SEGMENT_SPLIT_RE = re.compile(r"\s+")


# a space after a digit sets a number off from its unit (2020 年3 月, 5.0 级: papers and PDFs are
# typeset so), no seam between two headlines
_SEAM_RE = re.compile(r"(?<!\d)\s+")


@lru_cache(maxsize=1 << 12)
def _headline_segments(text: str) -> int:
    """Space-separated segments of ``text`` that read like a Chinese headline (>= 3 Han)."""
    return sum(1 for s in _SEAM_RE.split(text) if len(s) >= 4 and len(HAN_RE.findall(s)) >= 3)


# a cell of a table row: a number standing alone between spaces or pipes (8.3, 81,502, -34.0%)
_TABLE_CELL_RE = re.compile(r"(?:^|(?<=[\s|｜]))[-+]?\d[\d,]*(?:\.\d+)?%?(?=[\s|｜]|$)")


def _table_row(text: str, cfg: dict) -> bool:
    """A row of a table pasted as text: a label with Han text and numbers standing alone as cells."""
    row = text.strip().rstrip("|｜ ")
    if not HAN_RE.search(row) or _CLAUSE_MARK_RE.search(row):
        return False  # a sentence with numbers in it (本帖共有 8 楼,当前显示第 8 楼) is no row
    cells = list(_TABLE_CELL_RE.finditer(row))
    # a row ends on its last cell: 男性 81.4 81.3, not 第 8 楼
    return len(cells) >= cfg.get("table_row_min_cells", 2) and cells[-1].end() == len(row)


def _headline_like(text: str, cfg: dict) -> bool:
    """Could this short line be a headline? (A sentence, a table row or a lead-in is not.)"""
    # headlines do not end like sentences: body paragraphs almost always do; a row of a
    # table pasted as text (粗出生率 8.3 8.2, 2023年第1季 | 81502 | 39.2 |) is data, not a headline
    if _table_row(text, cfg):
        return False
    if "。" in text:
        return False
    # a sentence that leads into what follows (老百姓認為是這樣的:) has a clause inside
    if text.rstrip().endswith((":", "：")) and (
        _clause_marks(text.rstrip()[:-1]) or _lead_in_verb(text.rstrip()[:-1], cfg)
    ):
        return False
    # a headline ending on a quoted phrase (屢被指「妨礙抓交替」), no speech introduced
    if text.rstrip().endswith("」") and not re.search(r"[，,：:]", text):
        return True
    return not text.rstrip().endswith((".", "”", "」", '"', ";", ";", ","))


def _lead_in_verb(head: str, cfg: dict) -> bool:
    """The text before a closing colon ends with a verb that introduces speech or a finding
    (检察院指控, 发言人表示), simplified forms included."""
    verbs = tuple(cfg.get("lead_in_verbs", ()))
    return bool(verbs) and any(form.rstrip().endswith(verbs) for form in line_forms(head))


def _headline_lists(lines: list[Line], cfg: dict) -> None:
    """Cut runs of short unrelated headlines and run-on lines of concatenated headlines."""
    min_lines = cfg.get("min_lines", 3)
    max_len = cfg.get("max_len", 60)
    max_overlap = cfg.get("max_overlap", 0.2)
    bullet = re.compile(cfg.get("bullet", r"^\s*[-•·*]\s*"))
    _menu_lines(lines, cfg)
    body_idx = [i for i, ln in enumerate(lines) if ln.free and len(ln.text) >= 40]
    if not body_idx:
        return
    # one C-level count over all body lines' bigram sets
    vocab: Counter[str] = Counter(chain.from_iterable(lines[i].bigrams() for i in body_idx))

    in_vocab = set(body_idx)

    def low(i: int) -> bool:
        ln = lines[i]
        own = ln.bigrams() if i in in_vocab else None  # do not count a line against itself
        return overlap(ln, vocab, own) <= max_overlap

    cand = {
        i
        for i, ln in enumerate(lines)
        if ln.free and len(ln.text) <= max_len and _headline_like(ln.text, cfg) and low(i)
    }
    anchors = [i for i in body_idx if i not in cand]
    if not anchors:
        return  # no body left to compare with: never cut a whole article as headlines
    first, last = anchors[0], anchors[-1]

    # runs of consecutive unrelated short lines (lines already cut do not break a run)
    run: list[int] = []

    def flush() -> None:
        if len(run) >= min_lines:
            bulleted = sum(1 for i in run if bullet.match(lines[i].text)) >= min_lines
            if bulleted or run[-1] < first or run[0] > last:
                for i in run:
                    lines[i].rule = Rule.HEADLINE_LIST
        run.clear()

    for i, ln in enumerate(lines):
        if i in cand:
            run.append(i)
        elif ln.free:
            flush()
    flush()
    _menu_blocks(lines, cand, first, last, bullet, cfg)

    # run-on lines: long, made of many space/exclamation-separated segments, unrelated words
    for i in body_idx:
        ln = lines[i]
        if len(ln.text) < cfg.get("runon_min_len", 120) or _comma_spaced(ln.text):
            continue
        if _headline_segments(ln.text) < cfg.get("runon_min_segments", 5):
            continue
        if overlap(ln, vocab, ln.bigrams()) <= cfg.get("runon_max_overlap", 0.25):
            start = _body_sentence_start(ln.text)
            if start is None:
                if not _runon_prose(ln.text):
                    ln.rule = Rule.HEADLINE_LIST
                continue
            # a page run onto one line: menu and headlines, then the body's first sentence;
            # only the part before the body is cut
            ln.cuts = [*ln.cuts, RemovedLine(ln.no, ln.text[:start].strip(), Rule.HEADLINE_LIST)]
            ln.text = ln.text[start:].strip()
            ln.forms = line_forms(ln.text)
            ln.grams = None


def _menu_lines(lines: list[Line], cfg: dict) -> None:
    """A menu written on one line: short items between pipes (| 首页 | 滚动 | 图片 | 评论 |), however long."""
    for ln in lines:
        items = [t.strip() for t in _PIPES_RE.split(ln.text.strip()) if t.strip()]
        if ln.free and len(items) >= cfg.get("pipe_menu_min_items", 5) and all(len(t) <= 8 for t in items):
            if not any(_clause_marks(t) for t in items):
                ln.rule = Rule.HEADLINE_LIST


def _menu_blocks(
    lines: list[Line], cand: set[int], first: int, last: int, bullet: re.Pattern, cfg: dict
) -> None:
    """A bulleted menu above or below the body goes whole: a section name in it (``• 澳門日報``
    next to an article about Macau) shares words with the body and would otherwise split the
    run into pieces too short to cut. Short labels between two cut menus (``分類``) go with them."""
    min_lines = cfg.get("min_lines", 3)
    max_len = cfg.get("max_len", 60)
    block: list[int] = []

    def flush() -> None:
        outside = block and (block[-1] < first or block[0] > last)
        if outside and len(block) >= min_lines and 2 * sum(1 for i in block if i in cand) >= len(block):
            for i in block:
                if lines[i].free:
                    lines[i].rule = Rule.HEADLINE_LIST
        block.clear()

    for i, ln in enumerate(lines):
        cut = ln.rule == Rule.HEADLINE_LIST
        if (ln.free or cut) and len(ln.text) <= max_len and bullet.match(ln.text) and "。" not in ln.text:
            block.append(i)
            if cut:
                cand.add(i)
        elif not cut:
            flush()
    flush()
    # a row of short section names above or below the body (體育首頁 即時 棒球 籃球 競技 …); inside
    # the body such a row may be a list of names, and stays
    for i, ln in enumerate(lines):
        words = ln.text.split()
        if (
            ln.free
            and (i < first or i > last)
            and len(words) >= cfg.get("menu_row_min_items", 8)
            and all(len(w) <= 6 and HAN_RE.search(w) for w in words)
            and sum(map(len, words)) <= 3 * len(words)
        ):
            ln.rule = Rule.HEADLINE_LIST
    # short labels (媒體, 分類; 某某网 / 手机版 over a breadcrumb) between menus, or above the
    # first one at the top of the page, go with them
    label_max = cfg.get("menu_label_max_len", 6)
    i = 0
    while i < first:
        j = i
        while j < first and lines[j].free and len(lines[j].text.strip()) <= label_max:
            j += 1
        if j > i and j < len(lines) and lines[j].rule in _MENU_RULES:
            if i == 0 or lines[i - 1].rule in _MENU_RULES:
                for k in range(i, j):
                    lines[k].rule = Rule.HEADLINE_LIST
        i = j + 1


_PIPES_RE = re.compile(r"\s*[|｜]\s*")
# rules that cut a site's menus (a label next to one belongs to the menu)
_MENU_RULES = (Rule.HEADLINE_LIST, Rule.READ_COUNT_PROMO)


# a body sentence: a clause with a full-width comma ending in 。 (headlines have neither)
_BODY_SENTENCE_RE = re.compile(rf"(?:^|\s)([^\s]*[{HAN}][^\s。]*，[^\s。]*。)")


# a clause mark of running prose: full-width punctuation, or an ASCII one written next to Han
_CLAUSE_MARK_RE = re.compile(rf"[，。；！？]|(?<=[{HAN}])\s?[,;!?]|[,;!?]\s?(?=[{HAN}])")


# the character before each gap of spaces in a line, and the clause marks a prose gap follows
_GAP_RE = re.compile(r"(\S)\s+(?=\S)")
_GAP_MARKS = frozenset("，、；：,;:")


def _comma_spaced(text: str) -> bool:
    """Prose typed with a space after its commas (`下跌2.8%， 外資也轉為賣超`): most gaps follow a
    clause mark, where a seam between two headlines never does."""
    gaps = _GAP_RE.findall(text.strip())
    return bool(gaps) and sum(1 for g in gaps if g in _GAP_MARKS) * 2 > len(gaps)


def _runon_prose(text: str) -> bool:
    """A long line with space-separated segments that is a paragraph all the same."""
    # stray spaces inside prose (`50至60歲女性 ,若患者`) also make segments; concatenated headlines
    # may carry commas and ! but no full stops, a paragraph has sentences and at least one clause
    # mark per segment
    segments = _headline_segments(text)
    if text.count("。") >= 2 and _clause_marks(text) >= segments:
        return True
    # a list of readings set off by spaces (`宜蘭1027毫米、苗栗708毫米 …最大陣風 蘇澳16級 13:00、
    # 蘭嶼16級 …。`): one closing sentence with an enumeration comma per segment; or a column
    closed = text.rstrip().endswith(("。", "！", "？"))
    return closed and (text.count("、") >= segments or _column_wrapped(text))


def _column_wrapped(text: str, min_pieces: int = 4, max_ratio: float = 1.5) -> bool:
    """A newspaper column pasted with a space at each line end (e-paper, PDF): the pieces between
    the spaces (first and last aside) are all about one column wide, which a run of unrelated
    headlines never is."""
    pieces = [p for p in _SEGMENT_SPLIT_RE.split(text.strip()) if p][1:-1]
    if len(pieces) < min_pieces:
        return False
    lengths = [len(p) for p in pieces]
    return min(lengths) >= 6 and max(lengths) <= max_ratio * min(lengths)


def _clause_marks(text: str) -> int:
    """Commas, full stops and the like that join clauses in ``text`` (a headline has almost none)."""
    return len(_CLAUSE_MARK_RE.findall(text))


def _body_sentence_start(text: str) -> int | None:
    """Where the first body sentence starts in a run-on line, when something comes before it."""
    m = _BODY_SENTENCE_RE.search(text)
    if m is None or m.start(1) == 0:
        return None
    return m.start(1)
