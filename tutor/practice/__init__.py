"""Classroom practice: the problem bank, assignment specs, notebook building and static grading.

``tutor.practice`` is both this package and (once the lead exports it) the self-study widget function
``tutor.selfstudy.practice``. Importing a submodule rebinds the attribute ``tutor.practice`` to this package, so the
package itself is made callable and forwards calls to the widget: ``tutor.practice("Solve 2x = 4", answer="x = 2")``
works whichever object the name holds.

Heavy pieces (nbformat, the checker, widgets) load lazily; ``tutor.practice.bank`` is importable on its own.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .bank import TOPICS, Problem, Topic, draw

__all__ = ["TOPICS", "Problem", "Topic", "draw", "question", "review"]


def question(token: str) -> Any:
    """Practice-mode widget for one embedded question (used by generated notebooks)."""
    from .notebook import question as _question

    return _question(token)


def review(path: str | None = None) -> Any:
    """How each answer of the saved notebook is read (used by generated notebooks)."""
    from .notebook import review as _review

    return _review(path)


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ..selfstudy import practice

        return practice(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
