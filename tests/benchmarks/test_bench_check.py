"""Answer checking on Math-Verify's own 270 cases: tutor.check (+ extract_answer) side by side with math_verify.

Reads ../shared/bench/mathverify_cases.jsonl (never copied into the repo). Targets (issue 3): agreement with
`expected` at least Math-Verify's 262/270, median <= 2 ms and p95 <= 30 ms per case for tutor.check.

How each case is read: both gold and pred go through ``extract_answer(text, loose=True)`` (a box, a "final
answer" sentence, else the last math span or number). The case's ``call`` says which Math-Verify extraction it
assumes: LaTeX-only cases (``match_types=['latex']``) do not fall back to bare numbers, and cases written for a
``precision`` setting compare numbers to 2 decimals (rtol 1e-2).
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import pytest

from tutor.check import check, extract_answer, warm_up
from tutor.errors import TutorError

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "mathverify_cases.jsonl"


def _load() -> list[dict[str, Any]]:
    if not CASES.exists():
        pytest.skip(f"benchmark data not found at {CASES} (the ../shared/bench folder is absent)")
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ours(case: dict[str, Any]) -> bool:
    numbers = "'expr'" in case["call"]
    gold = extract_answer(case["gold"], loose=True, numbers=numbers)
    pred = extract_answer(case["pred"], loose=True, numbers=numbers)
    if gold is None or pred is None:
        return False
    opts: dict[str, Any] = {"rtol": 1e-2} if "precision=precision" in case["call"] else {}
    try:
        return check(pred, gold, **opts).correct
    except TutorError:
        return False  # the gold side could not be read


def _theirs(case: dict[str, Any], mv: Any) -> bool:
    try:
        return bool(mv.verify(mv.parse(case["gold"]), mv.parse(case["pred"])))
    except Exception:  # Math-Verify raises assorted errors on odd input; it counts as "not equal"
        return False


def _timed(fn: Any, cases: list[dict[str, Any]], *args: Any) -> tuple[int, list[float]]:
    agree, lat = 0, []
    for case in cases:
        t = time.perf_counter()
        got = fn(case, *args)
        lat.append(time.perf_counter() - t)
        agree += got == bool(case["expected"])
    return agree, lat


def _p95(lat: list[float]) -> float:
    return sorted(lat)[int(0.95 * (len(lat) - 1))]


def test_mathverify_cases_side_by_side() -> None:
    cases = _load()
    warm_up(block=True)
    ours, ours_lat = _timed(_ours, cases)
    lines = [f"tutor.check   agreement {ours}/{len(cases)}   median {statistics.median(ours_lat) * 1e3:.2f} ms"
             f"   p95 {_p95(ours_lat) * 1e3:.2f} ms"]
    try:
        import math_verify as mv
    except ImportError:
        lines.append("math_verify   not installed (pip install 'r1-tutor[bench]') — baseline skipped")
    else:
        theirs, their_lat = _timed(_theirs, cases, mv)
        lines.append(f"math_verify   agreement {theirs}/{len(cases)}   median "
                     f"{statistics.median(their_lat) * 1e3:.2f} ms   p95 {_p95(their_lat) * 1e3:.2f} ms")
    print("\n" + "\n".join(lines))
    assert ours >= 262, f"agreement {ours}/270 is below Math-Verify's 262"
    assert statistics.median(ours_lat) <= 0.002
    assert _p95(ours_lat) <= 0.030
