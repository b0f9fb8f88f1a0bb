"""Command line: ``python -m dashboard.pipeline build --input DIR --output DIR``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .lexicon import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read, clean and analyse a folder of articles into Parquet tables")
    b.add_argument("--input", type=Path, default=REPO_ROOT / "data" / "raw", help="folder of raw articles")
    b.add_argument(
        "--output", type=Path, default=REPO_ROOT / "data" / "processed", help="folder for the tables"
    )
    b.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    b.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (e.g. tcp://host:8786)"
    )
    b.add_argument(
        "--workers", type=int, help="local worker processes (default: one per CPU; 0 = in this process)"
    )
    b.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="where analysed chunks are kept, so unchanged files are not read or analysed "
        "again (default: .<output name>.cache next to the output folder)",
    )
    b.add_argument(
        "--no-cache", action="store_true", help="analyse everything and keep nothing for next time"
    )
    args = parser.parse_args(argv)

    if not args.input.is_dir():
        print(f"error: input folder {args.input} does not exist or is not a folder", file=sys.stderr)
        return 2
    from .build import build, default_cache

    cache = None if args.no_cache else (args.cache or default_cache(args.output))
    summary = build(
        args.input,
        args.output,
        progress=not args.quiet,
        scheduler=args.scheduler,
        workers=args.workers,
        cache_dir=cache,
    )
    if not args.quiet:
        print(summary.render())
        if cache:
            print(
                f"  analysed          {summary.analysed} (the other {summary.documents - summary.analysed} from {cache})"
            )
        print(f"  written to        {args.output}")
    if summary.articles == 0:
        print("error: nothing could be ingested; see the rejected list above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
