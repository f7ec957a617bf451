"""What a backend is: anything that turns an ``AskRequest`` into the event stream of ``tutor.events``.

Implementations: ``tutor.r1.client.R1Backend`` (any R1 host) and ``tutor.offline.OfflineTutor`` (SymPy steps).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from .events import Event

__all__ = ["AskRequest", "Backend", "Mode", "MODES"]

Mode = Literal["solve", "hint", "explain"]
MODES: tuple[str, ...] = ("solve", "hint", "explain")


@dataclass(frozen=True, slots=True)
class AskRequest:
    """One question to a backend. Text fields reach the model verbatim (no brace interpolation, ever)."""

    problem: str
    mode: Mode = "solve"
    lang: str | None = None  # BCP-47-ish code ("de", "fr"); None = the problem's own language / English
    # Earlier turns as (role, content) with role "user"/"assistant", content only — reasoning is never sent back.
    history: tuple[tuple[str, str], ...] = ()
    hint_level: int | None = None  # 1 strategy, 2 rule/method, 3 next concrete step (mode="hint")
    student_answer: str | None = None  # the student's last attempt, for hints
    context: str | None = None  # e.g. a verified solution path the hint may build on (never shown verbatim)
    no_cache: bool = False
    temperature: float = 0.6  # DeepSeek-R1 model card: 0.5–0.7, 0.6 recommended
    top_p: float = 0.95
    max_tokens: int | None = None


@runtime_checkable
class Backend(Protocol):
    """A source of tutor events. ``provider``/``model``/``host`` are provenance shown with every answer."""

    provider: str
    model: str
    host: str

    def stream(self, request: AskRequest) -> Iterator[Event]:
        """Yield Reasoning/Answer/Notice chunks, at most one Usage, then one Done."""
        ...
