"""SymPy's independent check of R1's final answer: ✓ verified, ✗ mismatch (with SymPy's result), ? unverifiable.

The problem is solved again by the offline engine; R1's final answer is compared with ``tutor.check``. Where a
problem has no single result form, the answer is verified by substitution instead: roots back into the equation,
the derivative of an antiderivative, a system's solution into each equation, a function into its ODE.
Every step is time-bounded (the offline engine's bound and ``check``'s worker-process timeout).
"""

from __future__ import annotations

import cmath
import random
import re
from typing import Any

import sympy as sp

from .errors import AnswerParseError, CheckTimeout, ConfigError, OfflineUnsupported
from .result import Verification

__all__ = ["verify", "retry_prompt_suffix", "verify_and_retry"]

CHECK_TIMEOUT = 3.0
SOLVE_TIMEOUT = 8.0


def retry_prompt_suffix() -> str:
    """Zero-shot re-ask text for ``--retry-on-mismatch``: says a check failed, never what SymPy found."""
    return ("\n\nAn independent check of your previous final answer to this problem failed. Solve the problem again "
            "from the beginning, carefully, verifying each step, and put your final answer within \\boxed{}.")


def _unverifiable(why: str, method: str = "") -> Verification:
    return Verification("unverifiable", method, why, None)


def verify(problem: str, final_answer: str | None, *, mode: str = "solve") -> Verification:
    """Compare ``final_answer`` (R1's, e.g. the content of its last ``\\boxed{}``) with SymPy's own solution."""
    if mode == "hint":
        return _unverifiable("Hints are not checked (they must not contain the answer).")
    if final_answer is None or not final_answer.strip():
        return _unverifiable("No final answer was found (no \\boxed{…}).")
    from .offline import solve

    try:
        sol = solve(problem, plots=False, timeout=SOLVE_TIMEOUT)
    except OfflineUnsupported as exc:
        return _unverifiable(f"SymPy can't solve this problem independently: {exc}")
    try:
        return _compare(sol, final_answer.strip())
    except (CheckTimeout, TimeoutError):
        return _unverifiable("The comparison ran past its time bound.", "offline engine + tutor.check")
    except AnswerParseError as exc:
        return _unverifiable(f"The final answer could not be read: {exc}", "offline engine + tutor.check")


def _mismatch(sol: Any, method: str, detail: str) -> Verification:
    return Verification("mismatch", method, detail, sol.answer_latex)


_EQUATION_FAMILIES = ("linear", "quadratic", "polynomial", "absolute_value", "system", "ode", "inequality")


_EMPTY_WORDS = re.compile(
    r"^(?:there\s+(?:is|are)\s+)?(?:no\s+(?:real\s+)?(?:solutions?|roots?|values?|numbers?)(?:\s+exists?)?|none|"
    r"(?:the\s+)?empty\s+set|no\s+[a-z]\s+(?:satisfies|works)(?:\s+(?:it|the\s+equation))?|∅|\\emptyset|"
    r"\\varnothing|\\\{\s*\\\}|\{\s*\}|[a-z]\s*\\in\s*(?:\\emptyset|\\varnothing|∅))$", re.IGNORECASE)
_REALS_WORDS = re.compile(
    r"^(?:(?:every|any|all)\s+real\s+numbers?|all\s+reals|(?:the\s+)?real\s+numbers|all\s+[a-z]|every\s+[a-z]|"
    r"infinitely\s+many\s+(?:real\s+)?solutions|(?:[a-z]\s*\\in\s*)?(?:\\mathbb\{R\}|\\R|ℝ)|"
    r"(?:[a-z]\s*\\in\s*)?\\left\(\s*-\s*\\infty\s*,\s*\\infty\s*\\right\)|"
    r"(?:[a-z]\s*\\in\s*)?\(\s*-\s*(?:\\infty|oo|∞)\s*,\s*\+?\s*(?:\\infty|oo|∞)\s*\))$", re.IGNORECASE)


def _words_to_set(answer: str) -> str:
    """R1 often writes "no solution" / "all real numbers" / ℝ in words: the set the checker reads instead."""
    core = re.sub(r"\\(?:text|mathrm|textbf|mbox)\{([^{}]*)\}", r"\1", answer).strip().strip(".$ ").strip()
    if _EMPTY_WORDS.match(core):
        return "{}"
    if _REALS_WORDS.match(core):
        return "(-oo, oo)"
    return answer


def _compare(sol: Any, answer: str) -> Verification:
    fam = sol.family
    if fam in _EQUATION_FAMILIES:
        answer = _words_to_set(answer)
    if fam in ("linear", "absolute_value", "quadratic", "polynomial") and not isinstance(sol.result, sp.FiniteSet):
        return _by_check(sol, answer, "offline engine + tutor.check (solution set)")
    if fam not in _EQUATION_FAMILIES and "=" in answer:
        # "f'(x) = 2x", "\int x^2\,dx = \frac{x^3}{3} + C", "\det A = -2": the value is after the last "="
        answer = answer.rsplit("=", 1)[1].strip()
    if fam in ("linear", "quadratic", "polynomial", "absolute_value"):
        return _roots(sol, answer)
    if fam == "system":
        return _system(sol, answer)
    if fam == "integral" and sol.kind == "antiderivative":
        return _antiderivative(sol, answer)
    if fam == "ode":
        return _ode(sol, answer)
    if fam == "units":
        return _units(sol, answer)
    if getattr(sol.result, "is_infinite", False):
        return _infinite(sol, answer)
    return _by_check(sol, answer)


def _infinite(sol: Any, answer: str) -> Verification:
    """An infinite result (a limit that diverges): compare ∞ / −∞ exactly, no tolerance involved."""
    method = "offline engine (exact comparison of ∞)"
    got = _parse(answer)
    if got == sol.result:
        return Verification("verified", method, "SymPy's independent solution agrees.", sol.answer_latex)
    return _mismatch(sol, method, "SymPy's independent solution disagrees.")


def _units(sol: Any, answer: str) -> Verification:
    v = _by_check(sol, answer)
    if v.status == "verified" or (v.status == "mismatch" and "missing_units" not in v.detail):
        return v
    # answer extraction may drop the unit from \boxed{20\ \mathrm{m}}: compare the number in the asked unit
    number = answer.strip().rstrip("\\,~ ").strip()
    from .check import check

    verdict = check(number, sol.result, kind="number", timeout=CHECK_TIMEOUT)
    method = f"offline engine + tutor.check (the number, in {sol.extra.get('unit', 'the asked unit')})"
    if not verdict.valid:
        return v
    if verdict.correct:
        return Verification("verified", method, "SymPy's conversion gives the same number.", sol.answer_latex)
    return _mismatch(sol, method, "SymPy's conversion gives a different number.")


def _by_check(sol: Any, answer: str, method: str = "offline engine + tutor.check") -> Verification:
    from .check import check

    opts = {k: v for k, v in sol.check_options.items() if k in ("form", "rtol", "atol", "sigfigs")}
    try:
        verdict = check(answer, sol.answer, kind=sol.kind, timeout=CHECK_TIMEOUT, **opts)
    except ConfigError as exc:
        return _unverifiable(f"SymPy's answer could not be compared: {exc}", method)
    if verdict.note == "timeout":
        return _unverifiable("The comparison ran past its time bound.", method)
    if not verdict.valid:
        return _unverifiable(f"The final answer could not be read ({verdict.note}).", method)
    if verdict.correct:
        extra = " (the constant of integration is missing)" if verdict.note == "constant_missing" else ""
        return Verification("verified", method, f"SymPy's independent solution agrees{extra}.", sol.answer_latex)
    return _mismatch(sol, method, f"SymPy's independent solution disagrees ({verdict.note}).")


# ---------------------------------------------------------------- substitution checks


def _parse(answer: str) -> Any:
    from .check import parse_math

    return parse_math(answer)


def _values(obj: Any, x: sp.Symbol) -> list[sp.Expr] | None:
    if isinstance(obj, sp.Equality):
        if obj.lhs == x:
            return [obj.rhs]
        if obj.rhs == x:
            return [obj.lhs]
        return None
    if isinstance(obj, sp.Or | sp.FiniteSet | sp.Tuple | tuple | list):
        out: list[sp.Expr] = []
        for a in obj.args if isinstance(obj, sp.Basic) else obj:
            vals = _values(a, x)
            if vals is None:
                return None
            out += vals
        return out
    if isinstance(obj, sp.Expr) and not obj.free_symbols:
        return [obj]
    return None


def _num_zero(e: sp.Expr, tol: float = 1e-8) -> bool:
    try:
        v = complex(sp.N(e, 30))
    except (TypeError, ValueError):
        return False
    return abs(v) <= tol


def _same_value(a: sp.Expr, b: sp.Expr) -> bool:
    return _num_zero(a - b, 1e-9 * (1 + abs(complex(sp.N(b)))))


def _roots(sol: Any, answer: str) -> Verification:
    method = "substitution into the equation + offline engine"
    x, eq = sol.variable, sol.problem
    vals = _values(_parse(answer), x)
    if vals is None:
        return _by_check(sol, answer)
    expected = list(sol.result)
    bad = [v for v in vals if not _num_zero(eq.lhs.subs(x, v) - eq.rhs.subs(x, v))
           or (eq.has(sp.Abs) and not v.is_real)]
    if bad:
        return _mismatch(sol, method, f"Substituting {sp.sstr(bad[0])} into the equation does not satisfy it.")
    missing = [e for e in expected if not any(_same_value(v, e) for v in vals)]
    if missing:
        real_missing = [e for e in missing if e.is_real]
        if not real_missing and sol.family == "polynomial":
            return Verification("verified", method, "Every real root checks out by substitution (the complex roots "
                                "were not asked for).", sol.answer_latex)
        return _mismatch(sol, method, f"Each value given satisfies the equation, but a root is missing "
                         f"({len(missing)} of {len(expected)}).")
    return Verification("verified", method, f"Each of the {len(expected)} root(s) satisfies the equation, and no "
                        "root is missing.", sol.answer_latex)


def _system(sol: Any, answer: str) -> Verification:
    method = "substitution into each equation"
    obj = _parse(answer)
    xs = list(sol.variable)
    values: dict[sp.Symbol, sp.Expr] = {}
    items = obj.args if isinstance(obj, sp.Tuple | sp.And | sp.FiniteSet) else (obj,)
    if all(isinstance(e, sp.Equality) and e.lhs in xs for e in items):
        values = {e.lhs: e.rhs for e in items}
    elif isinstance(obj, sp.Tuple) and len(obj) == len(xs) and not obj.free_symbols:
        values = dict(zip(xs, obj.args, strict=True))  # an ordered point (x, y, …)
    if set(values) != set(xs):
        return _unverifiable("The final answer does not give a value for every unknown.", method)
    for eq in sol.problem:
        if not _num_zero(eq.lhs.subs(values) - eq.rhs.subs(values)):
            return _mismatch(sol, method, f"The values do not satisfy {sp.sstr(eq)}.")
    return Verification("verified", method, f"The values satisfy all {len(sol.problem)} equations.", sol.answer_latex)


def _random_points(x: sp.Symbol, n: int = 5) -> list[float]:
    rng = random.Random(1729)
    return [rng.uniform(0.3, 2.7) for _ in range(n)]


def _antiderivative(sol: Any, answer: str) -> Verification:
    method = "derivative of the antiderivative"
    x = sol.variable
    obj = _parse(answer)
    if isinstance(obj, sp.Equality):
        obj = obj.rhs
    if not isinstance(obj, sp.Expr):
        return _unverifiable("The final answer is not an expression.", method)
    consts = [s for s in obj.free_symbols if s != x]
    # differentiate with respect to a real variable: ln|x| then has the derivative 1/x (on a complex symbol SymPy's
    # Abs has no usable derivative); check points on both sides of 0, skipping any outside the answer's domain
    r = sp.Dummy(str(x), real=True)
    F = obj.subs({c: 0 for c in consts}).subs(x, r)
    dF = sp.diff(F, r)
    integrand = sol.problem.function.subs(x, r)
    ok = 0
    for p in _random_points(x) + [-q for q in _random_points(x)]:
        try:
            a, b = complex(sp.N(dF.subs(r, p))), complex(sp.N(integrand.subs(r, p)))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not (cmath.isfinite(a) and cmath.isfinite(b)):
            continue
        if abs(a - b) > 1e-7 * (1 + abs(b)):
            return _mismatch(sol, method, "Differentiating the answer does not give back the integrand.")
        ok += 1
    if ok < 3:
        return _unverifiable("The antiderivative could not be evaluated at enough points.", method)
    note = "" if consts else " (the constant of integration + C is missing)"
    return Verification("verified", method, f"Differentiating the answer gives back the integrand{note}.",
                        sol.answer_latex)


def _ode(sol: Any, answer: str) -> Verification:
    method = "substitution into the differential equation"
    obj = _parse(answer)
    x, y = sp.Symbol("x"), sp.Symbol("y")
    if not (isinstance(obj, sp.Equality) and obj.lhs == y):
        return _by_check(sol, answer)
    r = sp.Dummy("x", real=True)  # a real variable: ln|x| in a solution has the derivative 1/x
    candidate = obj.rhs.subs(x, r)
    g = sol.extra["g"].subs(x, r)
    residual = sp.diff(candidate, r) - g.subs(y, candidate)
    x = r
    consts = [s for s in candidate.free_symbols if s != x]
    for p in _random_points(x):
        env = {x: p, **{c: sp.Rational(3, 2) for c in consts}}
        if not _num_zero(residual.subs(env), 1e-7):
            return _mismatch(sol, method, "Substituting the answer into the differential equation does not "
                             "satisfy it.")
    x0, y0 = sol.extra.get("x0"), sol.extra.get("y0")
    if x0 is not None and y0 is not None:
        if consts:
            return _mismatch(sol, method, "The answer still has an arbitrary constant; the initial condition fixes "
                             "it.")
        if not _num_zero(candidate.subs(x, x0) - y0):
            return _mismatch(sol, method, "The answer satisfies the equation but not the initial condition.")
    return Verification("verified", method, "The answer satisfies the differential equation"
                        + (" and the initial condition." if x0 is not None else "."), sol.answer_latex)


def verify_and_retry(backend: Any, request: Any, result: Any) -> Any:
    """If ``result`` (a TutorResult) is a mismatch, ask ``backend`` once more, zero-shot, and verify again.

    Returns the new TutorResult-like record fields as a dict (problem unchanged), or None when no retry was made.
    """
    from dataclasses import replace

    from .check import extract_answer
    from .events import Answer, Done, Reasoning

    if result.verification is None or result.verification.status != "mismatch":
        return None
    retry = replace(request, problem=request.problem + retry_prompt_suffix(), history=(), no_cache=True)
    reasoning, answer, done = [], [], None
    for ev in backend.stream(retry):
        if isinstance(ev, Reasoning):
            reasoning.append(ev.text)
        elif isinstance(ev, Answer):
            answer.append(ev.text)
        elif isinstance(ev, Done):
            done = ev
    text = "".join(answer)
    final = extract_answer(text)
    return {"reasoning": "".join(reasoning), "answer": text, "final_answer": final,
            "complete": bool(done and done.complete), "finish_reason": done.finish_reason if done else None,
            "verification": verify(request.problem, final, mode=request.mode)}
