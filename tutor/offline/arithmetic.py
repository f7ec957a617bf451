"""Arithmetic and combinatorics: factorials written out and cancelled, nCr / nPr, fractions over a common denominator."""

from __future__ import annotations

import re

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["evaluate", "combinations", "permutations", "prime_factors", "percent_of"]

_FACT = re.compile(r"(\d+)\s*!")
_MAX_N = 200
_FRAC = re.compile(r"\s*([+-]?)\s*(\d+)\s*/\s*(\d+)\s*")
_BRACKET = re.compile(r"\(([^()]+)\)")
_POW = re.compile(r"(\d+)\s*\^\s*\{?(\d{1,3})\}?")


def _finish(family: str, expr_tex: str, steps: list[Step], value: sp.Expr, method: str, first: str) -> Solution:
    if not value.is_number or not value.is_finite:
        raise OfflineUnsupported("This expression does not evaluate to a finite number.")
    steps.append(Step(f"**Result**: ${expr_tex} = {tex(value)}$.", None, "note"))
    hints = make_hints("Goal: compute the exact value.", method, [(f"Next step: {first}", [])], [value],
                       "Next step: simplify before multiplying out.")
    return Solution(family, steps, plain(value), tex(value), "number", {}, [], hints, result=value)


def evaluate(text: str, value: sp.Expr) -> Solution:
    """Explain the evaluation of ``text`` whose safely parsed value is ``value``."""
    facts = sorted({int(n) for n in _FACT.findall(text)}, reverse=True)
    if any(n > _MAX_N for n in facts):
        raise OfflineUnsupported(f"Factorials above {_MAX_N}! are too large to write out.")
    steps: list[Step] = [Step(f"We evaluate ${_show(text)}$.", None, "note")]
    if len(facts) >= 2:
        big = facts[0]
        for n in facts[1:]:
            if n < big:
                prod = sp.Mul(*[sp.Integer(k) for k in range(n + 1, big + 1)], evaluate=False)
                steps.append(Step(
                    f"**Write the larger factorial in terms of the smaller one**: ${big}! = "
                    + r" \cdot ".join(str(k) for k in range(big, n, -1)) + rf" \cdot {n}!$, so the ${n}!$ cancels.",
                    Eqn(sp.factorial(big), sp.Mul(prod, sp.factorial(n)), evaluate=False), "value"))
                break
        return _finish("arithmetic", _show(text), steps, value,
                       "Method: expand the largest factorial only down to the next one, cancel, then multiply.",
                       "write the largest factorial as a product down to a smaller factorial that also appears.")
    if facts:
        n = facts[0]
        steps.append(Step(f"**Factorial**: ${n}! = " + r" \cdot ".join(str(k) for k in range(n, 0, -1) if k > 1)
                          + f" = {tex(sp.factorial(n))}$.", Eqn(sp.factorial(n), sp.factorial(n)), "value"))
        return _finish("arithmetic", _show(text), steps, value, "Method: n! is the product 1·2·…·n.",
                       "multiply the whole numbers from n down to 1.")
    fracs = _FRAC.findall(text)
    if fracs and not _FRAC.sub("", text).strip() and value.is_Rational:
        lcd = sp.ilcm(*[int(d) for _, _, d in fracs]) if len(fracs) > 1 else int(fracs[0][2])
        parts = []
        for sign, n, d in fracs:
            k = lcd // int(d)
            parts.append(f"{sign or ''}\\frac{{{int(n) * k}}}{{{lcd}}}")
        total = sum((-1 if sign == "-" else 1) * int(n) * (lcd // int(d)) for sign, n, d in fracs)
        steps.append(Step(f"**Common denominator** {lcd}: ${' '.join(parts)} = \\frac{{{total}}}{{{lcd}}}$.",
                          Eqn(sp.Rational(total, lcd), value), "value"))
        if sp.gcd(total, lcd) != 1:
            steps.append(Step(f"**Reduce** by the common factor {sp.gcd(total, lcd)}.", None, "note"))
        return _finish("arithmetic", _show(text), steps, value,
                       "Method: fractions add over a common denominator; reduce at the end.",
                       "find the least common denominator of the fractions.")
    steps.append(Step("**Order of operations**: brackets, then powers, then × and ÷ left to right, then + and −.",
                      None, "note"))
    from ..check import parse_math

    for inner in _BRACKET.findall(text):
        steps.append(Step(f"**Brackets first**: ${_show(inner)} = {tex(parse_math(inner))}$.",
                          Eqn(parse_math(inner), parse_math(inner)), "value"))
    for base, exp in _POW.findall(text):
        steps.append(Step(f"**Power**: ${base}^{{{exp}}} = {tex(sp.Integer(base) ** int(exp))}$.",
                          Eqn(sp.Pow(sp.Integer(base), int(exp), evaluate=False), sp.Integer(base) ** int(exp)),
                          "value"))
    return _finish("arithmetic", _show(text), steps, value,
                   "Method: follow the order of operations (brackets, powers, ×/÷, +/−).",
                   "work out the innermost brackets first.")


def _show(text: str) -> str:
    return re.sub(r"\^(\d+)", r"^{\1}", text.strip().rstrip(".?").replace("*", r" \cdot "))


def combinations(n: int, k: int) -> Solution:
    if not (0 <= k <= n <= _MAX_N):
        raise OfflineUnsupported("Combinations need 0 ≤ k ≤ n (and n ≤ 200 offline).")
    value = sp.binomial(n, k)
    top = sp.Mul(*[sp.Integer(j) for j in range(n, n - k, -1)]) if k else sp.Integer(1)
    steps = [
        Step(rf"**Combinations** (order does not matter): $\binom{{{n}}}{{{k}}} = \frac{{{n}!}}{{{k}!\,({n}-{k})!}}$.",
             Eqn(sp.binomial(n, k), sp.factorial(n) / (sp.factorial(k) * sp.factorial(n - k))), "value"),
        Step(rf"**Cancel** ${n - k}!$: $\frac{{"
             + (r" \cdot ".join(str(j) for j in range(n, n - k, -1)) or "1") + rf"}}{{{k}!}} = "
             rf"\frac{{{tex(top)}}}{{{tex(sp.factorial(k))}}} = {tex(value)}$.",
             Eqn(top / sp.factorial(k), value), "value"),
    ]
    return _finish("combinatorics", rf"\binom{{{n}}}{{{k}}}", steps, value,
                   "Method: choose k of n without order: n! / (k! (n − k)!).",
                   "write the formula n!/(k!(n − k)!) and cancel the larger factorial in the denominator.")


def permutations(n: int, k: int) -> Solution:
    if not (0 <= k <= n <= _MAX_N):
        raise OfflineUnsupported("Permutations need 0 ≤ k ≤ n (and n ≤ 200 offline).")
    value = sp.factorial(n) / sp.factorial(n - k)
    steps = [Step(rf"**Permutations** (order matters): $P({n}, {k}) = \frac{{{n}!}}{{({n}-{k})!}} = "
                  + (r" \cdot ".join(str(j) for j in range(n, n - k, -1)) or "1") + "$.",
                  Eqn(sp.factorial(n) / sp.factorial(n - k), value), "value")]
    return _finish("combinatorics", f"P({n}, {k})", steps, value,
                   "Method: arrange k of n in order: n · (n − 1) · … (k factors) = n!/(n − k)!.",
                   "multiply k consecutive whole numbers starting at n and counting down.")


def prime_factors(n: int) -> Solution:
    """Prime factorisation by repeated division by the smallest prime that divides."""
    if not 2 <= n <= 10**12:
        raise OfflineUnsupported("The offline tutor factors whole numbers from 2 to 10^12 into primes.")
    steps: list[Step] = [Step(f"We write {n} as a product of primes.", None, "note")]
    rest, found = n, []
    while rest > 1:
        p = int(min(sp.factorint(rest)))  # the smallest prime divisor (fast below 10^12)
        steps.append(Step(f"**Divide by the prime** {p}: ${rest} = {p} \\cdot {rest // p}$.",
                          Eqn(sp.Integer(rest), sp.Mul(p, rest // p, evaluate=False)), "value"))
        found.append(p)
        rest //= p
    value = sp.Mul(*[sp.Pow(p, k, evaluate=False) for p, k in sorted(sp.factorint(n).items())], evaluate=False)
    latex = r" \cdot ".join(f"{p}^{{{k}}}" if k > 1 else str(p) for p, k in sorted(sp.factorint(n).items()))
    text = " * ".join(f"{p}^{k}" if k > 1 else str(p) for p, k in sorted(sp.factorint(n).items()))
    steps.append(Step(f"**Prime factorisation**: ${n} = {latex}$.", Eqn(sp.Integer(n), value), "value"))
    hints = make_hints("Goal: write the number as a product of prime numbers.",
                       "Method: divide by the smallest prime that goes in (2, 3, 5, 7, …) and repeat on the quotient.",
                       [("Next step: try dividing by 2, then 3, then 5.", [])], [sp.Integer(n)],
                       "Next step: find the smallest prime divisor.")
    return Solution("arithmetic", steps, text, latex, "number", {}, [], hints, result=sp.Integer(n),
                    extra={"factors": found})


def percent_of(p: sp.Rational, n: sp.Rational) -> Solution:
    """p % of n = p/100 · n."""
    value = p / 100 * n
    steps = [Step(f"**Percent means per hundred**: ${tex(p)}\\% = \\frac{{{tex(p)}}}{{100}}$.", None, "note"),
             Step(f"**Multiply**: $\\frac{{{tex(p)}}}{{100}} \\times {tex(n)} = {tex(value)}$.",
                  Eqn(sp.Mul(p / 100, n, evaluate=False), value), "value")]
    return _finish("arithmetic", f"{tex(p)}\\%\\text{{ of }}{tex(n)}", steps, value,
                   "Method: p % of n is (p / 100) × n.", "write the percentage as a fraction of 100.")
