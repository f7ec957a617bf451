"""Batch speed-up: 200 requests to the loopback fake R1 with 50 ms simulated latency each, sequential vs run_batch.

Run with ``make bench``. Target (issue 8): run_batch(concurrency=8) at least 6x faster than asking one by one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.backend import AskRequest
from tutor.r1.client import R1Backend
from tutor.result import TutorResult
from tutor.trust import GuardedBackend, run_batch
from tutor.trust.cost import Ledger

N = 200
LATENCY_S = 0.050
CONCURRENCY = 8


# The server runs in its own process (like a real host), so its threads do not compete with the client for the GIL,
# with a listen backlog like a real server's (socketserver's default of 5 drops SYNs under 8 concurrent connects).
_SERVER = r"""
import sys
from tests.fakeserver import FakeR1, r1_reply
from tests.fakeserver import server as _srv

_srv._Server.request_queue_size = 128
LATENCY = float(sys.argv[1])

def reply(rec):
    n = rec.prompt.split("#")[1].split()[0]
    return r1_reply("deepseek", f"Compute item {n} step by step.", f"The value is \\boxed{{{n}}}", delay_s=LATENCY)

fake = FakeR1("deepseek")
fake.script(*[reply] * int(sys.argv[2]))
print(f"READY {fake.port}", flush=True)
sys.stdin.read()
fake.close()
"""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-bench")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(LATENCY_S), str(2 * N + 2 * CONCURRENCY)], cwd=root,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line and line[0] == "READY", "the fake server did not start"
        yield int(line[1])
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _backend(port: int) -> GuardedBackend:
    inner = R1Backend("deepseek", base_url=f"http://127.0.0.1:{port}/v1", model="deepseek-reasoner")
    return GuardedBackend(inner, None, ledger=Ledger(), cache=False)  # no cache: every request really goes out


def test_bench_batch_speedup(server: int) -> None:
    requests = [AskRequest(problem=f"Item #{i} of the batch") for i in range(N)]
    backend = _backend(server)
    # warm-up (imports such as the answer extractor, first connections) outside the timed runs
    run_batch(backend, requests[:CONCURRENCY], concurrency=CONCURRENCY, progress=False)
    list(backend.stream(requests[0]))
    t0 = time.perf_counter()
    sequential = []
    for req in requests:
        text = "".join(getattr(e, "text", "") for e in backend.stream(req))
        sequential.append(text)
    t_seq = time.perf_counter() - t0

    t0 = time.perf_counter()
    results = run_batch(_backend(server), requests, concurrency=CONCURRENCY, progress=False)
    t_batch = time.perf_counter() - t0

    answers = [r.final_answer for r in results if isinstance(r, TutorResult)]
    assert answers == [str(i) for i in range(N)]  # all answered, in input order
    assert all(f"\\boxed{{{i}}}" in sequential[i] for i in range(N))
    speedup = t_seq / t_batch
    ideal = (N * LATENCY_S) / (N / CONCURRENCY * LATENCY_S)
    print(
        f"\nbatch benchmark: {N} requests, {LATENCY_S * 1000:.0f} ms latency each, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}\n"
        f"  sequential (stream, one by one) : {t_seq:6.2f} s  ({t_seq / N * 1000:5.1f} ms/request)\n"
        f"  run_batch(concurrency={CONCURRENCY})       : {t_batch:6.2f} s  ({t_batch / N * 1000:5.1f} ms/request)\n"
        f"  speed-up                        : {speedup:5.1f}x  (ideal {ideal:.0f}x; target >= 6x)"
    )
    assert speedup >= 6.0
