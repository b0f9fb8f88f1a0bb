"""Method: how the data is made and what it cannot tell."""

import streamlit as st

from dashboard import store, ui

ctx = ui.context()
st.title("Method")
st.markdown(
    """
**Where the data comes from.** Scraped Chinese-language (simplified and traditional, including
Hong Kong writing) and English news about the US–China chip war. Each file is decoded with a
recorded encoding, cleaned (platform notices, headline lists, comment blocks and other boilerplate
are cut and kept in the *removed* table; pinyin annotations are stripped; mojibake is repaired where
possible and marked as damaged where not), and collapsed when identical.

**Terms** are counted on a canonical form of each paragraph: traditional script is converted to
simplified (OpenCC `tw2sp`) and regional wordings are merged through the editable alias list
(輝達 → 英伟达, 晶片 → 芯片). The surface forms merged into each term are kept and shown.
*Distinctive terms* use the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, *Political Analysis* 16:372): the whole filtered corpus is the
prior, and the z-score accounts for how much evidence each count carries.

**Figures** are quantities the text cites (percentages, money, counts, multiples, fractions,
measures, durations, and numbers said with no unit in a form that cannot be a year, time or code:
人口为一点五亿), normalised (500億 → 5.0e10) and, for money, converted to USD at the fixed
rates in `data/lexicon/currencies.csv`. The same figure about the same subject in several articles
is one *claim*, which is how the recurring-figures tracker follows a number across outlets.

**Sources** are outlets and organisations an article cites, found by the outlet lexicon and by
citation patterns (据…报道, according to …). Names not in the lexicon are listed for review.

**What it cannot tell.**
- It counts what articles *say*, not whether it is true: a repeated figure is not a verified one.
- The corpus is whatever was scraped; counts reflect that selection, not all coverage.
- Dates come from metadata or the text; undated articles are counted apart, never guessed.
- Automatic extraction misses some figures and sources and occasionally mis-attributes a subject;
  every chart links back to the sentences so a reader can check.
- Machine-converted reposts (traditional script with mainland vocabulary) are flagged, not removed.

**Data dictionary.** Every table and column is documented in `data/README.md` in the repository
(shown in full below); each chart on these pages has a *Download* menu: a CSV of exactly the data it draws, and PNG
and SVG of the chart itself (SVG is vector, for print).
"""
)
st.caption(f"Loaded: {len(ctx.tables['articles'])} articles from `{store.data_dir()}`.")
dictionary = store.files.REPO_ROOT / "data" / "README.md"
with st.expander("Data dictionary (data/README.md)", expanded=False):
    if dictionary.is_file():
        st.markdown(dictionary.read_text(encoding="utf-8"))
    else:
        st.write("data/README.md is not in this deployment.")
