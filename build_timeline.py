#!/usr/bin/env python3
"""Turn the timeline's YAML files into the site's generated pages, or check them.

    python build_timeline.py            generate docs/timeline/ from timeline/ (same as 'build')
    python build_timeline.py check      validate everything, write nothing

Both exit 0 when all is well, and 1 after listing every problem as path:line:col. MkDocs runs the
same generator through timeline_build/mkdocs_hook.py, so 'mkdocs build' alone is always correct.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline_build import Paths, generate, load, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_timeline.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check"],
                        help="build (default): generate the pages; check: validate only")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent,
                        help="the project folder (default: the one holding this script)")
    parser.add_argument("--format", choices=["text", "github"], default="text",
                        help="github: print problems as GitHub Actions annotations")
    args = parser.parse_args(argv)
    paths = Paths.at(args.root)

    if args.command == "check":
        result = load(paths)
        stats = None
    else:
        generated = generate(paths)
        result, stats = generated.result, generated.stats
    print(problems.report(result.problems, result.files, args.format),
          file=sys.stdout if result.ok else sys.stderr)
    if stats is not None:
        print(f"{paths.rel(paths.generated)}/: {stats.written} written, {stats.unchanged} unchanged, "
              f"{stats.removed} removed")
    elif args.command == "build":
        print("nothing was written: fix the errors above; the last good pages are kept", file=sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
