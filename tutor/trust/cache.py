"""The response cache: a class re-running the same notebook does not pay (or wait) twice.

SQLite in WAL mode at ``$XDG_CACHE_HOME/r1-tutor/responses.sqlite3`` (``~/.cache/r1-tutor/`` by default). The key is
a SHA-256 of provider, model, host, the prompt fields *after* redaction and the sampling parameters; the value is the
recorded event list. Only complete answers are stored. Keys are never stored: nothing from the environment or the
request headers goes in. A file that SQLite cannot read is moved aside and rebuilt — the cache never crashes an ask.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..backend import AskRequest
from ..events import Answer, Done, Event, Notice, Reasoning, Usage

__all__ = ["CACHE_FILENAME", "ResponseCache", "cache_key", "default_cache_dir", "events_from_json", "events_to_json"]

CACHE_FILENAME = "responses.sqlite3"
_SCHEMA_VERSION = 1
_MAX_ENTRIES = 20_000  # oldest entries are pruned beyond this
_EVENT_TYPES: dict[str, type] = {"reasoning": Reasoning, "answer": Answer, "notice": Notice, "usage": Usage, "done": Done}
_TYPE_NAMES = {cls: name for name, cls in _EVENT_TYPES.items()}


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "r1-tutor"


def cache_key(provider: str, model: str, host: str, request: AskRequest) -> str:
    """Stable key of what the model was asked (pass the request after redaction)."""
    payload = {
        "v": _SCHEMA_VERSION,
        "provider": provider,
        "model": model,
        "host": host,
        "problem": request.problem,
        "mode": request.mode,
        "lang": request.lang,
        "history": [list(turn) for turn in request.history],
        "hint_level": request.hint_level,
        "student_answer": request.student_answer,
        "context": request.context,
        "temperature": request.temperature,
        "top_p": request.top_p,
        "max_tokens": request.max_tokens,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def events_to_json(events: Iterable[Event]) -> str:
    return json.dumps([{"type": _TYPE_NAMES[type(e)], **asdict(e)} for e in events], ensure_ascii=False, default=str)


def events_from_json(raw: str) -> list[Event]:
    out: list[Event] = []
    for item in json.loads(raw):
        data = dict(item)
        cls = _EVENT_TYPES[data.pop("type")]
        out.append(cls(**data))
    return out


class ResponseCache:
    """A small SQLite store of event lists. Every operation opens its own connection (safe across threads)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_dir() / CACHE_FILENAME
        self.disabled_reason = ""
        self._lock = threading.Lock()
        self._ready = False
        self.rebuilt = 0  # how many times a damaged file was set aside (tests and doctor read it)

    # --- plumbing -------------------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=5000")
        return conn

    def _init(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.path.parent, 0o700)  # answers may quote the class's problems: keep them private
        except OSError:
            pass
        with closing(self._connect()) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, provider TEXT, model TEXT, host TEXT,"
                " created REAL, events TEXT NOT NULL)"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(_SCHEMA_VERSION),))
            conn.execute("SELECT count(*) FROM responses").fetchone()  # proves the file is readable
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass

    def _set_aside(self) -> None:
        """Move a damaged database (and its WAL side files) out of the way so that it is rebuilt."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                try:
                    p.replace(p.with_name(p.name + f".corrupt-{stamp}"))
                except OSError:
                    try:
                        p.unlink()
                    except OSError:
                        pass
        self.rebuilt += 1

    def _run(self, op: Any) -> Any:
        """Run ``op(conn)``; on a damaged file rebuild once and retry; if still failing, disable caching."""
        if self.disabled_reason:
            return None
        with self._lock:
            for attempt in (1, 2):
                try:
                    if not self._ready:
                        self._init()
                        self._ready = True
                    with closing(self._connect()) as conn:
                        return op(conn)
                except (sqlite3.DatabaseError, json.JSONDecodeError, KeyError, TypeError) as exc:
                    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                        return None  # another process holds the file right now: skip caching this time
                    if attempt == 2:
                        self.disabled_reason = f"the cache at {self.path} cannot be used ({exc.__class__.__name__})"
                        return None
                    self._ready = False
                    self._set_aside()
                except OSError as exc:
                    self.disabled_reason = f"the cache at {self.path} cannot be used ({exc.__class__.__name__})"
                    return None
        return None

    # --- API ------------------------------------------------------------------------------------------------
    def get(self, key: str) -> tuple[list[Event], float] | None:
        """The recorded events and the time they were recorded, or None."""

        def op(conn: sqlite3.Connection) -> tuple[list[Event], float] | None:
            row = conn.execute("SELECT events, created FROM responses WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            return events_from_json(row[0]), float(row[1])

        try:
            result = self._run(op)
        except (ValueError, TypeError):
            return None
        return result if isinstance(result, tuple) else None

    def put(self, key: str, events: Sequence[Event], *, provider: str = "", model: str = "", host: str = "") -> None:
        raw = events_to_json(events)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                (key, provider, model, host, time.time(), raw),
            )
            (count,) = conn.execute("SELECT count(*) FROM responses").fetchone()
            if count > _MAX_ENTRIES:
                conn.execute(
                    "DELETE FROM responses WHERE key IN (SELECT key FROM responses ORDER BY created LIMIT ?)",
                    (count - _MAX_ENTRIES,),
                )

        self._run(op)

    def clear(self) -> None:
        self._run(lambda conn: conn.execute("DELETE FROM responses"))

    def __len__(self) -> int:
        n = self._run(lambda conn: conn.execute("SELECT count(*) FROM responses").fetchone()[0])
        return int(n or 0)
