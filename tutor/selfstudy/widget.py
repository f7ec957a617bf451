"""The practice widget: problem, answer box with a live "read as" preview, Check, a hint ladder, Solution, status.

Every button handler is also a public method (``check``, ``hint``, ``request_solution``, ``confirm_solution``,
``retry``) so the widget can be driven from code and tested headlessly. Where widgets can't render (nbconvert,
GitHub) the display falls back to Markdown: the problem and a static summary.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as W

from ..backend import Backend
from ..errors import TutorError
from ..result import TutorResult, Verification
from . import _engines
from ._md import md_to_html, typeset_statement
from .hints import HintResult, get_hint
from .progress import ProblemProgress, ProgressStore

__all__ = ["PracticeWidget", "ProblemSpec"]

_OUTCOME_TEXT = {
    "open": "in progress",
    "solved": "solved ✓",
    "revealed": "solution viewed",
    "out_of_attempts": "out of attempts",
}


@dataclass
class ProblemSpec:
    """Everything the widget needs to know about one problem."""

    statement: str
    answer: str
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    variables: tuple[str, ...] = ()
    problem_id: str = ""
    solution_md: str = ""  # a worked solution that came with the problem (bank), shown when nothing better exists
    answer_latex: str = ""
    title: str = ""
    note: str = ""  # e.g. "The answer was computed by the offline SymPy tutor."
    offline_solution: Any = None  # tutor.offline Solution when the offline engine solved the statement
    offline_statement: str = ""  # the wording the offline engine solved (a bank statement minus its Markdown)
    topic: str = ""  # the bank topic, for topic-aware offline hints


def _style(color: str, text: str) -> str:
    return f'<div style="color:{color}">{text}</div>'


class PracticeWidget:
    """One practice problem. Display it (last expression of a cell) or use ``.check("…")`` etc. from code."""

    def __init__(
        self,
        spec: ProblemSpec,
        *,
        max_attempts: int | None = 3,
        backend: Backend | None = None,
        offline: bool = False,
        store: ProgressStore | None = None,
        lang: str | None = None,
    ) -> None:
        self.spec = spec
        self.max_attempts = max_attempts if max_attempts and max_attempts > 0 else None
        self._backend = backend
        self._offline = offline
        self._store = store
        self._lang = lang
        self._listeners: list[Callable[[PracticeWidget], None]] = []
        self.attempts = 0
        self.hints: list[HintResult] = []
        self.outcome = "open"
        self.solution_shown = False
        self.answers: list[str] = []
        self.last_verdict: Any = None
        self.solution_result: TutorResult | None = None
        self.restored = False
        self._solve_tried = spec.offline_solution is not None
        self._resolved = backend is not None or offline
        self._build()
        self._restore()
        self._refresh()
        _engines.warm_up()

    # ------------------------------------------------------------------------------------------- layout
    def _build(self) -> None:
        s = self.spec
        self.title = W.HTML(f"<b>{html.escape(s.title)}</b>" if s.title else "")
        self.problem = W.HTMLMath(md_to_html(typeset_statement(s.statement, kind=s.kind)))
        self.note = W.HTML(_style("#555", html.escape(s.note)) if s.note else "")
        self.answer_box = W.Text(
            placeholder="Type your answer, e.g. " + _example(s.kind),
            continuous_update=True,
            layout=W.Layout(width="60%"),
        )
        self.preview = W.HTMLMath("")
        self.check_button = W.Button(description="Check", button_style="primary", icon="check")
        self.hint_button = W.Button(description="Hint 1 of 3", icon="lightbulb-o")
        self.solution_button = W.Button(description="Show solution", icon="book")
        self.feedback = W.HTMLMath("")
        self.hints_view = W.HTMLMath("")
        self.confirm_label = W.HTML("")
        self.confirm_show = W.Button(description="Show it anyway", button_style="warning")
        self.confirm_retry = W.Button(description="Try once more", button_style="success")
        self.confirm_box = W.HBox(
            [self.confirm_label, self.confirm_show, self.confirm_retry], layout=W.Layout(display="none")
        )
        self.solution_view = W.HTMLMath("", layout=W.Layout(display="none"))
        self.plots = W.VBox([])
        self.status = W.HTML("")
        self.message = W.HTML("")  # transient tutor notes: R1 fallbacks, retries, progress not saved
        self.answer_box.observe(self._on_value, names="value")
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.hint())
        self.solution_button.on_click(lambda _b: self.request_solution())
        self.confirm_show.on_click(lambda _b: self.confirm_solution())
        self.confirm_retry.on_click(lambda _b: self.retry())
        self.widget = W.VBox(
            [
                self.title,
                self.problem,
                self.note,
                W.HBox([W.Label("Answer:"), self.answer_box]),
                self.preview,
                W.HBox([self.check_button, self.hint_button, self.solution_button]),
                self.feedback,
                self.hints_view,
                self.confirm_box,
                self.solution_view,
                self.plots,
                self.message,
                self.status,
            ]
        )

    # ------------------------------------------------------------------------------------------- state
    def on_change(self, callback: Callable[[PracticeWidget], None]) -> None:
        """Call ``callback(widget)`` after every counted check, hint or solution (the session's running score)."""
        self._listeners.append(callback)

    @property
    def finished(self) -> bool:
        return self.outcome != "open"

    @property
    def attempts_left(self) -> int | None:
        return None if self.max_attempts is None else max(self.max_attempts - self.attempts, 0)

    @property
    def solution_unlocked(self) -> bool:
        """The solution is offered freely after a correct answer or when the attempts are used up."""
        return self.outcome in ("solved", "out_of_attempts", "revealed")

    def summary(self) -> dict[str, Any]:
        return {
            "problem_id": self.spec.problem_id,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "hints_used": len(self.hints),
            "outcome": self.outcome,
            "solution_shown": self.solution_shown,
        }

    def status_text(self) -> str:
        tries = f"{self.attempts}/{self.max_attempts}" if self.max_attempts else str(self.attempts)
        return f"Attempts {tries} · Hints {len(self.hints)}/3 · {_OUTCOME_TEXT[self.outcome]}"

    def _restore(self) -> None:
        if self._store is None or not self.spec.problem_id:
            return
        rec = self._store.load(self.spec.problem_id)
        if rec is None:
            return
        self.restored = True
        self.attempts, self.outcome, self.answers = rec.attempts, rec.outcome, list(rec.answers)
        self.hints = [HintResult(text, i + 1, "saved") for i, text in enumerate(rec.hints[:3])]
        self.solution_shown = False  # unlocked if it was, but not re-asked for on load
        if self.outcome == "open" and self.max_attempts is not None and self.attempts >= self.max_attempts:
            self.outcome = "out_of_attempts"  # the limit may have been lowered since
        if self.answers:
            self.answer_box.value = self.answers[-1]
        line = f"Progress restored ({rec.updated_at or 'earlier session'}): {self.status_text()}."
        self.note.value = self.note.value + _style("#555", html.escape(line))

    def _save(self) -> None:
        for callback in self._listeners:
            callback(self)
        if self._store is None or not self.spec.problem_id:
            return
        rec = ProblemProgress(
            problem_id=self.spec.problem_id,
            statement=self.spec.statement[:300],
            attempts=self.attempts,
            hints_used=len(self.hints),
            hints=[h.hint for h in self.hints],
            outcome=self.outcome,
            answers=self.answers,
            solution_shown=self.solution_shown,
        )
        try:
            self._store.save(rec)
        except OSError as err:  # a read-only folder must not break practice
            self.message.value = _style("#a60", html.escape(f"Progress not saved: {err}"))

    def _refresh(self) -> None:
        self.status.value = _style("#333", html.escape(self.status_text()))
        closed = self.finished
        self.check_button.disabled = closed
        self.answer_box.disabled = closed
        n = len(self.hints)
        self.hint_button.disabled = n >= 3 or closed and self.outcome != "out_of_attempts"
        self.hint_button.description = "No more hints" if n >= 3 else f"Hint {n + 1} of 3"
        self.solution_button.button_style = "info" if self.solution_unlocked else ""
        self.solution_button.disabled = self.solution_shown
        self.hints_view.value = "".join(
            f"<div><b>Hint {h.level}</b>{' (R1)' if h.source == 'r1' else ''}: {md_to_html(h.hint, inline=True)}</div>"
            for h in self.hints
        )

    # ------------------------------------------------------------------------------------------- preview
    def _on_value(self, change: Mapping[str, Any]) -> None:
        self.preview.value = self.preview_html(str(change.get("new", "")))

    def preview_html(self, text: str) -> str:
        """STACK-style: how the answer was read (typeset), or the checker's positioned message."""
        if not text.strip():
            return ""
        try:
            pv = _engines.preview_answer(text, kind=self.spec.kind, variables=self.spec.variables or None)
        except TutorError as err:
            return _style("#a60", "⚠ " + html.escape(str(err)))
        if pv.valid:
            latex = html.escape(pv.latex, quote=False)  # "x < 2" must not open an HTML tag; MathJax reads text
            return f'<div style="color:#555">Read as: $\\displaystyle {latex}$</div>'
        return _style("#a60", "⚠ " + _pointer(text, pv.position) + html.escape(pv.message))

    def offline_solution(self) -> Any:
        """The offline engine's Solution that agrees with the key (computed once, on first need), or None."""
        s = self.spec
        if s.offline_solution is None and not self._solve_tried:
            self._solve_tried = True
            s.offline_solution, s.offline_statement = _engines.offline_solve_keyed(
                s.statement, s.answer, kind=s.kind, options=s.options, variables=s.variables
            )
        return s.offline_solution

    def _tutor(self) -> Backend | None:
        """The R1 backend for hints and solutions (resolved once per widget), or None: work offline."""
        if not self._resolved:
            self._resolved = True
            self._backend, why = _engines.resolve_r1()
            if why:
                self.message.value = _style("#555", html.escape(why))
        return None if self._offline else self._backend

    # ------------------------------------------------------------------------------------------- actions
    def check(self, answer: str | None = None) -> Any:
        """Check the answer in the box (or ``answer``). Invalid input is reported and not counted."""
        if answer is not None:
            self.answer_box.value = answer
        text = self.answer_box.value.strip()
        if self.finished:
            return None
        if not text:
            self.feedback.value = _style("#a60", "⚠ Type an answer first.")
            return None
        s = self.spec
        try:
            verdict = _engines.check_answer(text, s.answer, kind=s.kind, options=s.options, variables=s.variables)
        except TutorError as err:
            self.feedback.value = _style("#a60", "⚠ " + html.escape(str(err)) + " (not counted)")
            return None
        self.last_verdict = verdict
        if not verdict.valid:
            self.feedback.value = _style(
                "#a60", "⚠ Not read as an answer — " + html.escape(verdict.feedback) + " <i>(not counted)</i>"
            )
            return verdict
        self.attempts += 1
        self.answers.append(text)
        if verdict.correct:
            self.outcome = "solved"
            self.feedback.value = _style("#080", "✓ " + md_to_html(verdict.feedback, inline=True))
        else:
            left = self.attempts_left
            if left == 0:
                self.outcome = "out_of_attempts"
            more = "" if left is None else (" No attempts left — the solution is open." if left == 0 else f" {left} left.")
            self.feedback.value = _style("#b00", "✗ " + md_to_html(verdict.feedback, inline=True) + html.escape(more))
        self._save()
        self._refresh()
        return verdict

    def hint(self) -> HintResult | None:
        """The next rung of the ladder (1 strategy, 2 rule/method, 3 next step), screened for leaks."""
        level = len(self.hints) + 1
        if level > 3:
            return None
        self.hint_button.disabled = True
        self.hint_button.description = "Thinking…"
        s = self.spec
        self.offline_solution()
        try:
            result = get_hint(
                s.statement, s.answer, level=level, kind=s.kind, options=s.options, variables=s.variables,
                student_answer=self.answers[-1] if self.answers else None, backend=(tutor := self._tutor()),
                offline=tutor is None, solution=s.offline_solution, context=None, lang=self._lang,
                fallback_md=s.solution_md, solve_offline=False, topic=s.topic or None,
                on_notice=lambda text: setattr(self.message, "value", _style("#555", html.escape(text))),
            )
        except TutorError as err:
            self.feedback.value = _style("#a60", "⚠ " + html.escape(str(err)))
            self._refresh()
            return None
        self.hints.append(result)
        self.message.value = _style("#555", html.escape(result.note)) if result.note else ""
        if result.r1_failed:  # don't make the student wait for a failing host again in this widget
            self._offline = True
            self.message.value += _style("#555", "Hints and the solution now come from the offline tutor.")
        self._save()
        self._refresh()
        return result

    def request_solution(self) -> bool:
        """Show the solution when it is unlocked; otherwise ask "try once more first?". True when shown."""
        if self.solution_unlocked:
            self._show_solution()
            return True
        left = self.attempts_left
        more = "" if left is None else f" You have {left} attempt{'s' if left != 1 else ''} left."
        self.confirm_label.value = f"<b>Try once more first?</b>{html.escape(more)}"
        self.confirm_box.layout.display = "flex"
        return False

    def confirm_solution(self) -> None:
        """The student insists: show the solution now (the outcome becomes "solution viewed")."""
        self.confirm_box.layout.display = "none"
        if self.outcome == "open":
            self.outcome = "revealed"
        self._show_solution()

    def retry(self) -> None:
        """The student chose to try once more: close the confirm row."""
        self.confirm_box.layout.display = "none"

    # ------------------------------------------------------------------------------------------- solution
    def _show_solution(self) -> None:
        from ._solution import render_solution

        self.solution_view.layout.display = None
        self.solution_button.disabled = True
        tutor = self._tutor()
        self.solution_result = render_solution(self, backend=tutor, offline=tutor is None, lang=self._lang)
        self.solution_shown = True
        self._save()
        self._refresh()

    def set_solution_html(self, value: str) -> None:
        self.solution_view.value = value

    # ------------------------------------------------------------------------------------------- display
    def markdown(self) -> str:
        """The static fallback: problem and a summary (nbconvert, GitHub, no widget manager)."""
        lines = [f"**{self.spec.title}**\n" if self.spec.title else "", typeset_statement(self.spec.statement, kind=self.spec.kind), ""]
        lines.append(f"*Practice problem — {self.status_text()}. Open in Jupyter to answer it interactively.*")
        return "\n".join(line for line in lines if line is not None).strip() + "\n"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = dict(self.widget._repr_mimebundle_() or {})
        data["text/markdown"] = self.markdown()
        data["text/plain"] = f"{self.spec.statement}\n[{self.status_text()}]"
        return data

    def __repr__(self) -> str:
        return f"<PracticeWidget {self.spec.problem_id}: {self.status_text()}>"


def _pointer(text: str, position: int | None) -> str:
    """The answer with the offending character highlighted."""
    if position is None or not 0 <= position <= len(text):
        return ""
    before, at, after = text[:position], text[position : position + 1] or " ", text[position + 1 :]
    mark = '<span style="background:#fcc;text-decoration:underline">' + html.escape(at) + "</span>"
    return f"<code>{html.escape(before)}{mark}{html.escape(after)}</code> "


def _example(kind: str | None) -> str:
    return {
        "set": "{2, 3}",
        "equation": "x = 4",
        "interval": "(-oo, 2]",
        "units": "12 m/s",
        "number": "0.25",
        "matrix": "[[1, 2], [3, 4]]",
        "list": "(1, 2)",
        "antiderivative": "x^3/3 + C",
    }.get(kind or "", "2x + 1")


def key_verification(widget: PracticeWidget, final_answer: str | None) -> Verification | None:
    """Check a solution's final answer against the problem's own key with ``tutor.check``."""
    if not final_answer:
        return None
    s = widget.spec
    try:
        verdict = _engines.check_answer(final_answer, s.answer, kind=s.kind, options=s.options, variables=s.variables)
    except TutorError as err:
        return Verification("unverifiable", method="tutor.check against the answer key", detail=str(err))
    if not verdict.valid:
        return Verification("unverifiable", method="tutor.check against the answer key", detail=verdict.feedback)
    status = "verified" if verdict.correct else "mismatch"
    detail = "The final answer matches the answer key." if verdict.correct else "The final answer differs from the answer key."
    return Verification(status, method="tutor.check against the answer key", detail=detail,
                        expected=None if verdict.correct else (s.answer_latex or s.answer))
