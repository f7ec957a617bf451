"""Limits: direct substitution, factor-and-cancel, L'Hôpital (its 0/0 or ∞/∞ condition checked), standard limits."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["limit_expr"]


def _lim(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Limit:
    return sp.Limit(f, x, a, dir="+-") if a.is_finite else sp.Limit(f, x, a)


def _ltex(x: sp.Symbol, a: sp.Expr) -> str:
    return rf"\lim_{{{tex(x)} \to {tex(a)}}}"


def _value_at(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Expr:
    if a.is_infinite:
        return sp.limit(f, x, a)
    try:
        v = f.subs(x, a)
    except (ZeroDivisionError, ValueError):
        return sp.nan
    return v if v.is_finite else sp.nan


def _true_limit(f: sp.Expr, x: sp.Symbol, a: sp.Expr) -> sp.Expr:
    if a.is_infinite:
        return sp.limit(f, x, a)
    right, left = sp.limit(f, x, a, "+"), sp.limit(f, x, a, "-")
    if right != left:
        raise OfflineUnsupported(f"The one-sided limits differ ({plain(left)} from the left, {plain(right)} from the "
                                 "right), so the two-sided limit does not exist.")
    return right


# the level-3 hint for each first method, phrased as an instruction
_NEXT = {
    "direct substitution": "Next step: substitute the limit point into the function and see whether you get a number "
                           "or an indeterminate form such as 0/0.",
    "dividing by the highest power": "Next step: divide the numerator and the denominator by the highest power of the "
                                     "variable in the denominator.",
    "factoring and cancelling": "Next step: substituting gives 0/0, so factor the numerator and the denominator and "
                                "cancel the common factor.",
    "a standard limit": "Next step: rewrite the expression so it contains a standard limit, such as sin(u)/u with "
                        "u → 0.",
    "checking the form for L'Hôpital's rule": "Next step: substitute the limit point to check whether you get 0/0 or "
                                              "∞/∞; if so, differentiate the numerator and the denominator separately "
                                              "(L'Hôpital's rule).",
}


def limit_expr(f: sp.Expr, x: sp.Symbol, a: sp.Expr, *, plots: bool = False) -> Solution:
    """Worked limit of ``f`` as ``x → a`` (two-sided for finite ``a``)."""
    target = _true_limit(f, x, a)
    steps = [Step(f"We find ${_ltex(x, a)} {tex(f)}$.", None, "note")]
    first = "direct substitution"
    method = ("Method: first try direct substitution; if it gives 0/0, factor and cancel (polynomials) or use "
              "L'Hôpital's rule; at infinity, divide by the highest power.")
    direct = _value_at(f, x, a) if a.is_finite else sp.nan
    if a.is_finite and direct is not sp.nan and direct.is_finite and direct == target:
        steps.append(Step(f"**Direct substitution**: the function is continuous at {m(Eqn(x, a))}, so "
                          f"${_ltex(x, a)} {tex(f)} = {tex(direct)}$.",
                          Eqn(_lim(f, x, a), direct, evaluate=False), "identity"))
        value = direct
    else:
        value, first = _indeterminate(f, x, a, steps, target)
    if value != target:
        raise OfflineUnsupported("The offline limit steps disagreed with SymPy's limit; refusing rather than "
                                 "guessing.")
    plot_list = []
    if plots and a.is_finite and value.is_finite and f.free_symbols == {x}:
        from .plots import limit_plot

        plot_list.append(limit_plot(f, x, a, value))
    hints = make_hints("Goal: find the value the function approaches as the variable gets close to the limit point.",
                       method,
                       [(_NEXT.get(first, "Next step: substitute the limit point and look at the form you get."),
                         [])], [value],
                       "Next step: substitute the limit point and look at the form you get.")
    return Solution("limit", steps, plain(value), tex(value), "number", {}, plot_list, hints,
                    problem=_lim(f, x, a), result=value, variable=x)


def _indeterminate(f: sp.Expr, x: sp.Symbol, a: sp.Expr, steps: list[Step], target: sp.Expr) -> tuple[sp.Expr, str]:
    num, den = sp.fraction(sp.together(f))
    if den.has(x) and num.is_polynomial(x) and den.is_polynomial(x):
        if a.is_infinite:
            n = max(sp.degree(num, x), sp.degree(den, x))
            scaled = sp.expand(num / x**n) / sp.expand(den / x**n)
            steps.append(Step(f"**Divide numerator and denominator by the highest power** {m(x**n)}:\n"
                              f"$${_ltex(x, a)} {tex(f)} = {_ltex(x, a)} {tex(scaled)}$$",
                              Eqn(_lim(f, x, a), _lim(scaled, x, a), evaluate=False), "identity"))
            steps.append(Step(f"Every term $c/{tex(x)}^k$ tends to 0, leaving {m(target)}.",
                              Eqn(_lim(scaled, x, a), target, evaluate=False), "identity"))
            return target, "dividing by the highest power"
        n_a, d_a = num.subs(x, a), den.subs(x, a)
        if n_a == 0 and d_a == 0:
            steps.append(Step("**Direct substitution** gives $\\frac{0}{0}$, an indeterminate form.", None, "note"))
            g = sp.gcd(num, den)
            reduced = sp.cancel(f)
            steps.append(Step(f"**Factor and cancel** the common factor {m(sp.factor(g))}:\n"
                              f"$$\\frac{{{tex(sp.factor(num))}}}{{{tex(sp.factor(den))}}} = {tex(reduced)}"
                              f"\\quad ({tex(x)} \\ne {tex(a)})$$",
                              Eqn(_lim(f, x, a), _lim(reduced, x, a), evaluate=False), "identity"))
            value = _value_at(reduced, x, a)
            if value is sp.nan or not value.is_finite:
                value = target
                steps.append(Step(f"The reduced function still blows up: the limit is {m(target)}.",
                                  Eqn(_lim(reduced, x, a), target, evaluate=False), "identity"))
            else:
                steps.append(Step(f"**Substitute** {m(Eqn(x, a))}: $= {tex(value)}$.",
                                  Eqn(_lim(reduced, x, a), value, evaluate=False), "identity"))
            return value, "factoring and cancelling"
    std = _standard(f, x, a, target)
    if std:
        steps.append(Step(std, Eqn(_lim(f, x, a), target, evaluate=False), "identity"))
        return target, "a standard limit"
    current_num, current_den = num, den
    for _ in range(3):
        n_a, d_a = sp.limit(current_num, x, a), sp.limit(current_den, x, a)
        zero = n_a == 0 and d_a == 0
        inf = n_a.is_infinite and d_a.is_infinite
        if not (zero or inf) or not current_den.has(x):
            break
        form = r"\frac{0}{0}" if zero else r"\frac{\infty}{\infty}"
        dn, dd = sp.diff(current_num, x), sp.diff(current_den, x)
        steps.append(Step(
            f"The form is ${form}$ (numerator → {m(n_a)}, denominator → {m(d_a)}), so **L'Hôpital's rule** applies: "
            f"differentiate top and bottom separately:\n$${_ltex(x, a)} \\frac{{{tex(current_num)}}}"
            f"{{{tex(current_den)}}} = {_ltex(x, a)} \\frac{{{tex(dn)}}}{{{tex(dd)}}}$$",
            Eqn(_lim(current_num / current_den, x, a), _lim(dn / dd, x, a), evaluate=False), "identity"))
        current_num, current_den = dn, dd
        quotient = sp.simplify(current_num / current_den)
        v = _value_at(quotient, x, a) if a.is_finite else sp.limit(quotient, x, a)
        if v is not sp.nan and v == target:
            how = f"**Substitute** {m(Eqn(x, a))}" if a.is_finite else f"**Let** ${tex(x)} \\to {tex(a)}$"
            steps.append(Step(f"{how}: the limit is {m(v)}.",
                              Eqn(_lim(quotient, x, a), v, evaluate=False), "identity"))
            return v, "checking the form for L'Hôpital's rule"
    if target.is_infinite and den.has(x):
        steps.append(Step(f"The numerator tends to {m(sp.limit(num, x, a))} while the denominator tends to 0 (with a "
                          f"fixed sign), so the quotient grows without bound: the limit is {m(target)}.",
                          Eqn(_lim(f, x, a), target, evaluate=False), "identity"))
        return target, "direct substitution"
    raise OfflineUnsupported("The offline tutor can't explain this limit step by step (not a 0/0, ∞/∞, polynomial "
                             "or standard form); connect R1 for this one.")


def _standard(f: sp.Expr, x: sp.Symbol, a: sp.Expr, target: sp.Expr) -> str | None:
    """Name the classic limits: sin(u)/u → 1, (1 + k/x)^x → e^k, (e^u − 1)/u → 1."""
    if isinstance(f, sp.Pow) and f.exp.has(x) and sp.limit(f.base, x, a) == 1 and sp.limit(f.exp, x, a).is_infinite:
        return (rf"**Standard limit** $\lim (1 + u)^{{1/u}} = e$ (form $1^\infty$): write the power as "
                rf"$e^{{{tex(f.exp)} \ln\left({tex(f.base)}\right)}}$; the exponent tends to "
                f"${tex(sp.log(target))}$, so the limit is {m(target)}.")
    if a == 0 and f.has(sp.sin, sp.tan) and target.is_finite:
        return (rf"**Standard limit** $\lim_{{u \to 0}} \frac{{\sin u}}{{u}} = 1$: rewrite so each $\sin$ "
                f"(or $\\tan$) is divided by its own argument; the constants that remain give {m(target)}.")
    return None
