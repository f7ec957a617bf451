"""Imported once by each worker before it says "ready": loads and warms everything a check needs."""

from __future__ import annotations

from tutor.check._engine import run_check
from tutor.check._tasks import TASKS
from tutor.check.parse import parse_math
from tutor.check.units import _registry

__all__ = ["TASKS"]

# Warm the caches (Pint's registry takes ~0.5 s to build; SymPy's first solveset/simplify imports more modules).
_registry()
_x = parse_math("x")
_ = run_check("x^2", "x*x", {})
_ = run_check("{1, 2}", "x^2 - 3x + 2 = 0", {"kind": "equation"})
