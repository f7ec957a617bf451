"""The hint ladder: goal, method, next concrete step — none of which may reveal the final answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy as sp

__all__ = ["make_hints", "leaks"]


def _parts(obj: Any) -> list[Any]:
    if isinstance(obj, sp.Equality | sp.core.relational.Relational):
        return [obj, obj.lhs, obj.rhs]
    if isinstance(obj, tuple | list | sp.FiniteSet | sp.Tuple):
        return [p for a in obj for p in _parts(a)]
    return [obj]


def _same(a: Any, b: Any) -> bool:
    try:
        if a == b:
            return True
        if isinstance(a, sp.Expr) and isinstance(b, sp.Expr):
            diff = sp.expand(a - b)
            return bool(diff == 0)
    except Exception:  # noqa: BLE001 - comparison of odd objects: treat as different
        return False
    return False


def leaks(objects: Iterable[Any], answers: Sequence[Any]) -> bool:
    """True when any shown object (or a side of a shown equation) equals an answer value."""
    targets = [p for a in answers for p in _parts(a) if not isinstance(p, sp.Symbol)]
    for obj in objects:
        for part in _parts(obj):
            if any(_same(part, t) for t in targets):
                return True
    return False


def make_hints(
    goal: str, method: str, candidates: Sequence[tuple[str, Sequence[Any]]], answers: Sequence[Any], fallback: str
) -> tuple[str, str, str]:
    """Pick the most concrete next-step hint whose math does not equal any answer value."""
    for text, objects in candidates:
        if not leaks(objects, answers):
            return goal, method, text
    return goal, method, fallback
