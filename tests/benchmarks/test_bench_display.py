"""Display updates for a 20,000-chunk R1 stream: the throttled live renderer vs one update per event.

Both runs consume the same stream from the loopback fake R1 server through ``tutor.ask.ask`` in a real IPython
InteractiveShell whose display publisher counts messages. Target (issue 2): ≤ 20 display updates per second of wall time.
"""

from __future__ import annotations

import time
from typing import Any

from IPython.core.interactiveshell import InteractiveShell

from tests.fakeserver import FakeR1, bench_reply
from tests.surfaces._helpers import RecordingPublisher
from tutor.ask import ask
from tutor.result import MIME_TYPE
from tutor.ui.live import MAX_UPDATES_PER_SECOND, LiveRenderer

CHUNKS = 20_000


def _run(fake: FakeR1, max_rate: float) -> dict[str, Any]:
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    pub = RecordingPublisher(shell=shell)
    shell.display_pub = pub
    try:
        fake.script(bench_reply(CHUNKS, per_event=True))  # one HTTP chunk per SSE event, like a token-flushing host
        renderer = LiveRenderer(max_rate=max_rate)
        t0 = time.perf_counter()
        result = ask("bench", backend=fake.backend("deepseek"), on_update=renderer, verify=False)
        wall = time.perf_counter() - t0
    finally:
        InteractiveShell.clear_instance()
    final = pub.messages[-1]["data"][MIME_TYPE]
    assert final["streaming"] is False and final["complete"] is True
    assert result.answer.count("word") == CHUNKS // 2  # nothing lost to throttling
    return {"updates": len(pub.updates), "wall": wall, "rate": len(pub.updates) / wall}


def test_bench_display_updates(make_fake_r1: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "bench")
    fake = make_fake_r1("deepseek")
    live = _run(fake, MAX_UPDATES_PER_SECOND)
    naive = _run(fake, 0.0)  # max_rate 0 = no throttle: one update per event the client yields
    print(f"\n[display] {CHUNKS:,}-chunk stream from the loopback fake R1 server")
    print(f"  throttled live renderer: {live['updates']:>6,} updates in {live['wall']:.2f} s "
          f"= {live['rate']:.1f}/s (target <= {MAX_UPDATES_PER_SECOND:.0f}/s)")
    print(f"  naive (1 per event)    : {naive['updates']:>6,} updates in {naive['wall']:.2f} s "
          f"= {naive['rate']:.1f}/s")
    print(f"  update messages saved: {naive['updates'] / max(live['updates'], 1):.0f}x; "
          f"wall time {naive['wall'] / live['wall']:.1f}x of the throttled run")
    # the final (static) update may come right after a throttled one: allow that one extra
    assert live["updates"] <= MAX_UPDATES_PER_SECOND * live["wall"] + 1
    # the client already merges text that arrives in one network read, so events < chunks; the baseline must
    # still be an order of magnitude chattier for the comparison to mean anything
    assert naive["updates"] >= 10 * live["updates"]
