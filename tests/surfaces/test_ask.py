"""tutor.ask.ask: events → TutorResult, backend selection, partial results, interrupts (scripted backend)."""

from __future__ import annotations

import pytest

from tests.surfaces._helpers import ScriptedBackend
from tutor.ask import ask
from tutor.errors import AuthError, ConfigError, StreamInterrupted
from tutor.events import Answer, Done, Notice, Reasoning, Usage
from tutor.result import Plot, TutorResult

R1_EVENTS = [
    Reasoning("First, 5 red of 8, "), Reasoning("then 4 of 7.\n"),
    Notice("from cache"),
    Answer("The probability is \\[ \\frac{5}{8}\\cdot\\frac{4}{7} \\]"), Answer(" so \\boxed{\\frac{5}{14}}."),
    Usage(prompt_tokens=20, completion_tokens=300, reasoning_tokens=250),
    Done("stop", elapsed_s=1.5),
]


def test_events_become_a_complete_result() -> None:
    seen: list[tuple[bool, str, str]] = []
    backend = ScriptedBackend(R1_EVENTS)
    result = ask("Two red marbles?", backend=backend, verify=False,
                 on_update=lambda r: seen.append((r.streaming, r.reasoning, r.answer)))
    assert result.reasoning == "First, 5 red of 8, then 4 of 7.\n"
    assert result.answer.endswith("\\boxed{\\frac{5}{14}}.")
    assert result.final_answer == "\\frac{5}{14}"
    assert result.complete and result.finish_reason == "stop" and result.incomplete_reason == ""
    assert result.usage is not None and result.usage.reasoning_tokens == 250
    assert result.notices == ["from cache"]
    assert result.thinking_s is not None and result.thinking_s <= result.elapsed_s
    assert (result.provider, result.model, result.host) == ("scripted", "m", "127.0.0.1")
    assert result.streaming is False
    # one update when the backend is chosen, one per non-Done event, one final
    assert len(seen) == 1 + 6 + 1
    assert seen[0] == (True, "", "") and seen[-1][0] is False
    assert backend.requests[0].problem == "Two red marbles?"


def test_request_carries_problem_verbatim_and_options() -> None:
    backend = ScriptedBackend([Answer("ok \\boxed{6}"), Done("stop")])
    problem = "Solve \\frac{1}{2}x = 3 for {x}"
    ask(problem, backend=backend, mode="explain", lang="de", no_cache=True)
    req = backend.requests[0]
    assert (req.problem, req.mode, req.lang, req.no_cache) == (problem, "explain", "de", True)


def test_error_before_any_chunk_raises() -> None:
    backend = ScriptedBackend([], raise_after=AuthError("deepseek: set DEEPSEEK_API_KEY", provider="deepseek",
                                                         status=401))
    with pytest.raises(AuthError, match="DEEPSEEK_API_KEY"):
        ask("x", backend=backend)


def test_error_after_chunks_keeps_partial_text() -> None:
    backend = ScriptedBackend([Reasoning("half a thought")],
                              raise_after=StreamInterrupted("connection cut by the host"))
    result = ask("x", backend=backend)
    assert result.reasoning == "half a thought"
    assert not result.complete and result.finish_reason == "error"
    assert "connection cut" in result.incomplete_reason
    assert result.final_answer is None


def test_stream_interrupted_partial_is_used_when_nothing_else_arrived() -> None:
    backend = ScriptedBackend([], raise_after=StreamInterrupted("cut", reasoning="partial from the client"))
    result = ask("x", backend=backend)
    assert result.reasoning == "partial from the client" and not result.complete


def test_cut_while_thinking_is_incomplete_with_reason() -> None:
    backend = ScriptedBackend([Reasoning("Let me think"), Done("length", complete=False, reason="cut off while "
                                                                "thinking (max tokens)")])
    result = ask("x", backend=backend)
    assert not result.complete and result.finish_reason == "length"
    assert result.incomplete_reason == "cut off while thinking (max tokens)"
    assert result.thinking_s is None


def test_stream_without_done_is_incomplete() -> None:
    result = ask("x", backend=ScriptedBackend([Answer("\\boxed{1}")]))
    assert not result.complete and "finish" in result.incomplete_reason
    assert result.final_answer == "1"


def test_keyboard_interrupt_after_chunks_returns_partial_and_closes_stream() -> None:
    backend = ScriptedBackend([Reasoning("thinking"), Reasoning(" more")], raise_after=KeyboardInterrupt())
    calls: list[TutorResult] = []
    result = ask("x", backend=backend, on_update=calls.append)
    assert result.reasoning == "thinking more"
    assert (result.complete, result.finish_reason, result.incomplete_reason) == (False, "cancelled", "interrupted")
    assert backend.closed and calls[-1].streaming is False


def test_keyboard_interrupt_in_renderer_closes_the_backend_stream() -> None:
    backend = ScriptedBackend([Reasoning("a"), Reasoning("b"), Reasoning("c"), Done("stop")])

    def renderer(r: TutorResult) -> None:
        if r.reasoning == "ab" and r.streaming:
            raise KeyboardInterrupt

    result = ask("x", backend=backend, on_update=renderer)
    assert result.reasoning == "ab" and result.incomplete_reason == "interrupted" and backend.closed


def test_keyboard_interrupt_before_anything_propagates() -> None:
    with pytest.raises(KeyboardInterrupt):
        ask("x", backend=ScriptedBackend([], raise_after=KeyboardInterrupt()))


def test_plots_come_from_done_extra() -> None:
    plot = Plot("iVBORw0KGgo=", alt="tangent line")
    result = ask("x", backend=ScriptedBackend([Answer("\\boxed{2}"), Done("stop", extra={"plots": [plot]})]))
    assert result.plots == [plot]


@pytest.mark.parametrize(("problem", "mode"), [("", "solve"), ("   ", "solve"), ("x", "prove")])
def test_bad_input_is_a_config_error(problem: str, mode: str) -> None:
    with pytest.raises(ConfigError):
        ask(problem, mode=mode, backend=ScriptedBackend([]))


def test_last_boxed_fallback_handles_nesting() -> None:
    from tutor.ask import _last_boxed

    assert _last_boxed("\\boxed{1} then \\boxed{\\frac{a}{b^{2}}}") == "\\frac{a}{b^{2}}"
    assert _last_boxed("no box") is None
    assert _last_boxed("\\boxed{unclosed") is None
