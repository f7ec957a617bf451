"""GuardedBackend's policy on a scripted in-process backend (the wire-level proofs use the fake server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tutor.backend import AskRequest, Backend
from tutor.errors import BudgetExceeded, PrivacyError, StreamInterrupted
from tutor.events import Answer, Done, Event, Notice, Reasoning, Usage
from tutor.trust import GuardedBackend, ResponseCache, privacy
from tutor.trust.cost import Ledger
from tutor.trust.guarded import CACHE_NOTICE_PREFIX


@dataclass
class Scripted:
    """Replies with the given events and remembers every request it was given."""

    provider: str = "openrouter"
    model: str = "deepseek/deepseek-r1"
    host: str = "openrouter.ai"
    base_url: str = "https://openrouter.ai/api/v1"
    events: list[Event] = field(default_factory=list)
    fail_with: Exception | None = None
    seen: list[AskRequest] = field(default_factory=list)

    def stream(self, request: AskRequest) -> Iterator[Event]:
        self.seen.append(request)
        yield from self.events
        if self.fail_with is not None:
            raise self.fail_with


def _reply(*chunks: Event) -> list[Event]:
    return [*chunks, Done("stop", True, "", 0.1)]


def _collect(backend: Backend, request: AskRequest) -> list[Event]:
    return list(backend.stream(request))


def _text(events: list[Event], kind: type) -> str:
    return "".join(e.text for e in events if isinstance(e, kind))  # type: ignore[attr-defined]


def test_is_a_backend_with_the_inner_provenance() -> None:
    inner = Scripted()
    g = GuardedBackend(inner, None, ledger=Ledger(), cache=False)
    assert isinstance(g, Backend)
    assert (g.provider, g.model, g.host, g.base_url) == (inner.provider, inner.model, inner.host, inner.base_url)


def test_privacy_refusal_happens_before_the_inner_backend_is_touched() -> None:
    inner = Scripted(events=_reply(Answer("hi")))
    privacy.set_session_privacy("local-only")
    with pytest.raises(PrivacyError):
        _collect(GuardedBackend(inner, None, ledger=Ledger(), cache=False), AskRequest("2+2"))
    assert inner.seen == []
    local = Scripted(provider="ollama", host="localhost:11434", base_url="http://localhost:11434",
                     events=_reply(Answer("4")))
    assert _text(_collect(GuardedBackend(local, None, ledger=Ledger(), cache=False), AskRequest("2+2")), Answer) == "4"


def test_placeholders_restored_even_when_split_across_chunks() -> None:
    inner = Scripted(events=_reply(
        Reasoning("The student [NA"), Reasoning("ME_1] wrote [EMA"), Reasoning("IL_1]."),
        Answer("Dear [NAME_1"), Answer("], x = \\boxed{[2, 3]} [NOT_A_PLACEHOLDER] ["),
    ))
    g = GuardedBackend(inner, None, ledger=Ledger(), cache=False, roster={"Ana Lopez"})
    events = _collect(g, AskRequest("Ana Lopez (ana@x.org) asks: solve x^2-5x+6=0"))
    assert inner.seen[0].problem == "[NAME_1] ([EMAIL_1]) asks: solve x^2-5x+6=0"
    assert _text(events, Reasoning) == "The student Ana Lopez wrote ana@x.org."
    assert _text(events, Answer) == "Dear Ana Lopez, x = \\boxed{[2, 3]} [NOT_A_PLACEHOLDER] ["
    kinds = [type(e).__name__ for e in events]
    assert kinds.index("Answer") > max(i for i, k in enumerate(kinds) if k == "Reasoning")


def test_local_provider_is_not_redacted_by_default() -> None:
    inner = Scripted(provider="ollama", host="localhost:11434", base_url="http://localhost:11434",
                     events=_reply(Answer("ok")))
    _collect(GuardedBackend(inner, None, ledger=Ledger(), cache=False), AskRequest("mail ana@x.org"))
    assert inner.seen[0].problem == "mail ana@x.org"


def test_cost_filled_from_price_table_and_tallied() -> None:
    ledger = Ledger()
    inner = Scripted(events=_reply(Reasoning("r"), Answer("a"), Usage(1000, 3000, 2500)))
    events = _collect(GuardedBackend(inner, None, ledger=ledger, cache=False), AskRequest("q"))
    usage = next(e for e in events if isinstance(e, Usage))
    assert usage.cost_usd == pytest.approx((1000 * 0.40 + 3000 * 2.00) / 1e6)
    t = ledger.totals()
    assert (t["requests"], t["prompt_tokens"], t["completion_tokens"], t["reasoning_tokens"]) == (1, 1000, 3000, 2500)
    assert t["cost_usd"] == pytest.approx(usage.cost_usd)
    free = Scripted(provider="ollama", host="localhost:11434", base_url="http://localhost:11434",
                    events=_reply(Answer("a"), Usage(1000, 3000, 2500)))
    events = _collect(GuardedBackend(free, None, ledger=ledger, cache=False), AskRequest("q"))
    assert next(e for e in events if isinstance(e, Usage)).cost_usd == 0.0


def test_missing_usage_is_estimated_so_the_budget_still_holds() -> None:
    ledger = Ledger()
    inner = Scripted(events=_reply(Answer("x" * 3000)))
    _collect(GuardedBackend(inner, None, ledger=ledger, cache=False), AskRequest("q"))
    t = ledger.totals()
    assert t["estimated"] and t["completion_tokens"] >= 900 and t["cost_usd"] > 0


def test_budget_refuses_before_sending_and_allows_when_it_fits() -> None:
    ledger = Ledger(budget_usd=0.001)  # less than one R1 answer at list price
    inner = Scripted(events=_reply(Answer("a"), Usage(10, 10, 0)))
    g = GuardedBackend(inner, None, ledger=ledger, cache=False)
    with pytest.raises(BudgetExceeded, match="nothing was sent"):
        _collect(g, AskRequest("q"))
    assert inner.seen == []
    _collect(g, AskRequest("q", max_tokens=100))  # a small answer fits
    assert len(inner.seen) == 1
    ledger.set_budget(5.0)
    _collect(g, AskRequest("q"))
    assert len(inner.seen) == 2 and ledger.remaining_usd() == pytest.approx(5.0 - ledger.spent_usd)


def test_cache_replays_with_notice_provenance_and_no_cost() -> None:
    ledger = Ledger()
    inner = Scripted(events=_reply(Reasoning("think"), Answer("\\boxed{4}"), Usage(100, 200, 150)))
    g = GuardedBackend(inner, None, ledger=ledger, cache=ResponseCache())
    first = _collect(g, AskRequest("2+2"))
    second = _collect(g, AskRequest("2+2"))
    assert len(inner.seen) == 1
    assert isinstance(second[0], Notice) and second[0].text.startswith(CACHE_NOTICE_PREFIX)
    assert "openrouter" in second[0].text and "deepseek/deepseek-r1" in second[0].text
    assert _text(second, Reasoning) == _text(first, Reasoning) and _text(second, Answer) == "\\boxed{4}"
    usage = next(e for e in second if isinstance(e, Usage))
    assert usage.cost_usd == 0.0 and usage.reasoning_tokens == 150
    done = second[-1]
    assert isinstance(done, Done) and done.complete and done.extra["cached"] is True
    t = ledger.totals()
    assert t["requests"] == 2 and t["cached"] == 1
    _collect(g, AskRequest("2+2", no_cache=True))  # bypass: asks again (and refreshes the entry)
    assert len(inner.seen) == 2
    _collect(g, AskRequest("2+2", temperature=0.5))  # other parameters: other entry
    assert len(inner.seen) == 3


def test_incomplete_answers_are_not_cached() -> None:
    inner = Scripted(events=[Reasoning("thinking…"), Done("length", False, "token limit")])
    g = GuardedBackend(inner, None, ledger=Ledger(), cache=ResponseCache())
    _collect(g, AskRequest("q"))
    _collect(g, AskRequest("q"))
    assert len(inner.seen) == 2


def test_cache_keyed_after_redaction_and_restored_per_asker() -> None:
    inner = Scripted(events=_reply(Answer("Well done, [NAME_1]: \\boxed{4}")))
    g = GuardedBackend(inner, None, ledger=Ledger(), cache=ResponseCache(), roster={"Ana Lopez", "Ben Okafor"})
    a = _collect(g, AskRequest("Ana Lopez asks 2+2"))
    b = _collect(g, AskRequest("Ben Okafor asks 2+2"))
    assert len(inner.seen) == 1  # the model saw the same redacted question
    assert _text(a, Answer) == "Well done, Ana Lopez: \\boxed{4}"
    assert _text(b, Answer) == "Well done, Ben Okafor: \\boxed{4}"


def test_partial_text_kept_and_restored_when_the_stream_breaks() -> None:
    err = StreamInterrupted("cut", reasoning="so [NAME_1] thinks", answer="")
    inner = Scripted(events=[Reasoning("so [NAME_1] thi"), Reasoning("nks [NAM")], fail_with=err)
    g = GuardedBackend(inner, None, ledger=Ledger(), cache=ResponseCache(), roster={"Ana Lopez"})
    got: list[Event] = []
    with pytest.raises(StreamInterrupted) as info:
        for e in g.stream(AskRequest("Ana Lopez asks")):
            got.append(e)
    assert _text(got, Reasoning) == "so Ana Lopez thinks [NAM"
    assert info.value.reasoning == "so Ana Lopez thinks"
