"""Integrals explained from SymPy's ``integral_steps`` rule tree; ``+ C``; definite integrals evaluated at the bounds."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.integrals import manualintegrate as mi

from ..errors import OfflineUnsupported
from ._fmt import Eqn, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["integrate_expr"]

_U = sp.Symbol("u")
_ELEMENTARY = {sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc,
               sp.sinh, sp.cosh, sp.tanh, sp.asinh, sp.acosh, sp.atanh, sp.exp, sp.log, sp.Abs}

_NAMES: dict[type, tuple[str, str]] = {
    mi.ConstantRule: ("constant rule", r"\int c\,dx = cx"),
    mi.PowerRule: ("power rule", r"\int x^n\,dx = \frac{x^{n+1}}{n+1} \ (n \ne -1)"),
    mi.ExpRule: ("exponential rule", r"\int a^x\,dx = \frac{a^x}{\ln a}"),
    mi.ReciprocalRule: ("log rule", r"\int \frac{1}{x}\,dx = \ln|x|"),
    mi.SinRule: ("trig integral", r"\int \sin x\,dx = -\cos x"),
    mi.CosRule: ("trig integral", r"\int \cos x\,dx = \sin x"),
    mi.Sec2Rule: ("trig integral", r"\int \sec^2 x\,dx = \tan x"),
    mi.Csc2Rule: ("trig integral", r"\int \csc^2 x\,dx = -\cot x"),
    mi.SecTanRule: ("trig integral", r"\int \sec x \tan x\,dx = \sec x"),
    mi.CscCotRule: ("trig integral", r"\int \csc x \cot x\,dx = -\csc x"),
    mi.ArctanRule: ("arctangent form", r"\int \frac{dx}{a^2 + x^2} = \frac{1}{a}\arctan\frac{x}{a}"),
    mi.ArcsinRule: ("arcsine form", r"\int \frac{dx}{\sqrt{1 - x^2}} = \arcsin x"),
}


def _clean(e: Any) -> Any:
    """Show SymPy's substitution dummy as ``u``."""
    if isinstance(e, sp.Basic):
        dummies = [d for d in e.atoms(sp.Dummy)]
        return e.xreplace({d: _U for d in dummies}) if dummies else e
    return e


def _it(f: sp.Expr, x: sp.Symbol) -> str:
    body = tex(_clean(f))
    if isinstance(f, sp.Add):
        body = rf"\left({body}\right)"
    return rf"\int {body}\,d{tex(_clean(x))}"


def _pick(rule: mi.Rule) -> mi.Rule:
    """One method from an AlternativeRule: the one with the fewest steps (simplest to explain)."""
    if isinstance(rule, mi.AlternativeRule):
        return min((_pick(a) for a in rule.alternatives), key=_weight)
    return rule


def _weight(rule: mi.Rule) -> int:
    # prefer short explanations, and substitutions whose u is the simple inner argument (u = -x, not u = e^-x)
    text = str(rule)
    return len(text) + 200 * text.count("u_func=exp") + 200 * text.count("u_func=log")


class _Explainer:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.methods: list[str] = []

    def claim(self, rule: mi.Rule, result: sp.Expr) -> sp.Equality:
        return Eqn(sp.Integral(rule.integrand, rule.variable), result, evaluate=False)

    def emit(self, text: str, rule: mi.Rule, result: sp.Expr) -> None:
        self.steps.append(Step(text, self.claim(rule, result), "antiderivative"))

    def walk(self, rule: mi.Rule) -> sp.Expr:
        rule = _pick(rule)
        if isinstance(rule, mi.DontKnowRule) or rule.contains_dont_know():
            raise OfflineUnsupported("The offline tutor can't integrate this step by step (no elementary method "
                                     "found); connect R1 for this one.")
        f, x = rule.integrand, rule.variable
        head = f"${_it(f, x)}"
        if isinstance(rule, mi.AddRule):
            self.methods.append("sum rule")
            self.steps.append(Step(f"**Sum rule**: integrate term by term, {head} = "
                                   + " + ".join(_it(s.integrand, x) for s in rule.substeps) + "$.", None, "note"))
            res = sp.Add(*[self.walk(s) for s in rule.substeps])
            self.emit(f"**Add the pieces**: {head} = {tex(_clean(res))}$", rule, res)
            return res
        if isinstance(rule, mi.ConstantTimesRule):
            sub = rule.substep
            if isinstance(sub, mi.ConstantTimesRule) and sp.simplify(rule.constant * sub.constant - 1) == 0:
                return self.walk(sub.substep)  # SymPy's "2 · ½ ∫ …" detour: nothing to explain
            inner = self.walk(rule.substep)
            res = rule.constant * inner
            self.emit(f"**Constant multiple rule**: {head} = {tex(_clean(rule.constant))} "
                      f"{_it(rule.other, x)} = {tex(_clean(res))}$", rule, res)
            return res
        if isinstance(rule, mi.URule):
            self.methods.append("substitution")
            du = sp.diff(rule.u_func, x)
            self.steps.append(Step(
                f"**Substitution**: let $u = {tex(rule.u_func)}$, so $du = {tex(du)}\\,d{tex(x)}$; the integral "
                f"becomes ${_it(rule.substep.integrand, rule.u_var)}$.", None, "note"))
            inner = self.walk(rule.substep)
            res = _drop_abs(inner.subs(rule.u_var, rule.u_func))
            # SymPy may record a URule under a rescaled integrand (x/(x²+1) for 2x/(x²+1)); state what u computes
            actual = sp.cancel(rule.substep.integrand.subs(rule.u_var, rule.u_func) * du)
            self.steps.append(Step(f"**Substitute back** $u = {tex(rule.u_func)}$: ${_it(actual, x)} = {tex(res)}$",
                                   Eqn(sp.Integral(actual, x), res, evaluate=False), "antiderivative"))
            return res
        if isinstance(rule, mi.PartsRule):
            self.methods.append("integration by parts")
            v = rule.v_step.eval()
            self.steps.append(Step(
                rf"**Integration by parts** $\int u\,dv = uv - \int v\,du$ with $u = {tex(rule.u)}$, "
                rf"$dv = {tex(rule.dv)}\,d{tex(x)}$, so $du = {tex(sp.diff(rule.u, x))}\,d{tex(x)}$ and "
                f"$v = {tex(v)}$.", Eqn(sp.Integral(rule.dv, x), v, evaluate=False), "antiderivative"))
            rest = self.walk(rule.second_step) if rule.second_step is not None else sp.Integer(0)
            res = rule.u * v - rest
            self.emit(f"**Assemble** $uv - \\int v\\,du$: {head} = {tex(res)}$", rule, res)
            return res
        if isinstance(rule, mi.CyclicPartsRule):
            self.methods.append("integration by parts (twice, cyclic)")
            res = rule.eval()
            self.emit("**Integration by parts twice**: the original integral appears again on the right, so move it "
                      f"to the left and solve for it: {head} = {tex(res)}$", rule, res)
            return res
        if isinstance(rule, mi.RewriteRule):
            rewritten = rule.rewritten
            if f.is_rational_function(x) and rewritten.is_rational_function(x):
                name = "partial fractions"
                self.methods.append(name)
                text = "**Partial fractions**: split the rational function"
            elif f.has(sp.sin, sp.cos, sp.tan, sp.sec):
                name = "trig identity"
                self.methods.append(name)
                text = "**Rewrite with a trig identity**"
            else:
                text = "**Rewrite** the integrand"
            self.steps.append(Step(f"{text}: ${tex(_clean(f))} = {tex(_clean(rewritten))}$.",
                                   Eqn(f, rewritten, evaluate=False), "identity"))
            return self.walk(rule.substep)
        # the log rule is ln|u|, not SymPy's ln(u): the antiderivative must hold where u < 0 too
        res = sp.log(sp.Abs(rule.base)) if isinstance(rule, mi.ReciprocalRule) else rule.eval()
        name, formula = _NAMES.get(type(rule), (type(rule).__name__.replace("Rule", " rule").lower(), ""))
        self.methods.append(name)
        why = f" (${formula}$)" if formula else ""
        self.emit(f"**{name[0].upper()}{name[1:]}**{why}: {head} = {tex(_clean(res))}$", rule, res)
        return res


def _drop_abs(e: sp.Expr) -> sp.Expr:
    """ln|x² + 1| → ln(x² + 1): keep |…| only where the argument can be negative for real variables."""
    def positive(a: sp.Expr) -> bool:
        real = {s: sp.Dummy(s.name, real=True) for s in a.free_symbols if isinstance(s, sp.Symbol)}
        return bool(a.xreplace(real).is_positive)

    return e.replace(lambda a: isinstance(a, sp.Abs) and positive(a.args[0]), lambda a: a.args[0])


def integrate_expr(f: sp.Expr, x: sp.Symbol, lower: sp.Expr | None = None, upper: sp.Expr | None = None, *,
                   plots: bool = False) -> Solution:
    """Worked antiderivative (``+ C``) or definite integral."""
    definite = lower is not None and upper is not None
    ex = _Explainer()
    shown = sp.Integral(f, (x, lower, upper)) if definite else sp.Integral(f, x)
    ex.steps.append(Step(f"We compute {m(shown)}.", None, "note"))
    rule = mi.integral_steps(f, x)
    antider = ex.walk(rule)
    special = {type(a).__name__ for a in antider.atoms(sp.Function) if type(a) not in _ELEMENTARY}
    if special:
        raise OfflineUnsupported("This integral has no elementary antiderivative (it needs "
                                 f"{', '.join(sorted(special))}); connect R1 for a discussion of it.")
    tidy = min([antider, sp.simplify(antider)], key=sp.count_ops) if sp.count_ops(antider) < 80 else antider
    if tidy != antider:
        ex.steps.append(Step(f"**Simplify**: ${tex(antider)} = {tex(tidy)}$", Eqn(antider, tidy, evaluate=False),
                             "identity"))
    method = ex.methods[0] if ex.methods else "power rule"
    hints_method = ("Method: pick one technique — a basic rule from the table, substitution (look for a function and "
                    "its derivative), integration by parts (a product like x·eˣ), partial fractions (a rational "
                    "function) or a trig identity.")
    if not definite:
        ex.steps.append(Step(f"**Add the constant of integration**: ${_it(f, x)} = {tex(tidy)} + C$.",
                             Eqn(sp.Integral(f, x), tidy, evaluate=False), "antiderivative"))
        hints = make_hints("Goal: find a function whose derivative is the integrand.", hints_method,
                           [(f"Next step: the integrand calls for the **{method}**.", [])], [tidy],
                           "Next step: look at the integrand's structure and choose a technique.")
        return Solution("integral", ex.steps, plain(tidy) + " + C", tex(tidy) + " + C", "antiderivative",
                        {"variable": str(x)}, [], hints, problem=sp.Integral(f, x), result=tidy, variable=x)
    assert lower is not None and upper is not None
    F = sp.Lambda(x, tidy)
    top = sp.limit(tidy, x, upper) if upper.is_infinite else F(upper)
    bottom = sp.limit(tidy, x, lower) if lower.is_infinite else F(lower)
    value = sp.simplify(top - bottom)
    try:  # the fundamental theorem fails silently across a pole: cross-check with numeric quadrature
        numeric = complex(sp.Integral(f, (x, lower, upper)).evalf(15))
        agree = bool(value.is_finite) and abs(complex(sp.N(value)) - numeric) <= 1e-6 * (1 + abs(numeric))
    except (TypeError, ValueError, ZeroDivisionError):
        agree = False
    if not agree:
        raise OfflineUnsupported("This definite integral is improper or crosses a singularity; the offline tutor "
                                 "won't evaluate it by the fundamental theorem (connect R1 for this one).")
    ex.steps.append(Step(
        rf"**Evaluate at the bounds** (fundamental theorem of calculus): $\left[{tex(tidy)}\right]_{{{tex(lower)}}}"
        rf"^{{{tex(upper)}}} = {_par(top)} - {_par(bottom)} = {tex(value)}$",
        Eqn(sp.Integral(f, (x, lower, upper)), value, evaluate=False), "identity"))
    plot_list = []
    if plots and lower.is_finite and upper.is_finite:
        from .plots import area_plot

        plot_list.append(area_plot(f, x, lower, upper))
    hints = make_hints("Goal: find the signed area under the curve between the two bounds.",
                       hints_method + " Then evaluate the antiderivative at the upper bound minus the lower bound.",
                       [(f"Next step: find an antiderivative — the integrand calls for the **{method}**.", [])],
                       [value], "Next step: find an antiderivative first.")
    return Solution("integral", ex.steps, plain(value), tex(value), "number", {}, plot_list, hints,
                    problem=sp.Integral(f, (x, lower, upper)), result=value, variable=x)


def _par(e: sp.Expr) -> str:
    return rf"\left({tex(e)}\right)" if isinstance(e, sp.Add) or e.could_extract_minus_sign() else tex(e)
