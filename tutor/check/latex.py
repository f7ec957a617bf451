"""SymPy objects (or answer text) -> LaTeX for previews and the Verdict's ``parsed`` field."""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["to_latex"]


def to_latex(obj: Any) -> str:
    """LaTeX for a SymPy object, a number, or answer text (read with the safe parser)."""
    if isinstance(obj, str):
        from tutor.check.parse import parse_math

        obj = parse_math(obj)
    if isinstance(obj, bool):
        return r"\text{True}" if obj else r"\text{False}"
    if isinstance(obj, int | float):
        return sp.latex(sp.Integer(obj) if isinstance(obj, int) else sp.Float(obj))
    if isinstance(obj, sp.Or):
        return r" \text{ or } ".join(to_latex(a) for a in obj.args)
    if isinstance(obj, sp.And):
        return r" \text{ and } ".join(to_latex(a) for a in obj.args)
    if isinstance(obj, sp.Tuple):
        return r"\left(" + ", ".join(to_latex(a) for a in obj.args) + r"\right)"
    if isinstance(obj, sp.Basic | sp.MatrixBase):
        return sp.latex(obj)
    return sp.latex(obj)
