"""%tutor / %%tutor in a real InteractiveShell against the fake R1 server (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import signal
import threading
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tests.fakeserver import QUADRATIC, FakeR1, error_reply, r1_reply
from tests.surfaces._helpers import RecordingPublisher
from tutor.magics import TutorMagics
from tutor.result import MIME_TYPE

EXT = "tutor"
SENTINEL = "sk-SENTINEL-0123456789abcdef0123456789"


@pytest.fixture
def ip(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> InteractiveShell:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    shell.run_line_magic("load_ext", EXT)
    return shell


def _at(fake: FakeR1) -> str:
    return f"--provider deepseek --base-url {fake.base_url()}"


def _final(pub: RecordingPublisher) -> dict[str, Any]:
    last = pub.messages[-1]
    assert "data" in last
    return last


def _run(ip: InteractiveShell, source: str) -> Any:
    with capture_output(display=False) as cap:
        result = ip.run_cell(source)
    assert result.error_in_exec is None, result.error_in_exec
    return cap


def _no_key_anywhere(pub: RecordingPublisher, *texts: str) -> None:
    blob = json.dumps(pub.messages, default=str) + "".join(texts)
    assert SENTINEL not in blob


def test_line_magic_streams_and_ends_with_the_static_bundle(ip: InteractiveShell, publisher: RecordingPublisher,
                                                            fake_r1: FakeR1) -> None:
    # chunks spaced out as a real host sends them, so the live phase is visible however busy the machine is
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer, pause_s=0.05))
    cap = _run(ip, f"%tutor {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    assert cap.stderr == ""
    displays, updates = publisher.displays, publisher.updates
    assert len(displays) == 1 and len(updates) >= 1  # one output, updated in place
    ids = {m["transient"]["display_id"] for m in publisher.messages}
    assert len(ids) == 1
    final = _final(publisher)
    payload = final["data"][MIME_TYPE]
    assert payload["streaming"] is False and payload["complete"] is True
    assert payload["reasoning"] == QUADRATIC.reasoning
    assert payload["final_answer"] == QUADRATIC.final
    assert (payload["provider"], payload["model"]) == ("deepseek", "deepseek-reasoner")
    assert payload["host"] == f"127.0.0.1:{fake_r1.port}"
    md = final["data"]["text/markdown"]
    assert "<details><summary>Thought for" in md and "\\boxed{x = 2" in md
    assert final["metadata"][MIME_TYPE]["provenance"]["host"] == f"127.0.0.1:{fake_r1.port}"
    # the live phase showed the reasoning open with the timer
    assert any("<details open><summary>Thinking…" in m["data"].get("text/markdown", "")
               for m in publisher.messages if "data" in m)
    assert TutorMagics.last_result is not None and TutorMagics.last_result.complete
    _no_key_anywhere(publisher, cap.stdout, cap.stderr)
    assert fake_r1.last.headers.get("authorization") == f"Bearer {SENTINEL}"


def test_latex_braces_reach_the_model_verbatim(ip: InteractiveShell, fake_r1: FakeR1) -> None:
    ip.user_ns["x"] = "EXPANDED"  # would leak in if {x} or $x were interpolated
    problem = r"Solve \frac{1}{2}x = 3 for {x}, with $x$ and {x+1} and \left\{ a \right\}"
    _run(ip, f"%tutor {_at(fake_r1)} {problem}")
    prompt = fake_r1.last.prompt
    assert prompt.startswith(problem + "\n\n")
    assert "EXPANDED" not in prompt
    body = "Solve the system\n\\begin{cases} 2x + y = {5} \\\\ x - y = 1 \\end{cases}\n"
    _run(ip, f"%%tutor {_at(fake_r1)}\n{body}")
    assert fake_r1.last.prompt.startswith(body.strip() + "\n\n") and "EXPANDED" not in fake_r1.last.prompt


def test_every_option_reaches_the_request(ip: InteractiveShell, publisher: RecordingPublisher,
                                          fake_r1: FakeR1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_R1_KEY", "sk-other-key-for-this-test-000000000")
    _run(ip, f"%tutor --provider openai-compatible --base-url {fake_r1.base_url()} --model my-r1 "
             "--api-key-env MY_R1_KEY --mode explain --lang de --no-cache --no-plot --hide-reasoning Why is 0! = 1?")
    rec = fake_r1.last
    assert rec.json["model"] == "my-r1"
    assert rec.headers["authorization"] == "Bearer sk-other-key-for-this-test-000000000"
    assert "Answer in German" in rec.prompt and rec.prompt.startswith("Explain the following")
    assert "Why is 0! = 1?" in rec.prompt
    assert (rec.json["temperature"], rec.json["top_p"]) == (0.6, 0.95)
    final = _final(publisher)["data"]
    payload = final[MIME_TYPE]
    assert payload["mode"] == "explain" and payload["lang"] == "de" and payload["model"] == "my-r1"
    assert payload["reasoning"] == "" and payload["reasoning_hidden"] is True
    assert "<details" not in final["text/markdown"]
    assert all("sk-other-key" not in json.dumps(m, default=str) for m in publisher.messages)


def test_config_traits_select_the_host(ip: InteractiveShell, publisher: RecordingPublisher,
                                       fake_r1: FakeR1) -> None:
    ip.run_cell('%config TutorMagics.provider = "deepseek"')
    ip.run_cell(f'%config TutorMagics.base_url = "{fake_r1.base_url()}"')
    ip.run_cell('%config TutorMagics.mode = "hint"')
    _run(ip, "%tutor Solve 2x + 3 = 7")
    assert "hint" in fake_r1.last.prompt.lower()
    payload = _final(publisher)["data"][MIME_TYPE]
    assert payload["mode"] == "hint" and payload["reasoning"] == ""  # reasoning never shown in hint mode
    view = ip.run_cell("%tutor status").result
    text = view._repr_markdown_()
    assert "| provider | `deepseek` | %config |" in text and f"127.0.0.1:{fake_r1.port}" in text
    assert "| mode | `hint` | %config |" in text


@pytest.mark.parametrize(("status", "needle"), [
    (401, "DEEPSEEK_API_KEY"), (402, "deepseek"), (400, "deepseek"), (422, "deepseek"),
])
def test_provider_errors_are_one_line(ip: InteractiveShell, publisher: RecordingPublisher, fake_r1: FakeR1,
                                      status: int, needle: str) -> None:
    fake_r1.script(error_reply(status, echo=SENTINEL))
    cap = _run(ip, f"%tutor {_at(fake_r1)} Solve x = 1")
    assert "Traceback" not in cap.stdout + cap.stderr
    final = _final(publisher)["data"]
    assert MIME_TYPE not in final
    line = final["text/plain"]
    assert line.startswith("⚠️ tutor: ") and "\n" not in line.strip() and needle in line
    _no_key_anywhere(publisher, cap.stdout, cap.stderr)


def test_cut_stream_keeps_partial_reasoning_marked_incomplete(ip: InteractiveShell,
                                                              publisher: RecordingPublisher,
                                                              fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer, cut_after=8))
    _run(ip, f"%tutor {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    final = _final(publisher)["data"]
    payload = final[MIME_TYPE]
    assert payload["complete"] is False and payload["reasoning"] and payload["incomplete_reason"]
    assert QUADRATIC.reasoning.startswith(payload["reasoning"])
    assert "⚠️ **Incomplete:**" in final["text/markdown"]


def test_length_cut_while_thinking(ip: InteractiveShell, publisher: RecordingPublisher, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, "", finish_reason="length"))
    _run(ip, f"%tutor {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    payload = _final(publisher)["data"][MIME_TYPE]
    assert payload["complete"] is False and payload["finish_reason"] == "length"
    assert payload["reasoning"] == QUADRATIC.reasoning and payload["final_answer"] is None


def test_keyboard_interrupt_keeps_what_arrived(ip: InteractiveShell, publisher: RecordingPublisher,
                                               fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer, pause_s=0.05))
    timer = threading.Timer(0.6, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        _run(ip, f"%tutor {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    finally:
        timer.cancel()
    final = _final(publisher)["data"]
    payload = final[MIME_TYPE]
    assert payload["complete"] is False and payload["streaming"] is False
    assert payload["incomplete_reason"].startswith("interrupted")
    assert payload["reasoning"] and QUADRATIC.reasoning.startswith(payload["reasoning"])
    assert "⚠️ **Incomplete:** interrupted" in final["text/markdown"]


def test_verification_badge_and_retry_on_mismatch(ip: InteractiveShell, publisher: RecordingPublisher,
                                                  fake_r1: FakeR1) -> None:
    wrong = "Factor and solve.\n\n**Final Answer:**\n\\[\n\\boxed{x = 1 \\text{ or } x = 6}\n\\]"
    fake_r1.script(r1_reply("deepseek", "Let me think.\n", wrong))
    _run(ip, f"%tutor {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    final = _final(publisher)["data"]
    assert final[MIME_TYPE]["verification"]["status"] == "mismatch"
    assert "✗ **SymPy disagrees**" in final["text/markdown"]
    # with --retry-on-mismatch: one more zero-shot ask that says a check failed but not SymPy's answer. The same
    # ask again replays the (wrong) first answer from the response cache; only the retry reaches the host.
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer))
    sent = len(fake_r1.chat_requests)
    _run(ip, f"%tutor --retry-on-mismatch {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    assert len(fake_r1.chat_requests) == sent + 1
    retry = fake_r1.chat_requests[-1].prompt
    assert "check" in retry and "failed" in retry and "2" not in retry.replace("x^2", "")
    payload = _final(publisher)["data"][MIME_TYPE]
    assert payload["verification"]["status"] == "verified"
    assert payload["final_answer"] == QUADRATIC.final and payload["problem"] == "Solve x^2 - 5x + 6 = 0"
    assert any("asked once more" in n for n in payload["notices"])


def test_hint_mode_never_shows_a_leaking_hint(ip: InteractiveShell, publisher: RecordingPublisher,
                                              fake_r1: FakeR1) -> None:
    leak = "Just factor it: the solutions are $x = 2$ and $x = 3$."
    fake_r1.script(r1_reply("deepseek", "They want x=2, x=3.\n", leak),
                   r1_reply("deepseek", "Still x=2, x=3.\n", leak))
    _run(ip, f"%tutor --mode hint {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    final = _final(publisher)["data"]
    payload = final[MIME_TYPE]
    assert payload["mode"] == "hint" and payload["answer"] and payload["answer"] != leak
    assert "x = 2" not in json.dumps(final) and payload["reasoning"] == ""
    assert any("withheld" in n for n in payload["notices"])
    assert all(r.json["messages"][-1]["content"].count("hint") for r in fake_r1.chat_requests)
    # a clean hint from R1 is shown as R1's
    fake_r1.script(r1_reply("deepseek", "nudge\n", "Which two numbers multiply to 6 and add to -5?"))
    _run(ip, f"%tutor --mode hint {_at(fake_r1)} Solve x^2 - 5x + 6 = 0")
    payload = _final(publisher)["data"][MIME_TYPE]
    assert payload["provider"] == "deepseek" and payload["answer"].startswith("Which two numbers")
