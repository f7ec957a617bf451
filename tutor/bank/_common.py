"""Shared pieces of the problem generators: the draft record and plain-math formatting.

Generators build SymPy objects themselves (never from text), so the expected answer is correct by
construction; the plain-text answer is printed from that object and later re-read with the safe parser by
``bank.verify`` to prove the text means the same thing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sympy as sp

__all__ = ["Draft", "BankRandom", "pick", "coin", "plain", "tex", "fmt_num", "nonzero", "X", "Y", "Z"]

X, Y, Z = sp.symbols("x y z")


@dataclass
class Draft:
    """What a generator returns; ``bank.draw`` turns it into a frozen ``Problem``."""

    statement: str
    answer: str
    kind: str
    value: Any = None  # the SymPy object (or number) the answer text must mean; None for unit quantities
    options: dict[str, Any] = field(default_factory=dict)
    solution: str = ""
    variables: tuple[str, ...] = ()
    answer_latex: str = ""
    unit: str = ""  # for kind "units": the unit of ``value``


def plain(obj: Any) -> str:
    """SymPy object → the plain math text a student would type (``^`` for powers)."""
    if isinstance(obj, sp.MatrixBase):
        return "[" + ", ".join("[" + ", ".join(plain(v) for v in row) + "]" for row in obj.tolist()) + "]"
    return sp.sstr(obj).replace("**", "^")


def tex(obj: Any) -> str:
    return sp.latex(obj, ln_notation=True)  # \ln, as students write the natural logarithm


def fmt_num(value: float, sig: int = 4) -> str:
    """A float with ``sig`` significant figures, no exponent for everyday magnitudes, no trailing zeros."""
    if value == 0:
        return "0"
    text = f"{Decimal(f'{value:.{sig}g}'):f}"  # no exponent: "3000000", "0.0025"
    return text.rstrip("0").rstrip(".") if "." in text else text


def nonzero(rng: random.Random, lo: int, hi: int) -> int:
    """A random integer in [lo, hi] other than 0."""
    while True:
        value = rng.randint(lo, hi)
        if value != 0:
            return value


class BankRandom(random.Random):
    """The generators' seeded Random, plus an optional structure slot (see ``bank.draw``): draws of one base seed
    with consecutive slots get different problem structures (templates), not just different constants."""

    structure: int | None = None


def pick(rng: random.Random, options: list[Any]) -> Any:
    """Choose a problem structure: by the structure slot when there is one, else at random."""
    choice = rng.choice(options)  # always consumed, so the other parameters don't depend on the slot
    slot = getattr(rng, "structure", None)
    return options[slot % len(options)] if slot is not None else choice


def coin(rng: random.Random) -> bool:
    """A structural either/or (two templates): alternates with the structure slot, else a fair coin."""
    flip = rng.random() < 0.5
    slot = getattr(rng, "structure", None)
    return slot % 2 == 0 if slot is not None else flip
