"""Request building, HTTP-status → error mapping and retry timing, shared by the sync and async client."""

from __future__ import annotations

import json
import random
import time
from email.utils import parsedate_to_datetime
from typing import Any

from ..backend import AskRequest
from ..errors import (
    AuthError,
    BadRequest,
    BalanceError,
    ConfigError,
    ProviderError,
    RateLimited,
    ServerBusy,
)
from .prompts import build_prompt
from .providers import ProviderProfile

__all__: list[str] = []  # private module

RETRYABLE = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF_S = 30.0


def strip_reasoning(text: str) -> str:
    """An assistant turn without its thought: R1 must never get reasoning back (the API answers 400)."""
    end = text.rfind("</think>")
    if end >= 0:
        return text[end + len("</think>"):].strip()
    return text.strip()


def build_messages(request: AskRequest, prompt: str) -> list[dict[str, str]]:
    """History (content only, alternating user/assistant, starting with user) + the prompt as the last user turn."""
    msgs: list[dict[str, str]] = []
    for role, content in request.history:
        if role not in ("user", "assistant"):
            raise ConfigError(f"history roles must be 'user' or 'assistant' (R1 takes no system prompt), not {role!r}")
        text = strip_reasoning(content) if role == "assistant" else content.strip()
        if not text or (not msgs and role == "assistant"):
            continue
        if msgs and msgs[-1]["role"] == role:  # keep roles alternating: merge neighbours
            msgs[-1]["content"] += "\n\n" + text
        else:
            msgs.append({"role": role, "content": text})
    if msgs and msgs[-1]["role"] == "user":
        msgs[-1]["content"] += "\n\n" + prompt
    else:
        msgs.append({"role": "user", "content": prompt})
    return msgs


def build_body(profile: ProviderProfile, model: str, request: AskRequest) -> dict[str, Any]:
    """The JSON body for ``request`` on ``profile``'s wire, following the DeepSeek-R1 model card."""
    if not request.problem or not request.problem.strip():
        raise ConfigError("the problem is empty: write the question after %tutor (or in the cell)")
    messages = build_messages(request, build_prompt(request))
    if profile.wire == "ollama":
        options: dict[str, Any] = {"temperature": request.temperature, "top_p": request.top_p}
        if request.max_tokens:
            options["num_predict"] = request.max_tokens
        return {"model": model, "messages": messages, "stream": True, "think": True, "options": options}
    body: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "stream": True,
        "temperature": request.temperature,  # explicit: some hosts (Ollama /v1) default to 1.0
        "top_p": request.top_p,
    }
    if profile.stream_options:
        body["stream_options"] = {"include_usage": True}
    if request.max_tokens:
        body["max_tokens"] = request.max_tokens
    return body


def host_message(body: bytes, secret: str | None) -> str:
    """The host's own error text, short, with the key scrubbed in case a host echoes it."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data.get("message")))
        if isinstance(err, dict):
            err = err.get("message") or err.get("msg") or err.get("type")
        elif isinstance(err, list) and err and isinstance(err[0], dict):
            err = err[0].get("msg") or err[0].get("message")
        if err:
            text = str(err)
    text = " ".join(text.split())
    if secret and len(secret) >= 4:
        text = text.replace(secret, "<key>")
    return text[:200] + ("…" if len(text) > 200 else "")


def key_hint(profile: ProviderProfile, key_env: str | None) -> str:
    if key_env:
        return f"check that the environment variable {key_env} holds a valid key"
    return "set --api-key-env NAME to the environment variable holding the key"


def status_error(status: int, profile: ProviderProfile, key_env: str | None, model: str, detail: str,
                 attempts: int = 1) -> ProviderError:
    """The user-facing error for a non-2xx reply (after retries, when retryable). Never contains the key."""
    name = profile.name
    said = f": {detail}" if detail else ""
    if status == 401:
        return AuthError(f"{name} rejected the API key (HTTP 401{said}); {key_hint(profile, key_env)}.",
                         provider=name, status=status)
    if status == 403:
        return AuthError(f"{name} refused access (HTTP 403{said}); {key_hint(profile, key_env)} and that it may "
                         f"use model {model!r}.", provider=name, status=status)
    if status == 402:
        return BalanceError(f"{name}: the account is out of credit (HTTP 402{said}). Top up the balance, or use a "
                            "local R1 (--provider ollama).", provider=name, status=status)
    if status == 404:
        fix = f"run `ollama pull {model}`" if profile.wire == "ollama" else "check --model and --base-url"
        return BadRequest(f"{name} does not know model {model!r} or the endpoint (HTTP 404{said}); {fix}.",
                          provider=name, status=status)
    if status == 429:
        return RateLimited(f"{name} is rate-limiting requests (HTTP 429{said}), still after {attempts} attempts; "
                           "wait a minute and try again.", provider=name, status=status)
    if status == 503:
        return ServerBusy(f"{name} is overloaded (HTTP 503{said}) after {attempts} attempts; try again later or "
                          "choose another provider.", provider=name, status=status)
    if status >= 500:
        return ServerBusy(f"{name} had a server error (HTTP {status}{said}) after {attempts} attempts; try again "
                          "later or choose another provider.", provider=name, status=status)
    if status == 422:
        return BadRequest(f"{name} rejected the request parameters (HTTP 422{said}); check --model ({model!r}) "
                          "and the options.", provider=name, status=status)
    return BadRequest(f"{name} rejected the request (HTTP {status}{said}); check --model ({model!r}) and "
                      "--base-url.", provider=name, status=status)


def retry_after_s(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent/unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff_s(attempt: int, base_s: float) -> float:
    """Exponential backoff with jitter (attempt 0, 1, 2 …)."""
    delay = min(_MAX_BACKOFF_S, base_s * (2**attempt))
    return delay + random.uniform(0, delay * 0.25)  # noqa: S311 - jitter, not security
