"""``r1-tutor grade``: read submissions statically (no kernel, nothing executed) and check every answer cell.

Writes ``grades.csv`` (one row per student, error rows included), ``feedback/<id>.ipynb`` (the student's notebook
with a verdict after each answer) and ``summary.json``. Submissions are only ever read.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ._feedback import feedback_notebook
from ._nb import PLACEHOLDER, Progress, checksum, pool_context, write_atomic

__all__ = ["QuestionResult", "SubmissionResult", "GradeRun", "grade", "grade_submission", "load_keys",
           "answer_text", "grades_csv", "summary", "LARGE_BYTES", "MAX_BYTES"]

LARGE_BYTES = 5 * 1024 * 1024  # flagged (outputs dropped from the feedback copy) but still graded
MAX_BYTES = 200 * 1024 * 1024  # refused: an error row, never read into memory
CHECK_TIMEOUT = 2.0  # seconds per answer; an overrun scores 0 with note "timeout"
MAX_ANSWER_CHARS = 2000


@dataclass
class QuestionResult:
    qid: str
    points: float
    score: float = 0.0
    status: str = "empty"  # correct | incorrect | invalid | empty | missing | timeout | error
    answer: str = ""
    note: str = ""
    feedback: str = ""
    parsed: str = ""  # the checker's reading of the answer (LaTeX)


@dataclass
class SubmissionResult:
    id: str
    name: str = ""
    status: str = "ok"  # ok | flagged | error
    total: float = 0.0
    max: float = 0.0
    flags: list[str] = field(default_factory=list)
    error: str = ""
    questions: list[QuestionResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        qs = [QuestionResult(**q) for q in data.pop("questions", [])]
        return cls(**data, questions=qs)


@dataclass(frozen=True)
class GradeRun:
    out: Path
    results: tuple[SubmissionResult, ...]
    qids: tuple[str, ...]


def load_keys(key_dir: str | Path) -> dict[str, dict[str, Any]]:
    kd = Path(key_dir)
    if not kd.is_dir():
        raise ConfigError(f"{kd}: no such key folder (use the key/ folder written by r1-tutor assign)")
    keys: dict[str, dict[str, Any]] = {}
    for path in sorted(kd.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            sid = str(data["student"]["id"])
            data["questions"] = [{**q, "qid": qid} for qid, q in data["questions"].items()]  # ordered q1, q2, …
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path}: not an r1-tutor answer key ({exc.__class__.__name__}: {exc})") from None
        keys[sid] = data
    if not keys:
        raise ConfigError(f"{kd}: contains no answer keys (*.json)")
    return keys


def answer_text(source: str) -> str:
    """The answer in an answer cell: the last non-empty line, without code fences/backticks or the placeholder."""
    lines = [ln.strip() for ln in source.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln and ln != PLACEHOLDER and not ln.startswith("```")]
    if not lines:
        return ""
    text = lines[-1]
    if len(text) >= 2 and text[0] == "`" and text[-1] == "`":
        text = text.strip("`").strip()
    return text


def _find_submission(folder: Path, notebook: str) -> tuple[Path | None, list[str]]:
    exact = folder / notebook
    if exact.is_file():
        return exact, []
    candidates = sorted(p for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    if len(candidates) == 1:
        return candidates[0], [f"renamed:{candidates[0].name}"]
    return None, []


def _read_notebook(path: Path, result: SubmissionResult) -> dict[str, Any] | None:
    size = path.stat().st_size
    if size == 0:
        result.error = "empty file"
        return None
    if size > MAX_BYTES:
        result.error = f"notebook too large ({size / 2**20:.0f} MB > {MAX_BYTES // 2**20} MB)"
        return None
    if size > LARGE_BYTES:
        result.flags.append(f"large_output:{size / 2**20:.1f}MB")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        result.error = f"corrupt notebook (not JSON: {str(exc)[:80]})"
        return None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        result.error = "corrupt notebook (no cell list)"
        return None
    nb["cells"] = [c for c in nb["cells"] if isinstance(c, dict)]
    return nb


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(s for s in src if isinstance(s, str)) if isinstance(src, list) else str(src)


def _meta(cell: dict[str, Any], name: str) -> dict[str, Any]:
    meta = cell.get("metadata")
    value = meta.get(name) if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def _check(answer: str, q: dict[str, Any]) -> tuple[float, str, str, str, str]:
    """(fraction of points, status, note, feedback, parsed LaTeX) for one answer — bounded by the check timeout."""
    from ..check import check
    from ..errors import CheckTimeout, TutorError

    opts = dict(q.get("options") or {})
    if q.get("variables"):
        opts["variables"] = list(q["variables"])
    try:
        v = check(answer, q["expected"], kind=q.get("kind"), timeout=CHECK_TIMEOUT, **opts)
    except CheckTimeout:
        return 0.0, "timeout", "timeout", "This answer took too long to check; write it in a simpler form.", ""
    except TutorError as exc:
        return 0.0, "invalid", getattr(exc, "note", "invalid_syntax"), str(exc), ""
    if not v.valid:
        return 0.0, "invalid", v.note, v.feedback, ""
    if v.note == "timeout":
        return 0.0, "timeout", v.note, v.feedback, ""
    score = float(v.score) if v.score is not None else (1.0 if v.correct else 0.0)
    status = "correct" if v.correct else "incorrect"
    return max(0.0, min(1.0, score)), status, v.note, v.feedback, str(v.parsed or "")


def grade_submission(path: Path | None, key: dict[str, Any], *, feedback_path: Path | None = None,
                     extra_flags: Iterable[str] = ()) -> SubmissionResult:
    """Grade one notebook against its key. Never raises for a bad submission: the result says what went wrong."""
    student = key["student"]
    questions = key["questions"]
    result = SubmissionResult(id=str(student["id"]), name=str(student.get("name", "")),
                              max=float(sum(float(q["points"]) for q in questions)), flags=list(extra_flags))
    result.questions = [QuestionResult(qid=q["qid"], points=float(q["points"]), status="missing") for q in questions]
    if path is None:
        result.status, result.error = "error", "missing submission"
        return result
    nb = _read_notebook(path, result)
    if nb is None:
        result.status = "error"
        return result
    by_gid: dict[str, dict[str, Any]] = {}
    answers: dict[str, dict[str, Any]] = {}
    for cell in nb["cells"]:
        gid = _meta(cell, "nbgrader").get("grade_id")
        if isinstance(gid, str):
            by_gid.setdefault(gid, cell)
        tut = _meta(cell, "tutor")
        if tut.get("role") == "answer" and isinstance(tut.get("question"), str):
            answers.setdefault(tut["question"], cell)
    for gid, info in (key.get("locked") or {}).items():
        cell = by_gid.get(gid)
        if cell is None:
            result.flags.append(f"deleted:{gid}")
        elif checksum(_source(cell), str(cell.get("cell_type", "")), gid, locked=True) != info["checksum"]:
            result.flags.append(f"tampered:{gid}")
    for qr, q in zip(result.questions, questions, strict=True):
        cell = answers.get(qr.qid) or by_gid.get(qr.qid)  # tutor metadata stripped: fall back to nbgrader's id
        if cell is None:
            result.flags.append(f"missing_answer:{qr.qid}")
            qr.feedback = "The answer cell for this question was deleted."
            continue
        qr.answer = answer_text(_source(cell))
        if not qr.answer:
            qr.status, qr.feedback = "empty", "No answer given."
            continue
        if len(qr.answer) > MAX_ANSWER_CHARS:
            qr.answer = qr.answer[:MAX_ANSWER_CHARS]
            qr.status, qr.note, qr.feedback = "invalid", "too_large", "This answer is far too long to be read."
            continue
        try:
            frac, qr.status, qr.note, qr.feedback, qr.parsed = _check(qr.answer, q)
        except Exception as exc:  # noqa: BLE001 - one bad answer must not stop the class being graded
            frac, qr.status, qr.note = 0.0, "error", "error"
            qr.feedback = f"This answer could not be checked ({exc.__class__.__name__})."
            result.flags.append(f"check_error:{qr.qid}")
        qr.score = round(frac * qr.points, 4)
    result.total = round(sum(q.score for q in result.questions), 4)
    if result.flags:
        result.status = "flagged"
    if feedback_path is not None:
        write_atomic(feedback_path, feedback_notebook(nb, result, key, strip_outputs=path.stat().st_size > LARGE_BYTES))
    return result


def _job(args: tuple[str | None, dict[str, Any], str, list[str]]) -> dict[str, Any]:
    sub, key, fb, flags = args
    try:
        return grade_submission(Path(sub) if sub else None, key, feedback_path=Path(fb), extra_flags=flags).to_dict()
    except Exception as exc:  # noqa: BLE001 - a notebook that is valid JSON but malformed in a way we missed
        student = key["student"]
        return SubmissionResult(id=str(student["id"]), name=str(student.get("name", "")), status="error",
                                max=float(sum(float(q["points"]) for q in key["questions"])),
                                error=f"could not read this notebook ({exc.__class__.__name__})").to_dict()


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def grade(submissions: str | Path, key_dir: str | Path, out: str | Path, *, jobs: int | None = None,
          progress: bool = False) -> GradeRun:
    """Grade every ``<submissions>/<id>/<assignment>.ipynb`` against ``<key_dir>/<id>.json``."""
    subs, out = Path(submissions), Path(out)
    if not subs.is_dir():
        raise ConfigError(f"{subs}: no such submissions folder")
    if _inside(out, subs) or _inside(subs, out):
        raise ConfigError(f"{out}: the results folder must be outside the submissions folder (and not contain it)")
    keys = load_keys(key_dir)
    fb_dir = out / "feedback"
    fb_dir.mkdir(parents=True, exist_ok=True)
    tasks: list[tuple[str | None, dict[str, Any], str, list[str]]] = []
    for sid, key in sorted(keys.items()):
        path, flags = _find_submission(subs / sid, str(key.get("notebook", "")))
        tasks.append((str(path) if path else None, key, str(fb_dir / f"{sid}.ipynb"), flags))
    extra = sorted(p.name for p in subs.iterdir() if p.is_dir() and p.name not in keys and not p.name.startswith("."))
    if jobs is None:  # auto: worker start-up (SymPy + a checker each) only pays off for a larger class
        jobs = 1 if len(tasks) < 24 else os.cpu_count() or 1
    jobs = max(1, min(jobs, len(tasks)))
    bar = Progress(len(tasks), "grade", enabled=progress)
    results: list[SubmissionResult] = []
    try:
        if jobs == 1:
            for task in tasks:
                results.append(SubmissionResult.from_dict(_job(task)))
                bar.advance()
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
                for data in pool.map(_job, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 4) or 1))):
                    results.append(SubmissionResult.from_dict(data))
                    bar.advance()
    finally:
        bar.close()
    for name in extra:
        results.append(SubmissionResult(id=name, status="error", error="no answer key for this submission"))
    keep = {f"{r.id}.ipynb" for r in results if r.status != "error"}
    for stale in fb_dir.glob("*.ipynb"):  # idempotent: a re-run leaves exactly this run's feedback
        if stale.name not in keep:
            stale.unlink()
    qids = _qids(keys)
    write_atomic(out / "grades.csv", grades_csv(results, qids))
    write_atomic(out / "summary.json", json.dumps(summary(results, qids, keys), indent=1, ensure_ascii=False))
    return GradeRun(out=out, results=tuple(results), qids=tuple(qids))


def _qids(keys: dict[str, dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for key in keys.values():
        for q in key["questions"]:
            seen.setdefault(q["qid"], None)
    return sorted(seen, key=lambda s: (len(s), s))


def _num(value: float) -> str:
    return f"{value:g}"


def grades_csv(results: Iterable[SubmissionResult], qids: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "name", *qids, "total", "max", "status", "flags"])
    for r in sorted(results, key=lambda r: r.id):
        scores = {q.qid: q for q in r.questions}
        cells = ["" if r.status == "error" or qid not in scores else _num(scores[qid].score) for qid in qids]
        flags = r.error if r.status == "error" else ";".join(r.flags)
        writer.writerow([r.id, r.name, *cells, _num(r.total), _num(r.max), r.status, flags])
    return buf.getvalue()


def summary(results: list[SubmissionResult], qids: list[str], keys: dict[str, dict[str, Any]]) -> dict[str, Any]:
    graded = [r for r in results if r.status != "error"]
    per_q: dict[str, Any] = {}
    for qid in qids:
        rows = [q for r in graded for q in r.questions if q.qid == qid]
        points = max((q.points for q in rows), default=0.0)
        status = Counter(q.status for q in rows)
        wrong = Counter(q.answer for q in rows if q.status == "incorrect")
        notes = Counter(q.note for q in rows if q.status in ("incorrect", "invalid", "timeout") and q.note)
        per_q[qid] = {
            "points": points,
            "mean": round(sum(q.score for q in rows) / len(rows), 4) if rows else None,
            "statuses": dict(sorted(status.items())),
            "common_wrong_answers": [{"answer": a, "count": c} for a, c in wrong.most_common(5)],
            "notes": dict(notes.most_common()),
        }
    totals = sorted(r.total for r in graded)
    return {
        "assignment": next(iter(keys.values())).get("assignment", "") if keys else "",
        "students": len(results),
        "graded": len(graded),
        "errors": sorted(({"id": r.id, "error": r.error} for r in results if r.status == "error"),
                         key=lambda e: e["id"]),
        "flagged": sorted(({"id": r.id, "flags": r.flags} for r in graded if r.flags), key=lambda e: e["id"]),
        "max": max((r.max for r in results), default=0.0),
        "mean_total": round(sum(totals) / len(totals), 4) if totals else None,
        "median_total": totals[len(totals) // 2] if totals else None,
        "totals": totals,
        "questions": per_q,
    }
