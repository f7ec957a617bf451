"""The "Ask the tutor about this cell" and "Insert practice problem" commands, through the real UI."""

from __future__ import annotations

from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from ._lab import Lab, cell_sources, open_notebook, run_command, select_cell, shot

pytestmark = pytest.mark.browser

_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[1], line 2\x1b[0m\n\x1b[0;32m----> 2\x1b[0m slope \x1b[38;5;241m=\x1b[39m rise \x1b[38;5;241m/\x1b[39m run",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]


def test_ask_about_cell_and_insert_practice(lab: Lab, page: Any) -> None:
    nb = new_notebook(
        cells=[
            new_markdown_cell("Find the derivative of $x^2 \\sin x$."),
            new_code_cell(
                "rise, run = 3, 0\nslope = rise / run",
                execution_count=1,
                outputs=[
                    new_output(
                        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=_TRACEBACK
                    )
                ],
            ),
        ]
    )
    name = lab.write_notebook("commands.ipynb", nb)
    open_notebook(page, lab, name, kernel=False)

    # Markdown cell → right-click → "Ask the tutor about this cell" → a %%tutor cell right below it
    page.locator(".jp-MarkdownCell").first.click()
    page.locator(".jp-MarkdownCell").first.click(button="right")
    item = page.locator(".lm-Menu-itemLabel", has_text="Ask the tutor about this cell")
    item.wait_for()
    shot(page, "commands-context-menu")
    item.click()
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.cells.length === 3"
    )
    sources = cell_sources(page)
    assert sources[1] == "%%tutor\nFind the derivative of $x^2 \\sin x$."
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == 1
    assert (
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCell.model.type") == "code"
    )

    # Code cell with an error → --mode explain with the code and the plain-text traceback
    select_cell(page, 2)
    run_command(page, "r1-tutor:ask-about-cell")
    sources = cell_sources(page)
    assert len(sources) == 4
    explain = sources[3]
    assert explain.startswith("%%tutor --mode explain\n")
    assert "```python\nrise, run = 3, 0\nslope = rise / run\n```" in explain
    assert "ZeroDivisionError: division by zero" in explain
    assert "slope = rise / run" in explain.split("Error:")[1]
    assert "\x1b" not in explain

    # Command palette → "Insert practice problem"
    palette = page.locator(".lm-CommandPalette-input")
    for _ in range(3):
        # The modal palette closes when it loses focus, and the new cell may still grab focus: retry opening it.
        page.wait_for_timeout(300)
        run_command(page, "apputils:activate-command-palette")
        try:
            palette.fill("Insert practice problem", timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; retried
            continue
    else:
        palette.fill("Insert practice problem")
    page.locator(".lm-CommandPalette-item", has_text="Insert practice problem").first.wait_for()
    shot(page, "commands-palette")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.cells.length === 5"
    )
    practice = cell_sources(page)[4]
    assert practice.splitlines()[-1].startswith("%tutor practice ")
    shot(page, "commands-inserted")
