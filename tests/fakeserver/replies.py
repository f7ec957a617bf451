"""Scripted replies of the fake R1 server, in each provider's wire format.

A ``Reply`` is a status, headers and a list of parts written one by one (each flushed as its own HTTP chunk):
``bytes``, ``Pause(seconds)``, ``KeepAlive(seconds, every)`` or ``CUT`` (drop the connection without finishing
the chunked body, like a host that died mid-stream).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Reply", "Pause", "KeepAlive", "CUT", "STYLES", "PROVIDER_MODELS",
    "r1_reply", "nonstream_reply", "error_reply", "bench_reply", "chunk_text",
]

PROVIDER_MODELS: dict[str, str] = {
    "deepseek": "deepseek-reasoner", "openrouter": "deepseek/deepseek-r1", "together": "deepseek-ai/DeepSeek-R1",
    "ollama": "deepseek-r1:7b", "vllm": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    "sglang": "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", "llamacpp": "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf",
    "lmstudio": "deepseek-r1-distill-qwen-7b", "openai-compatible": "deepseek-r1",
}

# How each host delivers reasoning by default: a field name, or "think" (<think> in content), or "noopen"
# (content without the opening tag: the chat template put "<think>\n" into the prompt).
STYLES: dict[str, str] = {
    "deepseek": "reasoning_content", "openrouter": "reasoning", "together": "think", "vllm": "reasoning",
    "sglang": "reasoning_content", "llamacpp": "noopen", "lmstudio": "reasoning_content", "ollama": "thinking",
    "openai-compatible": "think",
}


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class KeepAlive:
    """Send a keep-alive line every ``every`` seconds for ``seconds`` (SSE comment or blank NDJSON line)."""

    seconds: float
    every: float = 0.1
    line: bytes = b": keep-alive\n\n"


class _Cut:
    def __repr__(self) -> str:
        return "CUT"


CUT = _Cut()
Part = bytes | Pause | KeepAlive | _Cut


@dataclass
class Reply:
    status: int = 200
    parts: list[Part] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # latency before the status line
    content_type: str = "text/event-stream"


def chunk_text(text: str | list[str], size: int | None = None) -> list[str]:
    """Token-like pieces of ``text`` (words with their spaces), or fixed ``size`` characters (splits tags)."""
    if isinstance(text, list):
        return [t for t in text if t]
    if not text:
        return []
    if size:
        return [text[i:i + size] for i in range(0, len(text), size)]
    return re.findall(r"\S+\s*|\s+", text)


def _sse(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, ensure_ascii=False).encode() + b"\n\n"


def _usage(provider: str, prompt: int, completion: int, reasoning: int) -> dict[str, Any]:
    usage: dict[str, Any] = {"prompt_tokens": prompt, "completion_tokens": completion,
                             "total_tokens": prompt + completion,
                             "completion_tokens_details": {"reasoning_tokens": reasoning}}
    if provider == "deepseek":
        usage["prompt_tokens_details"] = {"cached_tokens": 0}
        usage["prompt_cache_hit_tokens"] = 0
        usage["prompt_cache_miss_tokens"] = prompt
    if provider == "openrouter":
        usage["cost"] = 0.00123
    return usage


def _chunk(provider: str, model: str, created: int, delta: dict[str, Any], finish: str | None = None,
           usage: dict[str, Any] | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": "chatcmpl-fake0001", "object": "chat.completion.chunk", "created": created,
                           "model": model,
                           "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}
    if provider == "deepseek":
        obj["system_fingerprint"] = "fp_fake_r1"
    if usage is not None:
        obj["usage"] = usage
    return obj


def r1_reply(provider: str = "deepseek", reasoning: str | list[str] = "", answer: str | list[str] = "", *,
             style: str | None = None, finish_reason: str | None = "stop", model: str | None = None,
             usage: bool = True, chunk_size: int | None = None, cut_after: int | None = None,
             malformed_after: int | None = None, keepalive_s: float = 0.0, keepalive_every: float = 0.1,
             done_marker: bool = True, delay_s: float = 0.0, pause_s: float = 0.0) -> Reply:
    """A streamed R1 reply in ``provider``'s format.

    ``cut_after=N`` drops the connection after N text chunks; ``malformed_after=N`` sends a broken JSON chunk after
    N text chunks; ``finish_reason=None`` + ``done_marker=False`` ends without a final chunk; ``pause_s`` waits
    between chunks (latency/interrupt tests).
    """
    style = style or STYLES.get(provider, "think")
    model = model or PROVIDER_MODELS.get(provider, "deepseek-r1")
    if provider == "ollama" and style == "thinking":
        return _ollama_reply(model, reasoning, answer, finish_reason, chunk_size, cut_after, malformed_after,
                             keepalive_s, keepalive_every, delay_s, pause_s)
    created = int(time.time())
    r_chunks = chunk_text(reasoning, chunk_size)
    a_chunks = chunk_text(answer, chunk_size)
    texts: list[dict[str, Any]] = []
    if style in ("think", "noopen"):
        r_text = "".join(r_chunks) if isinstance(reasoning, str) else "".join(r_chunks)
        a_text = "".join(a_chunks)
        full = ("<think>\n" if style == "think" else "") + r_text
        if finish_reason != "length" or a_text:
            full += "\n</think>\n\n" + a_text
        pieces = chunk_text(full, chunk_size or 5) if isinstance(reasoning, str) else (
            (["<think>\n"] if style == "think" else []) + r_chunks + ["\n</think>\n\n"] + a_chunks)
        texts = [{"content": p} for p in pieces]
    else:
        for piece in r_chunks:
            delta: dict[str, Any] = {style: piece}
            if provider in ("deepseek", "sglang", "lmstudio"):
                delta["content"] = None
            elif provider == "openrouter":
                delta["content"] = ""
            texts.append(delta)
        for piece in a_chunks:
            delta = {"content": piece}
            if provider in ("deepseek",):
                delta[style] = None
            texts.append(delta)

    parts: list[Part] = []
    if provider == "openrouter":
        parts.append(b": OPENROUTER PROCESSING\n\n")
    if keepalive_s:
        parts.append(KeepAlive(keepalive_s, keepalive_every))
    if provider == "deepseek":
        parts.append(_sse(_chunk(provider, model, created, {"role": "assistant", "content": None,
                                                            "reasoning_content": ""})))
    for i, delta in enumerate(texts):
        if cut_after is not None and i == cut_after:
            parts.append(CUT)
            return Reply(parts=parts, delay_s=delay_s)
        if malformed_after is not None and i == malformed_after:
            parts.append(b'data: {"id": "chatcmpl-fake0001", "choices": [{"delta": {"content": "oops"\n\n')
        if i == 0 and provider != "deepseek":
            delta = {"role": "assistant", **delta}
        parts.append(_sse(_chunk(provider, model, created, delta)))
        if pause_s:
            parts.append(Pause(pause_s))
        if provider == "openrouter" and i == len(texts) // 2:
            parts.append(b": OPENROUTER PROCESSING\n\n")
    if cut_after is not None:
        parts.append(CUT)
        return Reply(parts=parts, delay_s=delay_s)
    n_r, n_a = len(r_chunks), len(a_chunks)
    u = _usage(provider, 18, n_r + n_a, n_r) if usage else None
    if finish_reason is not None:
        final_delta: dict[str, Any] = {"content": ""}
        if provider == "deepseek":
            final_delta["reasoning_content"] = None
        if provider in ("vllm", "openrouter", "together") and u is not None:
            parts.append(_sse(_chunk(provider, model, created, final_delta, finish_reason)))
            usage_only = _chunk(provider, model, created, {}, None, u)
            usage_only["choices"] = []
            parts.append(_sse(usage_only))
        else:
            parts.append(_sse(_chunk(provider, model, created, final_delta, finish_reason, u)))
    if done_marker:
        parts.append(b"data: [DONE]\n\n")
    return Reply(parts=parts, delay_s=delay_s)


def _ollama_reply(model: str, reasoning: str | list[str], answer: str | list[str], finish_reason: str | None,
                  chunk_size: int | None, cut_after: int | None, malformed_after: int | None, keepalive_s: float,
                  keepalive_every: float, delay_s: float, pause_s: float) -> Reply:
    stamp = "2026-11-29T12:00:00.000000Z"
    lines: list[dict[str, Any]] = []
    for piece in chunk_text(reasoning, chunk_size):
        lines.append({"role": "assistant", "content": "", "thinking": piece})
    for piece in chunk_text(answer, chunk_size):
        lines.append({"role": "assistant", "content": piece})
    parts: list[Part] = []
    if keepalive_s:
        parts.append(KeepAlive(keepalive_s, keepalive_every, b"\n"))
    for i, msg in enumerate(lines):
        if cut_after is not None and i == cut_after:
            parts.append(CUT)
            return Reply(parts=parts, delay_s=delay_s, content_type="application/x-ndjson")
        if malformed_after is not None and i == malformed_after:
            parts.append(b'{"model": "' + model.encode() + b'", "message": {"content": "oo\n')
        parts.append(json.dumps({"model": model, "created_at": stamp, "message": msg, "done": False}).encode() + b"\n")
        if pause_s:
            parts.append(Pause(pause_s))
    if cut_after is not None:
        parts.append(CUT)
    elif finish_reason is not None:
        parts.append(json.dumps({
            "model": model, "created_at": stamp, "message": {"role": "assistant", "content": ""}, "done": True,
            "done_reason": finish_reason, "total_duration": 912345678, "load_duration": 1234567,
            "prompt_eval_count": 18, "prompt_eval_duration": 2345678, "eval_count": len(lines),
            "eval_duration": 812345678}).encode() + b"\n")
    return Reply(parts=parts, delay_s=delay_s, content_type="application/x-ndjson")


def nonstream_reply(provider: str = "deepseek", reasoning: str = "", answer: str = "", *,
                    finish_reason: str = "stop", leading_blank_lines: int = 3, style: str | None = None) -> Reply:
    """A non-streamed chat.completion JSON body, preceded by blank keep-alive lines (as hosted APIs do)."""
    style = style or STYLES.get(provider, "think")
    model = PROVIDER_MODELS.get(provider, "deepseek-r1")
    message: dict[str, Any] = {"role": "assistant"}
    if style in ("think", "noopen"):
        message["content"] = ("<think>\n" if style == "think" else "") + reasoning + "\n</think>\n\n" + answer
    else:
        message["content"] = answer
        message[style if style != "thinking" else "reasoning_content"] = reasoning
    body = {"id": "fake-0001", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
            "usage": _usage(provider, 12, 100, 80)}
    parts: list[Part] = [b"\n"] * leading_blank_lines + [json.dumps(body, indent=2, ensure_ascii=False).encode()]
    return Reply(parts=parts, content_type="application/json")


_ERROR_TEXT = {
    400: ("invalid_request_error", "Invalid request: messages must alternate between user and assistant"),
    401: ("authentication_error", "Authentication Fails, Your api key is invalid"),
    402: ("insufficient_balance", "Insufficient Balance"),
    404: ("not_found", "model not found"),
    422: ("invalid_request_error", "Invalid parameters: temperature must be between 0 and 2"),
    429: ("rate_limit_error", "Rate limit reached for requests"),
    500: ("server_error", "The server had an error while processing your request"),
    503: ("server_busy", "The server is overloaded, please try again later"),
}


def error_reply(status: int, message: str | None = None, *, retry_after: str | float | None = None,
                provider: str = "deepseek", echo: str | None = None) -> Reply:
    """An error response with the host's usual JSON body. ``echo`` adds text to the message (e.g. a sentinel key,
    to prove the client scrubs it)."""
    kind, text = _ERROR_TEXT.get(status, ("error", "error"))
    text = message or text
    if echo:
        text += " " + echo
    body: dict[str, Any]
    if provider == "ollama":
        body = {"error": text}
    else:
        body = {"error": {"message": text, "type": kind, "param": None, "code": str(status)}}
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Reply(status=status, parts=[json.dumps(body).encode()], headers=headers, content_type="application/json")


def bench_reply(n: int = 20_000, provider: str = "deepseek", *, per_event: bool = False) -> Reply:
    """``n`` SSE chunks (half reasoning, half answer), pre-rendered; written in 64 KiB pieces, or one HTTP chunk
    per SSE event with ``per_event`` (like a host that flushes every token)."""
    model = PROVIDER_MODELS.get(provider, "deepseek-r1")
    created = 1764042665
    events: list[bytes] = []
    half = n // 2
    for i in range(n):
        if i < half:
            delta: dict[str, Any] = {"content": None, "reasoning_content": f"step {i} "}
        else:
            delta = {"content": f"word{i} ", "reasoning_content": None}
        events.append(_sse(_chunk(provider, model, created, delta)))
    events.append(_sse(_chunk(provider, model, created, {"content": ""}, "stop", _usage(provider, 10, n, half))))
    events.append(b"data: [DONE]\n\n")
    if per_event:
        return Reply(parts=list(events))
    data = b"".join(events)
    step = 65536
    return Reply(parts=[data[i:i + step] for i in range(0, len(data), step)])
