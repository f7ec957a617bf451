"""`%tutor` end to end: a real kernel in a real JupyterLab asks the fake R1 server; Chromium watches the output."""

from __future__ import annotations

import re
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.fakeserver import QUADRATIC

from ._lab import Lab, open_notebook, run_command, shot

pytestmark = pytest.mark.browser


def test_tutor_magic_streams_into_the_renderer(lab: Lab, page: Any) -> None:
    fake = lab.fake_r1
    # ~150 reasoning chunks then ~90 answer chunks, 30 ms apart: slow enough to watch the block open, then collapse.
    fake.reply(QUADRATIC.reasoning, QUADRATIC.answer, pause_s=0.03)
    nb = new_notebook(
        cells=[new_code_cell("%load_ext tutor"), new_code_cell("%%tutor\nSolve x^2 - 5x + 6 = 0")]
    )
    name = lab.write_notebook("live_tutor.ipynb", nb)
    open_notebook(page, lab, name)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    out = page.locator(".jp-R1Tutor")
    page.locator(".jp-R1Tutor details.jp-R1Tutor-reasoning[open]").wait_for(timeout=60_000)
    assert re.fullmatch(r"Thinking… \d+ s", out.locator(".jp-R1Tutor-reasoningSummary").inner_text())
    shot(page, "live-tutor-thinking")
    page.wait_for_function(
        "() => /^Thought for \\d+ s$/.test(document.querySelector('.jp-R1Tutor-reasoningSummary')?.textContent || '')",
        timeout=60_000,
    )
    assert out.locator("details.jp-R1Tutor-reasoning").get_attribute("open") is None
    # final state: typeset answer, badge, footer; the kernel finished the cell
    page.wait_for_function(
        "() => !document.querySelector('.jp-R1Tutor').classList.contains('jp-R1Tutor-streaming')",
        timeout=60_000,
    )
    out.locator(".jp-R1Tutor-answer mjx-container").first.wait_for()
    assert page.locator(".jp-R1Tutor").count() == 1
    assert out.locator(".jp-R1Tutor-answer").inner_text().count("\\boxed") == 0
    # SymPy checks R1's x = 2 or x = 3 against the equation: the ✓ badge
    badge = out.locator(".jp-R1Tutor-badge")
    badge.wait_for()
    assert badge.get_attribute("data-status") == "verified", badge.inner_text()
    assert badge.locator(".jp-R1Tutor-badgeIcon").inner_text() == "✓"
    assert "Okay, so I need to solve" in (out.locator(".jp-R1Tutor-reasoningMd").text_content() or "")
    assert "deepseek" in out.locator(".jp-R1Tutor-footer").inner_text()
    assert "x^2 - 5x + 6" in fake.chat_requests[-1].prompt
    shot(page, "live-tutor-final")

    # reload with the kernel gone: the saved output renders through the extension again
    run_command(page, "docmanager:save")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
    page.reload()
    page.locator(".jp-R1Tutor .jp-R1Tutor-answer mjx-container").first.wait_for()
    assert re.fullmatch(r"Thought for \d+ s", page.locator(".jp-R1Tutor-reasoningSummary").inner_text())
    shot(page, "live-tutor-after-reload")
