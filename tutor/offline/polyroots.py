"""Polynomial equations of degree ≥ 3: rational root candidates, division, factor, then the quadratic that is left."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, m, tex
from ._hints import make_hints
from ._roots import roots_answer, roots_sentence, standard_form
from ._types import Solution, Step

__all__ = ["solve_polynomial"]

_MAX_CANDIDATES = 24


def _candidates(poly: sp.Poly) -> list[sp.Rational]:
    lead, const = abs(int(poly.LC())), abs(int(poly.TC()))
    ps = sp.divisors(const)
    qs = sp.divisors(lead)
    vals = sorted({sp.Rational(p, q) for p in ps for q in qs}, key=lambda r: (abs(r), r))
    out: list[sp.Rational] = []
    for v in vals:
        out += [v, -v]
    return out


def solve_polynomial(eq: sp.Equality, x: sp.Symbol) -> Solution:
    """Worked solution of a polynomial equation of degree 3 or more with rational coefficients."""
    steps: list[Step] = [Step(f"We solve {m(eq)} for {m(x)}.", eq, "equivalent")]
    p = standard_form(eq, x, steps)
    poly = sp.Poly(p, x)
    if not all(c.is_Rational for c in poly.all_coeffs()):
        raise OfflineUnsupported("The offline tutor finds polynomial roots only for rational coefficients.")
    den = sp.ilcm(*[sp.Rational(c).q for c in poly.all_coeffs()])
    if den != 1:
        poly = sp.Poly(poly.as_expr() * den, x)
        steps.append(Step(f"**Multiply by** {m(den)} to get integer coefficients:\n{dm(Eqn(poly.as_expr(), 0))}",
                          Eqn(poly.as_expr(), 0), "equivalent"))
    roots: list[sp.Expr] = []
    found: list[sp.Expr] = []
    factored: list[sp.Expr] = []
    low = min(k[0] for k in poly.monoms())
    if low > 0:
        rest = sp.Poly(sp.cancel(poly.as_expr() / x**low), x)
        fac = x**low * rest.as_expr()
        steps.append(Step(f"**Factor out the common factor** {m(x**low)}:\n{dm(Eqn(fac, 0, evaluate=False))}\n"
                          f"so {m(Eqn(x, 0))} is a root.", Eqn(poly.as_expr(), sp.expand(fac)), "identity"))
        roots.append(sp.Integer(0))
        factored.append(x**low)
        poly = rest
    first_hint: tuple[str, list[sp.Expr]] | None = None
    if poly.degree() > 2:
        cands = _candidates(poly)
        shown = cands[:_MAX_CANDIDATES]
        more = ", \\dots" if len(cands) > len(shown) else ""
        steps.append(Step(
            "**Rational root theorem**: any rational root $p/q$ has $p$ dividing the constant term "
            f"{m(poly.TC())} and $q$ dividing the leading coefficient {m(poly.LC())}. Candidates: "
            f"${', '.join(tex(c) for c in shown)}{more}$.", None, "note"))
        first_hint = ("Next step: list the rational root candidates ±p/q, with p dividing the constant term and q "
                      "dividing the leading coefficient, and test them.", [])
    while poly.degree() > 2:
        root = next((c for c in _candidates(poly) if poly.eval(c) == 0), None)
        if root is None:
            raise OfflineUnsupported("This polynomial has a factor of degree 3 or more with no rational roots; the "
                                     "offline tutor can't find its roots step by step (connect R1 for this one).")
        q, r = sp.div(poly, sp.Poly(x - root, x))
        value_at = poly.as_expr().subs(x, root)
        steps.append(Step(f"**Test** {m(root)}: $p({tex(root)}) = {tex(value_at)}$, so {m(Eqn(x, root))} is a root "
                          f"and {m(x - root)} is a factor.", Eqn(poly.as_expr().subs(x, root), 0), "value"))
        steps.append(Step(f"**Divide** (synthetic division) by {m(x - root)}:\n"
                          f"{dm(Eqn(poly.as_expr(), sp.Mul(x - root, q.as_expr(), evaluate=False)))}",
                          Eqn(poly.as_expr(), (x - root) * q.as_expr()), "identity"))
        assert r.is_zero
        roots.append(root)
        found.append(root)
        factored.append(x - root)
        poly = q
    rest_roots = _finish(poly, x, steps)
    roots += rest_roots
    text, latex = roots_answer(x, roots)
    steps.append(Step(f"**All roots**: {roots_sentence(x, roots)}.", sp.FiniteSet(*roots), "solutions"))
    hints = make_hints(
        f"Goal: find every {m(x)} that makes the polynomial zero.",
        "Method: try the rational root candidates ±p/q; each root r gives a factor (x − r); divide it out and repeat "
        "until a quadratic is left.",
        [first_hint or ("Next step: factor out the common power of x, then solve what is left.", [])],
        roots,
        "Next step: write the polynomial as p(x) = 0 and look for one root to factor out.",
    )
    return Solution("polynomial", steps, text, latex, "set", {}, [], hints,
                    problem=eq, result=sp.FiniteSet(*roots), variable=x,
                    extra={"real_roots": sp.FiniteSet(*[r for r in roots if r.is_real])})


def _finish(poly: sp.Poly, x: sp.Symbol, steps: list[Step]) -> list[sp.Expr]:
    """The remaining factor has degree ≤ 2: solve it directly."""
    q = poly.as_expr()
    if poly.degree() <= 0:
        return []
    if poly.degree() == 1:
        r = sp.solve(q, x)[0]
        steps.append(Step(f"The remaining factor {m(q)} is linear: {m(Eqn(x, r))}.", Eqn(q.subs(x, r), 0), "value"))
        return [r]
    a, b, c = poly.all_coeffs()
    disc = b**2 - 4 * a * c
    rs = [sp.simplify((-b + sp.sqrt(disc)) / (2 * a)), sp.simplify((-b - sp.sqrt(disc)) / (2 * a))]
    what = "two real roots" if disc > 0 else "a repeated root" if disc == 0 else "two complex conjugate roots"
    steps.append(Step(f"The remaining factor {m(q)} is **quadratic**: its discriminant is "
                      f"$b^2 - 4ac = {tex(disc)}$, so it has {what}; the **quadratic formula** gives "
                      f"{roots_sentence(x, rs)}.", sp.FiniteSet(*[sp.expand(q.subs(x, r)) for r in rs]), "zeros"))
    return rs
