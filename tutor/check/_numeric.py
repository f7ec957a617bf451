"""Fast numeric evaluation of SymPy trees with Python complex floats (no lambdify: it exec()s generated code).

Used for WeBWorK-style equivalence: evaluate both sides at random points, re-draw where undefined.
"""

from __future__ import annotations

import cmath
import math
import random
from collections.abc import Callable, Iterable
from typing import Any

import sympy as sp

__all__ = ["Undefined", "evaluate", "sample_points", "close", "numbers_equal"]


class Undefined(Exception):
    """The expression has no finite value at this point (pole, overflow, unsupported node)."""


def _sec(z: complex) -> complex:
    return 1 / cmath.cos(z)


def _csc(z: complex) -> complex:
    return 1 / cmath.sin(z)


def _cot(z: complex) -> complex:
    return 1 / cmath.tan(z)


def _acot(z: complex) -> complex:
    return cmath.atan(1 / z) if z != 0 else complex(math.pi / 2)


def _gamma(z: complex) -> complex:
    if z.imag != 0:
        raise Undefined
    return complex(math.gamma(z.real))


def _factorial(z: complex) -> complex:
    if z.imag != 0:
        raise Undefined
    return complex(math.gamma(z.real + 1))


def _real1(fn: Callable[[float], float]) -> Callable[[complex], complex]:
    def wrapped(z: complex) -> complex:
        if abs(z.imag) > 1e-12:
            raise Undefined
        return complex(fn(z.real))

    return wrapped


_FUNCS: dict[type, Callable[[complex], complex]] = {
    sp.sin: cmath.sin, sp.cos: cmath.cos, sp.tan: cmath.tan, sp.sec: _sec, sp.csc: _csc, sp.cot: _cot,
    sp.asin: cmath.asin, sp.acos: cmath.acos, sp.atan: cmath.atan, sp.acot: _acot,
    sp.asec: lambda z: cmath.acos(1 / z), sp.acsc: lambda z: cmath.asin(1 / z),
    sp.sinh: cmath.sinh, sp.cosh: cmath.cosh, sp.tanh: cmath.tanh, sp.coth: lambda z: 1 / cmath.tanh(z),
    sp.sech: lambda z: 1 / cmath.cosh(z), sp.csch: lambda z: 1 / cmath.sinh(z),
    sp.asinh: cmath.asinh, sp.acosh: cmath.acosh, sp.atanh: cmath.atanh,
    sp.exp: cmath.exp, sp.Abs: lambda z: complex(abs(z)), sp.gamma: _gamma, sp.factorial: _factorial,
    sp.floor: _real1(math.floor), sp.ceiling: _real1(math.ceil), sp.re: lambda z: complex(z.real),
    sp.im: lambda z: complex(z.imag), sp.conjugate: lambda z: z.conjugate(), sp.arg: lambda z: complex(cmath.phase(z)),
    sp.sign: lambda z: z / abs(z) if z != 0 else 0j,
}


def _undef_fn(name: str) -> Callable[[complex], complex]:
    # an arbitrary but fixed function for f(x), g(x): same on both sides of a comparison
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(name))
    a, b = 0.5 + (seed % 7) / 10, 0.3 + (seed % 5) / 10
    return lambda z: cmath.sin(a * z) + b * z * z + 0.1 * seed


def evaluate(expr: Any, env: dict[sp.Symbol, complex]) -> complex:
    """Value of ``expr`` at ``env``; raises Undefined where it has none."""
    try:
        v = _ev(expr, env)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError, RecursionError):
        raise Undefined from None
    if not (math.isfinite(v.real) and math.isfinite(v.imag)):
        raise Undefined
    return v


def _ev(e: Any, env: dict[sp.Symbol, complex]) -> complex:
    if e.is_Number:
        if e.is_Integer or e.is_Rational:
            return complex(int(e.p) / int(e.q)) if e.q != 1 else complex(int(e.p))
        if e is sp.nan or e in (sp.oo, -sp.oo, sp.zoo):
            raise Undefined
        return complex(float(e))
    if e.is_Symbol:
        try:
            return env[e]
        except KeyError:
            raise Undefined from None
    if e.is_Add:
        return sum((_ev(a, env) for a in e.args), 0j)
    if e.is_Mul:
        out = 1 + 0j
        for a in e.args:
            out *= _ev(a, env)
        return out
    if e.is_Pow:
        base, exp = e.args
        if exp is sp.S.Half:
            return cmath.sqrt(_ev(base, env))
        if exp.is_Integer:
            b = _ev(base, env)
            n = int(exp)
            if abs(n) > 4096:
                raise Undefined
            if b == 0 and n < 0:
                raise Undefined
            return b**n
        b = _ev(base, env)
        x = _ev(exp, env)
        if b == 0:
            if x.real > 0:
                return 0j
            raise Undefined
        # real cube roots etc. follow SymPy's principal branch, same on both sides
        return cmath.exp(x * cmath.log(b))
    if e is sp.pi:
        return complex(math.pi)
    if e is sp.E:
        return complex(math.e)
    if e is sp.I:
        return 1j
    if e is sp.EulerGamma:
        return complex(0.5772156649015329)
    if isinstance(e, sp.log):
        if len(e.args) != 1:
            raise Undefined
        z = _ev(e.args[0], env)
        return cmath.log(z)
    fn = _FUNCS.get(type(e))
    if fn is not None and len(e.args) == 1:
        return fn(_ev(e.args[0], env))
    if isinstance(e, sp.Min | sp.Max):
        vals = [_ev(a, env) for a in e.args]
        if any(abs(v.imag) > 1e-12 for v in vals):
            raise Undefined
        reals = [v.real for v in vals]
        return complex(min(reals) if isinstance(e, sp.Min) else max(reals))
    if isinstance(e, sp.binomial):
        top, k = (_ev(a, env) for a in e.args)
        return complex(math.gamma(top.real + 1) / (math.gamma(k.real + 1) * math.gamma(top.real - k.real + 1)))
    if isinstance(e, sp.Mod):
        a, m = (_ev(x, env) for x in e.args)
        return complex(math.fmod(a.real, m.real) % m.real)
    if isinstance(e, sp.atan2):
        y, x2 = (_ev(a, env) for a in e.args)
        return complex(math.atan2(y.real, x2.real))
    if isinstance(e, sp.Sum | sp.Product) and len(e.limits) == 1:
        k, lo, hi = e.limits[0]
        a, b = _ev(lo, env), _ev(hi, env)
        if abs(a.imag) > 1e-12 or abs(b.imag) > 1e-12 or abs(a.real - round(a.real)) > 1e-9 \
                or abs(b.real - round(b.real)) > 1e-9 or round(b.real) - round(a.real) > 2000:
            raise Undefined
        acc = 0j if isinstance(e, sp.Sum) else 1 + 0j
        inner = dict(env)
        for i in range(int(round(a.real)), int(round(b.real)) + 1):
            inner[k] = complex(i)
            v = _ev(e.function, inner)
            acc = acc + v if isinstance(e, sp.Sum) else acc * v
        return acc
    if isinstance(e, sp.core.function.AppliedUndef):
        if len(e.args) != 1:
            raise Undefined
        return _undef_fn(str(e.func))(_ev(e.args[0], env))
    if isinstance(e, sp.Expr) and not e.free_symbols:
        # anything else numeric (e.g. a special constant): SymPy's own bounded evalf
        v = e.evalf(15)
        if v.is_Number or v.is_Add or v.is_Mul:
            return complex(v)
    raise Undefined


def sample_points(symbols: Iterable[sp.Symbol], n: int, seed: int, integer: Iterable[sp.Symbol] = ()) -> list[dict]:
    """n points; real values in ±[0.3, 3], integers 1..9 for integer-like symbols.

    Signs alternate per symbol (shifted by its index), so every symbol takes both signs and mixed-sign
    combinations occur: |x| vs x and sqrt(x^2) vs x cannot agree by the luck of the draw. One point is near 0
    and one larger (±[4, 8]) to catch answers that agree only on a band.
    """
    rng = random.Random(seed)
    syms = sorted(symbols, key=str)
    ints = set(integer)
    pts = []
    for k in range(n):
        pt: dict[sp.Symbol, complex] = {}
        for j, s in enumerate(syms):
            if s in ints:
                pt[s] = complex(rng.randint(1, 9))
                continue
            if k == 2:
                v = rng.uniform(0.05, 0.2)
            elif k == 5:
                v = rng.uniform(4.0, 8.0)
            else:
                v = rng.uniform(0.3, 3.0)
            negative = ((k >> (j % 3)) + j) % 2 == 1
            pt[s] = complex(-v if negative else v)
        pts.append(pt)
    return pts


def close(a: complex, b: complex, rtol: float = 1e-8, atol: float = 1e-11) -> bool:
    if not (cmath.isfinite(a) and cmath.isfinite(b)):
        return a == b  # inf is close only to the same inf (a relative tolerance times inf is inf)
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def numbers_equal(a: sp.Basic, b: sp.Basic) -> bool | None:
    """Exact-ish equality of two constant expressions (30 significant digits); None if unknown."""
    try:
        va = sp.N(a, 30)
        vb = sp.N(b, 30)
        if not (va.is_number and vb.is_number):
            return None
        if va.has(sp.zoo, sp.nan) or vb.has(sp.zoo, sp.nan):
            return False  # 1/0, 0/0: undefined values are equal to nothing
        if va.has(sp.oo, -sp.oo) or vb.has(sp.oo, -sp.oo):
            # oo - 3 = oo is "within oo * 1e-24": infinities are equal only to the same infinity
            return bool(va == vb)
        diff = abs(sp.N(va - vb, 30))
        scale = max(abs(va), abs(vb), sp.Integer(1))
        return bool(diff <= scale * sp.Float("1e-24"))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
