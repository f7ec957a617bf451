"""Time bounds that work in any thread: checks run in a reusable worker process, killed on overrun.

``signal.alarm`` only works on the main thread and a Python thread cannot be stopped, so a comparison that
hangs inside SymPy (simplify, solveset, equals) must run where we can stop it: a worker process. The worker is
a plain ``python -m tutor.check._worker`` subprocess speaking length-prefixed pickle frames over its pipes
(multiprocessing's spawn/forkserver would re-import the caller's ``__main__``, which breaks unguarded scripts).
A killed worker is replaced in the background at once. The bound covers the comparison; starting the first
worker (importing SymPy, ~1–2 s) is not counted — call ``warm_up()`` early to hide it.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from tutor import errors as E

__all__ = ["call_bounded", "warm_up", "shutdown", "MAX_WORKERS", "Overrun", "read_frame", "write_frame"]

MAX_WORKERS = 2
_START_TIMEOUT = 120.0  # first import of SymPy on a loaded machine
_HEADER = struct.Struct("!I")


class Overrun(Exception):
    """The worker did not answer within the time bound (it has been killed)."""


def write_frame(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    # frames come only from our own worker process, never from users
    return pickle.loads(data)  # noqa: S301


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        # the worker must import the same tutor package as we did, installed or not
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self.errors = tempfile.TemporaryFile()  # the worker's stderr, read only if it fails to start
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tutor.check._worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.errors, env=env, close_fds=True,
        )
        self.replies: queue.Queue[Any] = queue.Queue()
        self.reader = threading.Thread(target=self._read, name="r1-tutor-check-reader", daemon=True)
        self.reader.start()
        try:
            first = self.replies.get(timeout=_START_TIMEOUT)
        except queue.Empty:
            first = None
        if first != ("ready",):
            self.kill()
            self.errors.seek(0)
            tail = self.errors.read()[-400:].decode("utf-8", "replace").strip()
            raise E.CheckTimeout("the answer checker could not start" + (f": {tail}" if tail else ""))

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            try:
                self.replies.put(read_frame(out))
            except (EOFError, OSError, ValueError, pickle.UnpicklingError):
                self.replies.put(None)
                return

    def call(self, task: str, args: tuple[Any, ...], timeout: float) -> Any:
        try:
            assert self.proc.stdin is not None
            write_frame(self.proc.stdin, (task, args))
            reply = self.replies.get(timeout=timeout)
        except (OSError, ValueError, queue.Empty):
            self.kill()
            raise Overrun from None
        if reply is None:
            self.kill()
            raise Overrun
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "tutor":
            _, name, message, note, position = reply
            cls = getattr(E, name, E.TutorError)
            if cls is E.TooLarge:
                raise E.TooLarge(message, position=position)
            if cls is E.AnswerParseError:
                raise E.AnswerParseError(message, position=position, note=note or "invalid_syntax")
            try:
                exc = cls(message)
            except TypeError:
                exc = E.TutorError(message)
            raise exc
        raise RuntimeError(f"the answer checker failed unexpectedly:\n{reply[1]}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for stream in (self.proc.stdin, self.proc.stdout, self.errors):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


_cond = threading.Condition()
_idle: list[_Worker] = []
_live = 0
_starting = 0


def _can_fork() -> bool:
    return os.environ.get("R1_TUTOR_CHECK_INLINE") != "1"


def _acquire() -> _Worker:
    global _live, _starting
    with _cond:
        # a worker being started will be free soon: wait for it rather than start a second one
        while not _idle and (_live >= MAX_WORKERS or _starting > 0):
            _cond.wait()
        if _idle:
            return _idle.pop()
        _live += 1
        _starting += 1
    try:
        worker = _Worker()
    except BaseException:
        with _cond:
            _live -= 1
            _starting -= 1
            _cond.notify_all()
        raise
    with _cond:
        _starting -= 1
    return worker


def _release(worker: _Worker | None) -> None:
    global _live
    with _cond:
        if worker is not None and worker.alive():
            _idle.append(worker)
        else:
            _live -= 1
        _cond.notify_all()


# "worker" (default, any thread) or "alarm": a one-shot command line run checks in its own main thread with
# SIGALRM instead of paying ~2 s to start a worker. Never used by the library itself.
MODE = "worker"


def _alarm_usable() -> bool:
    return (MODE == "alarm" and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


def _call_with_alarm(task: str, args: tuple[Any, ...], timeout: float) -> Any:
    from tutor.check._tasks import TASKS

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise Overrun

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return TASKS[task](*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_bounded(task: str, args: tuple[Any, ...], timeout: float) -> Any:
    """Run ``task`` (a name in tutor.check._tasks.TASKS) in a worker; Overrun after ``timeout`` seconds."""
    if _alarm_usable():
        return _call_with_alarm(task, args, timeout)
    if not _can_fork():
        from tutor.check._tasks import TASKS

        return TASKS[task](*args)  # no process bound: size bounds only (documented)
    worker = _acquire()
    ok = False
    try:
        result = worker.call(task, args, timeout)
        ok = True
        return result
    except Overrun:
        warm_up()  # start the replacement now, not when the next check arrives
        raise
    except E.TutorError:
        ok = True
        raise
    finally:
        _release(worker if ok else None)


def warm_up(block: bool = False) -> None:
    """Start a worker now (in the background unless ``block``) so the first check is fast."""
    if not _can_fork():
        return

    def go() -> None:
        try:
            _release(_acquire())
        except E.TutorError:
            pass

    if block:
        go()
    else:
        threading.Thread(target=go, name="r1-tutor-check-warmup", daemon=True).start()


def shutdown() -> None:
    """Stop the idle workers (they are daemons and also stop with the interpreter)."""
    global _live
    with _cond:
        workers, _idle[:] = list(_idle), []
        _live -= len(workers)
    for w in workers:
        w.kill()


atexit.register(shutdown)
