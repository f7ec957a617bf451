"""``r1-tutor hint``: the same screened path for scripts, JSON ``hint``/``level``/``source``/``rejected``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fakeserver import FakeR1

ROOT = Path(__file__).resolve().parents[2]
QUAD = "Solve x^2 - 5x + 6 = 0"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "TUTOR_NO_PROBE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "tutor.cli", "hint", *args], capture_output=True, text=True,
                          env=full_env, cwd=ROOT, timeout=60)


def test_hint_json_offline() -> None:
    out = _run(QUAD, "--answer", "{2, 3}", "--kind", "set", "--level", "2", "--offline", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"hint", "level", "source", "rejected"}
    assert data["level"] == 2 and data["source"] == "offline" and data["rejected"] == 0 and data["hint"]


def test_hint_text_and_bad_level() -> None:
    out = _run(QUAD, "--answer", "{2, 3}", "--offline")
    assert out.returncode == 0 and out.stdout.startswith("Hint 1 (offline): ")
    bad = _run(QUAD, "--answer", "{2, 3}", "--level", "5")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_hint_against_fake_r1_leak_rejected() -> None:
    with FakeR1("vllm") as server:
        server.reply("The roots are 2 and 3.", "The answer is \\boxed{\\{2, 3\\}}.")
        server.reply("The roots are 2 and 3.", "You'll find x = 2 and x = 3.")
        env = {"TUTOR_PROVIDER": "vllm", "TUTOR_BASE_URL": server.base_url()}
        out = _run(QUAD, "--answer", "{2, 3}", "--kind", "set", "--json", env=env)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["source"] == "offline" and data["rejected"] == 2
        server.reply("(secret reasoning)", "Look for two numbers that multiply to 6 and add to -5.")
        out = _run(QUAD, "--answer", "{2, 3}", "--kind", "set", "--json", env=env)
        data = json.loads(out.stdout)
        assert data == {"hint": "Look for two numbers that multiply to 6 and add to -5.", "level": 1,
                        "source": "r1", "rejected": 0}


def test_tutor_practice_is_the_widget_before_and_after_the_bank_loads() -> None:
    # `tutor.practice` stays the widget function after the bank and the classroom package load
    code = (
        "import tutor\n"
        "w1 = tutor.practice('Solve 2x = 4', answer='x = 2', progress=False)\n"
        "import tutor.bank, tutor.classroom.build\n"
        "w2 = tutor.practice('Solve 2x = 4', answer='x = 2', progress=False)\n"
        "print(type(w1).__name__, type(w2).__name__, w2.check('x = 2').correct)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env={**os.environ, "TUTOR_NO_PROBE": "1"})
    assert out.stdout.split() == ["PracticeWidget", "PracticeWidget", "True"], out.stderr
