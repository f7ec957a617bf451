"""Taylor (Maclaurin) polynomials: the derivatives at the point, then the terms f⁽ᵏ⁾(a)/k! (x − a)ᵏ."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["taylor"]


def taylor(f: sp.Expr, x: sp.Symbol, a: sp.Expr, n: int) -> Solution:
    """Taylor polynomial of ``f`` around ``x = a`` with all terms up to ``(x − a)^n``."""
    if not 0 <= n <= 8:
        raise OfflineUnsupported("The offline tutor builds Taylor polynomials up to degree 8.")
    name = "Maclaurin" if a == 0 else "Taylor"
    steps = [Step(f"We build the {name} polynomial of {m(f)} around {m(Eqn(x, a))} up to "
                  f"${tex((x - a) ** n)}$: $\\sum_{{k=0}}^{{{n}}} \\frac{{f^{{(k)}}({tex(a)})}}{{k!}}"
                  f"{tex((x - a) ** sp.Symbol('k'))}$.", None, "note")]
    derivative = f
    terms: list[sp.Expr] = []
    rows = []
    for k in range(n + 1):
        if k:
            derivative = sp.simplify(sp.diff(derivative, x))
        value = sp.simplify(derivative.subs(x, a))
        if not value.is_finite:
            raise OfflineUnsupported(f"f and its derivatives must be defined at x = {plain(a)} for a Taylor series.")
        label = "f" + "'" * k if k <= 3 else f"f^{{({k})}}"
        rows.append(f"${label}({tex(x)}) = {tex(derivative)}$, so ${label}({tex(a)}) = {tex(value)}$")
        steps.append(Step(f"**Derivative {k}**: " + rows[-1] + ".",
                          Eqn(sp.Subs(sp.Derivative(f, (x, k)) if k else f, x, a), value, evaluate=False),
                          "identity"))
        terms.append(value / sp.factorial(k) * (x - a) ** k)
    poly = sp.Add(*terms)
    values = [sp.simplify(terms[k] * sp.factorial(k) / (x - a) ** k) for k in range(n + 1)]
    shown = " + ".join(rf"\frac{{{tex(values[k])}}}{{{k}!}}" + (_ptex((x - a) ** k) if k else "") for k in range(n + 1))
    steps.append(Step(f"**Assemble the terms** $\\frac{{f^{{(k)}}(a)}}{{k!}}(x - a)^k$:\n$${shown}$$", None, "note"))
    ordered = " + ".join(tex(t) for t in terms if t != 0).replace("+ -", "-") or "0"
    steps.append(Step(f"**Taylor polynomial**: ${ordered}$.",
                      Eqn(sp.series(f, x, a, n + 1).removeO(), poly, evaluate=False), "identity"))
    hints = make_hints("Goal: approximate the function near the expansion point by a polynomial.",
                       "Method: compute f(a), f'(a), f''(a), … and use the terms f⁽ᵏ⁾(a)/k! · (x − a)ᵏ.",
                       [("Next step: compute the function's derivatives up to the order asked for.", [])], [poly],
                       "Next step: compute the first few derivatives.")
    # the answer in powers of (x − a), term by term as the last step shows (not SymPy's reordered sum)
    ordered_plain = " + ".join(plain(t) for t in terms if t != 0).replace("+ -", "- ") or "0"
    return Solution("taylor", steps, ordered_plain, ordered, "expression", {}, [], hints,
                    problem=f, result=poly, variable=x, extra={"point": a, "order": n})


def _ptex(e: sp.Expr) -> str:
    return rf"\left({tex(e)}\right)" if isinstance(e, sp.Add) else tex(e)
