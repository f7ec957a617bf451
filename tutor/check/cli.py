"""``r1-tutor check ANSWER EXPECTED [options]`` and ``r1-tutor check --batch FILE.jsonl``.

Exit codes: 0 correct, 1 incorrect, 2 invalid answer (or bad options). With --batch: 0 when every line was
checked (the verdicts are on stdout, one JSON per line, in order), 2 when a line could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.check._engine import KINDS
from tutor.check.forms import FORMS
from tutor.errors import TutorError

__all__ = ["add_parser", "run", "main"]

_EPILOG = """examples:
  r1-tutor check "2x+2" "2(x+1)"
  r1-tutor check "(x-2)(x-3)" "x^2-5x+6" --form factored
  r1-tutor check "36 km/h" "10 m/s" --json
  r1-tutor check "3.14" "pi" --sigfigs 3
  r1-tutor check --batch answers.jsonl   # lines: {"answer": …, "expected": …, "kind"?: …, "options"?: {…}}
"""


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("answer", nargs="?", help="the student's answer (plain text, Unicode or LaTeX)")
    p.add_argument("expected", nargs="?", help="the expected answer (may use integrate(...), diff(...))")
    p.add_argument("--kind", choices=KINDS, help="what kind of answer (default: from EXPECTED)")
    p.add_argument("--rtol", type=float, help="relative tolerance for numbers")
    p.add_argument("--atol", type=float, help="absolute tolerance for numbers")
    p.add_argument("--sigfigs", type=int, help="require this many significant figures")
    p.add_argument("--form", choices=FORMS, help="also require this form")
    p.add_argument("--var", action="append", dest="variables", metavar="NAME",
                   help="allowed variable name (repeat; default: any single letter)")
    p.add_argument("--timeout", type=float, default=2.0, help="seconds per check (default 2)")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.add_argument("--batch", metavar="FILE.jsonl", help="check one JSON case per line; '-' reads stdin")
    p.set_defaults(func=run)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``check`` on an argparse subparsers object (sets ``func=run``)."""
    p = subparsers.add_parser("check", help="check an answer with SymPy", description=__doc__,
                              epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _configure(p)
    return p


def _exit_code(v: Any) -> int:
    return 0 if v.correct else (2 if not v.valid else 1)


def run(args: argparse.Namespace) -> int:
    from tutor.check.api import check

    if args.batch:
        return _batch(args)
    if args.answer is None or args.expected is None:
        print("r1-tutor check: give ANSWER and EXPECTED, or --batch FILE.jsonl", file=sys.stderr)
        return 2
    from tutor.check import bounded

    bounded.MODE = "alarm"  # one check in our own main thread: SIGALRM bounds it, no worker to start
    try:
        v = check(args.answer, args.expected, kind=args.kind, rtol=args.rtol, atol=args.atol,
                  sigfigs=args.sigfigs, form=args.form, variables=args.variables, timeout=args.timeout)
    except TutorError as exc:
        print(f"r1-tutor check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(v.to_dict(), ensure_ascii=False))
    else:
        mark = "✓" if v.correct else ("?" if not v.valid else "✗")
        print(f"{mark} {v.note}: {v.feedback}")
        if v.parsed:
            print(f"  read as: {v.parsed}")
    return _exit_code(v)


_OPTION_KEYS = ("rtol", "atol", "sigfigs", "form", "variables", "timeout", "kind")


def _batch(args: argparse.Namespace) -> int:
    from tutor.check.api import check

    try:
        stream = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"r1-tutor check: cannot read {args.batch}: {exc.strerror}", file=sys.stderr)
        return 2
    worst = 0
    with stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                if not isinstance(case, dict) or "answer" not in case or "expected" not in case:
                    raise ValueError("needs 'answer' and 'expected'")
                opts = dict(case.get("options") or {})
                if case.get("kind"):
                    opts["kind"] = case["kind"]
                unknown = set(opts) - set(_OPTION_KEYS)
                if unknown:
                    raise ValueError(f"unknown option(s): {', '.join(sorted(unknown))}")
                opts.setdefault("timeout", args.timeout)
                v = check(str(case["answer"]), case["expected"], **opts)
                out: dict[str, Any] = v.to_dict()
            except (ValueError, TypeError, TutorError) as exc:
                out = {"correct": False, "valid": False, "note": "bad_case", "feedback": "",
                       "parsed": "", "score": 0.0, "error": f"line {lineno}: {exc}"}
                worst = 2
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return worst  # 0: every line was checked (verdicts are in the output); 2: some line was unreadable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="r1-tutor check", description=__doc__, epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _configure(parser)
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
