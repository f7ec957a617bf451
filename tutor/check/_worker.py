"""The worker process main: ``python -m tutor.check._worker`` (frames in on stdin, frames out on stdout)."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from typing import Any

__all__ = ["main"]


def _watch_parent(parent: int) -> None:
    """Exit when the parent process is gone, even in the middle of a long SymPy computation."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    # the protocol owns the real stdout; anything printed by libraries goes to stderr
    proto_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    from tutor import errors as E
    from tutor.check import _preload
    from tutor.check.bounded import read_frame, write_frame

    write_frame(proto_out, ("ready",))
    while True:
        try:
            task, args = read_frame(proto_in)
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply: tuple[Any, ...] = ("ok", _preload.TASKS[task](*args))
        except E.TutorError as exc:
            reply = ("tutor", type(exc).__name__, str(exc), getattr(exc, "note", None),
                     getattr(exc, "position", None))
        except RecursionError:
            reply = ("tutor", "TooLarge", "the answer is nested too deeply", "too_large", None)
        except Exception:  # a bug: the caller re-raises it with this traceback, never swallowed
            reply = ("crash", traceback.format_exc())
        try:
            write_frame(proto_out, reply)
        except (OSError, ValueError):
            return


if __name__ == "__main__":
    main()
