"""Self-study progress that survives a kernel restart: a small JSON file beside the notebook, never the cloud.

The file is ``.r1-tutor-progress.json`` in the kernel's working directory (Jupyter starts a kernel in the
notebook's folder), or the path in ``TUTOR_PROGRESS_FILE``. Records are keyed by a stable problem id: the bank's
``Problem.id`` for drawn problems, else ``problem_id(statement, answer, kind)`` (a hash of the normalized text).
Writes are atomic (temp file + ``os.replace``) and merge with what is on disk, so two widgets never lose each
other's records.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PROGRESS_FILENAME", "ProblemProgress", "ProgressStore", "problem_id", "default_progress_path"]

PROGRESS_FILENAME = ".r1-tutor-progress.json"
_VERSION = 1
_MAX_KEPT_ANSWERS = 10


def default_progress_path() -> Path:
    """``$TUTOR_PROGRESS_FILE`` if set, else ``./.r1-tutor-progress.json`` (the notebook's folder in Jupyter)."""
    env = os.environ.get("TUTOR_PROGRESS_FILE")
    if env:
        return Path(env).expanduser()
    return Path.cwd() / PROGRESS_FILENAME


def problem_id(statement: str, answer: str | None = None, kind: str | None = None) -> str:
    """A stable id for a free-form problem: the same text and answer give the same id in every session."""
    norm = " ".join(statement.split()).lower() + "\x00" + " ".join((answer or "").split()) + "\x00" + (kind or "")
    return "p-" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass
class ProblemProgress:
    """What a student did on one problem. ``outcome``: open | solved | revealed | out_of_attempts."""

    problem_id: str
    statement: str = ""
    attempts: int = 0
    hints_used: int = 0
    hints: list[str] = field(default_factory=list)
    outcome: str = "open"
    answers: list[str] = field(default_factory=list)  # the last few valid answers, newest last
    solution_shown: bool = False
    updated_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProblemProgress:
        def _int(key: str) -> int:
            value = data.get(key, 0)
            return value if isinstance(value, int) and value >= 0 else 0

        def _strs(key: str) -> list[str]:
            value = data.get(key, [])
            return [str(v) for v in value] if isinstance(value, list) else []

        outcome = data.get("outcome", "open")
        return cls(
            problem_id=str(data.get("problem_id", "")),
            statement=str(data.get("statement", "")),
            attempts=_int("attempts"),
            hints_used=min(_int("hints_used"), 3),
            hints=_strs("hints")[:3],
            outcome=outcome if outcome in ("open", "solved", "revealed", "out_of_attempts") else "open",
            answers=_strs("answers")[-_MAX_KEPT_ANSWERS:],
            solution_shown=bool(data.get("solution_shown", False)),
            updated_at=str(data.get("updated_at", "")),
        )


class ProgressStore:
    """Read/write access to one progress file. A missing or unreadable file reads as empty (nothing is lost:
    an unreadable file is left untouched until the next successful write replaces it)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_progress_path()

    def _read_all(self) -> dict[str, dict[str, Any]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        problems = raw.get("problems") if isinstance(raw, dict) else None
        return {k: v for k, v in problems.items() if isinstance(v, dict)} if isinstance(problems, dict) else {}

    def load(self, pid: str) -> ProblemProgress | None:
        data = self._read_all().get(pid)
        if data is None:
            return None
        rec = ProblemProgress.from_dict(data)
        rec.problem_id = pid
        return rec

    def all(self) -> dict[str, ProblemProgress]:
        return {pid: ProblemProgress.from_dict({**d, "problem_id": pid}) for pid, d in self._read_all().items()}

    def save(self, rec: ProblemProgress) -> None:
        rec.updated_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        rec.answers = rec.answers[-_MAX_KEPT_ANSWERS:]
        problems = self._read_all()
        problems[rec.problem_id] = rec.to_dict()
        self._write(problems)

    def reset(self, pid: str | None = None) -> None:
        """Forget one problem (or all of them)."""
        problems = {} if pid is None else {k: v for k, v in self._read_all().items() if k != pid}
        self._write(problems)

    def _write(self, problems: dict[str, dict[str, Any]]) -> None:
        payload = json.dumps({"version": _VERSION, "problems": problems}, indent=1, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".r1-tutor-", suffix=".tmp", dir=str(self.path.parent))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
