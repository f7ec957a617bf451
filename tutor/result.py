"""``TutorResult``: the record of one answered question, and the JSON that every surface shares.

The same dict is the CLI's ``--json`` output and the ``application/vnd.r1-tutor.v1+json`` MIME payload, so a
field added here shows up in the notebook, the labextension and scripts alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .events import Answer, Done, Event, Notice, Reasoning, Usage

__all__ = ["TutorResult", "Verification", "Plot", "MIME_TYPE"]

MIME_TYPE = "application/vnd.r1-tutor.v1+json"


@dataclass(slots=True)
class Verification:
    """SymPy's opinion of the final answer: ``verified`` | ``mismatch`` | ``unverifiable``."""

    status: str
    method: str = ""  # e.g. "offline engine + tutor.check", "substitution into the equation"
    detail: str = ""  # one human sentence: why / what SymPy found
    expected: str | None = None  # SymPy's own result (LaTeX) when it disagrees or for reference

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "method": self.method, "detail": self.detail, "expected": self.expected}


@dataclass(slots=True)
class Plot:
    """A small PNG that explains a solution (tangent line, shaded area…)."""

    png_base64: str
    alt: str = ""


@dataclass(slots=True)
class TutorResult:
    """Everything known about one ask, complete or not. Mutable while streaming; frozen by convention after."""

    problem: str
    mode: str = "solve"
    provider: str = ""
    model: str = ""
    host: str = ""
    reasoning: str = ""
    answer: str = ""
    final_answer: str | None = None  # content of the last \boxed{} (tutor.extract_answer)
    finish_reason: str | None = None
    complete: bool = False
    incomplete_reason: str = ""
    usage: Usage | None = None
    started_at: float = field(default_factory=time.time)
    thinking_s: float | None = None  # seconds until the answer started ("Thought for 14 s")
    elapsed_s: float = 0.0
    streaming: bool = False  # True while live updates are still coming
    verification: Verification | None = None
    notices: list[str] = field(default_factory=list)
    plots: list[Plot] = field(default_factory=list)
    lang: str | None = None
    cached_at: str | None = None  # when the answer was first received, if it was replayed from the response cache

    def apply(self, event: Event, t0: float) -> None:
        """Fold one event into the record; ``t0`` is the ``time.monotonic()`` at which the ask started."""
        if isinstance(event, Reasoning):
            self.reasoning += event.text
        elif isinstance(event, Answer):
            if self.thinking_s is None:
                self.thinking_s = time.monotonic() - t0
            self.answer += event.text
        elif isinstance(event, Notice):
            self.notices.append(event.text)
        elif isinstance(event, Usage):
            self.usage = event
        elif isinstance(event, Done):
            self.finish_reason = event.finish_reason
            self.complete = event.complete
            self.incomplete_reason = "" if event.complete else (event.reason or f"stopped ({event.finish_reason})")
            if event.elapsed_s:
                self.elapsed_s = event.elapsed_s
            extra = event.extra or {}
            if extra.get("cached"):
                when = extra.get("cached_at")
                self.cached_at = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
                                  if isinstance(when, int | float) else (str(when) if when else None))
            self.plots.extend(p for p in extra.get("plots") or () if isinstance(p, Plot))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        # So `tutor.ask(...)` as a cell's last line shows the same rich output as `%tutor`.
        from .ui.bundle import to_bundle

        return to_bundle(self)

    def to_json(self) -> dict[str, Any]:
        """The shared JSON record (CLI ``--json`` and the MIME payload). Never contains a key."""
        return {
            "version": 1,
            "problem": self.problem,
            "mode": self.mode,
            "reasoning": self.reasoning,
            "answer": self.answer,
            "final_answer": self.final_answer,
            "finish_reason": self.finish_reason,
            "complete": self.complete,
            "incomplete_reason": self.incomplete_reason,
            "usage": self.usage.to_dict() if self.usage else None,
            "provider": self.provider,
            "model": self.model,
            "host": self.host,
            "elapsed_s": round(self.elapsed_s, 3),
            "timings": {
                "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started_at)),
                "thinking_s": None if self.thinking_s is None else round(self.thinking_s, 3),
                "total_s": round(self.elapsed_s, 3),
            },
            "streaming": self.streaming,
            "verification": self.verification.to_dict() if self.verification else None,
            "notices": list(self.notices),
            "plots": [{"png": p.png_base64, "alt": p.alt} for p in self.plots],
            "lang": self.lang,
            "cached_at": self.cached_at,
        }
