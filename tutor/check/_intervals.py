"""Answer tests for intervals and inequalities: both sides become real sets (unions of intervals) and are compared
as sets, endpoints numerically; inequalities also as relations (a positive multiple of the same one)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor.check._numeric import Undefined, evaluate, sample_points
from tutor.check.compare import _POINTS, NO, OK, TOLERANCE, Outcome, _elem_equal, _ratio_constant

__all__ = ["as_real_set", "compare_interval", "compare_inequality"]

def as_real_set(x: Any) -> sp.Set | None:
    """An interval / union / inequality in one variable as a SymPy set of reals."""
    try:
        return _as_real_set(x)
    except TypeError:  # e.g. a relation between tuples
        return None


def _as_real_set(x: Any) -> sp.Set | None:
    if isinstance(x, sp.Set):
        return x
    if isinstance(x, sp.Tuple) and len(x) == 2:
        try:
            return sp.Interval.open(x[0], x[1])
        except (TypeError, ValueError):
            return None
    if isinstance(x, sp.Contains):
        return x.args[1] if isinstance(x.args[1], sp.Set) else None
    if isinstance(x, sp.Rel | sp.And | sp.Or):
        syms = x.free_symbols
        if x.atoms(sp.core.function.AppliedUndef) and isinstance(x, sp.And) and len(x.args) == 2:
            return _chain_interval(x)  # 0 < f(x) < 1: the range of f
        if len(syms) == 1:
            s = next(iter(syms))
            fast = _linear_set(x, s)
            if fast is not None:
                return fast
            real = sp.Dummy(str(s), real=True)
            try:
                return x.xreplace({s: real}).as_set()
            except (NotImplementedError, TypeError, ValueError, AttributeError):
                pass
        if isinstance(x, sp.And) and len(x.args) == 2 and all(isinstance(r, sp.Rel) for r in x.args):
            return _chain_interval(x)
    return None


def _linear_set(x: Any, s: sp.Symbol) -> sp.Set | None:
    """Linear inequalities in one variable, solved directly (SymPy's as_set takes ~100 ms)."""
    if isinstance(x, sp.And | sp.Or):
        parts = [_linear_set(a, s) for a in x.args]
        if any(p is None for p in parts):
            return None
        return sp.Intersection(*parts) if isinstance(x, sp.And) else sp.Union(*parts)
    if not isinstance(x, sp.Rel):
        return None
    d = sp.expand(x.lhs - x.rhs)
    a = d.coeff(s, 1)
    b = d - a * s
    if b.has(s) or not a.is_number or not b.is_number or a == 0 or not a.is_real:
        return None
    root = -b / a
    if not root.is_real:
        return None
    op = type(x)
    if op is sp.Ne:
        return sp.Union(sp.Interval.open(-sp.oo, root), sp.Interval.open(root, sp.oo))
    if op is sp.Eq:
        return sp.FiniteSet(root)
    # a*s + b (op) 0: s (op) root when a > 0, flipped when a < 0
    greater = op in (sp.Gt, sp.Ge)
    if a.is_negative:
        greater = not greater
    closed = op in (sp.Ge, sp.Le)
    if greater:
        return sp.Interval(root, sp.oo, not closed, True)
    return sp.Interval(-sp.oo, root, True, not closed)


def _chain_interval(x: Any) -> sp.Set | None:
    """a < E < b (E any expression, e.g. f(x)): the interval (a, b)."""
    lo: Any = None
    hi: Any = None
    lo_open = hi_open = False
    mids = []
    for r in x.args:
        small, big = (r.lhs, r.rhs) if isinstance(r, sp.Lt | sp.Le) else (r.rhs, r.lhs)
        strict = isinstance(r, sp.Lt | sp.Gt)
        if not small.free_symbols and big.free_symbols:
            lo, lo_open = small, strict
            mids.append(big)
        elif not big.free_symbols and small.free_symbols:
            hi, hi_open = big, strict
            mids.append(small)
    if lo is None or hi is None or len(mids) != 2 or mids[0] != mids[1] or isinstance(mids[0], sp.Symbol):
        return None
    try:
        return sp.Interval(lo, hi, lo_open, hi_open)
    except (TypeError, ValueError):
        return None


def compare_interval(ans: Any, exp: Any) -> Outcome:
    sa, sb = as_real_set(ans), as_real_set(exp)
    if sa is None:
        return Outcome(False, "wrong_kind", "Write an interval, like [0, 1) or (-oo, 2) U (3, oo).")
    if sb is None:
        return NO
    if sa == sb or _intervals_close(sa, sb):
        return OK
    if not (_numeric_ends(sa) and _numeric_ends(sb)) and _sets_equal(sa, sb):
        return OK
    try:
        if _numeric_ends(sa) and _numeric_ends(sb):
            return Outcome(False, "interval_endpoints") if sa.closure == sb.closure else NO
        if _sets_equal(sa.closure, sb.closure):
            return Outcome(False, "interval_endpoints")
    except NotImplementedError:  # SymPy has no closure for some sets (e.g. a relation it could not solve)
        pass
    return NO


def _numeric_ends(s: sp.Set) -> bool:
    """Unions of intervals/points with numeric ends are canonical in SymPy: == decides equality."""
    parts = s.args if isinstance(s, sp.Union) else (s,)
    for p in parts:
        if isinstance(p, sp.Interval):
            if not (p.start.is_number and p.end.is_number):
                return False
        elif isinstance(p, sp.FiniteSet):
            if not all(v.is_number for v in p.args):
                return False
        elif p is not sp.S.EmptySet and p is not sp.S.Reals:
            return False
    return True


def _pieces(s: sp.Set) -> list[sp.Interval] | None:
    parts = s.args if isinstance(s, sp.Union) else (s,)
    return list(parts) if all(isinstance(p, sp.Interval) for p in parts) else None


def _intervals_close(a: sp.Set, b: sp.Set) -> bool:
    """Same intervals with endpoints equal within the caller's tolerance (0.6 for 3/5)."""
    if TOLERANCE.get() is None:
        return False
    pa, pb = _pieces(a), _pieces(b)
    if pa is None or pb is None or len(pa) != len(pb):
        return False
    return all(x.left_open == y.left_open and x.right_open == y.right_open and _elem_equal(x.start, y.start)
               and _elem_equal(x.end, y.end) for x, y in zip(pa, pb, strict=True))


def _sets_equal(a: sp.Set, b: sp.Set) -> bool:
    try:
        return bool(sp.Complement(a, b) == sp.S.EmptySet and sp.Complement(b, a) == sp.S.EmptySet)
    except (TypeError, ValueError, NotImplementedError):
        return bool(a == b)


def compare_inequality(ans: Any, exp: Any) -> Outcome:
    if isinstance(ans, sp.Set | sp.Contains) or (isinstance(ans, sp.Tuple) and len(ans) == 2):
        return compare_interval(ans, exp)
    if not isinstance(ans, sp.Rel | sp.And | sp.Or):
        return Outcome(False, "wrong_kind", "Write an inequality, like x > 2.")
    if len(ans.free_symbols | exp.free_symbols) == 1:
        return compare_interval(ans, exp)
    # several variables: same relation up to a positive multiple (or flipped sides)
    if isinstance(ans, sp.Rel) and isinstance(exp, sp.Rel):
        da, db = _canon_rel(ans), _canon_rel(exp)
        if da[0] == db[0] and _positive_multiple(da[1], db[1]):
            return OK
    return NO


def _canon_rel(r: Any) -> tuple[str, Any]:
    if isinstance(r, sp.Gt):
        return ">", r.lhs - r.rhs
    if isinstance(r, sp.Lt):
        return ">", r.rhs - r.lhs
    if isinstance(r, sp.Ge):
        return ">=", r.lhs - r.rhs
    if isinstance(r, sp.Le):
        return ">=", r.rhs - r.lhs
    return type(r).__name__, r.lhs - r.rhs


def _positive_multiple(a: Any, b: Any) -> bool:
    if not _ratio_constant(a, b):
        return False
    for pt in sample_points(a.free_symbols | b.free_symbols, _POINTS, 7):
        try:
            va, vb = evaluate(a, pt), evaluate(b, pt)
        except Undefined:
            continue
        if abs(vb) > 1e-9:
            return (va / vb).real > 0
    return False
