"""The result of one check: a frozen Verdict with a stable machine note and friendly feedback."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Verdict", "Preview", "NOTES", "feedback_for"]

# note -> default feedback (never reveals the expected answer)
NOTES: dict[str, str] = {
    "correct": "Correct — well done!",
    "incorrect": "Not quite. Check your working and try again.",
    "sign_error": "Almost: check your signs.",
    "missing_root": "You found some of the solutions, but not all of them.",
    "extra_root": "Your answer includes a value that is not a solution.",
    "wrong_order": "The right values, but in the wrong order.",
    "wrong_length": "Check how many values the answer should have.",
    "not_solved": "That equation is equivalent, but it isn't solved yet.",
    "not_simplified": "Correct value, but please simplify your answer fully.",
    "not_factored": "Correct value, but the answer should be fully factored.",
    "not_expanded": "Correct value, but the answer should be expanded (multiplied out).",
    "not_fraction": "Correct value, but please write it as a single fraction.",
    "not_decimal": "Correct value, but please give it as a decimal number.",
    "wrong_dimension": "Those units measure a different kind of quantity — check your units.",
    "missing_units": "Your number needs units.",
    "wrong_units": "The quantity is right but is not in the requested units.",
    "rounding": "Close, but not accurate enough: give more digits or the exact value.",
    "sigfigs": "Check the number of significant figures.",
    "constant_missing": "Correct — but remember the constant of integration (+ C).",
    "wrong_kind": "Your answer is not the kind of object asked for (e.g. a number, a set, an equation).",
    "wrong_variable": "Check the variable names in your answer.",
    "interval_endpoints": "Check whether each endpoint should be included or excluded.",
    "invalid_syntax": "I could not read that answer. Check the brackets and operators.",
    "unknown_name": "Your answer uses a name I do not know.",
    "undefined": "That value is undefined.",
    "too_large": "That answer is too large or too deeply nested to check.",
    "timeout": "Checking took too long; try writing the answer more simply.",
}


@dataclass(frozen=True)
class Verdict:
    """correct/valid plus a stable ``note`` (like STACK's answer notes) and 1–2 friendly sentences."""

    correct: bool
    valid: bool
    note: str
    feedback: str
    parsed: str = ""
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Preview:
    """What the answer box shows while typing: the answer as read (LaTeX) or where it fails."""

    valid: bool
    latex: str
    message: str
    position: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# notes whose detail is a variable name, not a sentence: the feedback names it
_NAMED = {"not_solved": "That equation is equivalent, but it isn't solved for {} yet."}


def feedback_for(note: str, detail: str = "") -> str:
    if note in _NAMED and detail:
        return _NAMED[note].format(detail.strip())
    base = NOTES.get(note, NOTES["incorrect"])
    if not detail:
        return base
    detail = detail.strip()
    detail = detail[:1].upper() + detail[1:]
    if not detail.endswith((".", "!", "?")):
        detail += "."
    return f"{base} {detail}"
