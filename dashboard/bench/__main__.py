"""``python -m dashboard.bench``: the benchmark harness (``make bench``)."""

import sys

from dashboard.bench.harness import main

if __name__ == "__main__":
    sys.exit(main())
