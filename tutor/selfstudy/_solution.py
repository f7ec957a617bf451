"""The widget's solution view: R1 (streamed live, with a verification badge) or the offline tutor, else the key.

Streaming reuses ``tutor.ui.live.LiveRenderer`` — its throttle (≤ 20 updates/s), its "Thinking… 12 s" →
"Thought for 14 s" labels and its final static bundle — but publishes into the widget's ``HTMLMath`` instead of a
notebook display, so LaTeX is typeset once per flush, never once per token.
"""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..backend import Backend
from ..errors import OfflineUnsupported, TutorError
from ..result import TutorResult
from ..ui.bundle import to_bundle
from ..ui.live import LiveRenderer
from ._md import md_to_html

if TYPE_CHECKING:
    from .widget import PracticeWidget

__all__ = ["render_solution"]


class _WidgetRenderer(LiveRenderer):
    """A LiveRenderer whose "display" is the widget's solution view."""

    def __init__(self, widget: PracticeWidget) -> None:
        super().__init__(mode="display")
        self._widget = widget

    def _publish(self, data: dict[str, Any], metadata: dict[str, Any], *, update: bool) -> None:
        self._widget.set_solution_html(_html(data))


def _html(data: dict[str, Any]) -> str:
    """The bundle's Markdown as HTML, minus inline images (plots are Image widgets below) and the problem line."""
    md = str(data.get("text/markdown", data.get("text/plain", "")))
    md = re.sub(r"!\[[^\]]*\]\(data:[^)]*\)", "", md)
    md = re.sub(r"\A\s*\*\*Problem:\*\*[^\n]*\n", "", md)  # the widget already shows the problem above
    return md_to_html(md)


def _static(widget: PracticeWidget, why: str) -> None:
    s = widget.spec
    answer = f"$${s.answer_latex}$$" if s.answer_latex else f"`{s.answer}`"
    parts = [s.solution_md.strip(), f"**Answer:** {answer}", f"*{why}*" if why else ""]
    widget.set_solution_html(md_to_html("\n\n".join(p for p in parts if p)))


def render_solution(
    widget: PracticeWidget, *, backend: Backend | None, offline: bool, lang: str | None
) -> TutorResult | None:
    """Fill the widget's solution view; returns the TutorResult when a tutor produced it."""
    from ..ask import ask
    from .widget import key_verification

    renderer = _WidgetRenderer(widget)
    problem = widget.spec.statement
    if backend is None and widget.offline_solution() is not None:
        problem = widget.spec.offline_statement or problem  # the wording the offline engine can solve
    try:
        result = ask(problem, mode="solve", backend=backend, offline=offline, lang=lang, on_update=renderer)
    except OfflineUnsupported:
        _static(widget, "Worked solution from the problem set (the offline tutor can't solve this statement).")
        return None
    except TutorError as err:
        _static(widget, f"The tutor could not answer ({err}); this is the problem's own worked solution.")
        return None
    if not result.answer.strip() and not result.reasoning.strip():
        _static(widget, "The tutor returned nothing; this is the problem's own worked solution.")
        return result
    # The problem's own key is the best judge of a solution's final answer (R1's or the offline engine's).
    verification = key_verification(widget, result.final_answer)
    if verification is not None:
        result.verification = verification
    widget.set_solution_html(_html(to_bundle(result)[0]))
    widget.plots.children = tuple(
        W.Image(value=base64.b64decode(p.png_base64), format="png", layout=W.Layout(max_width="420px"))
        for p in result.plots
    )
    return result
