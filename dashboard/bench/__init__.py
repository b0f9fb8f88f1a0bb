"""Benchmarks and evaluation, kept out of the runtime package.

- ``python -m dashboard.bench`` (``make bench``): the build and dashboard benchmark (``harness.py``)
  on a generated corpus (``corpusgen.py``); ``app_bench.py`` times the dashboard alone.
- ``python -m dashboard.bench.evaluate`` (``make eval``): scores a build of the annotated real
  articles against their gold standard.
"""
