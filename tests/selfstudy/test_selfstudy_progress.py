"""Progress survives a kernel restart: a JSON file beside the notebook, keyed by a stable problem id."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tutor.selfstudy.progress import (
    PROGRESS_FILENAME,
    ProblemProgress,
    ProgressStore,
    default_progress_path,
    problem_id,
)


def test_problem_id_is_stable_and_whitespace_insensitive() -> None:
    a = problem_id("Solve x^2 - 5x + 6 = 0", "{2, 3}", "set")
    assert a == problem_id("Solve  x^2 - 5x + 6 = 0 ", "{2, 3}", "set")
    assert a.startswith("p-") and len(a) == 18
    assert a != problem_id("Solve x^2 - 5x + 6 = 0", "{2, 4}", "set")
    assert a != problem_id("Solve x^2 - 5x + 6 = 0", "{2, 3}", "list")


def test_default_path_is_cwd_unless_env(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TUTOR_PROGRESS_FILE")
    assert default_progress_path() == tmp_path / PROGRESS_FILENAME
    monkeypatch.setenv("TUTOR_PROGRESS_FILE", str(tmp_path / "elsewhere.json"))
    assert default_progress_path() == tmp_path / "elsewhere.json"


def test_save_load_roundtrip_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    s1, s2 = ProgressStore(path), ProgressStore(path)  # two widgets / two kernels on the same file
    s1.save(ProblemProgress("a", statement="A", attempts=2, hints_used=1, hints=["h1"], outcome="solved",
                            answers=["1", "2"]))
    s2.save(ProblemProgress("b", attempts=1))
    rec = ProgressStore(path).load("a")
    assert rec is not None
    assert (rec.attempts, rec.hints_used, rec.hints, rec.outcome, rec.answers) == (2, 1, ["h1"], "solved", ["1", "2"])
    assert rec.updated_at.endswith("Z")
    assert set(ProgressStore(path).all()) == {"a", "b"}
    data = json.loads(path.read_text())
    assert data["version"] == 1 and set(data["problems"]) == {"a", "b"}
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # atomic write leaves no temp files


def test_reset_one_and_all(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.save(ProblemProgress("a"))
    store.save(ProblemProgress("b"))
    store.reset("a")
    assert store.load("a") is None and store.load("b") is not None
    store.reset()
    assert store.all() == {}


def test_corrupt_or_hostile_file_reads_as_empty_and_is_sanitized(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{not json")
    store = ProgressStore(path)
    assert store.load("a") is None and store.all() == {}
    path.write_text(json.dumps({"problems": {"a": {"attempts": -3, "hints_used": 99, "outcome": "hacked",
                                                   "hints": "x", "answers": [1, 2]}}}))
    rec = store.load("a")
    assert rec is not None
    assert (rec.attempts, rec.hints_used, rec.outcome, rec.hints, rec.answers) == (0, 3, "open", [], ["1", "2"])
    store.save(ProblemProgress("b"))  # a write replaces the broken file cleanly
    assert set(store.all()) == {"a", "b"}
