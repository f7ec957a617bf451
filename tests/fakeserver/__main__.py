"""``python -m tests.fakeserver --port N --provider P [--answer TEXT]``: serve canned R1 replies until Ctrl-C.

Used by notebook/browser tests that run kernels or JupyterLab in other processes. Prints one line
``READY http://127.0.0.1:PORT`` on stdout once it accepts connections.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .replies import PROVIDER_MODELS, bench_reply
from .server import FakeR1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fakeserver", description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--provider", default="deepseek", choices=sorted(PROVIDER_MODELS))
    ap.add_argument("--answer", default=None, help="boxed final answer to give for every problem")
    ap.add_argument("--model", action="append", default=None, help="model name to list (repeatable)")
    ap.add_argument("--bench-chunks", type=int, default=0, metavar="N",
                    help="answer every chat request with an N-chunk DeepSeek SSE stream (benchmarks)")
    ap.add_argument("--per-event", action="store_true", help="with --bench-chunks: one HTTP chunk per SSE event")
    args = ap.parse_args(argv)
    server = FakeR1(args.provider, port=args.port, answer=args.answer, models=args.model)
    if args.bench_chunks:
        reply = bench_reply(args.bench_chunks, per_event=args.per_event)
        server.state.fixed = reply
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"READY {server.url}", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
