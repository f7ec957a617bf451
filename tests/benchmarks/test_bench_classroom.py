"""Classroom benchmarks (``make bench``): assign 100 × 10, grade 1,000 × 10, and nbgrader autograde side by side.

Targets (issue 6): assign ≤ 10 s; grade ≤ 30 s on 2 cores; ≥ 50× faster per submission than nbgrader autograde
on an equivalent 20-submission assignment. nbgrader runs in its own course directory in a temp folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from tutor.classroom.build import assign, numbered_roster
from tutor.classroom.grade import grade
from tutor.classroom.spec import Spec, parse_spec

TOPICS = ["linear-equations", "quadratics", "systems", "inequalities", "simplification", "derivatives", "integrals",
          "limits", "matrices", "unit-conversion"]


def _spec() -> Spec:
    return parse_spec({"title": "Bench", "seed": 1,
                       "problems": [{"topic": t, "level": 1 + i % 3} for i, t in enumerate(TOPICS)]})


def _fill_all(students_dir: Path, key_dir: Path, *, wrong_every: int = 4) -> None:
    """Answer every question: right, except every ``wrong_every``-th answer is wrong (0: none wrong)."""
    for n, key_path in enumerate(sorted(key_dir.glob("*.json"))):
        key = json.loads(key_path.read_text())
        answers = {qid: q["expected"] for qid, q in key["questions"].items()}
        for j, qid in enumerate(answers):
            if wrong_every and (n + j) % wrong_every == 0:
                answers[qid] = "12345"
        path = students_dir / key["student"]["id"] / key["notebook"]
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("tutor", {})
            if meta.get("role") == "answer":
                cell.source = answers[meta["question"]]
        nbformat.write(nb, path)


def _replicate(src: Path, key_src: Path, dst: Path, key_dst: Path, copies: int) -> None:
    """1,000 submissions from 100 assigned notebooks: each copy keeps its own key (same content, new id)."""
    key_dst.mkdir(parents=True)
    for key_path in sorted(key_src.glob("*.json")):
        key = json.loads(key_path.read_text())
        sid = key["student"]["id"]
        for c in range(copies):
            new_id = f"{sid}-{c}"
            key["student"]["id"] = new_id
            (key_dst / f"{new_id}.json").write_text(json.dumps(key))
            (dst / new_id).mkdir(parents=True)
            shutil.copy(src / sid / key["notebook"], dst / new_id / key["notebook"])


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench-classroom")


def test_assign_100_students_x_10_problems(work: Path) -> None:
    spec = _spec()
    t0 = time.perf_counter()
    assign(spec, numbered_roster(100), work / "a100")
    assign_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    assign(spec, numbered_roster(100), work / "a100-unverified", verify_keys=False)
    bare_s = time.perf_counter() - t0
    print(f"\n[classroom] assign 100 students × 10 problems: {assign_s:.2f} s with every key verified by "
          f"tutor.check ({bare_s:.2f} s without verification) (target ≤ 10 s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    assert len(list((work / "a100" / "students").iterdir())) == 100
    assert assign_s <= 10.0


def test_grade_1000_submissions_x_10_answers(work: Path) -> None:
    base = work / "a100"
    if not base.exists():
        assign(_spec(), numbered_roster(100), base)
    _fill_all(base / "students", base / "key")
    subs, keys = work / "subs1000", work / "keys1000"
    _replicate(base / "students", base / "key", subs, keys, 10)
    t0 = time.perf_counter()
    run = grade(subs, keys, work / "results1000", jobs=2)
    grade_s = time.perf_counter() - t0
    correct = sum(q.status == "correct" for r in run.results for q in r.questions)
    print(f"[classroom] grade 1,000 submissions × 10 answers on 2 workers: {grade_s:.2f} s "
          f"({grade_s / 1000 * 1000:.1f} ms per submission; {correct} of 10,000 answers correct) (target ≤ 30 s)")
    assert len(run.results) == 1000 and all(r.status == "ok" for r in run.results)
    assert correct == 7500
    assert grade_s <= 30.0


def _nbgrader_course(root: Path, n_students: int, n_questions: int) -> None:
    (root / "source" / "ps1").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'bench'\nc.ExecutePreprocessor.timeout = 120\n")
    cells = []
    for i in range(1, n_questions + 1):
        answer = v4.new_code_cell(f"### BEGIN SOLUTION\nanswer_{i} = {i} * 2\n### END SOLUTION")
        answer.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": True, "locked": False,
                                       "grade_id": f"answer_{i}"}
        test = v4.new_code_cell(f"assert abs(answer_{i} - {2 * i}) < 1e-9")
        test.metadata["nbgrader"] = {"schema_version": 3, "grade": True, "solution": False, "locked": True,
                                     "grade_id": f"test_{i}", "points": 1}
        cells += [answer, test]
    nb = v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}})
    nbformat.write(nb, root / "source" / "ps1" / "ps1.ipynb")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    for _ in range(2):  # the very first run also creates the gradebook; retry once if that races
        done = subprocess.run([*nbgrader, "generate_assignment", "ps1", "--force"], cwd=root, capture_output=True,
                              text=True, timeout=600)
        if (root / "release" / "ps1" / "ps1.ipynb").exists():
            break
    else:
        raise AssertionError(done.stderr[-2000:])
    release = nbformat.read(root / "release" / "ps1" / "ps1.ipynb", as_version=4)
    for cell in release.cells:  # the students answer (all correct)
        if cell.metadata.get("nbgrader", {}).get("solution"):
            i = int(cell.metadata["nbgrader"]["grade_id"].split("_")[1])
            cell.source = f"answer_{i} = {2 * i}"
    for s in range(n_students):
        folder = root / "submitted" / f"s{s:02d}" / "ps1"
        folder.mkdir(parents=True)
        nbformat.write(release, folder / "ps1.ipynb")


@pytest.mark.timeout(1800)  # nbgrader starts a kernel per submission: minutes on a loaded machine
def test_nbgrader_autograde_side_by_side(work: Path) -> None:
    n = 20
    course = work / "nbgrader-course"
    _nbgrader_course(course, n, 10)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "ps1", "--create", "--force"], cwd=course,
                          capture_output=True, text=True, timeout=1800)
    nbgrader_s = time.perf_counter() - t0
    graded = list((course / "autograded").glob("*/ps1/ps1.ipynb"))
    assert len(graded) == n, done.stderr[-2000:]

    spec = _spec()
    ours = work / "ours20"
    assign(spec, numbered_roster(n), ours)
    _fill_all(ours / "students", ours / "key", wrong_every=0)
    t0 = time.perf_counter()
    run = grade(ours / "students", ours / "key", work / "ours20-results", jobs=1)
    ours_s = time.perf_counter() - t0
    assert all(r.total == 10 for r in run.results)
    ratio = (nbgrader_s / n) / (ours_s / n)
    print(f"[classroom] {n} submissions × 10 answers: nbgrader autograde {nbgrader_s:.1f} s "
          f"({nbgrader_s / n:.2f} s per submission, a kernel each) vs r1-tutor grade {ours_s:.2f} s "
          f"({ours_s / n * 1000:.1f} ms per submission, one process, nothing executed) → {ratio:.0f}× faster "
          "(target ≥ 50×)")
    assert ratio >= 50
