"""End to end: assign for 30 students, fill answer cells, grade statically, assert every cell of grades.csv."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tutor.classroom.build import assign, read_roster
from tutor.classroom.grade import answer_text, grade
from tutor.classroom.spec import load_spec
from tutor.errors import ConfigError

from .conftest import write_roster, write_spec

NB = "unit-4-check.ipynb"
QIDS = ["q1", "q2", "q3", "q4", "q5"]
POINTS = {"q1": 2, "q2": 2, "q3": 1, "q4": 1, "q5": 1}


def _wrong(q: dict[str, Any]) -> str:
    """A valid but wrong answer of the right shape for each kind used by the spec."""
    exp, kind = q["expected"], q["kind"]
    if kind == "expression":
        return f"{exp} + 1"
    if kind == "set":
        return "{100, 200}"
    if kind == "equation":
        return "x = 1000"
    if kind == "units":
        number, unit = exp.split(" ", 1)
        return f"3*({number}) {unit}"
    raise AssertionError(kind)


def _fill(path: Path, answers: dict[str, str]) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        qid = cell.metadata.get("tutor", {}).get("question")
        if cell.metadata.get("tutor", {}).get("role") == "answer" and qid in answers:
            cell.source = answers[qid]
    nbformat.write(nb, path)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("class")
    spec = load_spec(write_spec(tmp))
    out = tmp / "assigned"
    assign(spec, read_roster(write_roster(tmp, 30)), out)
    subs = out / "students"
    keys = {p.stem: json.loads(p.read_text()) for p in (out / "key").glob("*.json")}
    expected: dict[str, dict[str, Any]] = {}
    for sid, key in sorted(keys.items()):
        i = int(sid[1:])
        qs = key["questions"]
        answers, scores, status, flags = {}, {}, "ok", ""
        for qid, q in qs.items():
            answers[qid], scores[qid] = q["expected"], POINTS[qid]
        if 10 <= i < 18:  # some wrong answers
            for qid in ("q1", "q2", "q4") if i % 2 else ("q3", "q5"):
                answers[qid], scores[qid] = _wrong(qs[qid]), 0
        elif 18 <= i < 23:  # invalid input and an untouched placeholder
            answers["q1"], scores["q1"] = "3x +* 2", 0
            answers["q2"], scores["q2"] = "{1, 2", 0
            del answers["q3"]
            scores["q3"] = 0
        elif i == 23:  # alternative correct forms: `$…$`, a work line before the answer, backticks
            answers["q1"] = f"${qs['q1']['expected']}$"
            answers["q3"] = "I subtracted first, then divided.\n`" + qs["q3"]["expected"] + "`"
        if i != 26:
            _fill(subs / sid / NB, answers)
        if i == 24:  # tampered: edits a locked statement cell (answers are right: flagged, still graded)
            nb = nbformat.read(subs / sid / NB, as_version=4)
            st = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q2_statement")
            st.source = st.source.replace("Solve", "Solve (easy)")
            nbformat.write(nb, subs / sid / NB)
            status, flags = "flagged", "tampered:q2_statement"
        elif i == 25:  # answer cell for q5 deleted
            nb = nbformat.read(subs / sid / NB, as_version=4)
            nb.cells = [c for c in nb.cells if c.metadata.get("tutor") != {"question": "q5", "role": "answer"}]
            nbformat.write(nb, subs / sid / NB)
            scores["q5"], status, flags = 0, "flagged", "missing_answer:q5"
        elif i == 26:  # corrupt file
            (subs / sid / NB).write_text('{"cells": [ {"cell_type": "mark')
            status, flags = "error", "corrupt notebook"
        elif i == 27:  # empty file
            (subs / sid / NB).write_bytes(b"")
            status, flags = "error", "empty file"
        elif i == 28:  # no submission at all
            (subs / sid / NB).unlink()
            (subs / sid).rmdir()
            status, flags = "error", "missing submission"
        elif i == 29:  # renamed file: still found, flagged
            (subs / sid / NB).rename(subs / sid / "unit-4-check-Copy1.ipynb")
            status, flags = "flagged", "renamed:unit-4-check-Copy1.ipynb"
        expected[sid] = {"scores": scores, "status": status, "flags": flags, "name": key["student"]["name"]}
    before = _digest(subs)
    results = tmp / "results"
    run = grade(subs, out / "key", results, jobs=2)
    return {"tmp": tmp, "out": out, "subs": subs, "results": results, "run": run, "expected": expected,
            "before": before}


def test_every_cell_of_grades_csv(graded: dict[str, Any]) -> None:
    rows = list(csv.reader((graded["results"] / "grades.csv").open()))
    assert rows[0] == ["id", "name", *QIDS, "total", "max", "status", "flags"]
    assert [r[0] for r in rows[1:]] == [f"s{i:02d}" for i in range(30)]
    for row in rows[1:]:
        exp = graded["expected"][row[0]]
        assert row[1] == exp["name"]
        if exp["status"] == "error":
            assert row[2:7] == [""] * 5, row
            assert row[7:10] == ["0", "7", "error"], row
            assert row[10].startswith(exp["flags"]), row
            continue
        assert row[2:7] == [f"{exp['scores'][q]:g}" for q in QIDS], (row, exp)
        assert row[7] == f"{sum(exp['scores'].values()):g}", row
        assert row[8:] == ["7", exp["status"], exp["flags"]], row


def test_submissions_untouched_and_idempotent(graded: dict[str, Any]) -> None:
    assert _digest(graded["subs"]) == graded["before"]
    first = _digest(graded["results"])
    grade(graded["subs"], graded["out"] / "key", graded["results"], jobs=1)
    assert _digest(graded["results"]) == first
    assert _digest(graded["subs"]) == graded["before"]


def test_feedback_notebooks(graded: dict[str, Any]) -> None:
    fb_dir = graded["results"] / "feedback"
    assert sorted(p.stem for p in fb_dir.glob("*.ipynb")) == sorted(
        sid for sid, e in graded["expected"].items() if e["status"] != "error")
    nb = nbformat.read(fb_dir / "s11.ipynb", as_version=4)
    nbformat.validate(nb)
    assert "**Score: 2 / 7**" in nb.cells[0].source
    verdicts = [c.source for c in nb.cells if c.metadata.get("tutor", {}).get("role") == "feedback"][1:]
    assert len(verdicts) == 5
    assert verdicts[0].startswith("❌") and verdicts[2].startswith("✅")
    for i, cell in enumerate(nb.cells[:-1]):  # each verdict directly follows its answer cell
        if cell.metadata.get("tutor", {}).get("role") == "answer":
            assert nb.cells[i + 1].metadata["tutor"]["role"] == "feedback"
    invalid = nbformat.read(fb_dir / "s19.ipynb", as_version=4)
    texts = [c.source for c in invalid.cells if c.metadata.get("tutor", {}).get("role") == "feedback"]
    assert texts[1].startswith("⚠️") and texts[3].startswith("⬜")
    deleted = nbformat.read(fb_dir / "s25.ipynb", as_version=4)
    assert "**q5**" in deleted.cells[-1].source


def test_summary(graded: dict[str, Any]) -> None:
    summary = json.loads((graded["results"] / "summary.json").read_text())
    assert summary["students"] == 30 and summary["graded"] == 27 and summary["max"] == 7
    assert [e["id"] for e in summary["errors"]] == ["s26", "s27", "s28"]
    assert {e["id"] for e in summary["flagged"]} == {"s24", "s25", "s29"}
    q1 = summary["questions"]["q1"]
    assert q1["statuses"] == {"correct": 18, "incorrect": 4, "invalid": 5}
    assert q1["mean"] == pytest.approx(2 * 18 / 27, abs=1e-4)
    assert sum(q1["notes"].values()) >= 5  # every invalid answer carries the checker's note
    assert summary["questions"]["q3"]["statuses"]["empty"] == 5
    assert all(w["count"] >= 1 for w in summary["questions"]["q2"]["common_wrong_answers"])
    assert summary["totals"] == sorted(summary["totals"])


def test_large_output_is_reported_and_still_graded(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "a"
    assign(spec, read_roster(write_roster(tmp_path, 1)), out)
    path = out / "students" / "s00" / NB
    key = json.loads((out / "key" / "s00.json").read_text())
    _fill(path, {qid: q["expected"] for qid, q in key["questions"].items()})
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (50 * 1024 * 1024))]
    nbformat.write(nb, path)
    run = grade(out / "students", out / "key", tmp_path / "r", jobs=1)
    (res,) = run.results
    assert res.total == 7 and res.status == "flagged" and res.flags[0].startswith("large_output:50")
    assert (tmp_path / "r" / "feedback" / "s00.ipynb").stat().st_size < 1024 * 1024  # outputs dropped


def test_results_inside_submissions_refused(graded: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="outside the submissions folder"):
        grade(graded["subs"], graded["out"] / "key", graded["subs"] / "results")


@pytest.mark.parametrize(("source", "answer"), [
    ("YOUR ANSWER HERE", ""),
    ("x = 2", "x = 2"),
    ("```\n2x + 1\n```", "2x + 1"),
    ("my working\n\n`{1, 2}`\n", "{1, 2}"),
    ("YOUR ANSWER HERE\n3 m/s", "3 m/s"),
])
def test_answer_text(source: str, answer: str) -> None:
    assert answer_text(source) == answer


@pytest.mark.parametrize("content", [
    '[1, 2, 3]',
    '{"cells": "nope"}',
    '{"cells": [{"cell_type": "markdown", "source": [1, null], "metadata": {"tutor": "x", "nbgrader": []}}]}',
    '{"cells": [{"metadata": {"tutor": {"role": "answer", "question": "q1"}}, "source": {"a": 1}}]}',
    '\udcff',
])
def test_hostile_json_never_stops_grading(tmp_path: Path, content: str) -> None:
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "a"
    assign(spec, read_roster(write_roster(tmp_path, 2)), out)
    (out / "students" / "s00" / NB).write_bytes(content.encode("utf-8", "surrogateescape"))
    run = grade(out / "students", out / "key", tmp_path / "r", jobs=1)
    by_id = {r.id: r for r in run.results}
    assert by_id["s01"].status == "ok"
    assert by_id["s00"].status in ("error", "flagged")
    rows = list(csv.reader((tmp_path / "r" / "grades.csv").open()))
    assert len(rows) == 3
