"""run_batch against the real fake server: order, bounded concurrency, one pool, a shared 429 pause, progress."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.fakeserver import FakeR1, Recorded, Reply, error_reply, r1_reply
from tutor.backend import AskRequest
from tutor.errors import AuthError, TutorError
from tutor.events import Event
from tutor.result import TutorResult
from tutor.trust import GuardedBackend, run_batch
from tutor.trust.batch import arun_batch
from tutor.trust.cost import Ledger


class Counting:
    """Delegates to a real backend and counts how many ``astream`` calls are in flight, and with which client."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.provider, self.host = inner.provider, inner.host
        self.in_flight = self.max_in_flight = 0
        self.clients: set[int] = set()

    @property
    def model(self) -> str:
        return str(self.inner.model)

    def stream(self, request: AskRequest) -> Any:
        return self.inner.stream(request)

    async def astream(self, request: AskRequest, *, http: Any = None) -> AsyncIterator[Event]:
        self.clients.add(id(http))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            async for event in self.inner.astream(request, http=http):
                yield event
        finally:
            self.in_flight -= 1


def _answer_with_number(delay: float = 0.0) -> Callable[[Recorded], Reply]:
    """A reply whose boxed answer is the number in the problem (proves results are matched to their question)."""

    def make(rec: Recorded) -> Reply:
        n = rec.prompt.split("#")[1].split()[0]
        return r1_reply("deepseek", f"thinking about {n}", f"so \\boxed{{{n}}}", delay_s=delay)

    return make


@pytest.fixture
def fake(make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch) -> FakeR1:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-batch")
    return make_fake_r1("deepseek")


def _guarded(fake: FakeR1, **kw: Any) -> GuardedBackend:
    return GuardedBackend(fake.backend("deepseek", model="deepseek-reasoner"), None, ledger=Ledger(), **kw)


def test_results_in_input_order_with_bounded_concurrency_and_one_pool(fake: FakeR1) -> None:
    n = 12
    # later questions answer faster, so completion order is the reverse of input order
    for i in range(n):
        fake.script(_answer_with_number(delay=0.02 * (n - i)))
    backend = Counting(_guarded(fake, cache=False))
    out = io.StringIO()
    results = run_batch(backend, [f"Question #{i} please" for i in range(n)], concurrency=3, stream=out)
    assert [r.final_answer for r in results if isinstance(r, TutorResult)] == [str(i) for i in range(n)]
    assert all(isinstance(r, TutorResult) and r.complete for r in results)
    assert backend.max_in_flight == 3
    assert len(backend.clients) == 1 and id(None) not in backend.clients  # one shared AsyncClient
    assert len(fake.chat_requests) == n
    last_line = out.getvalue().rsplit("\r", 1)[-1]
    assert last_line.startswith(f"batch [{'#' * 24}] {n}/{n}") and last_line.endswith("\n")


def test_retry_after_pauses_the_whole_batch(fake: FakeR1) -> None:
    arrivals: list[tuple[float, str]] = []
    lock = threading.Lock()

    def record(kind: str, make: Callable[[Recorded], Reply]) -> Callable[[Recorded], Reply]:
        def src(rec: Recorded) -> Reply:
            with lock:
                arrivals.append((time.monotonic(), kind))
            return make(rec)
        return src

    fake.script(record("429", lambda rec: error_reply(429, retry_after=1)))
    for _ in range(9):
        fake.script(record("ok", _answer_with_number(delay=0.05)))
    backend = _guarded(fake, cache=False)
    results = run_batch(backend, [f"Question #{i} now" for i in range(8)], concurrency=4, progress=False)
    assert all(isinstance(r, TutorResult) and r.complete for r in results)
    t429 = next(t for t, kind in arrivals if kind == "429")
    first_wave = arrivals[:4]
    later = [t for t, _ in arrivals[4:]]
    assert len(later) == 5
    # Lower bounds only: after the 429 nobody sent anything until Retry-After had passed.
    assert all(t - t429 >= 0.9 for t in later), [round(t - t429, 2) for t in later]
    assert any(kind == "429" for _, kind in first_wave)
    notices = [n for r in results if isinstance(r, TutorResult) for n in r.notices]
    assert notices == ["deepseek: HTTP 429; retrying in 1.0 s (attempt 2 of 4)"]


def test_errors_stay_in_their_slot(fake: FakeR1) -> None:
    fake.script(_answer_with_number(), lambda rec: error_reply(401), _answer_with_number())
    results = run_batch(_guarded(fake, cache=False), [f"Q #{i} x" for i in range(3)], concurrency=1,
                        progress=False)
    assert isinstance(results[0], TutorResult) and results[0].final_answer == "0"
    assert isinstance(results[1], AuthError) and isinstance(results[1], TutorError)
    assert isinstance(results[2], TutorResult) and results[2].final_answer == "2"


def test_batch_uses_the_cache_and_the_budget(fake: FakeR1) -> None:
    backend = _guarded(fake)
    first = run_batch(backend, [f"Question #{i} a" for i in range(4)], progress=False)
    again = run_batch(backend, [f"Question #{i} a" for i in range(4)], progress=False)
    assert len(fake.chat_requests) == 4
    assert [r.answer for r in again if isinstance(r, TutorResult)] == [
        r.answer for r in first if isinstance(r, TutorResult)]
    backend.ledger.set_budget(0.0)
    refused = run_batch(backend, ["Question #9 b"], progress=False)
    assert type(refused[0]).__name__ == "BudgetExceeded" and len(fake.chat_requests) == 4


def test_sync_wrapper_inside_a_running_loop(fake: FakeR1) -> None:
    fake.script(_answer_with_number(), _answer_with_number())

    async def notebook_cell() -> list[Any]:
        # what Jupyter does: a loop is already running when user code calls run_batch
        return run_batch(_guarded(fake, cache=False), ["Question #1 z", "Question #2 z"], progress=False)

    results = asyncio.run(notebook_cell())
    assert [r.final_answer for r in results if isinstance(r, TutorResult)] == ["1", "2"]


def test_progress_goes_to_stderr(fake: FakeR1, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(arun_batch(_guarded(fake, cache=False), ["Question #1 q"], concurrency=2))
    seen = capsys.readouterr()
    assert seen.out == "" and "batch [" in seen.err and "1/1" in seen.err


def test_backends_without_async_client_run_on_threads() -> None:
    from tutor.offline import OfflineTutor

    problems = ["Solve x^2 - 5x + 6 = 0", "Solve 2x + 3 = 11", "Tell me a joke about cats"]
    results = run_batch(OfflineTutor(plots=False), problems, concurrency=2, progress=False)
    assert isinstance(results[0], TutorResult) and results[0].provider == "offline" and results[0].complete
    assert isinstance(results[1], TutorResult) and results[1].final_answer is not None
    assert "4" in results[1].final_answer
    assert type(results[2]).__name__ == "OfflineUnsupported"  # the SymPy tutor never guesses


def test_verify_option_checks_each_final_answer(fake: FakeR1) -> None:
    fake.script(lambda rec: r1_reply("deepseek", "2x = 8", "so \\boxed{4}"),
                lambda rec: r1_reply("deepseek", "2x = 8", "so \\boxed{5}"))
    results = run_batch(_guarded(fake, cache=False), ["Solve 2x = 8", "Solve 2x = 8"], concurrency=1,
                        progress=False, verify=True)
    statuses = [r.verification.status for r in results if isinstance(r, TutorResult) and r.verification]
    assert statuses == ["verified", "mismatch"]


def test_concurrency_defaults_to_the_setting(fake: FakeR1, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.config import load_settings

    monkeypatch.setenv("TUTOR_CONCURRENCY", "2")
    for _ in range(6):
        fake.script(_answer_with_number(delay=0.05))
    counting = Counting(fake.backend("deepseek", model="deepseek-reasoner"))
    backend = GuardedBackend(counting, load_settings(), ledger=Ledger(), cache=False)
    results = run_batch(backend, [f"Question #{i} c" for i in range(6)], progress=False)
    assert [r.final_answer for r in results if isinstance(r, TutorResult)] == [str(i) for i in range(6)]
    assert counting.max_in_flight == 2


def test_a_cut_stream_keeps_its_partial_reasoning(fake: FakeR1) -> None:
    fake.script(r1_reply("deepseek", "Let me think about this step by step", "so \\boxed{1}", cut_after=3),
                _answer_with_number())
    results = run_batch(_guarded(fake, cache=False), ["Question #0 cut", "Question #1 fine"], concurrency=1,
                        progress=False)
    cut, fine = results
    assert isinstance(cut, TutorResult) and not cut.complete and cut.finish_reason == "interrupted"
    assert cut.reasoning == "Let me think " and cut.answer == ""
    assert isinstance(fine, TutorResult) and fine.complete and fine.final_answer == "1"
