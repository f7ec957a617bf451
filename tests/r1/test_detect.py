"""Backend selection: explicit > key variable > loopback probe (fake servers posing as local hosts) > None."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.fakeserver import FakeR1
from tests.r1.helpers import collect
from tutor.backend import AskRequest
from tutor.config import load_settings
from tutor.r1 import connect_hint, doctor, resolve_backend
from tutor.r1.detect import probe_local
from tutor.r1.providers import PROFILES, get_profile, ollama_base_url


def test_nothing_configured_and_probing_off_gives_none() -> None:
    assert resolve_backend(load_settings()) is None
    hint = connect_hint()
    assert "ollama pull deepseek-r1:7b" in hint and "OPENROUTER_API_KEY" in hint and "\n" not in hint


def test_explicit_provider_wins_over_keys(keys: str, fake_r1: FakeR1) -> None:
    s = load_settings(provider="vllm", base_url=fake_r1.base_url("vllm"), model="m")
    b = resolve_backend(s)
    assert b is not None and (b.provider, b.model, b.selected_by) == ("vllm", "m", "option")


def test_base_url_alone_means_openai_compatible(monkeypatch: pytest.MonkeyPatch, fake_r1: FakeR1) -> None:
    monkeypatch.setenv("TUTOR_BASE_URL", fake_r1.base_url("vllm"))
    monkeypatch.setenv("TUTOR_API_KEY_ENV", "MY_KEY")
    monkeypatch.setenv("MY_KEY", "sk-custom-key-000")
    fake_r1.provider = "openai-compatible"
    b = resolve_backend(load_settings())
    assert b is not None and b.provider == "openai-compatible" and b.selected_by == "env TUTOR_BASE_URL"
    got = collect(b.stream(AskRequest("Solve 2x + 3 = 7")))
    assert got.done and got.done.complete and "\\boxed{2}" in got.answer
    assert fake_r1.last.headers["authorization"] == "Bearer sk-custom-key-000"
    assert fake_r1.last.json["model"] == fake_r1.models[0] == "deepseek-reasoner"  # first R1-ish model listed


@pytest.mark.parametrize("url,name", [
    ("https://openrouter.ai/api/v1", "openrouter"), ("https://api.deepseek.com", "deepseek"),
    ("https://api.together.xyz/v1", "together"), ("http://gpu-box:11434", "ollama"),
    ("http://gpu-box:11434/v1", "openai-compatible"), ("http://127.0.0.1:8000/v1", "openai-compatible"),
])
def test_a_bare_base_url_finds_its_provider(url: str, name: str) -> None:
    b = resolve_backend(load_settings(base_url=url, model="m"))
    assert b is not None and b.provider == name and b.selected_by == "option"


def test_key_variable_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOGETHER_API_KEY", "t")
    b = resolve_backend(load_settings())
    assert b is not None and b.provider == "together" and b.selected_by == "key variable TOGETHER_API_KEY"
    monkeypatch.setenv("OPENROUTER_API_KEY", "o")
    b = resolve_backend(load_settings())
    assert b is not None and b.provider == "openrouter" and b.model == "deepseek/deepseek-r1"
    monkeypatch.setenv("DEEPSEEK_API_KEY", "d")
    b = resolve_backend(load_settings(model="my-reasoner"))
    assert b is not None and b.provider == "deepseek" and b.model == "my-reasoner"


def test_local_only_privacy_never_autoselects_a_hosted_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "d")
    monkeypatch.setenv("TUTOR_PRIVACY", "local-only")
    assert resolve_backend(load_settings()) is None


def test_probe_accepts_only_servers_listing_r1(make_fake_r1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_NO_PROBE")
    plain = make_fake_r1("ollama", models=["llama3.2:3b"])
    r1 = make_fake_r1("ollama", models=["llama3.2:3b", "deepseek-r1:14b"])
    candidates = [plain.profile("ollama"), r1.profile("ollama")]
    results = probe_local(candidates)
    assert [r.r1_model for r in results] == [None, "deepseek-r1:14b"]
    assert results[0].reachable and "no R1 model" in results[0].note
    b = resolve_backend(load_settings(), probe=candidates)
    assert b is not None and b.provider == "ollama" and b.model == "deepseek-r1:14b" and b.selected_by == "probe"
    got = collect(b.stream(AskRequest("Solve x^2 - 5x + 6 = 0")))
    assert got.done and got.done.complete and r1.last.path == "/api/chat"


def test_probe_only_model_rule_and_unreachable(make_fake_r1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_NO_PROBE")
    single = make_fake_r1("sglang", models=["my-finetune"])
    lm = make_fake_r1("lmstudio", models=["qwen2.5-7b-instruct"])
    dead = replace(PROFILES["vllm"], default_base_url="http://127.0.0.1:9/v1")
    remote = replace(PROFILES["vllm"], default_base_url="http://192.0.2.1:8000/v1")
    results = probe_local([dead, remote, lm.profile("lmstudio"), single.profile("sglang")])
    assert not results[0].reachable and not results[1].reachable and "loopback" in results[1].note
    assert results[2].r1_model is None and results[3].r1_model == "my-finetune"


def test_no_probe_env_is_respected(make_fake_r1) -> None:
    fake = make_fake_r1("ollama", models=["deepseek-r1:7b"])
    assert resolve_backend(load_settings()) is None
    assert fake.requests == []


def test_doctor_reports_without_keys(keys: str, make_fake_r1, monkeypatch: pytest.MonkeyPatch) -> None:
    local = make_fake_r1("ollama", models=["deepseek-r1:7b"])
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    monkeypatch.delenv("TOGETHER_API_KEY")
    monkeypatch.setenv("OPENROUTER_API_KEY", keys)
    # The hosted check goes to the fake server posing as OpenRouter (profile URL overridden).
    hosted = make_fake_r1("openrouter", models=["deepseek/deepseek-r1"])
    rows = {r.name: r for r in doctor(load_settings(), probe=[local.profile("ollama")],
                                      hosted=[get_profile("deepseek"), hosted.profile("openrouter")])}
    assert rows["ollama"].reachable and rows["ollama"].models == ("deepseek-r1:7b",)
    assert rows["openrouter"].reachable and rows["openrouter"].key_set and "key accepted" in rows["openrouter"].note
    assert hosted.requests[-1].path == "/v1/models"
    assert hosted.requests[-1].headers["authorization"] == "Bearer " + keys
    assert rows["deepseek"].reachable is None and not rows["deepseek"].key_set
    assert "DEEPSEEK_API_KEY" in rows["deepseek"].note
    assert "openai-compatible" not in rows
    assert all(keys not in repr(r) for r in rows.values())


def test_doctor_under_local_only_contacts_no_hosted_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-SENTINEL")
    rows = {r.name: r for r in doctor(load_settings(privacy="local-only"), probe=[])}
    assert rows["openrouter"].key_set and rows["openrouter"].reachable is None
    assert rows["openrouter"].note == "not contacted (privacy local-only)"


def test_doctor_with_probing_off_checks_nothing_local() -> None:
    rows = {r.name: r for r in doctor(load_settings())}
    assert rows["vllm"].reachable is None and "TUTOR_NO_PROBE" in rows["vllm"].note


@pytest.mark.parametrize("value,url", [
    ("", "http://localhost:11434"), ("0.0.0.0", "http://localhost:11434"), ("127.0.0.1:9999", "http://127.0.0.1:9999"),
    ("https://gpu.example.org", "https://gpu.example.org:443"), ("http://[::1]:1234", "http://[::1]:1234"),
])
def test_ollama_host(value: str, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", value)
    assert ollama_base_url() == url and get_profile("ollama").default_base_url == url
