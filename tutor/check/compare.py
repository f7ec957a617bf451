"""Answer tests, one small named comparison per kind. Each returns an Outcome (correct, note)."""

from __future__ import annotations

import cmath
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor.check._numeric import Undefined, close, evaluate, numbers_equal, sample_points

__all__ = ["Outcome", "expr_equal", "compare_expression", "compare_number", "compare_equation", "compare_set",
           "compare_list", "compare_matrix", "compare_antiderivative", "solution_values", "solved_for", "not_solved_for"]
# Intervals and inequalities live in tutor.check._intervals.


@dataclass(frozen=True)
class Outcome:
    correct: bool
    note: str
    detail: str = ""


# (rtol, atol) for comparing numbers inside sets, lists, intervals and matrices when the caller gave them
TOLERANCE: ContextVar[tuple[float | None, float | None] | None] = ContextVar("TOLERANCE", default=None)
OK = Outcome(True, "correct")
NO = Outcome(False, "incorrect")
_POINTS = 10
_NEEDED = 5


def _seed(a: Any, b: Any) -> int:
    return int(hashlib.blake2b(f"{a}|{b}".encode(), digest_size=4).hexdigest(), 16)


def _int_symbols(*exprs: Any) -> set[sp.Symbol]:
    out: set[sp.Symbol] = set()
    for e in exprs:
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.factorial | sp.binomial | sp.floor | sp.ceiling | sp.Mod):
                out |= node.free_symbols
            elif isinstance(node, sp.Sum | sp.Product):
                for _, lo, hi in node.limits:
                    out |= lo.free_symbols | hi.free_symbols
    return out


def expr_equal(a: Any, b: Any, *, rtol: float = 1e-8, symbolic: bool = True) -> bool | None:
    """True/False when decided (exact, then at random points, then symbolically); None when unknown."""
    if a == b:
        return True
    if not (isinstance(a, sp.Expr) and isinstance(b, sp.Expr)):
        return None
    if a.is_Rational and b.is_Rational:
        return False  # two different exact numbers
    syms = a.free_symbols | b.free_symbols
    if not syms:
        eq = numbers_equal(a, b)
        if eq is not None or not symbolic:
            return eq
    else:
        good = 0
        for pt in sample_points(syms, _POINTS, _seed(a, b), integer=_int_symbols(a, b)):
            try:
                va = evaluate(a, pt)
                vb = evaluate(b, pt)
            except Undefined:
                continue
            # a point where one side is real and the other not counts as a difference: different real
            # domains (ln(x^2) vs 2 ln x, ln x + ln y vs ln(xy)) are different answers
            if not close(va, vb, rtol=rtol):
                return False
            good += 1
        # every point is tried (not the first few that agree): the draw covers both signs, near 0 and larger
        if good >= _NEEDED:
            return True
        if not symbolic:
            return None
    # the numbers could not decide: SymPy, under the caller's time bound (we run in the bounded worker)
    try:
        d = sp.simplify(a - b)
        if d == 0:
            return True
        eq2 = a.equals(b)
        return bool(eq2) if eq2 is not None else None
    except (TypeError, ValueError, NotImplementedError, ZeroDivisionError):
        return None


def compare_expression(ans: Any, exp: Any) -> Outcome:
    eq = expr_equal(ans, exp)
    if eq:
        return OK
    if isinstance(ans, sp.Expr) and expr_equal(ans, -exp, symbolic=False) and exp != 0:
        return Outcome(False, "sign_error")
    if eq is None:
        return Outcome(False, "incorrect", "I could not confirm that this is equivalent.")
    return NO


def compare_number(ans: Any, exp: Any, *, raw: str = "", rtol: float | None = None, atol: float | None = None,
                   sigfigs: int | None = None) -> Outcome:
    from tutor.check.forms import decimal_info, round_sig

    if not isinstance(ans, sp.Expr) or ans.free_symbols:
        return Outcome(False, "wrong_kind", "A number is expected here.")
    try:
        va, vb = complex(sp.N(ans, 20)), complex(sp.N(exp, 20))
    except (TypeError, ValueError):
        return compare_expression(ans, exp)
    if not (cmath.isfinite(va) and cmath.isfinite(vb)):
        # oo, -oo, a limit that diverges: no tolerance, rounding or sigfigs applies
        if numbers_equal(ans, exp):
            return OK
        return Outcome(False, "sign_error") if va == -vb else NO
    info = decimal_info(raw)
    if sigfigs is not None:
        if info is None:
            return Outcome(False, "sigfigs", f"Give a decimal number with {sigfigs} significant figures.")
        lo, hi = info.sigfigs_range
        if not lo <= sigfigs <= hi:
            return Outcome(False, "sigfigs", f"Use {sigfigs} significant figures.")
        target = round_sig(vb.real, sigfigs)
        if close(va, complex(target), rtol=1e-12, atol=0):
            return OK
        if close(va, vb, rtol=0.02):
            return Outcome(False, "rounding", "Check how you rounded.")
        return _sign_or_no(va, vb)
    if rtol is not None or atol is not None:
        if close(va, vb, rtol=rtol or 0.0, atol=atol or 0.0):
            return OK
        return _sign_or_no(va, vb, near=True)
    if numbers_equal(ans, exp):
        return OK
    if exp.is_Integer or (info is not None and not info.has_point):
        # exact integers stay exact: 1025 is not 2^10, 5041 is not 5040, 21.01 is not 21 (only a typed
        # decimal close to the key gets the "rounding" hint; a different integer is simply wrong)
        return _sign_or_no(va, vb, near=info is not None and info.has_point)
    if info is not None and vb.imag == 0:
        # a typed decimal for an exact value: accept when correctly rounded (or cut) to ≥ 4 significant figures
        half = info.half_ulp
        if abs(va.real - vb.real) <= 2 * half * (1 + 1e-9) and info.sigfigs_range[1] >= 4:
            return OK
        if close(va, vb, rtol=0.01):
            return Outcome(False, "rounding")
    return _sign_or_no(va, vb, near=True)


def _sign_or_no(va: complex, vb: complex, near: bool = False) -> Outcome:
    if vb != 0 and close(va, -vb, rtol=1e-9):
        return Outcome(False, "sign_error")
    if near and vb != 0 and close(va, vb, rtol=0.01):
        return Outcome(False, "rounding")
    return NO


def _side(e: Any) -> Any:
    return e.lhs - e.rhs


def solved_for(eq: Any) -> list[sp.Symbol]:
    """The symbols an equation is solved for: a lone symbol on one side, absent from the other (x = 7, 7 = x,
    y = 2x + 1). Empty for 2x = 14, x = 14 - x or x^2 + y^2 = 1."""
    if not isinstance(eq, sp.Eq):
        return []
    out: list[sp.Symbol] = []
    for lone, other in ((eq.lhs, eq.rhs), (eq.rhs, eq.lhs)):
        if isinstance(lone, sp.Symbol) and isinstance(other, sp.Expr) and lone not in other.free_symbols:
            out.append(lone)
    return out


def _orient(eq: Any, sym: sp.Symbol) -> Any:
    """7 = x read as x = 7 (the solved symbol on the left)."""
    return eq if eq.lhs == sym else sp.Eq(eq.rhs, eq.lhs, evaluate=False)


def compare_equation(ans: Any, exp: Any) -> Outcome:
    """Same solution set, or one equation a nonzero multiple of the other. When the expected equation is solved
    for a symbol (x = 7, y = 2x + 1), the answer must be solved for it too: 2x = 14 is ``not_solved``."""
    if not isinstance(exp, sp.Eq):
        return NO
    target = solved_for(exp)
    if not isinstance(ans, sp.Eq):
        # 'x = 5' expected, '5' typed: a value for a one-variable equation
        if target and isinstance(ans, sp.Expr):
            return compare_expression(ans, _orient(exp, target[0]).rhs)
        syms = sorted(exp.free_symbols, key=str)
        if len(syms) == 1 and isinstance(ans, sp.FiniteSet | sp.Or | sp.Tuple):
            # the solutions typed as a set or "x = 2 or x = 3"
            sb = solution_values(exp, syms[0])
            if sb is not None:
                vals = [a.rhs if isinstance(a, sp.Eq) and a.lhs == syms[0] else a for a in ans.args]
                if all(isinstance(v, sp.Expr) for v in vals):
                    return _compare_values(vals, sb)
        return Outcome(False, "wrong_kind", "Write an equation (with =).")
    if ans == exp or (ans.lhs == exp.rhs and ans.rhs == exp.lhs):
        return OK
    if not all(isinstance(side, sp.Expr) for side in (ans.lhs, ans.rhs, exp.lhs, exp.rhs)):
        return NO  # tuples or matrices on a side: only the exact match above counts
    if not target:
        return _equivalent(ans, exp)
    mine = [s for s in solved_for(ans) if s in target]
    sym = mine[0] if mine else target[0]
    out = _equivalent(_orient(ans, sym) if mine else ans, _orient(exp, sym))
    if out.correct and not mine:
        return Outcome(False, "not_solved", str(sym))  # equivalent, but the work is not finished
    return out


def _equivalent(ans: Any, exp: Any) -> Outcome:
    a, b = _side(ans), _side(exp)
    if (isinstance(exp.lhs, sp.Symbol) and exp.lhs not in exp.rhs.free_symbols
            and isinstance(ans.lhs, sp.Symbol) and ans.lhs == exp.lhs):
        out = compare_expression(ans.rhs, exp.rhs)
        if out.correct or out.note == "sign_error":
            return out
    if _ratio_constant(a, b):
        return OK
    syms = sorted(a.free_symbols | b.free_symbols, key=str)
    if len(syms) == 1:
        sa, sb = solution_values(ans, syms[0]), solution_values(exp, syms[0])
        if sa is not None and sb is not None:
            return _compare_values(sa, sb)
    return NO


def not_solved_for(ans: Any, expected_values: list[Any]) -> sp.Symbol | None:
    """The variable, when ``ans`` is made of equations in one variable, at least one not solved for it
    ("x^2 - 5x + 6 = 0", "x - 2 = 0 or x = 3"), whose solutions are exactly ``expected_values``. Else None."""
    if isinstance(ans, sp.Eq):
        eqs = [ans]
    elif isinstance(ans, sp.Or | sp.And | sp.Tuple) and ans.args and all(isinstance(e, sp.Eq) for e in ans.args):
        eqs = list(ans.args)
    else:
        return None
    if not all(isinstance(side, sp.Expr) for e in eqs for side in (e.lhs, e.rhs)) \
            or not all(isinstance(v, sp.Expr) and not v.free_symbols for v in expected_values):
        return None
    syms = set().union(*(e.free_symbols for e in eqs))
    if len(syms) != 1 or all(solved_for(e) for e in eqs) or any(e.atoms(sp.core.function.AppliedUndef)
                                                                  for e in eqs):
        return None
    sym = next(iter(syms))
    # cheap first: every expected value must satisfy one of the equations (solving x^5 - x - 1 = 0 takes seconds)
    sides = [e.lhs - e.rhs for e in eqs]
    for v in expected_values:
        try:
            point = {sym: complex(sp.N(v))}
        except (TypeError, ValueError):
            return None
        if not any(_vanishes(d, point) for d in sides):
            return None
    values: list[Any] = []
    for e in eqs:
        if solved_for(e):
            values.append(_orient(e, sym).rhs)
            continue
        if not _small_polynomial(e.lhs - e.rhs, sym):
            return None  # solving anything else may take seconds: leave it a plain wrong answer
        sols = solution_values(e, sym)
        if sols is None:
            return None
        values.extend(sols)
    return sym if compare_set(values, expected_values).correct else None


def _small_polynomial(d: Any, sym: sp.Symbol) -> bool:
    """A polynomial (or rational) equation of degree ≤ 4: solved quickly and exactly."""
    try:
        num, den = sp.fraction(sp.together(d))
        return bool(num.is_polynomial(sym) and den.is_polynomial(sym) and sp.degree(num, sym) <= 4
                    and sp.degree(den, sym) <= 4)
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
        return False


def _vanishes(d: Any, point: dict[sp.Symbol, complex]) -> bool:
    try:
        return abs(evaluate(d, point)) <= 1e-9
    except Undefined:
        return False


def _ratio_constant(a: Any, b: Any) -> bool:
    syms = a.free_symbols | b.free_symbols
    if not syms:
        return bool(a == 0 and b == 0)
    ratio: complex | None = None
    good = 0
    for pt in sample_points(syms, _POINTS, _seed(a, b)):
        try:
            va, vb = evaluate(a, pt), evaluate(b, pt)
        except Undefined:
            continue
        if abs(vb) < 1e-12:
            if abs(va) > 1e-9:
                return False
            continue
        r = va / vb
        if ratio is None:
            if abs(r) < 1e-12:
                return False
            ratio = r
        elif not close(r, ratio, rtol=1e-7):
            return False
        good += 1
    return good >= 3


def solution_values(eq: Any, sym: sp.Symbol) -> list[Any] | None:
    try:
        sols = sp.solveset(sp.Eq(eq.lhs, eq.rhs), sym, domain=sp.S.Complexes)
    except (NotImplementedError, TypeError, ValueError):
        return None
    if isinstance(sols, sp.FiniteSet):
        return list(sols)
    return None


def _compare_values(ans_vals: list[Any], exp_vals: list[Any], elem: Any = None) -> Outcome:
    same = elem or (lambda x, y: _elem_equal(x, y))
    missing = [e for e in exp_vals if not any(same(a, e) for a in ans_vals)]
    extra = [a for a in ans_vals if not any(same(a, e) for e in exp_vals)]
    if not missing and not extra:
        return OK
    if missing and not extra:
        return Outcome(False, "missing_root")
    if extra and not missing:
        return Outcome(False, "extra_root")
    return NO


def _elem_equal(a: Any, b: Any) -> bool:
    if isinstance(a, sp.Tuple) and isinstance(b, sp.Tuple):
        return len(a) == len(b) and all(_elem_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, sp.Eq) and isinstance(b, sp.Eq):
        return compare_equation(a, b).correct
    if isinstance(a, sp.Expr) and isinstance(b, sp.Expr):
        tol = TOLERANCE.get()
        if tol is not None and not a.free_symbols and not b.free_symbols:
            try:
                return close(complex(sp.N(a)), complex(sp.N(b)), rtol=tol[0] or 0.0, atol=tol[1] or 0.0)
            except (TypeError, ValueError):
                return False
        return bool(expr_equal(a, b)) or _typed_decimal_ok(a, b)
    if isinstance(a, sp.Set) and isinstance(b, sp.Set):
        from tutor.check._intervals import compare_interval  # late: _intervals builds on this module

        return compare_interval(a, b).correct
    return bool(a == b)


def _decimal_text(r: Any) -> str | None:
    """927/500 -> "1.854": a decimal read exactly, written back as typed (less trailing zeros); else None."""
    if not (isinstance(r, sp.Rational) and not r.is_Integer):
        return None
    q, twos, fives = int(r.q), 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1 or max(twos, fives) > 30:
        return None
    places = max(twos, fives)
    scaled = abs(int(r.p)) * 10**places // int(r.q)
    digits = str(scaled).rjust(places + 1, "0")
    return ("-" if r < 0 else "") + digits[:-places] + "." + digits[-places:]


def _typed_decimal_ok(a: Any, b: Any) -> bool:
    """A decimal element of a set or list is judged like a scalar answer ({-1.854, 4.854} for 3/2 ± 3√5/2)."""
    raw = _decimal_text(a)
    if raw is None or b.free_symbols or b.is_Integer or _decimal_text(b) is not None:
        return False
    return compare_number(a, b, raw=raw).correct


def _rounded_only(ans_vals: list[Any], exp_vals: list[Any]) -> bool:
    """Every value there, some only to too few digits: the "rounding" note rather than missing/extra roots."""
    if len(ans_vals) != len(exp_vals) or not all(isinstance(v, sp.Expr) and not v.free_symbols
                                                 for v in ans_vals + exp_vals):
        return False
    for a in ans_vals:
        if _decimal_text(a) is None and not any(_elem_equal(a, e) for e in exp_vals):
            return False
        try:
            va = complex(sp.N(a))
            if not any(close(va, complex(sp.N(e)), rtol=0.01) for e in exp_vals):
                return False
        except (TypeError, ValueError):
            return False
    return True


def compare_set(ans_vals: list[Any], exp_vals: list[Any]) -> Outcome:
    ans_vals, exp_vals = _dedupe(ans_vals), _dedupe(exp_vals)
    out = _compare_values(ans_vals, exp_vals)
    if not out.correct and TOLERANCE.get() is None and _rounded_only(ans_vals, exp_vals):
        return Outcome(False, "rounding")
    return out


def _dedupe(vals: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in vals:
        if not any(_elem_equal(v, u) for u in out):
            out.append(v)
    return out


def compare_list(ans: list[Any], exp: list[Any]) -> Outcome:
    if len(ans) != len(exp):
        return Outcome(False, "wrong_length" if len(ans) else "incorrect")
    if all(_elem_equal(a, b) for a, b in zip(ans, exp, strict=True)):
        return OK
    if _compare_values(ans, exp).correct:
        return Outcome(False, "wrong_order")
    return NO


def compare_matrix(ans: Any, exp: Any) -> Outcome:
    if not isinstance(ans, sp.MatrixBase):
        return Outcome(False, "wrong_kind", "Write a matrix, like [[1, 2], [3, 4]].")
    if ans.shape != exp.shape:
        return Outcome(False, "wrong_length", "Check the size of your matrix.")
    if all(_elem_equal(a, b) for a, b in zip(ans, exp, strict=True)):
        return OK
    return NO


def compare_antiderivative(ans: Any, exp: Any, var: sp.Symbol) -> Outcome:
    """Equal up to an additive constant; a missing + C is accepted but noted."""
    if not isinstance(ans, sp.Expr):
        return Outcome(False, "wrong_kind")
    # differentiate over the reals: d/dx ln|x| = 1/x
    real = sp.Dummy(str(var), real=True)
    ans, exp, var = ans.xreplace({var: real}), exp.xreplace({var: real}), real
    extra = sorted(ans.free_symbols - exp.free_symbols - {var}, key=str)
    consts = [s for s in extra if expr_equal(sp.diff(ans, s), sp.Integer(1), symbolic=False)]
    base = ans.subs({c: 0 for c in consts}) if consts else ans
    if expr_equal(sp.diff(base, var), sp.diff(exp, var)):
        if consts:
            return OK
        return Outcome(True, "constant_missing")
    if expr_equal(sp.diff(base, var), -sp.diff(exp, var), symbolic=False):
        return Outcome(False, "sign_error")
    return NO
