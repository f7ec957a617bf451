"""``OfflineTutor``: the SymPy step tutor as a Backend — same events as R1 (Reasoning = steps, Answer = boxed)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from ..backend import AskRequest
from ..errors import OfflineUnsupported, TutorError
from ..events import Answer, Done, Event, Reasoning
from ._bounded import bounded
from ._explain import explanation, result_sentence
from ._types import Solution
from .router import CAPABILITIES, route

__all__ = ["OfflineTutor", "solve", "unsupported_message"]

DEFAULT_TIMEOUT = 10.0
CONNECT_HINT = ("To ask DeepSeek-R1 instead, set DEEPSEEK_API_KEY or OPENROUTER_API_KEY, or run a local model "
                "(e.g. `ollama pull deepseek-r1:7b`), then see `r1-tutor doctor`.")


def unsupported_message(reason: str) -> str:
    """The one message shown when the offline tutor declines: why, what it can do, how to connect R1."""
    reason = reason.rstrip(".")
    return f"Offline tutor: {reason}. Offline I can do {CAPABILITIES}. {CONNECT_HINT}"


def solve(problem: str, *, plots: bool = False, timeout: float = DEFAULT_TIMEOUT) -> Solution:
    """Solve ``problem`` step by step, or raise ``OfflineUnsupported`` (never a guess). Time-bounded."""
    if not isinstance(problem, str) or not problem.strip():
        raise OfflineUnsupported("The problem is empty.")

    def _run() -> Solution:
        return route(problem)(plots)

    try:
        return bounded(_run, timeout=timeout, what="this problem")
    except OfflineUnsupported:
        raise
    except TutorError:
        raise
    except Exception as exc:  # noqa: BLE001 - SymPy gave up inside a family engine: decline, never crash a surface
        raise OfflineUnsupported(f"The offline tutor could not finish this problem ({type(exc).__name__}).") from exc


class OfflineTutor:
    """A Backend that answers with SymPy worked steps. ``plots=False`` turns off the explanatory PNGs."""

    provider = "offline"
    model = "sympy-steps"
    host = ""

    def __init__(self, *, plots: bool = True, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.plots = plots
        self.timeout = timeout

    def stream(self, request: AskRequest) -> Iterator[Event]:
        start = time.monotonic()
        try:
            sol = solve(request.problem, plots=self.plots and request.mode != "hint", timeout=self.timeout)
        except OfflineUnsupported as exc:
            raise OfflineUnsupported(unsupported_message(str(exc))) from exc
        return self._events(sol, request, start)

    def _events(self, sol: Solution, request: AskRequest, start: float) -> Iterator[Event]:
        extra = {"plots": list(sol.plots), "family": sol.family, "answer": sol.answer, "kind": sol.kind,
                 "check_options": dict(sol.check_options), "source": "offline"}
        if request.mode == "hint":
            level = min(max(request.hint_level or 1, 1), 3)
            yield Answer(f"**Hint {level}:** {sol.hints[level - 1]}")
            yield Done("stop", True, "", time.monotonic() - start, extra)
            return
        if request.mode == "explain":  # the method and why each rule applies; the result stated plainly
            yield Reasoning(explanation(sol))
            yield Answer(result_sentence(sol))
            yield Done("stop", True, "", time.monotonic() - start, extra)
            return
        yield Reasoning(sol.markdown())
        yield Answer(f"**Answer:** $\\boxed{{{sol.answer_latex}}}$")
        yield Done("stop", True, "", time.monotonic() - start, extra)
