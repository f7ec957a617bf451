"""The problem bank: seeded, parameterized generators per topic and level, each answer verified.

Shared by self-study (``%tutor practice TOPIC``) and the classroom (``r1-tutor assign``)::

    from tutor.bank import draw, TOPICS
    p = draw("quadratics", level=2, seed=7)    # reproducible: same topic/level/seed → same problem everywhere
    p.statement, p.answer, p.kind, p.options
"""

from __future__ import annotations

from ._core import LEVELS, TOPICS, Problem, Topic, draw, topic_name, verify

__all__ = ["Problem", "Topic", "TOPICS", "LEVELS", "draw", "topic_name", "verify"]
