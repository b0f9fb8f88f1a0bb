"""Analysis: one cleaned document → its rows of every table, one stage per extractor.

``document.analyse_document`` cleans a document, prepares what every stage reads (``Context``)
and runs ``document.STAGES`` in order; each stage returns its rows for one table of
``schema.SCHEMAS``. ``claims`` groups figures across articles (run by the build, not per document).
"""
