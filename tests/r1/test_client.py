"""R1Backend against the fake R1 server over real HTTP on 127.0.0.1: every provider format, requests, faults."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

from tests.fakeserver import (
    CUT_OFF,
    QUADRATIC,
    FakeR1,
    KeepAlive,
    Pause,
    Reply,
    error_reply,
    nonstream_reply,
    r1_reply,
)
from tests.r1.helpers import collect
from tutor.backend import AskRequest, Backend
from tutor.config import Timeouts
from tutor.errors import (
    AuthError,
    BadRequest,
    BalanceError,
    ConfigError,
    ProviderError,
    ProviderUnreachable,
    RateLimited,
    ServerBusy,
)

PROBLEM = QUADRATIC.problem
PROVIDERS = ["deepseek", "openrouter", "together", "ollama", "vllm", "sglang", "llamacpp", "lmstudio",
             "openai-compatible"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_provider_format_end_to_end(provider: str, keys: str, make_fake_r1) -> None:
    fake: FakeR1 = make_fake_r1(provider)
    fake.reply(QUADRATIC.reasoning, QUADRATIC.answer)
    backend = fake.backend()
    assert isinstance(backend, Backend)
    got = collect(backend.stream(AskRequest(PROBLEM)))
    assert got.reasoning.strip() == QUADRATIC.reasoning.strip()
    assert got.answer == QUADRATIC.answer
    assert got.done is not None and got.done.complete and got.done.finish_reason == "stop"
    assert got.order.index("Answer") > max(i for i, n in enumerate(got.order) if n == "Reasoning")
    assert len(got.usage) == 1 and got.usage[0].completion_tokens > 0
    assert backend.host == f"127.0.0.1:{fake.port}" and backend.provider == provider and backend.model


@pytest.mark.parametrize("style", ["reasoning_content", "reasoning", "think", "noopen"])
def test_llamacpp_and_vllm_styles_all_map_to_the_same_events(style: str, fake_r1: FakeR1) -> None:
    fake_r1.provider = "llamacpp"
    fake_r1.script(r1_reply("llamacpp", QUADRATIC.reasoning, QUADRATIC.answer, style=style, chunk_size=3))
    got = collect(fake_r1.backend("llamacpp").stream(AskRequest(PROBLEM)))
    assert got.reasoning.strip() == QUADRATIC.reasoning.strip() and got.answer == QUADRATIC.answer
    assert got.done and got.done.complete


def test_usage_details_and_openrouter_cost(keys: str, make_fake_r1) -> None:
    ds = make_fake_r1("deepseek")
    got = collect(ds.backend().stream(AskRequest(PROBLEM)))
    u = got.usage[0]
    assert u.prompt_tokens == 18 and u.reasoning_tokens > 0 and u.cache_miss_tokens == 18
    orr = make_fake_r1("openrouter")
    got = collect(orr.backend().stream(AskRequest(PROBLEM)))
    assert got.usage[0].cost_usd == pytest.approx(0.00123)


def test_request_body_follows_the_model_card(keys: str, fake_r1: FakeR1) -> None:
    problem = "Solve \\frac{1}{2}x = 3 for {x}"
    collect(fake_r1.backend().stream(AskRequest(problem, lang="de")))
    req = fake_r1.last
    body = req.json
    assert req.path == "/v1/chat/completions"
    assert body["stream"] is True and body["temperature"] == 0.6 and body["top_p"] == 0.95
    assert body["stream_options"] == {"include_usage": True}
    assert [m["role"] for m in body["messages"]] == ["user"]  # no system message, zero-shot
    prompt = body["messages"][0]["content"]
    assert prompt.startswith(problem)  # LaTeX braces unchanged
    assert "Please reason step by step, and put your final answer within \\boxed{}." in prompt
    assert "Answer in German" in prompt
    assert req.headers["authorization"] == "Bearer " + keys
    assert "text/event-stream" in req.headers["accept"]


def test_history_has_no_reasoning_and_alternates(keys: str, fake_r1: FakeR1) -> None:
    history = (("user", "What is 2+2?"), ("assistant", "<think>secret thought</think>\n\n4"),
               ("assistant", "Anything else?"), ("user", "Also 3+3?"))
    collect(fake_r1.backend().stream(AskRequest("And 5+5?", history=history)))
    msgs = fake_r1.last.json["messages"]
    roles = [m["role"] for m in msgs]
    assert roles == ["user", "assistant", "user"]
    assert all("secret thought" not in m["content"] and "<think>" not in m["content"] for m in msgs)
    assert msgs[1]["content"] == "4\n\nAnything else?"
    assert msgs[2]["content"].startswith("Also 3+3?\n\nAnd 5+5?")


def test_ollama_native_request(make_fake_r1) -> None:
    fake = make_fake_r1("ollama")
    collect(fake.backend(max_retry_wait_s=1).stream(AskRequest(PROBLEM, max_tokens=512)))
    req = fake.last
    assert req.path == "/api/chat"
    assert req.json["think"] is True and req.json["stream"] is True
    assert req.json["options"] == {"temperature": 0.6, "top_p": 0.95, "num_predict": 512}
    assert "authorization" not in req.headers


def test_ollama_default_tag_falls_back_to_the_r1_tag_that_is_pulled(make_fake_r1) -> None:
    fake = make_fake_r1("ollama", models=["llama3.2:3b", "deepseek-r1:14b"])
    backend = fake.backend()
    assert backend.model == "deepseek-r1:7b"
    collect(backend.stream(AskRequest(PROBLEM)))
    assert fake.last.json["model"] == "deepseek-r1:14b" and backend.model == "deepseek-r1:14b"
    explicit = make_fake_r1("ollama", models=["deepseek-r1:14b"])
    collect(explicit.backend(model="deepseek-r1:1.5b").stream(AskRequest(PROBLEM)))
    assert explicit.last.json["model"] == "deepseek-r1:1.5b"
    assert [r.path for r in explicit.requests] == ["/api/chat"]  # an explicit model is never second-guessed


def test_model_discovery_picks_the_first_r1_model(make_fake_r1) -> None:
    fake = make_fake_r1("vllm", models=["Qwen/Qwen2.5-7B", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"])
    backend = fake.backend()
    assert backend.model == ""
    got = collect(backend.stream(AskRequest(PROBLEM)))
    assert got.done and got.done.complete
    assert fake.last.json["model"] == "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
    assert backend.model == "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
    assert [r.path for r in fake.requests][:1] == ["/v1/models"]


def test_model_list_failure_asks_for_a_model(make_fake_r1) -> None:
    fake = make_fake_r1("llamacpp")
    fake.models = None
    with pytest.raises(ConfigError, match=r"did not list its models \(HTTP 404\); pass --model NAME"):
        collect(fake.backend().stream(AskRequest(PROBLEM)))
    fake.models = []
    with pytest.raises(ConfigError, match="serves no model"):
        collect(fake.backend().stream(AskRequest(PROBLEM)))
    assert fake.chat_requests == []


@pytest.mark.parametrize("names,picked", [
    (["deepseek-chat", "deepseek-reasoner"], "deepseek-reasoner"),
    (["llama3", "deepseek-r1:14b", "deepseek-r1:7b"], "deepseek-r1:14b"),
    (["chat-v4", "chat-v4-thinking"], "chat-v4-thinking"),
    (["only-one"], "only-one"),
    ([], None),
])
def test_pick_model(names: list[str], picked: str | None) -> None:
    from tutor.r1.client import R1Backend

    assert R1Backend.pick_model(names) == picked


def test_nonstream_reply_after_blank_lines(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(nonstream_reply("deepseek", QUADRATIC.reasoning, QUADRATIC.answer, leading_blank_lines=5))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert got.answer == QUADRATIC.answer and got.done and got.done.complete


# ---- faults ------------------------------------------------------------------------------------------------

def _assert_no_key(err: BaseException, key: str) -> None:
    assert key not in str(err) and key not in repr(err.args)


@pytest.mark.parametrize("status,exc,words", [
    (401, AuthError, ["deepseek", "DEEPSEEK_API_KEY", "401"]),
    (402, BalanceError, ["deepseek", "credit", "402"]),
    (400, BadRequest, ["deepseek", "400", "--model"]),
    (422, BadRequest, ["deepseek", "422", "parameters"]),
])
def test_client_errors_are_not_retried_and_name_the_fix(status: int, exc: type, words: list[str], keys: str,
                                                         fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(status, echo=keys))  # a host that echoes the key must not leak it through us
    with pytest.raises(exc) as info:
        collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    for word in words:
        assert word in str(info.value)
    _assert_no_key(info.value, keys)
    assert info.value.provider == "deepseek" and info.value.status == status
    assert len(fake_r1.chat_requests) == 1


def test_missing_key_fails_before_sending(fake_r1: FakeR1) -> None:
    with pytest.raises(AuthError, match="DEEPSEEK_API_KEY"):
        collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert fake_r1.chat_requests == []


def test_429_honours_retry_after_then_succeeds(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(429, retry_after="0.05"), error_reply(429, retry_after="0"))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert len(got.notices) == 2 and "429" in got.notices[0] and "retrying in 0.1 s" in got.notices[0]
    assert got.done and got.done.complete and got.done.extra["attempts"] == 3
    assert got.order[:2] == ["Notice", "Notice"]


def test_429_persisting_gives_rate_limited(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(*[error_reply(429, retry_after="0", echo=keys) for _ in range(4)])
    events = []
    with pytest.raises(RateLimited) as info:
        for ev in fake_r1.backend(retries=3).stream(AskRequest(PROBLEM)):
            events.append(ev)
    assert len(events) == 3 and "4 attempts" in str(info.value) and "deepseek is rate-limiting" in str(info.value)
    _assert_no_key(info.value, keys)
    assert all(keys not in e.text for e in events)
    assert len(fake_r1.chat_requests) == 4


def test_retry_after_beyond_the_wait_cap_fails_at_once(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(429, retry_after="3600"))
    with pytest.raises(RateLimited):
        collect(fake_r1.backend(max_retry_wait_s=5).stream(AskRequest(PROBLEM)))
    assert len(fake_r1.chat_requests) == 1


def test_503_then_success_and_500_persisting(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(503))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert len(got.notices) == 1 and "503" in got.notices[0] and got.done and got.done.complete
    fake_r1.script(*[error_reply(500, echo=keys) for _ in range(3)])
    with pytest.raises(ServerBusy, match="deepseek had a server error .* try again later") as info:
        collect(fake_r1.backend(retries=2).stream(AskRequest(PROBLEM)))
    _assert_no_key(info.value, keys)
    assert info.value.status == 500


def test_connection_refused_retries_then_unreachable(unused_port: int) -> None:
    from tutor.r1.client import R1Backend
    from tutor.r1.providers import get_profile

    backend = R1Backend(get_profile("vllm"), base_url=f"http://127.0.0.1:{unused_port}/v1", model="m",
                        retries=2, backoff_s=0.01)
    events = []
    with pytest.raises(ProviderUnreachable, match="vllm at 127.0.0.1"):
        for ev in backend.stream(AskRequest(PROBLEM)):
            events.append(ev)
    assert len(events) == 2 and all("retrying" in e.text for e in events)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_cut_mid_reasoning_keeps_partial(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", CUT_OFF.reasoning, "", cut_after=8))
    got = collect(fake_r1.backend().stream(AskRequest(CUT_OFF.problem)))
    assert got.reasoning and CUT_OFF.reasoning.startswith(got.reasoning)
    assert got.done and not got.done.complete and got.done.finish_reason == "interrupted"
    assert "cut" in got.done.reason and "thinking" in got.done.reason
    assert len(fake_r1.chat_requests) == 1  # never retried after the first token


def test_cut_before_the_first_token_is_retried(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "x", "y", cut_after=0))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert len(got.notices) == 1 and got.done and got.done.complete
    assert len(fake_r1.chat_requests) == 2


def test_empty_200_reply_is_retried_then_reported(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(Reply(parts=[b": keep-alive\n\n"]))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert len(got.notices) == 1 and "without a reply" in got.notices[0] and got.done and got.done.complete
    fake_r1.script(Reply(parts=[]), Reply(parts=[]))
    with pytest.raises(ProviderUnreachable, match="deepseek at 127.0.0.1:[0-9]+: the host closed the connection"):
        collect(fake_r1.backend(retries=1).stream(AskRequest(PROBLEM)))


def test_loopback_hosts_ignore_proxy_settings(make_fake_r1, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = make_fake_r1("vllm")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # a dead proxy: using it would fail
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.delenv("no_proxy")
    got = collect(fake.backend().stream(AskRequest(PROBLEM)))
    assert got.done and got.done.complete


def test_keepalives_reset_the_idle_timeout(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "thinking long", "\\boxed{1}", keepalive_s=1.0, keepalive_every=0.1))
    backend = fake_r1.backend(timeouts=Timeouts(connect_s=2, idle_s=0.5, total_s=30))
    got = collect(backend.stream(AskRequest(PROBLEM)))
    assert got.done and got.done.complete and got.answer == "\\boxed{1}"


def test_idle_timeout_after_first_token_ends_incomplete(keys: str, fake_r1: FakeR1) -> None:
    reply = r1_reply("deepseek", "part one", "")
    reply.parts.insert(3, Pause(2.0))
    fake_r1.script(reply)
    backend = fake_r1.backend(timeouts=Timeouts(connect_s=2, idle_s=0.3, total_s=30))
    got = collect(backend.stream(AskRequest(PROBLEM)))
    assert got.reasoning.startswith("part")
    assert got.done and not got.done.complete and got.done.finish_reason == "timeout"
    assert "no data from deepseek for 0.3 s" in got.done.reason


def test_overall_cap_stops_a_trickling_stream(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "a b c d e f g h i j k l m n o p", "", pause_s=0.1))
    backend = fake_r1.backend(timeouts=Timeouts(connect_s=2, idle_s=5, total_s=0.35))
    got = collect(backend.stream(AskRequest(PROBLEM)))
    assert got.reasoning and got.done and not got.done.complete and "time cap" in got.done.reason


def test_finish_reason_length_while_thinking(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", CUT_OFF.reasoning, "", finish_reason="length"))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert got.reasoning.strip() == CUT_OFF.reasoning.strip() and got.answer == ""
    assert got.done and got.done.finish_reason == "length" and not got.done.complete


def test_think_in_content_cut_off_without_close_tag(make_fake_r1, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = make_fake_r1("together")
    monkeypatch.setenv("TOGETHER_API_KEY", "k")
    fake.script(r1_reply("together", CUT_OFF.reasoning, "", finish_reason="length"))
    got = collect(fake.backend().stream(AskRequest(PROBLEM)))
    assert got.reasoning.strip() == CUT_OFF.reasoning.strip() and not got.done.complete  # type: ignore[union-attr]


def test_reply_with_only_close_tag(make_fake_r1) -> None:
    fake = make_fake_r1("llamacpp")
    fake.script(r1_reply("llamacpp", "", "\\boxed{7}", style="noopen", chunk_size=2))
    got = collect(fake.backend().stream(AskRequest(PROBLEM)))
    assert got.reasoning == "" and got.answer == "\\boxed{7}" and got.done and got.done.complete


def test_malformed_chunk_after_text_keeps_partial(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "some reasoning here", "answer", malformed_after=2))
    got = collect(fake_r1.backend().stream(AskRequest(PROBLEM)))
    assert got.reasoning == "some reasoning "
    assert got.done and not got.done.complete and got.done.finish_reason == "error" and "malformed" in got.done.reason


def test_malformed_chunk_before_text_raises(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "r", "a", malformed_after=0))
    with pytest.raises(ProviderError, match="deepseek: the host sent a malformed chunk"):
        collect(fake_r1.backend().stream(AskRequest(PROBLEM)))


def test_ollama_errors_and_model_not_found(make_fake_r1) -> None:
    fake = make_fake_r1("ollama")
    fake.script(error_reply(404, "model 'deepseek-r1:7b' not found, try pulling it first", provider="ollama"))
    with pytest.raises(BadRequest, match="ollama pull deepseek-r1:7b"):
        collect(fake.backend().stream(AskRequest(PROBLEM)))


def test_keyboard_interrupt_closes_and_keeps_partial(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "one two three four five six seven eight", "x", pause_s=0.15))
    gen = fake_r1.backend().stream(AskRequest(PROBLEM))
    first = next(gen)
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        got = collect([first, *gen])
    finally:
        timer.cancel()
    assert got.reasoning.startswith("one") and "eight" not in got.reasoning
    assert got.done and got.done.finish_reason == "cancelled" and not got.done.complete
    assert got.done.reason.startswith("interrupted")
    deadline = time.monotonic() + 3
    while fake_r1.disconnects == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_r1.disconnects == 1  # the connection was closed, the server saw the client leave


# ---- async -------------------------------------------------------------------------------------------------

def test_astream_same_events_and_concurrency(keys: str, make_fake_r1) -> None:
    fake = make_fake_r1("deepseek", latency_s=0.1)
    backend = fake.backend()

    async def one() -> object:
        return collect([ev async for ev in backend.astream(AskRequest(PROBLEM))])

    async def main() -> list[object]:
        return await asyncio.gather(*[one() for _ in range(4)])

    results = asyncio.run(main())
    for got in results:
        assert got.answer == QUADRATIC.answer and got.done.complete  # type: ignore[attr-defined]
        assert got.reasoning.strip() == QUADRATIC.reasoning.strip()  # type: ignore[attr-defined]
    assert len(fake.chat_requests) == 4


def test_astream_retries_and_errors(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(error_reply(503), r1_reply("deepseek", "r", "a", cut_after=1))

    async def run() -> object:
        return collect([ev async for ev in fake_r1.backend().astream(AskRequest(PROBLEM))])

    got = asyncio.run(run())
    assert got.notices and got.reasoning == "r" and not got.done.complete  # type: ignore[attr-defined]
    fake_r1.script(error_reply(401))
    with pytest.raises(AuthError):
        asyncio.run(run())


def test_keepalive_part_type_is_exported() -> None:
    assert KeepAlive(1.0).line.startswith(b":")


def test_astream_cancellation_closes_the_connection(keys: str, fake_r1: FakeR1) -> None:
    fake_r1.script(r1_reply("deepseek", "one two three four five six", "x", pause_s=0.2))
    seen: list[object] = []

    async def consume() -> None:
        async for ev in fake_r1.backend().astream(AskRequest(PROBLEM)):
            seen.append(ev)

    async def main() -> None:
        task = asyncio.create_task(consume())
        while not seen:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert seen and type(seen[0]).__name__ == "Reasoning"
    deadline = time.monotonic() + 3
    while fake_r1.disconnects == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_r1.disconnects == 1
