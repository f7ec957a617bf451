"""Which R1 host to use: explicit setting > a set key variable > a local server that serves R1 > none.

Probing only touches loopback addresses, all candidates at once, ≤ 300 ms each; ``TUTOR_NO_PROBE=1`` turns it off.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..config import Settings
from .client import R1Backend
from .providers import (
    KEY_PROVIDERS,
    LOCAL_PROVIDERS,
    ProviderProfile,
    get_profile,
    is_loopback,
    is_r1_model,
)

__all__ = ["resolve_backend", "probe_local", "doctor", "connect_hint", "infer_provider", "ProviderStatus",
           "ProbeResult"]

PROBE_TIMEOUT_S = 0.3
_ONLY_MODEL_OK = ("vllm", "sglang", "llamacpp")  # these serve one model; whatever it is, it was chosen


@dataclass(frozen=True, slots=True)
class ProbeResult:
    profile: ProviderProfile
    reachable: bool
    models: tuple[str, ...] = ()
    r1_model: str | None = None  # the model to use when the server is accepted
    note: str = ""


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """One line of ``r1-tutor doctor``. ``reachable`` None = not checked. Never holds a key's value."""

    name: str
    host: str
    reachable: bool | None
    key_env: str | None
    key_set: bool
    models: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""


def _probe_disabled() -> bool:
    return os.environ.get("TUTOR_NO_PROBE", "").strip().lower() not in ("", "0", "false", "no")


def _host(url: str) -> str:
    return httpx.URL(url).netloc.decode() if url else ""


def _probe_one(profile: ProviderProfile, timeout: float) -> ProbeResult:
    base = profile.default_base_url.rstrip("/")
    if not is_loopback(base):
        return ProbeResult(profile, False, note="not a loopback address: not probed")
    if profile.wire == "ollama":
        url = (base[:-3] if base.endswith("/v1") else base) + "/api/tags"
    else:
        url = base + "/models"
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), trust_env=False) as client:
            resp = client.get(url)
    except httpx.HTTPError as exc:
        return ProbeResult(profile, False, note=f"nothing answered ({exc.__class__.__name__})")
    if resp.status_code != 200:
        return ProbeResult(profile, True, note=f"answered HTTP {resp.status_code}")
    try:
        names = tuple(R1Backend._model_names(resp.json()))
    except ValueError:
        return ProbeResult(profile, True, note="answered, but not with a model list")
    r1 = next((n for n in names if is_r1_model(n)), None)
    if r1 is None and len(names) == 1 and profile.name in _ONLY_MODEL_OK:
        r1 = names[0]
    note = f"serves {r1}" if r1 else ("no R1 model served" if names else "serves no model")
    return ProbeResult(profile, True, names, r1, note)


def probe_local(profiles: Sequence[ProviderProfile] | None = None, *,
                timeout: float = PROBE_TIMEOUT_S) -> list[ProbeResult]:
    """Probe local servers concurrently (loopback only). Results keep the order of ``profiles``."""
    candidates = list(profiles) if profiles is not None else [get_profile(n) for n in LOCAL_PROVIDERS]
    if not candidates:
        return []
    with ThreadPoolExecutor(max_workers=len(candidates)) as pool:
        return list(pool.map(lambda p: _probe_one(p, timeout), candidates))


_HOSTED = {"api.deepseek.com": "deepseek", "openrouter.ai": "openrouter", "api.together.xyz": "together"}


def infer_provider(base_url: str) -> str:
    """The provider a bare base URL belongs to: a known hosted API, Ollama's native root, else openai-compatible
    (so that ``--base-url https://openrouter.ai/api/v1`` alone uses OPENROUTER_API_KEY)."""
    url = httpx.URL(base_url)
    if url.host in _HOSTED:
        return _HOSTED[url.host]
    if url.port == 11434 and not url.path.rstrip("/").endswith("/v1"):
        return "ollama"
    return "openai-compatible"


def resolve_backend(settings: Settings, *, http: httpx.Client | None = None,
                    probe: Sequence[ProviderProfile] | None = None) -> R1Backend | None:
    """The backend ``settings`` ask for, or one found (key variable, then local probe); None = use offline tutor.

    ``probe`` replaces the local profiles to probe (tests point it at a loopback fake server).
    """
    s = settings
    common: dict[str, Any] = {"http": http, "timeouts": s.timeouts}
    if s.provider or s.base_url:
        name = s.provider or infer_provider(s.base_url or "")
        src = s.source("provider") if s.provider else s.source("base_url")
        return R1Backend(get_profile(name), base_url=s.base_url, model=s.model, api_key_env=s.api_key_env,
                         selected_by=src, **common)
    # privacy = "local-only": never pick a remote host on our own (an explicit choice above is refused later,
    # with a message, by tutor.trust).
    hosted = () if s.privacy == "local-only" else KEY_PROVIDERS
    for name in hosted:
        profile = get_profile(name)
        if profile.key_env and os.environ.get(profile.key_env, "").strip():
            return R1Backend(profile, model=s.model, selected_by=f"key variable {profile.key_env}",
                             **common)
    if _probe_disabled() and probe is None:
        return None
    for result in probe_local(probe):
        if result.r1_model:
            return R1Backend(result.profile, model=s.model or result.r1_model, selected_by="probe",
                             **common)
    return None


def doctor(settings: Settings, *, probe: Sequence[ProviderProfile] | None = None,
           hosted: Sequence[ProviderProfile] | None = None, timeout: float = 2.0) -> list[ProviderStatus]:
    """Status of every provider: reachable (local: probed; hosted: checked only when its key is set), key set,
    models seen. ``probe``/``hosted`` replace the local/hosted profiles (tests point them at fake servers)."""
    remote = list(hosted) if hosted is not None else [get_profile(n) for n in KEY_PROVIDERS]
    if settings.base_url and (settings.provider in (None, "openai-compatible")):
        remote.append(ProviderProfile("openai-compatible", settings.base_url, settings.api_key_env,
                                      settings.model, key_optional=True))
    out: list[ProviderStatus] = []
    for profile in remote:
        key_env = profile.key_env
        key_set = bool(key_env and os.environ.get(key_env, "").strip())
        if not key_set and not profile.key_optional:
            out.append(ProviderStatus(profile.name, _host(profile.default_base_url), None, key_env, False,
                                      note=f"set {key_env} to use it" if key_env else "not checked"))
        elif settings.privacy == "local-only" and not is_loopback(profile.default_base_url):
            # local-only means nothing leaves the machine — not even a doctor's model listing
            out.append(ProviderStatus(profile.name, _host(profile.default_base_url), None, key_env, key_set,
                                      note="not contacted (privacy local-only)"))
        else:
            out.append(_check_hosted(profile, timeout, key_env, key_set))
    local = list(probe) if probe is not None else [get_profile(n) for n in LOCAL_PROVIDERS]
    if _probe_disabled() and probe is None:
        for profile in local:
            key_set = bool(profile.key_env and os.environ.get(profile.key_env, "").strip())
            out.append(ProviderStatus(profile.name, _host(profile.default_base_url), None, profile.key_env, key_set,
                                      note="probing disabled (TUTOR_NO_PROBE)"))
        return out
    for r in probe_local(local, timeout=min(timeout, 1.0)):
        key_env = r.profile.key_env
        key_set = bool(key_env and os.environ.get(key_env, "").strip())
        out.append(ProviderStatus(r.profile.name, _host(r.profile.default_base_url), r.reachable, key_env, key_set,
                                  r.models, r.note))
    return out


def _check_hosted(profile: ProviderProfile, timeout: float, key_env: str | None, key_set: bool) -> ProviderStatus:
    host = _host(profile.default_base_url)
    backend = R1Backend(profile, api_key_env=key_env, retries=0, timeouts=None)
    backend.timeouts = type(backend.timeouts)(connect_s=timeout, idle_s=timeout, total_s=timeout)
    try:
        models = tuple(backend.list_models())
    except Exception as exc:  # doctor reports; it never fails on one provider
        from ..errors import ProviderUnreachable

        reachable = not isinstance(exc, ProviderUnreachable)
        return ProviderStatus(profile.name, host, reachable, key_env, key_set, note=str(exc)[:160])
    finally:
        backend.close()
    return ProviderStatus(profile.name, host, True, key_env, key_set, models[:8], "key accepted" if key_set else "")


def connect_hint() -> str:
    """One line telling the user how to connect an R1 host."""
    return ("No R1 host found: run `ollama pull deepseek-r1:7b` and start Ollama (local, free), or set "
            "OPENROUTER_API_KEY / DEEPSEEK_API_KEY / TOGETHER_API_KEY, or pass --provider NAME --base-url URL.")
