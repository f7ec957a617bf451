"""Privacy: the ``local-only`` mode and redaction of personal data before a prompt leaves the machine.

``privacy = "local-only"`` (config, ``TUTOR_PRIVACY``, ``%tutor privacy local-only``) refuses every endpoint that is
not a loopback address *before* anything is sent. Redaction replaces e-mail addresses, phone numbers and the names of a
loaded roster with placeholders (``[EMAIL_1]``, ``[PHONE_1]``, ``[NAME_1]``) in every text field of a request bound for
a remote provider; the placeholders are put back locally in the reply, so the student still reads the real name.
"""

from __future__ import annotations

import csv
import ipaddress
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..backend import AskRequest
from ..errors import ConfigError, PrivacyError

__all__ = [
    "PRIVACY_MODES",
    "Redactor",
    "add_roster_names",
    "check_privacy",
    "clear_roster_names",
    "describe_privacy",
    "effective_privacy",
    "endpoint_host",
    "is_loopback",
    "is_remote",
    "load_roster_names",
    "redact_request",
    "redaction_enabled",
    "roster_names",
    "set_session_privacy",
    "set_session_redaction",
]

PRIVACY_MODES: tuple[str, ...] = ("off", "local-only")

# Providers whose service is remote by definition, even when a test or a local proxy points them at loopback.
_REMOTE_PROVIDERS = frozenset({"deepseek", "openrouter", "together"})

# Session-level state (one kernel / one CLI run): a %tutor privacy override and the roster names.
_session: dict[str, Any] = {"privacy": None, "redact": None}
_roster: set[str] = set()


# ---------------------------------------------------------------------------------------------------------------
# endpoints


def endpoint_host(backend: Any) -> str:
    """The bare host name a backend talks to (from ``base_url`` when it has one, else ``host``)."""
    url = str(getattr(backend, "base_url", "") or "")
    host = ""
    if url:
        try:
            host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        except ValueError:
            host = ""
    if not host:
        raw = str(getattr(backend, "host", "") or "")
        try:
            host = urlsplit(raw if "//" in raw else "//" + raw).hostname or raw
        except ValueError:
            host = raw
    return host.strip("[]").lower()


def is_loopback(host: str) -> bool:
    """True only for addresses that never leave the machine: 127.0.0.0/8, ::1, ``localhost`` (no DNS lookup)."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_remote(backend: Any) -> bool:
    """A backend is remote when its endpoint is not loopback or its provider is a hosted service."""
    if str(getattr(backend, "provider", "")).lower() in _REMOTE_PROVIDERS:
        return True
    return not is_loopback(endpoint_host(backend))


# ---------------------------------------------------------------------------------------------------------------
# privacy mode


def _normalize_mode(value: str) -> str:
    mode = value.strip().lower().replace("_", "-")
    if mode in ("", "none", "default"):
        mode = "off"
    if mode in ("local", "localonly"):
        mode = "local-only"
    if mode not in PRIVACY_MODES:
        raise ConfigError(f"privacy must be one of {', '.join(PRIVACY_MODES)} (got {value.strip()!r})")
    return mode


def set_session_privacy(mode: str | None) -> str | None:
    """Override the privacy mode for this session (``%tutor privacy``); None returns to the configured mode."""
    _session["privacy"] = None if mode is None else _normalize_mode(mode)
    return _session["privacy"]


def effective_privacy(settings: Any = None) -> str:
    """The mode in force: the session override, else ``settings.privacy``, else ``TUTOR_PRIVACY``, else off."""
    if _session["privacy"] is not None:
        return str(_session["privacy"])
    value = getattr(settings, "privacy", None) if settings is not None else None
    if value is None:
        value = os.environ.get("TUTOR_PRIVACY")
    return _normalize_mode(str(value)) if value else "off"


def describe_privacy(settings: Any = None) -> str:
    """One line for ``doctor`` / ``%tutor privacy``."""
    mode = effective_privacy(settings)
    if mode == "local-only":
        return "privacy: local-only — only loopback hosts (Ollama, vLLM, llama.cpp … on this machine) are used"
    redact = "on" if redaction_enabled(settings) else "off"
    return f"privacy: off — remote providers allowed; redaction of e-mails/phones/roster names {redact}"


def check_privacy(backend: Any, settings: Any = None) -> None:
    """Raise PrivacyError if the mode is local-only and the backend's endpoint is not loopback."""
    if effective_privacy(settings) != "local-only":
        return
    host = endpoint_host(backend)
    if is_loopback(host):
        return
    provider = getattr(backend, "provider", "") or "this provider"
    raise PrivacyError(
        f"privacy is local-only, so nothing was sent to {provider} at {host or 'an unknown host'} "
        "(not this machine). Use a local R1 server (e.g. `ollama pull deepseek-r1:7b`), "
        "or switch with `%tutor privacy off` / TUTOR_PRIVACY=off."
    )


# ---------------------------------------------------------------------------------------------------------------
# roster

_NAME_COLUMNS = ("name", "full name", "full_name", "fullname", "student", "student name", "student_name")
_FIRST_COLUMNS = ("first", "first name", "first_name", "firstname", "given name", "given_name", "vorname")
_LAST_COLUMNS = ("last", "last name", "last_name", "lastname", "surname", "family name", "family_name", "nachname")


def load_roster_names(csv_path: str | os.PathLike[str], *, add: bool = True) -> set[str]:
    """Read student names from a roster CSV (a name / first+last column, or one name per line).

    The names join the session's redaction set unless ``add=False``. Returns the names read.
    """
    path = Path(csv_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read roster {path}: {exc.__class__.__name__}") from None
    rows = list(csv.reader(text.splitlines()))
    rows = [r for r in rows if any(c.strip() for c in r)]
    names: set[str] = set()
    if rows:
        header = [c.strip().lower() for c in rows[0]]

        def col(options: tuple[str, ...]) -> int | None:
            return next((header.index(o) for o in options if o in header), None)

        name_i, first_i, last_i = col(_NAME_COLUMNS), col(_FIRST_COLUMNS), col(_LAST_COLUMNS)
        if name_i is None and first_i is None and last_i is None:
            names = {r[0].strip() for r in rows if r and r[0].strip()}  # no header: one name per line
        else:
            for r in rows[1:]:
                def cell(i: int | None, r: list[str] = r) -> str:
                    return r[i].strip() if i is not None and i < len(r) else ""

                full = cell(name_i) or " ".join(p for p in (cell(first_i), cell(last_i)) if p)
                if full:
                    names.add(full)
                for part in (cell(first_i), cell(last_i)):
                    if part:
                        names.add(part)
    names = {" ".join(n.split()) for n in names if len(n.strip()) >= 2}
    if add:
        add_roster_names(names)
    return names


def add_roster_names(names: Iterable[str]) -> None:
    """Add names to the session's redaction set."""
    _roster.update(" ".join(n.split()) for n in names if n and len(n.strip()) >= 2)


def clear_roster_names() -> None:
    _roster.clear()


def roster_names() -> frozenset[str]:
    return frozenset(_roster)


# ---------------------------------------------------------------------------------------------------------------
# redaction

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# Phone numbers are matched conservatively so that math ("x = 12345", "3-4-5", dates) is left alone:
# international "+CC …", or digit groups joined by separators like "(555) 123-4567", "030 1234 5678".
_PHONE_INTL = r"\+\d{1,3}(?:[ .\-/]?(?:\(\d{1,5}\)|\d{1,5})){2,6}"
_PHONE_GROUPED = r"\(?\b\d{2,5}\)?(?:[ .\-/]\d{2,5}){2,4}\b|\(\d{2,5}\)[ ]?\d{3,4}[ .\-]\d{3,5}\b"
_PHONE = rf"(?<![\w+.^*/])(?:{_PHONE_INTL}|{_PHONE_GROUPED})(?!\w|\.\d|\^)"
_EMAIL_RE = re.compile(_EMAIL)
_PHONE_RE = re.compile(_PHONE)
_PLACEHOLDER_RE = re.compile(r"\[(?:EMAIL|PHONE|NAME)_\d+\]")


def _looks_like_phone(match: str) -> bool:
    digits = sum(ch.isdigit() for ch in match)
    if not 7 <= digits <= 15:
        return False
    if match.startswith("+"):
        return True
    seps = re.findall(r"[ .\-/()]", match)
    # "1 2 3 4" (a list of small numbers) or "2026-11-29" (a date) are not phone numbers.
    groups = [g for g in re.split(r"[ .\-/()]+", match) if g]
    if any(len(g) == 1 for g in groups) or len(groups) < 2 or not seps:
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{2}[./-]\d{2}[./-]\d{4}", match):
        return False
    if re.fullmatch(r"[1-9]\d{0,2}(?:([.  ])\d{3})(?:\1\d{3})*", match):
        return False  # "12.345.678", "1 000 000": a number with thousands separators
    if set(seps) == {" "}:
        # "100 200 300" is a list of numbers; "030 1234 5678" (trunk prefix 0) is a phone number.
        return match.startswith("0")
    return True


@dataclass
class Redactor:
    """Replaces personal data with numbered placeholders and restores them in the reply.

    The same value always gets the same placeholder, so a conversation stays coherent; numbering restarts per
    request, so the cache key (taken after redaction) does not depend on who asked.
    """

    names: frozenset[str] = field(default_factory=frozenset)
    mapping: dict[str, str] = field(default_factory=dict)  # placeholder -> original
    _reverse: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def _placeholder(self, kind: str, value: str) -> str:
        norm = re.sub(r"\D", "", value) if kind == "PHONE" else value.lower()
        key = kind + ":" + norm
        if key not in self._reverse:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            ph = f"[{kind}_{self._counts[kind]}]"
            self._reverse[key] = ph
            self.mapping[ph] = value
        return self._reverse[key]

    def _names_res(self) -> list[re.Pattern[str]]:
        # Full names match in any case; a single word ("Will", "Long") only as written or in capitals, so that
        # "long division" survives. Longest first so "Ana Lopez" wins over "Ana"; inner whitespace may vary.
        full = sorted((n for n in self.names if len(n.split()) > 1), key=len, reverse=True)
        single = sorted((n for n in self.names if len(n.split()) == 1), key=len, reverse=True)
        out = []
        if full:
            alts = [r"\s+".join(map(re.escape, n.split())) for n in full]
            out.append(re.compile(r"(?<![\w@])(?:" + "|".join(alts) + r")(?![\w@])", re.IGNORECASE))
        if single:
            alts = sorted({re.escape(v) for n in single for v in (n, n.upper())}, key=len, reverse=True)
            out.append(re.compile(r"(?<![\w@])(?:" + "|".join(alts) + r")(?![\w@])"))
        return out

    def redact(self, text: str) -> str:
        if not text:
            return text
        text = _EMAIL_RE.sub(lambda m: self._placeholder("EMAIL", m.group(0)), text)
        text = _PHONE_RE.sub(
            lambda m: self._placeholder("PHONE", m.group(0)) if _looks_like_phone(m.group(0)) else m.group(0), text
        )
        for names_re in self._names_res():
            text = names_re.sub(lambda m: self._placeholder("NAME", " ".join(m.group(0).split())), text)
        return text

    def restore(self, text: str) -> str:
        if not self.mapping or "[" not in text:
            return text
        return _PLACEHOLDER_RE.sub(lambda m: self.mapping.get(m.group(0), m.group(0)), text)


def set_session_redaction(on: bool | None) -> None:
    """Force redaction on/off for this session (``%tutor privacy redact on|off``); None returns to the settings."""
    _session["redact"] = on


def redaction_enabled(settings: Any = None, backend: Any = None) -> bool:
    """Redaction is on for remote providers unless the session, ``settings.redact`` or ``TUTOR_REDACT`` says otherwise."""
    value = _session["redact"]
    if value is None:
        value = getattr(settings, "redact", None) if settings is not None else None
    if value is None:
        env = os.environ.get("TUTOR_REDACT", "").strip().lower()
        value = None if not env else env not in ("0", "false", "no", "off")
    if value is None:
        return True if backend is None else is_remote(backend)
    return bool(value)


def redact_request(request: AskRequest, redactor: Redactor) -> AskRequest:
    """A copy of the request with every free-text field redacted."""
    history = tuple((role, redactor.redact(content)) for role, content in request.history)
    return replace(
        request,
        problem=redactor.redact(request.problem),
        history=history,
        student_answer=None if request.student_answer is None else redactor.redact(request.student_answer),
        context=None if request.context is None else redactor.redact(request.context),
    )
