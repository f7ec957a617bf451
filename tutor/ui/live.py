"""Live rendering of a streaming ``TutorResult`` in a notebook: one display, throttled in-place updates, a final bundle.

``LiveRenderer`` is an ``on_update`` callback for ``tutor.ask.ask``: the first call displays the output (with a display
id), later calls update it at most ``max_rate`` times per second (never once per token — every update resends the
whole bundle and re-typesets it), and the call with ``streaming=False`` replaces it with the static bundle that is
saved in the notebook. In terminal IPython (no frontend to update in place) it streams text through the terminal
renderer instead; with no IPython at all it prints the final plain text.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from ..result import TutorResult
from .bundle import to_bundle
from .terminal import TerminalRenderer

__all__ = ["LiveRenderer", "MAX_UPDATES_PER_SECOND"]

MAX_UPDATES_PER_SECOND = 20.0


def _shell() -> Any | None:
    try:
        from IPython.core.interactiveshell import InteractiveShell
    except ImportError:  # pragma: no cover - IPython is a dependency of jupyterlab
        return None
    return InteractiveShell.instance() if InteractiveShell.initialized() else None


def _is_terminal_shell(shell: Any) -> bool:
    return any(cls.__name__ == "TerminalInteractiveShell" for cls in type(shell).__mro__)


class LiveRenderer:
    """Throttled live display of one result. ``updates`` counts in-place updates actually published."""

    def __init__(
        self,
        *,
        hide_reasoning: bool = False,
        max_rate: float = MAX_UPDATES_PER_SECOND,
        mode: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.hide_reasoning = hide_reasoning
        self.interval = 1.0 / max_rate if max_rate > 0 else 0.0
        self._clock = clock
        shell = _shell()
        # mode: "display" (a frontend that updates outputs in place), "terminal", or "print" (no IPython at all)
        if mode is None:
            mode = "print" if shell is None else ("terminal" if _is_terminal_shell(shell) else "display")
        self.mode = mode
        self.display_id: str | None = None
        self.updates = 0
        self.finished = False
        self._last = float("-inf")
        self._pending = False
        self._terminal = TerminalRenderer(hide_reasoning=hide_reasoning) if mode == "terminal" else None

    # -- publishing -------------------------------------------------------------------------------------------
    def _publish(self, data: dict[str, Any], metadata: dict[str, Any], *, update: bool) -> None:
        from IPython.display import display

        display(data, raw=True, metadata=metadata, display_id=self.display_id, update=update)

    def _show(self, result: TutorResult) -> None:
        data, metadata = to_bundle(result, hide_reasoning=self.hide_reasoning)
        if self.display_id is None:
            self.display_id = uuid.uuid4().hex
            self._publish(data, metadata, update=False)
        else:
            self._publish(data, metadata, update=True)
            self.updates += 1
        self._last = self._clock()
        self._pending = False

    # -- the on_update callback -------------------------------------------------------------------------------
    def __call__(self, result: TutorResult) -> None:
        if not result.streaming:
            self.finish(result)
            return
        if self._terminal is not None:
            self._terminal(result)
            return
        if self.mode != "display":
            return
        if self.display_id is None or self._clock() - self._last >= self.interval:
            self._show(result)
        else:
            self._pending = True  # coalesced into the next update (or the final bundle)

    def finish(self, result: TutorResult) -> None:
        """Replace the live output with the static bundle (idempotent)."""
        if self.finished:
            return
        self.finished = True
        if self._terminal is not None:
            self._terminal.finish(result)
        elif self.mode == "display":
            self._show(result)
        else:
            from .bundle import plain_text

            print(plain_text(result, hide_reasoning=self.hide_reasoning), file=sys.stdout)

    def fail(self, message: str) -> bool:
        """Show an expected failure in place of the live output. Returns False when nothing was displayed yet."""
        if self.mode != "display" or self.display_id is None:
            return False
        self.finished = True
        line = f"⚠️ tutor: {message}"
        self._publish({"text/plain": line, "text/markdown": line}, {}, update=True)
        return True
