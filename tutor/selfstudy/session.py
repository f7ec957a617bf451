"""A practice session: bank problems one after another, with a running score.

Problem ``i`` of a session is ``draw(topic, level, seed=f"{seed}:{i}")`` — the same seed gives the same session
on any machine, and each problem's progress is kept under its bank id.
"""

from __future__ import annotations

import html
import random
from typing import Any

import ipywidgets as W

from ..backend import Backend
from ..errors import ConfigError
from .progress import ProgressStore
from .widget import PracticeWidget

__all__ = ["PracticeSession"]


class PracticeSession:
    """``n`` problems on one topic; Previous/Next buttons; score = problems solved (hints don't cost points)."""

    def __init__(
        self,
        topic: str,
        *,
        n: int = 5,
        level: int = 1,
        seed: int | str | None = None,
        max_attempts: int | None = 3,
        backend: Backend | None = None,
        offline: bool = False,
        progress: Any = True,
        lang: str | None = None,
    ) -> None:
        from ..bank import TOPICS, draw, topic_name
        from . import practice, progress_store

        if not 1 <= n <= 50:
            raise ConfigError(f"--n must be between 1 and 50 (got {n}).")
        if level not in (1, 2, 3):
            raise ConfigError(f"--level must be 1, 2 or 3 (got {level}).")
        self.topic = topic_name(topic)
        self.title = TOPICS[self.topic].title
        self.level = level
        self.seed = seed if seed is not None else random.randrange(10_000)
        store: ProgressStore | None = progress_store(progress)
        self.problems = [draw(self.topic, level, seed=f"{self.seed}:{i}") for i in range(n)]
        self.widgets: list[PracticeWidget] = []
        for i, problem in enumerate(self.problems):
            w = practice(problem, max_attempts=max_attempts, backend=backend, offline=offline, progress=store,
                         title=f"{self.title} · level {level} · problem {i + 1} of {n}", lang=lang)
            w.on_change(lambda _w: self._refresh())
            self.widgets.append(w)
        self.index = 0
        self.header = W.HTML("")
        self.prev_button = W.Button(description="Previous", icon="arrow-left")
        self.next_button = W.Button(description="Next problem", icon="arrow-right", button_style="primary")
        self.prev_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.body = W.VBox([])
        self.summary_view = W.HTML("")
        self.widget = W.VBox([self.header, self.body, W.HBox([self.prev_button, self.next_button]), self.summary_view])
        self.go(0)

    @property
    def current(self) -> PracticeWidget:
        return self.widgets[self.index]

    @property
    def score(self) -> int:
        return sum(1 for w in self.widgets if w.outcome == "solved")

    def go(self, index: int) -> None:
        """Show problem ``index`` (0-based); past the last one shows the summary."""
        self.index = max(0, min(index, len(self.widgets) - 1))
        self.body.children = (self.current.widget,)
        self._refresh()

    def next(self) -> PracticeWidget:
        self.go(self.index + 1)
        return self.current

    def _refresh(self) -> None:
        n = len(self.widgets)
        self.header.value = (
            f"<b>{html.escape(self.title)}</b> · level {self.level} · seed {html.escape(str(self.seed))} · "
            f"problem {self.index + 1} of {n} · <b>score {self.score}/{n}</b>"
        )
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= n - 1
        done = sum(1 for w in self.widgets if w.finished)
        self.summary_view.value = (
            f"<div style='color:#333'>Session complete: {self.score} of {n} solved.</div>" if done == n else ""
        )

    def summary(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "level": self.level,
            "seed": self.seed,
            "score": self.score,
            "n": len(self.widgets),
            "problems": [w.summary() for w in self.widgets],
        }

    def markdown(self) -> str:
        n = len(self.widgets)
        lines = [f"**Practice: {self.title}** · level {self.level} · seed {self.seed} · score {self.score}/{n}", ""]
        for i, w in enumerate(self.widgets, 1):
            lines.append(f"{i}. {w.spec.statement.strip().replace('$$', '$')}  \n   *{w.status_text()}*")
        lines.append("")
        lines.append(f"*Open in Jupyter to practice interactively (`%tutor practice {self.topic} --n {n} "
                     f"--level {self.level} --seed {self.seed}`).*")
        return "\n".join(lines) + "\n"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        data = dict(self.widget._repr_mimebundle_() or {})
        data["text/markdown"] = self.markdown()
        data["text/plain"] = f"<PracticeSession {self.topic} level {self.level}: score {self.score}/{len(self.widgets)}>"
        return data

    def __repr__(self) -> str:
        return f"<PracticeSession {self.topic} level {self.level} seed {self.seed}: score {self.score}/{len(self.widgets)}>"
