"""Wire faults against the real fake R1 server, asserted as the user sees them: through ``tutor.ask.ask``.

The transport helper (tests/r1) proves the client layer; here the whole path runs — settings → resolve_backend →
GuardedBackend (trust) → R1Backend → HTTP on 127.0.0.1 — and we assert the result/exception a student gets, with
partial reasoning kept. A sentinel key is set for every test and must never show up in what the user sees.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.fakeserver import FakeR1, error_reply, r1_reply
from tutor.ask import ask
from tutor.errors import AuthError, BalanceError, TutorError
from tutor.result import TutorResult

SENTINEL = "sk-or-v1-SENTINEL-7f3a9c2e5b1d"
REASONING = "Let me think about this step by step carefully now"
ANSWER = "Dividing both sides by 2 gives $x = 2$, so \\boxed{2}"


@pytest.fixture
def fake(make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch) -> FakeR1:
    monkeypatch.setenv("OPENROUTER_API_KEY", SENTINEL)
    return make_fake_r1("openrouter")


def _ask(fake: FakeR1, problem: str = "Solve 2x = 4") -> TutorResult:
    return ask(problem, provider="openrouter", base_url=fake.base_url(), verify=False)


def _assert_no_key(obj: object) -> None:
    assert SENTINEL not in (json.dumps(obj.to_json()) if isinstance(obj, TutorResult) else str(obj))


def _assert_key_was_sent(fake: FakeR1) -> None:
    assert all(r.headers.get("authorization") == f"Bearer {SENTINEL}" for r in fake.chat_requests)


def test_429_with_retry_after_is_honoured_then_answered(fake: FakeR1) -> None:
    fake.script(error_reply(429, retry_after=1, provider="openrouter"), r1_reply("openrouter", REASONING, ANSWER))
    result = _ask(fake)
    assert result.complete and result.finish_reason == "stop"
    assert result.reasoning == REASONING and result.answer == ANSWER and result.final_answer == "2"
    assert result.notices == ["openrouter: HTTP 429; retrying in 1.0 s (attempt 2 of 4)"]
    assert len(fake.chat_requests) == 2
    _assert_no_key(result)
    _assert_key_was_sent(fake)


def test_503_then_success(fake: FakeR1) -> None:
    fake.script(error_reply(503, provider="openrouter"), r1_reply("openrouter", REASONING, ANSWER))
    result = _ask(fake)
    assert result.complete and result.answer == ANSWER and result.final_answer == "2"
    assert len(result.notices) == 1 and result.notices[0].startswith("openrouter: HTTP 503; retrying in ")
    assert len(fake.chat_requests) == 2


def test_connection_cut_mid_reasoning_keeps_partial_reasoning(fake: FakeR1) -> None:
    fake.script(r1_reply("openrouter", REASONING, ANSWER, cut_after=4))
    result = _ask(fake)
    assert not result.complete and result.finish_reason == "interrupted"
    assert result.reasoning == "Let me think about "  # the four chunks that arrived
    assert result.answer == "" and result.final_answer is None
    assert result.incomplete_reason == (
        "the connection to openrouter was cut (RemoteProtocolError) while R1 was still thinking")
    assert len(fake.chat_requests) == 1  # never retried after the first token
    _assert_no_key(result)


def test_only_keepalives_for_seconds_then_the_reply(fake: FakeR1) -> None:
    fake.script(r1_reply("openrouter", REASONING, ANSWER, keepalive_s=2.5, keepalive_every=0.25))
    result = _ask(fake)
    assert result.complete and result.reasoning == REASONING and result.answer == ANSWER
    assert result.notices == [] and len(fake.chat_requests) == 1


def test_401_says_which_variable_to_fix_and_never_shows_the_key(fake: FakeR1) -> None:
    fake.script(error_reply(401, provider="openrouter", echo=SENTINEL))  # a host that echoes the key back
    with pytest.raises(AuthError) as info:
        _ask(fake)
    msg = str(info.value)
    assert msg.startswith("openrouter rejected the API key (HTTP 401")
    assert "OPENROUTER_API_KEY" in msg
    _assert_no_key(msg)
    _assert_key_was_sent(fake)


def test_402_says_top_up_or_go_local(fake: FakeR1) -> None:
    fake.script(error_reply(402, provider="openrouter"))
    with pytest.raises(BalanceError) as info:
        _ask(fake)
    assert str(info.value) == ("openrouter: the account is out of credit (HTTP 402: Insufficient Balance). "
                               "Top up the balance, or use a local R1 (--provider ollama).")
    assert len(fake.chat_requests) == 1  # 402 is not retried


def test_finish_reason_length_while_thinking_keeps_the_reasoning(fake: FakeR1) -> None:
    fake.script(r1_reply("openrouter", REASONING, "", finish_reason="length"))
    result = _ask(fake)
    assert not result.complete and result.finish_reason == "length"
    assert result.reasoning == REASONING and result.answer == ""
    assert result.incomplete_reason == (
        "the reply hit the token limit (finish_reason: length) while R1 was still thinking")
    assert result.usage is not None and result.usage.cost_usd is not None and result.usage.cost_usd > 0


def test_reply_with_only_the_closing_think_tag(make_fake_r1: Callable[..., FakeR1]) -> None:
    fake = make_fake_r1("llamacpp")
    fake.script(r1_reply("llamacpp", "", "", style="noopen"))  # content is just "\n</think>\n\n"
    result = ask("Solve 2x = 4", provider="llamacpp", base_url=fake.base_url(), verify=False)
    assert not result.complete and result.finish_reason == "stop"
    assert result.incomplete_reason == "the reply contained no answer"
    assert result.reasoning == "" and result.answer == "" and result.final_answer is None


def test_malformed_json_chunk_keeps_what_arrived(fake: FakeR1) -> None:
    fake.script(r1_reply("openrouter", REASONING, ANSWER, malformed_after=3))
    result = _ask(fake)
    assert not result.complete and result.finish_reason == "error"
    assert result.reasoning == "Let me think "
    assert result.incomplete_reason == "the host sent a malformed chunk (not JSON)"


def test_faults_are_not_cached_but_the_good_answer_is(fake: FakeR1) -> None:
    fake.script(r1_reply("openrouter", REASONING, ANSWER, cut_after=2), r1_reply("openrouter", REASONING, ANSWER))
    first = _ask(fake)
    second = _ask(fake)
    third = _ask(fake)
    assert not first.complete and second.complete
    assert len(fake.chat_requests) == 2  # the third came from the cache
    assert third.answer == ANSWER and third.notices[0].startswith("from cache")


def test_errors_are_tutor_errors(fake: FakeR1) -> None:
    fake.script(error_reply(401, provider="openrouter"))
    with pytest.raises(TutorError):
        _ask(fake)
