"""The MIME bundle, the throttled live renderer and the terminal renderer."""

from __future__ import annotations

import io
import json

from tests.surfaces._helpers import RecordingPublisher
from tutor.events import Usage
from tutor.result import MIME_TYPE, Plot, TutorResult, Verification
from tutor.ui.bundle import TutorDisplay, markdown, to_bundle
from tutor.ui.live import LiveRenderer
from tutor.ui.terminal import TerminalRenderer


def _result(**kw: object) -> TutorResult:
    base: dict[str, object] = dict(
        problem="Solve \\frac{1}{2}x = 3", provider="deepseek", model="deepseek-reasoner", host="api.deepseek.com",
        reasoning="Multiply both sides by 2: \\[ x = 6 \\]", answer="So \\(x = 6\\), i.e. \\boxed{6}.",
        final_answer="6", finish_reason="stop", complete=True, thinking_s=14.2, elapsed_s=15.0,
        usage=Usage(prompt_tokens=10, completion_tokens=1200, reasoning_tokens=900, cost_usd=0.0021),
    )
    base.update(kw)
    return TutorResult(**base)  # type: ignore[arg-type]


def test_bundle_has_the_mime_types_and_provenance() -> None:
    result = _result(verification=Verification("verified", method="substitution", detail="x = 6 satisfies it"))
    data, metadata = to_bundle(result)
    assert set(data) == {MIME_TYPE, "text/markdown", "text/plain"}
    assert data[MIME_TYPE] == result.to_json()
    json.dumps(data)  # the payload must be JSON-serialisable as is
    prov = metadata[MIME_TYPE]["provenance"]
    assert (prov["provider"], prov["model"], prov["host"]) == ("deepseek", "deepseek-reasoner", "api.deepseek.com")
    assert prov["time"].endswith("Z")
    md = data["text/markdown"]
    assert "<details><summary>Thought for 14 s</summary>" in md  # collapsed once answered
    assert "$$x = 6$$" in md and "$x = 6$" in md  # \[ \] and \( \) become dollars for GitHub/nbconvert
    assert "\\boxed{6}" in md
    assert "✓ **Verified by SymPy** (substitution) — x = 6 satisfies it" in md
    assert "deepseek · deepseek-reasoner · 1,210 tokens (900 reasoning) · $0.0021 · 15 s" in md
    assert "Incomplete" not in md
    assert "\\boxed{6}" in data["text/plain"] and "✓ Verified by SymPy" in data["text/plain"]


def test_streaming_bundle_shows_the_timer_with_reasoning_open() -> None:
    md = markdown(_result(streaming=True, answer="", thinking_s=None, elapsed_s=12.4, complete=False))
    assert "<details open><summary>Thinking… 12 s</summary>" in md
    assert "<sub>" not in md and "Incomplete" not in md  # no footer/warning until it is over


def test_incomplete_and_mismatch_lines() -> None:
    result = _result(complete=False, finish_reason="length", incomplete_reason="cut off while thinking",
                     answer="", thinking_s=None,
                     verification=Verification("mismatch", method="offline engine", expected="7"))
    md = markdown(result)
    assert "⚠️ **Incomplete:** cut off while thinking" in md
    assert "✗ **SymPy disagrees**: SymPy gets $7$" in md
    assert "Thought for 15 s" in md
    assert "? **Not verified**" in markdown(_result(verification=Verification("unverifiable", detail="no problem")))


def test_hidden_reasoning_is_left_out_everywhere() -> None:
    data, _ = to_bundle(_result(reasoning="SECRET STEPS"), hide_reasoning=True)
    assert "SECRET STEPS" not in json.dumps(data)
    assert data[MIME_TYPE]["reasoning_hidden"] is True
    hint, _ = to_bundle(_result(mode="hint", reasoning="THE SOLUTION"))
    assert "THE SOLUTION" not in json.dumps(hint)


def test_model_text_cannot_close_the_details_block() -> None:
    md = markdown(_result(reasoning="a </details> b <summary>"))
    assert md.count("</details>") == 1 and "&lt;/details>" in md


def test_offline_steps_stay_open_and_plot_is_embedded() -> None:
    result = _result(provider="offline", model="sympy-steps", host="", plots=[Plot("iVBORw0KGgo=", alt="parabola")])
    data, _ = to_bundle(result)
    assert "<details open><summary>Worked steps (SymPy)</summary>" in data["text/markdown"]
    assert data["image/png"] == "iVBORw0KGgo="
    assert "![parabola](data:image/png;base64,iVBORw0KGgo=)" in data["text/markdown"]
    assert to_bundle(result) == TutorDisplay(result)._repr_mimebundle_()


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_live_renderer_throttles_to_20_per_second(shell: object, publisher: RecordingPublisher) -> None:
    clock = _Clock()
    live = LiveRenderer(clock=clock)
    assert live.mode == "display"
    result = _result(streaming=True, reasoning="", answer="", complete=False)
    for i in range(2000):  # 2000 chunks over 2 s of (fake) wall time
        clock.now = i / 1000
        result.reasoning += "x"
        live(result)
    result.streaming, result.complete = False, True
    live(result)
    assert len(publisher.displays) == 1  # one display ...
    assert 30 <= len(publisher.updates) <= 2 * 20 + 1  # ... then ≤ 20 updates/s, plus the final one
    ids = {m["transient"]["display_id"] for m in publisher.messages}
    assert len(ids) == 1
    final = publisher.updates[-1]["data"][MIME_TYPE]
    assert final["streaming"] is False and final["reasoning"] == "x" * 2000


def test_live_renderer_fail_replaces_the_output(shell: object, publisher: RecordingPublisher) -> None:
    live = LiveRenderer()
    live(_result(streaming=True, reasoning="", answer=""))
    assert live.fail("deepseek rejected the key: set DEEPSEEK_API_KEY")
    assert publisher.updates[-1]["data"]["text/plain"].startswith("⚠️ tutor: deepseek rejected")


def test_live_renderer_without_ipython_prints_the_final_text(capsys: object) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    live = LiveRenderer()
    assert live.mode == "print" and not live.fail("x")
    live(_result(streaming=True))
    live(_result())
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.count("Problem: Solve") == 1 and "\\boxed{6}" in out


def test_terminal_renderer_streams_deltas() -> None:
    out, err = io.StringIO(), io.StringIO()
    term = TerminalRenderer(out=out, status=err, color=False)
    result = _result(streaming=True, reasoning="", answer="", thinking_s=None, complete=False)
    for piece in ("Multiply ", "by 2."):
        result.reasoning += piece
        term(result)
    result.notices.append("retrying in 1 s (429)")
    result.answer, result.thinking_s = "\\boxed{6}", 3.0
    term(result)
    result.streaming, result.complete = False, True
    result.verification = Verification("verified", method="substitution")
    term(result)
    text = out.getvalue()
    assert text.startswith("Thinking…\nMultiply by 2.\n\nThought for 3.0 s\n\nAnswer:\n\\boxed{6}")
    assert "✓ Verified by SymPy (substitution)" in text and "deepseek · deepseek-reasoner" in text
    assert "\x1b[" not in text
    assert err.getvalue() == "· retrying in 1 s (429)\n"


def test_terminal_renderer_dims_reasoning_on_a_tty_and_reports_incomplete() -> None:
    out = io.StringIO()
    term = TerminalRenderer(out=out, status=io.StringIO(), color=True)
    term(_result(streaming=False, complete=False, answer="", incomplete_reason="connection cut"))
    text = out.getvalue()
    assert "\x1b[2mMultiply both sides" in text and "⚠ Incomplete: connection cut" in text


def test_problem_latex_is_typeset_and_notices_shown() -> None:
    md = markdown(_result(problem="Solve x + \\frac{1}{2} = 3", notices=["Answering offline.", "Answering offline."]))
    assert md.startswith("**Problem:** Solve $x + \\frac{1}{2} = 3$\n\n> ℹ️ Answering offline.\n\n<details>")
    assert "**Problem:** Solve x^2 = 4\n" in markdown(_result(problem="Solve x^2 = 4"))
    assert "[i] Answering offline." in to_bundle(_result(notices=["Answering offline."]))[0]["text/plain"]


def test_latex_line_breaks_are_not_mistaken_for_display_math() -> None:
    md = markdown(_result(answer=r"\[ \begin{aligned} a &= 1 \\[2pt] b &= 2 \end{aligned} \]"))
    assert r"$$\begin{aligned} a &= 1 \\[2pt] b &= 2 \end{aligned}$$" in md


def test_terminal_ipython_streams_text_instead_of_display_updates(capsys: object) -> None:
    live = LiveRenderer(mode="terminal")
    result = _result(streaming=True, reasoning="step one", answer="", thinking_s=None, complete=False)
    live(result)
    result.answer, result.streaming, result.complete = "\\boxed{6}", False, True
    live(result)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.startswith("Thinking…\nstep one") and "Answer:\n\\boxed{6}" in out and live.display_id is None
