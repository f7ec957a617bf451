"""R1 transport: provider profiles, the streaming client, prompts and host detection.

Names load lazily so that importing ``tutor.r1.providers`` (e.g. from ``tutor.config``) does not pull in httpx.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "R1Backend": "tutor.r1.client",
    "Timeouts": "tutor.config",
    "ProviderProfile": "tutor.r1.providers",
    "PROFILES": "tutor.r1.providers",
    "get_profile": "tutor.r1.providers",
    "StreamParser": "tutor.r1.stream",
    "ThinkSplitter": "tutor.r1.stream",
    "build_prompt": "tutor.r1.prompts",
    "resolve_backend": "tutor.r1.detect",
    "probe_local": "tutor.r1.detect",
    "doctor": "tutor.r1.detect",
    "connect_hint": "tutor.r1.detect",
    "ProviderStatus": "tutor.r1.detect",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tutor.r1' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
