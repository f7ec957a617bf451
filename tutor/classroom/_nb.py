"""Notebook plumbing shared by build and grade: nbgrader checksums, answer tokens, atomic writes, progress."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any, TextIO

__all__ = [
    "PLACEHOLDER", "checksum", "nbgrader_meta", "encode_token", "decode_token", "write_atomic", "Progress",
    "pool_context",
]

PLACEHOLDER = "YOUR ANSWER HERE"  # nbgrader's own placeholder; an answer cell still holding it is "empty"
_TOKEN_PREFIX = "r1t1:"
_TOKEN_KEY = hashlib.sha256(b"r1-tutor practice token v1").digest()


def checksum(source: str, cell_type: str, grade_id: str, *, grade: bool = False, solution: bool = False,
             locked: bool = False, points: float | None = None) -> str:
    """nbgrader's ``compute_checksum`` (nbgrader/utils.py, 0.9.6), re-implemented so grading needs no nbgrader.

    md5 over: source, cell type, str(is_grade), str(is_solution), str(is_locked), grade_id, str(float(points)) for
    grade cells. nbgrader's ``is_locked`` is False for solution cells and True for grade cells — mirrored here.
    """
    is_locked = False if solution else True if grade else locked
    m = hashlib.md5()  # noqa: S324 - nbgrader's checksum format, not security
    for part in (source, cell_type, str(grade), str(solution), str(is_locked), grade_id):
        m.update(part.encode("utf-8"))
    if grade:
        m.update(str(float(points or 0)).encode("utf-8"))
    return m.hexdigest()


def nbgrader_meta(cell: Any, grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                  points: float | None = None, with_checksum: bool = True) -> str:
    """Attach schema-v3 nbgrader metadata to ``cell``; returns the checksum ("" when not computed)."""
    meta: dict[str, Any] = {"schema_version": 3, "grade": grade, "solution": solution, "locked": locked,
                            "grade_id": grade_id}
    if grade:
        meta["points"] = float(points or 0)
    digest = ""
    if with_checksum and (grade or locked):
        digest = checksum(cell.source, cell.cell_type, grade_id, grade=grade, solution=solution, locked=locked,
                          points=points)
        meta["checksum"] = digest
    cell.metadata["nbgrader"] = meta
    return digest


def _xor(data: bytes) -> bytes:
    key = _TOKEN_KEY
    return bytes(b ^ key[i % len(key)] for i, b in enumerate(data))


def encode_token(payload: dict[str, Any]) -> str:
    """Obfuscate (not encrypt) an embedded answer: a glance at the notebook JSON does not reveal it."""
    raw = zlib.compress(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"), 9)
    return _TOKEN_PREFIX + base64.urlsafe_b64encode(_xor(raw)).decode("ascii")


def decode_token(token: str) -> dict[str, Any]:
    from ..errors import ConfigError

    if not isinstance(token, str) or not token.startswith(_TOKEN_PREFIX):
        raise ConfigError("not an r1-tutor practice token")
    try:
        data = json.loads(zlib.decompress(_xor(base64.urlsafe_b64decode(token[len(_TOKEN_PREFIX):]))))
    except (ValueError, zlib.error) as exc:
        raise ConfigError(f"damaged r1-tutor practice token ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ConfigError("damaged r1-tutor practice token")
    return data


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder + rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Progress:
    """A one-line progress bar on stderr: ``assign [########------] 40/100``. Redraws at most 10×/s."""

    def __init__(self, total: int, label: str, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total, self.label, self.enabled = max(total, 1), label, enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def pool_context() -> Any:
    """Worker processes for grade: forkserver with SymPy and the checker preloaded (forks are then cheap).

    Not plain fork: the parent may hold threads (the checker's worker readers) that a fork would copy mid-state.
    As with any multiprocessing use, a *script* calling grade with jobs > 1 needs the usual
    ``if __name__ == "__main__":`` guard (the CLI, notebooks and pytest are fine).
    """
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tutor.classroom.grade", "tutor.check"])
    return ctx
