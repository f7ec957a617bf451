"""The answer-test table: (answer, expected, options) -> (correct, valid, note), grouped by kind.

Every misjudged answer found later becomes a new row here.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.check import NOTES, Verdict, check, preview
from tutor.errors import ConfigError

C, W, I = "correct", "wrong", "invalid"  # noqa: E741

# (answer, expected, options, outcome, note or None)
EXPRESSION: list[tuple[str, Any, dict[str, Any], str, str | None]] = [
    ("2x+1", "1+2x", {}, C, "correct"),
    ("x^2", "x*x", {}, C, None),
    ("x**2", "x^2", {}, C, None),
    ("(x-1)(x+1)", "x^2-1", {}, C, None),
    ("2(x+1)", "2x+2", {}, C, None),
    ("x/2", "0.5x", {}, C, None),
    ("sin(x)^2+cos(x)^2", "1", {"variables": ["x"]}, C, None),
    ("sin(x)^2+cos(x)^2", "1", {}, I, "unknown_name"),  # the key has no x: a stray letter
    ("2 sin x cos x", "sin(2x)", {}, C, None),
    ("sinx", "sin(x)", {}, C, None),
    ("sin^2 x", "sin(x)^2", {}, C, None),
    ("e^(2x)", "exp(2x)", {}, C, None),
    ("e^(i pi)", "-1", {}, C, None),
    ("ln(x^2)", "2ln(x)", {}, W, None),
    ("sqrt(x^2)", "|x|", {}, C, None),
    ("|x|", "abs(x)", {}, C, None),
    ("log(100, 10)", "2", {}, C, None),
    ("log_2(8)", "3", {}, C, None),
    ("ln(e^3)", "3", {}, C, None),
    ("tan^2(y)+1", "sec(y)^2", {}, C, None),
    (r"\frac{x+2}{7}", r"\frac{x}{7}+\frac{2}{7}", {}, C, None),
    (r"\dfrac{1}{x}", "x^-1", {}, C, None),
    ("sin^-1(x)", "arcsin(x)", {}, C, None),
    ("arctan(x)", "atan(x)", {}, C, None),
    ("n!/(n-1)!", "n", {}, C, None),
    ("x^(1/2)", "sqrt(x)", {}, C, None),
    (r"\sqrt[3]{x}", "x^(1/3)", {}, C, None),
    ("√x", "sqrt(x)", {}, C, None),
    ("x²+1", "x^2+1", {}, C, None),
    ("πr²", "pi r^2", {}, C, None),
    ("3 × 4 ÷ 2 − x", "6-x", {}, C, None),
    (r"2 \cdot x", "2x", {}, C, None),
    (r"\left( x+1 \right)^2", "(x+1)^2", {}, C, None),
    ("$x^2+1$", "x^2+1", {}, C, None),
    (r"\[x+1\]", "x+1", {}, C, None),
    (r"\boxed{x+1}", "x+1", {}, C, None),
    ("x^{10}", "x^10", {}, C, None),
    ("(x+1)/(x-1)", "1 + 2/(x-1)", {}, C, None),
    ("2^x 2^x", "4^x", {}, C, None),
    ("1/(1/x)", "x", {}, C, None),
    ("y = 2x+1", "2x+1", {}, C, None),
    ("a*b", "b*a", {}, C, None),
    # implicit products of single letters (integration fixes)
    ("yx", "x*y", {}, C, None),
    ("2xy", "2*x*y", {}, C, None),
    ("xe^x", "x*exp(x)", {}, C, None),
    ("Ce^{2x}", "C*exp(2x)", {}, C, None),
    ("xe^{x} + e^x", "(x+1)e^x", {}, C, None),
    ("xy", "x*y", {"variables": ["x", "y"]}, C, None),
    ("xe^x", "x*exp(x)", {"variables": ["x"]}, C, None),
    ("xe^x", "x*exp(2x)", {}, W, None),
    ("xy", "x*x", {}, I, "unknown_name"),  # y is no letter of the expected answer: not silently x*y
    ("xz", "x*y", {"variables": ["x", "y"]}, I, "unknown_name"),
    ("ze^x", "x*exp(x)", {"variables": ["x"]}, I, "unknown_name"),
    # infinities are equal only to the same infinity
    ("oo", "oo", {"kind": "expression"}, C, None),
    ("oo", "3", {"kind": "expression"}, W, "incorrect"),
    ("-oo", "oo", {"kind": "expression"}, W, "sign_error"),
    ("x + oo", "x", {}, W, None),
    ("x+1", "x-1", {}, W, "incorrect"),
    ("-x^2", "x^2", {}, W, "sign_error"),
    ("x-1", "1-x", {}, W, "sign_error"),
    ("2x", "x^2", {}, W, None),
    ("sin(x)", "cos(x)", {}, W, None),
    ("x^3", "x^2", {}, W, None),
    ("e^x", "x^e", {}, W, None),
    ("ln(x)", "log(x, 10)", {}, W, None),
    ("x+y", "x+z", {}, I, "unknown_name"),
    ("0.333x", "x/3", {}, W, None),
    ("(x+1)^2", "x^2+1", {}, W, None),
    ("x/(x+1)", "1/(x+1)", {}, W, None),
    ("{1, 2}", "x+1", {}, W, "wrong_kind"),
    ("sinn(x)", "sin(x)", {}, I, "unknown_name"),
    ("xy", "x*y", {}, C, None),  # letters of the expected answer, juxtaposed: a product (STACK's insert stars)
    ("foo(x)", "x", {}, I, "unknown_name"),
    ("2x+", "2x", {}, I, "invalid_syntax"),
    ("(x+1", "x+1", {}, I, "invalid_syntax"),
    ("x+1)", "x+1", {}, I, "invalid_syntax"),
    ("__import__('os')", "x", {}, I, "invalid_syntax"),
    ("x.real", "x", {}, I, "invalid_syntax"),
    ("lambda: 1", "1", {}, I, None),
    ("2^2^2^2^2", "1", {}, I, "too_large"),
    ("1000000!", "1", {}, I, "too_large"),
    ("(" * 80 + "x" + ")" * 80, "x", {}, I, "too_large"),
    ("x @ y", "x", {}, I, "invalid_syntax"),
    ("", "x", {}, I, "invalid_syntax"),
    ("integrate(x, x)", "x^2/2", {}, I, "unknown_name"),
    ("z", "x", {"variables": ["x"]}, I, "unknown_name"),
    # review fixes: points of both signs (|x| is not x), stray names are invalid, SymPy names on the key side
    ("abs(x)", "x", {}, W, None),
    ("sqrt(x^2)", "x", {}, W, None),
    ("x", "|x|", {}, W, None),
    ("|x|", "sqrt(x^2)", {}, C, None),
    ("x*abs(y)", "x*y", {}, W, None),
    ("y", "x+1", {}, I, "unknown_name"),
    ("z + 1", "x+1", {}, I, "unknown_name"),
    ("sinn", "sin(n)", {}, C, None),  # n is the key's letter: sin n, like sinx
    ("|x|", "Abs(x)", {}, C, None),
    ("x", "Abs(x)", {}, W, None),
    ("max(x, 1)", "Max(1, x)", {}, C, None),
    ("sin(30°)", "1/2", {}, C, None),
    (r"\cos(60^\circ)", "1/2", {}, C, None),
    ("sin(30)", "1/2", {}, W, None),
    ("x/0", "x", {}, I, "undefined"),
]

EQUATION = [
    ("y = 2x + 1", "2x - y + 1 = 0", {}, C, None),
    (r"y=-\frac{1}{2}x+\frac{3}{4}", "2x + 4y - 3 = 0", {}, C, None),
    ("2x + 4y - 3 = 0", r"y=-\frac{1}{2}x+\frac{3}{4}", {}, W, "not_solved"),  # expected is solved for y
    ("x^2/16 + y^2/12 = 1/4", "x^2/4 + y^2/3 = 1", {}, C, None),
    ("-34x-45y+20z-100=0", "34x+45y-20z+100=0", {}, C, None),
    ("x = 4", "sqrt(x) = 2", {}, C, None),
    ("2x = 6", "x = 3", {}, W, "not_solved"),
    ("x = 3", "x = 3", {}, C, None),
    ("3 = x", "x = 3", {}, C, None),
    ("3", "x = 3", {}, C, None),
    ("x^2 - 5x + 6 = 0", "(x-2)(x-3) = 0", {}, C, None),
    ("x = 2 or x = 3", "x^2 - 5x + 6 = 0", {}, C, None),
    ("{2, 3}", "x^2 - 5x + 6 = 0", {"kind": "set"}, C, None),
    ("x = 5+5+1 = 11", "x = 11", {}, C, None),
    (r"x = \frac{-1 \pm i\sqrt3}{2}", "x^2 + x + 1 = 0", {}, C, None),
    ("x = 1-i or x = 1+i", "x^2 - 2x + 2 = 0", {}, C, None),
    ("y = 2x + 2", "y = 2x + 1", {}, W, None),
    ("x = -3", "x = 3", {}, W, "sign_error"),
    ("x = 2", "x^2 - 5x + 6 = 0", {"kind": "set"}, W, "missing_root"),
    ("{1, 2, 3}", "x^2 - 5x + 6 = 0", {"kind": "set"}, W, "extra_root"),
    ("x + y = 1", "x - y = 1", {}, W, None),
    ("2x + 1", "y = 2x + 1", {}, C, None),
    ("x^2 = 4", "x = 2", {}, W, None),
    ("y = x^2", "y = x^3", {}, W, None),
    ("0 = 0", "x = 1", {}, W, None),
    ("x = ", "x = 1", {}, I, "invalid_syntax"),
    ("= 3", "x = 3", {}, I, "invalid_syntax"),
    ("x == = 3", "x = 3", {}, I, "invalid_syntax"),
    ("y = sinhh(x)", "y = 2x", {}, I, "unknown_name"),
    # solved form expected (a lone symbol on one side): the answer must be solved for it too, not just equivalent
    ("2x = 14", "x = 7", {"kind": "equation"}, W, "not_solved"),
    ("2x = 14", "x = 7", {}, W, "not_solved"),
    ("x - 7 = 0", "x = 7", {"kind": "equation"}, W, "not_solved"),
    ("x = 14 - x", "x = 7", {}, W, "not_solved"),  # x on both sides: not solved
    ("2x = 14", "7 = x", {}, W, "not_solved"),
    ("y - 1 = 2x", "y = 2x + 1", {}, W, "not_solved"),
    ("x = (y - 1)/2", "y = 2x + 1", {}, W, "not_solved"),  # solved, but for the other variable
    ("(x-2)(x-3) = 0", "x = 2 or x = 3", {"kind": "equation"}, W, "not_solved"),
    ("2x = -14", "x = 7", {"kind": "equation"}, W, "incorrect"),  # not equivalent: plain wrong
    ("-7 = x", "x = 7", {}, W, "sign_error"),
    ("7 = x", "x = 7", {"kind": "equation"}, C, "correct"),
    ("x = 14/2", "x = 7", {"kind": "equation"}, C, None),
    ("x = 7", "7 = x", {}, C, None),
    ("7", "7 = x", {}, C, None),
    ("2x + 1 = y", "y = 2x + 1", {}, C, None),
    ("y = x", "x = y", {}, C, None),
    ("x = 3 or x = 2", "x = 2 or x = 3", {"kind": "equation"}, C, None),
    # not solved forms expected: the general rule (same solutions / a nonzero multiple) stays
    ("2x + 4y = 6", "x + 2y = 3", {"kind": "equation"}, C, None),
    ("x^2 + y^2 = 1", "y^2 + x^2 - 1 = 0", {"kind": "equation"}, C, None),
    ("y^2 = 1 - x^2", "x^2 + y^2 = 1", {}, C, None),
    ("2x = 14", "3x = 21", {"kind": "equation"}, C, None),
    ("2x = 14)", "x = 7", {"kind": "equation"}, I, "invalid_syntax"),
    ("x" * 4001, "x = 7", {"kind": "equation"}, I, "too_large"),
]

NUMBER = [
    ("0.5", "1/2", {}, C, None),
    ("1/2", "0.5", {}, C, None),
    (r"\frac{1}{2}", "0.5", {}, C, None),
    ("½", "1/2", {}, C, None),
    ("50%", "1/2", {}, C, None),
    ("0.3333", "1/3", {}, C, None),
    ("0.333", "1/3", {}, W, "rounding"),
    ("0.33", "1/3", {"rtol": 0.02}, C, None),
    ("0.3", "1/3", {"rtol": 0.02}, W, None),
    ("3.14", "pi", {}, W, "rounding"),
    ("3.1416", "pi", {}, C, None),
    ("3.14", "pi", {"sigfigs": 3}, C, None),
    ("3.142", "pi", {"sigfigs": 3}, W, "sigfigs"),
    ("3.15", "pi", {"sigfigs": 3}, W, "rounding"),
    ("1.20", "1.2", {"sigfigs": 3}, C, None),
    ("1.2", "1.2", {"sigfigs": 3}, W, "sigfigs"),
    ("1200", "1234", {"sigfigs": 2}, C, None),
    ("0.00120", "0.0012", {"sigfigs": 3}, C, None),
    ("1.2e3", "1200", {}, C, None),
    ("1.2×10^3", "1200", {}, C, None),
    ("1.2 \\times 10^{3}", "1200", {}, C, None),
    ("2e3", "2000", {}, C, None),
    ("-5", "5", {}, W, "sign_error"),
    ("5", "-5", {}, W, "sign_error"),
    ("6", "5", {}, W, "incorrect"),
    ("sqrt(117)", "3 sqrt(13)", {}, C, None),
    ("2^10", "1024", {}, C, None),
    ("10!", "3628800", {}, C, None),
    ("e^(ln 2)", "2", {}, C, None),
    ("sin(pi/6)", "1/2", {}, C, None),
    ("cos(0)", "1", {}, C, None),
    ("1.0", "1", {}, C, None),
    ("i^2", "-1", {}, C, None),
    ("oo", "oo", {}, C, None),
    ("∞", "oo", {"kind": "number"}, C, None),
    (r"\infty", "oo", {"kind": "number"}, C, None),
    ("oo", "3", {"kind": "number"}, W, "incorrect"),
    ("3", "oo", {"kind": "number"}, W, "incorrect"),
    ("-oo", "oo", {"kind": "number"}, W, "sign_error"),
    ("oo", "1e300", {"kind": "number"}, W, "incorrect"),
    ("oo", "3", {"rtol": 0.5}, W, "incorrect"),
    ("oo", "oo", {"sigfigs": 3}, C, None),
    ("1/0", "oo", {}, I, "undefined"),
    # exact integers stay exact (no "correctly rounded" slack for whole numbers)
    ("1025", "2^10", {}, W, "incorrect"),
    ("5041", "5040", {}, W, "incorrect"),
    ("1000001", "1000000", {}, W, "incorrect"),
    ("21.01", "21", {}, W, "rounding"),
    ("21.0", "21", {}, C, None),
    ("1000000", "10^6", {}, C, None),
    ("1000001", "1000000", {"atol": 1}, C, None),
    ("3.1416", "pi", {}, C, None),
    ("1/0", "5", {}, I, "undefined"),
    ("0/0", "5", {}, I, "undefined"),
    (r"\frac{1}{0}", "5", {}, I, "undefined"),
    ("C(5,2)", "10", {}, C, None),
    ("nCr(5, 2)", "10", {}, C, None),
    ("C(5,3)", "10", {}, C, None),
    ("C(5,2)", "20", {}, W, None),
    ("x", "5", {}, I, "unknown_name"),
    ("oo", "limit(1/x^2, x, 0)", {}, C, None),
    ("3", "limit(1/x^2, x, 0)", {}, W, "incorrect"),
    ("-oo", "limit(1/x^2, x, 0)", {}, W, "sign_error"),
    ("1/2", "limit(sin(x)/(2x), x, 0)", {}, C, None),
    # a number with units where a plain number is expected: the number is compared
    ("35 cm", "35", {}, C, None),
    ("8.04672 km", "8.04672", {}, C, None),
    ("2 m", "2", {"kind": "number"}, C, None),
    ("2 pi", "2pi", {}, C, None),
    ("36 cm", "35", {}, W, "incorrect"),
    ("x = 7", "7", {}, C, None),
    ("7.01", "7", {"atol": 0.05}, C, None),
    ("7.1", "7", {"atol": 0.05}, W, None),
    ("7", "7.05", {"rtol": 0.01}, C, None),
    ("28", "28%", {}, C, None),
    ("20%", "20", {}, C, None),
    ("x", "7", {"kind": "number"}, I, "unknown_name"),
    ("{1, 2}", "7", {}, W, "wrong_kind"),
    ("1,5", "1.5", {}, W, None),
    ("1e999", "1", {}, I, "too_large"),
    ("9" * 500, "1", {}, I, "too_large"),
    ("1000.0!!", "1", {}, I, "too_large"),  # factorial of a 1e2567 Float: refused, not computed for minutes
    ("e3e3!!/e3", "1", {}, I, "too_large"),
    ("gamma(10^10)", "1", {}, I, "too_large"),
    # decimals are read exactly (1000.0! is 1000!): exp/sin of a huge exact number is refused, not computed
    ("exp(1000.0!)", "1", {}, I, "too_large"),
    ("exp(1000!)", "1", {}, I, "too_large"),
    ("sin(1000.0!)", "1", {}, I, "too_large"),
    ("exp(10^400)", "1", {}, I, "too_large"),
    ("cosh(2^2000)/2", "1", {}, I, "too_large"),
    ("log(1000!)", "1", {}, W, None),  # a logarithm of a big integer is cheap: still compared
    ("1" * 4001, "1", {}, I, "too_large"),
    ("2x = 14", "7", {}, W, "not_solved"),
    ("x = 7", "7", {}, C, None),
    ("2.5!", "gamma(7/2)", {}, C, None),
    ("5 +", "5", {}, I, "invalid_syntax"),
    ("five", "5", {}, I, "unknown_name"),
    ("3..2", "3.2", {}, I, "invalid_syntax"),
    ("2^^3", "8", {}, I, "invalid_syntax"),
]

UNITS = [
    ("1 " * 2001 + "m", "5 m", {"kind": "units"}, I, "too_large"),
    (" " * 4001 + "5 m", "5 m", {}, I, "too_large"),
    ("36 km/h", "10 m/s", {}, C, None),
    ("10 m/s", "36 km/h", {}, C, None),
    ("9.81 m/s^2", "9.81 m/s^2", {}, C, None),
    ("981 cm/s^2", "9.81 m/s^2", {}, C, None),
    ("1 kJ", "1000 J", {}, C, None),
    ("1000 g", "1 kg", {}, C, None),
    ("2 h", "120 min", {}, C, None),
    ("5 N*m", "5 J", {}, C, None),
    (r"9.8\,\mathrm{m/s^{2}}", "9.8 m/s^2", {}, C, None),
    (r"8.04672\ \mathrm{km}", "8046.72 m", {}, C, None),
    ("8.04672 km", "8.04672 km", {"kind": "units"}, C, None),
    ("1.5 km", "1500 m", {"kind": "units"}, C, None),
    ("3.0e8 m/s", "299792458 m/s", {"rtol": 0.01}, C, None),
    ("10", "10 m/s", {}, W, "missing_units"),
    ("10 kg", "10 m/s", {}, W, "wrong_dimension"),
    ("10 s", "10 m", {}, W, "wrong_dimension"),
    ("9.8 m/s^2", "9.81 m/s^2", {}, W, "rounding"),
    ("-10 m/s", "10 m/s", {}, W, "sign_error"),
    ("20 m/s", "10 m/s", {}, W, "incorrect"),
    ("1 J", "1 kJ", {}, W, None),
    ("36 km/h", "10 m/s", {"sigfigs": 2}, C, None),
    ("10 blorbs", "10 m", {}, I, "unknown_name"),
    ("9.8", "9.8m/s^2", {}, W, "missing_units"),
    ("9.8 m/s^2", "9.8m/s^2", {}, C, None),
    ("9.8", "5 Ω", {}, W, "missing_units"),
    ("5 ohm", "5 Ω", {}, C, None),
    ("5000 mΩ", "5 Ω", {}, C, None),
    ("9.8 m/s²", "9.8 m/s^2", {}, C, None),
    ("9.8 m/s", "9.8 m/s²", {}, W, "wrong_dimension"),
    ("5kg", "5000 g", {}, C, None),
    ("m/s", "10 m/s", {}, I, None),
    ("10 m/s; import os", "10 m/s", {}, I, None),
]

SET = [
    ("{2, 3}", "{3, 2}", {}, C, None),
    # decimals inside sets are judged like scalars; stray letters are invalid
    ("{-1.854, 4.854}", "{3/2 - 3*sqrt(5)/2, 3/2 + 3*sqrt(5)/2}", {}, C, None),
    ("x = -1.854 or x = 4.854", "{3/2 - 3*sqrt(5)/2, 3/2 + 3*sqrt(5)/2}", {}, C, None),
    ("{-1.85, 4.85}", "{3/2 - 3*sqrt(5)/2, 3/2 + 3*sqrt(5)/2}", {}, W, "rounding"),
    ("{0.333, 1}", "{1/3, 1}", {}, W, "rounding"),
    ("{2.01, 3}", "{2, 3}", {}, W, "rounding"),
    ("{-1.854, 4.854, 7}", "{3/2 - 3*sqrt(5)/2, 3/2 + 3*sqrt(5)/2}", {}, W, "extra_root"),
    ("sinn", "{2, 3}", {}, I, "unknown_name"),
    ("{x, 3}", "{2, 3}", {}, I, "unknown_name"),
    ("{3, 2}", "{2, 3}", {}, C, None),
    ("x = 2 or x = 3", "{2, 3}", {}, C, None),
    ("x=2, x=3", "{2, 3}", {}, C, None),
    ("2, 3", "{2, 3}", {}, C, None),
    ("3, 2", "2, 3", {}, C, None),
    (r"\{1\pm\sqrt{5},-2\}", r"\{-2, 1+\sqrt5, 1-\sqrt5\}", {}, C, None),
    (r"1 \pm \sqrt{19}", r"{1+\sqrt{19}, 1-\sqrt{19}}", {}, C, None),
    ("x = 1 ± √2", "{1+sqrt(2), 1-sqrt(2)}", {}, C, None),
    ("{2, 2, 3}", "{2, 3}", {}, C, None),
    ("{(1,2), (3,4)}", "{(3,4), (1,2)}", {}, C, None),
    ("(1,2), (3,4)", "{(3,4), (1,2)}", {}, C, None),
    ("{}", "{}", {}, C, None),
    ("x = 1, y = 2", "x = 1, y = 2", {}, C, None),
    ("1, 2", "x = 1, y = 2", {}, C, None),
    ("-2, 1", "1, -2", {}, C, None),
    # complex roots: I (SymPy) and i are the same unit, and order never matters
    ("x = 2i or x = -2i", "x = -2*I or x = 2*I", {"kind": "set"}, C, None),
    ("x = -2i or x = 2i", "x = -2*I or x = 2*I", {"kind": "set"}, C, None),
    ("x = -2*I or x = 2*I", "x = 2i or x = -2i", {"kind": "set"}, C, None),
    ("{1+i, 1-i}", "{1-i, 1+i}", {"kind": "set"}, C, None),
    ("{1-i, 2, 1+i}", "{2, 1+I, 1-I}", {}, C, None),
    ("{0.5+i, 2}", "{2, 1/2+I}", {}, C, None),
    ("x = -1 - sqrt(3)*I or x = -1 + sqrt(3)*I or x = 2", "x = 2 or x = -1 + sqrt(3) i or x = -1 - sqrt(3) i",
     {"kind": "set"}, C, None),
    ("x = -1 or x = -I or x = I or x = 1", "x^4 - 1 = 0", {"kind": "set"}, C, None),
    (r"x = \frac{-1 \pm i\sqrt3}{2}", "{(-1+sqrt(3)*i)/2, (-1-sqrt(3)*i)/2}", {"kind": "set"}, C, None),
    (r"x = \frac{-1 \pm i\sqrt3}{2}", "x^2 + x + 1 = 0", {"kind": "set"}, C, None),
    (r"\frac{-1 \pm i\sqrt{3}}{2}", "{(-1-sqrt(3)*I)/2, (-1+sqrt(3)*I)/2}", {}, C, None),
    ("{1+i, 2}", "{2, 1+I, 1-I}", {}, W, "missing_root"),
    ("x = 2i or x = 2", "x = -2*I or x = 2*I", {"kind": "set"}, W, None),
    (r"x = \frac{-1 + i\sqrt3}{2}", "x^2 + x + 1 = 0", {"kind": "set"}, W, "missing_root"),
    (r"x = \frac{1 \pm i\sqrt3}{2}", "x^2 + x + 1 = 0", {"kind": "set"}, W, None),
    ("x = 2j or x = -2j", "x = -2*I or x = 2*I", {"kind": "set"}, I, "unknown_name"),  # j: no letter of the key
    ("x = ±2iy", "x = -2*I or x = 2*I", {"kind": "set"}, I, "unknown_name"),
    ("I*R", "R*I", {"variables": ["I", "R"]}, C, None),
    ("I*R", "2*R*I", {"variables": ["I", "R"]}, W, None),
    (r"x = \frac{-1 \pm i\sqrt}{2}", "x^2 + x + 1 = 0", {"kind": "set"}, I, "invalid_syntax"),
    ("{2}", "{2, 3}", {}, W, "missing_root"),
    ("{2, 3, 4}", "{2, 3}", {}, W, "extra_root"),
    ("{2, 4}", "{2, 3}", {}, W, "incorrect"),
    ("{-2, -3}", "{2, 3}", {}, W, None),
    ("x = 2 or x = 4", "{2, 3}", {}, W, None),
    ("{}", "{1}", {}, W, "missing_root"),
    ("2, 1", "x = 1, y = 2", {}, W, None),
    ("{2, 3", "{2, 3}", {}, I, "invalid_syntax"),
    ("{2, , 3}", "{2, 3}", {}, I, "invalid_syntax"),
    ("{2, foo}", "{2, 3}", {}, I, "unknown_name"),
    # an equation with the right solutions is not the solutions
    ("x^2 - 5x + 6 = 0", "{2, 3}", {}, W, "not_solved"),
    ("x^2 - 5x + 6 = 0", "{2, 3}", {"kind": "set"}, W, "not_solved"),
    ("x^2 - 5x + 6 = 0", "x = 2 or x = 3", {}, W, "not_solved"),
    ("(x-2)(x-3) = 0", "x^2 - 5x + 6 = 0", {"kind": "set"}, W, "not_solved"),
    ("x - 2 = 0 or x = 3", "{2, 3}", {}, W, "not_solved"),
    ("x^2 - 5x + 4 = 0", "{2, 3}", {}, W, "incorrect"),
    ("x^2 = 4", "{2}", {}, W, None),
    ("x^5 - x - 1 = 0", "{2, 3}", {}, W, "incorrect"),  # not solved for the comparison: no timeout
    ("x^3 + x^2 = 2 x^(1/2)", "{1}", {}, W, "incorrect"),  # 1 solves it, but so do others: not solved here either
    ("{2, 3}" + " " * 4000, "{2, 3}", {}, I, "too_large"),
]

LIST = [
    ("(0.3333, 0.6667)", "(1/3, 2/3)", {}, C, None),
    ("(1, 2)", "(1, 2)", {}, C, None),
    ("[1, 2, 3]", "[1, 2, 3]", {}, C, None),
    ("(1, 4.5)", r"(1, \frac{9}{2})", {}, C, None),
    (r"\left( \frac{1}{5}, \frac{1}{6} \right)", "(1/5, 1/6)", {}, C, None),
    ("(3, 2, 7)", "(p,q,r) = (3, 2, 7)", {}, C, None),
    ("(1, 2, 3)", "(1, 2, 3)", {"kind": "list"}, C, None),
    ("(2, 1)", "(1, 2)", {}, W, "wrong_order"),
    ("(1, 2, 3)", "(1, 2)", {}, W, "wrong_length"),
    ("(1, 3)", "(1, 2)", {}, W, "incorrect"),
    ("{1, 2}", "(1, 2)", {}, C, None),
    ("(3, 1)", "{1, 3}", {}, C, None),
    ("(1, 2", "(1, 2)", {}, I, "invalid_syntax"),
    ("(1,, 2)", "(1, 2)", {}, I, "invalid_syntax"),
    ("(1; 2)", "(1, 2)", {}, C, None),
    ("(a, b)", "(1, 2)", {"variables": ["x"]}, I, "unknown_name"),
]

INTERVAL = [
    ("[0, 1)", "[0, 1)", {}, C, None),
    ("(-oo, 1) U (3, oo)", r"(-\infty, 1) \cup (3, \infty)", {}, C, None),
    ("(3, oo) U (-oo, 1)", "(-oo, 1) U (3, oo)", {}, C, None),
    ("x > 2", "(2, oo)", {}, C, None),
    ("x >= 2", "[2, oo)", {}, C, None),
    ("2 < x", "(2, oo)", {}, C, None),
    ("-1 < x <= 4", "(-1, 4]", {}, C, None),
    (r"x \in [-2, 7]", "[-2, 7]", {}, C, None),
    ("(-oo, oo)", "(-oo, oo)", {}, C, None),
    (r"[-1, -\tfrac12) \cup (-\tfrac12, 0)", "[-1, -1/2) U (-1/2, 0)", {}, C, None),
    ("(0.6, 2.6667]", r"(\frac{3}{5},\frac{8}{3}]", {"rtol": 0.01}, C, None),
    ("[1, oo)", "[1, oo)", {"rtol": 0.01}, C, None),
    (r"(3, \infty)", "(3, oo)", {"rtol": 0.01}, C, None),
    ("(3, oo)", "(3, 5)", {"rtol": 0.01}, W, None),  # a tolerance never makes oo close to a number
    ("(3, 5)", "(3, oo)", {"rtol": 0.01}, W, None),
    ("(-oo, 3)", "(3, oo)", {}, W, None),
    ("(0, 1)", "[0, 1)", {}, W, "interval_endpoints"),
    ("[0, 1]", "[0, 1)", {}, W, "interval_endpoints"),
    ("(0, 2)", "(0, 1)", {}, W, "incorrect"),
    ("x < 2", "(2, oo)", {}, W, None),
    ("(-oo, 1)", "(-oo, 1) U (3, oo)", {}, W, None),
    ("5", "(2, oo)", {}, W, "wrong_kind"),
    ("[0, 1", "[0, 1)", {}, I, "invalid_syntax"),
    ("(0, 1] U", "(0, 1]", {}, I, "invalid_syntax"),
    ("(0, 1] U (2, foo)", "(0, 1]", {}, I, "unknown_name"),
]

MATRIX = [
    ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]", {}, C, None),
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", "[[1, 2], [3, 4]]", {}, C, None),
    (r"\left[\begin{array}{cc}1 & 2 \\ 3 & 4\end{array}\right]", r"\begin{bmatrix}1&2\\3&4\end{bmatrix}", {}, C, None),
    ("[[1/2, 0.75]]", "[[0.5, 3/4]]", {}, C, None),
    ("[[2, 4], [6, 8]]", "2*[[1, 2], [3, 4]]", {}, C, None),
    ("[[1, 0], [0, 1]]", "[[1, 2], [3, 4]] - [[0, 2], [3, 3]]", {}, C, None),
    ("[[x, 0], [0, x]]", "[[x, 0], [0, x]]", {}, C, None),
    ("(1/3, 1/5)", r"\begin{pmatrix}\frac{1}{3}\\ \frac{1}{5}\end{pmatrix}", {}, C, None),
    ("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]", {}, W, "incorrect"),
    ("[[1, 2, 3]]", "[[1, 2], [3, 4]]", {}, W, "wrong_length"),
    ("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", {}, W, None),
    ("5", "[[1, 2], [3, 4]]", {}, W, "wrong_kind"),
    ("[[1, 2], [3]]", "[[1, 2], [3, 4]]", {}, W, None),
    (r"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}", "[[1, 2], [3, 4]]", {}, I, "invalid_syntax"),
    (r"\begin{pmatrix} 1 & 2", "[[1, 2], [3, 4]]", {}, I, "invalid_syntax"),
]

ANTIDERIVATIVE = [
    # an indefinite integrate(…) key is detected as an antiderivative without kind=
    ("x^3/3 + C", "integrate(x^2, x)", {}, C, "correct"),
    ("x^3/3", "integrate(x^2, x)", {}, C, "constant_missing"),
    ("ln|x| + C", "integrate(1/x, x)", {}, C, "correct"),
    ("ln|2x| + C", "integrate(1/x, x)", {}, C, None),
    ("-ln|cos(x)| + K", "integrate(tan(x), x)", {}, C, None),
    ("x^3 + C", "integrate(x^2, x)", {}, W, None),
    ("1/3", "integrate(x^2, (x, 0, 1))", {}, C, None),
    ("x^3/3 + a*b", "integrate(x^2, x)", {}, I, "unknown_name"),  # one constant of integration, not two names
    ("x^3/3 + C", "integrate(x^2, x)", {"kind": "antiderivative"}, C, "correct"),
    ("x^3/3", "integrate(x^2, x)", {"kind": "antiderivative"}, C, "constant_missing"),
    ("x^3/3 + 5", "x^3/3", {"kind": "antiderivative"}, C, "constant_missing"),
    ("-cos(x) + C", "integrate(sin(x), x)", {"kind": "antiderivative"}, C, None),
    ("ln|x| + C", "integrate(1/x, x)", {"kind": "antiderivative"}, C, None),
    ("e^x + K", "integrate(exp(x), x)", {"kind": "antiderivative"}, C, None),
    ("(x+1)^2/2 + C", "x^2/2 + x", {"kind": "antiderivative"}, C, None),
    ("sin(t)^2/2 + C", "integrate(sin(t)*cos(t), t)", {"kind": "antiderivative"}, C, None),
    ("cos(x) + C", "integrate(sin(x), x)", {"kind": "antiderivative"}, W, "sign_error"),
    ("x^3 + C", "integrate(x^2, x)", {"kind": "antiderivative"}, W, "incorrect"),
    ("2x", "integrate(x^2, x)", {"kind": "antiderivative"}, W, None),
    ("x^2/2 + C", "integrate(x^2, x)", {"kind": "antiderivative"}, W, None),
    ("x^3/3 +", "integrate(x^2, x)", {"kind": "antiderivative"}, I, "invalid_syntax"),
    ("integrate(x^2, x)", "integrate(x^2, x)", {"kind": "antiderivative"}, C, None),
    ("integrate(x^2, x) + 1", "x^3/3", {"kind": "antiderivative"}, I, "unknown_name"),
    ("3x^2", "diff(x^3, x)", {}, C, None),
    ("x^2", "diff(x^3, x)", {}, W, None),
]

INEQUALITY = [
    ("x > 5", "x > 5", {}, C, None),
    (r"x \gt 5", "x > 5", {}, C, None),
    (r"x \geq 5", "x >= 5", {}, C, None),
    ("5 <= x", "x >= 5", {}, C, None),
    ("-x > -1", "x < 1", {}, C, None),
    ("-x >= -1", "x <= 1", {}, C, None),
    (r"x \neq 3", "x != 3", {}, C, None),
    ("x ≠ 3", "x != 3", {}, C, None),
    ("2x + 1 > 5", "x > 2", {}, C, None),
    ("(2, oo)", "x > 2", {}, C, None),
    ("x ≥ 2", "x >= 2", {}, C, None),
    ("1 < x < 3", "3 > x > 1", {}, C, None),
    ("x^2 < 4", "-2 < x < 2", {}, C, None),
    ("x + y > 1", "2x + 2y > 2", {}, C, None),
    ("x < 5", "x > 5", {}, W, None),
    ("x <= 5", "x >= 5", {}, W, None),
    ("x > -1", "x < 1", {}, W, None),
    ("x > 5", "x >= 5", {}, W, "interval_endpoints"),
    ("x + y > 1", "x + y < 1", {}, W, None),
    ("x = 5", "x > 5", {}, W, None),
    ("x >", "x > 5", {}, I, "invalid_syntax"),
    ("x >> 5", "x > 5", {}, I, "invalid_syntax"),
    ("x > foo", "x > 5", {}, I, "unknown_name"),
]

FORMS = [
    ("(x-2)(x-3)", "x^2-5x+6", {"form": "factored"}, C, None),
    ("(x+1)^2", "x^2+2x+1", {"form": "factored"}, C, None),
    ("2(x+2)", "2x+4", {"form": "factored"}, C, None),
    ("x^2-5x+6", "x^2-5x+6", {"form": "factored"}, W, "not_factored"),
    ("(x^2-1)(x+2)", "(x-1)(x+1)(x+2)", {"form": "factored"}, W, "not_factored"),
    ("x^2+2x+1", "(x+1)^2", {"form": "expanded"}, C, None),
    ("(x+1)^2", "x^2+2x+1", {"form": "expanded"}, W, "not_expanded"),
    ("x(x+1)", "x^2+x", {"form": "expanded"}, W, "not_expanded"),
    ("3/4", "6/8", {"form": "simplified"}, C, None),
    ("6/8", "3/4", {"form": "simplified"}, W, "not_simplified"),
    (r"\frac{6}{8}", "3/4", {"form": "simplified"}, W, "not_simplified"),
    ("(x^2-1)/(x-1)", "x+1", {"form": "simplified"}, W, "not_simplified"),
    ("x+1", "(x^2-1)/(x-1)", {"form": "simplified"}, C, None),
    ("2+3", "5", {"form": "simplified"}, W, "not_simplified"),
    ("3/4", "0.75", {"form": "fraction"}, C, None),
    ("0.75", "3/4", {"form": "fraction"}, W, "not_fraction"),
    ("1 + 1/2", "3/2", {"form": "fraction"}, W, "not_fraction"),
    ("0.75", "3/4", {"form": "decimal"}, C, None),
    ("3/4", "0.75", {"form": "decimal"}, W, "not_decimal"),
    ("(x-2)(x-3", "x^2-5x+6", {"form": "factored"}, I, "invalid_syntax"),
    ("(2x+4)(x-1)", "2x^2+2x-4", {"form": "factored"}, W, "not_factored"),
    ("(x+2)(2x-2)", "2x^2+2x-4", {"form": "factored"}, W, "not_factored"),
    ("2(x+2)(x-1)", "2x^2+2x-4", {"form": "factored"}, C, None),
    ("-(x+2)(1-x)", "x^2+x-2", {"form": "factored"}, C, None),
]

LATEX_AND_TEXT = [
    ("Evelyn " * 600, r"\text{Evelyn}", {}, I, "too_large"),  # a long text answer is refused, not compared
    (r"\frac13", "1/3", {}, C, None),
    (r"\frac{10}{9}", "10/9", {}, C, None),
    (r"-\frac{10}{9}", "-10/9", {}, C, None),
    (r"\sqrt3", r"\sqrt{3}", {}, C, None),
    (r"\cfrac{1}{3}", "1/3", {}, C, None),
    (r"\tfrac{1}{3}", "1/3", {}, C, None),
    (r"\left( \frac{1}{3} \right)", "1/3", {}, C, None),
    (r"\frac94\pi", r"\frac{9}{4}\pi", {}, C, None),
    (r"\sqrt 2+\sqrt 5", r"\sqrt{2}+\sqrt{5}", {}, C, None),
    (r"2 \sin b \cos a", r"2 \sin b \cos a", {}, C, None),
    (r"\frac{\pi r}{h+r}", r"\frac{\pi r}{h+r}", {}, C, None),
    (r"3\sqrt{13}", r"\sqrt{117}", {}, C, None),
    (r"\frac{10\sqrt{10.5}}{27}", r"\frac{5\sqrt{42}}{27}", {}, C, None),
    (r"90^\circ", "90", {}, C, None),
    (r"\mathrm{e}^2", "e^2", {}, C, None),
    (r"\log_{2} 8", "3", {}, C, None),
    (r"\ln x", "ln(x)", {}, C, None),
    (r"x_{1} + x_2", "x_1 + x_2", {}, C, None),
    (r"\alpha + \beta", "α + β", {}, C, None),
    (r"\binom{5}{2}", "10", {}, C, None),
    (r"\sum_{k=1}^{4} k", "10", {}, C, None),
    (r"\text{Evelyn}", r"\text{Evelyn}", {}, C, None),
    ("evelyn", r"\text{Evelyn}", {}, C, None),
    ("(C)", r"\text{C}", {}, C, None),
    ("Briana", r"\text{Evelyn}", {}, W, None),
    (r"\frac{1}{2", "1/2", {}, I, "invalid_syntax"),
    (r"\foo{1}", "1", {}, I, "unknown_name"),
    (r"\begin{cases} x \end{cases}", "x", {}, I, "invalid_syntax"),
]

TABLE = {
    "expression": EXPRESSION, "equation": EQUATION, "number": NUMBER, "units": UNITS, "set": SET, "list": LIST,
    "interval": INTERVAL, "matrix": MATRIX, "antiderivative": ANTIDERIVATIVE, "inequality": INEQUALITY,
    "forms": FORMS, "latex_text": LATEX_AND_TEXT,
}
ROWS = [pytest.param(*row, id=f"{group}-{k}-{row[0][:30]}") for group, rows in TABLE.items()
        for k, row in enumerate(rows)]


def test_table_is_big_and_balanced() -> None:
    assert len(ROWS) >= 300
    for group, rows in TABLE.items():
        outcomes = {row[3] for row in rows}
        assert outcomes == {C, W, I}, f"{group} needs correct, wrong and invalid rows"


@pytest.mark.parametrize(("answer", "expected", "opts", "outcome", "note"), ROWS)
def test_answer_table(answer: str, expected: Any, opts: dict[str, Any], outcome: str, note: str | None) -> None:
    v = check(answer, expected, **opts)
    got = C if v.correct else (I if not v.valid else W)
    assert got == outcome, f"{answer!r} vs {expected!r}: {v}"
    if note is not None:
        assert v.note == note, f"{answer!r} vs {expected!r}: {v}"
    assert 0.0 <= v.score <= 1.0 and v.feedback
    if outcome != I:
        assert v.valid and v.parsed != "" or v.note in ("correct", "incorrect")


def test_not_solved_feedback_names_the_variable_not_the_answer() -> None:
    v = check("2x = 14", "x = 7", kind="equation")
    assert v.note == "not_solved" and not v.correct and v.valid and v.score == 0.0
    assert v.feedback == "That equation is equivalent, but it isn't solved for x yet."
    assert "7" not in v.feedback
    assert "not_solved" in NOTES


def test_oversize_input_is_refused_without_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.check import api

    def no_worker(*_args: Any) -> Any:
        raise AssertionError("oversize input reached the worker")

    monkeypatch.setattr(api, "call_bounded", no_worker)
    for text in ("x" * 4001, "1+" * 5000 + "1", " " * 100_000):
        v = check(text, "x = 7", kind="equation")
        assert (v.correct, v.valid, v.note) == (False, False, "too_large")
        assert "too long" in v.feedback
        p = preview(text)
        assert not p.valid and "too long" in p.message and p.position == 4000
        assert not preview(text, kind="units").valid


# ---- property: any answer against any expected, with any kind/form, ends in a Verdict or a TutorError

_ANSWERS = [row[0] for rows in TABLE.values() for row in rows]
_EXPECTED = [(row[1], row[2]) for rows in TABLE.values() for row in rows]
_KINDS = [None, "expression", "equation", "number", "units", "set", "list", "interval", "matrix",
          "antiderivative", "inequality"]
_FORMS = [None, "factored", "expanded", "simplified", "fraction", "decimal"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_ANSWERS), st.sampled_from(["", "+1", ")", ",2", " or x=1", "^2", "%", "!"]),
       st.sampled_from(_EXPECTED), st.sampled_from(_KINDS), st.sampled_from(_FORMS))
def test_mismatched_pairs_never_crash(answer: str, suffix: str, expected: tuple[Any, dict[str, Any]],
                                      kind: str | None, form: str | None) -> None:
    exp, opts = expected
    opts = {k: v for k, v in opts.items() if k not in ("kind", "form")}
    try:
        v = check(answer + suffix, exp, kind=kind, form=form, **opts)
    except ConfigError:
        return  # the teacher's expected answer does not fit the kind asked for
    assert isinstance(v, Verdict) and v.note


def test_parsed_keeps_typed_trailing_zeros() -> None:
    # the zeros count for significant figures: "1.20" is shown as typed, not as 1.2
    assert check("1.20", "1.2", sigfigs=3).parsed == "1.20"
    assert preview("1.20").latex == "1.20"
    assert "1.20" in preview("{1.20, 3.50}").latex and "3.50" in preview("{1.20, 3.50}").latex


def test_division_by_zero_is_undefined_not_read_as_zoo() -> None:
    v = check("1/0", "5")
    assert not v.valid and v.note == "undefined" and "zero" in v.feedback
    p = preview("1/0")
    assert not p.valid and p.position == 1


def test_stray_name_message_points_at_the_word() -> None:
    v = check("sinn", "{2, 3}")
    assert v.note == "unknown_name" and 'Unknown name "sinn" at 1' in v.feedback
    assert 'Unknown name "y" at 1' in check("y", "x+1").feedback


def test_expected_side_needs_known_functions() -> None:
    with pytest.raises(ConfigError, match="Heaviside"):
        check("x", "Heaviside(x)")
