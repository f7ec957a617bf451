"""The response cache hits for hosts whose model is only known from their model list (DeepSeek without
TUTOR_MODEL, vLLM/SGLang/llama.cpp/LM Studio's "first model served"): the key names the resolved model."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from tests.fakeserver import PROVIDER_MODELS, FakeR1
from tutor.ask import ask
from tutor.backend import AskRequest
from tutor.events import Done, Notice
from tutor.trust import GuardedBackend
from tutor.trust.guarded import CACHE_NOTICE_PREFIX

PROBLEM = "Solve x^2 - 5x + 6 = 0"


@pytest.mark.parametrize("provider", ["deepseek", "vllm", "sglang", "llamacpp", "lmstudio"])
def test_second_identical_ask_is_served_from_cache(make_fake_r1: Callable[..., FakeR1],
                                                    monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    fake = make_fake_r1(provider)
    first = ask(PROBLEM, provider=provider, base_url=fake.base_url(provider))
    assert first.complete and first.model == PROVIDER_MODELS[provider]
    assert len(fake.chat_requests) == 1
    second = ask(PROBLEM, provider=provider, base_url=fake.base_url(provider))
    assert len(fake.chat_requests) == 1  # no new chat request: answered from the cache
    assert any(n.startswith(CACHE_NOTICE_PREFIX) for n in second.notices)
    assert second.answer == first.answer and second.model == first.model and second.cached_at
    fresh = ask(PROBLEM, provider=provider, base_url=fake.base_url(provider), no_cache=True)
    assert len(fake.chat_requests) == 2 and not any(n.startswith(CACHE_NOTICE_PREFIX) for n in fresh.notices)


def test_async_stream_also_hits_the_cache(make_fake_r1: Callable[..., FakeR1]) -> None:
    fake = make_fake_r1("vllm")

    async def run() -> list[object]:
        guard = GuardedBackend(fake.backend("vllm"))
        return [ev async for ev in guard.astream(AskRequest(PROBLEM))]

    asyncio.run(run())
    events = asyncio.run(run())
    assert len(fake.chat_requests) == 1
    assert any(isinstance(e, Notice) and e.text.startswith(CACHE_NOTICE_PREFIX) for e in events)
    done = events[-1]
    assert isinstance(done, Done) and done.complete and done.extra.get("cached")


def test_hints_are_never_served_from_the_cache(make_fake_r1: Callable[..., FakeR1]) -> None:
    """The hint ladder rejects a hint that gives the answer away; a cached one would come back every time."""
    fake = make_fake_r1("vllm")
    guard = GuardedBackend(fake.backend("vllm"))
    request = AskRequest(PROBLEM, mode="hint", hint_level=1)
    for _ in range(2):
        events = list(guard.stream(request))
        assert not any(isinstance(e, Notice) and e.text.startswith(CACHE_NOTICE_PREFIX) for e in events)
    assert len(fake.chat_requests) == 2
