"""Pure, incremental parsing of R1 replies: framing (SSE | NDJSON | one JSON body) → fields → ``<think>`` split.

No I/O here: ``StreamParser.feed_line`` takes one decoded line (without its newline) and returns the events it
completes; ``finish`` returns the rest, the ``Usage`` and the ``Done``. The client owns sockets and timeouts.

Decisions worth knowing:
- Lines starting with ``data:`` are SSE; lines starting with ``{`` are NDJSON / a plain JSON body; ``:`` comment lines,
  blank keep-alive lines and any other line outside an event (``event:``, ``id:``, junk) are skipped.
- A ``data:`` payload that is not complete JSON starts an event that collects continuation lines up to the next
  blank line (standard multi-``data:`` events and the pretty-printed captures of the hosted API alike).
- A chunk that still is not JSON at its end sets ``error``: the client stops there, keeps the text that arrived and
  ends with ``Done(complete=False, finish_reason="error")`` (or raises ``ProviderError`` when nothing arrived yet).
- Text in ``content`` before ``</think>`` is reasoning, on every host. When the host does not separate reasoning
  into a field, a stream that does not begin with ``<think>`` is taken to begin *inside* the thought (R1 chat
  templates put ``<think>\\n`` into the prompt). On hosts that do (``implicit_think=False``), content that comes
  before any reasoning field is held back until a ``</think>`` splits it, the reply ends (a plain answer) or it
  grows past ``HOLD_CHARS`` (R1 thinking aloud: reasoning until ``</think>``). Still being in the thought at the end
  means the reply was cut off: incomplete.
"""

from __future__ import annotations

import json
from typing import Any

from ..events import Answer, Done, Event, Reasoning, Usage
from ._split import _ANSWER, _START, LineSplitter, ThinkSplitter

__all__ = ["StreamParser", "ThinkSplitter", "LineSplitter", "parse_usage"]

_loads = json.JSONDecoder().decode
_EMPTY: list[Event] = []  # returned (never mutated) when a line completes no event
_MAX_EVENT_CHARS = 4_000_000  # a multi-line event larger than this is garbage, not a slow host


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def parse_usage(u: dict[str, Any]) -> Usage:
    """Usage from an OpenAI-style ``usage`` object (DeepSeek cache fields and OpenRouter ``cost`` included)."""
    details = u.get("completion_tokens_details")
    details = details if isinstance(details, dict) else {}
    prompt_details = u.get("prompt_tokens_details")
    prompt_details = prompt_details if isinstance(prompt_details, dict) else {}
    hit = _int(u.get("prompt_cache_hit_tokens")) or _int(prompt_details.get("cached_tokens"))
    cost = u.get("cost")
    return Usage(
        prompt_tokens=_int(u.get("prompt_tokens")),
        completion_tokens=_int(u.get("completion_tokens")),
        reasoning_tokens=_int(details.get("reasoning_tokens")),
        cache_hit_tokens=hit,
        cache_miss_tokens=_int(u.get("prompt_cache_miss_tokens")),
        cost_usd=float(cost) if isinstance(cost, int | float) and not isinstance(cost, bool) else None,
    )


def _error_text(err: Any) -> str:
    if isinstance(err, dict):
        msg = err.get("message") or err.get("msg") or err.get("type") or "unknown error"
        return str(msg)[:300]
    return str(err)[:300]


class StreamParser:
    """Turns the lines of one reply into events. Feed every line; call ``finish`` once at the end.

    Text is coalesced: the reasoning/answer pieces completed by one ``feed_lines`` batch (one network read) come
    out as one event per run of the same kind, which keeps both this loop and the renderers cheap under bursts.
    """

    __slots__ = ("splitter", "finish_reason", "usage", "done", "error", "has_reasoning", "has_answer",
                 "field_reasoning", "model", "_answering", "_acc", "_acc_raw", "_acc_len", "_kind", "_pieces",
                 "_out")

    def __init__(self, *, implicit_think: bool = True) -> None:
        self.splitter = ThinkSplitter(implicit_think=implicit_think)
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.done = False  # saw "data: [DONE]" or an NDJSON line with done: true
        self.error: str | None = None  # malformed chunk or an error object inside the stream
        self.has_reasoning = False
        self.has_answer = False
        self.field_reasoning = False  # the host separates reasoning into its own field
        self.model: str | None = None  # as the host names it ("" when it does not say)
        self._answering = False  # answer text flowing and no tag can follow: content goes straight to the answer
        self._acc: list[str] | None = None  # lines of an event not yet complete
        self._acc_raw = False  # the event started with "{" (not "data:")
        self._acc_len = 0
        self._kind = 0  # kind of the text pieces being collected: 1 reasoning, 2 answer
        self._pieces: list[str] = []
        self._out: list[Event] = []

    @property
    def has_text(self) -> bool:
        """Text arrived (shown or still held back): from here on a failure keeps it and is never retried."""
        return self.has_reasoning or self.has_answer or self.splitter.holding

    @property
    def stopped(self) -> bool:
        """The host said it is done, or the stream broke: read no further."""
        return self.done or self.error is not None

    # ---- input ------------------------------------------------------------------------------------------
    def feed_line(self, line: str) -> list[Event]:
        """One line of the body (no newline). Returns the events it completes (possibly none)."""
        self._line(line)
        return self._take()

    def feed_lines(self, lines: list[str]) -> list[Event]:
        """A batch of lines (one network read); stops early at ``[DONE]``/``done`` or an error."""
        handle = self._handle
        for line in lines:
            if not line:
                if self._acc is not None:
                    self._dispatch()
                    if self.done or self.error is not None:
                        break
                continue
            if self._acc is None and line.startswith("data: {"):  # hot path: one complete SSE event per line
                try:
                    obj = _loads(line[6:])
                except ValueError:
                    self._line(line)
                else:
                    handle(obj)
            else:
                self._line(line)
            if self.done or self.error is not None:
                break
        return self._take()

    def _line(self, line: str) -> None:
        if not line:
            if self._acc is not None:
                self._dispatch()
            return
        c = line[0]
        if c == "d" and line.startswith("data:"):
            payload = line[6:] if line.startswith("data: ") else line[5:]
            if self._acc is not None:
                if self._acc_raw:  # a new event began while a raw JSON body was still open: it was broken
                    self._malformed()
                else:
                    self._collect(payload)
                return
            if payload.startswith("[DONE"):  # also the "[DONE" + newline + "]" of pasted captures
                self.done = True
                return
            try:
                obj = _loads(payload)
            except ValueError:  # incomplete (pretty-printed / multi-line event) or broken: wait for the blank line
                self._acc, self._acc_raw, self._acc_len = [payload], False, len(payload)
                return
            self._handle(obj)
            return
        if c == ":":
            return
        if self._acc is not None:
            if self._acc_raw and c == "{":  # NDJSON: a new object while the last one never closed
                self._malformed()
            elif not line.strip():
                self._dispatch()
            else:
                self._collect(line)
            return
        if c == "{":
            try:
                obj = _loads(line)
            except ValueError:  # a pretty-printed JSON body: collect to the end
                self._acc, self._acc_raw, self._acc_len = [line], True, len(line)
                return
            self._handle(obj)
        elif c == "[" and line.startswith("[DONE"):
            self.done = True
        elif c == "e" and line.startswith("error:"):  # llama.cpp's SSE error field
            payload = line[6:].strip()
            try:
                self._host_error(_loads(payload))
            except ValueError:
                self._host_error(payload or "unknown error")
        # anything else: whitespace-only keep-alives, "event:", "id:", "retry:", junk between events

    def _collect(self, text: str) -> None:
        assert self._acc is not None
        self._acc.append(text)
        self._acc_len += len(text)
        if self._acc_len > _MAX_EVENT_CHARS:
            self._malformed()

    def _dispatch(self) -> None:
        assert self._acc is not None
        text = "\n".join(self._acc)
        self._acc = None
        if text.startswith("[DONE"):
            self.done = True
            return
        try:
            obj = _loads(text)
        except ValueError:
            self._malformed()
            return
        self._handle(obj)

    def _malformed(self) -> None:
        self._acc = None
        if self.error is None:
            self.error = "the host sent a malformed chunk (not JSON)"

    # ---- payloads ---------------------------------------------------------------------------------------
    def _handle(self, obj: Any) -> None:
        # Hot path (one call per chunk): keep attribute and dict lookups to the minimum.
        if type(obj) is not dict:
            self._malformed()
            return
        choices = obj.get("choices")
        if choices is None:
            if "done" in obj or type(obj.get("message")) is dict:
                self._ollama(obj)
                return
            err = obj.get("error")
            if err:
                self._host_error(err)
            elif obj.get("object") == "error":  # vLLM / SGLang: {"object": "error", "message": …}
                self._host_error(obj)
            return
        if choices and type(choices) is list:
            ch = choices[0]
            if type(ch) is not dict:
                self._malformed()
                return
            delta = ch.get("delta") or ch.get("message")  # "message": a non-streamed reply
            if delta:
                r = delta.get("reasoning_content") or delta.get("reasoning")
                if r and type(r) is str:
                    self.field_reasoning = True
                    if self._kind == 1 and self.has_reasoning:
                        self._pieces.append(r)
                    else:
                        self._reasoning(r)
                c = delta.get("content")
                if c and type(c) is str:
                    if self._answering and self._kind == 2:
                        self._pieces.append(c)
                    else:
                        self._content(c)
            fr = ch.get("finish_reason")
            if fr:
                self.finish_reason = str(fr)
        if "usage" in obj:
            u = obj["usage"]
            if u and type(u) is dict:
                self.usage = parse_usage(u)
        if "error" in obj and obj["error"]:  # OpenRouter: an error object on a chunk, finish_reason "error"
            self._host_error(obj["error"])
        if self.model is None:
            model = obj.get("model")
            self.model = model if type(model) is str else ""

    def _host_error(self, err: Any) -> None:
        if self.error is None:
            self.error = f"the host reported an error mid-stream: {_error_text(err)}"

    def _ollama(self, obj: dict[str, Any]) -> None:
        msg = obj.get("message")
        if isinstance(msg, dict):
            t = msg.get("thinking")
            if t and type(t) is str:
                self.field_reasoning = True
                self._reasoning(t)
            c = msg.get("content")
            if c and type(c) is str:
                self._content(c)
        if obj.get("done"):
            self.done = True
            self.finish_reason = str(obj.get("done_reason") or "stop")
            self.usage = Usage(prompt_tokens=_int(obj.get("prompt_eval_count")),
                               completion_tokens=_int(obj.get("eval_count")))
        if self.model is None:
            model = obj.get("model")
            self.model = model if type(model) is str else ""

    # ---- output -----------------------------------------------------------------------------------------
    def _switch(self, kind: int) -> None:
        if self._pieces:
            text = "".join(self._pieces)
            self._out.append(Reasoning(text) if self._kind == 1 else Answer(text))
            self._pieces = []
        self._kind = kind

    def _take(self) -> list[Event]:
        if self._pieces:
            self._switch(0)
        out = self._out
        if not out:
            return _EMPTY
        self._out = []
        return out

    def _reasoning(self, text: str) -> None:
        if not self.has_reasoning:
            text = text.lstrip()  # the "\n" after <think>, the "" of the first DeepSeek chunk
            if not text:
                return
            self.has_reasoning = True
        if self._kind != 1:
            self._switch(1)
        self._pieces.append(text)

    def _answer(self, text: str) -> None:
        if not self.has_answer:
            text = text.lstrip()  # the blank lines after </think>
            if not text:
                return
            self.has_answer = True
            self._answering = self.splitter.state == _ANSWER
        if self._kind != 2:
            self._switch(2)
        self._pieces.append(text)

    def _content(self, text: str) -> None:
        sp = self.splitter
        if sp.state == _ANSWER:
            self._answer(text)
            return
        if self.field_reasoning and sp.state == _START:
            sp.implicit = False  # reasoning came in its own field, so content is the answer
            sp.hold = 0
        r, a = sp.feed(text)
        if r:
            self._reasoning(r)
        if a:
            self._answer(a)

    def finish(self, *, elapsed_s: float = 0.0, cut_reason: str | None = None,
               cut_finish: str = "interrupted") -> list[Event]:
        """Flush held-back text and close the stream: [..text, Usage?, Done].

        ``cut_reason`` says why the transport stopped early (connection cut, timeout, interrupt); it is ignored when
        the host had already sent its final chunk (except for a cancel by the user).
        """
        if self._acc is not None:
            self._dispatch()
        r, a = self.splitter.flush()
        if r:
            self._reasoning(r)
        if a:
            self._answer(a)
        out = list(self._take())
        if self.usage is not None:
            out.append(self.usage)
        out.append(self._done(elapsed_s, cut_reason, cut_finish))
        return out

    def _done(self, elapsed_s: float, cut_reason: str | None, cut_finish: str) -> Done:
        fr = self.finish_reason
        ended = self.done or fr is not None
        while_thinking = " while R1 was still thinking" if not self.has_answer else ""
        if self.error:
            return Done(fr or "error", False, self.error, elapsed_s)
        if cut_reason and (not ended or cut_finish == "cancelled"):
            return Done(cut_finish, False, cut_reason + while_thinking, elapsed_s)
        if not ended:
            return Done("interrupted", False, "the connection closed before the reply finished" + while_thinking,
                        elapsed_s)
        if fr == "length":
            return Done(fr, False, "the reply hit the token limit (finish_reason: length)" + while_thinking, elapsed_s)
        if fr in ("content_filter", "insufficient_system_resource", "error"):
            return Done(fr, False, f"the host stopped the reply (finish_reason: {fr})", elapsed_s)
        if self.splitter.thinking:
            return Done(fr, False, "the reply ended inside the reasoning (no </think>): cut off while thinking",
                        elapsed_s)
        if not self.has_answer:
            return Done(fr, False, "the reply contained no answer" + (" after the reasoning" if self.has_reasoning
                                                                       else ""), elapsed_s)
        return Done(fr or "stop", True, "", elapsed_s)
