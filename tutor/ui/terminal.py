"""Streaming a ``TutorResult`` to a terminal: reasoning dimmed, then the answer, notices on a status line.

Used by ``r1-tutor ask`` and by ``%tutor`` in terminal IPython. ANSI styling only when the stream is a TTY (and
``NO_COLOR`` is unset), so piped output stays clean text.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

from ..result import TutorResult
from .bundle import badge, footer

__all__ = ["TerminalRenderer", "plain_math"]

_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"

_SYMBOLS = {
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "infty": "∞", "pi": "π", "theta": "θ", "alpha": "α", "beta": "β",
    "gamma": "γ", "delta": "δ", "lambda": "λ", "mu": "μ", "sigma": "σ", "omega": "ω", "phi": "φ", "to": "→",
    "rightarrow": "→", "in": "∈", "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅", "circ": "°",
}
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_WRAP = re.compile(r"\\(?:text|mathrm|mathbf|mathit|operatorname|boxed)\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"([\^_])\{([^{}]*)\}")
_CMD = re.compile(r"\\([A-Za-z]+)(\{?[A-Za-z0-9])?")


def _group(text: str) -> str:
    text = text.strip()
    return text if re.fullmatch(r"\d+(?:\.\d+)?|[A-Za-z]|\\[A-Za-z]+", text) else f"({text})"


def _command(m: re.Match[str]) -> str:
    """A symbol command → its character; a function name (``\\cos``) → the name, spaced from a letter after it."""
    name, after = m.group(1), m.group(2) or ""
    if name in _SYMBOLS:
        return _SYMBOLS[name] + after
    return name + (" " if after else "") + after


def plain_math(text: str) -> str:
    """LaTeX as a terminal can show it: ``$x = \\frac{1}{2}$`` → ``x = 1/2`` (simple forms; the rest unbraced)."""
    text = text.replace("$", "").replace("\\left", "").replace("\\right", "")
    text = re.sub(r"\\[,;:! ]", " ", text).replace("\\{", "\x00").replace("\\}", "\x01")
    for _ in range(8):  # innermost first, so nested fractions and roots unfold
        new = _WRAP.sub(r"\1", text)
        new = _FRAC.sub(lambda m: f"{_group(m.group(1))}/{_group(m.group(2))}", new)
        new = _SQRT.sub(lambda m: f"√{_group(m.group(1))}", new)
        new = _SCRIPT.sub(lambda m: m.group(1) + _group(m.group(2)), new)
        if new == text:
            break
        text = new
    text = _CMD.sub(_command, text)
    text = text.replace("{", "").replace("}", "").replace("\x00", "{").replace("\x01", "}")
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    return re.sub(r"[ \t]{2,}", " ", text).strip()


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
        self._result_id: int | None = None
        self.finished = False

    def _style(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def __call__(self, result: TutorResult) -> None:
        if self._result_id != id(result):
            # a new round (retry after a failed check, the offline tutor after an unreachable host): print it
            # from its start, under its own headings
            if self._result_id is not None and (self._in_reasoning or self._in_answer):
                self._write("\n\n")
            self._result_id = id(result)
            self._reasoning_len = self._answer_len = self._notices = 0
            self._in_reasoning = self._in_answer = False
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
        lines = [plain_math(badge(result).replace("**", ""))]  # no raw LaTeX ("SymPy gets $x = 2$") in a terminal
        if not result.complete:
            lines.append(f"⚠ Incomplete: {result.incomplete_reason or 'the reply stopped early'}")
        lines.append(self._style(footer(result), _DIM))
        self._write("\n\n" + "\n".join(line for line in lines if line) + "\n")
