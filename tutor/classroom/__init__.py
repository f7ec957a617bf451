"""Classroom: assignment specs, per-student notebooks with verified keys, and static grading.

``r1-tutor assign`` / ``r1-tutor grade`` live in ``cli``; generated student notebooks call ``question`` (practice
mode) and ``review`` (assignment mode). Heavy pieces (nbformat, the checker, widgets) load lazily.
"""

from __future__ import annotations

from typing import Any

__all__ = ["question", "review"]


def question(token: str) -> Any:
    """Practice-mode widget for one embedded question (used by generated notebooks)."""
    from .notebook import question as _question

    return _question(token)


def review(path: str | None = None) -> Any:
    """How each answer of the saved notebook is read (used by generated notebooks)."""
    from .notebook import review as _review

    return _review(path)
