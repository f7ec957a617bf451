"""The ``assign`` / ``grade`` sub-commands through argparse, as the main CLI wires them (real files, exit codes)."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from tutor.classroom.cli import add_parser, main

from .conftest import write_spec


def test_add_parser_registers_both_commands() -> None:
    parser = argparse.ArgumentParser(prog="r1-tutor")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["assign", "s.toml", "--count", "3", "--out", "o", "--seed", "4", "--force"])
    assert args.func.__name__ == "run_assign" and args.count == 3 and args.force
    args = parser.parse_args(["grade", "subs", "--key", "o/key", "--out", "r", "--jobs", "2"])
    assert args.func.__name__ == "run_grade" and args.jobs == 2


def test_assign_then_grade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path)
    out = tmp_path / "out"
    assert main(["assign", str(spec), "--count", "4", "--out", str(out), "--seed", "9"]) == 0
    captured = capsys.readouterr()
    assert "wrote 4 notebooks (5 questions, 7 points)" in captured.out
    assert "assign [" in captured.err and "5/5" in captured.err  # progress bar on stderr
    assert sorted(p.name for p in (out / "students").iterdir()) == ["student001", "student002", "student003",
                                                                     "student004"]
    assert main(["assign", str(spec), "--count", "4", "--out", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert main(["grade", str(out / "students"), "--key", str(out / "key"), "--out", str(tmp_path / "r"),
                 "--jobs", "1", "-q"]) == 0
    captured = capsys.readouterr()
    assert "graded 4 of 4 submissions (0 errors, 0 flagged)" in captured.out and captured.err == ""
    rows = list(csv.DictReader((tmp_path / "r" / "grades.csv").open()))
    assert [r["total"] for r in rows] == ["0"] * 4 and {r["status"] for r in rows} == {"ok"}


def test_errors_are_short_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title='t'\n[[problems]]\ntopic='astrology'\n")
    assert main(["assign", str(bad), "--count", "1", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("r1-tutor assign: ") and "problems[1].topic: unknown topic" in err
    assert "Traceback" not in err
    assert main(["grade", str(tmp_path / "nope"), "--key", str(tmp_path), "--out", str(tmp_path / "r")]) == 2
    assert "no such submissions folder" in capsys.readouterr().err
