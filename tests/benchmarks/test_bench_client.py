"""R1 client throughput: ``R1Backend.stream`` vs a bare ``httpx iter_lines + json.loads`` loop.

Both consume the same 20,000-chunk SSE stream from the loopback fake server, alternately, in this process.
Target (issue 2): the client takes ≤ 1.3× the bare loop.
"""

from __future__ import annotations

import json
import statistics
import time

import httpx

from tests.fakeserver import FakeR1, bench_reply
from tutor.backend import AskRequest
from tutor.events import Answer, Done, Reasoning

N_CHUNKS = 20_000
ROUNDS = 5


def _bare(client: httpx.Client, url: str) -> int:
    n = 0
    with client.stream("POST", url, json={"model": "m", "messages": [], "stream": True}) as resp:
        for line in resp.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                json.loads(line[6:])
                n += 1
    return n


def _client(backend: object) -> int:
    n = 0
    done = None
    for ev in backend.stream(AskRequest("bench")):  # type: ignore[attr-defined]
        if type(ev) is Reasoning or type(ev) is Answer:
            n += 1
        elif type(ev) is Done:
            done = ev
    assert done is not None and done.complete, done
    return n


def test_client_vs_bare_httpx_loop(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEEPSEEK_API_KEY", "bench")
    reply = bench_reply(N_CHUNKS)
    with FakeR1("deepseek") as fake, httpx.Client(timeout=30) as http:
        backend = fake.backend(http=http, model="deepseek-reasoner")
        url = fake.base_url() + "/chat/completions"
        bare_t: list[float] = []
        client_t: list[float] = []
        fake.script(reply, reply)  # warm-up
        assert _bare(http, url) == N_CHUNKS + 1
        assert _client(backend) == N_CHUNKS
        for _ in range(ROUNDS):
            fake.script(reply, reply)
            t0 = time.perf_counter()
            _bare(http, url)
            t1 = time.perf_counter()
            _client(backend)
            t2 = time.perf_counter()
            bare_t.append(t1 - t0)
            client_t.append(t2 - t1)
    bare, ours = statistics.median(bare_t), statistics.median(client_t)
    ratio = ours / bare
    print(f"\n[bench r1 client] {N_CHUNKS} SSE chunks over loopback, median of {ROUNDS} rounds")
    print(f"  bare httpx iter_lines + json.loads : {bare * 1000:8.1f} ms  ({N_CHUNKS / bare:,.0f} chunks/s)")
    print(f"  R1Backend.stream (events)          : {ours * 1000:8.1f} ms  ({N_CHUNKS / ours:,.0f} chunks/s)")
    print(f"  ratio                              : {ratio:.2f}x  (target <= 1.30x)")
    assert ratio <= 1.3
