"""Privacy, redaction, budget, cache and provenance end to end, proven from what the fake R1 server received.

``_ToFake`` is a real httpx transport that delivers a request meant for a remote host (openrouter.ai) to the loopback
fake server instead — so "nothing was sent" is observed on a real server, not inferred from a mock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from IPython.core.interactiveshell import InteractiveShell

from tests.fakeserver import FakeR1, r1_reply
from tutor.ask import ask
from tutor.errors import BudgetExceeded, PrivacyError
from tutor.r1.client import R1Backend
from tutor.trust import GuardedBackend, privacy
from tutor.trust.cache import CACHE_FILENAME, default_cache_dir
from tutor.trust.cost import fmt_usd
from tutor.ui.bundle import to_bundle

SENTINEL = "sk-or-v1-SENTINEL-e2e-41c0ffee"
PII = ("Ana Lopez", "ana.lopez@school.example", "+49 30 1234 5678", "555-123-4567")
PROBLEM = "Ana Lopez (ana.lopez@school.example, +49 30 1234 5678, parent 555-123-4567) asks: solve 2x = 4"


class _ToFake(httpx.BaseTransport):
    """Deliver every request to the fake server whatever its URL says (Host header untouched)."""

    def __init__(self, fake: FakeR1) -> None:
        self.fake = fake
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.fake.port)
        return self.inner.handle_request(request)


@pytest.fixture
def fake(make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch) -> FakeR1:
    monkeypatch.setenv("OPENROUTER_API_KEY", SENTINEL)
    return make_fake_r1("openrouter")


@pytest.fixture
def remote(fake: FakeR1) -> Iterator[R1Backend]:
    """An R1Backend for the real openrouter.ai URL whose bytes land on the fake server."""
    http = httpx.Client(transport=_ToFake(fake))
    backend = R1Backend("openrouter", http=http, backoff_s=0.01)
    assert backend.host == "openrouter.ai"
    yield backend
    http.close()


# --- privacy -------------------------------------------------------------------------------------------------


def test_remote_request_reaches_the_server_when_privacy_is_off(fake: FakeR1, remote: R1Backend) -> None:
    result = ask("Solve 2x = 4", backend=GuardedBackend(remote, None), verify=False)
    assert result.complete and result.host == "openrouter.ai"
    assert len(fake.chat_requests) == 1 and fake.last.headers["host"] == "openrouter.ai"  # the control


@pytest.mark.parametrize("how", ["session", "settings", "env"])
def test_local_only_refuses_before_a_byte_is_sent(
    fake: FakeR1, remote: R1Backend, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.config import load_settings

    if how == "session":
        privacy.set_session_privacy("local-only")
        settings = load_settings()
    elif how == "settings":
        settings = load_settings(privacy="local-only")
    else:
        monkeypatch.setenv("TUTOR_PRIVACY", "local-only")
        settings = load_settings()
    with pytest.raises(PrivacyError) as info:
        ask("Solve 2x = 4", backend=GuardedBackend(remote, settings), verify=False)
    assert fake.requests == []  # not even a model listing or a connection
    msg = str(info.value)
    assert "local-only" in msg and "openrouter.ai" in msg and "%tutor privacy off" in msg


def test_local_only_still_allows_a_loopback_host(make_fake_r1: Callable[..., FakeR1]) -> None:
    local = make_fake_r1("ollama")
    privacy.set_session_privacy("local-only")
    result = ask("Solve 2x = 4", provider="ollama", base_url=local.base_url(), verify=False)
    assert result.complete and len(local.chat_requests) == 1


def test_privacy_magic_blocks_the_tutor_magic(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SENTINEL)
    report = shell.run_line_magic("tutor", "privacy local-only")
    assert report.as_dict()["mode"] == "local-only"
    shell.run_line_magic("tutor", "--provider deepseek Solve 2x = 4")
    seen = capsys.readouterr()
    shown = seen.out + seen.err  # the live display shows it in place (or stderr without a display)
    assert "tutor: privacy is local-only, so nothing was sent to deepseek at api.deepseek.com" in shown
    assert SENTINEL not in shown and "Traceback" not in shown
    shell.run_line_magic("tutor", "privacy off")
    assert privacy.effective_privacy(None) == "off"


# --- redaction -----------------------------------------------------------------------------------------------


def test_redaction_proven_from_what_the_server_received(fake: FakeR1, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("first_name,last_name\nAna,Lopez\nBen,Okafor\n", encoding="utf-8")
    privacy.load_roster_names(roster)
    fake.script(r1_reply("openrouter", "[NAME_1] wants x.", "Well done [NAME_1]: \\boxed{2}"))
    result = ask(PROBLEM, provider="openrouter", base_url=fake.base_url(), verify=False)
    sent = fake.last.body.decode("utf-8")
    for item in PII:
        assert item not in sent
    assert "[NAME_1] ([EMAIL_1], [PHONE_1], parent [PHONE_2]) asks: solve 2x = 4" in fake.last.prompt
    # the student reads the real name again; nothing about the placeholders leaks into the result
    assert result.reasoning == "Ana Lopez wants x." and result.answer == "Well done Ana Lopez: \\boxed{2}"
    assert result.problem == PROBLEM
    # the response cache holds what the model saw (placeholders), never the names or addresses
    stored = b"".join(f.read_bytes() for f in default_cache_dir().iterdir())  # the database and its WAL
    assert b"[NAME_1]" in stored
    for item in PII:
        assert item.encode() not in stored


def test_redaction_can_be_switched_off_and_is_off_for_local_hosts(
    fake: FakeR1, make_fake_r1: Callable[..., FakeR1], shell: InteractiveShell
) -> None:
    shell.run_line_magic("tutor", "privacy redact off")
    ask(PROBLEM, provider="openrouter", base_url=fake.base_url(), verify=False)
    assert "ana.lopez@school.example" in fake.last.prompt
    shell.run_line_magic("tutor", "privacy redact default")
    local = make_fake_r1("vllm")
    ask(PROBLEM, provider="vllm", base_url=local.base_url(), verify=False)
    assert "ana.lopez@school.example" in local.last.prompt  # never leaves the machine: no need to redact


# --- budget and usage ----------------------------------------------------------------------------------------


def test_budget_refuses_before_sending_then_usage_shows_tokens_and_cost(
    fake: FakeR1, shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.run_line_magic("tutor", "budget 0.001")
    with pytest.raises(BudgetExceeded) as info:
        ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert fake.requests == []
    assert str(info.value).startswith("budget: this openrouter request could cost about $0.00")
    assert "of the $0.001 budget is left, so nothing was sent" in str(info.value)
    shell.run_line_magic("tutor", f"--provider openrouter --base-url {fake.base_url()} Solve 2x = 4")
    seen = capsys.readouterr()
    assert "tutor: budget: this openrouter request could cost about $" in seen.out + seen.err  # one line, no traceback
    assert "Traceback" not in seen.out + seen.err
    assert fake.requests == []

    shell.run_line_magic("tutor", "budget 2.00")
    result = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert result.complete and result.usage is not None
    expected = (result.usage.prompt_tokens * 0.40 + result.usage.completion_tokens * 2.00) / 1e6
    assert result.usage.cost_usd == pytest.approx(expected)
    usage = shell.run_line_magic("tutor", "usage").as_dict()
    assert usage["requests"] == "1 (0 from cache)"
    assert usage["completion tokens"] == f"{result.usage.completion_tokens:,}"
    assert usage["  of which reasoning"] == f"{result.usage.reasoning_tokens:,}"
    assert usage["cost"] == fmt_usd(expected) and usage["budget"] == "$2.00"
    assert "openrouter · deepseek/deepseek-r1" in usage
    budget = shell.run_line_magic("tutor", "budget").as_dict()
    assert budget["left"] == fmt_usd(2.0 - expected)


def test_budget_from_environment(fake: FakeR1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_BUDGET_USD", "0.0005")
    with pytest.raises(BudgetExceeded):
        ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert fake.requests == []


def test_local_models_are_free_and_never_hit_the_budget(make_fake_r1: Callable[..., FakeR1],
                                                        shell: InteractiveShell) -> None:
    local = make_fake_r1("ollama")
    shell.run_line_magic("tutor", "budget 0")
    result = ask("Solve 2x = 4", provider="ollama", base_url=local.base_url(), verify=False)
    assert result.complete and result.usage is not None and result.usage.cost_usd == 0.0


# --- cache and provenance ------------------------------------------------------------------------------------


def test_cache_second_ask_is_served_locally_with_provenance(fake: FakeR1) -> None:
    first = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    second = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert len(fake.chat_requests) == 1
    assert (second.reasoning, second.answer, second.final_answer) == (first.reasoning, first.answer, first.final_answer)
    assert second.complete and second.notices[0].startswith("from cache: answered by openrouter · deepseek/deepseek-r1")
    assert second.usage is not None and second.usage.cost_usd == 0.0
    _, metadata = to_bundle(second)
    prov = next(iter(metadata.values()))["provenance"]
    assert (prov["provider"], prov["model"], prov["host"]) == ("openrouter", "deepseek/deepseek-r1",
                                                                f"127.0.0.1:{fake.port}")
    assert prov["time"]
    assert first.cached_at is None and prov["cached_at"] == second.cached_at
    assert second.cached_at is not None and second.cached_at.endswith("Z")  # when the answer first arrived
    assert second.to_json()["cached_at"] == second.cached_at
    third = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False, no_cache=True)
    assert len(fake.chat_requests) == 2 and not third.notices
    assert (default_cache_dir() / CACHE_FILENAME).is_file()


def test_cache_setting_off(fake: FakeR1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_CACHE", "0")
    ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert len(fake.chat_requests) == 2


def test_corrupt_cache_file_never_breaks_an_ask(fake: FakeR1) -> None:
    path = default_cache_dir() / CACHE_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage, not SQLite" * 1000)
    first = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    second = ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    assert first.complete and second.complete and len(fake.chat_requests) == 1  # rebuilt and used
    assert any("was damaged; it was set aside and rebuilt" in n for n in first.notices)


def test_cache_file_holds_no_key(fake: FakeR1) -> None:
    ask("Solve 2x = 4", provider="openrouter", base_url=fake.base_url(), verify=False)
    for file in default_cache_dir().iterdir():
        assert SENTINEL.encode() not in file.read_bytes()
    assert fake.last.headers["authorization"] == f"Bearer {SENTINEL}"
