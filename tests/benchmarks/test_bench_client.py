"""R1 client throughput: ``R1Backend.stream`` vs a bare ``httpx iter_lines + json.loads`` loop.

Both consume the same 20,000-chunk SSE stream from the loopback fake server (``python -m tests.fakeserver
--bench-chunks N`` in its own process), in alternating rounds.
Target (issue 2): the client takes ≤ 1.3× the bare loop.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tutor.backend import AskRequest
from tutor.events import Answer, Done, Reasoning
from tutor.r1.client import R1Backend
from tutor.r1.providers import get_profile

N_CHUNKS = 20_000
ROUNDS = 7


def _bare(client: httpx.Client, url: str) -> int:
    n = 0
    with client.stream("POST", url, json={"model": "m", "messages": [], "stream": True}) as resp:
        for line in resp.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                json.loads(line[6:])
                n += 1
    return n


def _client(backend: object, sink: list[object]) -> None:
    append = sink.append
    for ev in backend.stream(AskRequest("bench")):  # type: ignore[attr-defined]
        append(ev)


def _check(events: list[object]) -> None:
    """Every chunk's text arrived, in order, and the stream completed."""
    reasoning = "".join(e.text for e in events if type(e) is Reasoning)  # type: ignore[attr-defined]
    answer = "".join(e.text for e in events if type(e) is Answer)  # type: ignore[attr-defined]
    half = N_CHUNKS // 2
    assert reasoning == "".join(f"step {i} " for i in range(half))
    assert answer == "".join(f"word{i} " for i in range(half, N_CHUNKS))
    done = events[-1]
    assert type(done) is Done and done.complete, done


@contextlib.contextmanager
def _server_process(per_event: bool) -> Iterator[str]:
    """The fake server in its own process, so that serving does not compete with the client for the GIL."""
    cmd = [sys.executable, "-m", "tests.fakeserver", "--bench-chunks", str(N_CHUNKS)]
    if per_event:
        cmd.append("--per-event")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline().split()
        assert ready and ready[0] == "READY", ready
        yield ready[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("per_event", [False, True], ids=["64KiB-writes", "one-write-per-event"])
def test_client_vs_bare_httpx_loop(per_event: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "bench")
    with _server_process(per_event) as base, httpx.Client(timeout=30) as http:
        backend = R1Backend(get_profile("deepseek"), base_url=base + "/v1", model="deepseek-reasoner", http=http)
        url = base + "/v1/chat/completions"
        bare_t: list[float] = []
        client_t: list[float] = []
        assert _bare(http, url) == N_CHUNKS + 1
        sink: list[object] = []
        _client(backend, sink)
        _check(sink)
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            _bare(http, url)
            t1 = time.perf_counter()
            sink = []
            _client(backend, sink)
            t2 = time.perf_counter()
            bare_t.append(t1 - t0)
            client_t.append(t2 - t1)
            _check(sink)
    # Rounds alternate, so each (bare, client) pair ran under similar machine load: the median of the paired
    # ratios is the figure least disturbed by other processes on a shared machine.
    bare, ours = statistics.median(bare_t), statistics.median(client_t)
    ratio = statistics.median(c / b for b, c in zip(bare_t, client_t, strict=True))
    how = "one HTTP chunk per SSE event" if per_event else "64 KiB writes"
    print(f"\n[bench r1 client] {N_CHUNKS} SSE chunks over loopback ({how}), median of {ROUNDS} alternating rounds")
    print(f"  bare httpx iter_lines + json.loads : {bare * 1000:8.1f} ms  ({N_CHUNKS / bare:,.0f} chunks/s)")
    print(f"  R1Backend.stream (events)          : {ours * 1000:8.1f} ms  ({N_CHUNKS / ours:,.0f} chunks/s)")
    print(f"  ratio (median of paired rounds)    : {ratio:.2f}x  (target <= 1.30x; best/best "
          f"{min(client_t) / min(bare_t):.2f}x)")
    assert ratio <= 1.3
