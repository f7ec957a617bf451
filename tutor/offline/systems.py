"""Systems of linear equations: elimination for two unknowns, row reduction of the augmented matrix for 3+."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step
from .matrices import pivot_step

__all__ = ["solve_system"]


def _system_tex(eqs: Sequence[sp.Equality]) -> str:
    return r"\begin{cases}" + r" \\ ".join(tex(e) for e in eqs) + r"\end{cases}"


def _standard(eq: sp.Equality, xs: Sequence[sp.Symbol]) -> sp.Equality:
    d = sp.expand(eq.lhs - eq.rhs)
    const = d.subs({v: 0 for v in xs})
    return Eqn(sp.expand(d - const), -const)


def _rows_to_eqs(aug: sp.Matrix, xs: Sequence[sp.Symbol]) -> sp.Tuple:
    n = len(xs)
    return sp.Tuple(*[Eqn(sum(aug[i, j] * xs[j] for j in range(n)), aug[i, n]) for i in range(aug.rows)])


def solve_system(eqs: Sequence[sp.Equality], xs: Sequence[sp.Symbol], *, plots: bool = False) -> Solution:
    """Worked solution of a square linear system with a unique solution."""
    xs = list(xs)
    for eq in eqs:
        d = sp.expand(eq.lhs - eq.rhs)
        if not d.is_polynomial(*xs) or sp.Poly(d, *xs).total_degree() > 1:
            raise OfflineUnsupported("The offline tutor solves systems of *linear* equations only.")
    if len(eqs) != len(xs):
        raise OfflineUnsupported(f"The system has {len(eqs)} equations in {len(xs)} unknowns; the offline tutor "
                                 "solves square systems with a unique solution.")
    std = [_standard(e, xs) for e in eqs]
    a_mat, b_vec = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in std], xs)
    if a_mat.det() == 0:
        raise OfflineUnsupported("This system has no unique solution (its coefficient determinant is 0): the lines "
                                 "or planes are parallel or the same.")
    steps = [Step(f"We solve the system\n{dm(_system_tex(eqs))}", sp.Tuple(*eqs), "equivalent")]
    if any(s != e for s, e in zip(std, eqs, strict=True)):
        steps.append(Step(f"**Write each equation in standard form** (unknowns left, constants right):\n"
                          f"{dm(_system_tex(std))}", sp.Tuple(*std), "equivalent"))
    if len(xs) == 2:
        sol, first = _eliminate(std, xs, steps)
    else:
        sol, first = _row_reduce(a_mat, b_vec, xs, steps)
    values = [sol[v] for v in xs]
    answer_eqs = [Eqn(v, sol[v]) for v in xs]
    checks = [Eqn(sp.expand(e.lhs.subs(sol)), sp.expand(e.rhs.subs(sol)), evaluate=False) for e in eqs]
    steps.append(Step("**Check** in every original equation: " + ", ".join(m(c) for c in checks) + ".",
                      sp.Tuple(*checks), "value"))
    plot_list = []
    if plots and len(xs) == 2:
        from .plots import lines_plot

        plot_list.append(lines_plot(std, xs[0], xs[1], (values[0], values[1])))
    hints = make_hints(
        "Goal: find the values of the unknowns that make every equation true at the same time.",
        "Method: eliminate one unknown — multiply the equations so one unknown has opposite (or equal) coefficients, "
        "then add (or subtract) them; for three or more unknowns, row-reduce the augmented matrix.",
        [first],
        values,
        "Next step: write every equation in standard form with the unknowns lined up.",
    )
    return Solution("system", steps, ", ".join(plain(e) for e in answer_eqs),
                    r",\quad ".join(tex(e) for e in answer_eqs), "set", {}, plot_list, hints,
                    problem=sp.Tuple(*eqs), result=sol, variable=tuple(xs))


def _eliminate(std: list[sp.Equality], xs: list[sp.Symbol], steps: list[Step]) -> tuple[dict, tuple[str, list]]:
    x, y = xs
    (e1, e2) = std
    a1, b1, c1 = e1.lhs.coeff(x), e1.lhs.coeff(y), e1.rhs
    a2, b2, c2 = e2.lhs.coeff(x), e2.lhs.coeff(y), e2.rhs
    if b1 == 0 or b2 == 0 or a1 == 0 or a2 == 0:
        # one equation already has a single unknown: substitution is quicker
        single, other = (e1, e2) if (b1 == 0 or a1 == 0) else (e2, e1)
        known = x if single.lhs.coeff(y) == 0 else y
        val = sp.solve(single, known)[0]
        steps.append(Step(f"**Solve** {m(single)} for {m(known)}: {m(Eqn(known, val))}.",
                          Eqn(known, val), "consequence"))
        sub = Eqn(sp.expand(other.lhs.subs(known, val)), other.rhs)
        unknown = y if known == x else x
        v2 = sp.solve(sub, unknown)[0]
        steps.append(Step(f"**Substitute** into {m(other)}: {m(sub)}, so {m(Eqn(unknown, v2))}.",
                          Eqn(unknown, v2), "consequence"))
        return {known: val, unknown: v2}, (f"Next step: solve {m(single)} for {m(known)}.", [single])
    g = sp.gcd(b1, b2)
    m1, m2 = abs(b2 / g), abs(b1 / g)
    add = (b1 * m1 + b2 * m2) == 0
    n1 = Eqn(sp.expand(e1.lhs * m1), c1 * m1)
    n2 = Eqn(sp.expand(e2.lhs * m2), c2 * m2)
    verb = "add" if add else "subtract"
    scaled = [f"the {nth} equation by {m(k)}" for nth, k in (("first", m1), ("second", m2)) if k != 1]
    if scaled:  # skip "multiply by 1": only the equations that really need scaling are mentioned
        steps.append(Step(f"**Eliminate {m(y)}**: multiply {' and '.join(scaled)} so the {m(y)}-terms cancel:\n"
                          f"{dm(_system_tex([n1, n2]))}", sp.Tuple(n1, n2), "equivalent"))
        plan = f"Next step: multiply {' and '.join(scaled)} so the {m(y)}-terms cancel when you {verb} them."
    else:
        steps.append(Step(f"**Eliminate {m(y)}**: the {m(y)}-terms already have "
                          f"{'opposite' if add else 'equal'} coefficients, so {verb} the equations.", None, "note"))
        plan = f"Next step: {verb} the two equations to eliminate {m(y)}."
    sign = 1 if add else -1
    diff = Eqn(sp.expand(n1.lhs + sign * n2.lhs), sp.expand(n1.rhs + sign * n2.rhs))
    how = "**Add** the two equations" if add else "**Subtract** the second equation from the first"
    steps.append(Step(f"{how}; {m(y)} cancels:\n{dm(diff)}", diff, "consequence"))
    xv = diff.rhs / diff.lhs.coeff(x)
    steps.append(Step(f"**Divide** by {m(diff.lhs.coeff(x))}: {m(Eqn(x, xv))}.", Eqn(x, xv), "consequence"))
    sub = Eqn(sp.expand(e1.lhs.subs(x, xv)), c1)
    yv = sp.solve(sub, y)[0]
    steps.append(Step(f"**Back-substitute** {m(Eqn(x, xv))} into the first equation: {m(sub)}, so "
                      f"{m(Eqn(y, yv))}.", Eqn(y, yv), "consequence"))
    return {x: xv, y: yv}, (plan, [m1, m2])


def _row_reduce(a_mat: sp.Matrix, b_vec: sp.Matrix, xs: list[sp.Symbol], steps: list[Step]) -> tuple[dict, tuple]:
    aug = a_mat.row_join(b_vec)
    n = len(xs)
    steps.append(Step(f"**Augmented matrix** $[A \\mid b]$:\n{dm(aug)}", _rows_to_eqs(aug, xs), "equivalent"))
    for col in range(n):
        pivot = next(r for r in range(col, n) if aug[r, col] != 0)
        aug, ops = pivot_step(aug, col, col, pivot, n)
        if ops:
            steps.append(Step(f"**Row operations** for column {col + 1} (pivot on {m(xs[col])}): "
                              f"${', '.join(ops)}$\n{dm(aug)}",
                              _rows_to_eqs(aug, xs), "equivalent"))
    sol = {xs[i]: aug[i, n] for i in range(n)}
    steps.append(Step("The matrix is in **reduced row-echelon form**; read off "
                      + ", ".join(m(Eqn(v, sol[v])) for v in xs) + ".", None, "note"))
    return sol, ("Next step: write the augmented matrix and use row operations to get zeros below the first pivot.",
                 [])
