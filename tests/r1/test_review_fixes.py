"""Regression tests for review findings in the R1 transport: ``</think>`` inside content on hosts that normally
send a reasoning field, and naming the reply language of non-English problems (recorded by the fake server)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.fakeserver import QUADRATIC, FakeR1, Reply, r1_reply
from tests.r1.helpers import collect
from tutor.backend import AskRequest
from tutor.r1._split import HOLD_CHARS
from tutor.r1.prompts import build_prompt, guess_language

PROBLEM = "Solve x^2 - 5x + 6 = 0"
FIELD_PROVIDERS = ["deepseek", "openrouter", "ollama"]


def _ndjson_content(model: str, pieces: list[str]) -> Reply:
    """Ollama's native stream with the thought inside ``message.content`` (no ``thinking`` field)."""
    lines = [json.dumps({"model": model, "message": {"role": "assistant", "content": p}, "done": False}).encode()
             + b"\n" for p in pieces]
    lines.append(json.dumps({"model": model, "message": {"role": "assistant", "content": ""}, "done": True,
                             "done_reason": "stop", "prompt_eval_count": 5, "eval_count": 9}).encode() + b"\n")
    return Reply(parts=lines, content_type="application/x-ndjson")


def _script(fake: FakeR1, provider: str, reasoning: str, answer: str, chunk_size: int | None = None) -> None:
    if provider == "ollama":
        text = reasoning + "\n</think>\n\n" + answer
        size = chunk_size or 5
        fake.script(_ndjson_content("deepseek-r1:7b", [text[i:i + size] for i in range(0, len(text), size)]))
    else:
        fake.script(r1_reply(provider, reasoning, answer, style="noopen", chunk_size=chunk_size))


@pytest.mark.parametrize("provider", FIELD_PROVIDERS)
@pytest.mark.parametrize("chunk_size", [None, 1, 3, 7])
def test_close_tag_only_in_content_splits_reasoning_on_field_hosts(
        make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch, provider: str,
        chunk_size: int | None) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-test")
    fake = make_fake_r1(provider)
    _script(fake, provider, QUADRATIC.reasoning, QUADRATIC.answer, chunk_size)
    got = collect(fake.backend(provider).stream(AskRequest(PROBLEM)))
    assert got.reasoning.strip() == QUADRATIC.reasoning.strip()
    assert got.answer.strip() == QUADRATIC.answer.strip() and "</think>" not in got.answer
    assert got.done is not None and got.done.complete


@pytest.mark.parametrize("provider", FIELD_PROVIDERS)
def test_long_thought_in_content_streams_as_reasoning_before_the_close_tag(
        make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    """Longer than the hold-back window: shown live as reasoning (not held to the end), then split at </think>."""
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-test")
    fake = make_fake_r1(provider)
    thought = "Let me check each step once more. " * (HOLD_CHARS // 20)
    _script(fake, provider, thought, "So \\boxed{2}.", 40)
    events = list(fake.backend(provider).stream(AskRequest(PROBLEM)))
    got = collect(events)
    assert got.reasoning.strip() == thought.strip() and got.answer == "So \\boxed{2}."
    kinds = [type(e).__name__ for e in events if type(e).__name__ in ("Reasoning", "Answer")]
    assert kinds.count("Reasoning") > 1 and kinds[-1] == "Answer"  # the thought streamed in several pieces


@pytest.mark.parametrize("provider", ["deepseek", "openrouter"])
def test_plain_content_without_reasoning_is_still_the_answer(
        make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-test")
    fake = make_fake_r1(provider)
    fake.script(r1_reply(provider, "", "Factor: (x-2)(x-3), so \\boxed{2, 3}."))
    got = collect(fake.backend(provider).stream(AskRequest(PROBLEM)))
    assert got.reasoning == "" and got.answer == "Factor: (x-2)(x-3), so \\boxed{2, 3}." and got.done.complete  # type: ignore[union-attr]


# ---- the reply language ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    ("Résous 2x + 3 = 7", "fr"),
    ("Calcule la dérivée de x^2", "fr"),
    ("Löse die Gleichung x^2 = 4", "de"),
    ("Berechne die Ableitung von sin(x)", "de"),
    ("Resuelve la ecuación 2x+3=7", "es"),
    ("Encuentra la derivada de x^2", "es"),
    ("Risolvi l'equazione 2x = 4", "it"),
    ("Calcola la derivata di x^2", "it"),
    ("Resolva a equação 2x = 4", "pt"),
    ("Los de vergelijking 2x = 4 op", "nl"),
    ("Bereken de afgeleide van x^2", "nl"),
    ("Solve 2x + 3 = 7", None),
    ("What is the derivative of sin x?", None),
    ("Find the limit of sin(x)/x as x approaches 0", None),
    ("x^2 - 5x + 6 = 0", None),
    ("\\frac{1}{2}x = 3", None),
    ("\\int_0^1 x^2 \\, dx", None),
    ("", None),
])
def test_guess_language(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang


def test_non_english_problem_names_the_language_in_the_recorded_prompt(keys: str, fake_r1: FakeR1) -> None:
    backend = fake_r1.backend()
    collect(backend.stream(AskRequest("Résous 2x + 3 = 7")))
    assert fake_r1.last.prompt.endswith("Answer in French, including your reasoning.")
    collect(backend.stream(AskRequest("Solve 2x + 3 = 7")))
    assert "Answer in" not in fake_r1.last.prompt
    collect(backend.stream(AskRequest("Résous 2x + 3 = 7", lang="de")))  # an explicit --lang wins
    assert fake_r1.last.prompt.endswith("Answer in German, including your reasoning.")
    collect(backend.stream(AskRequest("Löse 2x + 3 = 7", mode="hint", hint_level=2)))
    assert fake_r1.last.prompt.endswith("Answer in German, including your reasoning.")


def test_guess_leaves_braces_verbatim() -> None:
    prompt = build_prompt(AskRequest("Résous \\frac{1}{2}x = {3}"))
    assert prompt.startswith("Résous \\frac{1}{2}x = {3}") and "French" in prompt


def test_cut_while_content_is_held_keeps_it_and_does_not_retry(keys: str, fake_r1: FakeR1) -> None:
    """Held-back content counts as arrived: a cut connection then ends incomplete with it, never re-asks."""
    fake_r1.script(r1_reply("deepseek", "Let me think about this", "", style="noopen", cut_after=3),
                   r1_reply("deepseek", "second", "\\boxed{9}"))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert len(fake_r1.chat_requests) == 1 and not got.notices
    assert got.done is not None and not got.done.complete
    assert (got.reasoning + got.answer).startswith("Let me")
