"""Fixtures for the classroom tests: a spec, a roster, and an assigned class."""

from __future__ import annotations

from pathlib import Path

import pytest

SPEC = """
title = "Unit 4 check"
instructions = "Answer in plain math."
mode = "{mode}"
seed = 2026

[[problems]]
topic = "derivatives"
level = 1
points = 2

[[problems]]
topic = "quadratics"
level = 1
points = 2

[[problems]]
topic = "linear-equations"
level = 1

[[problems]]
statement = "A ball is thrown up at {{v}} m/s. How high does it rise? (g = 9.8 m/s^2)"
params = {{ v = {{ min = 5, max = 25, step = 1 }} }}
answer = "v^2/(2*9.8) m"
kind = "units"
rtol = 0.02
solution = "h = v^2/(2g) = {{answer}}"

[[problems]]
topic = "unit-conversion"
level = 2
"""


def write_spec(folder: Path, mode: str = "assignment") -> Path:
    path = folder / "spec.toml"
    path.write_text(SPEC.format(mode=mode), encoding="utf-8")
    return path


def write_roster(folder: Path, n: int) -> Path:
    path = folder / "roster.csv"
    lines = ["id,name"] + [f"s{i:02d},Student {i}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    return write_spec(tmp_path)
