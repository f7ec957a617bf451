"""``R1Backend``: one R1 host over HTTP (httpx), streaming the tutor's events — sync ``stream`` and async ``astream``.

Transport rules (issue 2): retries with backoff + jitter for 429/5xx/connection failures only before the first
token, each announced by a ``Notice``; 4xx errors name the provider and the fix, never the key; an idle read
timeout that any byte resets (httpx's per-read timeout) plus an overall cap; a stream that stops early ends with
``Done(complete=False)`` after everything that arrived.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..backend import AskRequest
from ..config import Timeouts
from ..errors import AuthError, ConfigError, ProviderError, ProviderUnreachable
from ..events import Done, Event, Notice
from . import _http
from .providers import ProviderProfile, get_profile, is_loopback, is_r1_model
from .stream import LineSplitter, StreamParser

__all__ = ["R1Backend", "Timeouts"]

_USER_AGENT = "r1-tutor/0.1"


class _Retry(Exception):
    """Internal: the attempt failed before the first token and may be retried."""

    def __init__(self, status: int | None, why: str, delay: float | None = None) -> None:
        super().__init__(why)
        self.status = status
        self.why = why
        self.delay = delay


class R1Backend:
    """A Backend speaking to one R1 host. ``http`` may be injected (tests, connection reuse); else owned."""

    def __init__(self, profile: ProviderProfile | str, *, base_url: str | None = None, model: str | None = None,
                 api_key_env: str | None = None, http: httpx.Client | None = None,
                 timeouts: Timeouts | None = None, retries: int = 3, backoff_s: float = 1.0,
                 max_retry_wait_s: float = 60.0, selected_by: str = "option") -> None:
        self.profile = get_profile(profile) if isinstance(profile, str) else profile
        self.provider: str = self.profile.name
        url = (base_url or self.profile.default_base_url).strip().rstrip("/")
        if not url:
            raise ConfigError(f"provider {self.provider!r} needs --base-url (the server's OpenAI-compatible /v1 URL)")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"base URL must look like http://host:port/v1, not {url!r}")
        if self.profile.wire == "ollama" and url.endswith("/v1"):
            url = url[:-3]  # the native API lives at the root; /v1 is Ollama's OpenAI shim
        self.base_url: str = url
        self.host: str = parts.hostname or ""
        if parts.port:
            self.host += f":{parts.port}"
        self._model: str | None = model or self.profile.default_model
        # Ollama's default tag may not be pulled: look once for the R1 tag that is (cheap, local).
        self._check_default = not model and self.profile.wire == "ollama"
        self.api_key_env: str | None = api_key_env or self.profile.key_env
        self.timeouts = timeouts or Timeouts()
        self.retries = max(0, retries)
        self.backoff_s = backoff_s
        self.max_retry_wait_s = max_retry_wait_s
        self.selected_by = selected_by  # where the choice came from (status/doctor)
        self._http = http
        self._owns_http = http is None
        # A proxy from HTTP(S)_PROXY must not swallow requests meant for a server on this machine.
        self._trust_env = not is_loopback(url)
        # Hosts that put reasoning in a field of its own: content is the answer there — unless a "</think>" in it
        # says otherwise (undecided content is held back briefly, see _split.HOLD_CHARS).
        self._implicit_think = self.provider not in ("deepseek", "openrouter", "ollama")

    # ---- provenance --------------------------------------------------------------------------------------
    @property
    def model(self) -> str:
        """The model name ('' until it is resolved from the host's model list on first use)."""
        return self._model or ""

    @model.setter
    def model(self, value: str) -> None:
        self._model = value or None
        self._check_default = False

    def __repr__(self) -> str:
        return f"R1Backend(provider={self.provider!r}, model={self.model!r}, host={self.host!r})"

    # ---- plumbing ---------------------------------------------------------------------------------------
    def _timeout(self) -> httpx.Timeout:
        t = self.timeouts
        return httpx.Timeout(connect=t.connect_s, read=t.idle_s, write=t.idle_s, pool=t.connect_s)

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=self._timeout(), follow_redirects=False, trust_env=self._trust_env)
        return self._http

    def close(self) -> None:
        if self._owns_http and self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> R1Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _key(self) -> str | None:
        """The key from the environment (None when the host needs none). Raises AuthError when it is missing."""
        name = self.api_key_env
        if not name:
            return None
        value = os.environ.get(name, "").strip()
        if value:
            return value
        if self.profile.key_optional and name == self.profile.key_env:
            return None
        raise AuthError(f"{self.provider} needs an API key: set the environment variable {name} "
                        f"(export {name}=...) or choose another provider.", provider=self.provider)

    def _headers(self, key: str | None, *, accept: str) -> dict[str, str]:
        headers = {"Accept": accept, "User-Agent": _USER_AGENT}
        if key:
            headers["Authorization"] = "Bearer " + key
        if self.provider == "openrouter":
            headers["X-Title"] = "r1-tutor"
        return headers

    def _chat_url(self) -> str:
        return self.base_url + ("/api/chat" if self.profile.wire == "ollama" else "/chat/completions")

    def _models_url(self) -> str:
        return self.base_url + ("/api/tags" if self.profile.wire == "ollama" else "/models")

    @staticmethod
    def _model_names(data: Any) -> list[str]:
        items = data.get("models", data.get("data", [])) if isinstance(data, dict) else []
        names = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                name = item.get("id") or item.get("name") or item.get("model")
                if isinstance(name, str):
                    names.append(name)
        return names

    @staticmethod
    def pick_model(names: list[str]) -> str | None:
        """First R1 model listed, else the first reasoning model ("…reasoner", "…think…"), else the first served."""
        for name in names:
            if is_r1_model(name):
                return name
        for name in names:
            low = name.lower()
            if "reason" in low or "think" in low:
                return name
        return names[0] if names else None

    def list_models(self) -> list[str]:
        """Model names the host serves (``/v1/models`` or Ollama's ``/api/tags``)."""
        key = self._key()
        try:
            resp = self._client().get(self._models_url(), headers=self._headers(key, accept="application/json"),
                                      timeout=self._timeout())
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        if resp.status_code in (401, 402, 403):
            raise _http.status_error(resp.status_code, self.profile, self.api_key_env, self.model,
                                     _http.host_message(resp.content, key))
        if resp.status_code != 200:
            raise ConfigError(f"{self.provider} at {self.host} did not list its models (HTTP {resp.status_code}); "
                              "pass --model NAME")
        try:
            return self._model_names(resp.json())
        except ValueError:
            raise ConfigError(f"{self.provider} at {self.host} sent an unreadable model list; pass --model NAME"
                              ) from None

    def resolve_model(self) -> str:
        """The model name requests will use, asking the host once when none is set ("first model served") —
        so that a caller (the response cache) can key on it before streaming. May raise ProviderUnreachable /
        AuthError / ConfigError like the model listing."""
        if self._model and not self._check_default:
            return self._model
        if self.api_key_env:
            self._key()  # a missing key is reported as such, not as a failed listing
        return self._resolve_model()

    def _resolve_model(self) -> str:
        if self._check_default:
            self._check_default = False
            try:
                names = self.list_models()
            except (ConfigError, ProviderError):
                names = []  # the chat request will report the problem with its own clear message
            if names and self._model not in names:
                self._model = next((n for n in names if is_r1_model(n)), self._model)
        if self._model:
            return self._model
        picked = self.pick_model(self.list_models())
        if not picked:
            raise ConfigError(f"{self.provider} at {self.host} serves no model; pass --model NAME")
        self._model = picked
        return picked

    def _unreachable(self, exc: BaseException) -> ProviderUnreachable:
        what = "timed out connecting" if isinstance(exc, httpx.ConnectTimeout) else "could not be reached"
        return ProviderUnreachable(f"{self.provider} at {self.host} {what} ({exc.__class__.__name__}); is the "
                                   "server running and the URL right?", provider=self.provider)

    def _prepare(self, request: AskRequest) -> tuple[str, dict[str, str], dict[str, Any], str | None]:
        key = self._key()
        model = self._resolve_model()
        body = _http.build_body(self.profile, model, request)
        accept = "application/x-ndjson" if self.profile.wire == "ollama" else "text/event-stream"
        return self._chat_url(), self._headers(key, accept=accept), body, key

    def _failed_status(self, status: int, content: bytes, headers: httpx.Headers, key: str | None,
                       attempt: int) -> _Retry:
        """A non-200 reply: a retry order, or raise the final error."""
        detail = _http.host_message(content, key)
        if status in _http.RETRYABLE and attempt < self.retries:
            after = _http.retry_after_s(headers.get("retry-after"))
            delay = after if after is not None else _http.backoff_s(attempt, self.backoff_s)
            if delay <= self.max_retry_wait_s:
                return _Retry(status, f"HTTP {status}", delay)
        raise _http.status_error(status, self.profile, self.api_key_env, self.model, detail, attempt + 1)

    def _notice(self, retry: _Retry, attempt: int) -> Notice:
        return Notice(f"{self.provider}: {retry.why}; retrying in {retry.delay:.1f} s "
                      f"(attempt {attempt + 2} of {self.retries + 1})")

    def _close_out(self, parser: StreamParser, started: float, cut: str | None, cut_finish: str,
                   attempt: int) -> list[Event]:
        events = parser.finish(elapsed_s=time.monotonic() - started, cut_reason=cut, cut_finish=cut_finish)
        done = events[-1]
        assert isinstance(done, Done)
        events[-1] = replace(done, extra={"model": parser.model or self.model, "attempts": attempt + 1})
        return events

    def _cap_reached(self) -> tuple[str, str]:
        return f"the overall time cap of {self.timeouts.total_s:g} s was reached", "timeout"

    def _transport_cut(self, exc: BaseException) -> tuple[str, str]:
        if isinstance(exc, httpx.ReadTimeout):
            return f"no data from {self.provider} for {self.timeouts.idle_s:g} s", "timeout"
        return f"the connection to {self.provider} was cut ({exc.__class__.__name__})", "interrupted"

    def _check_early_failure(self, parser: StreamParser, cut: str | None, cut_finish: str, attempt: int) -> None:
        """Nothing arrived yet and the attempt failed: retry (raise _Retry) or raise the error (no partial text)."""
        if parser.has_text or cut_finish == "cancelled" or parser.finish_reason is not None:
            return
        if cut is None and not parser.done and parser.error is None:
            cut = "the host closed the connection without a reply"
        if parser.error:
            raise ProviderError(f"{self.provider}: {parser.error}; try again or choose another provider.",
                                provider=self.provider)
        if cut is not None:
            if attempt < self.retries and cut_finish != "timeout":
                raise _Retry(None, cut, _http.backoff_s(attempt, self.backoff_s))
            raise ProviderUnreachable(f"{self.provider} at {self.host}: {cut} before any reply arrived; try again "
                                      "later.", provider=self.provider)

    # ---- sync -------------------------------------------------------------------------------------------
    def _open(self, client: httpx.Client, url: str, headers: dict[str, str], body: dict[str, Any],
              key: str | None, attempt: int) -> httpx.Response:
        """Send the request; a 200 response (streaming), or raise _Retry / the final ProviderError."""
        try:
            req = client.build_request("POST", url, headers=headers, json=body, timeout=self._timeout())
            resp = client.send(req, stream=True)
        except httpx.HTTPError as exc:
            raise self._connect_failure(exc, attempt) from None
        if resp.status_code == 200:
            return resp
        try:
            content = resp.read()
        except httpx.HTTPError:
            content = b""
        finally:
            resp.close()
        raise self._failed_status(resp.status_code, content, resp.headers, key, attempt)

    def _connect_failure(self, exc: httpx.HTTPError, attempt: int) -> Exception:
        retryable = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout) or (
            isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.TimeoutException))
        if retryable and attempt < self.retries:
            return _Retry(None, f"connection failed ({exc.__class__.__name__})", _http.backoff_s(attempt, self.backoff_s))
        return self._unreachable(exc)

    def stream(self, request: AskRequest) -> Iterator[Event]:
        """Yield Notice/Reasoning/Answer events, at most one Usage, then one Done."""
        started = time.monotonic()
        attempt = 0
        try:
            url, headers, body, key = self._prepare(request)
            client = self._client()
            deadline = started + self.timeouts.total_s
            while True:
                try:
                    resp = self._open(client, url, headers, body, key, attempt)
                except _Retry as retry:
                    yield self._notice(retry, attempt)
                    time.sleep(retry.delay or 0.0)
                    attempt += 1
                    continue
                parser = StreamParser(implicit_think=self._implicit_think)
                feed = parser.feed_lines
                lines = LineSplitter()
                cut: str | None = None
                cut_finish = "interrupted"
                try:
                    for data in resp.iter_bytes():
                        events = feed(lines.feed(data))
                        if events:
                            yield from events
                        if parser.done or parser.error is not None:
                            break
                        if time.monotonic() > deadline:
                            cut, cut_finish = self._cap_reached()
                            break
                    else:  # a clean end of the body: a last line without its newline still counts
                        yield from feed(lines.flush())
                except httpx.TransportError as exc:
                    cut, cut_finish = self._transport_cut(exc)
                except KeyboardInterrupt:
                    cut, cut_finish = "interrupted", "cancelled"
                finally:
                    resp.close()
                try:
                    self._check_early_failure(parser, cut, cut_finish, attempt)
                except _Retry as retry:
                    yield self._notice(retry, attempt)
                    time.sleep(retry.delay or 0.0)
                    attempt += 1
                    continue
                yield from self._close_out(parser, started, cut, cut_finish, attempt)
                return
        except KeyboardInterrupt:  # while connecting or waiting to retry: nothing arrived, nothing to keep
            yield Done("cancelled", False, "interrupted", time.monotonic() - started)

    # ---- async ------------------------------------------------------------------------------------------
    async def astream(self, request: AskRequest, *, http: httpx.AsyncClient | None = None) -> AsyncIterator[Event]:
        """The same events as ``stream`` over ``httpx.AsyncClient`` (for batch work with many concurrent asks)."""
        started = time.monotonic()
        if not self._model or self._check_default:
            # The model list is a tiny request: resolve it off the event loop with the sync client.
            await asyncio.to_thread(self._resolve_model)
        url, headers, body, key = self._prepare(request)
        owned = http is None
        client = http or httpx.AsyncClient(timeout=self._timeout(), trust_env=self._trust_env)
        deadline = started + self.timeouts.total_s
        attempt = 0
        try:
            while True:
                try:
                    async for ev in self._aattempt(client, url, headers, body, key, started, deadline, attempt):
                        yield ev
                    return
                except _Retry as retry:
                    yield self._notice(retry, attempt)
                    await asyncio.sleep(retry.delay or 0.0)
                    attempt += 1
        finally:
            if owned:
                await client.aclose()

    async def _aattempt(self, client: httpx.AsyncClient, url: str, headers: dict[str, str], body: dict[str, Any],
                        key: str | None, started: float, deadline: float, attempt: int) -> AsyncIterator[Event]:
        parser = StreamParser(implicit_think=self._implicit_think)
        cut: str | None = None
        cut_finish = "interrupted"
        try:
            req = client.build_request("POST", url, headers=headers, json=body, timeout=self._timeout())
            resp = await client.send(req, stream=True)
        except httpx.HTTPError as exc:
            raise self._connect_failure(exc, attempt) from None
        try:
            if resp.status_code != 200:
                try:
                    content = await resp.aread()
                except httpx.HTTPError:
                    content = b""
                raise self._failed_status(resp.status_code, content, resp.headers, key, attempt)
            lines = LineSplitter()
            try:
                async for data in resp.aiter_bytes():
                    for ev in parser.feed_lines(lines.feed(data)):
                        yield ev
                    if parser.stopped:
                        break
                    if time.monotonic() > deadline:
                        cut, cut_finish = self._cap_reached()
                        break
                else:
                    for ev in parser.feed_lines(lines.flush()):
                        yield ev
            except httpx.TransportError as exc:
                cut, cut_finish = self._transport_cut(exc)
        finally:  # also on cancellation: the connection never outlives the request
            await resp.aclose()
        self._check_early_failure(parser, cut, cut_finish, attempt)
        for ev in self._close_out(parser, started, cut, cut_finish, attempt):
            yield ev
