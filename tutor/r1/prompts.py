"""Every prompt the tutor sends to R1, in one place.

Built by concatenation only — never ``str.format`` or f-strings over user text — so braces in LaTeX
(``\\frac{1}{2}``, ``{x}``) reach the model unchanged (the bug of jupyter-ai #967). Following the DeepSeek-R1
model card: no system message (instructions live in the user turn), zero-shot (no examples), and the boxed-answer
instruction for problems.
"""

from __future__ import annotations

from ..backend import AskRequest
from ..errors import ConfigError

__all__ = ["build_prompt", "solve_prompt", "hint_prompt", "explain_prompt", "language_line", "BOXED_INSTRUCTION",
           "LANGUAGES"]

BOXED_INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}."

LANGUAGES: dict[str, str] = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian", "ro": "Romanian", "el": "Greek",
    "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "he": "Hebrew", "fa": "Persian",
    "hi": "Hindi", "bn": "Bengali", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese",
    "th": "Thai", "id": "Indonesian", "ms": "Malay", "sw": "Swahili", "ca": "Catalan",
}

_HINT_LEVELS = {
    1: "Give only a strategy: which idea or approach to try first. Do not do any calculation.",
    2: "Name the rule, formula or method that applies and how it fits this problem, without applying it fully.",
    3: "Show only the single next concrete step the student should take, and stop there.",
}


def language_line(lang: str | None) -> str:
    """'Answer in German.' for 'de' / 'de-AT' / 'German'; '' when no language is set."""
    if not lang:
        return ""
    code = lang.strip()
    name = LANGUAGES.get(code.lower().replace("_", "-").split("-")[0])
    if name is None:
        if not code.replace(" ", "").replace("-", "").isalpha() or len(code) > 40:
            raise ConfigError("unknown language " + repr(lang) + "; use a code like 'de' or 'fr'")
        name = code[:1].upper() + code[1:]
    return "Answer in " + name + ", including your reasoning."


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def solve_prompt(problem: str, lang: str | None = None) -> str:
    """The problem, then the model card's boxed-answer instruction (and the answer language when set)."""
    return _join(problem.strip(), BOXED_INSTRUCTION, language_line(lang))


def hint_prompt(problem: str, *, level: int | None = None, student_answer: str | None = None,
                context: str | None = None, lang: str | None = None) -> str:
    """A hint at ``level`` (1 strategy, 2 method, 3 next step) that must never reveal the final answer."""
    lvl = level if level in _HINT_LEVELS else 1
    parts = [
        "A student is working on this problem:",
        problem.strip(),
    ]
    if student_answer and student_answer.strip():
        parts.append("The student's last answer was: " + student_answer.strip())
    if context and context.strip():
        parts.append("Background for you (do not quote it): " + context.strip())
    parts.append(
        "Act as a tutor and give the student a hint (level " + str(lvl) + " of 3). " + _HINT_LEVELS[lvl]
        + " Never reveal the final answer or the final result, not even partially, and do not use \\boxed{}."
        + " If the student's answer is wrong, say so gently and point at the first mistake without correcting it."
        + " Keep the hint to at most three sentences."
    )
    parts.append(language_line(lang))
    return _join(*parts)


def explain_prompt(problem: str, *, student_answer: str | None = None, context: str | None = None,
                   lang: str | None = None) -> str:
    """Explain a concept or an error clearly; no boxed final answer required."""
    parts = ["Explain the following clearly to a student, step by step, with a short example where it helps:",
             problem.strip()]
    if student_answer and student_answer.strip():
        parts.append("The student answered: " + student_answer.strip()
                     + "\nExplain what is right or wrong about this answer and why.")
    if context and context.strip():
        parts.append("Context: " + context.strip())
    parts.append("Use LaTeX for mathematics. A boxed final answer is not needed.")
    parts.append(language_line(lang))
    return _join(*parts)


def build_prompt(request: AskRequest) -> str:
    """The user-turn text for ``request`` according to its mode."""
    if request.mode == "hint":
        return hint_prompt(request.problem, level=request.hint_level, student_answer=request.student_answer,
                           context=request.context, lang=request.lang)
    if request.mode == "explain":
        return explain_prompt(request.problem, student_answer=request.student_answer, context=request.context,
                              lang=request.lang)
    if request.mode != "solve":
        raise ConfigError("unknown mode " + repr(request.mode) + "; use solve, hint or explain")
    return solve_prompt(request.problem, request.lang)
