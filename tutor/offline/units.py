"""Unit conversions with Pint: each unit's conversion factor, then one multiplication (exact where possible)."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["convert"]

_OFFSET = {"degree_Celsius", "degree_Fahrenheit", "kelvin", "degree_Rankine"}


@functools.lru_cache(maxsize=1)
def _ureg() -> Any:
    import pint

    return pint.UnitRegistry()


def _exact(value: float) -> sp.Rational:
    return sp.Rational(repr(float(value))).limit_denominator(10**12)


def _units(text: str) -> Any:
    import pint

    try:
        return _ureg().parse_units(text.strip().replace("^", "**").replace("·", "*"))
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError, TypeError,
            ValueError) as exc:
        raise OfflineUnsupported(f"Unknown unit {text.strip()!r}.") from exc


def _nice(v: float) -> sp.Rational:
    """The small fraction a float stands for (5/9, 273.15 = 5463/20), else its exact decimal."""
    frac = Fraction(v).limit_denominator(1000)
    if abs(float(frac) - v) <= 1e-9 * max(1.0, abs(v)):
        return sp.Rational(frac.numerator, frac.denominator)
    return _exact(v)


def _num(r: sp.Expr) -> str:
    """Exact when the fraction is small, else a decimal (10 significant digits, no trailing zeros)."""
    if r.is_Rational and r.q <= 12:
        return tex(r)
    return f"{float(r):.10g}"


def _short(units: Any) -> str:
    return format(units, "~").replace(" ", "").replace("**", "^")


def convert(value: sp.Expr, source: str, target: str) -> Solution:
    """Convert ``value`` ``source``-units to ``target``-units."""
    import pint

    ureg = _ureg()
    src, dst = _units(source), _units(target)
    if ureg.Quantity(1, src).dimensionality != ureg.Quantity(1, dst).dimensionality:
        raise OfflineUnsupported(f"Can't convert {source.strip()} to {target.strip()}: they measure different "
                                 "things (different dimensions).")
    s_txt, d_txt = _short(src), _short(dst)
    steps = [Step(f"We convert ${tex(value)}\\ \\mathrm{{{s_txt}}}$ to $\\mathrm{{{d_txt}}}$.", None, "note")]
    names = set(src._units) | set(dst._units)
    if names & _OFFSET and (len(src._units) == 1 and len(dst._units) == 1):
        try:
            zero = ureg.Quantity(0.0, src).to(dst).magnitude
            slope = ureg.Quantity(1.0, src).to(dst).magnitude - zero
        except pint.errors.PintError as exc:
            raise OfflineUnsupported(str(exc)) from exc
        a, b = _nice(slope), _nice(zero)
        result = a * value + b
        unit_d, unit_s = sp.Symbol(f"T_{{\\mathrm{{{d_txt}}}}}"), sp.Symbol(f"T_{{\\mathrm{{{s_txt}}}}}")
        z = -b / a  # the source reading that is zero on the target scale (32 °F is 0 °C)
        if a == 1:
            formula = sp.Symbol(rf"{tex(unit_s)} {'-' if b < 0 else '+'} {_num(abs(b))}")
            work = rf"{tex(value)} {'-' if b < 0 else '+'} {_num(abs(b))}"
        elif z.is_Integer:
            formula = sp.Mul(unit_s - z, a, evaluate=False)
            work = rf"\left({tex(value)} {'-' if z > 0 else '+'} {tex(abs(z))}\right) \cdot {tex(a)} = " \
                   rf"{tex(value - z)} \cdot {tex(a)}"
        else:
            formula = sp.Add(sp.Mul(a, unit_s, evaluate=False), b, evaluate=False)
            work = rf"{tex(a)} \cdot {tex(value)} {'-' if b < 0 else '+'} {tex(abs(b))}"
        approx = "" if result.is_Integer or (result * 100).is_Integer else rf" \approx {float(result):.2f}"
        steps.append(Step(f"Temperature scales have different zero points, so use the **conversion formula** (not just "
                          f"a factor): ${tex(unit_d)} = {tex(formula)}$.", None, "note"))
        got = _num(result) if a == 1 else tex(result)
        steps.append(Step(f"**Substitute**: ${work} = {got}{approx if a != 1 else ''}$.", Eqn(a * value + b, result),
                          "value"))
    else:
        factors = []
        for name in list(src._units) + list(dst._units):
            base = ureg.Quantity(1, name).to_base_units()
            f = _exact(base.magnitude)
            if f != 1:
                factors.append(f"$1\\ \\mathrm{{{_short(ureg.Unit(name))}}} = {_num(f)}\\ "
                               f"\\mathrm{{{_short(base.units)}}}$")
        overall = _exact(ureg.Quantity(1, src).to(dst).magnitude)
        if factors:
            steps.append(Step("**Conversion factors** (to SI base units): " + ", ".join(factors) + ".", None, "note"))
        result = sp.nsimplify(value * overall)
        steps.append(Step(
            f"**Multiply by the factor** $1\\ \\mathrm{{{s_txt}}} = {_num(overall)}\\ \\mathrm{{{d_txt}}}$ "
            f"(the units cancel like fractions): ${_num(value)} \\times {_num(overall)} = {_num(result)}$.",
            Eqn(value * overall, result, evaluate=False), "value"))
    shown = _num(result)
    plain_num = str(int(result)) if result.is_Integer else f"{float(result):.10g}"
    if names & _OFFSET and not (result * 100).is_Integer:  # 340/9 °C: the exact fraction and a rounded reading
        shown, plain_num = rf"{tex(result)} \approx {float(result):.2f}", f"{float(result):.2f}"
    answer = f"{plain_num} {target.strip()}"  # the unit as the asker wrote it (the checker reads it back)
    hints = make_hints(f"Goal: express the quantity in {d_txt} without changing its size.",
                       "Method: multiply by conversion factors equal to 1 (like 1000 m / 1 km) so the old units "
                       "cancel.", [(f"Next step: write each unit of {s_txt} in SI base units.", [])],
                       [result], "Next step: find the conversion factor for each unit.")
    return Solution("units", steps, answer, f"{shown}\\ \\mathrm{{{d_txt}}}", "units", {}, [], hints,
                    problem=(value, source, target), result=result, extra={"unit": d_txt})
