"""Generators: linear equations, quadratics, systems, inequalities, simplification (levels 1–3)."""

from __future__ import annotations

import math
import random

import sympy as sp

from ._common import Draft, X, Y, Z, coin, nonzero, plain, tex

__all__ = ["linear", "quadratic", "system", "inequality", "simplification"]


def _roots_answer(roots: list[sp.Expr]) -> tuple[str, str, sp.Basic]:
    """Solutions of a one-variable equation: answered as a set ``{r1, r2}`` (order-free)."""
    ordered = sorted(set(roots), key=lambda r: float(r))
    text = "{" + ", ".join(plain(r) for r in ordered) + "}"
    latex = r"\{" + ", ".join(tex(r) for r in ordered) + r"\}"
    return text, latex, sp.FiniteSet(*ordered)


def linear(rng: random.Random, level: int) -> Draft:
    x0: sp.Expr
    if level == 1:
        a, x0, b = rng.randint(2, 9), sp.Integer(rng.randint(-10, 10)), nonzero(rng, -20, 20)
        lhs, rhs = a * X + b, a * x0 + b
        steps = f"Subtract ${b}$ from both sides: ${a}x = {a * x0}$. Divide by ${a}$."
    elif level == 2:
        a = rng.randint(2, 9)
        c = rng.choice([v for v in range(-6, 10) if v not in (0, a)])
        x0 = sp.Integer(rng.randint(-9, 9))
        b = nonzero(rng, -15, 15)
        d = (a - c) * x0 + b
        lhs, rhs = a * X + b, c * X + d
        steps = f"Collect $x$ on the left: ${a - c}x = {d - b}$, then divide by ${a - c}$."
    else:
        a, b = rng.randint(2, 6), nonzero(rng, -6, 6)
        c = rng.choice([v for v in range(2, 8) if v != a])
        d, e = nonzero(rng, -6, 6), nonzero(rng, -9, 9)
        lhs = sp.Mul(a, X + b, evaluate=False)
        rhs = sp.Add(sp.Mul(c, X - d, evaluate=False), e, evaluate=False)
        x0 = sp.Rational(-c * d + e - a * b, a - c)  # a(x + b) = c(x - d) + e, solved by hand
        steps = (
            f"Expand both sides: ${tex(sp.expand(a * (X + b)))} = {tex(sp.expand(c * (X - d) + e))}$; "
            "collect $x$ on one side and divide."
        )
    eq = sp.Eq(lhs, rhs, evaluate=False)
    assert sp.expand((lhs - rhs).subs(X, x0)) == 0  # verified by substitution
    text = f"x = {plain(x0)}"
    return Draft(
        statement=f"Solve for $x$: $${tex(eq)}$$",
        answer=text,
        kind="equation",
        value=sp.Eq(X, x0),
        solution=f"{steps} So $x = {tex(x0)}$.",
        variables=("x",),
        answer_latex=f"x = {tex(x0)}",
    )


def quadratic(rng: random.Random, level: int) -> Draft:
    if level == 1:
        r1, r2 = rng.sample([v for v in range(-9, 10) if v != 0], 2)
        poly = sp.expand((X - r1) * (X - r2))
        roots: list[sp.Expr] = [sp.Integer(r1), sp.Integer(r2)]
        how = f"Factor: $({tex(X - r1)})({tex(X - r2)}) = 0$."
    elif level == 2:
        q = rng.randint(2, 5)
        p = rng.choice([v for v in range(-7, 8) if v != 0 and sp.gcd(v, q) == 1])
        r = nonzero(rng, -6, 6)
        poly = sp.expand((q * X - p) * (X - r))
        roots = [sp.Rational(p, q), sp.Integer(r)]
        how = f"Factor: $({tex(q * X - p)})({tex(X - r)}) = 0$."
    else:
        while True:
            b, c = rng.randint(-8, 8), rng.randint(-9, 9)
            disc = b * b - 4 * c
            if disc > 0 and math.isqrt(disc) ** 2 != disc:
                break
        poly = X**2 + b * X + c
        roots = [(-b - sp.sqrt(disc)) / 2, (-b + sp.sqrt(disc)) / 2]
        how = f"The discriminant is $b^2 - 4ac = {disc}$, not a perfect square: use the quadratic formula."
    # verified by Vieta (exact): the roots' sum and product are the polynomial's coefficients
    lead = poly.coeff(X, 2)
    assert sp.expand(roots[0] + roots[1]) == -poly.coeff(X, 1) / lead
    assert sp.expand(roots[0] * roots[1]) == poly.coeff(X, 0) / lead
    text, latex, value = _roots_answer(roots)
    return Draft(
        statement=f"Solve $${tex(poly)} = 0$$ Give all real solutions as a set, e.g. `{{1, -2}}`.",
        answer=text,
        kind="set",
        value=value,
        solution=f"{how} The solutions are $x \\in {latex}$.",
        variables=("x",),
        answer_latex=latex,
    )


def system(rng: random.Random, level: int) -> Draft:
    syms = [X, Y] if level < 3 else [X, Y, Z]
    n = len(syms)
    sol = [sp.Integer(rng.randint(-6, 6)) for _ in range(n)]
    while True:
        if level == 1:
            rows = [[1, rng.choice([-1, 1]) * rng.randint(1, 3)], [rng.randint(1, 4), rng.choice([-1, 1])]]
        else:
            rows = [[nonzero(rng, -5, 5) for _ in range(n)] for _ in range(n)]
        mat = sp.Matrix(rows)
        if mat.det() != 0:
            break
    rhs = mat * sp.Matrix(sol)
    eqs = [sp.Eq(sum(c * s for c, s in zip(row, syms, strict=True)), rhs[i], evaluate=False)
           for i, row in enumerate(rows)]
    for row, value in zip(rows, rhs, strict=True):  # verified by substitution (integer arithmetic)
        assert sum(c * v for c, v in zip(row, sol, strict=True)) == value
    names = ", ".join(str(s) for s in syms)
    body = r" \\ ".join(tex(eq) for eq in eqs)
    point = "(" + ", ".join(plain(v) for v in sol) + ")"
    method = "Eliminate one variable" if n == 2 else "Use elimination (or matrices) to reduce to two unknowns"
    return Draft(
        statement=(
            f"Solve the system $$\\begin{{aligned}} {body} \\end{{aligned}}$$ "
            f"Answer with the ordered tuple $({names})$."
        ),
        answer=point,
        kind="list",
        value=sp.Tuple(*sol),
        solution=f"{method}, solve, then back-substitute: $({names}) = {tex(sp.Tuple(*sol))}$.",
        variables=tuple(str(s) for s in syms),
        answer_latex=tex(sp.Tuple(*sol)),
    )


def inequality(rng: random.Random, level: int) -> Draft:
    if level < 3:
        a = rng.randint(2, 7) * (1 if level == 1 else -1)
        k = rng.randint(-8, 8)
        b = nonzero(rng, -12, 12)
        op = rng.choice(["<", "<=", ">", ">="])
        rel = sp.Rel(a * X + b, a * k + b, op)
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op] if a < 0 else op
        answer_rel = sp.Rel(X, k, flipped)
        note = "Dividing by a negative number reverses the inequality. " if a < 0 else ""
        how = f"Subtract ${b}$ and divide by ${a}$. {note}"
        statement = f"Solve the inequality $${tex(rel)}$$ Write the answer like `x < 3`."
        value: sp.Basic = answer_rel
        text = f"x {flipped} {k}"
        latex = tex(answer_rel)
        kind = "inequality"
    else:
        r1, r2 = sorted(rng.sample(range(-7, 8), 2))
        poly = sp.expand((X - r1) * (X - r2))
        # the key is the solved form (what the checker's solved-form rule compares against, so copying the
        # inequality back scores nothing); interval notation is accepted as the same set
        if coin(rng):
            rel = sp.Lt(poly, 0)
            value = sp.Interval.open(r1, r2)
            text = f"{r1} < x < {r2}"
        else:
            rel = sp.Gt(poly, 0)
            value = sp.Union(sp.Interval.open(-sp.oo, r1), sp.Interval.open(r2, sp.oo))
            text = f"x < {r1} or x > {r2}"
        for t in (r1 - 1, sp.Rational(r1 + r2, 2), r2 + 1, r1, r2):  # verified: membership == truth of rel
            sign = poly.subs(X, t)
            inside = r1 < t < r2 if isinstance(rel, sp.StrictLessThan) else t < r1 or t > r2
            assert (sign < 0 if isinstance(rel, sp.StrictLessThan) else sign > 0) == inside
        how = f"The roots of ${tex(poly)}$ are ${r1}$ and ${r2}$; test the sign between and outside them."
        statement = (f"Solve $${tex(rel)}$$ Write the answer like `-1 < x < 2` or `x < -1 or x > 2` "
                     "(interval notation such as `(-oo, 1) U (2, oo)` is fine too).")
        latex = tex(value)
        kind = "inequality"
    return Draft(
        statement=statement,
        answer=text,
        kind=kind,
        value=value,
        solution=f"{how} Answer: ${latex}$.",
        variables=("x",),
        answer_latex=latex,
    )


def simplification(rng: random.Random, level: int) -> Draft:
    options: dict[str, str] = {}
    if level == 1:
        a, b, c, d = (nonzero(rng, -6, 6) for _ in range(4))
        # brackets multiplied by x (not by a number, which SymPy distributes on reading): copying the statement
        # back then stays visibly unexpanded, and the "expanded" form rule can refuse it
        if coin(rng):  # (x + b)(x + c) - x(x - d)
            if b + c + d == 0:
                d = d + 1 if d != -1 else 2
            expr = sp.Add(sp.Mul(X + b, X + c, evaluate=False), -sp.Mul(X, X - d, evaluate=False), evaluate=False)
            result = sp.expand((X + b) * (X + c) - X * (X - d))
        else:  # x(ax + b) + c(x + d): a different template, a quadratic to collect
            c = 2 * c if abs(c) == 1 else c  # "1(x + 4)" is not how anyone writes it
            expr = sp.Add(sp.Mul(X, a * X + b, evaluate=False), sp.Mul(c, X + d, evaluate=False), evaluate=False)
            result = sp.expand(X * (a * X + b) + c * (X + d))
        task, how = "Simplify", "Distribute, then combine like terms."
        options["form"] = "expanded"  # the bracketed statement itself must not count as the simplified answer
    elif level == 2:
        r, s = rng.sample([v for v in range(-7, 8) if v != 0], 2)
        num, den = sp.expand((X - r) * (X - s)), X - r
        expr = sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
        result = X - s
        task, how = "Simplify", f"Factor the numerator as $({tex(X - r)})({tex(X - s)})$ and cancel $({tex(den)})$."
        options["form"] = "simplified"
    else:
        k = rng.randint(1, 3)
        r, s = rng.sample([v for v in range(-6, 7) if v != 0], 2)
        expr = sp.expand(k * (X - r) * (X - s))
        result = sp.Mul(k, X - r, X - s, evaluate=False) if k != 1 else sp.Mul(X - r, X - s, evaluate=False)
        task, how = "Factor completely", f"Find two numbers with product ${r * s}$ and sum ${r + s}$."
        options["form"] = "factored"
    # verified with polynomial arithmetic: result == expr (levels 1, 3) or result * (x - r) == numerator (level 2)
    assert sp.expand(result * den - num) == 0 if level == 2 else sp.expand(result - expr) == 0
    return Draft(
        statement=f"{task}: $${tex(expr)}$$",
        answer=plain(result),
        kind="expression",
        value=result,
        options=options,
        solution=f"{how} Result: ${tex(result)}$.",
        variables=("x",),
        answer_latex=tex(result),
    )
