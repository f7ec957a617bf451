"""Privacy mode and redaction, as functions (the end-to-end proofs against the fake server are in test_e2e_*)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tutor.backend import AskRequest
from tutor.errors import ConfigError, PrivacyError
from tutor.trust import privacy
from tutor.trust.privacy import Redactor


@dataclass
class _B:
    provider: str
    base_url: str
    host: str = ""
    model: str = "m"


@pytest.mark.parametrize(
    "host, expected",
    [
        ("localhost", True), ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
        ("api.localhost", True), ("LOCALHOST.", True),
        ("api.deepseek.com", False), ("10.0.0.5", False), ("192.168.1.2", False), ("0.0.0.0", False),
        ("127.0.0.1.nip.io", False), ("localhost.evil.com", False), ("", False), ("::ffff:8.8.8.8", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert privacy.is_loopback(host) is expected


def test_endpoint_host_prefers_base_url() -> None:
    assert privacy.endpoint_host(_B("vllm", "http://127.0.0.1:8000/v1", host="whatever")) == "127.0.0.1"
    assert privacy.endpoint_host(_B("x", "", host="api.deepseek.com")) == "api.deepseek.com"
    assert privacy.endpoint_host(_B("x", "", host="[::1]:8080")) == "::1"


def test_is_remote_by_host_or_hosted_provider() -> None:
    assert privacy.is_remote(_B("openrouter", "http://127.0.0.1:9/v1"))  # a hosted service stays remote
    assert privacy.is_remote(_B("openai-compatible", "https://r1.school.example/v1"))
    assert not privacy.is_remote(_B("ollama", "http://localhost:11434"))


def test_local_only_refuses_remote_with_reason_and_way_out() -> None:
    privacy.set_session_privacy("local-only")
    with pytest.raises(PrivacyError) as info:
        privacy.check_privacy(_B("deepseek", "https://api.deepseek.com"))
    msg = str(info.value)
    assert "local-only" in msg and "api.deepseek.com" in msg and "%tutor privacy off" in msg
    privacy.check_privacy(_B("ollama", "http://localhost:11434"))  # loopback passes
    privacy.check_privacy(_B("vllm", "http://127.0.0.1:8000/v1"))


def test_privacy_sources_session_beats_settings_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass
    class S:
        privacy: str | None

    monkeypatch.setenv("TUTOR_PRIVACY", "local-only")
    assert privacy.effective_privacy(None) == "local-only"
    assert privacy.effective_privacy(S("off")) == "off"
    privacy.set_session_privacy("local-only")
    assert privacy.effective_privacy(S("off")) == "local-only"
    privacy.set_session_privacy(None)
    assert privacy.effective_privacy(S(None)) == "local-only"  # settings silent → env
    with pytest.raises(ConfigError):
        privacy.set_session_privacy("paranoid")


REDACTION_CASES = [
    ("Mail ana.lopez@school.org please", "Mail [EMAIL_1] please"),
    ("Call +49 30 1234 5678 or 555-123-4567.", "Call [PHONE_1] or [PHONE_2]."),
    ("Ring (555) 123-4567 or 030 1234 5678", "Ring [PHONE_1] or [PHONE_2]"),
    # math and dates are left alone
    ("Solve x^2 - 5x + 6 = 0", "Solve x^2 - 5x + 6 = 0"),
    ("Compute 12345678 * 3 and 2^10 = 1024", "Compute 12345678 * 3 and 2^10 = 1024"),
    ("A 3-4-5 triangle on 2026-11-29", "A 3-4-5 triangle on 2026-11-29"),
    ("List 100 200 300 400 and 1 000 000 and 12.345.678", "List 100 200 300 400 and 1 000 000 and 12.345.678"),
    ("Matrix [[1, 2], [3, 4]], pi = 3.14159265358979", "Matrix [[1, 2], [3, 4]], pi = 3.14159265358979"),
]


@pytest.mark.parametrize("text, expected", REDACTION_CASES)
def test_redact_emails_and_phones_but_not_math(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


def test_roster_names_full_and_parts(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email\n1,Ana,Lopez,a@x.org\n2,Will,Long,w@x.org\n", encoding="utf-8")
    names = privacy.load_roster_names(roster)
    assert {"Ana Lopez", "Ana", "Lopez", "Will Long", "Will", "Long"} <= names
    assert privacy.roster_names() == frozenset(names)
    r = Redactor(names=privacy.roster_names())
    out = r.redact("ana lopez and Will asked: long division of 144 by 12; Long's answer")
    # full names in any case; single words only capitalised, so "long division" survives
    assert out == "[NAME_1] and [NAME_2] asked: long division of 144 by 12; [NAME_3]'s answer"
    assert r.restore(out) == "ana lopez and Will asked: long division of 144 by 12; Long's answer"  # as typed


def test_roster_without_header_and_name_column(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("Ana Lopez\nBen Okafor\n", encoding="utf-8")
    assert privacy.load_roster_names(plain, add=False) == {"Ana Lopez", "Ben Okafor"}
    named = tmp_path / "named.csv"
    named.write_text("Student Name,score\nZoë Brandt,3\n", encoding="utf-8")
    assert privacy.load_roster_names(named, add=False) == {"Zoë Brandt"}
    assert privacy.roster_names() == frozenset()
    with pytest.raises(ConfigError):
        privacy.load_roster_names(tmp_path / "missing.csv")


def test_same_value_same_placeholder_and_request_fields() -> None:
    r = Redactor(names=frozenset({"Ana Lopez"}))
    req = AskRequest(
        problem="Ana Lopez (ana@x.org) asks: 2+2? Ana Lopez again.",
        history=(("user", "I am Ana Lopez"), ("assistant", "Hi [x]")),
        student_answer="ana@x.org says 4",
        context="Call 555-123-4567",
    )
    out = privacy.redact_request(req, r)
    assert out.problem == "[NAME_1] ([EMAIL_1]) asks: 2+2? [NAME_1] again."
    assert out.history == (("user", "I am [NAME_1]"), ("assistant", "Hi [x]"))
    assert out.student_answer == "[EMAIL_1] says 4"
    assert out.context == "Call [PHONE_1]"
    assert out.temperature == req.temperature and out.mode == req.mode


def test_redaction_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass
    class S:
        redact: bool | None

    remote, local = _B("openrouter", "https://openrouter.ai/api/v1"), _B("ollama", "http://localhost:11434")
    assert privacy.redaction_enabled(S(None), remote) is True
    assert privacy.redaction_enabled(S(None), local) is False
    assert privacy.redaction_enabled(S(False), remote) is False
    privacy.set_session_redaction(True)
    assert privacy.redaction_enabled(S(False), remote) is True
