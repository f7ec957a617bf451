"""``r1-tutor check``: exit codes, JSON, batch mode (run as a real process)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.check import cli


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tutor.check.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_exit_codes_and_json() -> None:
    ok = _run("2x+2", "2(x+1)", "--json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["note"] == "correct"
    wrong = _run("(x+1)^2", "x^2+2x+1", "--form", "expanded")
    assert wrong.returncode == 1 and "not_expanded" in wrong.stdout
    bad = _run("sinn(x)", "sin(x)", "--json")
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["note"] == "unknown_name"
    sig = _run("3.14", "pi", "--sigfigs", "3")
    assert sig.returncode == 0 and "read as: 3.14" in sig.stdout
    slow = _run("x^(1/3)+x^(1/5)+x^(1/7)=1", "x=1", "--timeout", "0.5", "--json")
    assert slow.returncode == 1 and json.loads(slow.stdout)["note"] == "timeout"


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        {"answer": "36 km/h", "expected": "10 m/s"},
        {"answer": "0.33", "expected": "1/3", "options": {"rtol": 0.02}},
        {"answer": "x^3/3", "expected": "integrate(x^2, x)", "kind": "antiderivative"},
        {"answer": "{2}", "expected": "{2, 3}"},
        {"answer": "1"},
    ]
    f = tmp_path / "cases.jsonl"
    f.write_text("\n".join(json.dumps(d) for d in lines) + "\nnot json\n", encoding="utf-8")
    res = _run("--batch", str(f))
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["note"] for o in out] == ["correct", "correct", "constant_missing", "missing_root", "bad_case",
                                       "bad_case"]
    assert res.returncode == 2
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(lines[0]) + "\n", encoding="utf-8")
    assert _run("--batch", str(good)).returncode == 0


def test_batch_from_stdin() -> None:
    res = _run("--batch", "-", stdin='{"answer": "x+x", "expected": "2x"}\n')
    assert res.returncode == 0 and json.loads(res.stdout)["correct"] is True


def test_add_parser_wires_into_a_parent_cli(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="r1-tutor")
    sub = parser.add_subparsers(dest="command")
    cli.add_parser(sub)
    args = parser.parse_args(["check", "x^2", "x*x", "--json"])
    assert args.func is cli.run
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["correct"] is True
    args = parser.parse_args(["check", "1", "2 +* 3"])
    assert args.func(args) == 2
    assert "expected answer" in capsys.readouterr().err
