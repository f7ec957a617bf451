"""``%tutor practice TOPIC [--n 5] [--level 1-3] [--seed N] [--attempts N] [--offline]`` — a practice session.

The ``%tutor`` magic dispatches here with the rest of the line; errors are ``ConfigError`` (one short line there).
``%tutor practice`` with no topic lists the topics.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any, NoReturn

from ..errors import ConfigError

__all__ = ["practice_magic", "topics_markdown"]

USAGE = "%tutor practice TOPIC [--n 5] [--level 1-3] [--seed N] [--attempts N] [--offline]"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ConfigError(f"{message}. Usage: {USAGE}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ConfigError(message or f"Usage: {USAGE}")


def _parser() -> _Parser:
    p = _Parser(prog="%tutor practice", add_help=False)
    p.add_argument("topic", nargs="*")
    p.add_argument("--n", type=int, default=5)
    p.add_argument("--level", type=int, default=1, choices=(1, 2, 3))
    p.add_argument("--seed", default=None)
    p.add_argument("--attempts", type=int, default=3)
    p.add_argument("--offline", action="store_true")
    return p


class _Topics:
    """The topic list as a displayable object (Markdown + plain text)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def topics_markdown() -> str:
    from ..bank import TOPICS

    rows = ["| topic | levels 1 · 2 · 3 |", "|---|---|"]
    rows += [f"| `{t.name}` | {' · '.join(t.levels[i] for i in (1, 2, 3))} |" for t in TOPICS.values()]
    return "Practice topics (`" + USAGE + "`):\n\n" + "\n".join(rows) + "\n"


def practice_magic(line: str) -> Any:
    """Parse the line and return a ``PracticeSession`` (the cell displays it)."""
    try:
        words = shlex.split(line)
    except ValueError as err:
        raise ConfigError(f"{err}. Usage: {USAGE}") from None
    args = _parser().parse_args(words)
    if not args.topic:
        return _Topics(topics_markdown())
    from .session import PracticeSession

    seed: int | str | None = args.seed
    if isinstance(seed, str) and seed.lstrip("-").isdigit():
        seed = int(seed)
    return PracticeSession(" ".join(args.topic), n=args.n, level=args.level, seed=seed,
                           max_attempts=args.attempts, offline=args.offline)
