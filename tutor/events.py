"""The event stream every backend emits and every surface consumes.

A backend yields, in order: any number of ``Reasoning`` and ``Answer`` chunks (reasoning first; a backend may
interleave ``Notice``), at most one ``Usage``, then exactly one ``Done``. Expected failures raise ``TutorError``
*before* the first chunk; a stream that stops after chunks arrived ends with ``Done(complete=False, ...)`` so the
partial text is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Reasoning", "Answer", "Usage", "Notice", "Done", "Event"]


@dataclass(frozen=True, slots=True)
class Reasoning:
    """A piece of the model's thinking (or the offline tutor's worked steps)."""

    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """A piece of the final answer text (Markdown with LaTeX)."""

    text: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A status line for the user that is not part of the answer, e.g. "retrying in 2 s (429)"."""

    text: str


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts as reported by the host; ``cost_usd`` is filled in from the price table when known."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasoning_tokens: int = 0
    cache_hit_tokens: int = 0
    cache_miss_tokens: int = 0
    cost_usd: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "reasoning_tokens": self.reasoning_tokens,
            "cache_hit_tokens": self.cache_hit_tokens,
            "cache_miss_tokens": self.cache_miss_tokens,
            "cost_usd": self.cost_usd,
        }


@dataclass(frozen=True, slots=True)
class Done:
    """End of stream.

    ``finish_reason``: the host's value (``stop``, ``length``, ``content_filter``, ``insufficient_system_resource``) or
    ``interrupted`` / ``error`` / ``cancelled`` when the stream broke. ``complete`` is False whenever the answer is
    missing or cut (``length``, no ``</think>``, connection cut, KeyboardInterrupt); ``reason`` then says why.
    """

    finish_reason: str | None
    complete: bool = True
    reason: str = ""
    elapsed_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


Event = Reasoning | Answer | Notice | Usage | Done
