"""Derivatives rule by rule: power, sum, constant multiple, product, quotient, chain, trig, exp, log — each named."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["differentiate"]

_TABLE = {
    sp.sin: ("trig rule", r"\frac{d}{du}\sin u = \cos u"),
    sp.cos: ("trig rule", r"\frac{d}{du}\cos u = -\sin u"),
    sp.tan: ("trig rule", r"\frac{d}{du}\tan u = \sec^2 u"),
    sp.cot: ("trig rule", r"\frac{d}{du}\cot u = -\csc^2 u"),
    sp.sec: ("trig rule", r"\frac{d}{du}\sec u = \sec u \tan u"),
    sp.csc: ("trig rule", r"\frac{d}{du}\csc u = -\csc u \cot u"),
    sp.asin: ("inverse-trig rule", r"\frac{d}{du}\arcsin u = \frac{1}{\sqrt{1-u^2}}"),
    sp.acos: ("inverse-trig rule", r"\frac{d}{du}\arccos u = -\frac{1}{\sqrt{1-u^2}}"),
    sp.atan: ("inverse-trig rule", r"\frac{d}{du}\arctan u = \frac{1}{1+u^2}"),
    sp.exp: ("exponential rule", r"\frac{d}{du}e^u = e^u"),
    sp.log: ("logarithm rule", r"\frac{d}{du}\ln u = \frac{1}{u}"),
    sp.sinh: ("hyperbolic rule", r"\frac{d}{du}\sinh u = \cosh u"),
    sp.cosh: ("hyperbolic rule", r"\frac{d}{du}\cosh u = \sinh u"),
}


def _dd(f: sp.Expr, x: sp.Symbol) -> str:
    return rf"\frac{{d}}{{d{tex(x)}}}\left[{tex(f)}\right]"


class _Differ:
    def __init__(self, x: sp.Symbol) -> None:
        self.x = x
        self.steps: list[Step] = []
        self.rules: list[str] = []

    def _emit(self, rule: str, f: sp.Expr, body: str, result: sp.Expr) -> sp.Expr:
        self.rules.append(rule)
        self.steps.append(Step(f"**{rule[0].upper()}{rule[1:]}**: ${_dd(f, self.x)} = {body}$",
                               Eqn(sp.Derivative(f, self.x), result, evaluate=False), "identity"))
        return result

    def _chain(self, f: sp.Expr, outer_at: sp.Expr, u: sp.Expr, what: str) -> None:
        self.rules.append("chain rule")
        self.steps.append(Step(
            f"**Chain rule**: {m(f)} is {what} of the inner function $u = {tex(u)}$, so "
            f"${_dd(f, self.x)} = {_par(outer_at)} \\cdot \\frac{{du}}{{d{tex(self.x)}}}$; first find the inner "
            "derivative.",
            Eqn(sp.Derivative(f, self.x), outer_at * sp.Derivative(u, self.x), evaluate=False), "identity"))

    def d(self, f: sp.Expr) -> sp.Expr:
        x = self.x
        if not f.has(x):
            return self._emit("constant rule", f, "0", sp.Integer(0))
        if f == x:
            return self._emit("power rule", f, "1", sp.Integer(1))
        if f.is_polynomial(x) and isinstance(f, sp.Add | sp.Mul | sp.Pow) and sp.expand(f) == f:
            res = sp.diff(f, x)
            rule = "power rule" if not isinstance(f, sp.Add) else "sum rule with the power rule on each term"
            return self._emit(rule, f, tex(res), res)
        if isinstance(f, sp.Add):
            parts = f.args
            body = " + ".join(_dd(p, x) for p in parts)
            self.rules.append("sum rule")
            self.steps.append(Step(f"**Sum rule**: differentiate term by term, ${_dd(f, x)} = {body}$",
                                   Eqn(sp.Derivative(f, x), sp.Add(*[sp.Derivative(p, x) for p in parts]),
                                         evaluate=False), "identity"))
            res = sp.Add(*[self.d(p) for p in parts])
            return self._emit("add the pieces", f, tex(res), res)
        if isinstance(f, sp.Mul):
            const, rest = f.as_independent(x, as_Add=False)
            if const != 1:
                inner = self.d(rest)
                res = const * inner
                return self._emit("constant multiple rule", f, rf"{tex(const)} \cdot {_dd(rest, x)} = {tex(res)}", res)
            num, den = sp.fraction(f)
            if den.has(x) and num.has(x) and not (den.is_Pow and den.base == x) and den != x:
                return self._quotient(f, num, den)
            u = f.args[0]
            v = sp.Mul(*f.args[1:])
            self.rules.append("product rule")
            self.steps.append(Step(f"**Product rule** $(uv)' = u'v + uv'$ with $u = {tex(u)}$, $v = {tex(v)}$.",
                                   Eqn(sp.Derivative(f, x), sp.Derivative(u, x) * v + u * sp.Derivative(v, x),
                                         evaluate=False), "identity"))
            du, dv = self.d(u), self.d(v)
            res = du * v + u * dv
            return self._emit("product rule, assembled", f,
                              rf"\left({tex(du)}\right) \cdot {_par(v)} + {_par(u)} \cdot \left({tex(dv)}\right) = "
                              f"{tex(res)}", res)
        if isinstance(f, sp.Pow):
            base, exp = f.args
            if exp.has(x) and base.has(x):
                res = sp.diff(f, x)
                return self._emit("logarithmic differentiation", f,
                                  rf"{tex(f)} \cdot \frac{{d}}{{dx}}\left[{tex(exp * sp.log(base))}\right] = {tex(res)}",
                                  res)
            if exp.has(x):  # a^u
                if exp != x:
                    self._chain(f, f * sp.log(base), exp, "an exponential")
                du = self.d(exp) if exp != x else sp.Integer(1)
                res = f * sp.log(base) * du
                rule = "exponential rule" if exp == x else "chain rule, assembled (with the exponential rule)"
                return self._emit(rule, f, rf"{tex(f)} \ln {_par(base)} \cdot {_par(du)} = {tex(res)}", res)
            if base == x:
                res = exp * x ** (exp - 1)
                return self._emit("power rule", f, rf"{tex(exp)} {tex(x)}^{{{tex(exp - 1)}}} = {tex(res)}", res)
            self._chain(f, exp * base ** (exp - 1), base, "a power")
            du = self.d(base)
            res = exp * base ** (exp - 1) * du
            return self._emit("chain rule, assembled (with the power rule)", f,
                              rf"{tex(exp)} {_par(base)}^{{{tex(exp - 1)}}} \cdot {_par(du)} = {tex(res)}", res)
        if isinstance(f, sp.Function) and f.func in _TABLE and len(f.args) == 1:
            (u,) = f.args
            name, formula = _TABLE[f.func]
            dummy = sp.Dummy("u")
            outer_at = sp.diff(f.func(dummy), dummy).subs(dummy, u)
            if u == x:
                return self._emit(name, f, f"{tex(outer_at)} \\quad ({formula})", outer_at)
            self._chain(f, outer_at, u, f"${tex(f.func(sp.Symbol('u')))}$")
            du = self.d(u)
            res = outer_at * du
            return self._emit(f"chain rule, assembled (with the {name})", f,
                              rf"{_par(outer_at)} \cdot {_par(du)} = {tex(res)} \quad ({formula},\ u = {tex(u)})", res)
        raise OfflineUnsupported(f"The offline tutor has no differentiation rule for {plain(f)}.")

    def _quotient(self, f: sp.Expr, num: sp.Expr, den: sp.Expr) -> sp.Expr:
        x = self.x
        self.rules.append("quotient rule")
        self.steps.append(Step(
            rf"**Quotient rule** $\left(\frac{{u}}{{v}}\right)' = \frac{{u'v - uv'}}{{v^2}}$ with $u = {tex(num)}$, "
            f"$v = {tex(den)}$.",
            Eqn(sp.Derivative(f, x), (sp.Derivative(num, x) * den - num * sp.Derivative(den, x)) / den**2,
                  evaluate=False), "identity"))
        du, dv = self.d(num), self.d(den)
        res = (du * den - num * dv) / den**2
        return self._emit("quotient rule, assembled", f,
                          rf"\frac{{\left({tex(du)}\right){_par(den)} - {_par(num)}\left({tex(dv)}\right)}}"
                          rf"{{{_par(den)}^2}} = {tex(res)}", res)


def _par(e: sp.Expr) -> str:
    return rf"\left({tex(e)}\right)" if isinstance(e, sp.Add) or e.could_extract_minus_sign() else tex(e)


def _tidy(e: sp.Expr) -> sp.Expr:
    cands = [e, sp.simplify(e), sp.factor(e)] if sp.count_ops(e) < 60 else [e, sp.factor(e)]
    return min(cands, key=lambda c: (sp.count_ops(c), len(str(c))))


def differentiate(f: sp.Expr, x: sp.Symbol, *, order: int = 1, at: sp.Expr | None = None,
                  plots: bool = False) -> Solution:
    """Worked derivative of ``f`` with respect to ``x`` (order 1–3), optionally its value at ``x = at``."""
    if order < 1 or order > 3:
        raise OfflineUnsupported("The offline tutor computes first, second and third derivatives.")
    differ = _Differ(x)
    differ.steps.append(Step(f"We differentiate $f({tex(x)}) = {tex(f)}$ with respect to {m(x)}.", None, "note"))
    current = f
    for k in range(order):
        if k:
            differ.steps.append(Step(f"**Differentiate again** (derivative number {k + 1}) starting from "
                                     f"{m(current)}.", None, "note"))
        raw = differ.d(current)
        tidy = _tidy(raw)
        if tidy != raw:
            differ.steps.append(Step(f"**Simplify**: ${tex(raw)} = {tex(tidy)}$", Eqn(raw, tidy, evaluate=False),
                                     "identity"))
        current = tidy
    result = current
    prime = "'" * order
    answer_expr: sp.Expr = result
    value = None
    if at is not None:
        value = sp.simplify(result.subs(x, at))
        differ.steps.append(Step(f"**Evaluate at** {m(Eqn(x, at))}: $f{prime}({tex(at)}) = {tex(value)}$.",
                                 Eqn(result.subs(x, at), value, evaluate=False), "identity"))
        answer_expr = value
    plot_list = []
    if plots and order == 1:
        point = at if at is not None else _nice_point(f, result, x)
        if point is not None:
            from .plots import tangent_plot

            plot_list.append(tangent_plot(f, x, point, result.subs(x, point)))
    first_rule = differ.rules[0] if differ.rules else "power rule"
    hints = make_hints(
        f"Goal: find the rate of change of the function with respect to {m(x)}.",
        "Method: look at the outermost operation first — a sum (sum rule), a product (product rule), a quotient "
        "(quotient rule), a function of a function (chain rule) — then apply the basic rules (power, trig, exp, log).",
        [(f"Next step: the outermost structure calls for the **{first_rule}**.", [])],
        [answer_expr],
        "Next step: identify the outermost operation in the function.",
    )
    return Solution("derivative", differ.steps, plain(answer_expr), tex(answer_expr),
                    "number" if at is not None else "expression", {}, plot_list, hints,
                    problem=sp.Derivative(f, (x, order)), result=answer_expr, variable=x,
                    extra={"function": f, "order": order, "at": at})


def _nice_point(f: sp.Expr, df: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    for cand in (sp.Integer(1), sp.Rational(1, 2), sp.Integer(2), sp.Integer(0)):
        try:
            a, b = complex(f.subs(x, cand)), complex(df.subs(x, cand))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(a.imag) < 1e-12 and abs(b.imag) < 1e-12 and all(map(lambda v: abs(v) < 1e6, (a.real, b.real))):
            return cand
    return None
