"""Languages of an article and of its paragraphs (simplified, traditional, Cantonese, English …)."""

from __future__ import annotations

from .. import script
from ..records import Document, Paragraph


def languages(doc: Document, paragraphs: list[Paragraph]) -> tuple[str, list[str]]:
    """The article's language and each paragraph's, settled against it."""
    texts = [p.text for p in paragraphs]
    para_langs = list(zip(script.detect_languages(texts), texts, strict=True))
    # A manifest or export row that names the script wins; otherwise the text decides (an HTML
    # page's lang attribute is a site-wide template value and often wrong for reposts).
    supplied = doc.meta.get("language") if doc.meta_basis.get("language") in ("manifest", "row") else None
    language = script.normalise_language_tag(supplied) or script.article_language(para_langs)
    # Script-neutral Chinese paragraphs (中央社 2025/11/13) read as the article's script.
    return language, list(script.settle_paragraph_languages(para_langs, language))
