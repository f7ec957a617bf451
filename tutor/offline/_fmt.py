"""Formatting helpers: LaTeX for the steps, plain math text (what ``tutor.check`` reads) for answers."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter


class _Plain(StrPrinter):
    """SymPy's str printer, but |x| for Abs and e for E (what the safe parser reads back)."""

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"


__all__ = ["Eqn", "tex", "m", "dm", "plain", "set_plain", "set_tex"]


def tex(obj: Any) -> str:
    """SymPy's LaTeX, with ``log`` for the natural logarithm kept as ``\\ln``."""
    return sp.latex(obj, ln_notation=True, mat_str="bmatrix", mat_delim="", inv_trig_style="full")


def m(obj: Any) -> str:
    """Inline math."""
    return f"${obj if isinstance(obj, str) else tex(obj)}$"


def dm(obj: Any) -> str:
    """Display math (its own paragraph line)."""
    return f"$${obj if isinstance(obj, str) else tex(obj)}$$"


def plain(obj: Any) -> str:
    """Plain text the safe parser reads back: ``^`` powers, ``x = 2`` equations, ``{1, 2}`` sets."""
    if isinstance(obj, sp.Equality):
        return f"{plain(obj.lhs)} = {plain(obj.rhs)}"
    if isinstance(obj, sp.FiniteSet):
        return "{" + ", ".join(plain(a) for a in sorted(obj, key=sp.default_sort_key)) + "}"
    if isinstance(obj, sp.MatrixBase):
        return "[" + ", ".join("[" + ", ".join(plain(v) for v in obj.row(i)) + "]" for i in range(obj.rows)) + "]"
    if isinstance(obj, tuple | list):
        return "(" + ", ".join(plain(a) for a in obj) + ")"
    return _Plain().doprint(obj).replace("**", "^")


def set_plain(s: sp.Set) -> str:
    """Interval notation in plain text: ``(-oo, 2)``, ``[1, 3]``, ``(-oo, 1) U (3, oo)``, ``{1, 2}``."""
    if isinstance(s, sp.Union):
        return " U ".join(set_plain(a) for a in s.args)
    if isinstance(s, sp.Interval):
        left = "(" if s.left_open or s.start == -sp.oo else "["
        right = ")" if s.right_open or s.end == sp.oo else "]"
        return f"{left}{plain(s.start)}, {plain(s.end)}{right}"
    if s == sp.S.Reals:
        return "(-oo, oo)"
    if s is sp.S.EmptySet:
        return "{}"
    if isinstance(s, sp.FiniteSet):
        return plain(s)
    return plain(s)


def set_tex(s: sp.Set) -> str:
    if s == sp.S.Reals:
        return r"(-\infty, \infty)"
    if s is sp.S.EmptySet:
        return r"\varnothing"
    return tex(s)


def Eqn(lhs: Any, rhs: Any, **_: Any) -> Any:  # noqa: N802 - reads like sp.Eq
    """An equation that stays an equation: ``Eq(3, 3)`` must not collapse to ``True`` in a step's claim."""
    return sp.Eq(lhs, rhs, evaluate=False)
