"""What every analysis stage reads about one cleaned document (computed once, shared)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .. import script
from ..figures.region import article_region
from ..records import CleanResult, Columns, Document, Paragraph
from ..sources.outlets import known_outlets
from ..wire import Dateline

# Paragraph roles whose words and numbers count; reference lists only feed citations.
COUNTED_ROLES = frozenset({"body", "heading", "caption"})


@dataclass
class Context:
    """One document after cleaning, with the facts several stages need."""

    doc: Document
    article_id: str
    cleaned: CleanResult
    meta: dict  # metadata.extract_metadata: title, publisher, url, published, author and their bases
    texts: list[str]  # per paragraph: its text with damaged spans blanked (what analysers read)
    languages: list[str]  # per paragraph: its language, settled against the article's
    language: str  # the article's language
    dateline: Dateline | None = None  # a wire dateline (新华社北京…电, (Reuters) -): its agency is cited

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.cleaned.paragraphs

    @cached_property
    def region(self) -> str:
        """Whose writing the article is (mainland, taiwan, hongkong, macau, malaysia, singapore, usa, canada,
        australia, other, unknown): it decides what a bare 元 / $ is in the figures (``figures.region``). The headline
        counts too when cleaning cut it from the text (a line above the byline)."""
        texts = [p.text for p in self.paragraphs]
        title = self.meta.get("title")
        if title and title not in texts:
            texts.insert(0, title)
        text = "\n".join(texts)
        converted = script.converted_repost(self.language, script.regional_vocabulary(text))
        region = article_region(text, self.language, converted)
        if (
            region == "unknown"
            and self.dateline is not None
            and _agency_country(self.dateline.agency) == "CN"
        ):
            # traditional copy of a mainland agency's wire (中新網5月30日電…): its bare 元 is renminbi
            region = "mainland"
        return region

    def counted(self) -> list[tuple[Paragraph, str]]:
        """(paragraph, countable text) of the paragraphs whose words and numbers count."""
        return [(p, t) for p, t in zip(self.paragraphs, self.texts, strict=True) if p.role in COUNTED_ROLES]


def _agency_country(agency: str) -> str | None:
    """The home country of a wire agency, by its canonical name in ``outlets.csv``."""
    return next((o.country for o in known_outlets() if o.canonical == agency), None)


# Rows produced so far by earlier stages, by table name (a later stage may read them).
Rows = dict[str, list[dict] | Columns]
