"""What a worker (or an inline run) can be asked to do: a fixed table, never arbitrary callables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tutor.check._engine import run_check

__all__ = ["TASKS"]

TASKS: dict[str, Callable[..., Any]] = {"check": run_check}
