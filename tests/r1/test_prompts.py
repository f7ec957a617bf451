"""Prompts: model-card wording, braces survive, language named, hints never ask for the answer."""

from __future__ import annotations

import pytest

from tutor.backend import AskRequest
from tutor.errors import ConfigError
from tutor.r1.prompts import BOXED_INSTRUCTION, build_prompt, language_line

NASTY = "Solve \\frac{1}{2}x = 3, {x} {0} {} {{y}} %s $x$ \\boxed{?}"


def test_solve_prompt_keeps_braces_and_adds_boxed_instruction() -> None:
    text = build_prompt(AskRequest(NASTY))
    assert text == NASTY + "\n\n" + BOXED_INSTRUCTION
    assert BOXED_INSTRUCTION == "Please reason step by step, and put your final answer within \\boxed{}."


@pytest.mark.parametrize("code,name", [("de", "German"), ("fr-CA", "French"), ("pt_BR", "Portuguese"),
                                       ("Klingon", "Klingon")])
def test_language_is_named(code: str, name: str) -> None:
    assert language_line(code).startswith("Answer in " + name)
    assert build_prompt(AskRequest("Löse x+1=2", lang=code)).endswith("including your reasoning.")


def test_bad_language_and_mode() -> None:
    with pytest.raises(ConfigError):
        language_line("{x}; drop")
    with pytest.raises(ConfigError, match="unknown mode"):
        build_prompt(AskRequest("x", mode="cheat"))  # type: ignore[arg-type]


def test_hint_prompt() -> None:
    text = build_prompt(AskRequest(NASTY, mode="hint", hint_level=2, student_answer="x = {5}",
                                   context="factor: (x-2)(x-3)"))
    assert NASTY in text and "x = {5}" in text and "(x-2)(x-3)" in text
    assert "Never reveal the final answer" in text and "level 2 of 3" in text
    assert BOXED_INSTRUCTION not in text


def test_explain_prompt() -> None:
    text = build_prompt(AskRequest("the chain rule {f(g(x))}", mode="explain", lang="es"))
    assert "{f(g(x))}" in text and "Answer in Spanish" in text and "\\boxed{}." not in text
