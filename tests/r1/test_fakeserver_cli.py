"""``python -m tests.fakeserver`` (used by notebook/browser tests in other processes) serves canned R1 replies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.r1.helpers import collect
from tutor.backend import AskRequest
from tutor.r1.client import R1Backend
from tutor.r1.providers import get_profile

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("provider,answer", [("ollama", None), ("vllm", "\\frac{1}{8}")])
def test_cli_server_serves_canned_replies(provider: str, answer: str | None) -> None:
    cmd = [sys.executable, "-m", "tests.fakeserver", "--provider", provider]
    if answer:
        cmd += ["--answer", answer]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        word, url = proc.stdout.readline().split()
        assert word == "READY" and url.startswith("http://127.0.0.1:")
        base = url if provider == "ollama" else url + "/v1"
        backend = R1Backend(get_profile(provider), base_url=base)
        got = collect(backend.stream(AskRequest("Solve x^2 - 5x + 6 = 0")))
        assert got.done and got.done.complete and got.reasoning
        expected = "\\boxed{" + answer + "}" if answer else "\\boxed{x = 2 \\text{ or } x = 3}"
        assert expected in got.answer
        hint = collect(backend.stream(AskRequest("Solve x^2 - 5x + 6 = 0", mode="hint")))
        assert "\\boxed" not in hint.answer and hint.done and hint.done.complete
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
