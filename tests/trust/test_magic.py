"""%tutor usage | budget | privacy in a real IPython InteractiveShell (dispatched by tutor.magics)."""

from __future__ import annotations

from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from tutor.errors import ConfigError
from tutor.trust import GuardedBackend, privacy, session_ledger
from tutor.trust.cost import LedgerEntry
from tutor.trust.magic import TrustReport, budget_magic, privacy_magic, usage_magic


def test_usage_renders_markdown_and_text(shell: InteractiveShell) -> None:
    ledger = session_ledger()
    ledger.record(LedgerEntry("deepseek", "deepseek-reasoner", 100, 2000, 1500, 0.0044))
    ledger.record(LedgerEntry("deepseek", "deepseek-reasoner", 100, 2000, 1500, 0.0, cached=True))
    report = shell.run_line_magic("tutor", "usage")
    assert isinstance(report, TrustReport)
    rows = report.as_dict()
    assert rows["requests"] == "2 (1 from cache)"
    assert rows["completion tokens"] == "4,000" and rows["  of which reasoning"] == "3,000"
    assert rows["cost"] == "$0.0044" and rows["budget"] == "none"
    md = report._repr_markdown_()
    assert md.startswith("**Tutor usage this session**") and "| cost | $0.0044 |" in md
    assert "deepseek · deepseek-reasoner" in str(report)
    shell.run_line_magic("tutor", "usage reset")
    assert usage_magic("").as_dict()["requests"] == "0 (0 from cache)"


def test_budget_set_show_off(shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    assert shell.run_line_magic("tutor", "budget 2.00").as_dict() == {"budget": "$2.00", "spent": "$0.00",
                                                                      "left": "$2.00"}
    assert budget_magic("$0.50").as_dict()["budget"] == "$0.50"
    assert budget_magic("off").as_dict()["budget"] == "none"
    monkeypatch.setenv("TUTOR_BUDGET_USD", "3")
    assert budget_magic("default").as_dict()["budget"] == "$3.00"  # back to settings / environment
    with pytest.raises(ConfigError, match="usage: %tutor budget"):
        budget_magic("two dollars")


def test_bad_arguments_are_one_line_errors(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    shell.run_line_magic("tutor", "budget lots")
    shell.run_line_magic("tutor", "privacy paranoid")
    shell.run_line_magic("tutor", "usage everything")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "tutor: usage: %tutor budget 2.00 (US dollars) | off | default — not 'lots'",
        "tutor: usage: %tutor privacy [local-only|off|default] | redact on|off|default | roster FILE.csv|clear "
        "| names A, B",
        "tutor: usage: %tutor usage [reset]",
    ]


def test_privacy_modes_roster_and_names(tmp_path: Path) -> None:
    assert privacy_magic("").as_dict()["mode"] == "off"
    assert privacy_magic("local-only").as_dict()["mode"] == "local-only"
    assert privacy_magic("default").as_dict()["mode"] == "off"
    roster = tmp_path / "class.csv"
    roster.write_text("name\nAna Lopez\nBen Okafor\n", encoding="utf-8")
    report = privacy_magic(f"roster {roster}")
    assert "will be replaced by placeholders" in report.note
    assert report.as_dict()["roster names"] == "2"
    privacy_magic("names Zoë Brandt, Kim Park")
    assert privacy.roster_names() == {"Ana Lopez", "Ben Okafor", "Zoë Brandt", "Kim Park"}
    privacy_magic("roster clear")
    assert privacy.roster_names() == frozenset()
    assert privacy_magic("redact off").as_dict()["redaction (remote providers)"] == "off"
    with pytest.raises(ConfigError):
        privacy_magic("roster")


def test_guard_is_transparent_for_other_attributes() -> None:
    class Inner:
        provider, model, host, api_key_env = "deepseek", "r", "api.deepseek.com", "DEEPSEEK_API_KEY"

        def stream(self, request: object) -> list[object]:
            return []

    g = GuardedBackend(Inner(), None, cache=False)  # type: ignore[arg-type]
    assert g.api_key_env == "DEEPSEEK_API_KEY" and g.inner.provider == "deepseek"
    with pytest.raises(AttributeError):
        g.no_such_attribute  # noqa: B018
