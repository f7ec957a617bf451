"""The offline SymPy step tutor: worked solutions for what a CAS can solve, with no network at all.

``solve(problem)`` returns a ``Solution`` (steps, answer, hints, plots); ``OfflineTutor`` is the Backend that
streams those steps as the same events R1 produces. Problems it can't handle raise ``OfflineUnsupported`` —
it never guesses.
"""

from __future__ import annotations

from ._types import Solution, Step
from .backend import OfflineTutor, solve

__all__ = ["OfflineTutor", "solve", "Solution", "Step"]
