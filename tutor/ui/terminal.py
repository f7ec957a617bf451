"""Streaming a ``TutorResult`` to a terminal: reasoning dimmed, then the answer, notices on a status line.

Used by ``r1-tutor ask`` and by ``%tutor`` in terminal IPython. ANSI styling only when the stream is a TTY (and
``NO_COLOR`` is unset), so piped output stays clean text.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from ..result import TutorResult
from .bundle import badge, footer

__all__ = ["TerminalRenderer"]

_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class TerminalRenderer:
    """An ``on_update`` callback that prints only what is new since the last call."""

    def __init__(
        self,
        *,
        out: TextIO | None = None,
        status: TextIO | None = None,
        color: bool | None = None,
        hide_reasoning: bool = False,
    ) -> None:
        self.out = out if out is not None else sys.stdout
        self.status = status if status is not None else sys.stderr
        self.color = (_isatty(self.out) and "NO_COLOR" not in os.environ) if color is None else color
        self.hide_reasoning = hide_reasoning
        self._reasoning_len = 0
        self._answer_len = 0
        self._notices = 0
        self._in_reasoning = False
        self._in_answer = False
        self.finished = False

    def _style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def __call__(self, result: TutorResult) -> None:
        for notice in result.notices[self._notices :]:
            self.status.write(f"· {notice}\n")
            self.status.flush()
        self._notices = len(result.notices)
        show_reasoning = not self.hide_reasoning and result.mode != "hint"
        new_reasoning = result.reasoning[self._reasoning_len :]
        self._reasoning_len = len(result.reasoning)
        if new_reasoning and show_reasoning:
            if not self._in_reasoning:
                self._in_reasoning = True
                label = "Worked steps (SymPy):" if result.provider == "offline" else "Thinking…"
                self._write(self._style(label, _DIM) + "\n")
            self._write(self._style(new_reasoning, _DIM))
        new_answer = result.answer[self._answer_len :]
        self._answer_len = len(result.answer)
        if new_answer:
            if not self._in_answer:
                self._in_answer = True
                if self._in_reasoning and result.provider == "offline":
                    self._write("\n\n")
                elif self._in_reasoning:
                    spent = result.thinking_s if result.thinking_s is not None else result.elapsed_s
                    self._write("\n\n" + self._style(f"Thought for {spent:.1f} s", _DIM) + "\n\n")
                self._write(self._style("Hint:" if result.mode == "hint" else "Answer:", _BOLD) + "\n")
            self._write(new_answer)
        if not result.streaming:
            self.finish(result)

    def finish(self, result: TutorResult) -> None:
        """Flush what is left and print the closing lines: verification / incomplete reason, then the footer."""
        if self.finished:
            return
        if result.streaming:
            raise ValueError("finish() needs a finished result")
        self.finished = True
        self(result)
        lines = [badge(result).replace("**", "")]
        if not result.complete:
            lines.append(f"⚠ Incomplete: {result.incomplete_reason or 'the reply stopped early'}")
        lines.append(self._style(footer(result), _DIM))
        self._write("\n\n" + "\n".join(line for line in lines if line) + "\n")
