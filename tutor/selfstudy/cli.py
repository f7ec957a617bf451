"""``r1-tutor hint "PROBLEM" --answer A [--kind K] [--level 1-3] [--student-answer S] [--offline] [--json]``.

Prints one screened hint (the widget's path: R1 in hint mode, screened for leaks, re-asked once, then the offline
hint). ``--json`` prints ``{"hint", "level", "source": "r1"|"offline", "rejected"}``. Exit 0, or 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import ConfigError, TutorError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "hint",
        help="a hint that never reveals the answer (R1 if configured, else offline)",
        description="One rung of the hint ladder: 1 goal/strategy, 2 rule/method, 3 next concrete step.",
    )
    p.add_argument("problem", help="the problem text")
    p.add_argument("--answer", default=None, help="the answer key the hint must not reveal (else computed offline)")
    p.add_argument("--kind", default=None, help="answer kind for tutor.check (set, equation, number, units, …)")
    p.add_argument("--level", type=int, default=1, choices=(1, 2, 3), help="1 strategy, 2 method, 3 next step")
    p.add_argument("--student-answer", default=None, help="the student's last attempt (R1 tailors the hint)")
    p.add_argument("--offline", action="store_true", help="use the offline hints only")
    p.add_argument("--provider", default=None, help="R1 provider (else config/env/auto-detect)")
    p.add_argument("--model", default=None)
    p.add_argument("--base-url", default=None)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .hints import get_hint

    try:
        backend = None
        if not args.offline and (args.provider or args.model or args.base_url):
            from ..ask import select_backend

            selection = select_backend(provider=args.provider, model=args.model, base_url=args.base_url)
            backend = None if getattr(selection.backend, "provider", "") == "offline" else selection.backend
        result = get_hint(args.problem, args.answer, level=args.level, kind=args.kind,
                          student_answer=args.student_answer, offline=args.offline, backend=backend)
    except ConfigError as err:
        print(f"r1-tutor hint: {err}", file=sys.stderr)
        return 2
    except TutorError as err:
        print(f"r1-tutor hint: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(f"Hint {result.level} ({result.source}): {result.hint}")
        if result.note:
            print(result.note, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tutor.selfstudy.cli hint …`` (the same as ``r1-tutor hint …``)."""
    parser = argparse.ArgumentParser(prog="r1-tutor")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
