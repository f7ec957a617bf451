"""``r1-tutor assign`` and ``r1-tutor grade`` (argparse sub-commands; the main CLI calls ``add_parser``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import TutorError

__all__ = ["add_parser", "run_assign", "run_grade", "main"]


def add_parser(subparsers: Any) -> None:
    """Register ``assign`` and ``grade`` on an ``argparse`` sub-parsers object."""
    a = subparsers.add_parser(
        "assign", help="write per-student practice/assignment notebooks with verified answer keys",
        description="Build DIR/students/<id>/<name>.ipynb, DIR/key/<id>.json and DIR/source/<name>.ipynb from a "
                    "TOML spec.")
    a.add_argument("spec", metavar="SPEC.toml", help="assignment spec (TOML)")
    who = a.add_mutually_exclusive_group(required=True)
    who.add_argument("--roster", metavar="CSV", help="CSV with columns id,name")
    who.add_argument("--count", type=int, metavar="N", help="N anonymous students (student001 …) instead of a roster")
    a.add_argument("--out", required=True, metavar="DIR", help="output folder (must not exist unless --force)")
    a.add_argument("--seed", metavar="N", help="variant seed (default: the spec's seed, else 0)")
    a.add_argument("--force", action="store_true", help="replace an existing output folder")
    a.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    a.set_defaults(func=run_assign)

    g = subparsers.add_parser(
        "grade", help="grade submitted notebooks statically (never runs student code)",
        description="Read SUBMISSIONS_DIR/<id>/<name>.ipynb, check each answer cell, write grades.csv, "
                    "feedback/<id>.ipynb and summary.json.")
    g.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    g.add_argument("--key", required=True, metavar="DIR", help="the key/ folder written by r1-tutor assign")
    g.add_argument("--out", required=True, metavar="RESULTS_DIR")
    g.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    g.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    g.set_defaults(func=run_grade)


def _seed(text: str | None) -> int | str | None:
    if text is None:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def run_assign(args: argparse.Namespace) -> int:
    from .build import assign, numbered_roster, read_roster
    from .spec import load_spec

    try:
        spec = load_spec(args.spec)
        students = read_roster(args.roster) if args.roster else numbered_roster(args.count)
        result = assign(spec, students, args.out, seed=_seed(args.seed), force=args.force, progress=not args.quiet)
    except TutorError as exc:
        print(f"r1-tutor assign: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(result.students)} notebooks ({result.questions} questions, {result.max_points:g} points) "
          f"to {result.out}/students, keys to {result.out}/key, teacher version to "
          f"{result.out}/source/{result.notebook_name}")
    return 0


def run_grade(args: argparse.Namespace) -> int:
    from .grade import grade

    if args.jobs is not None and args.jobs < 1:
        print("r1-tutor grade: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        run = grade(args.submissions, args.key, args.out, jobs=args.jobs, progress=not args.quiet)
    except TutorError as exc:
        print(f"r1-tutor grade: {exc}", file=sys.stderr)
        return 2
    errors = sum(r.status == "error" for r in run.results)
    flagged = sum(r.status == "flagged" for r in run.results)
    print(f"graded {len(run.results) - errors} of {len(run.results)} submissions "
          f"({errors} errors, {flagged} flagged): {run.out}/grades.csv, {run.out}/summary.json, {run.out}/feedback/")
    return 0  # error rows are data (missing/corrupt submissions), not a failed run


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m tutor.classroom.cli``) until the main CLI wires ``add_parser``."""
    parser = argparse.ArgumentParser(prog="r1-tutor")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
