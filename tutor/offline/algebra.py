"""Factor, expand and simplify (rational expressions show the common factor being cancelled)."""

from __future__ import annotations

import re

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["factor_expr", "expand_expr", "simplify_expr"]


def _root(term: sp.Expr, n: int) -> sp.Expr | None:
    """The exact n-th root of a monomial with a perfect-power coefficient, else None."""
    coeff, rest = term.as_coeff_Mul()
    if not coeff.is_Rational or coeff <= 0:
        return None
    r = sp.Rational(coeff) ** sp.Rational(1, n)
    if not r.is_Rational:
        return None
    out: sp.Expr = r
    for base, exp in rest.as_powers_dict().items():
        if base == 1:
            continue
        if not (exp.is_Integer and exp % n == 0):
            return None
        out *= base ** (exp // n)
    return out


def _pattern(q: sp.Expr, xs: set[sp.Symbol]) -> tuple[str, sp.Expr] | None:
    """Recognise one textbook pattern in ``q`` and return (rule text, partly factored form)."""
    terms = sp.Add.make_args(q)
    if len(terms) == 2:
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        neg = [-t for t in terms if t.could_extract_minus_sign()]
        if len(pos) == 1 and len(neg) == 1:
            a, b = _root(pos[0], 2), _root(neg[0], 2)
            if a is not None and b is not None:
                return (f"**Difference of squares** $a^2 - b^2 = (a - b)(a + b)$ with $a = {tex(a)}$, $b = {tex(b)}$",
                        sp.Mul(a - b, a + b, evaluate=False))
            a, b = _root(pos[0], 3), _root(neg[0], 3)
            if a is not None and b is not None:
                return (f"**Difference of cubes** $a^3 - b^3 = (a - b)(a^2 + ab + b^2)$ with $a = {tex(a)}$, "
                        f"$b = {tex(b)}$", sp.Mul(a - b, a**2 + a * b + b**2, evaluate=False))
        if len(pos) == 2:
            a, b = _root(pos[0], 3), _root(pos[1], 3)
            if a is not None and b is not None:
                return (f"**Sum of cubes** $a^3 + b^3 = (a + b)(a^2 - ab + b^2)$ with $a = {tex(a)}$, $b = {tex(b)}$",
                        sp.Mul(a + b, a**2 - a * b + b**2, evaluate=False))
    if len(xs) == 1:
        (x,) = xs
        if q.is_polynomial(x) and sp.degree(q, x) == 2:
            a, b, c = (q.coeff(x, k) for k in (2, 1, 0))
            fac = sp.factor(q)
            if fac == q:
                return None
            ra, rc = _root(a * x**2, 2), _root(c, 2) if c != 0 else None
            if ra is not None and rc is not None and b**2 == 4 * a * c:
                return ("**Perfect-square trinomial** $a^2 \\pm 2ab + b^2 = (a \\pm b)^2$", fac)
            return (f"**Trinomial** (ac method): find two numbers with product $ac = {tex(a * c)}$ and sum "
                    f"$b = {tex(b)}$, then split the middle term and group", fac)
    if len(terms) == 4:
        fac = sp.factor(q)
        if fac != q:
            return ("**Factor by grouping**: group the terms in pairs and take out each pair's common factor", fac)
    return None


def factor_expr(e: sp.Expr) -> Solution:
    """Factor completely, naming each pattern used."""
    xs = e.free_symbols
    if not e.is_polynomial(*xs) or not xs:
        raise OfflineUnsupported("The offline tutor factors polynomials.")
    target = sp.factor(e)
    steps = [Step(f"We factor {m(e)} completely.", None, "note")]
    current = sp.expand(e)
    gcf_form = sp.factor_terms(current)
    first: tuple[str, list] | None = None
    if gcf_form != current:
        g, _ = gcf_form.as_coeff_Mul() if not isinstance(gcf_form, sp.Mul) else (sp.Mul(*[
            f for f in gcf_form.args if not isinstance(f, sp.Add)]), None)
        steps.append(Step(f"**Take out the greatest common factor** {m(g)}:\n{dm(Eqn(current, gcf_form, evaluate=False))}",
                          Eqn(current, gcf_form, evaluate=False), "identity"))
        first = (f"Next step: take out the greatest common factor {m(g)}.", [g])
        current = gcf_form
    for _ in range(6):
        factors = sp.Mul.make_args(current)
        for i, f in enumerate(factors):
            base = f.base if isinstance(f, sp.Pow) and f.exp.is_Integer else f
            if not isinstance(base, sp.Add) or sp.factor(base) == base:
                continue
            found = _pattern(base, base.free_symbols)
            rule, new = found if found else ("**Factor** (find a root r and divide by (x − r))", sp.factor(base))
            if isinstance(f, sp.Pow):
                new = sp.Pow(new, f.exp, evaluate=False)
            nxt = sp.Mul(*factors[:i], new, *factors[i + 1:], evaluate=False)
            steps.append(Step(f"{rule}:\n{dm(Eqn(current, nxt, evaluate=False))}", Eqn(current, nxt,
                              evaluate=False), "identity"))
            first = first or (f"Next step: look for a pattern in {m(base)}.", [])
            current = nxt
            break
        else:
            break
    if sp.expand(current - target) != 0 or sp.factor(current) != target:
        steps.append(Step(f"**Factor** the remaining pieces:\n{dm(Eqn(current, target, evaluate=False))}",
                          Eqn(current, target, evaluate=False), "identity"))
        current = target
    if target == e or sp.expand(e) == target:
        raise OfflineUnsupported("This expression does not factor over the rationals (it is already irreducible).")
    steps.append(Step(f"**Fully factored**: {m(target)}.", Eqn(e, target, evaluate=False), "identity"))
    hints = make_hints("Goal: write the expression as a product of factors that cannot be factored further.",
                       "Method: first take out the greatest common factor, then look for a pattern: difference of "
                       "squares, perfect-square trinomial, a trinomial (ac method), sum/difference of cubes, grouping.",
                       [first or ("Next step: look for a pattern you recognise.", [])], [target],
                       "Next step: check for a common factor in every term.")
    return Solution("factor", steps, plain(target), tex(target), "expression", {"form": "factored"}, [], hints,
                    problem=e, result=target)


def _expand_rule(t: sp.Expr) -> str:
    if isinstance(t, sp.Pow) and isinstance(t.base, sp.Add) and t.exp == 2 and len(t.base.args) == 2:
        return f"square of a binomial $(a + b)^2 = a^2 + 2ab + b^2$ on {m(t)}"
    if isinstance(t, sp.Pow) and isinstance(t.base, sp.Add):
        return f"binomial theorem on {m(t)}"
    adds = [f for f in sp.Mul.make_args(t) if isinstance(f, sp.Add)]
    if len(adds) >= 2:
        return f"distribute every term of one bracket over the other (FOIL) in {m(t)}"
    return f"distributive law $a(b + c) = ab + ac$ on {m(t)}"


def expand_expr(e: sp.Expr) -> Solution:
    """Expand products and powers, then combine like terms."""
    target = sp.expand(e)
    if target == e:
        raise OfflineUnsupported("This expression is already expanded.")
    steps = [Step(f"We expand {m(e)}.", None, "note")]
    terms = sp.Add.make_args(e)
    products = [t for t in terms if sp.expand(t) != t]
    parts = [sp.expand(t) if t in products else t for t in terms]
    middle = sp.Add(*parts, evaluate=False)
    rules = "; ".join(_expand_rule(t) for t in products)
    steps.append(Step(f"**Expand** — {rules}:\n{dm(Eqn(e, middle, evaluate=False))}",
                      Eqn(e, middle, evaluate=False), "identity"))
    if sp.Add(*parts) != middle or len(products) > 1:
        steps.append(Step(f"**Combine like terms**:\n{dm(Eqn(middle, target, evaluate=False))}",
                          Eqn(middle, target, evaluate=False), "identity"))
    hints = make_hints("Goal: multiply out the brackets and combine like terms.",
                       "Method: the distributive law — multiply every term in one bracket by every term in the other; "
                       "(a + b)² = a² + 2ab + b².",
                       [(f"Next step: {_expand_rule(products[0])}.", [])], [target],
                       "Next step: multiply out the first bracket.")
    return Solution("expand", steps, plain(target), tex(target), "expression", {"form": "expanded"}, [], hints,
                    problem=e, result=target)


def _combined(e: sp.Expr, source: str | None) -> bool:
    """SymPy already combined like terms while reading ``source`` (2x + 3x − x arrives as 4x)."""
    if not source:
        return False
    squash = re.sub(r"[\s*]", "", source)
    return squash not in (re.sub(r"[\s*]", "", plain(e)), re.sub(r"[\s*]", "", str(e)))


def simplify_expr(e: sp.Expr, *, source: str | None = None) -> Solution:
    """Simplify; for a rational expression factor top and bottom and cancel the common factor."""
    steps = [Step(f"We simplify {m(e)}.", None, "note")]
    first: tuple[str, list] = ("Next step: combine everything into a single fraction, then factor.", [])
    together = sp.together(e)
    num, den = sp.fraction(together)
    syms = e.free_symbols
    if syms and num.is_polynomial(*syms) and den.is_polynomial(*syms) and den.has(*syms):
        if together != e:
            steps.append(Step(f"**Write as a single fraction** over a common denominator:\n"
                              f"{dm(Eqn(e, together, evaluate=False))}", Eqn(e, together, evaluate=False),
                              "identity"))
        fn, fd = sp.factor(num), sp.factor(den)
        shown = sp.Mul(fn, sp.Pow(fd, -1, evaluate=False), evaluate=False)
        if (fn, fd) != (num, den):
            steps.append(Step(f"**Factor the numerator and the denominator**:\n"
                              f"{dm(Eqn(e, shown, evaluate=False))}", Eqn(e, shown, evaluate=False), "identity"))
        g = sp.gcd(num, den)
        result = sp.factor(sp.cancel(together))
        if g.has(*syms):
            steps.append(Step(f"**Cancel the common factor** {m(sp.factor(g))} (allowed where "
                              f"{m(sp.Ne(sp.factor(g), 0))}):\n{dm(Eqn(shown, result, evaluate=False))}",
                              Eqn(shown, result, evaluate=False), "identity"))
            first = ("Next step: factor the numerator and the denominator and look for a common factor.", [])
        kind_note = "fraction"
    else:
        result = sp.simplify(e)
        if result == e and _combined(e, source) and e.is_polynomial(*syms):
            steps[0] = Step(f"We simplify ${source}$.", None, "note")
            steps.append(Step(f"**Combine like terms** (add the coefficients of matching powers): {m(e)}.",
                              Eqn(e, sp.expand(e)), "identity"))
            hints = make_hints("Goal: write the expression in its simplest form.",
                               "Method: like terms have the same variables to the same powers; add their coefficients.",
                               [("Next step: group the terms with the same power of the variable.", [])], [e],
                               "Next step: group like terms.")
            return Solution("simplify", steps, plain(e), tex(e), "expression", {"form": "simplified"}, [], hints,
                            problem=e, result=e)
        if sp.count_ops(result) >= sp.count_ops(e) and result == e:
            raise OfflineUnsupported("The offline tutor found no simpler form for this expression.")
        trig = e.has(sp.sin, sp.cos, sp.tan)
        rule = ("**Apply trigonometric identities** (e.g. $\\sin^2 x + \\cos^2 x = 1$)" if trig
                else "**Combine like terms and apply the exponent and logarithm laws**")
        steps.append(Step(f"{rule}:\n{dm(Eqn(e, result, evaluate=False))}", Eqn(e, result, evaluate=False),
                          "identity"))
        first = ("Next step: look for an identity or like terms that combine.", [])
        kind_note = "simplified"
    if result == e:
        raise OfflineUnsupported("This expression is already in simplest form.")
    steps.append(Step(f"**Simplified**: {m(result)}.", None, "note"))
    hints = make_hints("Goal: write the expression in its simplest form.",
                       "Method: for fractions, factor the numerator and denominator completely and cancel common "
                       "factors; otherwise combine like terms and use identities.", [first], [result],
                       "Next step: factor what you can.")
    return Solution("simplify", steps, plain(result), tex(result), "expression", {"form": "simplified"}, [], hints,
                    problem=e, result=result, extra={"form_note": kind_note})
