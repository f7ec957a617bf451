"""Regression tests for the review findings on the surfaces: offline fallback when an implicitly chosen R1 host
is unreachable, ``%tutor …?`` vs IPython's help syntax, subcommands after options, hint levels, plain-text
badges in the terminal. Real InteractiveShell, real HTTP (the fake R1 server), the CLI as a subprocess."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tests.fakeserver import FakeR1, error_reply
from tests.surfaces._helpers import RecordingPublisher
from tutor.ask import ask
from tutor.cli import main
from tutor.errors import AuthError, ProviderUnreachable
from tutor.magics import TutorMagics, _protect_question_marks
from tutor.result import MIME_TYPE, TutorResult, Verification
from tutor.ui.terminal import TerminalRenderer, plain_math

SENTINEL = "sk-SENTINEL-review-0123456789abcdef01"
SCRIPT = Path(sys.executable).with_name("r1-tutor")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def unreachable_deepseek(monkeypatch: pytest.MonkeyPatch) -> str:
    """DeepSeek chosen by its key variable, its API behind a 'firewall' (a closed loopback port); fast retries."""
    from tutor.r1 import _http, providers

    url = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setitem(providers.PROFILES, "deepseek", replace(providers.PROFILES["deepseek"], default_base_url=url))
    monkeypatch.setattr(_http, "backoff_s", lambda attempt, base: 0.0)
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    return url


@pytest.fixture
def ip(shell: InteractiveShell) -> InteractiveShell:
    shell.run_line_magic("load_ext", "tutor")
    return shell


def _run(ip: InteractiveShell, source: str) -> object:
    with capture_output(display=False) as cap:
        result = ip.run_cell(source)
    assert result.error_before_exec is None and result.error_in_exec is None, result
    return cap


# ---- 1. offline fallback when the implicitly chosen host cannot be reached ----------------------------------
@pytest.mark.parametrize("model", [None, "deepseek-reasoner"], ids=["model-listing-fails", "chat-request-fails"])
def test_key_variable_host_unreachable_answers_offline_with_one_line_notice(
        unreachable_deepseek: str, monkeypatch: pytest.MonkeyPatch, model: str | None) -> None:
    if model:
        monkeypatch.setenv("TUTOR_MODEL", model)  # then the chat request itself fails (after its retries)
    result = ask("Solve 2x = 4")
    assert result.provider == "offline" and result.complete and result.final_answer in ("2", "x = 2")
    assert len(result.notices) == 1
    notice = result.notices[0]
    assert notice.startswith("deepseek unreachable (") and "could not be reached" in notice
    assert "answered offline. `r1-tutor doctor` shows what's wrong." in notice and "\n" not in notice
    assert SENTINEL not in json.dumps(result.to_json())


def test_explicit_provider_still_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    with pytest.raises(ProviderUnreachable, match="could not be reached"):
        ask("Solve 2x = 4", provider="deepseek", base_url=f"http://127.0.0.1:{_closed_port()}/v1")


def test_auth_error_of_an_implicit_host_is_never_replaced(fake_r1: FakeR1, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.r1 import providers

    monkeypatch.setitem(providers.PROFILES, "deepseek",
                        replace(providers.PROFILES["deepseek"], default_base_url=fake_r1.base_url()))
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    fake_r1.script(error_reply(401))
    with pytest.raises(AuthError, match="DEEPSEEK_API_KEY"):
        ask("Solve 2x = 4")


def test_magic_falls_back_offline_when_the_key_variable_host_is_unreachable(
        unreachable_deepseek: str, ip: InteractiveShell, publisher: RecordingPublisher) -> None:
    cap = _run(ip, "%tutor Solve 2x=4")
    assert cap.stderr == ""  # type: ignore[attr-defined]
    payload = publisher.messages[-1]["data"][MIME_TYPE]
    assert payload["provider"] == "offline" and payload["complete"] and payload["final_answer"] in ("2", "x = 2")
    assert [n for n in payload["notices"] if n.startswith("deepseek unreachable")]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "tutor.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DEEPSEEK_API_KEY": SENTINEL, **env})


def test_cli_env_configured_host_unreachable_exit_0_offline_but_explicit_exit_1() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    proc = _cli("ask", "Solve 2x = 4", "--json", env={"TUTOR_PROVIDER": "deepseek", "TUTOR_BASE_URL": url})
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["provider"] == "offline" and data["final_answer"] in ("2", "x = 2")
    assert any(n.startswith("deepseek unreachable") for n in data["notices"])
    explicit = _cli("ask", "Solve 2x = 4", "--provider", "deepseek", "--base-url", url, env={})
    assert explicit.returncode == 1 and "could not be reached" in explicit.stderr
    assert len(explicit.stderr.strip().splitlines()) == 1 and SENTINEL not in explicit.stderr + proc.stdout


# ---- 2. "%tutor …?" is a question, not IPython help -----------------------------------------------------------
def test_question_mark_reaches_the_tutor_offline(ip: InteractiveShell, publisher: RecordingPublisher) -> None:
    TutorMagics.last_result = None
    cap = _run(ip, "%tutor What is 2+2?")
    assert "not found" not in cap.stdout + cap.stderr  # type: ignore[attr-defined]
    result = TutorMagics.last_result
    assert result is not None and result.problem == "What is 2+2?" and result.final_answer == "4"
    assert publisher.messages[-1]["data"][MIME_TYPE]["problem"] == "What is 2+2?"


def test_question_mark_text_is_verbatim_in_the_request(ip: InteractiveShell, fake_r1: FakeR1,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    ip.user_ns["x"] = "EXPANDED"
    _run(ip, f"%tutor --provider deepseek --base-url {fake_r1.base_url()} What is {{x}} + $x for \\frac{{1}}{{2}}?")
    assert fake_r1.last.prompt.startswith("What is {x} + $x for \\frac{1}{2}?")


def test_cell_magic_help_and_unload_are_untouched(ip: InteractiveShell) -> None:
    TutorMagics.last_result = None
    _run(ip, "%%tutor --offline\nWhat is 2+2?")
    assert TutorMagics.last_result is not None and TutorMagics.last_result.final_answer == "4"
    assert "pinfo" in ip.transform_cell("%tutor?\n")  # help on the magic itself still works
    assert "run_line_magic('tutor', 'Why?')" in ip.transform_cell("if True:\n    %tutor Why?\n")
    assert _protect_question_marks(["%%tutor\n", "%tutor x?\n"]) == ["%%tutor\n", "%tutor x?\n"]
    assert _protect_question_marks in ip.input_transformers_cleanup
    ip.run_line_magic("unload_ext", "tutor")
    assert _protect_question_marks not in ip.input_transformers_cleanup


# ---- 3. subcommands after leading options ----------------------------------------------------------------------
def test_status_after_options_is_not_sent_to_r1(ip: InteractiveShell, fake_r1: FakeR1,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    with capture_output() as cap:
        ip.run_cell(f"%tutor --provider deepseek --base-url {fake_r1.base_url()} status")
    assert fake_r1.chat_requests == []
    assert "deepseek" in cap.stdout and f"127.0.0.1:{fake_r1.port}" in cap.stdout and SENTINEL not in cap.stdout
    with capture_output() as cap:
        ip.run_cell("%tutor --offline usage")
    assert fake_r1.chat_requests == [] and cap.stdout.strip()


# ---- 8. hint levels ---------------------------------------------------------------------------------------------
def test_magic_hint_level_reaches_the_prompt(ip: InteractiveShell, fake_r1: FakeR1,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    _run(ip, f"%tutor --mode hint --level 3 --provider deepseek --base-url {fake_r1.base_url()} Solve 2x + 3 = 7")
    assert "(level 3 of 3)" in fake_r1.last.prompt
    _run(ip, f"%tutor --level 2 --provider deepseek --base-url {fake_r1.base_url()} Solve 2x + 3 = 7")
    assert "(level 2 of 3)" in fake_r1.last.prompt  # --level alone means a hint
    n = len(fake_r1.chat_requests)
    cap = _run(ip, "%tutor --mode hint --level 4 Solve 2x + 3 = 7")
    assert "--level must be 1, 2 or 3" in cap.stderr and len(fake_r1.chat_requests) == n  # type: ignore[attr-defined]


def test_cli_hint_level(fake_r1: FakeR1, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    at = ["--provider", "deepseek", "--base-url", fake_r1.base_url()]
    assert main(["ask", "--mode", "hint", "--level", "2", *at, "--json", "Solve 2x + 3 = 7"]) == 0
    assert "(level 2 of 3)" in fake_r1.last.prompt
    assert json.loads(capsys.readouterr().out)["mode"] == "hint"
    assert main(["ask", "--mode", "explain", "--level", "2", *at, "Solve 2x + 3 = 7"]) == 2
    assert "--level is for hints" in capsys.readouterr().err


# ---- 7. the terminal badge is plain text -------------------------------------------------------------------------
def test_terminal_mismatch_badge_has_no_raw_latex() -> None:
    out, status = io.StringIO(), io.StringIO()
    result = TutorResult(problem="Solve 2x = 4", answer="\\boxed{3}", final_answer="3", provider="p", model="m",
                         complete=True, streaming=False,
                         verification=Verification("mismatch", "offline engine", "", expected="x = \\frac{1}{2}"))
    TerminalRenderer(out=out, status=status, color=False)(result)
    text = out.getvalue()
    assert "SymPy gets x = 1/2" in text and "$" not in text.split("Answer:")[-1].split("\n\n", 1)[-1]


@pytest.mark.parametrize(("latex", "plain"), [
    ("SymPy gets $x = 2$", "SymPy gets x = 2"),
    ("$\\left[ -2, \\ 3\\right]$", "[ -2, 3]"),
    ("$x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}$", "x = (-b ± √(b^2-4ac))/(2a)"),
    ("$x^{2} + \\sin{\\left(x \\right)}$", "x^2 + sin(x)"),
    ("$\\{1, 2\\}$", "{1, 2}"),
    ("$e^{- x} \\cos{x}$", "e^(- x) cos x"),
    ("$x \\leq 3$", "x ≤ 3"),
    ("$\\frac{\\pi}{4}$", "π/4"),
])
def test_plain_math(latex: str, plain: str) -> None:
    assert plain_math(latex) == plain


def test_terminal_prints_a_new_round_from_its_start() -> None:
    """The offline answer after a failed R1 attempt (or a retry) is a new result: its notice and text all show."""
    out, status = io.StringIO(), io.StringIO()
    render = TerminalRenderer(out=out, status=status, color=False)
    first = TutorResult(problem="p", provider="deepseek", streaming=True,
                        notices=["deepseek: connection failed; retrying", "deepseek: connection failed; retrying"])
    render(first)
    second = TutorResult(problem="p", provider="offline", reasoning="step 1", answer="\\boxed{2}", complete=True,
                         streaming=False, notices=["deepseek unreachable (x); answered offline."])
    render(second)
    assert "deepseek unreachable (x); answered offline." in status.getvalue()
    assert "step 1" in out.getvalue() and "\\boxed{2}" in out.getvalue()
