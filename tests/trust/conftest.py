"""Fixtures for the trust tests: isolated cache/config dirs and a clean session (privacy, roster, ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from tutor.trust import cost, privacy


@pytest.fixture(autouse=True)
def _clean_trust_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("TUTOR_NO_PROBE", "1")
    for var in ("TUTOR_PRIVACY", "TUTOR_REDACT", "TUTOR_BUDGET_USD", "TUTOR_PRICES_FILE", "TUTOR_CACHE",
                "TUTOR_PROVIDER", "TUTOR_BASE_URL", "TUTOR_MODEL", "TUTOR_API_KEY_ENV"):
        monkeypatch.delenv(var, raising=False)
    privacy.set_session_privacy(None)
    privacy.set_session_redaction(None)
    privacy.clear_roster_names()
    ledger = cost.session_ledger()
    ledger.reset()
    ledger.clear_budget_override()
    yield
    privacy.set_session_privacy(None)
    privacy.set_session_redaction(None)
    privacy.clear_roster_names()
    ledger.reset()
    ledger.clear_budget_override()


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    from tutor.magics import load_ipython_extension

    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    load_ipython_extension(ip)
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()
