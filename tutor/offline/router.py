"""Read a problem (free text or LaTeX) and send it to the right family engine.

All text → SymPy goes through ``tutor.check.parse_math`` (the safe parser); this module only cuts the problem
into pieces with regular expressions (keywords, bounds, variables) and never evaluates text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy as sp

from ..errors import AnswerParseError, OfflineUnsupported
from ._types import Solution

__all__ = ["route", "CAPABILITIES"]

CAPABILITIES = (
    "linear, quadratic and polynomial equations, systems of linear equations, inequalities and |x| equations, "
    "factor / expand / simplify, derivatives, integrals (definite too), limits, Taylor series, first-order ODEs, "
    "determinants / inverses / row reduction, unit conversions, arithmetic and combinatorics"
)
MAX_LEN = 1000
_I = re.IGNORECASE
_LEAD = re.compile(r"^(?:please\s+|can you\s+|could you\s+)*(?:(?:find|compute|calculate|determine|work out|"
                   r"what is|what's|give)\s+(?:me\s+)?)?", _I)


def _parse(text: str, what: str = "the problem") -> Any:
    text = text.strip().strip(",;:.?").strip()
    if not text:
        raise OfflineUnsupported(f"I couldn't find {what} in the problem.")
    try:
        from ..check import parse_math

        return parse_math(text)
    except AnswerParseError as exc:
        raise OfflineUnsupported(f"I couldn't read {what} ({text!r}): {exc}") from exc


def _clean(problem: str) -> str:
    text = problem.strip()
    for a, b in (("\\(", ""), ("\\)", ""), ("\\[", ""), ("\\]", ""), ("$", ""), ("\\displaystyle", ""),
                 ("\\,", " "), ("\\;", " "), ("\\!", ""), ("−", "-"), ("→", "->"), ("\\to", "->"),
                 ("\\rightarrow", "->"), ("\\infty", "oo"), ("∞", "oo")):
        text = text.replace(a, b)
    text = re.sub(r"\s+", " ", text).strip().rstrip(".?").strip()  # not "!": 5! is a factorial
    return text


def _symbol(expr: Any, hint: str | None = None) -> sp.Symbol:
    if hint:
        return sp.Symbol(hint)
    syms = sorted(getattr(expr, "free_symbols", set()), key=lambda s: s.name)
    if not syms:
        raise OfflineUnsupported("There is no variable in this problem.")
    for name in ("x", "t", "y", "z", "n"):
        if any(s.name == name for s in syms):
            return next(s for s in syms if s.name == name)
    return syms[0]


Plan = Callable[[bool], Solution]


def route(problem: str) -> Plan:
    """A zero-argument-ish plan ``plan(plots) -> Solution``; raises ``OfflineUnsupported`` for anything else."""
    if len(problem) > MAX_LEN:
        raise OfflineUnsupported(f"The problem is too long for the offline tutor ({len(problem)} characters).")
    text = _clean(problem)
    text = re.sub(r"^use\s+(?:the\s+)?[\w' -]{3,40}?\s+to\s+", "", text, flags=_I)  # "Use the quadratic formula to solve …"
    body = _LEAD.sub("", text)
    calculus = re.sub(r"^evaluate\s+", "", body, flags=_I)  # "Evaluate \int_0^1 …" is an integral
    calculus = re.sub(r"^(?:the\s+)?limit\s+(?=\\?lim\b|\\?lim_)", "", calculus, flags=_I)
    for matcher in (_units, _matrix, _taylor, _derivative, _ode, _integral, _limit, _algebra, _combinatorics,
                    _evaluate, _system, _solve):
        plan = matcher(calculus if matcher in (_derivative, _integral, _limit) else body)
        if plan is not None:
            return plan
    raise OfflineUnsupported("I can't solve this kind of problem offline")


# ---------------------------------------------------------------- units, matrices, series


_UNITS = re.compile(r"^(?:convert|change|express)\s+(?P<num>[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?)\s*(?P<src>.+?)\s+"
                    r"(?:to|into|in)\s+(?P<dst>[^\d].*)$", _I)
_UNITS2 = re.compile(r"^(?:how many)\s+(?P<dst>.+?)\s+(?:is|are|in)\s+(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<src>.+)$",
                     _I)


def _units(text: str) -> Plan | None:
    mt = _UNITS.match(text) or _UNITS2.match(text)
    if not mt:
        return None
    from .units import convert

    value = sp.Rational(mt["num"].replace(",", ""))
    src, dst = mt["src"], mt["dst"]
    return lambda plots: convert(value, src, dst)


_MATRIX = re.compile(r"^(?:the\s+)?(?P<op>determinant|det|inverse|row[- ]reduce|rref|reduced row[- ]echelon form)"
                     r"(?:\s+of)?(?:\s+the\s+matrix)?\s*(?P<m>.+)$", _I)


def _matrix(text: str) -> Plan | None:
    mt = _MATRIX.match(text)
    if not mt:
        return None
    m = mt["m"].strip()
    if m.startswith("(") and m.endswith(")") and m[1:2] in "[\\":
        m = m[1:-1]
    mat = _parse(m, "the matrix")
    if not isinstance(mat, sp.MatrixBase):
        raise OfflineUnsupported("Write the matrix as [[1, 2], [3, 4]] (rows in brackets).")
    from .matrices import determinant, inverse, row_reduce

    op = mt["op"].lower()
    fn = determinant if op.startswith("det") else inverse if op == "inverse" else row_reduce
    a = sp.Matrix(mat)
    return lambda plots: fn(a)


_TAYLOR = re.compile(r"^(?:the\s+)?(?:(?P<kind>taylor|maclaurin)\s+(?:series|polynomial|expansion))(?P<rest>.*)$", _I)
_POINT = re.compile(r"\s+(?:around|about|at|centered at|centred at|near)\s+(?:(?P<v>[a-z])\s*=\s*)?(?P<a>[^\s,]+)", _I)
_ORDER = re.compile(r",?\s+(?:(?:up\s+)?to|through|of|with)\s+(?:the\s+)?(?:(?:(?:[a-z]|\([^()]*\))\s*\^\s*\{?(?P<n1>\d+)\}?)|(?:(?:order|"
                    r"degree)\s+(?P<n2>\d+))|(?:(?P<n3>\d+)\s*(?:st|nd|rd|th)?\s+(?:order|degree)))(?:\s+terms?)?", _I)


def _taylor(text: str) -> Plan | None:
    mt = _TAYLOR.match(text)
    if not mt:
        return None
    rest = mt["rest"]
    matches = list(_ORDER.finditer(rest))
    order = matches[-1] if matches else None  # the last one: "of x^3 … up to (x-2)^3"
    n = int(next(g for g in order.groups() if g)) if order else 4
    if order:
        rest = rest[: order.start()] + rest[order.end():]
    point = _POINT.search(rest)
    a_text = point["a"] if point else "0"
    if point:
        rest = rest[: point.start()] + rest[point.end():]
    rest = re.sub(r"^\s*(?:of|for)\s+", "", rest.strip(), flags=_I)
    rest = re.sub(r"^[a-z]\s*\(\s*[a-z]\s*\)\s*=\s*", "", rest, flags=_I)
    f = _parse(rest, "the function")
    x = _symbol(f, point["v"] if point and point["v"] else None)
    a = _parse(a_text, "the expansion point")
    from .series import taylor

    return lambda plots: taylor(f, x, a, n)


# ---------------------------------------------------------------- calculus

_ORD = {"first": 1, "second": 2, "third": 3, "2nd": 2, "3rd": 3, "1st": 1}
_DERIV = re.compile(r"^(?:the\s+)?(?:(?P<ord>first|second|third|1st|2nd|3rd)\s+)?derivative\s+(?:of\s+)?(?P<f>.+)$", _I)
_DIFF = re.compile(r"^differentiate\s+(?P<f>.+)$", _I)
_DDX = re.compile(r"^(?:d/d(?P<v>[a-z])|\\frac\{d\}\{d(?P<v2>[a-z])\}|d\s*/\s*d(?P<v3>[a-z]))\s*(?P<f>.+)$", _I)
_WRT = re.compile(r"\s+(?:with respect to|w\.?r\.?t\.?)\s+(?P<v>[a-z])\b", _I)
_AT = re.compile(r"\s+(?:at|when|where)\s+(?P<v>[a-z])\s*=\s*(?P<a>.+)$", _I)
_FPRIME = re.compile(r"^(?P<name>[a-z])\s*(?P<pr>'+|\\prime)\s*\(\s*(?P<v>[a-z])\s*\)\s*(?:if|for|when|where|given)\s+"
                     r"(?P=name)\s*\(\s*(?P=v)\s*\)\s*=\s*(?P<f>.+)$", _I)
_DYDX = re.compile(r"^(?:dy\s*/\s*dx|\\frac\{dy\}\{dx\}|y\s*')\s*(?:if|for|when|where|given)\s+y\s*=\s*(?P<f>.+)$", _I)
_FDEF = re.compile(r"^(?:[a-z]\s*\(\s*[a-z]\s*\)|y)\s*=\s*", _I)


def _derivative(text: str) -> Plan | None:
    order, var = 1, None
    mt = _DERIV.match(text) or _DIFF.match(text) or _FPRIME.match(text) or _DYDX.match(text)
    if mt:
        f_text = mt["f"]
        if mt.re is _DERIV and mt["ord"]:
            order = _ORD[mt["ord"].lower()]
        if mt.re is _FPRIME:
            var, order = mt["v"], max(1, min(3, len(mt["pr"]) if mt["pr"].startswith("'") else 1))
    else:
        mt = _DDX.match(text)
        if not mt:
            return None
        f_text, var = mt["f"], mt["v"] or mt["v2"] or mt["v3"]
    at = None
    am = _AT.search(f_text)
    if am:
        at = _parse(am["a"], "the point")
        f_text = f_text[: am.start()]
    wm = _WRT.search(f_text)
    if wm:
        var = wm["v"]
        f_text = f_text[: wm.start()] + f_text[wm.end():]
    f_text = _FDEF.sub("", f_text.strip())
    if f_text.startswith("[") and f_text.endswith("]"):
        f_text = f_text[1:-1]
    f = _parse(f_text, "the function")
    if not isinstance(f, sp.Expr):
        raise OfflineUnsupported("Give the function to differentiate as an expression, e.g. x^2 sin(x).")
    x = _symbol(f, var)
    from .derivatives import differentiate

    return lambda plots: differentiate(f, x, order=order, at=at, plots=plots)


_INT = re.compile(r"^(?:(?:the\s+)?(?:definite\s+|indefinite\s+)?(?:integral|antiderivative)\s+(?:of\s+)?|integrate\s+|"
                  r"(?:the\s+)?area\s+under\s+(?:the\s+(?:curve|graph)\s+(?:of\s+)?)?(?:y\s*=\s*)?|∫|\\int)(?P<rest>.+)$", _I)
_BOUNDS = re.compile(r",?\s+(?:from|between)\s+(?:(?P<v>[a-z])\s*=\s*)?(?P<a>.+?)\s+(?:to|and)\s+(?:[a-z]\s*=\s*)?"
                     r"(?P<b>.+)$", _I)
_LATEX_BOUNDS = re.compile(r"^\s*_\s*(?:\{(?P<a1>[^}]*)\}|(?P<a2>[^\s^{]+))\s*\^\s*(?:\{(?P<b1>[^}]*)\}|(?P<b2>\S))")
_DX = re.compile(r"(?:\\,|\s)*\bd(?P<v>[a-z])\s*$", _I)


def _integral(text: str) -> Plan | None:
    mt = _INT.match(text)
    if not mt:
        return None
    rest = mt["rest"]
    lower = upper = None
    lb = _LATEX_BOUNDS.match(rest)
    if lb:
        lower, upper = lb["a1"] or lb["a2"], lb["b1"] or lb["b2"]
        rest = rest[lb.end():]
    bm = _BOUNDS.search(rest)
    if bm:
        lower, upper = bm["a"], bm["b"]
        rest = rest[: bm.start()]
    var = None
    dm_ = _DX.search(rest)
    if dm_:
        var = dm_["v"]
        rest = rest[: dm_.start()]
    wm = _WRT.search(rest)
    if wm:
        var = wm["v"]
        rest = rest[: wm.start()] + rest[wm.end():]
    if upper is not None:
        dx2 = _DX.search(upper)
        if dx2:
            upper = upper[: dx2.start()]
    f = _parse(rest, "the integrand")
    if not isinstance(f, sp.Expr):
        raise OfflineUnsupported("Give the integrand as an expression, e.g. integrate x^2 dx.")
    x = _symbol(f, var) if f.free_symbols or var else sp.Symbol("x")
    a = _parse(lower, "the lower bound") if lower is not None else None
    b = _parse(upper, "the upper bound") if upper is not None else None
    from .integrals import integrate_expr

    return lambda plots: integrate_expr(f, x, a, b, plots=plots)


_LIM1 = re.compile(r"^(?:the\s+)?\\?lim(?:it)?\s*(?:_\s*[{(]?|\(|\s+(?:as\s+)?)(?P<v>[a-z])\s*(?:->|approaches|tends to|goes to)"
                   r"\s*(?P<a>[^\s})]+)\s*[})]?\s*(?:of\s+)?(?P<f>.+)$", _I)
_LIM2 = re.compile(r"^(?:the\s+)?limit\s+(?:of\s+)?(?P<f>.+?),?\s+as\s+(?P<v>[a-z])\s*(?:->|approaches|tends to|goes to)"
                   r"\s*(?P<a>.+)$", _I)


def _limit(text: str) -> Plan | None:
    mt = _LIM1.match(text) or _LIM2.match(text)
    if not mt:
        return None
    a_text = mt["a"].strip()
    a_text = {"infinity": "oo", "+oo": "oo", "-infinity": "-oo"}.get(a_text.lower(), a_text)
    f = _parse(mt["f"], "the function")
    a = _parse(a_text, "the limit point")
    if not isinstance(f, sp.Expr):
        raise OfflineUnsupported("Give the function as an expression, e.g. lim x->0 sin(x)/x.")
    x = sp.Symbol(mt["v"])
    from .limits import limit_expr

    return lambda plots: limit_expr(f, x, a, plots=plots)


# ---------------------------------------------------------------- algebra, arithmetic

_ALG = re.compile(r"^(?P<op>factor(?:ise|ize)?|expand|simplify|reduce)\s+(?:and\s+simplify\s+)?(?:completely\s+)?"
                  r"(?:the\s+expression\s+)?"
                  r"(?P<e>.+?)(?:\s+completely)?$", _I)


def _algebra(text: str) -> Plan | None:
    mt = _ALG.match(text)
    if not mt:
        return None
    e = _parse(mt["e"], "the expression")
    if not isinstance(e, sp.Expr):
        return None
    if not e.free_symbols:
        from .arithmetic import evaluate, prime_factors

        src = mt["e"]
        if mt["op"].lower().startswith("factor") and e.is_Integer:
            n = int(e)
            return lambda plots: prime_factors(n)
        return lambda plots: evaluate(src, e)
    from .algebra import expand_expr, factor_expr, simplify_expr

    op = mt["op"].lower()
    if op.startswith("factor"):
        return lambda plots: factor_expr(e)
    if op == "expand":
        return lambda plots: expand_expr(e)
    src = mt["e"]
    return lambda plots: simplify_expr(e, source=src)


_CHOOSE = [re.compile(r"^(?P<n>\d+)\s*(?:choose|c)\s*(?P<k>\d+)$", _I),
           re.compile(r"^(?:c|ncr|binomial)\s*\(\s*(?P<n>\d+)\s*,\s*(?P<k>\d+)\s*\)$", _I),
           re.compile(r"^\\binom\{(?P<n>\d+)\}\{(?P<k>\d+)\}$", _I),
           re.compile(r"^(?:the number of |how many )?ways to choose (?P<k>\d+) (?:\w+ )?(?:from|of|out of) (?P<n>\d+)"
                      r".*$", _I)]
_PERM = [re.compile(r"^(?:p|npr)\s*\(\s*(?P<n>\d+)\s*,\s*(?P<k>\d+)\s*\)$", _I),
         re.compile(r"^(?P<n>\d+)\s*p\s*(?P<k>\d+)$", _I),
         re.compile(r"^(?:the number of |how many )?ways to arrange (?P<k>\d+) (?:\w+ )?(?:from|of|out of) (?P<n>\d+)"
                    r".*$", _I)]


def _combinatorics(text: str) -> Plan | None:
    body = re.sub(r"^(?:evaluate|compute|calculate)\s+", "", text, flags=_I)
    from .arithmetic import combinations, permutations

    for rx in _CHOOSE:
        mt = rx.match(body)
        if mt:
            n, k = int(mt["n"]), int(mt["k"])
            return lambda plots: combinations(n, k)
    for rx in _PERM:
        mt = rx.match(body)
        if mt:
            n, k = int(mt["n"]), int(mt["k"])
            return lambda plots: permutations(n, k)
    return None


_PERCENT = re.compile(r"^(?:evaluate\s+|compute\s+|calculate\s+)?(?P<p>\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\s+"
                      r"(?P<n>\d+(?:\.\d+)?)$", _I)


def _evaluate(text: str) -> Plan | None:
    pm = _PERCENT.match(text)
    if pm:
        from .arithmetic import percent_of

        p, n = sp.Rational(pm["p"]), sp.Rational(pm["n"])
        return lambda plots: percent_of(p, n)
    mt = re.match(r"^(?:evaluate|compute|calculate|what is)\s+(?P<e>.+)$", text, _I)
    src = mt["e"] if mt else text
    if not mt and (re.search(r"[a-z]{2,}", src, _I) or "=" in src):
        return None
    try:
        from ..check import parse_math

        value = parse_math(src)
    except AnswerParseError:
        if mt:
            raise OfflineUnsupported(f"I couldn't read the expression {src!r}.") from None
        return None
    if not isinstance(value, sp.Expr) or value.free_symbols:
        return None
    from .arithmetic import evaluate

    return lambda plots: evaluate(src, value)


# ---------------------------------------------------------------- equations

_SOLVE = re.compile(r"^(?:solve for [a-z]\s*(?::|in\b)|solve|find (?:the )?(?:solutions?|roots?|zeros?) (?:of|to|for)?|find all [a-z]+ "
                    r"(?:such that|with|for which)|find [a-z] (?:such that|if|when)|[a-z] such that|(?:what|which) values? of [a-z] (?:satisfy|satisfies|"
                    r"solves?))\s*(?:the\s+)?(?:(?:simultaneous|linear)\s+)?(?:(?:system|equations?|inequality|"
                    r"differential equation)(?:\s+of\s+equations)?\s*)?:?\s*(?P<e>.+)$", _I)
_ROOTS = re.compile(r"^(?:the\s+|all\s+(?:the\s+)?)?(?:real\s+)?(?:roots|zeros|zeroes|solutions|x-intercepts?)\s+(?:of|to)\s+"
                    r"(?:(?:y|[a-z]\s*\(\s*x\s*\))\s*=\s*)?(?P<e>.+)$", _I)
_FOR = re.compile(r"\s+for\s+(?P<v>[a-z](?:\s*(?:,|and)\s*[a-z])*)\s*$", _I)
_SPLIT = re.compile(r"\s*(?:;|\\\\|\band\b|,(?=[^,]*[=<>]))\s*")


def _split_equations(text: str) -> list[str]:
    text = re.sub(r"\\begin\{(?:cases|aligned|array)\}(?:\{[^}]*\})?|\\end\{(?:cases|aligned|array)\}|&", " ", text)
    text = text.strip().strip("{}").strip()
    return [p for p in _SPLIT.split(text) if p.strip()]


def _system(text: str) -> Plan | None:
    mt = _SOLVE.match(text)
    body = mt["e"] if mt else text
    if body.count("=") - body.count("<=") - body.count(">=") < 2 or re.search(r"[<>≤≥]", body):
        return None
    fm = _FOR.search(body)
    if fm:
        body = body[: fm.start()]
    parts = _split_equations(body)
    if len(parts) < 2:
        return None
    eqs = [_parse(p, "an equation") for p in parts]
    if not all(isinstance(e, sp.Equality) for e in eqs):
        return None
    syms = sorted(set().union(*[e.free_symbols for e in eqs]), key=lambda s: s.name)
    if fm:
        syms = [sp.Symbol(v) for v in re.split(r"\s*(?:,|and)\s*", fm["v"])]
    from .systems import solve_system

    return lambda plots: solve_system(eqs, syms, plots=plots)


def _solve(text: str) -> Plan | None:
    mt = _SOLVE.match(text) or _ROOTS.match(text)
    body = mt["e"] if mt else text
    var = None
    fm = _FOR.search(body)
    if fm and len(fm["v"]) == 1:
        var = fm["v"]
        body = body[: fm.start()]
    obj = _parse(body, "the equation") if mt else _try_parse(body)
    if obj is None:
        return None
    if isinstance(obj, sp.Expr) and mt and obj.free_symbols:
        obj = sp.Eq(obj, 0)  # "find the roots of x^2 - 4"
    if isinstance(obj, sp.Equality):
        return _equation(obj, var)
    if isinstance(obj, sp.core.relational.Relational) and not isinstance(obj, sp.Ne):
        x = _symbol(obj, var)
        from .inequalities import solve_inequality

        return lambda plots: solve_inequality(obj, x)
    return None


def _try_parse(text: str) -> Any:
    try:
        from ..check import parse_math

        return parse_math(text)
    except AnswerParseError:
        return None


def _equation(eq: sp.Equality, var: str | None) -> Plan:
    x = _symbol(eq, var)
    if len(eq.free_symbols) > 1 and var is None:
        raise OfflineUnsupported("This equation has several unknowns: say which to solve for ('… for y') or give a "
                                 "system with one equation per unknown.")
    if eq.has(sp.Abs):
        from .inequalities import solve_abs_equation

        return lambda plots: solve_abs_equation(eq, x)
    diff = sp.expand(eq.lhs - eq.rhs)
    if not diff.is_polynomial(x):
        raise OfflineUnsupported("The offline tutor solves polynomial, absolute-value and linear-system equations; "
                                 "this one (rational, exponential or trigonometric) needs R1.")
    degree = sp.degree(diff, x)
    if degree > 12:
        raise OfflineUnsupported("The polynomial's degree is too high for the offline tutor.")
    if degree == 1:
        from .linear import solve_linear

        return lambda plots: solve_linear(eq, x)
    if degree == 2:
        from .quadratic import solve_quadratic

        return lambda plots: solve_quadratic(eq, x, plots=plots)
    if degree >= 3:
        from .polyroots import solve_polynomial

        return lambda plots: solve_polynomial(eq, x)
    from .linear import solve_linear

    return lambda plots: solve_linear(eq, x)  # degree 0: identity / contradiction, explained there


# ---------------------------------------------------------------- ODEs

_PRIME = re.compile(r"(?:\\frac\{dy\}\{dx\}|\\frac\{d y\}\{d x\}|dy\s*/\s*dx|y\s*'|y\s*\\prime|y_x)")
_IC = re.compile(r",?\s*(?:with\s+|given\s+|where\s+|and\s+)?y\s*\(\s*(?P<x0>[^)]+)\)\s*=\s*(?P<y0>[^,;]+)", _I)


def _ode(text: str) -> Plan | None:
    if not _PRIME.search(text):
        return None
    body = re.sub(r"^(?:solve|(?:find\s+)?(?:the\s+)?(?:general\s+|particular\s+)?solution\s+(?:of|to))\s*(?:the\s+)?(?:differential\s+"
                  r"equation|ode|ivp|initial value problem)?\s*:?\s*", "", text, flags=_I)
    x0 = y0 = None
    ic = _IC.search(body)
    if ic:
        x0, y0 = _parse(ic["x0"], "the initial point"), _parse(ic["y0"], "the initial value")
        body = body[: ic.start()] + body[ic.end():]
    used = set(re.findall(r"[A-Za-z]", body))
    letter = next(c for c in "QWKRSU" if c not in used)
    eq = _parse(_PRIME.sub(f" {letter} ", body), "the differential equation")
    if not isinstance(eq, sp.Equality):
        raise OfflineUnsupported("Write the differential equation with '=', e.g. y' = 2y, y(0) = 3.")
    q, x, y = sp.Symbol(letter), sp.Symbol("x"), sp.Symbol("y")
    sols = sp.solve(eq.lhs - eq.rhs, q)
    if len(sols) != 1 or (eq.free_symbols - {q, x, y}):
        raise OfflineUnsupported("The offline tutor solves first-order ODEs in y(x) that can be written y' = g(x, y).")
    g = sols[0]
    from .odes import solve_ode

    return lambda plots: solve_ode(g, x, y, x0=x0, y0=y0)
