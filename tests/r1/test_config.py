"""Settings precedence, sources, validation with file/line, and refusal of keys in the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.config import Settings, Timeouts, config_path, load_settings
from tutor.errors import ConfigError


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_sources() -> None:
    s = load_settings()
    assert s == Settings()
    assert s.provider is None and s.timeouts == Timeouts(10, 120, 1800) and s.concurrency == 8
    assert s.sources["provider"] == "default" and s.source("timeouts") == "default"


def test_config_path_honours_xdg(_isolate_env: Path) -> None:
    assert config_path() == _isolate_env / "config" / "r1-tutor" / "config.toml"


def test_precedence_option_env_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config('provider = "ollama"\nmodel = "deepseek-r1:14b"\nprivacy = "local-only"\n[timeouts]\nidle_s = 300\n')
    monkeypatch.setenv("TUTOR_PROVIDER", "openrouter")
    monkeypatch.setenv("TUTOR_MODEL", "from-env")
    monkeypatch.setenv("TUTOR_LANG", "fr")
    monkeypatch.setenv("TUTOR_BUDGET_USD", "2.5")
    s = load_settings(model="deepseek-r1:32b")
    assert s.provider == "openrouter" and s.sources["provider"] == "env TUTOR_PROVIDER"
    assert s.privacy == "local-only" and s.sources["privacy"] == f"config file {path}"
    assert s.model == "deepseek-r1:32b" and s.sources["model"] == "option"
    assert s.lang == "fr" and s.sources["lang"] == "env TUTOR_LANG"
    assert s.budget_usd == 2.5 and s.sources["budget_usd"] == "env TUTOR_BUDGET_USD"
    assert s.timeouts == Timeouts(10, 300, 1800) and s.sources["timeouts"] == f"config file {path}"
    assert s.sources["mode"] == "default"


def test_config_overrides_sit_between_options_and_file() -> None:
    write_config('provider = "ollama"\n')
    s = load_settings(config_overrides={"provider": "vllm", "model": "m1"}, model="m2")
    assert (s.provider, s.sources["provider"]) == ("vllm", "%config")
    assert (s.model, s.sources["model"]) == ("m2", "option")


def test_none_options_mean_not_given_and_aliases() -> None:
    s = load_settings(provider=None, model=None, base_url="http://127.0.0.1:9/v1/")
    assert s.provider is None and s.base_url == "http://127.0.0.1:9/v1"
    assert load_settings(provider="LM-Studio").provider == "lmstudio"


@pytest.mark.parametrize("text,needle", [
    ('provider = "nope"\n', "line 1"),
    ('\n\nconcurrency = "many"\n', "line 3"),
    ('privacy = "sometimes"\n', "privacy"),
    ('mode = "cheat"\n', "mode"),
    ('colour = "blue"\n', "unknown setting 'colour'"),
    ('[timeouts]\nidle_s = -1\n', "line 2"),
    ('[timeouts]\nforever = 1\n', "unknown timeout"),
    ('provider = \n', "config file"),
    ('base_url = "localhost:8000"\n', "http(s)"),
])
def test_bad_values_name_the_file_and_line(text: str, needle: str) -> None:
    path = write_config(text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in str(info.value) and needle in str(info.value)


@pytest.mark.parametrize("text", [
    'api_key = "sk-abcdef1234567890abcdef"\n',
    'api_key_env = "sk-abcdef1234567890abcdef"\n',
    'model = "m"\ntoken = "whatever"\n',
    'lang = "a8f7d6e5c4b3a2918f7d6e5c4b3a2918ff"\n',
])
def test_keys_in_the_config_file_are_refused_without_echo(text: str) -> None:
    write_config(text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    msg = str(info.value)
    assert "environment variable" in msg and "api_key_env" in msg
    assert "abcdef1234567890" not in msg and "a8f7d6e5c4b3" not in msg and "whatever" not in msg


def test_api_key_env_is_a_name_and_option_keys_are_refused() -> None:
    write_config('api_key_env = "MY_R1_KEY"\n')
    assert load_settings().api_key_env == "MY_R1_KEY"
    with pytest.raises(ConfigError) as info:
        load_settings(api_key_env="sk-live-0123456789abcdef")
    assert "0123456789abcdef" not in str(info.value) and "NAME" in str(info.value)


def test_env_timeouts_bools_and_bad_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_IDLE_TIMEOUT", "30")
    monkeypatch.setenv("TUTOR_CACHE", "off")
    monkeypatch.setenv("TUTOR_PRIVACY", "local-only")
    s = load_settings(timeouts=Timeouts(connect_s=3))
    assert s.timeouts == Timeouts(3, 120, 1800)  # an explicit Timeouts object wins as a whole
    assert s.cache is False and s.privacy == "local-only" and s.sources["cache"] == "env TUTOR_CACHE"
    monkeypatch.setenv("TUTOR_CONCURRENCY", "0")
    with pytest.raises(ConfigError, match="TUTOR_CONCURRENCY"):
        load_settings()


def test_settings_are_frozen() -> None:
    s = load_settings()
    with pytest.raises(AttributeError):
        s.provider = "x"  # type: ignore[misc]
