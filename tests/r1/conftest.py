from __future__ import annotations

import pytest

SENTINEL_KEY = "sk-SENTINEL-9f8e7d6c5b4a3210"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> str:
    """Set every hosted provider's key variable to a sentinel that must never appear in any message."""
    for name in ("DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "TOGETHER_API_KEY"):
        monkeypatch.setenv(name, SENTINEL_KEY)
    return SENTINEL_KEY
