"""Test helpers for the surfaces tests: a recording display publisher and a scripted backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from IPython.core.displaypub import DisplayPublisher

from tutor.backend import AskRequest
from tutor.events import Event


class RecordingPublisher(DisplayPublisher):
    """Keeps every display_data / update_display_data message the kernel would send."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.messages: list[dict[str, Any]] = []

    def publish(self, data: Any, metadata: Any = None, source: Any = None, *, transient: Any = None,
                update: bool = False, **kwargs: Any) -> None:
        self.messages.append({"data": data, "metadata": metadata or {}, "transient": transient or {},
                              "update": update})

    def clear_output(self, wait: bool = False) -> None:
        self.messages.append({"clear": True})

    @property
    def updates(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("update")]

    @property
    def displays(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if "data" in m and not m.get("update")]


class ScriptedBackend:
    """A Backend from a fixed event list, for unit tests of the pieces that consume events."""

    def __init__(self, events: list[Event], *, provider: str = "scripted", model: str = "m",
                 host: str = "127.0.0.1", raise_after: BaseException | None = None) -> None:
        self.events = events
        self.provider, self.model, self.host = provider, model, host
        self.raise_after = raise_after
        self.requests: list[AskRequest] = []
        self.closed = False

    def stream(self, request: AskRequest) -> Iterator[Event]:
        self.requests.append(request)
        try:
            yield from self.events
            if self.raise_after is not None:
                raise self.raise_after
        finally:
            self.closed = True
