"""Quadratic equations: factoring when it factors, otherwise the quadratic formula with the discriminant."""

from __future__ import annotations

import sympy as sp

from ._fmt import Eqn, dm, m, tex
from ._hints import make_hints
from ._roots import roots_answer, roots_sentence, sorted_roots, standard_form
from ._types import Solution, Step

__all__ = ["solve_quadratic"]


def _linear_factors(p: sp.Expr, x: sp.Symbol) -> list[sp.Expr] | None:
    _, factors = sp.factor_list(p, x)
    out: list[sp.Expr] = []
    for f, _mult in factors:
        if not f.has(x):
            continue
        if sp.degree(f, x) != 1:
            return None
        out.append(f)
    return out


def solve_quadratic(eq: sp.Equality, x: sp.Symbol, *, plots: bool = False) -> Solution:
    """Worked solution of a quadratic equation in ``x``."""
    steps: list[Step] = [Step(f"We solve {m(eq)} for {m(x)}.", eq, "equivalent")]
    p = standard_form(eq, x, steps)
    a, b, c = (sp.expand(p).coeff(x, k) for k in (2, 1, 0))
    first_hint: tuple[str, list[sp.Expr]] | None = None
    if eq.rhs != 0 or sp.expand(eq.lhs) != eq.lhs:
        first_hint = ("Next step: bring every term to one side so the equation reads $ax^2 + bx + c = 0$.", [])
    factors = _linear_factors(p, x) if all(k.is_Rational for k in (a, b, c)) else None
    roots: list[sp.Expr]
    if b == 0 and (-c / a).is_nonnegative:
        k = sp.nsimplify(-c / a)
        iso = Eqn(x**2, k)
        steps.append(Step(f"There is no {m(x)}-term, so **isolate** {m(x**2)}:\n{dm(iso)}", iso, "equivalent"))
        roots = [sp.sqrt(k), -sp.sqrt(k)]
        steps.append(Step(f"**Take the square root of both sides** (remember both signs): "
                          f"$x = \\pm {tex(sp.sqrt(k))}$, so {roots_sentence(x, roots)}.",
                          sp.FiniteSet(*roots), "solutions"))
        method = "Method: with no x-term, isolate x² and take the square root of both sides (both signs)."
        first_hint = first_hint or ("Next step: isolate the squared term on one side.", [])
    elif factors is not None:
        fac = sp.factor(p)
        steps.append(Step(_factor_text(a, b, c, x) + f"\n{dm(Eqn(fac, 0))}", Eqn(fac, 0), "equivalent"))
        roots = [sp.solve(f, x)[0] for f in factors]
        zero = " or ".join(m(Eqn(f, 0)) for f in factors)
        steps.append(Step(f"**Zero-product property**: a product is zero only when a factor is zero, so {zero}, giving {roots_sentence(x, roots)}.",
                          sp.FiniteSet(*roots), "solutions"))
        method = ("Method: factor the quadratic (look for two numbers whose product is a·c and whose sum is b), then "
                  "use the zero-product property.")
        first_hint = first_hint or ("Next step: look for two numbers whose product is "
                                    f"{m(a * c)} and whose sum is {m(b)}.", [a * c, b])
    else:
        disc = sp.expand(b**2 - 4 * a * c)
        steps.append(Step(f"It does not factor nicely over the rationals, so **identify the coefficients** "
                          f"{m(Eqn(sp.Symbol('a'), a))}, {m(Eqn(sp.Symbol('b'), b))}, {m(Eqn(sp.Symbol('c'), c))}.",
                          None, "note"))
        steps.append(Step(f"**Discriminant**: $\\Delta = b^2 - 4ac = {_par(b)}^2 - 4 \\cdot {_par(a)} \\cdot {_par(c)} = "
                          f"{tex(disc)}$.",
                          Eqn(b**2 - 4 * a * c, disc), "value"))
        if disc.is_positive:
            kind = "Since $\\Delta > 0$ there are **two distinct real roots**."
        elif disc == 0:
            kind = "Since $\\Delta = 0$ there is **one repeated real root**."
        else:
            kind = ("Since $\\Delta < 0$ there are **no real roots**; the two roots are **complex conjugates**: "
                    "the square root of a negative number is imaginary ($i = \\sqrt{-1}$).")
        steps.append(Step(kind, None, "note"))
        roots = [sp.simplify((-b + sp.sqrt(disc)) / (2 * a)), sp.simplify((-b - sp.sqrt(disc)) / (2 * a))]
        formula = r"x = \frac{-b \pm \sqrt{\Delta}}{2a}"
        subst = rf"x = \frac{{{tex(-b)} \pm \sqrt{{{tex(disc)}}}}}{{{tex(2 * a)}}}"
        root = sp.sqrt(disc)
        if root != sp.sqrt(disc, evaluate=False):  # √8 = 2√2, √−16 = 4i: show the simplified root before dividing
            subst += rf" = \frac{{{tex(-b)} \pm {tex(root)}}}{{{tex(2 * a)}}}"
            steps.append(Step(f"**Simplify the square root**: $\\sqrt{{{tex(disc)}}} = {tex(root)}$.",
                              Eqn(sp.sqrt(disc, evaluate=False), root, evaluate=False), "identity"))
        steps.append(Step(f"**Quadratic formula** ${formula}$:\n$${subst}$$\nso {roots_sentence(x, roots)}.",
                          sp.FiniteSet(*roots), "solutions"))
        method = ("Method: the quadratic formula x = (−b ± √(b² − 4ac)) / (2a); the discriminant b² − 4ac tells how "
                  "many real roots there are.")
        first_hint = first_hint or (f"Next step: compute the discriminant with a = {m(a)}, b = {m(b)}, c = {m(c)}.",
                                    [a, b, c])
    text, latex = roots_answer(x, roots)
    real = [r for r in sorted_roots(roots) if r.is_real]
    plot_list = []
    if plots:
        from .plots import parabola_plot

        plot_list.append(parabola_plot(p, x, real))
    hints = make_hints(
        f"Goal: find every value of {m(x)} that makes the quadratic equal to zero.",
        method,
        [first_hint],
        roots,
        "Next step: write the equation in the form $ax^2 + bx + c = 0$ and identify a, b and c.",
    )
    return Solution("quadratic", steps, text, latex, "set", {}, plot_list, hints,
                    problem=eq, result=sp.FiniteSet(*roots), variable=x)


def _factor_text(a: sp.Expr, b: sp.Expr, c: sp.Expr, x: sp.Symbol) -> str:
    if c == 0:
        return f"**Factor out the common factor** {m(x)}:"
    if a == 1:
        # the numbers in the order their factors appear in sp.factor's (x + u)(x + v)
        r = [sp.solve(f.as_base_exp()[0], x)[0] for f in sp.Mul.make_args(sp.factor(x**2 + b * x + c))
             if f.has(x) for _ in range(int(f.as_base_exp()[1]))]
        u, v = (-r[0], -r[-1]) if len(r) == 2 else (-r[0], -r[0])
        return (f"**Factor**: we need two numbers with product {m(c)} and sum {m(b)}: they are {m(u)} and {m(v)}, so")
    return f"**Factor** (split the middle term using two numbers with product $ac = {tex(a * c)}$ and sum {m(b)}):"


def _par(v: sp.Expr) -> str:
    return f"\\left({tex(v)}\\right)" if v.could_extract_minus_sign() else tex(v)
