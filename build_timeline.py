#!/usr/bin/env python3
"""Turn the timeline's YAML files into the site's generated pages, or check them.

    python build_timeline.py            generate docs/timeline/ from timeline/ (same as 'build')
    python build_timeline.py check      validate everything, write nothing
    python build_timeline.py new        scaffold timeline/entries/<id>.yaml (asks for what is missing)
    python build_timeline.py summary    Markdown summary of the entries a change adds or edits (for CI)
    python build_timeline.py urls       every source URL, one per line (for the link checker)

'build' and 'check' exit 0 when all is well, and 1 after listing every problem as path:line:col.
MkDocs runs the same generator through timeline_build/mkdocs_hook.py, so 'mkdocs build' alone is
always correct.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from timeline_build import Paths, generate, load, problems
from timeline_build.load import STALE_AFTER_DAYS


def _ask(value: str | None, prompt: str, interactive: bool) -> str | None:
    if value or not interactive:
        return value
    return input(f"{prompt}: ").strip() or None


def cmd_build(args: argparse.Namespace, paths: Paths) -> int:
    generated = generate(paths, stale_after_days=args.stale_after)
    return _report(args, generated.result, generated.stats, paths)


def cmd_check(args: argparse.Namespace, paths: Paths) -> int:
    return _report(args, load(paths, stale_after_days=args.stale_after), None, paths)


def _report(args: argparse.Namespace, result, stats, paths: Paths) -> int:
    print(problems.report(result.problems, result.files, args.format), file=sys.stdout if result.ok else sys.stderr)
    if stats is not None:
        print(f"{paths.rel(paths.generated)}/: {stats.written} written, {stats.unchanged} unchanged, "
              f"{stats.removed} removed")
    elif args.command == "build":
        print("nothing was written: fix the errors above; the last good pages are kept", file=sys.stderr)
    return 0 if result.ok else 1


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    from timeline_build import contrib

    interactive = sys.stdin.isatty()
    date = _ask(args.date, "Date (YYYY, YYYY-MM or YYYY-MM-DD)", interactive)
    title = _ask(args.title, "Title in English", interactive)
    era = _ask(args.era, f"Era ({', '.join(contrib.era_ids(paths))})", interactive)
    missing = [name for name, value in (("--date", date), ("--title", title), ("--era", era)) if not value]
    if missing or date is None or title is None or era is None:
        print(f"build_timeline.py new: give {', '.join(missing)}", file=sys.stderr)
        return 2
    path, message = contrib.new_entry(paths, date, era, title, args.title_ja, args.id)
    print(message, file=sys.stdout if path else sys.stderr)
    return 0 if path else 1


def cmd_summary(args: argparse.Namespace, paths: Paths) -> int:
    from timeline_build import contrib

    result = load(paths, stale_after_days=args.stale_after, partial=True)
    try:
        changes = contrib.changed_entries(paths, args.base)
    except RuntimeError as exc:
        print(f"build_timeline.py summary: {exc}", file=sys.stderr)
        return 2
    print(contrib.pr_summary(result, changes, datetime.date.today()))
    return 0


def cmd_urls(args: argparse.Namespace, paths: Paths) -> int:
    from timeline_build import contrib

    result = load(paths, check_docs=False)
    if result.timeline is None or not result.ok:
        print(problems.report(result.problems, result.files), file=sys.stderr)
        return 1
    print("\n".join(contrib.source_urls(result.timeline)))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: one sub-command each, with only its own options."""
    top = argparse.ArgumentParser(prog="build_timeline.py", description=__doc__.split("\n\n")[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog=__doc__.split("\n\n", 1)[1])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path(__file__).resolve().parent,
                        help="the project folder (default: the one holding this script)")
    gate = argparse.ArgumentParser(add_help=False)
    gate.add_argument("--format", choices=["text", "github"], default="text",
                      help="github: print problems as GitHub Actions annotations")
    gate.add_argument("--stale-after", type=int, default=STALE_AFTER_DAYS, metavar="DAYS",
                      help=f"warn when a plan's status was checked more than DAYS ago (default {STALE_AFTER_DAYS})")
    commands = top.add_subparsers(dest="command", metavar="command")
    commands.add_parser("build", parents=[common, gate], help="validate, then (re)generate docs/timeline/"
                        ).set_defaults(run=cmd_build)
    commands.add_parser("check", parents=[common, gate], help="validate everything, write nothing"
                        ).set_defaults(run=cmd_check)
    new = commands.add_parser("new", parents=[common], help="scaffold timeline/entries/<id>.yaml")
    new.add_argument("--date", help="the event's date: YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--title", help="the title in English")
    new.add_argument("--title-ja", help="the title in Japanese (optional)")
    new.add_argument("--era", help="an era id from timeline/eras.yaml")
    new.add_argument("--id", help="the id (default: the year and the title's main words)")
    new.set_defaults(run=cmd_new)
    summary = commands.add_parser("summary", parents=[common, gate], help="Markdown summary of changed entries")
    summary.add_argument("--base", default="origin/main", help="the git revision to compare with")
    summary.set_defaults(run=cmd_summary)
    commands.add_parser("urls", parents=[common], help="every source URL, one per line").set_defaults(run=cmd_urls)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")  # the default command
    args = parser().parse_args(argv)
    return args.run(args, Paths.at(args.root))


if __name__ == "__main__":
    sys.exit(main())
