"""Shared fixtures for every test area.

- autouse ``_isolate_env``: tmp XDG_CONFIG_HOME / XDG_CACHE_HOME (never the user's real config or cache),
  ``TUTOR_NO_PROBE=1`` (no probing of local ports), every provider key variable and ``TUTOR_*`` setting removed,
  loopback exempt from proxies.
- ``fake_r1``: a fresh ``tests.fakeserver.FakeR1`` (real HTTP on 127.0.0.1, DeepSeek format by default; set
  ``fake_r1.provider = "ollama"`` etc.). ``fake_r1.backend(provider)`` gives an ``R1Backend`` pointed at it.
- ``make_fake_r1``: a factory for more servers / other providers (all closed at the end of the test).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakeserver import FakeR1

KEY_VARIABLES = (
    "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "TOGETHER_API_KEY", "VLLM_API_KEY", "SGLANG_API_KEY",
    "LLAMA_API_KEY", "OPENAI_API_KEY", "OLLAMA_HOST", "OLLAMA_API_KEY",
)


@pytest.fixture(autouse=True)
def _isolate_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("xdg")
    (home / "config").mkdir()
    (home / "cache").mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("TUTOR_NO_PROBE", "1")
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("TUTOR_") and name != "TUTOR_NO_PROBE":
            monkeypatch.delenv(name, raising=False)
    no_proxy = "127.0.0.1,localhost,::1"
    monkeypatch.setenv("NO_PROXY", no_proxy)
    monkeypatch.setenv("no_proxy", no_proxy)
    yield home


@pytest.fixture
def make_fake_r1() -> Iterator[Callable[..., FakeR1]]:
    servers: list[FakeR1] = []

    def make(provider: str = "deepseek", **kw: Any) -> FakeR1:
        server = FakeR1(provider, **kw)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def fake_r1(make_fake_r1: Callable[..., FakeR1]) -> FakeR1:
    return make_fake_r1("deepseek")
