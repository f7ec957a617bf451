"""The whitelist: which names mean which SymPy object (nothing outside these tables is ever built)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

__all__ = ["FUNCTIONS", "CALCULUS", "SYMPY_NAMES", "CONSTANTS", "GREEK", "INVERSE", "WORD_OPS", "function_names"]


def _log(*args: Any) -> sp.Basic:
    if len(args) == 1:
        return sp.log(args[0])
    if len(args) == 2:
        return sp.log(args[0], args[1])
    raise TypeError("log takes 1 or 2 arguments")


def _root(x: Any, n: Any = 2) -> sp.Basic:
    return sp.root(x, n)


def _abs(x: Any) -> sp.Basic:
    return sp.Abs(x)


# name -> (builder, min args, max args)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "sin": (sp.sin, 1, 1), "cos": (sp.cos, 1, 1), "tan": (sp.tan, 1, 1), "cot": (sp.cot, 1, 1),
    "sec": (sp.sec, 1, 1), "csc": (sp.csc, 1, 1), "cosec": (sp.csc, 1, 1), "tg": (sp.tan, 1, 1),
    "ctg": (sp.cot, 1, 1),
    "asin": (sp.asin, 1, 1), "acos": (sp.acos, 1, 1), "atan": (sp.atan, 1, 1), "acot": (sp.acot, 1, 1),
    "asec": (sp.asec, 1, 1), "acsc": (sp.acsc, 1, 1),
    "arcsin": (sp.asin, 1, 1), "arccos": (sp.acos, 1, 1), "arctan": (sp.atan, 1, 1), "arccot": (sp.acot, 1, 1),
    "arcsec": (sp.asec, 1, 1), "arccsc": (sp.acsc, 1, 1), "arctg": (sp.atan, 1, 1),
    "atan2": (sp.atan2, 2, 2),
    "sinh": (sp.sinh, 1, 1), "cosh": (sp.cosh, 1, 1), "tanh": (sp.tanh, 1, 1), "coth": (sp.coth, 1, 1),
    "sech": (sp.sech, 1, 1), "csch": (sp.csch, 1, 1),
    "asinh": (sp.asinh, 1, 1), "acosh": (sp.acosh, 1, 1), "atanh": (sp.atanh, 1, 1),
    "arsinh": (sp.asinh, 1, 1), "arcosh": (sp.acosh, 1, 1), "artanh": (sp.atanh, 1, 1),
    "arcsinh": (sp.asinh, 1, 1), "arccosh": (sp.acosh, 1, 1), "arctanh": (sp.atanh, 1, 1),
    "exp": (sp.exp, 1, 1), "log": (_log, 1, 2), "ln": (sp.log, 1, 1), "lg": (lambda x: sp.log(x, 10), 1, 1),
    "sqrt": (sp.sqrt, 1, 1), "cbrt": (sp.cbrt, 1, 1), "root": (_root, 1, 2), "abs": (_abs, 1, 1),
    "sign": (sp.sign, 1, 1), "sgn": (sp.sign, 1, 1), "floor": (sp.floor, 1, 1), "ceil": (sp.ceiling, 1, 1),
    "ceiling": (sp.ceiling, 1, 1), "factorial": (sp.factorial, 1, 1), "binomial": (sp.binomial, 2, 2),
    "binom": (sp.binomial, 2, 2), "choose": (sp.binomial, 2, 2), "gcd": (sp.gcd, 2, 2),
    "lcm": (sp.lcm, 2, 2), "max": (sp.Max, 1, 20), "min": (sp.Min, 1, 20), "re": (sp.re, 1, 1),
    "im": (sp.im, 1, 1), "conjugate": (sp.conjugate, 1, 1), "arg": (sp.arg, 1, 1),
    "mod": (sp.Mod, 2, 2), "gamma": (sp.gamma, 1, 1),
}
# Trusted (teacher) side only: evaluated by SymPy inside the bounded worker.
CALCULUS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "integrate": (sp.integrate, 1, 4), "int": (sp.integrate, 1, 4), "diff": (sp.diff, 1, 4),
    "derivative": (sp.diff, 1, 4), "limit": (sp.limit, 3, 4), "expand": (sp.expand, 1, 1),
    "factor": (sp.factor, 1, 1), "simplify": (sp.simplify, 1, 1), "solve": (sp.solve, 1, 2),
    "summation": (sp.summation, 2, 2), "det": (lambda m: m.det(), 1, 1),
}
# SymPy's own spellings, accepted on the trusted (teacher) side only: Abs(x) is |x|, never A*b*s*x
SYMPY_NAMES = {"Abs": "abs", "Max": "max", "Min": "min", "Mod": "mod", "GCD": "gcd", "LCM": "lcm"}
INVERSE = {"sin": "asin", "cos": "acos", "tan": "atan", "cot": "acot", "sec": "asec", "csc": "acsc",
           "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
CONSTANTS: dict[str, sp.Basic] = {
    "pi": sp.pi, "e": sp.E, "i": sp.I, "oo": sp.oo, "inf": sp.oo, "infty": sp.oo, "infinity": sp.oo,
    "Infinity": sp.oo,
}
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
         "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "rho", "varrho", "sigma", "varsigma", "tau",
         "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi",
         "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
# words that join answers ("x = 2 or x = 3") or mark percent
WORD_OPS = {"or": "or", "and": "and", "OR": "or", "AND": "and", "percent": "%", "pct": "%", "percentage": "%"}


def function_names() -> set[str]:
    return set(FUNCTIONS) | set(CALCULUS)
