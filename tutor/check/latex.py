"""SymPy objects (or answer text) -> LaTeX for previews and the Verdict's ``parsed`` field."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from tutor.errors import AnswerParseError

__all__ = ["to_latex", "typed_latex"]


class _TypedOrderPrinter(LatexPrinter):
    _typed_decimals: dict[float, str] = {}

    """SymPy's LaTeX, except that products with a bracket keep their stored factor order. Used for answers read
    with parse's ``keep_order`` (those products are built unevaluated, as typed): (x-2)(x-3), not (x-3)(x-2)."""

    def _print_Mul(self, expr: sp.Mul) -> str:
        args = expr.args
        dens = [a.base for a in args if a.is_Pow and a.exp is sp.S.NegativeOne]
        if any(_has_fraction(d) for d in dens):  # (1/2)/(3/4) as typed: one fraction over another
            nums = [a for a in args if not (a.is_Pow and a.exp is sp.S.NegativeOne)]
            num = self._print(sp.Mul(*nums, evaluate=False)) if len(nums) > 1 else \
                self._print(nums[0]) if nums else "1"
            den = r" \cdot ".join(rf"\left({self._print(d)}\right)" if d.is_Add and len(dens) > 1
                                   else self._print(d) for d in dens)
            return rf"\frac{{{num}}}{{{den}}}"
        coeff, rest = "", args
        if len(args) > 1 and args[0].is_Integer and args[0] is not sp.S.One:
            coeff = "- " if args[0] is sp.S.NegativeOne else f"{self._print(args[0])} "
            rest = args[1:]
        if (len(args) > 1 and not any(a.is_Number or (a.is_Pow and a.exp.is_negative) for a in rest)
                and any(a.is_Add or (a.is_Pow and a.base.is_Add) for a in rest)):
            parts = []
            for k, a in enumerate(rest):
                tex = self._print(a)
                if self._needs_mul_brackets(a, first=k == 0 and not coeff, last=k == len(rest) - 1):
                    tex = rf"\left({tex}\right)"
                parts.append(tex)
            return coeff + " ".join(parts)
        # 5!\,2!: a thin space where SymPy's plain space would run two numbers together (5! 2! reads as 5!2!)
        return _BANG_NUMBER.sub(r"!\\,", str(super()._print_Mul(expr)))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        # SymPy's, except 2 - (-3) keeps its brackets (SymPy prints 2 - -3)
        tex = ""
        for k, term in enumerate(self._as_ordered_terms(expr, order=order)):
            if k and _is_minus(term) and term.args[1].is_Number and term.args[1].is_negative:
                tex += rf" - \left({self._print(term.args[1])}\right)"
                continue
            if k == 0:
                pass
            elif term.could_extract_minus_sign():
                tex += " - "
                term = -term
            else:
                tex += " + "
            term_tex = self._print(term)
            tex += rf"\left({term_tex}\right)" if self._needs_add_brackets(term) else term_tex
        return tex

    def _print_Pow(self, expr: sp.Pow) -> str:
        if expr.exp is sp.S.NegativeOne and _has_fraction(expr.base):
            return rf"\frac{{1}}{{{self._print(expr.base)}}}"  # 1/(2/3): not 1/(2 · 1/3)
        return str(super()._print_Pow(expr))

    def _print_FiniteSet(self, s: sp.FiniteSet) -> str:
        return str(self._print_set(s.args))  # {3, 2} as typed (SymPy sorts the elements)

    def _print_Float(self, expr: sp.Float) -> str:
        # a decimal shown as typed: 1.20 keeps its trailing zero (it counts for significant figures)
        typed = self._typed_decimals.get(float(expr)) if self._typed_decimals else None
        return typed if typed is not None else str(super()._print_Float(expr))


def _is_minus(term: Any) -> bool:
    return isinstance(term, sp.Mul) and len(term.args) == 2 and term.args[0] is sp.S.NegativeOne


def _has_fraction(x: Any) -> bool:
    """Does x (built unevaluated) hold a division at its top: 2/3, 2·3⁻¹?"""
    return any(f.is_Pow and f.exp is sp.S.NegativeOne for f in sp.Mul.make_args(x)) or \
        (x.is_Pow and x.exp is sp.S.NegativeOne)


_BANG_NUMBER = re.compile(r"! (?=\d)")
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d*0(?![\d.eE])")


def _typed_decimals(raw: str | None) -> dict[float, str]:
    """The decimals in ``raw`` whose trailing zeros SymPy's printing would drop ("1.20", "3.0")."""
    if not raw:
        return {}
    return {float(m.group()): m.group() for m in _DECIMAL.finditer(raw)}


def _latex(obj: Any, typed: bool, raw: str | None = None) -> str:
    if not typed:
        return sp.latex(obj)
    printer = _TypedOrderPrinter({"order": "none", "inv_trig_style": "full"})  # x + 1 as typed; \arcsin
    printer._typed_decimals = _typed_decimals(raw)
    return str(printer.doprint(obj))


def to_latex(obj: Any, *, typed: bool = False, raw: str | None = None) -> str:
    """LaTeX for a SymPy object, a number, or answer text (read with the safe parser).

    ``typed``: shown as typed: terms and factors keep their order, nothing is evaluated (for answers read with
    parse's ``display``; text is read that way);
    ``raw``: the typed text, so decimals keep their trailing zeros (1.20 stays 1.20)."""
    if isinstance(obj, str):
        from tutor.check.parse import parse

        raw = obj if raw is None else raw
        obj = parse(obj, display=typed)
    if isinstance(obj, bool):
        return r"\text{True}" if obj else r"\text{False}"
    if isinstance(obj, int | float):
        return sp.latex(sp.Integer(obj) if isinstance(obj, int) else sp.Float(obj))
    if isinstance(obj, sp.Or):
        return r" \text{ or } ".join(to_latex(a, typed=typed, raw=raw) for a in obj.args)
    if isinstance(obj, sp.And):
        return r" \text{ and } ".join(to_latex(a, typed=typed, raw=raw) for a in obj.args)
    if isinstance(obj, sp.Tuple):
        return r"\left(" + ", ".join(to_latex(a, typed=typed, raw=raw) for a in obj.args) + r"\right)"
    return _latex(obj, typed, raw)


def typed_latex(text: str, **read: Any) -> str:
    """The answer ``text`` shown as typed (nothing evaluated: 2 + 3, \\frac{2}{4}, 7!), for previews and
    Verdict.parsed; ``read`` are parse's options (variables, names, context, …). Read ``text`` normally first:
    this one is for showing, and falls back to the evaluated reading only if the display parse fails."""
    from tutor.check.parse import parse

    try:
        return to_latex(parse(text, display=True, **read), typed=True, raw=text)
    except (AnswerParseError, TypeError, ValueError, AttributeError, RecursionError):
        # a form the unevaluated tree or its printing does not handle: the ordinary reading, in typed order
        return to_latex(parse(text, keep_order=True, **read), typed=True, raw=text)
