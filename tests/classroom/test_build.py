"""``assign``: layout, nbgrader-valid source notebook, checksums as nbgrader computes them, variants, safety."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.utils import compute_checksum

from tutor.classroom._nb import PLACEHOLDER, decode_token, encode_token
from tutor.classroom.build import Student, assign, read_roster, variant
from tutor.classroom.spec import load_spec
from tutor.errors import ConfigError

from .conftest import write_roster, write_spec


def _assign(tmp_path: Path, mode: str = "assignment", n: int = 6, **kw: object) -> Path:
    spec = load_spec(write_spec(tmp_path, mode))
    out = tmp_path / "out"
    assign(spec, read_roster(write_roster(tmp_path, n)), out, **kw)  # type: ignore[arg-type]
    return out


def test_layout_and_student_notebook(tmp_path: Path) -> None:
    out = _assign(tmp_path)
    name = "unit-4-check.ipynb"
    assert sorted(p.name for p in (out / "students").iterdir()) == [f"s{i:02d}" for i in range(6)]
    assert (out / "source" / name).is_file()
    nb = nbformat.read(out / "students" / "s03" / name, as_version=4)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)
    answers = [c for c in nb.cells if c.metadata.get("tutor", {}).get("role") == "answer"]
    assert [c.metadata["tutor"] for c in answers] == [{"question": f"q{i}", "role": "answer"} for i in range(1, 6)]
    assert all(c.source == PLACEHOLDER for c in answers)
    statements = [c for c in nb.cells if c.metadata.get("tutor", {}).get("role") == "statement"]
    assert len(statements) == 5 and all(c.metadata["nbgrader"]["locked"] for c in statements)
    assert "Student 3" in nb.cells[0].source
    text = (out / "students" / "s03" / name).read_text()
    key = json.loads((out / "key" / "s03.json").read_text())
    for q in key["questions"].values():  # assignment mode: no answer embedded anywhere
        assert f'"{q["expected"]}"' not in text and "r1t1:" not in text
    assert key["max"] == 7 and [q["points"] for q in key["questions"].values()] == [2, 2, 1, 1, 1]
    assert "tutor.classroom.review()" in nb.cells[-1].source


def test_source_notebook_passes_nbgrader_validation_and_checksums_match(tmp_path: Path) -> None:
    out = _assign(tmp_path)
    nb = nbformat.read(out / "source" / "unit-4-check.ipynb", as_version=4)
    MetadataValidator().validate_nb(nb)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded) == 5 and sum(c.metadata.nbgrader.points for c in graded) == 7
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and "checksum" in meta:
            assert meta["checksum"] == compute_checksum(cell)
            assert set(meta) <= {"schema_version", "grade", "locked", "solution", "grade_id", "points", "checksum"}
    student = nbformat.read(out / "students" / "s00" / "unit-4-check.ipynb", as_version=4)
    key = json.loads((out / "key" / "s00.json").read_text())
    for cell in student.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in key["locked"]:
            assert key["locked"][gid]["checksum"] == compute_checksum(cell) == cell.metadata.nbgrader.checksum
    assert any("**Solution.**" in c.source for c in nb.cells)


def test_variants_distinct_and_reproducible(tmp_path: Path) -> None:
    out = _assign(tmp_path, n=12)
    keys = [json.loads((out / "key" / f"s{i:02d}.json").read_text()) for i in range(12)]
    signatures = {tuple(q["statement"] for q in k["questions"].values()) for k in keys}
    assert len(signatures) == 12
    spec = load_spec(tmp_path / "spec.toml")
    again = variant(spec, "s05")
    assert [p.statement for _, p in again] == [q["statement"] for q in keys[5]["questions"].values()]
    assert [p.statement for _, p in variant(spec, "s05", seed=1)] != [p.statement for _, p in again]


def test_an_items_questions_differ_in_structure_not_only_in_numbers(tmp_path: Path) -> None:
    import re

    spec_file = tmp_path / "derivatives.toml"
    spec_file.write_text('title = "D"\n[[problems]]\ntopic = "derivatives"\nlevel = 2\ncount = 3\n', encoding="utf-8")
    spec = load_spec(spec_file)
    for sid in ("s01", "s02", "s03"):
        statements = [p.statement for _, p in variant(spec, sid, seed=7)]
        shapes = {re.sub(r"\d+", "#", text) for text in statements}
        assert len(shapes) == 3, statements  # e.g. a product rule, a chain rule, a quotient — not x^2 + 3cos3x twice


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = _assign(tmp_path, n=2)
    spec = load_spec(tmp_path / "spec.toml")
    with pytest.raises(ConfigError, match="already exists; pass --force"):
        assign(spec, [Student("a")], out)
    assign(spec, [Student("a")], out, force=True)
    assert [p.name for p in (out / "students").iterdir()] == ["a"]
    other = tmp_path / "precious"
    other.mkdir()
    (other / "thesis.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="does not look like an assign output"):
        assign(spec, [Student("a")], other, force=True)
    assert (other / "thesis.txt").read_text() == "keep me"


def test_practice_mode_embeds_obfuscated_answers(tmp_path: Path) -> None:
    out = _assign(tmp_path, mode="practice", n=2)
    nb = nbformat.read(out / "students" / "s01" / "unit-4-check.ipynb", as_version=4)
    key = json.loads((out / "key" / "s01.json").read_text())
    checks = [c for c in nb.cells if c.metadata.get("tutor", {}).get("role") == "check"]
    assert len(checks) == 5
    raw = (out / "students" / "s01" / "unit-4-check.ipynb").read_text()
    questions = list(key["questions"].values())
    for cell, q in zip(checks, questions, strict=True):
        token = cell.source.split('"')[1]
        assert q["expected"] not in token
        assert decode_token(token)["answer"] == q["expected"]
    assert questions[1]["expected"] not in raw.replace(questions[1]["statement"], "")


def test_token_round_trip_and_damage() -> None:
    payload = {"answer": "x^2", "kind": "expression"}
    token = encode_token(payload)
    assert "x^2" not in token and decode_token(token) == payload
    with pytest.raises(ConfigError):
        decode_token(token[:-6] + "AAAAAA")
    with pytest.raises(ConfigError):
        decode_token("hello")


@pytest.mark.parametrize(("text", "message"), [
    ("name\nA\n", "needs a header line with at least an 'id' column"),
    ("id,name\na,A\na,B\n", "duplicate id 'a'"),
    ("id,name\n../x,A\n", "must be letters, digits"),
    ("id,name\n", "the roster lists no students"),
])
def test_roster_errors(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "r.csv"
    p.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_roster(p)
