"""Provider profiles: every R1 host the tutor knows, in one table.

A profile only says *where* and *how* to talk to a host; ``R1Backend`` does the talking. Tests override
``default_base_url`` with ``dataclasses.replace`` to point a profile at the loopback fake server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from ..errors import ConfigError

__all__ = [
    "ProviderProfile",
    "PROFILES",
    "KEY_PROVIDERS",
    "LOCAL_PROVIDERS",
    "get_profile",
    "ollama_base_url",
    "is_loopback",
    "is_r1_model",
]

Wire = Literal["openai", "ollama"]


@dataclass(frozen=True, slots=True)
class ProviderProfile:
    """How to reach one kind of R1 host.

    ``default_model`` None means "ask the host": the first R1 model it lists, else the first model served.
    Prices live in one place, ``tutor.trust.cost`` (it fills ``Usage.cost_usd``); a host-reported cost (OpenRouter's
    ``usage.cost``) is passed through as is.
    """

    name: str
    default_base_url: str
    key_env: str | None
    default_model: str | None
    wire: Wire = "openai"
    local: bool = False
    key_optional: bool = False
    stream_options: bool = True  # accepts {"stream_options": {"include_usage": true}}
    note: str = ""


# DeepSeek retired the name "deepseek-reasoner" on 2026-07-24; rather than hard-coding a successor name we ask the
# API (GET /models) for its reasoning model unless TUTOR_MODEL / --model says otherwise.
_TABLE: tuple[ProviderProfile, ...] = (
    ProviderProfile("deepseek", "https://api.deepseek.com", "DEEPSEEK_API_KEY", None,
                    note="hosted DeepSeek API; model = the API's current reasoning model unless set"),
    ProviderProfile("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "deepseek/deepseek-r1",
                    note="hosted, many R1 providers behind one key"),
    ProviderProfile("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", "deepseek-ai/DeepSeek-R1",
                    note="hosted"),
    ProviderProfile("ollama", "http://localhost:11434", None, "deepseek-r1:7b", wire="ollama", local=True,
                    stream_options=False, note="local; `ollama pull deepseek-r1:7b`"),
    ProviderProfile("vllm", "http://localhost:8000/v1", "VLLM_API_KEY", None, local=True, key_optional=True,
                    note="local; start with --reasoning-parser deepseek_r1"),
    ProviderProfile("sglang", "http://localhost:30000/v1", "SGLANG_API_KEY", None, local=True, key_optional=True,
                    note="local; start with --reasoning-parser deepseek-r1"),
    ProviderProfile("llamacpp", "http://localhost:8080/v1", "LLAMA_API_KEY", None, local=True, key_optional=True,
                    note="local llama.cpp server"),
    ProviderProfile("lmstudio", "http://localhost:1234/v1", None, None, local=True, note="local LM Studio server"),
    ProviderProfile("openai-compatible", "", None, None, key_optional=True,
                    note="any OpenAI-compatible endpoint: --base-url, --api-key-env, --model"),
)

PROFILES: dict[str, ProviderProfile] = {p.name: p for p in _TABLE}
KEY_PROVIDERS: tuple[str, ...] = ("deepseek", "openrouter", "together")  # auto-selected when their key is set
LOCAL_PROVIDERS: tuple[str, ...] = ("ollama", "vllm", "sglang", "llamacpp", "lmstudio")  # probed, in this order

_ALIASES = {"openai": "openai-compatible", "compatible": "openai-compatible", "llama.cpp": "llamacpp",
            "lm-studio": "lmstudio", "lm_studio": "lmstudio"}


def get_profile(name: str) -> ProviderProfile:
    """The profile called ``name`` (case-insensitive); ConfigError listing the known names otherwise."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        profile = PROFILES[key]
    except KeyError:
        raise ConfigError(f"unknown provider {name!r}; choose one of: {', '.join(PROFILES)}") from None
    if profile.name == "ollama":
        return _with_ollama_host(profile)
    return profile


def ollama_base_url() -> str:
    """Ollama's base URL, honouring OLLAMA_HOST (``host``, ``host:port`` or a full URL)."""
    raw = os.environ.get("OLLAMA_HOST", "").strip()
    if not raw:
        return "http://localhost:11434"
    if "://" not in raw:
        raw = "http://" + raw
    parts = urlsplit(raw)
    host = parts.hostname or "localhost"
    if host in ("0.0.0.0", "::"):  # a bind-all address means "this machine" for a client
        host = "localhost"
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or (443 if parts.scheme == "https" else 11434)
    return f"{parts.scheme}://{host}:{port}{parts.path.rstrip('/')}"


def _with_ollama_host(profile: ProviderProfile) -> ProviderProfile:
    from dataclasses import replace

    url = ollama_base_url()
    return profile if url == profile.default_base_url else replace(profile, default_base_url=url)


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this machine (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(url).hostname or "").lower()
    return host == "localhost" or host.startswith("127.") or host == "::1"


def is_r1_model(name: str) -> bool:
    """Whether a served model name looks like DeepSeek-R1 or one of its distills."""
    return "r1" in name.lower()
