"""Run a SymPy computation under a wall-clock bound, from any thread.

A worker thread computes; the caller waits at most ``timeout`` seconds and then refuses with a clear
``OfflineUnsupported``. SymPy cannot be interrupted from outside, so an overrunning daemon worker is abandoned
(it never blocks interpreter exit); the inputs are size-bounded by the router, so this is rare.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import OfflineUnsupported, TutorError

__all__ = ["bounded"]

T = TypeVar("T")


def bounded(fn: Callable[..., T], *args: Any, timeout: float = 8.0, what: str = "this problem") -> T:
    """``fn(*args)`` or ``OfflineUnsupported`` after ``timeout`` seconds; TutorErrors pass through."""
    box: dict[str, Any] = {}

    def _run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=_run, name="tutor-offline", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise OfflineUnsupported(f"The offline tutor gave up on {what} after {timeout:g} s (too hard for the step engine).")
    if "error" in box:
        error = box["error"]
        if isinstance(error, TutorError):
            raise error
        raise error
    return box["value"]  # type: ignore[no-any-return,unused-ignore]
