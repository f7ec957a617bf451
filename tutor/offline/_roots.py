"""Shared pieces of the equation families: standard form and the answer for a set of roots."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ._fmt import Eqn, dm, m, plain, tex
from ._types import Step

__all__ = ["standard_form", "roots_answer", "sorted_roots"]


def standard_form(eq: sp.Equality, x: sp.Symbol, steps: list[Step]) -> sp.Expr:
    """``p(x) = 0`` with ``p`` expanded; records the step when something moved."""
    p = sp.expand(eq.lhs - eq.rhs)
    if eq.rhs != 0 or sp.expand(eq.lhs) != eq.lhs:
        new = Eqn(p, 0)
        steps.append(Step(f"**Bring every term to one side** and expand, so the equation reads $p(x) = 0$:\n{dm(new)}",
                          new, "equivalent"))
    return p


def sorted_roots(values: Sequence[sp.Expr]) -> list[sp.Expr]:
    def key(v: sp.Expr) -> tuple[float, float]:
        c = complex(sp.N(v))
        return (c.real, c.imag)

    return sorted(set(values), key=key)


def roots_answer(x: sp.Symbol, values: Sequence[sp.Expr]) -> tuple[str, str]:
    """Plain text ``x = 2 or x = 3`` and its LaTeX."""
    vals = sorted_roots(values)
    text = " or ".join(plain(Eqn(x, v)) for v in vals)
    latex = r" \quad\text{or}\quad ".join(tex(Eqn(x, v)) for v in vals)
    return text, latex


def roots_sentence(x: sp.Symbol, values: Sequence[sp.Expr]) -> str:
    return ", ".join(m(Eqn(x, v)) for v in sorted_roots(values))
