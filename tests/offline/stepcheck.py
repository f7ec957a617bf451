"""Independent re-verification of every worked step: each Step.expr is recomputed with SymPy.

Kept separate from the engine on purpose: it trusts nothing the engine computed except the claims themselves.
"""

from __future__ import annotations

import random
from typing import Any

import sympy as sp

from tutor.offline import Solution, Step

_RNG = random.Random(20261129)


def _numbers_close(a: Any, b: Any, tol: float = 1e-7) -> bool:
    if getattr(a, "is_infinite", False) or getattr(b, "is_infinite", False):
        return bool(a == b)
    try:
        ca, cb = complex(sp.N(a, 30)), complex(sp.N(b, 30))
    except (TypeError, ValueError):
        return False
    return abs(ca - cb) <= tol * (1 + abs(cb))


def _points(symbols: set[sp.Symbol], n: int = 6) -> list[dict[sp.Symbol, sp.Expr]]:
    pts = []
    for _ in range(n):
        pts.append({s: sp.Rational(_RNG.randint(110, 290), 100) for s in symbols})
    return pts


def identity_holds(a: Any, b: Any) -> bool:
    """``a == b`` for every value of the free symbols (numerically at random points, after doit)."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase) or isinstance(a, sp.MatrixExpr):
        ma, mb = sp.Matrix(a.doit() if hasattr(a, "doit") else a), sp.Matrix(b.doit() if hasattr(b, "doit") else b)
        return ma.shape == mb.shape and all(sp.simplify(u - v) == 0 for u, v in zip(ma, mb, strict=True))
    a, b = sp.sympify(a).doit(), sp.sympify(b).doit()
    syms = (a.free_symbols | b.free_symbols)
    if not syms or a.is_infinite or b.is_infinite:
        return _numbers_close(a, b)
    good = 0
    for env in _points(syms):
        try:
            va, vb = complex(sp.N(a.subs(env), 30)), complex(sp.N(b.subs(env), 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not (abs(va - vb) <= 1e-7 * (1 + abs(vb))):
            return False
        good += 1
    return good >= 3


def antiderivative_holds(claim: sp.Equality) -> bool:
    integral, F = claim.lhs, claim.rhs
    assert isinstance(integral, sp.Integral), claim
    f, (v, *_) = integral.function, integral.limits[0]
    # differentiate with respect to a *real* variable so ln|u| has the derivative 1/u (SymPy's Abs on a complex
    # symbol has no usable derivative); compare on both sides of 0 (points in 1.1..2.9 and their negatives)
    r = sp.Symbol(f"{v}_real", real=True)
    dF, fr = sp.diff(F.subs(v, r), r), f.subs(v, r)
    pos = identity_holds(dF, fr)
    if not pos or not F.has(sp.Abs):
        return pos
    return identity_holds(dF.subs(r, -r), fr.subs(r, -r))


def _satisfied(claim: Any, sol: Solution) -> bool:
    """The solution set of the problem satisfies (and, for one unknown, exactly solves) ``claim``."""
    x = sol.variable
    if sol.family == "system":
        values = sol.result
        eqs = claim.args if isinstance(claim, sp.Tuple) else (claim,)
        return all(_numbers_close(e.lhs.subs(values), e.rhs.subs(values)) for e in eqs)
    if sol.family == "inequality":
        got = claim.as_set().intersect(sp.S.Reals)
        return bool(got == sol.result)
    if not isinstance(sol.result, sp.FiniteSet):  # ∅ or ℝ: the variable cancelled
        return bool(sp.solveset(sp.Eq(claim.lhs, claim.rhs), x, sp.S.Reals) == sol.result)
    domain = sp.S.Reals if sol.family == "absolute_value" else sp.S.Complexes
    got = sp.solveset(sp.Eq(claim.lhs, claim.rhs), x, domain)
    return sets_equal(got, sol.result)


def sets_equal(a: Any, b: Any) -> bool:
    a, b = list(sp.FiniteSet(*a)), list(sp.FiniteSet(*b))
    return len(a) == len(b) and all(any(_numbers_close(u, v) for v in b) for u in a)


def check_step(step: Step, sol: Solution) -> None:
    role, e = step.role, step.expr
    if role == "note":
        return
    assert e is not None, f"step with role {role!r} has no claim: {step.text!r}"
    claims = list(e.args) if isinstance(e, sp.Tuple) and role in ("identity", "antiderivative", "value") else [e]
    for c in claims:
        if role == "identity":
            assert identity_holds(c.lhs, c.rhs), f"false identity in step {step.text!r}: {c}"
        elif role == "antiderivative":
            assert antiderivative_holds(c), f"false antiderivative in step {step.text!r}: {c}"
        elif role == "value":
            assert _numbers_close(c.lhs, c.rhs), f"false value in step {step.text!r}: {c}"
        elif role == "zeros":
            assert all(_numbers_close(v, 0) for v in c), f"non-zero in step {step.text!r}: {c}"
        elif role == "solutions":
            expected = sol.result
            if isinstance(c, sp.Set) and not isinstance(c, sp.FiniteSet):
                assert c == expected, f"wrong interval in step {step.text!r}: {c} vs {expected}"
            else:
                domain = sp.S.Reals if sol.family in ("absolute_value",) else sp.S.Complexes
                eq = sol.problem
                truth = sp.solveset(sp.Eq(eq.lhs, eq.rhs), sol.variable, domain)
                assert sets_equal(c, truth), f"wrong solution set in step {step.text!r}: {c} vs {truth}"
        elif role in ("equivalent", "consequence"):
            assert _satisfied(c, sol), f"step not equivalent to the problem: {step.text!r}: {c}"
        elif role == "ode":
            x = sp.Symbol("x")
            y = sp.Function("y")(x)
            ode = sol.problem
            candidate = sp.Eq(y, c.rhs)
            assert sp.checkodesol(ode, candidate)[0] is True, f"ODE step fails: {step.text!r}: {c}"
        else:  # pragma: no cover - a new role must be taught to this checker
            raise AssertionError(f"unknown step role {role!r}")


def check_solution_steps(sol: Solution) -> int:
    """Re-verify every step; returns how many claims were checked (a solution must make at least one)."""
    n = 0
    for step in sol.steps:
        assert step.text.strip(), "empty step"
        check_step(step, sol)
        n += step.role != "note"
    return n
