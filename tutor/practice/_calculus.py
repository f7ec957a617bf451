"""Generators: derivatives, integrals, limits, matrices (levels 1–3)."""

from __future__ import annotations

import random

import sympy as sp

from ._common import X, Draft, nonzero, plain, tex

__all__ = ["derivative", "integral", "limit", "matrix"]


def _poly(rng: random.Random, degree: int) -> sp.Expr:
    coeffs = [nonzero(rng, -9, 9) for _ in range(degree + 1)]
    if rng.random() < 0.5 and degree > 1:
        coeffs[rng.randint(1, degree - 1)] = 0
    return sp.Add(*(c * X**i for i, c in enumerate(reversed(coeffs))))


def derivative(rng: random.Random, level: int) -> Draft:
    a, b = rng.randint(2, 5), nonzero(rng, -5, 5)
    if level == 1:
        f = _poly(rng, rng.randint(2, 4))
        rule = "Use the power rule term by term."
    elif level == 2:
        choices = [
            (a * sp.sin(b * X), "chain rule on the sine"),
            (sp.exp(a * X) * X, "product rule"),
            ((a * X + b) ** rng.randint(3, 5), "chain rule (power of a linear function)"),
            (a * sp.cos(b * X) + X**2, "chain rule on the cosine, power rule on x^2"),
        ]
        f, rule = rng.choice(choices)
        rule = f"Use the {rule}."
    else:
        choices = [
            (X**a * sp.log(X), "product rule with d/dx ln x = 1/x"),
            (sp.sin(a * X) / (X + abs(b)), "quotient rule"),
            (sp.exp(b * X**2 + a * X), "chain rule"),
            (X / (X**2 + a), "quotient rule"),
            (sp.sqrt(a * X + abs(b)), "chain rule with the square root"),
            (sp.log(a * X**2 + abs(b)), "chain rule with d/du ln u = 1/u"),
        ]
        f, rule = rng.choice(choices)
        rule = f"Use the {rule}."
    df = sp.diff(f, X)
    if level == 3:  # one fraction, factored denominator: how a student would write it
        num, den = sp.fraction(sp.together(sp.simplify(df)))
        pretty = sp.factor_terms(sp.expand(num)) / sp.factor(den)
    else:
        pretty = sp.expand(df) if level == 1 else df
    assert sp.simplify(pretty - df) == 0  # the printed form is the derivative
    return Draft(
        statement=f"Find $\\dfrac{{d}}{{dx}}\\left({tex(f)}\\right)$.",
        answer=plain(pretty),
        kind="expression",
        value=pretty,
        solution=f"{rule} $f'(x) = {tex(pretty)}$.",
        variables=("x",),
        answer_latex=tex(pretty),
    )


def integral(rng: random.Random, level: int) -> Draft:
    if level == 1:
        f = _poly(rng, rng.randint(1, 3))
        antider = sp.integrate(f, X)
        assert sp.expand(sp.diff(antider, X) - f) == 0  # verified by differentiation
        return Draft(
            statement=f"Find the indefinite integral $$\\int \\left({tex(f)}\\right)\\,dx$$ (include $+ C$).",
            answer=plain(antider) + " + C",
            kind="antiderivative",
            value=antider,
            solution=f"Integrate term by term with the power rule: ${tex(antider)} + C$.",
            answer_latex=tex(antider) + " + C",
        )
    if level == 2:
        f = _poly(rng, rng.randint(1, 2))
        lo = rng.randint(-2, 1)
        hi = lo + rng.randint(1, 3)
        value = sp.integrate(f, (X, lo, hi))
        antider = sp.integrate(f, X)
        assert antider.subs(X, hi) - antider.subs(X, lo) == value  # fundamental theorem, exact
        return Draft(
            statement=f"Evaluate $$\\int_{{{lo}}}^{{{hi}}} \\left({tex(f)}\\right)\\,dx$$ (exact value).",
            answer=plain(value),
            kind="number",
            value=value,
            solution=(
                f"An antiderivative is $F(x) = {tex(antider)}$; "
                f"$F({hi}) - F({lo}) = {tex(value)}$."
            ),
            answer_latex=tex(value),
        )
    a, b = rng.randint(2, 5), rng.randint(1, 4)
    choices = [
        (X * sp.exp(a * X**2), "substitution $u = " + tex(a * X**2) + "$"),
        (b * sp.cos(a * X), "substitution $u = " + tex(a * X) + "$"),
        (b * sp.exp(-a * X) + X**2, "substitution $u = " + tex(-a * X) + "$ and the power rule"),
        (X * sp.exp(a * X), "integration by parts"),
        (sp.sin(a * X) + b * X, "a standard integral per term"),
    ]
    f, method = rng.choice(choices)
    antider = sp.simplify(sp.integrate(f, X))
    assert sp.simplify(sp.diff(antider, X) - f) == 0  # verified by differentiation
    return Draft(
        statement=f"Find $$\\int {tex(f)}\\,dx$$ (include $+ C$).",
        answer=plain(antider) + " + C",
        kind="antiderivative",
        value=antider,
        solution=f"Use {method}: ${tex(antider)} + C$.",
        answer_latex=tex(antider) + " + C",
    )


def limit(rng: random.Random, level: int) -> Draft:
    if level == 1:
        f = _poly(rng, 2)
        point = rng.randint(-3, 3)
        how = "The function is a polynomial, so substitute directly."
    elif level == 2:
        r, s = rng.sample([v for v in range(-6, 7) if v != 0], 2)
        point = r
        f = sp.Mul(sp.expand((X - r) * (X - s)), sp.Pow(X - r, -1, evaluate=False), evaluate=False)
        how = f"Substitution gives $0/0$; factor and cancel $({tex(X - r)})$, then substitute."
    else:
        a, b = rng.randint(1, 6), rng.randint(1, 6)
        if rng.random() < 0.5:
            point = 0
            f = sp.Mul(sp.sin(a * X), sp.Pow(b * X, -1, evaluate=False), evaluate=False)
            how = r"Use $\lim_{u\to 0} \frac{\sin u}{u} = 1$ with $u = " + tex(a * X) + "$."
        else:
            c, d = nonzero(rng, -9, 9), nonzero(rng, -9, 9)
            num, den = a * X**2 + c * X, b * X**2 + d
            f = sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
            point = sp.oo
            how = "Divide numerator and denominator by $x^2$; the leading coefficients remain."
    value = sp.limit(sp.together(f), X, point)
    assert value.is_finite  # every generated limit exists
    target = r"\infty" if point == sp.oo else str(point)
    shown = tex(f) if isinstance(f, sp.Mul) else f"\\left({tex(f)}\\right)"
    return Draft(
        statement=f"Find $$\\lim_{{x \\to {target}}} {shown}$$",
        answer=plain(value),
        kind="number",
        value=value,
        solution=f"{how} The limit is ${tex(value)}$.",
        answer_latex=tex(value),
    )


def _mat(rng: random.Random, n: int = 2, lo: int = -5, hi: int = 5) -> sp.Matrix:
    return sp.Matrix([[rng.randint(lo, hi) for _ in range(n)] for _ in range(n)])


def matrix(rng: random.Random, level: int) -> Draft:
    a_mat = _mat(rng)
    if level == 1:
        if rng.random() < 0.5:
            value = a_mat.det()
            statement = f"Compute $\\det A$ for $$A = {tex(a_mat)}$$"
            how = "For a 2×2 matrix, $\\det A = ad - bc$."
            kind = "number"
        else:
            b_mat, k = _mat(rng), rng.randint(2, 4)
            value = a_mat + k * b_mat
            statement = f"Compute $A + {k}B$ for $$A = {tex(a_mat)},\\quad B = {tex(b_mat)}$$"
            how = "Scale $B$ entry by entry, then add."
            kind = "matrix"
    elif level == 2:
        b_mat = _mat(rng)
        value = a_mat * b_mat
        statement = f"Compute $AB$ for $$A = {tex(a_mat)},\\quad B = {tex(b_mat)}$$"
        how = "Entry $(i, j)$ is row $i$ of $A$ times column $j$ of $B$."
        kind = "matrix"
    else:
        if rng.random() < 0.5:
            while a_mat.det() == 0:
                a_mat = _mat(rng)
            value = a_mat.inv()
            assert a_mat * value == sp.eye(2)  # verified: A A^-1 = I
            statement = f"Find $A^{{-1}}$ for $$A = {tex(a_mat)}$$ (exact fractions)."
            how = "$A^{-1} = \\frac{1}{ad - bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}$."
            kind = "matrix"
        else:
            a_mat = _mat(rng, 3, -4, 4)
            value = a_mat.det()
            statement = f"Compute $\\det A$ for $$A = {tex(a_mat)}$$"
            how = "Expand along the first row (cofactor expansion)."
            kind = "number"
    return Draft(
        statement=statement,
        answer=plain(value),
        kind=kind,
        value=value,
        solution=f"{how} Result: ${tex(value)}$.",
        answer_latex=tex(value),
    )
