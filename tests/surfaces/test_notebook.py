"""notebooks/quickstart.ipynb executed top to bottom with nbclient: offline, and against the fake R1 server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.surfaces.quickstart_build import NOTEBOOK, build
from tutor.result import MIME_TYPE

pytestmark = pytest.mark.notebook


def test_committed_notebook_is_what_the_builder_builds() -> None:
    on_disk = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(on_disk)
    assert [(c.cell_type, c.source) for c in on_disk.cells] == [(c.cell_type, c.source) for c in build().cells]


def _execute(tmp_path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _tutor_outputs(nb: nbformat.NotebookNode) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out
            if MIME_TYPE in out.get("data", {}):
                found.append((cell.source, out))
    return found


def _check_answers(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    asks = [c for c in nb.cells if c.cell_type == "code" and c.source.lstrip().startswith(("%tutor ", "%%tutor"))
            and "status" not in c.source and "practice" not in c.source]
    outputs = _tutor_outputs(nb)
    assert len(outputs) == len(asks)  # one final bundle per question, no leftover streaming outputs
    payloads = []
    for source, out in outputs:
        payload = out["data"][MIME_TYPE]
        assert payload["streaming"] is False, source
        assert payload["complete"] is True, source
        assert payload["final_answer"], source
        assert "text/markdown" in out["data"] and "text/plain" in out["data"]
        assert "display_id" not in json.dumps(out.get("metadata", {}))
        payloads.append(payload)
    return payloads


def test_quickstart_runs_offline(tmp_path: Path) -> None:
    nb = _execute(tmp_path)
    payloads = _check_answers(nb)
    assert {p["provider"] for p in payloads} == {"offline"}
    cells = {c.source: c for c in nb.cells if c.cell_type == "code"}
    check_cell = next(c for src, c in cells.items() if src.endswith('check("2x+1", "1+2*x")'))
    assert "correct=True" in json.dumps(check_cell.outputs)
    assert "could not read" in json.dumps(cells['tutor.check("2x+", "2x+1").feedback'].outputs)
    for src in (s for s in cells if "practice" in s):
        assert cells[src].outputs, src  # the widgets (or their static fallback) rendered
    status = next(c for c in nb.cells if c.source == "%tutor status")
    text = json.dumps(status.outputs)
    assert "offline (SymPy step tutor)" in text
    # the offline notice is one line per answer, and says how to connect R1
    assert all(any("ollama" in n for n in p["notices"]) for p in payloads)


def test_quickstart_runs_against_the_fake_r1_server(tmp_path: Path, make_fake_r1: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fake = make_fake_r1("deepseek")
    sentinel = "sk-SENTINEL-notebook-0123456789abcdef01"
    monkeypatch.setenv("TUTOR_PROVIDER", "deepseek")
    monkeypatch.setenv("TUTOR_BASE_URL", fake.base_url())
    monkeypatch.setenv("DEEPSEEK_API_KEY", sentinel)
    nb = _execute(tmp_path)
    payloads = _check_answers(nb)
    assert {p["provider"] for p in payloads} == {"deepseek"}
    assert {p["host"] for p in payloads} == {f"127.0.0.1:{fake.port}"}
    assert all(p["reasoning"] for p in payloads[:-1])
    assert payloads[-1]["reasoning"] == ""  # the --hide-reasoning cell
    assert len(fake.chat_requests) == len(payloads)
    assert fake.chat_requests[0].prompt.startswith("Solve x^2 - 5x + 6 = 0\n\n")
    assert any(r.prompt.startswith("Solve \\frac{1}{2}x + 3 = 7\n\n") for r in fake.chat_requests)
    status = next(c for c in nb.cells if c.source == "%tutor status")
    assert "env TUTOR_PROVIDER" in json.dumps(status.outputs)
    assert sentinel not in nbformat.writes(nb)
