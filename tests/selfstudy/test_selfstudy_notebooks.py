"""The three self-study notebooks run top to bottom with nbclient: offline, and against the fake R1 server."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.fakeserver import FakeR1

ROOT = Path(__file__).resolve().parents[2]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_spec = importlib.util.spec_from_file_location("_ss_nb_build", Path(__file__).with_name("notebooks_build.py"))
assert _spec and _spec.loader
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)
NAMES = list(build.BUILDERS)


def _execute(name: str, tmp_path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(c.source, c.outputs) for c in nb.cells if c.cell_type == "code"]


def _check_practice_outputs(nb: nbformat.NotebookNode) -> int:
    widgets = 0
    for source, outputs in _outputs(nb):
        assert not [o for o in outputs if o.output_type == "error"], source
        assert not [o for o in outputs if o.get("name") == "stderr" and "tutor:" in o.get("text", "")], source
        for out in outputs:
            data = out.get("data", {})
            if WIDGET_MIME in data:
                widgets += 1
                md = data["text/markdown"]  # the fallback GitHub/nbconvert show
                assert "Open in Jupyter" in md and "Attempts 0/3" in md, source
                if "kind=\"units\"" not in source and "%tutor" not in source:
                    assert "$" in md, source  # the problem's formulas are typeset in the fallback too
    return widgets


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_matches_builder(name: str) -> None:
    on_disk = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nbformat.validate(on_disk)
    assert [c.source for c in on_disk.cells] == [c.source for c in build.build(name).cells]


@pytest.mark.notebook
@pytest.mark.parametrize("name", ["self-study-calculus.ipynb", "physics-units.ipynb"])
def test_notebook_runs_offline(name: str, tmp_path: Path) -> None:
    nb = _execute(name, tmp_path)
    assert _check_practice_outputs(nb) >= 4
    outputs = json.dumps([o for _, outs in _outputs(nb) for o in outs])
    if "hint(" in json.dumps([c.source for c in nb.cells]):
        assert "(offline): " in outputs
    assert (tmp_path / ".r1-tutor-progress.json").exists() is False  # nothing attempted yet: nothing written
    from nbconvert import MarkdownExporter

    exported, _ = MarkdownExporter().from_notebook_node(nb)  # where widgets can't render: the static fallback
    assert exported.count("Open in Jupyter to answer it interactively") >= 4


@pytest.mark.notebook
def test_algebra_notebook_against_fake_r1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeR1("vllm") as server:
        monkeypatch.setenv("TUTOR_PROVIDER", "vllm")
        monkeypatch.setenv("TUTOR_BASE_URL", server.base_url())
        nb = _execute("self-study-algebra.ipynb", tmp_path)
        assert _check_practice_outputs(nb) >= 4
        hint_cell = next(outs for src, outs in _outputs(nb) if src.startswith("h = hint("))
        assert "Hint 2 (r1): " in hint_cell[0]["text"]  # the fake R1's canned hint passed the screen
        prompts = [r.prompt for r in server.chat_requests]
        assert any("hint (level 2 of 3)" in p for p in prompts)
