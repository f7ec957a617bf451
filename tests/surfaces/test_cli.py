"""``r1-tutor`` as a subprocess against the fake R1 server started in-process: exit codes, JSON, streaming."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakeserver import QUADRATIC, FakeR1, error_reply, r1_reply

SCRIPT = Path(sys.executable).with_name("r1-tutor")
SENTINEL = "sk-SENTINEL-cli-0123456789abcdef012345"
JSON_KEYS = {"version", "problem", "mode", "reasoning", "answer", "final_answer", "finish_reason", "complete",
             "incomplete_reason", "usage", "provider", "model", "host", "elapsed_s", "timings", "streaming",
             "verification", "notices", "plots", "lang", "cached_at"}


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "tutor.cli"]
    full_env = {**os.environ, "DEEPSEEK_API_KEY": SENTINEL, **(env or {})}
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=60, env=full_env)


def _at(fake: FakeR1) -> list[str]:
    return ["--provider", "deepseek", "--base-url", fake.base_url()]


def test_ask_json_complete_exit_0(fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer))
    proc = _cli("ask", "Solve x^2 - 5x + 6 = 0", *_at(fake_r1), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1  # exactly one JSON object
    data = json.loads(lines[0])
    assert set(data) == JSON_KEYS
    assert data["complete"] is True and data["finish_reason"] == "stop"
    assert data["reasoning"] == QUADRATIC.reasoning and data["final_answer"] == QUADRATIC.final
    assert (data["provider"], data["model"], data["problem"]) == ("deepseek", "deepseek-reasoner",
                                                                  "Solve x^2 - 5x + 6 = 0")
    assert data["usage"]["completion_tokens"] > 0
    assert SENTINEL not in proc.stdout + proc.stderr


def test_ask_json_incomplete_exit_3_with_partial_reasoning(fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer, cut_after=6))
    proc = _cli("ask", "Solve x^2 - 5x + 6 = 0", *_at(fake_r1), "--json")
    assert proc.returncode == 3, proc.stderr
    data = json.loads(proc.stdout)
    assert data["complete"] is False and data["reasoning"] and data["incomplete_reason"]
    assert QUADRATIC.reasoning.startswith(data["reasoning"])


def test_provider_error_exit_1_one_line(fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(401, echo=SENTINEL))
    proc = _cli("ask", "x = 1", *_at(fake_r1), "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("r1-tutor: ") and "DEEPSEEK_API_KEY" in err[0]
    assert SENTINEL not in proc.stderr


def test_usage_error_exit_2_subprocess() -> None:
    proc = _cli("ask", "--mode", "prove", "x")
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("r1-tutor ask: error: argument --mode"), proc.stderr


@pytest.mark.parametrize(("args", "code"), [
    (["ask"], 2), (["ask", "--provider", "nosuch", "x"], 2), (["frobnicate"], 2),
    (["ask", "--base-url", "not a url", "x"], 2), (["ask", "--provider", "deepseek", "x"], 1), ([], 2),
])
def test_exit_codes_in_process(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    assert main(args) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    if args:
        err = captured.err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("r1-tutor"), captured.err


def test_balance_error_in_process(fake_r1: FakeR1, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.cli import main

    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    fake_r1.script(error_reply(402, echo=SENTINEL))
    assert main(["ask", "x", *_at(fake_r1), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1 and SENTINEL not in captured.err


def test_ask_streams_to_the_terminal(fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer))
    proc = _cli("ask", "Solve", "x^2 - 5x + 6 = 0", *_at(fake_r1))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Thinking…\nOkay, so I need to solve")
    assert "Answer:\nTo solve" in out and "\\boxed{x = 2" in out
    assert out.index("Thought for") < out.index("Answer:")
    assert "\x1b[" not in out  # not a TTY: no ANSI
    assert "deepseek · deepseek-reasoner" in out
    assert fake_r1.last.prompt.startswith("Solve x^2 - 5x + 6 = 0\n\n")


def test_problem_from_stdin_and_doctor(fake_r1: FakeR1) -> None:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "tutor.cli"]
    env = {**os.environ, "DEEPSEEK_API_KEY": SENTINEL}
    proc = subprocess.run([*cmd, "ask", "-", *_at(fake_r1), "--json"], input="Solve \\frac{1}{2}x = {3}\n",
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert fake_r1.last.prompt.startswith("Solve \\frac{1}{2}x = {3}\n\n")
    # doctor: no key set here (with a key it would contact the real hosted API)
    env.pop("DEEPSEEK_API_KEY")
    doctor = subprocess.run([*cmd, "doctor"], capture_output=True, text=True, timeout=60,
                            env={**env, "TUTOR_PRIVACY": "local-only"})
    assert doctor.returncode == 0, doctor.stderr
    lines = doctor.stdout.splitlines()
    assert lines[0].split()[:3] == ["provider", "endpoint", "reachable"]
    deepseek = next(line for line in lines if line.startswith("deepseek"))
    assert "api.deepseek.com" in deepseek and "DEEPSEEK_API_KEY" in deepseek and "set DEEPSEEK_API_KEY" in deepseek
    assert any(line.startswith("ollama") for line in lines)
    assert "privacy: local-only — only loopback hosts" in doctor.stdout and "(env TUTOR_PRIVACY)" in doctor.stdout


def test_offline_json_and_hint_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    assert main(["ask", "Solve 2x + 3 = 7", "--offline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == JSON_KEYS and data["provider"] == "offline" and data["final_answer"] == "x = 2"
    assert data["verification"]["status"] == "verified" and data["notices"] == []
    assert main(["ask", "Solve x^2 - 5x + 6 = 0", "--mode", "hint", "--json"]) == 0
    hint = json.loads(capsys.readouterr().out)
    assert hint["mode"] == "hint" and hint["answer"] and hint["reasoning"] == ""
    assert "3" not in hint["answer"].replace("x^2", "") and hint["notices"][0].startswith("Answering offline")
    assert main(["ask", "Write a poem", "--offline", "--json"]) == 4
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
