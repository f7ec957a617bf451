"""Fixtures for the self-study tests: progress in a temp folder, no R1 unless a test asks for the fake server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tutor.backend import AskRequest
from tutor.events import Answer, Done, Event, Reasoning

_PROVIDER_ENV = ("TUTOR_PROVIDER", "TUTOR_BASE_URL", "TUTOR_MODEL", "TUTOR_API_KEY_ENV",
                 "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "TOGETHER_API_KEY")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test works in its own folder: progress files never land in the repo or the user's home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TUTOR_PROGRESS_FILE", str(tmp_path / ".r1-tutor-progress.json"))
    monkeypatch.setenv("TUTOR_NO_PROBE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


class ScriptedR1:
    """A Backend replaying fixed replies (reasoning, answer) per call and recording requests — unit tests only;
    the end-to-end tests use the real fake R1 server."""

    provider = "scripted"
    model = "r1-scripted"
    host = "local"

    def __init__(self, replies: list[tuple[str, str]]) -> None:
        self.replies = list(replies)
        self.requests: list[AskRequest] = []

    def stream(self, request: AskRequest) -> Iterator[Event]:
        self.requests.append(request)
        reasoning, answer = self.replies.pop(0) if self.replies else ("", "")
        if reasoning:
            yield Reasoning(reasoning)
        if answer:
            yield Answer(answer)
        yield Done("stop")


@pytest.fixture
def scripted() -> Any:
    return ScriptedR1
