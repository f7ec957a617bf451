"""Every family: ≥ 10 problems (plain and LaTeX), the answer checked by tutor.check, every step re-verified by
SymPy, and hints that never contain the answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sympy as sp

from tests.offline.cases import ALL, FAMILIES
from tests.offline.stepcheck import check_solution_steps
from tutor.check import check, parse_math
from tutor.errors import AnswerParseError
from tutor.offline import Solution, solve

# complex roots and an infinite limit: besides tutor.check, test_complex_roots_are_right compares them with SymPy.
COMPLEX_AND_INFINITE = {
    "Solve $x^2 + x + 1 = 0$", "Solve x^2 + 4 = 0", "Find the roots of x^3 - 8", "Solve x^3 + x^2 + x + 1 = 0",
    "Solve x^4 - 1 = 0", "Find the limit of 1/x^2 as x approaches 0",
}

_SOLVED: dict[str, Solution] = {}


def _solve(problem: str) -> Solution:
    if problem not in _SOLVED:
        _SOLVED[problem] = solve(problem)
    return _SOLVED[problem]


def _opts(sol: Solution) -> dict[str, Any]:
    return {k: v for k, v in sol.check_options.items() if k in ("form", "rtol", "atol", "sigfigs")}


def test_every_family_has_at_least_ten_problems() -> None:
    for name, rows in FAMILIES.items():
        assert len(rows) >= 10, name


@pytest.mark.parametrize(("family", "problem", "expected"), ALL, ids=[p for _, p, _ in ALL])
def test_answer_is_right(family: str, problem: str, expected: str) -> None:
    sol = _solve(problem)
    verdict = check(sol.answer, expected, kind=sol.kind, **_opts(sol))
    assert verdict.correct, (sol.answer, expected, verdict.note)


@pytest.mark.parametrize(("family", "problem", "expected"), ALL, ids=[p for _, p, _ in ALL])
def test_every_step_is_true(family: str, problem: str, expected: str) -> None:
    sol = _solve(problem)
    assert check_solution_steps(sol) >= 1, "a solution must make at least one checkable claim"
    assert "\\boxed" not in sol.markdown()


@pytest.mark.parametrize("problem", sorted(COMPLEX_AND_INFINITE))
def test_complex_roots_are_right(problem: str) -> None:
    sol = _solve(problem)
    if sol.family == "limit":
        assert sol.result == sp.oo
        return
    eq = sol.problem
    truth = sp.solveset(sp.Eq(eq.lhs, eq.rhs), sol.variable, sp.S.Complexes)
    assert sp.FiniteSet(*[sp.nsimplify(sp.expand_complex(r)) for r in sol.result]) == \
        sp.FiniteSet(*[sp.nsimplify(sp.expand_complex(r)) for r in truth])


@pytest.mark.parametrize(("family", "problem", "expected"), ALL[::3], ids=[p for _, p, _ in ALL[::3]])
def test_answer_latex_reads_back(family: str, problem: str, expected: str) -> None:
    sol = _solve(problem)
    # the \boxed{} content must read back as the same answer (it is what verify sees from R1-style output)
    assert check(sol.answer_latex, sol.answer, kind=sol.kind, **_opts(sol)).valid


# ---------------------------------------------------------------- hints never leak the answer

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_BARE = re.compile(r"(?<![\w^.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w.])")


def _hint_expressions(text: str) -> list[str]:
    out = [a or b for a, b in _MATH.findall(text)]
    prose = _MATH.sub(" ", text)
    out += _BARE.findall(prose)
    return out


def _targets(sol: Solution) -> list[tuple[str, str]]:
    """(expected, kind) pairs a hint must never match: each root / value, or the whole answer."""
    if sol.kind in ("set", "equation") and sol.family != "ode":
        obj = parse_math(sol.answer)
        parts = obj.args if isinstance(obj, sp.Or | sp.Tuple) else (obj,)
        values = [p.rhs if isinstance(p, sp.Equality) else p for p in parts]
        return [(str(v), "number" if v.is_real else "expression") for v in values]
    return [(sol.answer, sol.kind)]


@pytest.mark.parametrize(("family", "problem", "expected"), ALL, ids=[p for _, p, _ in ALL])
def test_hints_do_not_contain_the_answer(family: str, problem: str, expected: str) -> None:
    sol = _solve(problem)
    assert len(sol.hints) == 3 and all(h.strip() for h in sol.hints)
    targets = _targets(sol)
    for level, hint in enumerate(sol.hints, 1):
        for expr_text in _hint_expressions(hint):
            try:
                obj = parse_math(expr_text)
            except AnswerParseError:
                continue
            pieces = [expr_text]
            if isinstance(obj, sp.Equality):
                pieces += [str(obj.lhs), str(obj.rhs)]
            for piece in pieces:
                for target, kind in targets:
                    opts = _opts(sol) if kind == sol.kind else {}
                    verdict = check(piece, target, kind=kind, **opts)
                    assert not verdict.correct, f"hint {level} leaks the answer via {piece!r}: {hint!r}"
