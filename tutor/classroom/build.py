"""``r1-tutor assign``: per-student variants, student notebooks, answer keys and the teacher's source notebook.

Layout written under ``out``::

    students/<id>/<name>.ipynb   one distinct variant per student (reproducible from seed + id)
    key/<id>.json                question id → expected answer, kind, options, points (+ locked-cell checksums)
    source/<name>.ipynb          teacher version with solutions, nbgrader schema-v3 metadata
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import v4

from ..bank import Problem, draw, verify
from ..errors import ConfigError
from ._nb import PLACEHOLDER, Progress, encode_token, nbgrader_meta, write_atomic
from .spec import BankItem, R1Item, Spec, TemplateItem
from .template import render

__all__ = ["Student", "AssignResult", "assign", "read_roster", "variant", "build_student_notebook",
           "build_source_notebook", "numbered_roster", "KEY_VERSION"]

KEY_VERSION = 1
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_VARIANT_TRIES = 25
R1Pool = Callable[[R1Item, int, str], list[Problem]]  # (item, how many, seed) → verified problems


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""


@dataclass(frozen=True)
class AssignResult:
    out: Path
    notebook_name: str
    students: tuple[Student, ...]
    questions: int
    max_points: float


def read_roster(path: str | Path) -> list[Student]:
    """A CSV with columns ``id,name`` (header required; extra columns ignored)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the roster ({exc.strerror or exc})") from None
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames:
        reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames]
    rows = list(reader)
    if "id" not in (reader.fieldnames or []):
        raise ConfigError(f"{p}: the roster needs a header line with at least an 'id' column (id,name)")
    students: list[Student] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        sid = (row.get("id") or "").strip()
        if not sid:
            continue
        if not _ID.match(sid):
            raise ConfigError(f"{p}:{line}: id {sid!r} must be letters, digits, '.', '_' or '-' (it names a folder)")
        if sid in seen:
            raise ConfigError(f"{p}:{line}: duplicate id {sid!r}")
        seen.add(sid)
        students.append(Student(sid, (row.get("name") or "").strip()))
    if not students:
        raise ConfigError(f"{p}: the roster lists no students")
    return students


def numbered_roster(count: int) -> list[Student]:
    if not 1 <= count <= 100_000:
        raise ConfigError(f"--count must be between 1 and 100000, got {count}")
    width = max(3, len(str(count)))
    return [Student(f"student{i:0{width}d}") for i in range(1, count + 1)]


def _qids(spec: Spec) -> list[tuple[str, BankItem | TemplateItem | R1Item, int, int]]:
    """(question id, spec item, the item's index, the question's position within the item)."""
    out: list[tuple[str, BankItem | TemplateItem | R1Item, int, int]] = []
    for index, item in enumerate(spec.problems):
        for k in range(item.count):
            out.append((f"q{len(out) + 1}", item, index, k))
    return out


def variant(spec: Spec, student_id: str, *, seed: int | str | None = None, attempt: int = 0,
            r1_pool: dict[str, list[Problem]] | None = None) -> list[tuple[str, Problem]]:
    """The problems of one student: a pure function of (spec, seed, student id, attempt)."""
    base = spec.seed if seed is None else seed
    problems: list[tuple[str, Problem]] = []
    for qid, item, index, k in _qids(spec):
        key = f"{base}|{student_id}|{qid}|{attempt}"
        if isinstance(item, BankItem):
            # one seed per spec item and consecutive slots: an item's questions get different structures
            # (product rule, chain rule …), not the same template with other numbers
            item_key = f"{base}|{student_id}|item{index}|{attempt}"
            problem = draw(item.topic, item.level, item_key, slot=k, points=item.points)
        elif isinstance(item, TemplateItem):
            problem = render(item, key, source=spec.path or "<spec>")
        else:
            pool = (r1_pool or {}).get(qid)
            if not pool:
                raise ConfigError(f"{spec.path}: {qid}: no verified R1-written problem available")
            problem = pool[int.from_bytes(key.encode(), "little") % len(pool)]
        problems.append((qid, problem))
    return problems


def _key(spec: Spec, student: Student, problems: list[tuple[str, Problem]], locked: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": KEY_VERSION,
        "student": {"id": student.id, "name": student.name},
        "assignment": spec.name,
        "title": spec.title,
        "mode": spec.mode,
        "notebook": f"{spec.name}.ipynb",
        "max": sum(p.points for _, p in problems),
        "questions": {  # question id → expected answer, kind, options, points (+ what the student saw)
            qid: {"expected": p.answer, "kind": p.kind, "options": dict(p.options), "points": p.points,
                  "variables": list(p.variables), "statement": p.statement, "solution": p.solution,
                  "answer_latex": p.answer_latex, "problem_id": p.id, "source": p.source}
            for qid, p in problems
        },
        "locked": locked,
    }


def _header(spec: Spec, student: Student | None) -> str:
    who = f"\n\n**Student:** {student.name or student.id}" + (f" (`{student.id}`)" if student.name else "") \
        if student else "\n\n**Teacher version** — each student receives a different variant; their keys are in `key/`."
    how = (
        "Type each answer in plain math in the cell under the question, replacing "
        f"`{PLACEHOLDER}` — e.g. `x^2 - 3x`, `{{2, -1}}`, `(1, 2)`, `12.5 m/s`. "
        "Run the last code cell to see how your answers are read."
    )
    if spec.mode == "practice":
        how += " The check boxes under each question give instant feedback."
    text = f"# {spec.title}{who}"
    if spec.instructions:
        text += f"\n\n{spec.instructions}"
    return text + f"\n\n{how}"


def _question_md(n: int, problem: Problem) -> str:
    pts = f"{problem.points:g} point" + ("" if problem.points == 1 else "s")
    return f"### Question {n} ({pts})\n\n{problem.statement}"


def _practice_payload(qid: str, problem: Problem) -> dict[str, Any]:
    return {"qid": qid, "statement": problem.statement, "answer": problem.answer, "kind": problem.kind,
            "options": dict(problem.options), "variables": list(problem.variables), "solution": problem.solution,
            "id": problem.id}


def build_student_notebook(spec: Spec, student: Student, problems: list[tuple[str, Problem]]
                           ) -> tuple[nbformat.NotebookNode, dict[str, Any]]:
    """The student's notebook and the checksums of its locked cells ({grade_id: {checksum, cell_type}})."""
    cells: list[Any] = []
    locked: dict[str, Any] = {}

    def lock(cell: Any, grade_id: str) -> Any:
        digest = nbgrader_meta(cell, grade_id, locked=True)
        locked[grade_id] = {"checksum": digest, "cell_type": cell.cell_type}
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
        cells.append(cell)
        return cell

    lock(v4.new_markdown_cell(_header(spec, student)), "header")
    for n, (qid, problem) in enumerate(problems, start=1):
        lock(v4.new_markdown_cell(_question_md(n, problem), metadata={"tutor": {
            "question": qid, "role": "statement", "kind": problem.kind, "variables": list(problem.variables)}}),
             f"{qid}_statement")
        answer = v4.new_markdown_cell(PLACEHOLDER, metadata={"tutor": {"question": qid, "role": "answer"}})
        nbgrader_meta(answer, qid, grade=True, solution=True, points=problem.points, with_checksum=False)
        cells.append(answer)
        if spec.mode == "practice":
            token = encode_token(_practice_payload(qid, problem))
            lock(v4.new_code_cell(f'import tutor.classroom\ntutor.classroom.question("{token}")',
                                  metadata={"tutor": {"question": qid, "role": "check"}}), f"{qid}_check")
    lock(v4.new_code_cell("import tutor.classroom\ntutor.classroom.review()", metadata={"tutor": {"role": "review"}}),
         "review")
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "tutor": {"assignment": spec.name, "student": student.id, "mode": spec.mode},
    })
    nbformat.validate(nb)
    return nb, locked


def build_source_notebook(spec: Spec, problems: list[tuple[str, Problem]]) -> nbformat.NotebookNode:
    """Teacher version: statements, the expected answers in the answer cells, worked solutions."""
    cells: list[Any] = []
    header = v4.new_markdown_cell(_header(spec, None))
    nbgrader_meta(header, "header", locked=True)
    cells.append(header)
    for n, (qid, problem) in enumerate(problems, start=1):
        statement = v4.new_markdown_cell(_question_md(n, problem),
                                         metadata={"tutor": {"question": qid, "role": "statement"}})
        nbgrader_meta(statement, f"{qid}_statement", locked=True)
        answer = v4.new_markdown_cell(problem.answer, metadata={"tutor": {
            "question": qid, "role": "answer", "kind": problem.kind, "options": dict(problem.options)}})
        nbgrader_meta(answer, qid, grade=True, solution=True, points=problem.points)
        cells.extend([statement, answer])
        if problem.solution:
            sol = v4.new_markdown_cell(f"**Solution.** {problem.solution}",
                                       metadata={"tutor": {"question": qid, "role": "solution"}})
            nbgrader_meta(sol, f"{qid}_solution", locked=True)
            cells.append(sol)
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "tutor": {"assignment": spec.name, "mode": spec.mode, "role": "source"},
    })
    nbformat.validate(nb)
    return nb


def _dumps(nb: nbformat.NotebookNode) -> str:
    """The notebook as JSON. Already validated by the builder; nbformat.writes would validate again (×3 slower)."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _signature(problems: list[tuple[str, Problem]]) -> tuple[str, ...]:
    return tuple(p.statement for _, p in problems)


def _write_student(spec: Spec, student: Student, out: Path, seed: int | str | None,
                   pools: dict[str, list[Problem]], attempt: int,
                   verifier: _Verifier) -> tuple[str, ...]:
    problems = variant(spec, student.id, seed=seed, attempt=attempt, r1_pool=pools)
    verifier.submit(problems)
    nb, locked = build_student_notebook(spec, student, problems)
    write_atomic(out / "students" / student.id / f"{spec.name}.ipynb", _dumps(nb))
    write_atomic(out / "key" / f"{student.id}.json",
                 json.dumps(_key(spec, student, problems, locked), indent=1, ensure_ascii=False))
    return _signature(problems)


def assign(spec: Spec, students: Sequence[Student], out: str | Path, *, seed: int | str | None = None,
           force: bool = False, progress: bool = False, verify_keys: bool = True,
           r1_pool: R1Pool | None = None) -> AssignResult:
    """Write every student's notebook and key plus the source notebook under ``out``.

    One process (measured faster than a process pool, whose workers would each start SymPy and their own
    checkers); every key is verified with ``tutor.check`` before returning, and on any failure nothing is left.
    """
    out = Path(out)
    if not students:
        raise ConfigError("no students: pass --roster FILE or --count N")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ConfigError(f"{out} already exists; pass --force to replace it")
        if not (out / "key").is_dir() and not (out / "students").is_dir():
            raise ConfigError(f"{out} exists and does not look like an assign output; refusing to replace it")
        shutil.rmtree(out)
    pools = _r1_pools(spec, len(students), seed, r1_pool)
    ordered = sorted(students, key=lambda s: s.id)
    bar = Progress(len(students) + 1, "assign", enabled=progress)
    signatures: dict[str, tuple[str, ...]] = {}
    verifier = _Verifier(verify_keys)
    if verify_keys:
        from ..check import warm_up

        warm_up()  # the checker's worker process boots (imports SymPy) while we draw
    try:
        for student in ordered:
            signatures[student.id] = _write_student(spec, student, out, seed, pools, 0, verifier)
            bar.advance()
        seen: set[tuple[str, ...]] = set()
        for student in ordered:  # rare: two identical variants — re-draw the later one (deterministic order)
            attempt = 0
            while signatures[student.id] in seen and attempt < _VARIANT_TRIES:
                attempt += 1
                signatures[student.id] = _write_student(spec, student, out, seed, pools, attempt, verifier)
            seen.add(signatures[student.id])
        source_problems = variant(spec, "__source__", seed=seed, r1_pool=pools)
        verifier.submit(source_problems)
        write_atomic(out / "source" / f"{spec.name}.ipynb", _dumps(build_source_notebook(spec, source_problems)))
        verifier.finish()
        bar.advance()
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # never leave a half-written or unverified assignment behind
        raise
    finally:
        bar.close()
    return AssignResult(out=out, notebook_name=f"{spec.name}.ipynb", students=tuple(students),
                        questions=spec.question_count, max_points=sum(i.points * i.count for i in spec.problems))


class _Verifier:
    """Checks every distinct key answer with ``tutor.check`` against itself, all at the end, one after another.

    Not overlapped with drawing: a CPU-bound main thread would make every hand-off with the checker's worker
    process wait for the GIL (measured ~10× slower per check); not on 2 threads either: starting a second
    checker worker (importing SymPy) costs more than the ~1 ms per check it would save.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._todo: dict[str, tuple[str, Problem]] = {}

    def submit(self, problems: list[tuple[str, Problem]]) -> None:
        if self.enabled:
            for qid, problem in problems:
                self._todo.setdefault(f"{problem.answer}|{problem.kind}|{sorted(problem.options.items())}",
                                      (qid, problem))

    def finish(self) -> None:
        """A key that fails is a ConfigError (e.g. a template whose answer does not match its kind)."""
        todo = list(self._todo.values())
        self._todo.clear()
        for qid, problem in todo:
            if not verify(problem):
                raise ConfigError(f"{qid}: the expected answer {problem.answer!r} ({problem.kind}) does not "
                                  "check as correct against itself; fix the template's answer or kind")


def _r1_pools(spec: Spec, n_students: int, seed: int | str | None, r1_pool: R1Pool | None
              ) -> dict[str, list[Problem]]:
    items = [(qid, item) for qid, item, _, _ in _qids(spec) if isinstance(item, R1Item)]
    if not items:
        return {}
    if r1_pool is None:
        from .r1source import r1_pool as default_pool

        r1_pool = default_pool
    pools: dict[str, list[Problem]] = {}
    for qid, item in items:
        want = max(1, min(n_students, 5))  # a few distinct verified problems per question, shared round-robin
        pools[qid] = r1_pool(item, want, f"{spec.seed if seed is None else seed}|{qid}")
    return pools
