"""The router reads many phrasings of the same problem (plain, Unicode, LaTeX) and refuses the rest clearly."""

from __future__ import annotations

import pytest

from tutor.errors import OfflineUnsupported
from tutor.offline import solve


@pytest.mark.parametrize(("problem", "family", "answer"), [
    ("solve 2x+3=7.", "linear", "x = 2"),
    ("Please solve $2x + 3 = 7$", "linear", "x = 2"),
    (r"Solve \[2x + 3 = 7\]", "linear", "x = 2"),
    ("2x + 3 = 7", "linear", "x = 2"),
    ("Find the roots of x² − 5x + 6", "quadratic", "x = 2 or x = 3"),
    ("Find the derivative of x^3 with respect to x", "derivative", "3*x^2"),
    ("What is the derivative of x^3?", "derivative", "3*x^2"),
    ("d/dx [x^3]", "derivative", "3*x^2"),
    ("Find dy/dx if y = x^3", "derivative", "3*x^2"),
    ("∫ x^2 dx", "integral", "x^3/3 + C"),
    ("Compute the definite integral of x^2 from x = 0 to 3", "integral", "9"),
    ("Find the limit of x^2 as x → 3", "limit", "9"),
    ("lim x->∞ 1/x", "limit", "0"),
    ("Compute the determinant of the matrix [[2, 1], [1, 2]]", "matrix", "3"),
    ("How many m/s is 36 km/h", "units", "10 m/s"),
    ("What is 6 choose 2", "combinatorics", "15"),
    ("Solve the system: {x + y = 2; x - y = 0}", "system", "x = 1, y = 1"),
    ("Evaluate the limit lim_{x→0} sin x / x", "limit", "1"),
    ("Find the area under y = x^2 from x = 0 to x = 2", "integral", "8/3"),
    ("What is 15% of 80", "arithmetic", "12"),
    ("Simplify 2x + 3x - x", "simplify", "4*x"),
    ("Find the x-intercepts of y = x^2 - 4", "quadratic", "x = -2 or x = 2"),
    ("Expand and simplify (x + 2)(x - 5)", "expand", "x^2 - 3*x - 10"),
    ("Find the general solution of y' = -2y", "ode", "y = C*exp(-2*x)"),
    ("Use the quadratic formula to solve x^2 - 3x + 2 = 0", "quadratic", "x = 1 or x = 2"),
    ("What value of x satisfies 9 - 2x = 3x - 6?", "linear", "x = 3"),
    ("Factor 360", "arithmetic", "2^3 * 3^2 * 5"),
])
def test_phrasings(problem: str, family: str, answer: str) -> None:
    sol = solve(problem)
    assert (sol.family, sol.answer) == (family, answer)


@pytest.mark.parametrize("problem", [
    "Who wrote Hamlet?",
    "Prove that there are infinitely many primes",
    "Solve x + y = 3",                  # one equation, two unknowns
    "Find the derivative of",           # nothing to differentiate
    "Integrate foo(x) dx",              # unknown function name
    "Convert 3 kg to m",                # different dimensions
    "inverse of [[1, 2], [2, 4]]",      # singular
    "x" * 1200,                         # too long
])
def test_refusals_are_clear(problem: str) -> None:
    with pytest.raises(OfflineUnsupported) as info:
        solve(problem)
    assert str(info.value).strip()
    assert "Traceback" not in str(info.value)
