"""Verification of R1's answers against the fake R1 server (real HTTP on 127.0.0.1): right and deliberately
wrong answers for every family, unverifiable cases, and the zero-shot re-ask on mismatch."""

from __future__ import annotations

import pytest

from tests.offline.cases import ALL
from tutor.backend import AskRequest
from tutor.check import extract_answer
from tutor.events import Answer
from tutor.offline import OfflineTutor
from tutor.result import TutorResult
from tutor.verify import retry_prompt_suffix, verify, verify_and_retry

# family: (problem, right final answer, wrong final answer) — in the LaTeX R1 writes inside \boxed{}
CASES = {
    "linear": ("Solve 2x + 3 = 7", "x = 2", "x = 3"),
    "quadratic": ("Solve x^2 - 5x + 6 = 0", r"x = 2 \text{ or } x = 3", "x = 2"),
    "polynomial": ("Solve x^3 - 6x^2 + 11x - 6 = 0", r"\{1, 2, 3\}", r"\{1, 2, 4\}"),
    "system": ("Solve the system x + y = 5, x - y = 1", "(3, 2)", "x = 2, y = 3"),
    "inequality": ("Solve 2x + 3 < 7", "x < 2", r"(2, \infty)"),
    "absolute_value": ("Solve |2x - 3| = 5", "x = -1, x = 4", "x = 4"),
    "factor": ("Factor x^2 - 9", "(x-3)(x+3)", "(x-9)(x+1)"),
    "derivative": (r"Find the derivative of x^2 \sin x", r"2x\sin x + x^2\cos x", r"2x\cos x"),
    "integral": ("Integrate x e^x dx", r"(x - 1)e^{x} + C", r"x e^{x} + C"),
    "definite": ("Integrate x^2 from 0 to 1", r"\frac{1}{3}", r"\frac{1}{2}"),
    "limit": ("lim x->0 sin(x)/x", "1", "0"),
    "taylor": ("Maclaurin series of e^x up to x^3", r"1 + x + \frac{x^2}{2} + \frac{x^3}{6}", "1 + x + x^2 + x^3"),
    "ode": ("Solve y' = 2y, y(0) = 3", "y = 3e^{2x}", "y = 3e^{x}"),
    "matrix": ("determinant of [[1, 2], [3, 4]]", "-2", "2"),
    "units": ("Convert 72 km/h to m/s", r"20\ \mathrm{m/s}", "25 m/s"),
    "arithmetic": ("Evaluate 7!/(5! 2!)", "21", "42"),
}


@pytest.fixture
def r1(fake_r1, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-offline-verify")
    return fake_r1


def _ask(r1, problem: str, boxed: str) -> str | None:  # type: ignore[no-untyped-def]
    r1.reply("Let me work through this carefully.\nSo the result follows.",
             f"Working shown above, so the final answer is $\\boxed{{{boxed}}}$.")
    events = list(r1.backend().stream(AskRequest(problem)))
    text = "".join(e.text for e in events if isinstance(e, Answer))
    return extract_answer(text)


@pytest.mark.parametrize("family", sorted(CASES))
def test_right_answer_is_verified(r1, family: str) -> None:  # type: ignore[no-untyped-def]
    problem, right, _ = CASES[family]
    final = _ask(r1, problem, right)
    v = verify(problem, final)
    assert v.status == "verified", (family, final, v)
    assert v.method and v.detail
    assert r1.last.prompt  # the request really went over HTTP


@pytest.mark.parametrize("family", sorted(CASES))
def test_wrong_answer_is_a_mismatch_with_sympys_result(r1, family: str) -> None:  # type: ignore[no-untyped-def]
    problem, _, wrong = CASES[family]
    final = _ask(r1, problem, wrong)
    v = verify(problem, final)
    assert v.status == "mismatch", (family, final, v)
    assert v.expected  # SymPy's own result, as LaTeX
    assert v.to_dict()["status"] == "mismatch"


def test_substitution_methods_are_named() -> None:
    assert "substitution" in verify("Solve 2x + 3 = 7", "x = 2").method
    assert verify("Integrate x e^x dx", "(x-1)e^x + C").method == "derivative of the antiderivative"
    assert "each equation" in verify("Solve the system x + y = 5, x - y = 1", "(3, 2)").method
    assert "differential equation" in verify("Solve y' = 2y, y(0) = 3", "y = 3e^{2x}").method


def test_general_ode_solution_is_verified_by_substitution() -> None:
    assert verify("Solve y' = 2y", "y = C e^{2x}").status == "verified"
    assert verify("Solve y' = 2y", "y = C e^{3x}").status == "mismatch"


@pytest.mark.parametrize(("problem", "final", "why"), [
    ("Prove that sqrt(2) is irrational", "QED", "can't solve"),
    ("Solve 2x + 3 = 7", None, "No final answer"),
    ("Solve 2x + 3 = 7", "   ", "No final answer"),
    ("Solve 2x + 3 = 7", "x = = 2", "could not be read"),
])
def test_unverifiable_says_why(problem: str, final: str | None, why: str) -> None:
    v = verify(problem, final)
    assert v.status == "unverifiable" and why in v.detail
    assert v.expected is None


def test_hint_mode_is_not_verified() -> None:
    assert verify("Solve 2x + 3 = 7", "x = 2", mode="hint").status == "unverifiable"


def test_retry_suffix_never_reveals_the_expected_answer() -> None:
    suffix = retry_prompt_suffix()
    assert "check" in suffix and "\\boxed{}" in suffix
    assert "2" not in suffix and "SymPy" not in suffix


def test_retry_on_mismatch_asks_once_more_zero_shot(r1) -> None:  # type: ignore[no-untyped-def]
    problem = "Solve 2x + 3 = 7"
    final = _ask(r1, problem, "x = 3")
    first = TutorResult(problem=problem, final_answer=final, verification=verify(problem, final))
    assert first.verification is not None and first.verification.status == "mismatch"
    r1.reply("Re-checking from scratch.", "So $\\boxed{x = 2}$.")
    retried = verify_and_retry(r1.backend(), AskRequest(problem), first)
    assert retried is not None and retried["verification"].status == "verified"
    prompt = r1.last.prompt
    assert retry_prompt_suffix().strip()[:40] in prompt
    assert "x = 2" not in prompt and "\\boxed{x" not in prompt
    assert [m["role"] for m in r1.last.messages] == ["user"]  # zero-shot: no earlier turns sent back
    assert len(r1.chat_requests) == 2


def test_no_retry_when_verified(r1) -> None:  # type: ignore[no-untyped-def]
    problem = "Solve 2x + 3 = 7"
    ok = TutorResult(problem=problem, final_answer="x = 2", verification=verify(problem, "x = 2"))
    assert verify_and_retry(r1.backend(), AskRequest(problem), ok) is None
    assert r1.chat_requests == []


@pytest.mark.parametrize(("family", "problem", "expected"), ALL[::2], ids=[p for _, p, _ in ALL[::2]])
def test_offline_answers_verify_themselves(family: str, problem: str, expected: str) -> None:
    """What OfflineTutor boxes, extract_answer reads back, and verify accepts (the offline badge is ✓)."""
    events = list(OfflineTutor(plots=False).stream(AskRequest(problem)))
    final = extract_answer("".join(e.text for e in events if isinstance(e, Answer)))
    assert verify(problem, final).status == "verified", (problem, final)


def test_units_answer_without_its_unit_is_compared_as_a_number() -> None:
    assert verify("Convert 5 mi to km", "8.04672").status == "verified"
    assert verify("Convert 5 mi to km", "8.5").status == "mismatch"


def test_infinite_limits_compare_exactly() -> None:
    assert verify("Find the limit of 1/x^2 as x approaches 0", r"\infty").status == "verified"
    assert verify("Find the limit of 1/x^2 as x approaches 0", "0").status == "mismatch"
    assert verify("Find the limit of 1/x^2 as x approaches 0", r"-\infty").status == "mismatch"


@pytest.mark.parametrize(("problem", "final"), [
    ("Find the derivative of x^2", "f'(x) = 2x"),
    ("Integrate x^2 dx", r"\int x^2\,dx = \frac{x^3}{3} + C"),
    ("determinant of [[1, 2], [3, 4]]", r"\det A = -2"),
    ("lim x->0 sin(x)/x", r"\lim_{x \to 0} \frac{\sin x}{x} = 1"),
])
def test_labelled_answers_are_read_after_the_last_equals(problem: str, final: str) -> None:
    assert verify(problem, final).status == "verified"
