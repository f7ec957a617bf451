"""Generators: derivatives, integrals, limits, matrices (levels 1–3)."""

from __future__ import annotations

import random

import sympy as sp

from ._common import Draft, X, coin, nonzero, pick, plain, tex

__all__ = ["derivative", "integral", "limit", "matrix"]


def _coeffs(rng: random.Random, degree: int) -> list[int]:
    """Coefficients from x^0 up to x^degree (leading one nonzero)."""
    coeffs = [nonzero(rng, -9, 9) for _ in range(degree + 1)]
    if rng.random() < 0.5 and degree > 1:
        coeffs[rng.randint(1, degree - 1)] = 0
    return coeffs[::-1]


def _poly(rng: random.Random, degree: int) -> sp.Expr:
    return sp.Add(*(c * X**i for i, c in enumerate(_coeffs(rng, degree))))


_POINTS = (sp.Rational(7, 10), sp.Rational(17, 10))


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Numeric identity test at two exact points inside every generated function's domain (x > 0)."""
    for pt in _POINTS:
        diff = complex((a - b).subs(X, pt).evalf(20))
        if abs(diff) > 1e-12 * max(1.0, abs(complex(b.subs(X, pt).evalf(20)))):
            return False
    return True


def derivative(rng: random.Random, level: int) -> Draft:
    a, b = rng.randint(2, 5), nonzero(rng, -5, 5)
    c = abs(b)
    f: sp.Expr
    pretty: sp.Expr
    if level == 1:
        f = _poly(rng, pick(rng, [2, 3, 4]))
        pretty = sp.Poly(f, X).diff(X).as_expr()  # exact polynomial arithmetic
        rule = "Use the power rule term by term."
    elif level == 2:
        choices: list[tuple[sp.Expr, str]] = [
            (a * sp.sin(b * X), "chain rule on the sine"),
            (sp.exp(a * X) * X, "product rule"),
            ((a * X + b) ** rng.randint(3, 5), "chain rule (power of a linear function)"),
            (a * sp.cos(b * X) + X**2, "chain rule on the cosine, power rule on x^2"),
            (X**2 * sp.sin(b * X), "product rule, with the chain rule on the sine"),
            (sp.log(a * X + c), "chain rule with d/du ln u = 1/u"),
        ]
        f, rule = pick(rng, choices)
        pretty = sp.diff(f, X)
        rule = f"Use the {rule}."
    else:  # closed forms written the way a student would (one fraction, factored), checked against diff()
        forms: list[tuple[sp.Expr, sp.Expr, str]] = [
            (X**a * sp.log(X), X ** (a - 1) * (a * sp.log(X) + 1), "product rule with d/dx ln x = 1/x"),
            (sp.sin(a * X) / (X + c), (a * (X + c) * sp.cos(a * X) - sp.sin(a * X)) / (X + c) ** 2,
             "quotient rule"),
            (sp.exp(b * X**2 + a * X), (2 * b * X + a) * sp.exp(b * X**2 + a * X), "chain rule"),
            (X / (X**2 + a), (a - X**2) / (X**2 + a) ** 2, "quotient rule"),
            (sp.sqrt(a * X + c), a / (2 * sp.sqrt(a * X + c)), "chain rule with the square root"),
            (sp.log(a * X**2 + c), 2 * a * X / (a * X**2 + c), "chain rule with d/du ln u = 1/u"),
        ]
        f, pretty, rule = pick(rng, forms)
        rule = f"Use the {rule}."
        assert _same(pretty, sp.diff(f, X))  # the printed form is the derivative
    return Draft(
        statement=f"Find $\\dfrac{{d}}{{dx}}\\left({tex(f)}\\right)$.",
        answer=plain(pretty),
        kind="expression",
        value=pretty,
        solution=f"{rule} $f'(x) = {tex(pretty)}$.",
        variables=("x",),
        answer_latex=tex(pretty),
    )


def _antiderivative(f: sp.Expr) -> sp.Expr:
    """Power rule via exact polynomial arithmetic, verified by differentiating back (also as polynomials)."""
    poly = sp.Poly(f, X)
    antider = poly.integrate()
    assert (antider.diff(X) - poly).is_zero
    return antider.as_expr()


def integral(rng: random.Random, level: int) -> Draft:
    if level == 1:
        f = _poly(rng, rng.randint(1, 3))
        antider = _antiderivative(f)  # verified by differentiation
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
        antider = _antiderivative(f)  # verified by differentiation
        value = antider.subs(X, hi) - antider.subs(X, lo)  # fundamental theorem
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
        (X * sp.exp(a * X**2), sp.exp(a * X**2) / (2 * a), "substitution $u = " + tex(a * X**2) + "$"),
        (b * sp.cos(a * X), b * sp.sin(a * X) / a, "substitution $u = " + tex(a * X) + "$"),
        (X * sp.exp(a * X), (a * X - 1) * sp.exp(a * X) / a**2, "integration by parts"),
        (sp.sin(a * X) + b * X, -sp.cos(a * X) / a + b * X**2 / 2, "a standard integral per term"),
        (b * sp.exp(-a * X) + X**2, -b * sp.exp(-a * X) / a + X**3 / 3,
         "substitution $u = " + tex(-a * X) + "$ and the power rule"),
    ]
    f, antider, method = pick(rng, choices)
    assert sp.expand(sp.diff(antider, X) - f) == 0  # verified by differentiation
    return Draft(
        statement=f"Find $$\\int {tex(f)}\\,dx$$ (include $+ C$).",
        answer=plain(antider) + " + C",
        kind="antiderivative",
        value=antider,
        solution=f"Use {method}: ${tex(antider)} + C$.",
        answer_latex=tex(antider) + " + C",
    )


def limit(rng: random.Random, level: int) -> Draft:
    value: sp.Expr
    if level == 1:
        f = _poly(rng, 2)
        point: sp.Expr = sp.Integer(rng.randint(-3, 3))
        value = f.subs(X, point)
        how = "The function is a polynomial, so substitute directly."
    elif level == 2:
        r, s = rng.sample([v for v in range(-6, 7) if v != 0], 2)
        point, value = sp.Integer(r), sp.Integer(r - s)
        f = sp.Mul(sp.expand((X - r) * (X - s)), sp.Pow(X - r, -1, evaluate=False), evaluate=False)
        how = f"Substitution gives $0/0$; factor and cancel $({tex(X - r)})$, then substitute."
    else:
        a, b = rng.randint(1, 6), rng.randint(1, 6)
        value = sp.Rational(a, b)
        if coin(rng):
            point = sp.Integer(0)
            f = sp.Mul(sp.sin(a * X), sp.Pow(b * X, -1, evaluate=False), evaluate=False)
            how = r"Use $\lim_{u\to 0} \frac{\sin u}{u} = 1$ with $u = " + tex(a * X) + "$."
        else:
            c, d = nonzero(rng, -9, 9), nonzero(rng, -9, 9)
            num, den = a * X**2 + c * X, b * X**2 + d
            f = sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
            point = sp.oo
            how = "Divide numerator and denominator by $x^2$; the leading coefficients remain."
    # verified numerically: f next to the point (or far out) is close to the value
    near = sp.Integer(10**8) if point == sp.oo else point + sp.Rational(1, 10**9)  # exact: no cancellation
    assert abs(complex(f.subs(X, near).evalf(40)) - complex(value)) < 1e-6
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
        if coin(rng):
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
        if coin(rng):
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
