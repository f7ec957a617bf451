"""The mime renderer in a real JupyterLab + Chromium: saved outputs, live display-id updates, reload, themes."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from tutor.events import Usage
from tutor.result import MIME_TYPE, Plot, TutorResult, Verification

from ._lab import Lab, open_notebook, run_command, shot

pytestmark = pytest.mark.browser


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=60)
    ax.plot([0, 1, 2, 3], [6, 2, 0, 0])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _result(**kw: Any) -> TutorResult:
    r = TutorResult(
        problem="Solve $x^2 - 5x + 6 = 0$.", provider="deepseek", model="deepseek-r1", host="api.example"
    )
    for k, v in kw.items():
        setattr(r, k, v)
    return r


def _output(r: TutorResult) -> nbformat.NotebookNode:
    # The bundle the surfaces produce: our JSON plus the Markdown/plain fallbacks that must lose to it.
    return new_output(
        "display_data",
        data={
            MIME_TYPE: r.to_json(),
            "text/markdown": "**fallback markdown**",
            "text/plain": "fallback text",
        },
    )


def _saved_notebook() -> nbformat.NotebookNode:
    usage = Usage(prompt_tokens=30, completion_tokens=1200, reasoning_tokens=1000, cost_usd=0.0031)
    verified = _result(
        reasoning="The quadratic factors as (x-2)(x-3).\nSo the roots are 2 and 3.",
        answer="Factor: \\((x-2)(x-3) = 0\\), so\n\n\\[ x = 2 \\quad\\text{or}\\quad x = 3 \\]\n\n$\\boxed{x = 2, 3}$",
        final_answer="x = 2, 3",
        finish_reason="stop",
        complete=True,
        usage=usage,
        thinking_s=14.2,
        elapsed_s=16.0,
        verification=Verification(
            "verified", "substitution into the equation", "both roots satisfy the equation"
        ),
        plots=[Plot(_png(), "parabola crossing the x-axis at 2 and 3")],
    )
    mismatch = _result(
        problem="Differentiate $x^3$.",
        reasoning="Power rule.",
        answer="$\\frac{d}{dx} x^3 = \\boxed{3x}$",
        final_answer="3x",
        finish_reason="stop",
        complete=True,
        thinking_s=2.0,
        elapsed_s=3.0,
        verification=Verification("mismatch", "sympy.diff", "SymPy's derivative differs", expected="3 x^{2}"),
    )
    cut = _result(
        # model/problem text is untrusted: markup in it must be sanitized, never executed
        problem='Prove that there are infinitely many primes. <img src="x" onerror="window.__r1pwned = 1">',
        reasoning="Assume finitely many primes p1..pn and consider their product plus one",
        answer="",
        finish_reason="length",
        complete=False,
        incomplete_reason="cut off while thinking (max_tokens reached)",
        elapsed_s=60.0,
    )
    cells = [
        new_code_cell(f"# saved output {i}", outputs=[_output(r)], execution_count=i + 1)
        for i, r in enumerate([verified, mismatch, cut])
    ]
    return new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def test_saved_output_renders_without_kernel(lab: Lab, page: Any) -> None:
    name = lab.write_notebook("saved.ipynb", _saved_notebook())
    open_notebook(page, lab, name, kernel=False)
    outputs = page.locator(".jp-R1Tutor")
    page.wait_for_function("() => document.querySelectorAll('.jp-R1Tutor').length === 3")
    assert page.locator(".jp-OutputArea-output :text('fallback markdown')").count() == 0

    first, second, third = outputs.nth(0), outputs.nth(1), outputs.nth(2)
    # problem typeset, reasoning collapsed with its time, answer typeset (both \( \) / \[ \] and $ delimiters)
    first.locator(".jp-R1Tutor-problem mjx-container").first.wait_for()
    reasoning = first.locator("details.jp-R1Tutor-reasoning")
    assert reasoning.get_attribute("open") is None
    assert first.locator(".jp-R1Tutor-reasoningSummary").inner_text() == "Thought for 14 s"
    first.locator(".jp-R1Tutor-answer mjx-container").nth(2).wait_for()
    assert "\\(" not in first.locator(".jp-R1Tutor-answer").inner_text()
    badge = first.locator(".jp-R1Tutor-badge")
    assert badge.get_attribute("data-status") == "verified"
    assert "✓" in badge.inner_text() and "Verified by SymPy" in badge.inner_text()
    assert "both roots satisfy" in (badge.get_attribute("title") or "")
    img = first.locator("img.jp-R1Tutor-plot")
    assert img.get_attribute("alt") == "parabola crossing the x-axis at 2 and 3"
    assert page.evaluate("(el) => el.naturalWidth > 0", img.element_handle())
    footer = first.locator(".jp-R1Tutor-footer").inner_text()
    assert footer.startswith("deepseek · deepseek-r1 · 1,230 tokens (1,000 reasoning) · $0.0031")
    # clicking the summary opens the reasoning
    first.locator(".jp-R1Tutor-reasoningSummary").click()
    assert reasoning.get_attribute("open") is not None
    assert "(x-2)(x-3)" in first.locator(".jp-R1Tutor-reasoningMd").inner_text()

    # mismatch: ✗ with SymPy's own result typeset
    badge2 = second.locator(".jp-R1Tutor-badge")
    assert badge2.get_attribute("data-status") == "mismatch"
    assert "✗" in badge2.inner_text() and "its result: " in badge2.inner_text()
    badge2.locator(".jp-R1Tutor-badgeMath mjx-container").wait_for()

    # incomplete: marked with the reason; reasoning stays open since there is no answer
    assert "Incomplete reply — cut off while thinking" in third.locator(".jp-R1Tutor-status").inner_text()
    assert third.locator("details.jp-R1Tutor-reasoning").get_attribute("open") is not None
    assert third.locator(".jp-R1Tutor-badge").is_hidden()
    assert page.evaluate("() => window.__r1pwned") is None
    assert third.locator(".jp-R1Tutor-problem img[onerror]").count() == 0
    shot(page, "renderer-saved-light")

    run_command(page, "apputils:change-theme", {"theme": "JupyterLab Dark"})
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
    page.wait_for_timeout(300)
    bg = page.evaluate(
        "() => getComputedStyle(document.querySelector('.jp-R1Tutor-problem')).backgroundColor"
    )
    nums = [int(n) for n in re.findall(r"\d+", bg)[:3]]
    assert sum(nums) / 3 < 128, f"problem box should be dark in the dark theme, got {bg}"
    shot(page, "renderer-saved-dark")
    run_command(page, "apputils:change-theme", {"theme": "JupyterLab Light"})
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'")


_STREAM_CELL = r"""
import time
from IPython.display import display
from tutor.events import Usage
from tutor.result import MIME_TYPE, TutorResult, Verification

r = TutorResult(problem="Solve $2x + 3 = 7$.", provider="fake", model="deepseek-r1", streaming=True)
bundle = lambda: {MIME_TYPE: r.to_json(), "text/plain": "tutor output"}
h = display(bundle(), raw=True, display_id=True)
for i in range(8):
    r.reasoning += f"Step {i}: subtract 3 from both sides, then divide by 2.\n"
    r.elapsed_s = 0.5 * (i + 1)
    h.update(bundle(), raw=True)
    time.sleep(0.5)
r.thinking_s = 4.2
r.answer = "Subtracting 3 gives $2x = 4$, "
h.update(bundle(), raw=True)
time.sleep(2.5)
r.answer += "so $\\boxed{x = 2}$."
r.final_answer = "x = 2"
r.streaming, r.complete, r.finish_reason, r.elapsed_s = False, True, "stop", 6.0
r.usage = Usage(prompt_tokens=20, completion_tokens=300, reasoning_tokens=250, cost_usd=0.0007)
r.verification = Verification("verified", "tutor.check", "x = 2 solves 2x + 3 = 7")
h.update(bundle(), raw=True)
"""


def test_live_updates_then_reload(lab: Lab, page: Any) -> None:
    nb = new_notebook(
        cells=[new_code_cell(_STREAM_CELL)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    name = lab.write_notebook("live.ipynb", nb)
    open_notebook(page, lab, name)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    out = page.locator(".jp-R1Tutor")
    # while thinking: the block is open, grows, and a live timer runs
    page.locator("details.jp-R1Tutor-reasoning[open]").wait_for()
    summary = out.locator(".jp-R1Tutor-reasoningSummary")
    assert re.fullmatch(r"Thinking… \d+ s", summary.inner_text())
    page.wait_for_function(
        "() => (document.querySelector('.jp-R1Tutor-reasoningText')?.textContent.match(/Step/g) || []).length >= 3"
    )
    shot(page, "renderer-live-thinking")
    assert page.locator(".jp-R1Tutor").count() == 1  # the same display updated in place
    # answer starts: collapsed to "Thought for N s", answer typeset while still streaming
    page.wait_for_function(
        "() => document.querySelector('.jp-R1Tutor-reasoningSummary')?.textContent === 'Thought for 4 s'"
    )
    assert out.locator("details.jp-R1Tutor-reasoning").get_attribute("open") is None
    assert out.locator(".jp-R1Tutor-status").inner_text() == "Writing the answer…"
    out.locator(".jp-R1Tutor-answer mjx-container").first.wait_for()
    # final: badge and footer
    out.locator(".jp-R1Tutor-badge[data-status='verified']").wait_for()
    out.locator(".jp-R1Tutor-answer mjx-container").nth(1).wait_for()
    assert out.locator(".jp-R1Tutor-status").is_hidden()
    assert "320 tokens (250 reasoning)" in out.locator(".jp-R1Tutor-footer").inner_text()
    shot(page, "renderer-live-final")

    # save, stop the kernel, reload: the saved output renders through the extension again
    run_command(page, "docmanager:save")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    saved = lab.read_notebook(name)
    data = saved.cells[0].outputs[0]["data"][MIME_TYPE]
    assert data["streaming"] is False and data["final_answer"] == "x = 2"
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
    page.reload()
    page.locator(".jp-R1Tutor .jp-R1Tutor-badge[data-status='verified']").wait_for()
    page.locator(".jp-R1Tutor .jp-R1Tutor-answer mjx-container").first.wait_for()
    assert page.locator(".jp-R1Tutor-reasoningSummary").inner_text() == "Thought for 4 s"
    shot(page, "renderer-after-reload")
