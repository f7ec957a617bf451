"""Inequalities (linear and quadratic, answered as intervals) and absolute-value equations and inequalities."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, m, set_plain, set_tex, tex
from ._hints import make_hints
from ._roots import roots_answer, sorted_roots
from ._types import Solution, Step

__all__ = ["solve_inequality", "solve_abs_equation"]

_FLIP = {sp.StrictLessThan: sp.StrictGreaterThan, sp.StrictGreaterThan: sp.StrictLessThan,
         sp.LessThan: sp.GreaterThan, sp.GreaterThan: sp.LessThan}


def _rel(cls: type, a: sp.Expr, b: sp.Expr) -> sp.Basic:
    return cls(a, b, evaluate=False)


def _solution_set(rel: sp.Basic, x: sp.Symbol) -> sp.Set:
    return sp.solveset(rel, x, sp.S.Reals)


def solve_inequality(rel: sp.Basic, x: sp.Symbol) -> Solution:
    """Worked solution of a linear, quadratic or absolute-value inequality in ``x``; the answer is an interval."""
    cls = type(rel)
    if cls not in _FLIP:
        raise OfflineUnsupported("Only <, >, ≤ and ≥ inequalities are supported offline.")
    steps = [Step(f"We solve {m(rel)} for {m(x)}.", rel, "equivalent")]
    if rel.has(sp.Abs):
        return _abs_inequality(rel, x, steps)
    d = sp.expand(rel.lhs - rel.rhs)
    if not d.is_polynomial(x) or sp.degree(d, x) > 2:
        raise OfflineUnsupported("The offline tutor solves linear and quadratic inequalities (and |…| ones).")
    if sp.degree(d, x) == 1:
        return _linear(rel, x, steps)
    return _quadratic(rel, x, steps)


def _finish(family: str, rel: sp.Basic, x: sp.Symbol, steps: list[Step], first: tuple[str, list], method: str,
            bounds: list[sp.Expr]) -> Solution:
    result = _solution_set(rel, x)
    what = "no real number satisfies it" if result is sp.S.EmptySet else "answer in interval notation"
    steps.append(Step(f"**{what[0].upper()}{what[1:]}**: {m(set_tex(result))}.",
                      result, "solutions"))
    hints = make_hints(f"Goal: find every {m(x)} that makes the inequality true, written as an interval.", method,
                       [first], bounds + [result],
                       "Next step: move every term to one side so you compare an expression with 0.")
    return Solution(family, steps, set_plain(result), set_tex(result), "interval", {}, [], hints,
                    problem=rel, result=result, variable=x)


def _linear(rel: sp.Basic, x: sp.Symbol, steps: list[Step]) -> Solution:
    cls = type(rel)
    lhs, rhs = sp.expand(rel.lhs), sp.expand(rel.rhs)
    first: tuple[str, list] | None = None
    r_coeff = rhs.coeff(x, 1)
    if r_coeff != 0:
        lhs, rhs = sp.expand(lhs - r_coeff * x), sp.expand(rhs - r_coeff * x)
        now = _rel(cls, lhs, rhs)
        op = _add_or_subtract(r_coeff * x)
        steps.append(Step(f"**{op[0].upper()}{op[1:]} both sides** (this keeps the direction):\n{dm(now)}",
                          now, "equivalent"))
        first = (f"Next step: {op} both sides.", [r_coeff * x])
    const = lhs.coeff(x, 0)
    if const != 0:
        lhs, rhs = sp.expand(lhs - const), sp.expand(rhs - const)
        now = _rel(cls, lhs, rhs)
        op = _add_or_subtract(const)
        steps.append(Step(f"**{op[0].upper()}{op[1:]} both sides** (adding or subtracting keeps the direction):\n"
                          f"{dm(now)}", now, "equivalent"))
        first = first or (f"Next step: {op} both sides.", [const])
    a = lhs.coeff(x, 1)
    bound = sp.nsimplify(rhs / a)
    if a.is_negative:
        cls = _FLIP[cls]
        now = _rel(cls, x, bound)
        steps.append(Step(f"**Divide both sides by** {m(a)}: dividing by a *negative* number **reverses the "
                          f"inequality sign**:\n{dm(now)}", now, "equivalent"))
    elif a != 1:
        now = _rel(cls, x, bound)
        steps.append(Step(f"**Divide both sides by** {m(a)} (positive, so the sign stays):\n{dm(now)}", now,
                          "equivalent"))
    first = first or ("Next step: divide both sides by the coefficient of the variable — and watch its sign.", [])
    return _finish("inequality", rel, x, steps, first,
                   "Method: solve it like an equation, but reverse the inequality sign whenever you multiply or "
                   "divide by a negative number.", [bound])


def _add_or_subtract(term: sp.Expr) -> str:
    """Removing ``term`` from the left: "subtract 7 from" or, for a negative term, "add 7 to" (never "subtract −7")."""
    if term.could_extract_minus_sign():
        return f"add {m(-term)} to"
    return f"subtract {m(term)} from"


def _quadratic(rel: sp.Basic, x: sp.Symbol, steps: list[Step]) -> Solution:
    cls = type(rel)
    p = sp.expand(rel.lhs - rel.rhs)
    if rel.rhs != 0:
        now = _rel(cls, p, sp.Integer(0))
        steps.append(Step(f"**Bring every term to one side**:\n{dm(now)}", now, "equivalent"))
    roots = sorted_roots([r for r in sp.solve(p, x) if r.is_real])
    if roots:
        steps.append(Step(f"**Find the boundary points**: solve {m(Eqn(p, 0))}: {m(sp.factor(p))} $= 0$ gives "
                          + ", ".join(m(Eqn(x, r)) for r in roots) + ".",
                          sp.FiniteSet(*[sp.expand(p.subs(x, r)) for r in roots]), "zeros"))
        cuts = [float(r) for r in roots]
        tests = [sp.floor(cuts[0]) - 1] + [sp.nsimplify((a + b) / 2) for a, b in zip(cuts, cuts[1:], strict=False)]
        tests.append(sp.ceiling(cuts[-1]) + 1)
        tests = [sp.Rational(t) if not isinstance(t, sp.Rational) else t for t in tests]
        rows = []
        for t in tests:
            v = p.subs(x, t)
            ok = bool(cls(v, 0))
            rows.append(f"{m(Eqn(x, t))}: $p = {tex(v)}$ ({'✓ satisfies' if ok else '✗ fails'})")
        steps.append(Step("**Sign chart**: the sign of $p(x) = " + tex(p) + "$ can only change at the boundary "
                          "points, so test one point in each region: " + "; ".join(rows) + ".",
                          sp.Tuple(*[Eqn(p.subs(x, t), sp.expand(p.subs(x, t))) for t in tests]), "identity"))
        incl = "included" if cls in (sp.LessThan, sp.GreaterThan) else "excluded"
        steps.append(Step(f"The boundary points are **{incl}** because the inequality is "
                          f"{'non-strict' if incl == 'included' else 'strict'}.", None, "note"))
    else:
        v = p.subs(x, 0)
        steps.append(Step(f"{m(Eqn(p, 0))} has **no real roots**, so {m(p)} has the same sign everywhere; at "
                          f"{m(Eqn(x, 0))} it is {m(v)}.", Eqn(p.subs(x, 0), v), "identity"))
    return _finish("inequality", rel, x, steps,
                   ("Next step: find where the quadratic equals zero — those points split the line into regions.", []),
                   "Method: a sign chart — find the roots of the quadratic, then test one point in each region.",
                   list(roots))


def _abs_inequality(rel: sp.Basic, x: sp.Symbol, steps: list[Step]) -> Solution:
    cls = type(rel)
    lhs, rhs = rel.lhs, rel.rhs
    if not isinstance(lhs, sp.Abs) and isinstance(rhs, sp.Abs):
        lhs, rhs, cls = rhs, lhs, _FLIP[cls]
    if not isinstance(lhs, sp.Abs) or rhs.has(x) or sp.degree(lhs.args[0], x) != 1:
        raise OfflineUnsupported("The offline tutor handles |linear| < c and |linear| > c inequalities.")
    u = lhs.args[0]
    if cls in (sp.StrictLessThan, sp.LessThan):
        both = sp.And(cls(-rhs, u), cls(u, rhs))
        op = "<" if cls is sp.StrictLessThan else r"\le"
        text = (f"**Absolute value less than {m(rhs)}** means the inside lies between {m(-rhs)} and {m(rhs)}:\n"
                f"$${tex(-rhs)} {op} {tex(u)} {op} {tex(rhs)}$$")
    else:
        both = sp.Or(cls(u, rhs), _FLIP[cls](u, -rhs))
        text = (f"**Absolute value greater than {m(rhs)}** means the inside is beyond {m(rhs)} or below {m(-rhs)}:\n"
                f"$${tex(_FLIP[cls](u, -rhs))} \\quad\\text{{or}}\\quad {tex(cls(u, rhs))}$$")
    steps.append(Step(text, both, "equivalent"))
    return _finish("inequality", rel, x, steps,
                   ("Next step: rewrite the absolute-value inequality without |…| as one or two linear "
                    "inequalities.", []),
                   "Method: |u| < c means −c < u < c; |u| > c means u < −c or u > c.", [])


def solve_abs_equation(eq: sp.Equality, x: sp.Symbol) -> Solution:
    """|u| = v: split into u = v and u = −v, solve each, keep the candidates that check."""
    lhs, rhs = eq.lhs, eq.rhs
    if not lhs.has(sp.Abs):
        lhs, rhs = rhs, lhs
    steps = [Step(f"We solve {m(eq)} for {m(x)}.", eq, "equivalent")]
    rest, abs_part = lhs.as_independent(sp.Abs, as_Add=True)
    if rest != 0 and abs_part.has(sp.Abs):  # |u| + c = v: isolate the absolute value first
        lhs, rhs = abs_part, sp.expand(rhs - rest)
        iso = Eqn(lhs, rhs)
        steps.append(Step(f"**Isolate the absolute value**: {_add_or_subtract(rest)} both sides:\n{dm(iso)}", iso,
                          "equivalent"))
    k, core = lhs.as_independent(sp.Abs, as_Add=False)
    if isinstance(core, sp.Abs) and k != 1 and k.is_positive:  # SymPy writes |3x| as 3|x|
        lhs, rhs = core, rhs / k
        iso = Eqn(lhs, rhs)
        steps.append(Step(f"**Divide both sides by** {m(k)}:\n{dm(iso)}", iso, "equivalent"))
    if not isinstance(lhs, sp.Abs) or rhs.has(sp.Abs):
        raise OfflineUnsupported("The offline tutor solves absolute-value equations of the form |u| = v.")
    u = lhs.args[0]
    if not rhs.has(x) and rhs.is_negative:
        steps.append(Step(f"**An absolute value is never negative**: {m(sp.Ge(lhs, 0, evaluate=False))} for every "
                          f"{m(x)}, so it can never equal {m(rhs)}.", None, "note"))
        return _no_solution(eq, x, steps, "Method: an absolute value is a distance, so it is never negative.")
    cases = [Eqn(u, rhs), Eqn(u, -rhs)]
    steps.append(Step(f"**Split into two cases**: the inside equals {m(rhs)} or its opposite: {m(cases[0])} or "
                      f"{m(cases[1])}.", None, "note"))
    cands: list[sp.Expr] = []
    for case in cases:
        sols = sp.solve(case, x)
        cands += sols
        steps.append(Step(f"From {m(case)}: " + (", ".join(m(Eqn(x, s)) for s in sols) or "no solution") + ".",
                          sp.FiniteSet(*[sp.expand(case.lhs - case.rhs).subs(x, s) for s in sols]), "zeros"))
    good = [c for c in sorted_roots(cands) if c.is_real and sp.simplify(sp.Abs(u.subs(x, c)) - rhs.subs(x, c)) == 0]
    bad = [c for c in sorted_roots(cands) if c not in good]
    if bad:
        steps.append(Step("**Check** the candidates: " + ", ".join(m(Eqn(x, c)) for c in bad) +
                          " fail in the original equation (extraneous).", None, "note"))
    if not good:
        return _no_solution(eq, x, steps, "Method: |u| = c means u = c or u = −c; solve both and check each "
                            "candidate.")
    steps.append(Step("**Solutions**: " + ", ".join(m(Eqn(x, c)) for c in good) + ".", sp.FiniteSet(*good),
                      "solutions"))
    text, latex = roots_answer(x, good)
    hints = make_hints(f"Goal: find every {m(x)} that makes the absolute-value equation true.",
                       "Method: |u| = c means u = c or u = −c; solve both and check each candidate.",
                       [(f"Next step: write the two cases {m(cases[0])} and {m(cases[1])}.", cases)], good,
                       "Next step: remove the absolute value by splitting into two cases.")
    return Solution("absolute_value", steps, text, latex, "set", {}, [], hints, problem=eq,
                    result=sp.FiniteSet(*good), variable=x)



def _no_solution(eq: sp.Equality, x: sp.Symbol, steps: list[Step], method: str) -> Solution:
    steps.append(Step(r"So **no number** solves the equation: the solution set is empty, $\varnothing$.",
                      sp.S.EmptySet, "solutions"))
    hints = (f"Goal: find every {m(x)} that makes the absolute-value equation true — there may be none.", method,
             "Next step: ask which values an absolute value can take at all, and compare with the other side.")
    return Solution("absolute_value", steps, "{}", r"\varnothing", "set", {}, [], hints, problem=eq,
                    result=sp.S.EmptySet, variable=x)
