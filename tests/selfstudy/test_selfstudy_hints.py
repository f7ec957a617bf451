"""The hint ladder's leak guard: screening, the re-ask, the offline fallback — end to end against the fake R1 server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakeserver import FakeR1, error_reply
from tutor.errors import ConfigError
from tutor.selfstudy import practice
from tutor.selfstudy.hints import _candidates, answer_targets, get_hint, screen_hint

QUAD = "Solve x^2 - 5x + 6 = 0"
SAFE = "Try to write the left-hand side as a product of two brackets: which two numbers multiply to $6$?"
SECRET_REASONING = "SECRET-REASONING: the roots are 2 and 3, so the answer is {2, 3}."


@pytest.fixture
def r1() -> Iterator[FakeR1]:
    with FakeR1("vllm") as server:
        yield server


# ------------------------------------------------------------------------------------------- screening table

LEAKS = [
    # (hint, answer, kind) — each must be withheld
    ("So the answer is \\boxed{\\{2, 3\\}}.", "{2, 3}", "set"),
    ("Factor it: you get $x = 2$ or $x = 3$.", "{2, 3}", "set"),
    ("One of the roots is 3.", "{2, 3}", "set"),
    ("The solutions are $\\{2, 3\\}$.", "{2, 3}", "set"),
    ("Subtract 7 and divide by 3 to get x = 5.", "x = 5", "equation"),
    ("Divide both sides by $3$: $x = \\frac{15}{3} = 5$", "x = 5", "equation"),
    ("By the power rule, $\\frac{d}{dx} x^3 = 3x^2$.", "3x^2", None),
    ("The derivative is 3*x^2", "3x^2", None),
    ("You should get $\\frac{1}{2}$.", "0.5", "number"),
    ("The speed is 20 m/s", "20 m/s", "units"),
    ("You should end up with 20 in SI units.", "20 m/s", "units"),
    ("Then v = 16.7", "16.7 m/s", "units"),
    (" ".join(f"${i}x$" for i in range(70)), "x = 500", "equation"),  # too much to screen: withheld
    ("Plug in: the value is $\\sqrt{2}$.", "sqrt(2)", None),
    ("Combine: $(6, 4)$ is the point where they meet.", "(6, 4)", "list"),
    ("Factor: $(x - 1)(x + 5) = 0$.", "{1, -5}", "set"),  # the roots can be read off the factors
    ("Write it as $(2x - 3)(x + 4)$ and use the zero-product property.", "{3/2, -4}", "set"),
    # answers spelled in English words
    ("Dividing 8 by 2 gives four.", "x = 4", "equation"),
    ("So x equals four.", "x = 4", "equation"),
    ("It comes out as twenty-one.", "x = 21", "equation"),
    ("The value is negative four.", "x = -4", "equation"),
    ("You should get one half.", "x = 1/2", "equation"),
    ("The answer is a quarter.", "0.25", "number"),
    ("It is three quarters, and that is all.", "3/4", None),
    ("The speed comes out as twenty m/s.", "20 m/s", "units"),
]

SAFE_HINTS = [
    ("Try to write the left-hand side as a product of two brackets.", "{2, 3}", "set"),
    ("Which two numbers multiply to $6$ and add to $-5$?", "{2, 3}", "set"),
    ("Start by subtracting $7$ from both sides of $3x + 7 = 22$.", "x = 5", "equation"),
    ("Use the power rule: bring the exponent down and reduce it by one.", "3x^2", None),
    ("Remember that $x^2 - 5x + 6$ is a quadratic; look for a factorization.", "{2, 3}", "set"),
    ("Convert km to m first: multiply by 1000, and hours to seconds.", "20 m/s", "units"),
    ("Write it in the form $(x - p)(x - q) = 0$.", "{2, 3}", "set"),
    ("Use the product rule on $x(x^2 + 1)$.", "3x^2 + 1", None),
    # an intermediate equation equivalent to the answer but not solved for x is the next step, not the answer
    ("Since $2x = 8$, what is $x$?", "x = 4", "equation"),
    ("Since 2x = 8, what is x?", "x = 4", "equation"),
    # number words that are not the answer's value, or not numbers at all
    ("Multiply both sides by two and simplify.", "x = 4", "equation"),
    ("Try one more time: look at the two sides separately.", "x = 1", "equation"),
]


@pytest.mark.parametrize(("hint", "answer", "kind"), LEAKS)
def test_leaking_hints_are_withheld(hint: str, answer: str, kind: str | None) -> None:
    assert screen_hint(hint, answer, kind=kind) is not None


@pytest.mark.parametrize(("hint", "answer", "kind"), SAFE_HINTS)
def test_safe_hints_pass(hint: str, answer: str, kind: str | None) -> None:
    problem = "Solve x^2 - 5x + 6 = 0. Solve 3x + 7 = 22."
    assert screen_hint(hint, answer, kind=kind, problem=problem) is None


def test_quoting_the_problem_is_not_a_leak_but_a_bare_number_always_counts() -> None:
    # a "simplify" problem's own expression equals its answer in value: quoting it reveals nothing
    assert screen_hint("Look at $(x^2-1)/(x-1)$ closely.", "x + 1", problem="Simplify (x^2-1)/(x-1)") is None
    assert screen_hint("It is 12.", "x = 12", kind="equation", problem="Solve x/12 = 1") is not None


def test_candidates_and_targets() -> None:
    cands = _candidates("so $x^2 = 4$, hence x = 2. Step two.")
    assert "x^2 = 4" in cands and "4" in cands and "x = 2" in cands and "2" in cands
    assert [str(t) for t in answer_targets("{2, 3}")] == ["2", "3"]
    assert [str(t) for t in answer_targets("x = 5")] == ["5"]


# ------------------------------------------------------------------------------------------- the ladder


def test_level_is_validated() -> None:
    with pytest.raises(ConfigError):
        get_hint(QUAD, "{2, 3}", level=4, offline=True)


def test_offline_ladder_has_three_distinct_safe_rungs() -> None:
    rungs = [get_hint(QUAD, "{2, 3}", kind="set", level=n, offline=True) for n in (1, 2, 3)]
    assert [r.source for r in rungs] == ["offline"] * 3 and [r.level for r in rungs] == [1, 2, 3]
    assert len({r.hint for r in rungs}) == 3
    assert all(screen_hint(r.hint, "{2, 3}", kind="set") is None for r in rungs)


def test_safe_r1_hint_is_used_and_reasoning_never_shown(scripted: Any) -> None:
    backend = scripted([(SECRET_REASONING, SAFE)])
    res = get_hint(QUAD, "{2, 3}", kind="set", level=1, backend=backend, student_answer="{2}")
    assert (res.source, res.rejected, res.hint) == ("r1", 0, SAFE)
    assert "SECRET" not in res.hint
    req = backend.requests[0]
    assert req.mode == "hint" and req.hint_level == 1 and req.student_answer == "{2}"
    assert req.context and "never reveal" in req.context  # the offline engine's verified path, for R1 only


def test_leak_then_safe_reask(scripted: Any) -> None:
    backend = scripted([(SECRET_REASONING, "The roots are $x=2$ and $x=3$."), ("", SAFE)])
    res = get_hint(QUAD, "{2, 3}", kind="set", level=3, backend=backend)
    assert (res.source, res.rejected, res.hint) == ("r1", 1, SAFE) and "withheld" in res.note
    assert backend.requests[1].no_cache and "withheld" in (backend.requests[1].context or "")


def test_provider_error_falls_back_offline() -> None:
    with FakeR1("vllm") as server:
        server.script(error_reply(401))
        res = get_hint(QUAD, "{2, 3}", kind="set", level=2, backend=server.backend())
    assert res.source == "offline" and res.rejected == 0 and "R1 hint unavailable" in res.note


# ------------------------------------------------------------------------------------------- end to end, real HTTP


def test_fake_r1_safe_hint_over_http(r1: FakeR1) -> None:
    r1.reply("I must not give the roots away.", SAFE)
    res = get_hint(QUAD, "{2, 3}", kind="set", level=1, backend=r1.backend())
    assert (res.source, res.rejected, res.hint) == ("r1", 0, SAFE)
    prompt = r1.last.prompt
    assert "hint" in prompt.lower() and QUAD in prompt and "Never reveal" in prompt


def test_fake_r1_leaking_hint_rejected_reasked_then_offline(r1: FakeR1) -> None:
    r1.reply(SECRET_REASONING, "Factor: $(x-2)(x-3)=0$, so \\boxed{x = 2 \\text{ or } x = 3}.")
    r1.reply(SECRET_REASONING, "The solutions are 2 and 3.")
    res = get_hint(QUAD, "{2, 3}", kind="set", level=3, backend=r1.backend())
    assert res.source == "offline" and res.rejected == 2
    assert len(r1.chat_requests) == 2  # asked once more, then fell back
    assert "withheld" in r1.chat_requests[1].prompt  # the re-ask says why
    assert screen_hint(res.hint, "{2, 3}", kind="set") is None
    assert "SECRET" not in res.hint and "2 and 3" not in res.hint


def test_widget_hint_button_with_leaking_r1(r1: FakeR1) -> None:
    r1.reply(SECRET_REASONING, "Easy: x = 2 and x = 3.")
    r1.reply(SECRET_REASONING, "\\boxed{\\{2,3\\}}")
    r1.reply("thinking", SAFE)
    w = practice(QUAD, answer="{2, 3}", kind="set", backend=r1.backend())
    w.answer_box.value = "{2, 4}"
    w.check_button.click()
    w.hint_button.click()
    first = w.hints[0]
    assert first.source == "offline" and first.rejected == 2 and "withheld" in w.message.value
    assert "2" not in first.note and "3" not in first.note  # the reason never echoes the leak
    assert "x = 2 and x = 3" not in w.hints_view.value and "SECRET" not in w.hints_view.value
    assert r1.chat_requests[0].prompt.count("{2, 4}") == 1  # the student's last answer reached R1
    w.hint_button.click()
    assert w.hints[1].source == "r1" and w.hints[1].hint == SAFE and "(R1)" in w.hints_view.value


def test_widget_solution_from_r1_with_badge(r1: FakeR1) -> None:
    w = practice(QUAD, answer="{2, 3}", kind="set", backend=r1.backend())
    w.check("{2, 3}")
    w.solution_button.click()
    res = w.solution_result
    assert res is not None and res.provider == "vllm" and res.final_answer
    assert res.verification is not None and res.verification.status == "verified"
    assert "Verified" in w.solution_view.value and "Thought for" in w.solution_view.value
    assert r1.last.prompt.startswith(QUAD) and "boxed" in r1.last.prompt


def test_widget_solution_mismatch_badge(r1: FakeR1) -> None:
    r1.reply("The roots are 1 and 6.", "So \\boxed{\\{1, 6\\}}")
    w = practice(QUAD, answer="{2, 3}", kind="set", backend=r1.backend())
    w.solution_button.click()
    w.confirm_show.click()
    res = w.solution_result
    assert res is not None and res.verification is not None and res.verification.status == "mismatch"
    assert "SymPy disagrees" in w.solution_view.value


@pytest.mark.parametrize("topic", ["systems", "integrals", "derivatives", "kinematics", "stoichiometry"])
def test_bank_problem_ladder_is_topic_aware_and_safe(topic: str) -> None:
    from tutor.bank import draw
    from tutor.selfstudy._topics import TOPIC_HINTS

    problem = draw(topic, 2, seed=5)
    w = practice(problem, offline=True, progress=False)
    rungs = [w.hint() for _ in range(3)]
    assert [r.level for r in rungs if r] == [1, 2, 3]
    solved = w.spec.offline_solution  # the offline engine solved the statement (and agrees with the key)…
    expected_first = solved.hints[0] if solved is not None else TOPIC_HINTS[topic][0]  # …else the topic's ladder
    assert rungs[0] is not None and rungs[0].hint == expected_first
    for rung in rungs:
        assert rung is not None and rung.source == "offline"
        assert screen_hint(rung.hint, problem.answer, kind=problem.kind, options=problem.options) is None


def test_failing_r1_host_falls_back_to_offline_and_stays_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeR1("vllm") as server:
        server.script(error_reply(401, provider="vllm"))
        monkeypatch.setenv("TUTOR_PROVIDER", "vllm")  # configured through the environment, as a student would
        monkeypatch.setenv("TUTOR_BASE_URL", server.base_url())
        w = practice(QUAD, answer="{2, 3}", kind="set")
        first = w.hint()
        assert first is not None and first.source == "offline" and first.hint and first.r1_failed
        assert "offline tutor" in w.message.value
        w.request_solution()
        w.confirm_solution()  # the offline tutor now: no second wait for a failing host
        assert len(server.chat_requests) == 1
    assert w.solution_result is not None and w.solution_result.provider == "offline"
    assert "Verified" in w.solution_view.value


def test_solution_stream_is_coalesced_not_one_update_per_token(r1: FakeR1) -> None:
    words = " ".join(f"step{i} $x_{{{i}}}$" for i in range(1500))  # ~3000 token-like chunks
    r1.reply(words, "So \\boxed{\\{2, 3\\}}")
    w = practice(QUAD, answer="{2, 3}", kind="set", backend=r1.backend())
    values: list[str] = []
    w.solution_view.observe(lambda change: values.append(change["new"]), names="value")
    start = time.monotonic()
    w.check("{2, 3}")
    w.solution_button.click()
    elapsed = time.monotonic() - start
    assert w.solution_result is not None and w.solution_result.complete
    assert len(values) < 3000 / 10  # coalesced: LaTeX is typeset per flush, not per token
    assert len(values) <= 20 * elapsed + 3  # the live renderer's cap: ≤ 20 updates per second (+ first and final)
    assert "step1499" in values[-1] and "Verified" in values[-1]


def test_bank_statement_in_latex_is_solved_offline_in_a_plainer_wording() -> None:
    from tutor.bank import draw

    problem = draw("quadratics", 2, seed=1)  # "Solve $$4 x^{2} + x - 14 = 0$$ Give all real solutions…"
    w = practice(problem, offline=True, progress=False)
    assert w.offline_solution() is not None and "$" not in w.spec.offline_statement
    w.request_solution()
    w.confirm_solution()
    assert w.solution_result is not None and w.solution_result.provider == "offline"
    assert "Verified" in w.solution_view.value and w.plots.children  # worked steps, badge and a plot


def test_number_words_become_numerals() -> None:
    from tutor.selfstudy.hints import _number_words

    assert _number_words("Dividing 8 by 2 gives four.") == "Dividing 8 by 2 gives 4."
    assert _number_words("x is seventy-five, so") == "x is 75, so"
    assert _number_words("one half and a quarter") == "1/2 and 1/4"
    assert _number_words("minus twelve.") == "-12."
    assert _number_words("a hundred") == "100"
    assert _number_words("Look at both sides: two sides, one step") == "Look at both sides: two sides, one step"
