"""``FakeR1``: a real HTTP server on 127.0.0.1 that speaks the R1 hosts' wire formats, scripted per test."""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .replies import CUT, PROVIDER_MODELS, KeepAlive, Pause, Reply, r1_reply
from .samples import canned_for

__all__ = ["FakeR1", "Recorded"]


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    json: Any = None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.json.get("messages", [])) if isinstance(self.json, dict) else []

    @property
    def prompt(self) -> str:
        """The last user turn's text."""
        users = [m.get("content", "") for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""


ReplySource = Reply | Callable[[Recorded], Reply]


@dataclass
class _State:
    provider: str
    models: list[str] | None  # None: the model-list routes answer 404 (servers without /v1/models)
    answer: str | None
    queue: deque[ReplySource] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    disconnects: int = 0  # replies the client abandoned mid-way (interrupt tests)
    fixed: Reply | None = None  # when set, the reply to every chat request with an empty queue
    latency_s: float = 0.0  # added before every chat reply (batch benchmarks)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _record(self) -> Recorded:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        rec = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, parsed)
        with self.server.state.lock:
            self.server.state.requests.append(rec)
        return rec

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._record()
        st = self.server.state
        path = self.path.split("?")[0].rstrip("/")
        if st.models is None and (path.endswith("/api/tags") or path.endswith("/models")):
            self._send(Reply(404, [b'{"detail": "Not Found"}'], content_type="application/json"))
            return
        if path.endswith("/api/tags"):
            body: Any = {"models": [{"name": m, "model": m, "size": 4_683_087_332,
                                     "details": {"family": "qwen2", "parameter_size": "7.6B"}} for m in st.models]}
        elif path.endswith("/models"):
            body = {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "fake"} for m in st.models]}
        elif path.endswith("/api/version"):
            body = {"version": "0.12.0"}
        else:
            self._send(Reply(404, [b'{"error": "not found"}'], content_type="application/json"))
            return
        self._send(Reply(200, [json.dumps(body).encode()], content_type="application/json"))

    def do_POST(self) -> None:  # noqa: N802
        rec = self._record()
        path = self.path.split("?")[0].rstrip("/")
        if not (path.endswith("/chat/completions") or path.endswith("/api/chat")):
            self._send(Reply(404, [b'{"error": "not found"}'], content_type="application/json"))
            return
        st = self.server.state
        with st.lock:
            source = st.queue.popleft() if st.queue else None
        if source is None and st.fixed is not None:
            reply = st.fixed
        elif source is None:
            reply = self._canned(rec, "ollama" if path.endswith("/api/chat") else st.provider)
        else:
            reply = source(rec) if callable(source) else source
        if st.latency_s and st.stop.wait(st.latency_s):
            return
        self._send(reply)

    def _canned(self, rec: Recorded, provider: str) -> Reply:
        if provider == "ollama" and not rec.path.startswith("/api/"):
            provider = "vllm"  # Ollama's /v1 shim sends a "reasoning" field like vLLM
        sample = canned_for(rec.prompt, self.server.state.answer)
        model = rec.json.get("model") if isinstance(rec.json, dict) else None
        return r1_reply(provider, sample.reasoning, sample.answer, model=model or None)

    def _send(self, reply: Reply) -> None:
        st = self.server.state
        if reply.delay_s and st.stop.wait(reply.delay_s):
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        if reply.content_type == "text/event-stream":
            self.send_header("Cache-Control", "no-cache")
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.close_connection = True
        try:
            for part in reply.parts:
                if st.stop.is_set():
                    return
                if isinstance(part, bytes):
                    self._chunk(part)
                elif isinstance(part, Pause):
                    if st.stop.wait(part.seconds):
                        return
                elif isinstance(part, KeepAlive):
                    waited = 0.0
                    while waited < part.seconds:
                        self._chunk(part.line)
                        if st.stop.wait(part.every):
                            return
                        waited += part.every
                elif part is CUT:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client went away (interrupt tests): count it
            with st.lock:
                st.disconnects += 1

    def _chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a batch opens 8+ connections at once; the default backlog of 5 drops some
    allow_reuse_address = True

    def __init__(self, state: _State, port: int = 0) -> None:
        self.state = state
        super().__init__(("127.0.0.1", port), _Handler)


class FakeR1:
    """A scriptable fake R1 host on 127.0.0.1.

    ``script(*replies)`` queues replies for the next chat requests (a ``Reply`` or a callable taking the
    ``Recorded`` request); with an empty queue the server answers like an R1 in ``provider``'s format with a canned
    reasoning + boxed answer. Every request is recorded in ``requests``.
    """

    def __init__(self, provider: str = "deepseek", *, models: list[str] | None = None, answer: str | None = None,
                 port: int = 0, latency_s: float = 0.0) -> None:
        default_model = PROVIDER_MODELS.get(provider, "deepseek-r1")
        self.state = _State(provider, [default_model] if models is None else list(models), answer)
        self.state.latency_s = latency_s
        self._server = _Server(self.state, port)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fake-r1-{self.port}", daemon=True)
        self._thread.start()

    @property
    def latency_s(self) -> float:
        """Seconds the server waits before every chat reply (per request, requests run in parallel)."""
        return self.state.latency_s

    @latency_s.setter
    def latency_s(self, seconds: float) -> None:
        self.state.latency_s = seconds

    @property
    def provider(self) -> str:
        """Format of the default (unscripted) replies; settable."""
        return self.state.provider

    @provider.setter
    def provider(self, name: str) -> None:
        self.state.provider = name

    # -- addresses ---------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_url(self, provider: str | None = None) -> str:
        """The base URL a profile should use: the root for Ollama's native API, ``/v1`` for the others."""
        name = provider or self.provider
        return self.url if name == "ollama" else self.url + "/v1"

    # -- scripting ---------------------------------------------------------------------------------------
    @property
    def models(self) -> list[str] | None:
        """Names listed by /v1/models and /api/tags; set None to make those routes answer 404."""
        return self.state.models

    @models.setter
    def models(self, names: list[str] | None) -> None:
        self.state.models = None if names is None else list(names)

    def script(self, *replies: ReplySource) -> FakeR1:
        with self.state.lock:
            self.state.queue.extend(replies)
        return self

    def reply(self, reasoning: str, answer: str, **kw: Any) -> FakeR1:
        """Queue one R1 reply in this server's provider format."""
        return self.script(r1_reply(kw.pop("provider", self.provider), reasoning, answer, **kw))

    # -- inspection --------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[Recorded]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def disconnects(self) -> int:
        return self.state.disconnects

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]

    @property
    def last(self) -> Recorded:
        chats = self.chat_requests
        if not chats:
            raise AssertionError("the fake R1 server received no chat request")
        return chats[-1]

    # -- client helpers -----------------------------------------------------------------------------------
    def backend(self, provider: str | None = None, **kw: Any) -> Any:
        """An ``R1Backend`` pointed at this server (fast retries for tests)."""
        from tutor.r1.client import R1Backend
        from tutor.r1.providers import get_profile

        name = provider or self.provider
        kw.setdefault("base_url", self.base_url(name))
        kw.setdefault("backoff_s", 0.01)
        if name == "openai-compatible":
            kw.setdefault("model", self.models[0] if self.models else None)
        return R1Backend(get_profile(name), **kw)

    def profile(self, provider: str | None = None) -> Any:
        """The provider's profile with its default base URL pointing here (for probing / resolve tests)."""
        from dataclasses import replace

        from tutor.r1.providers import get_profile

        name = provider or self.provider
        return replace(get_profile(name), default_base_url=self.base_url(name))

    def close(self) -> None:
        self.state.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> FakeR1:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
