"""``run_batch``: many questions at once (R1-written problems, solutions for many variants).

Async under the hood: at most ``concurrency`` requests in flight (a semaphore), one shared connection pool, a 429's
``Retry-After`` pauses the whole batch (not just the request that got it), results come back in input order, and a
progress bar goes to stderr. ``run_batch`` is synchronous and also works inside Jupyter's running event loop (it
then runs the batch on a worker thread); ``arun_batch`` is the coroutine.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import importlib.util
import inspect
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TextIO

import httpx

from ..backend import AskRequest, Backend
from ..errors import ConfigError, RateLimited, ServerBusy, TutorError
from ..events import Event
from ..r1._http import retry_after_s
from ..result import TutorResult, Verification

__all__ = ["BatchPause", "arun_batch", "run_batch"]

_DEFAULT_RETRY_AFTER = 2.0
_MAX_PAUSE = 120.0


class BatchPause:
    """A pause shared by every request of a batch: when the host says "retry after N s", nobody sends for N s."""

    def __init__(self) -> None:
        self._until = 0.0
        self.pauses = 0  # how many times the batch was paused (reported, and read by tests)
        self.requests = 0  # HTTP requests sent through the batch's pool

    def pause(self, seconds: float) -> None:
        seconds = min(max(seconds, 0.0), _MAX_PAUSE)
        until = time.monotonic() + seconds
        if until > self._until:
            self._until = until
            self.pauses += 1

    async def wait(self) -> None:
        while True:
            left = self._until - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(left)


def _paced_client(gate: BatchPause, concurrency: int) -> httpx.AsyncClient:
    """The batch's one connection pool. Every request first waits out the shared pause; a 429/503 carrying
    Retry-After starts one — so the client's own retry and every other request of the batch hold back together.
    Event hooks (not a custom transport) keep httpx's proxy-from-environment behaviour for school networks."""

    async def before(request: httpx.Request) -> None:
        await gate.wait()
        gate.requests += 1

    async def after(response: httpx.Response) -> None:
        if response.status_code in (429, 503):
            seconds = retry_after_s(response.headers.get("retry-after"))
            if seconds is not None:
                gate.pause(seconds)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(limits=limits, follow_redirects=False,
                             event_hooks={"request": [before], "response": [after]})


class _Progress:
    """``batch [#####-----] 120/200 · 2 failed · 12 s`` on stderr, redrawn at most 10 times a second."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.enabled = total, enabled and total > 0
        self.stream = stream if stream is not None else sys.stderr
        self.done = self.failed = 0
        self.t0 = time.monotonic()
        self._last = 0.0
        self.note = ""

    def step(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        self.draw(final=self.done == self.total)

    def draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < 0.1:
            return
        self._last = now
        width = 24
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        failed = f" · {self.failed} failed" if self.failed else ""
        note = f" · {self.note}" if self.note and not final else ""
        line = f"\rbatch [{bar}] {self.done}/{self.total}{failed} · {now - self.t0:.0f} s{note}"
        self.stream.write(line.ljust(72) + ("\n" if final else ""))
        self.stream.flush()


def _extract(answer: str) -> str | None:
    try:
        check = importlib.import_module("tutor.check")
        if not answer:
            return None
        found = check.extract_answer(answer)
    except (ImportError, AttributeError, TutorError):
        return None
    return None if found is None else str(found)


def _verify(result: TutorResult) -> None:
    """SymPy's opinion of the final answer (tutor.verify), as ``ask`` gives it; skipped when not installed."""
    try:
        module = importlib.import_module("tutor.verify")
    except ImportError:
        return
    try:
        result.verification = module.verify(result.problem, result.final_answer, mode=result.mode)
    except TutorError as err:
        result.verification = Verification("unverifiable", detail=str(err))


def _mark_broken(result: TutorResult, err: TutorError) -> None:
    result.complete, result.finish_reason, result.incomplete_reason = False, "error", str(err)


def _retry_after(err: TutorError) -> float | None:
    value = getattr(err, "retry_after", None)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _astream_of(backend: Backend) -> Callable[..., AsyncIterator[Event]]:
    """The backend's async stream; a backend without one (the offline SymPy tutor) runs on worker threads."""
    inner = getattr(backend, "inner", backend)
    astream = getattr(backend, "astream", None)
    if astream is not None and getattr(inner, "astream", None) is not None:
        return astream
    stream = backend.stream

    async def threaded(request: AskRequest) -> AsyncIterator[Event]:
        for event in await asyncio.to_thread(lambda: list(stream(request))):
            yield event

    return threaded


def _takes_http(astream: Callable[..., Any]) -> bool:
    try:
        return "http" in inspect.signature(astream).parameters
    except (TypeError, ValueError):
        return False


async def _one(
    backend: Backend, request: AskRequest, gate: BatchPause, attempts: int, http: httpx.AsyncClient | None,
    verify: bool = False,
) -> TutorResult:
    astream = _astream_of(backend)
    kwargs = {"http": http} if http is not None and _takes_http(astream) else {}
    for attempt in range(1, attempts + 1):
        await gate.wait()
        result = TutorResult(
            problem=request.problem, mode=request.mode, provider=str(getattr(backend, "provider", "")),
            model=str(getattr(backend, "model", "") or ""), host=str(getattr(backend, "host", "")),
            lang=request.lang, streaming=True,
        )
        t0 = time.monotonic()
        try:
            async for event in astream(request, **kwargs):
                result.apply(event, t0)
        except (RateLimited, ServerBusy) as err:
            if not (result.reasoning or result.answer) and attempt < attempts:
                # The client already retried this request; the host still says "slow down": pause everyone.
                gate.pause(_retry_after(err) or _DEFAULT_RETRY_AFTER * attempt)
                continue
            if not (result.reasoning or result.answer):
                raise
            _mark_broken(result, err)
        except TutorError as err:
            if not (result.reasoning or result.answer):
                raise
            _mark_broken(result, err)  # as ask() does: what arrived is kept, marked incomplete
        result.model = str(getattr(backend, "model", "") or result.model)
        result.elapsed_s = time.monotonic() - t0
        result.streaming = False
        if not result.finish_reason and not result.complete:
            result.finish_reason, result.incomplete_reason = "error", "the stream ended without a finish signal"
        result.final_answer = _extract(result.answer) if result.answer else None
        if verify and request.mode == "solve" and result.final_answer is not None:
            await asyncio.to_thread(_verify, result)  # SymPy work stays off the event loop
        return result
    raise AssertionError("unreachable")  # pragma: no cover


async def arun_batch(
    backend: Backend,
    requests: Sequence[AskRequest | str],
    *,
    concurrency: int | None = None,
    progress: bool = True,
    attempts: int = 3,
    verify: bool = False,
    pause: BatchPause | None = None,
    stream: TextIO | None = None,
) -> list[TutorResult | TutorError]:
    """Ask every request with at most ``concurrency`` in flight (default: ``settings.concurrency``, else 8);
    results (or the TutorError) in input order.

    ``verify=True`` adds SymPy's verification of each final answer (as ``ask`` does); ``attempts`` bounds how
    often a request still rate-limited after the client's own retries is tried again after a batch-wide pause.
    """
    if concurrency is None:  # the settings' value (TUTOR_CONCURRENCY / config), else 8
        concurrency = int(getattr(getattr(backend, "settings", None), "concurrency", None) or 8)
    if concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    reqs = [AskRequest(problem=r) if isinstance(r, str) else r for r in requests]
    gate = pause if pause is not None else BatchPause()
    http = _paced_client(gate, concurrency)
    sem = asyncio.Semaphore(concurrency)
    bar = _Progress(len(reqs), progress, stream)
    results: list[TutorResult | TutorError | None] = [None] * len(reqs)

    async def run(i: int, request: AskRequest) -> None:
        async with sem:
            try:
                results[i] = await _one(backend, request, gate, attempts, http, verify)
                bar.step(True)
            except TutorError as err:
                results[i] = err
                bar.step(False)

    bar.draw()
    # Import the answer extractor (SymPy, ~1 s) on a thread while the first requests are on the wire, rather than
    # freezing the event loop when the first answer arrives.
    preload = asyncio.create_task(asyncio.to_thread(_extract, ""))
    tasks = [preload, *(asyncio.create_task(run(i, r)) for i, r in enumerate(reqs))]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()  # only unfinished ones: after an unexpected error, or when the batch itself is cancelled
        await asyncio.gather(*tasks, return_exceptions=True)
        await http.aclose()
    if progress and gate.pauses:
        bar.stream.write(f"batch: the host asked to slow down; paused {gate.pauses} time(s)\n")
    return [r for r in results if r is not None]  # every task stored its outcome (or gather raised)


def run_batch(
    backend: Backend,
    requests: Sequence[AskRequest | str],
    *,
    concurrency: int | None = None,
    progress: bool = True,
    attempts: int = 3,
    verify: bool = False,
    stream: TextIO | None = None,
) -> list[TutorResult | TutorError]:
    """Synchronous ``arun_batch``. Inside a running event loop (Jupyter) the batch runs on a worker thread."""

    def go() -> list[TutorResult | TutorError]:
        return asyncio.run(
            arun_batch(backend, requests, concurrency=concurrency, progress=progress, attempts=attempts,
                       verify=verify, stream=stream)
        )

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return go()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="r1-tutor-batch") as pool:
        return pool.submit(go).result()
