"""The teacher walkthrough notebook runs end to end in a real kernel; the student-side helpers work."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tutor.classroom._nb import encode_token
from tutor.classroom.build import assign, read_roster
from tutor.classroom.notebook import review
from tutor.classroom.spec import load_spec

from .conftest import write_roster, write_spec

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.notebook
def test_teacher_notebook_executes(tmp_path: Path) -> None:
    nb = nbformat.read(ROOT / "notebooks" / "teacher-assignments.ipynb", as_version=4)
    NotebookClient(nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {i: "".join(o.get("text", "") for o in c.get("outputs", [])) for i, c in enumerate(nb.cells)
               if c.cell_type == "code"}
    text = "\n".join(outputs.values())
    assert "Week 3: motion and derivatives — 5 questions, 7.0 points" in text
    assert "id,name,q1,q2,q3,q4,q5,total,max,status,flags" in text
    assert "s00,Student 0,2,2,1,1,1,7,7,ok," in text  # full marks for a student who answered everything right
    assert "s01,Student 1,0,2,1,1,1,5,7,ok," in text  # q1 wrong
    assert "common wrong: 0 (×" in text
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "## Feedback:" in text and "Score: 5 / 7" in text
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_review_reads_saved_answers(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assign(load_spec(write_spec(tmp_path, "practice")), read_roster(write_roster(tmp_path, 1)), out)
    path = out / "students" / "s00" / "unit-4-check.ipynb"
    key = json.loads((out / "key" / "s00.json").read_text())
    nb = nbformat.read(path, as_version=4)
    answers = iter([key["questions"]["q1"]["expected"], "2x +* 1", "x = 12345"])
    for cell in nb.cells:
        if cell.metadata.get("tutor", {}).get("role") == "answer":
            cell.source = next(answers, cell.source)
    nbformat.write(nb, path)
    result = review(path)
    statuses = [r["status"] for r in result.rows]
    assert statuses[0] == "✅ correct" and statuses[1].startswith("⚠") and statuses[2].startswith("❌")
    assert statuses[3] == statuses[4] == "no answer yet"
    assert result.rows[0]["latex"]
    md = result._repr_markdown_()
    assert md.startswith("| Question | Your answer | Read as | Status |") and "Ctrl+S" in md


def test_review_without_a_saved_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert "Save the notebook" in review()._repr_markdown_()


def test_question_token_opens_the_practice_widget() -> None:
    import tutor.classroom

    token = encode_token({"qid": "q2", "statement": "Solve $2x = 4$.", "answer": "x = 2", "kind": "equation",
                          "options": {}, "variables": ["x"], "solution": "Divide by 2.", "id": "p-1"})
    widget = tutor.classroom.question(token)
    assert type(widget).__name__ == "PracticeWidget"
