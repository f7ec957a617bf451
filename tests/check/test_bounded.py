"""Every check ends within its time bound, from any thread, and the checker recovers afterwards."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tutor.check import Verdict, check
from tutor.errors import ConfigError

# solveset on mixed radicals runs for minutes in SymPy: a genuinely pathological comparison
PATHOLOGICAL = ("x^(1/3)+x^(1/5)+x^(1/7)=1", "x=1")


def test_timeout_from_a_non_main_thread() -> None:
    out: dict[str, object] = {}

    def worker() -> None:
        t = time.monotonic()
        out["verdict"] = check(*PATHOLOGICAL, timeout=0.5)
        out["elapsed"] = time.monotonic() - t

    th = threading.Thread(target=worker)
    th.start()
    th.join(60)  # generous: the bound is asserted through the verdict, not a micro-timing
    assert not th.is_alive()
    v = out["verdict"]
    assert isinstance(v, Verdict) and v.note == "timeout" and v.valid and not v.correct
    assert float(out["elapsed"]) < 30  # type: ignore[arg-type]
    # the killed worker was replaced: the next check works
    assert check("2x", "x+x").correct


def test_concurrent_checks_from_a_pool() -> None:
    cases = [("2x+1", "1+2x", True), ("x^2", "x*x", True), ("3", "4", False), ("{1,2}", "{2,1}", True)] * 5
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda c: check(c[0], c[1]).correct, cases))
    assert results == [c[2] for c in cases]


def test_timeout_does_not_poison_other_threads() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(check, *PATHOLOGICAL, timeout=0.5)
        fast = pool.submit(check, "sin(x)^2+cos(x)^2", "1", variables=["x"])
        assert fast.result(60).correct
        assert slow.result(60).note == "timeout"


@pytest.mark.parametrize("opts", [{"kind": "nope"}, {"form": "pretty"}, {"rtol": -1}, {"sigfigs": 0},
                                  {"timeout": 0}])
def test_bad_options_are_config_errors(opts: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        check("1", "1", **opts)  # type: ignore[arg-type]


def test_unreadable_expected_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="expected answer"):
        check("1", "2 +* 3")


def test_verdict_to_dict_is_json_ready() -> None:
    v = check("x^2", "x*x")
    assert v.to_dict() == {"correct": True, "valid": True, "note": "correct", "feedback": v.feedback,
                           "parsed": "x^{2}", "score": 1.0}
