"""The MIME bundle of a ``TutorResult``: the rich JSON for the labextension plus Markdown and plain-text fallbacks.

The Markdown is written for the places a saved notebook is read without the extension — GitHub, nbconvert, Classic —
so it only uses what they all render: ``$…$``/``$$…$$`` math, ``<details>``, bold, ``<sub>``.
"""

from __future__ import annotations

import re
import time
from typing import Any

from ..result import MIME_TYPE, TutorResult

__all__ = ["to_bundle", "TutorDisplay", "markdown", "plain_text", "badge", "footer", "thinking_label", "provenance"]

_OFFLINE = "offline"

# R1 writes display math as \[ … \] and inline as \( … \); GitHub and many Markdown renderers only know dollars.
_DISPLAY_MATH = re.compile(r"(?<!\\)\\\[(.+?)(?<!\\)\\\]", re.S)  # not the \\[2pt] of a LaTeX line break
_INLINE_MATH = re.compile(r"(?<!\\)\\\((.+?)(?<!\\)\\\)", re.S)


def _dollar_math(text: str) -> str:
    text = _DISPLAY_MATH.sub(lambda m: "$$" + m.group(1).strip() + "$$", text)
    return _INLINE_MATH.sub(lambda m: "$" + m.group(1).strip() + "$", text)


def _inert_html(text: str) -> str:
    """Keep model text from closing our ``<details>`` wrapper (the rest of its Markdown stays as written)."""
    return re.sub(r"</?(details|summary)", lambda m: m.group(0).replace("<", "&lt;"), text, flags=re.I)


def _seconds(value: float | None) -> str:
    s = 0.0 if value is None else value
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"


def thinking_label(result: TutorResult) -> str:
    """'Thinking… 12 s' while reasoning streams, 'Thought for 14 s' once the answer started (or the stream ended)."""
    if result.provider == _OFFLINE:
        return "Worked steps (SymPy)"
    if result.streaming and result.thinking_s is None:
        return f"Thinking… {_seconds(result.elapsed_s)}"
    spent = result.thinking_s if result.thinking_s is not None else result.elapsed_s
    return f"Thought for {_seconds(spent)}"


def badge(result: TutorResult) -> str:
    """The verification line: ✓ / ✗ / ? (empty when no verification ran)."""
    v = result.verification
    if v is None:
        return ""
    how = f" ({v.method})" if v.method else ""
    detail = f" — {v.detail}" if v.detail else ""
    if v.status == "verified":
        return f"✓ **Verified by SymPy**{how}{detail}"
    if v.status == "mismatch":
        expected = f": SymPy gets ${v.expected}$" if v.expected else ""
        return f"✗ **SymPy disagrees**{expected}{how}{detail}"
    return f"? **Not verified**{how}{detail}"


def footer(result: TutorResult) -> str:
    """provider · model · tokens · cost · time — never a key (there is none in the result)."""
    parts = [p for p in (result.provider, result.model) if p]
    u = result.usage
    if u is not None:
        tokens = u.prompt_tokens + u.completion_tokens
        if tokens:
            extra = f" ({u.reasoning_tokens:,} reasoning)" if u.reasoning_tokens else ""
            parts.append(f"{tokens:,} tokens{extra}")
        if u.cost_usd is not None:
            parts.append(f"${u.cost_usd:.4f}")
    parts.append(_seconds(result.elapsed_s))
    return " · ".join(parts)


def _incomplete_line(result: TutorResult) -> str:
    if result.streaming or result.complete:
        return ""
    return f"⚠️ **Incomplete:** {result.incomplete_reason or 'the reply stopped early'}"


_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_LEADING_WORDS = re.compile(r"^(?:[A-Za-z][a-z]+[ ,:]+)*")


def _problem_markdown(problem: str) -> str:
    """The problem as typed; bare LaTeX (no dollars) after the leading words is put in $…$ so it typesets."""
    text = problem.strip()
    if "$" in text or "\\(" in text or "\\[" in text or not _LATEX_COMMAND.search(text) or "\n" in text:
        return _dollar_math(text)
    words = _LEADING_WORDS.match(text)
    cut = words.end() if words else 0
    if cut >= len(text):
        return text
    return text[:cut] + "$" + text[cut:].strip() + "$"


def _notice_lines(result: TutorResult) -> list[str]:
    seen: list[str] = []
    for notice in result.notices:
        if notice not in seen:
            seen.append(notice)
    return [f"> ℹ️ {n}" for n in seen]


def markdown(result: TutorResult, *, hide_reasoning: bool = False) -> str:
    """The Markdown fallback: problem, notices, collapsible reasoning, answer, badge, incomplete warning, footer."""
    blocks = [f"**Problem:** {_problem_markdown(result.problem)}", *_notice_lines(result)]
    label = thinking_label(result)
    answering = bool(result.answer) or not result.streaming
    if hide_reasoning or result.mode == "hint":
        if result.streaming and not result.answer:
            blocks.append(f"*{label}*")
    elif result.reasoning:
        # Open while the model thinks (or for offline steps, which are the lesson); collapsed once it answers.
        is_open = result.provider == _OFFLINE or not answering
        body = _inert_html(_dollar_math(result.reasoning.strip()))
        blocks.append(f"<details{' open' if is_open else ''}><summary>{label}</summary>\n\n{body}\n\n</details>")
    elif result.streaming:
        blocks.append(f"*{label}*")
    if result.answer:
        blocks.append(_dollar_math(result.answer.strip()))
    for plot in [] if result.streaming else result.plots[:1]:
        blocks.append(f"![{plot.alt or 'plot'}](data:image/png;base64,{plot.png_base64})")
    for line in (badge(result), _incomplete_line(result)):
        if line:
            blocks.append(line)
    if not result.streaming:
        blocks.append(f"<sub>{footer(result)}</sub>")
    return "\n\n".join(blocks) + "\n"


def plain_text(result: TutorResult, *, hide_reasoning: bool = False) -> str:
    """The text/plain fallback (terminal IPython, logs): the answer first-class, the reasoning summarised."""
    lines = [f"Problem: {result.problem.strip()}", *(f"[i] {n}" for n in dict.fromkeys(result.notices))]
    if result.reasoning and not hide_reasoning and result.mode != "hint":
        lines.append(f"[{thinking_label(result)}: {len(result.reasoning):,} characters of reasoning]")
    elif result.streaming and not result.answer:
        lines.append(f"[{thinking_label(result)}]")
    if result.answer:
        lines += ["", result.answer.strip()]
    for line in (badge(result), _incomplete_line(result)):
        if line:
            lines += ["", line.replace("**", "")]
    if not result.streaming:
        lines += ["", f"({footer(result)})"]
    return "\n".join(lines)


def _payload(result: TutorResult, hide_reasoning: bool) -> dict[str, Any]:
    data = result.to_json()
    if hide_reasoning or result.mode == "hint":
        # The renderer shows whatever is here, so hidden reasoning is left out rather than flagged.
        data["reasoning"] = ""
        data["reasoning_hidden"] = True
    return data


def provenance(result: TutorResult) -> dict[str, Any]:
    """Where an answer came from, for the output metadata."""
    return {
        "provider": result.provider,
        "model": result.model,
        "host": result.host,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(result.started_at)),
        "streaming": result.streaming,
        "cached_at": result.cached_at,
    }


def to_bundle(result: TutorResult, *, hide_reasoning: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(data, metadata)`` for IPython's display machinery."""
    data: dict[str, Any] = {
        MIME_TYPE: _payload(result, hide_reasoning),
        "text/markdown": markdown(result, hide_reasoning=hide_reasoning),
        "text/plain": plain_text(result, hide_reasoning=hide_reasoning),
    }
    if result.plots and not result.streaming:
        data["image/png"] = result.plots[0].png_base64
    metadata = {MIME_TYPE: {"provenance": provenance(result)}}
    return data, metadata


class TutorDisplay:
    """A display wrapper so ``display(TutorDisplay(result))`` (or returning it) renders the bundle."""

    def __init__(self, result: TutorResult, *, hide_reasoning: bool = False) -> None:
        self.result = result
        self.hide_reasoning = hide_reasoning

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        return to_bundle(self.result, hide_reasoning=self.hide_reasoning)

    def __repr__(self) -> str:
        return plain_text(self.result, hide_reasoning=self.hide_reasoning)
