"""The practice widget (ipywidgets, `tutor.practice`) in JupyterLab: invalid, then correct."""

from __future__ import annotations

import re
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ._lab import Lab, open_notebook, shot, wait_text

pytestmark = pytest.mark.browser

_CELL = """import tutor
tutor.practice("Solve $2x + 3 = 7$ for $x$.", "x = 2", offline=True, progress=False)"""


def test_practice_widget_invalid_then_correct(lab: Lab, page: Any) -> None:
    name = lab.write_notebook("practice.ipynb", new_notebook(cells=[new_code_cell(_CELL)]))
    open_notebook(page, lab, name)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    box = page.locator(".jp-OutputArea-output .widget-text input[type='text']")
    box.wait_for(timeout=60_000)
    check = page.locator(".jp-OutputArea-output button", has_text="Check")
    output = page.locator(".jp-OutputArea-output").first

    # invalid input: rejected before marking, and it costs nothing
    box.fill("2x +* 3")
    check.click()
    wait_text(output, r"⚠|not counted")
    assert "✓" not in output.inner_text()
    shot(page, "practice-invalid")

    # a correct answer, written differently from the key
    box.fill("x=2")
    check.click()
    wait_text(output, r"✓\s*Correct")
    # the invalid try cost nothing: this was attempt 1
    assert re.search(r"Attempts\s*1\b", output.inner_text()), output.inner_text()
    shot(page, "practice-correct")
