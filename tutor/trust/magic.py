"""``%tutor usage`` / ``%tutor budget`` / ``%tutor privacy``: thin views over the session ledger and privacy state.

Each function takes the rest of the magic line and returns a small report object that renders as Markdown in a
notebook and as plain text elsewhere. Bad arguments raise ConfigError (the magic shows one line).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ConfigError
from .cost import fmt_usd, session_ledger
from .privacy import (
    add_roster_names,
    clear_roster_names,
    describe_privacy,
    effective_privacy,
    load_roster_names,
    redaction_enabled,
    roster_names,
    set_session_privacy,
    set_session_redaction,
)

__all__ = ["TrustReport", "budget_magic", "privacy_magic", "usage_magic"]


class TrustReport:
    """A titled list of (label, value) rows: Markdown in Jupyter, aligned text in a terminal."""

    def __init__(self, title: str, rows: list[tuple[str, str]], note: str = "") -> None:
        self.title = title
        self.rows = rows
        self.note = note

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.title}**", "", "| | |", "|---|---|"]
        lines += [f"| {label} | {value} |" for label, value in self.rows]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)

    def __str__(self) -> str:
        width = max((len(label) for label, _ in self.rows), default=0)
        lines = [self.title] + [f"  {label.ljust(width)}  {value}" for label, value in self.rows]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def as_dict(self) -> dict[str, str]:
        return dict(self.rows)


def _settings() -> Any:
    try:
        from ..config import load_settings
    except ImportError:
        return None
    return load_settings()


def _money(value: float | None) -> str:
    return "none" if value is None else fmt_usd(value)


def usage_magic(args: str = "") -> TrustReport:
    """``%tutor usage`` — tokens (reasoning separately) and cost of this session; ``%tutor usage reset``."""
    word = args.strip().lower()
    ledger = session_ledger()
    if word == "reset":
        ledger.reset()
    elif word:
        raise ConfigError("usage: %tutor usage [reset]")
    settings = _settings()
    t = ledger.totals(settings)
    approx = "~" if t["estimated"] else ""
    rows = [
        ("requests", f"{t['requests']} ({t['cached']} from cache)"),
        ("prompt tokens", f"{t['prompt_tokens']:,}"),
        ("completion tokens", f"{t['completion_tokens']:,}"),
        ("  of which reasoning", f"{t['reasoning_tokens']:,}"),
        ("cost", f"{approx}{_money(t['cost_usd'])}"),
        ("budget", _money(t["budget_usd"])),
    ]
    if t["budget_usd"] is not None:
        rows.append(("left", _money(max(t["remaining_usd"], 0.0))))
    by_model: dict[str, list[float]] = {}
    for e in ledger.entries:
        agg = by_model.setdefault(f"{e.provider} · {e.model}", [0, 0, 0.0])
        agg[0] += 1
        agg[1] += e.completion_tokens
        agg[2] += e.cost_usd
    for name, (n, comp, cost) in by_model.items():
        rows.append((name, f"{int(n)} answers, {int(comp):,} completion tokens, {_money(cost)}"))
    note = "~ some hosts sent no token counts; those are estimated from the text length." if approx else ""
    return TrustReport("Tutor usage this session", rows, note)


_AMOUNT = re.compile(r"^\$?\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:usd|\$)?$", re.IGNORECASE)


def budget_magic(args: str = "") -> TrustReport:
    """``%tutor budget 2.00`` sets this session's budget (US dollars); ``off`` removes it; no argument shows it."""
    word = args.strip()
    ledger = session_ledger()
    if word.lower() in ("off", "none", "unlimited"):
        ledger.set_budget(None)
    elif word.lower() == "default":
        ledger.clear_budget_override()
    elif word:
        match = _AMOUNT.match(word)
        if match is None:
            raise ConfigError(f"usage: %tutor budget 2.00 (US dollars) | off | default — not {word!r}")
        ledger.set_budget(float(match.group(1)))
    settings = _settings()
    budget = ledger.budget(settings)
    left = ledger.remaining_usd(settings)
    rows = [("budget", _money(budget)), ("spent", _money(ledger.spent_usd))]
    if left is not None:
        rows.append(("left", _money(max(left, 0.0))))
    note = ("Requests that could cost more than what is left are refused before anything is sent."
            if budget is not None else "No budget: set one with `%tutor budget 2.00` or TUTOR_BUDGET_USD.")
    return TrustReport("Tutor budget", rows, note)


_ON = {"on", "true", "yes", "1"}
_OFF = {"off", "false", "no", "0"}


def privacy_magic(args: str = "") -> TrustReport:
    """``%tutor privacy [local-only|off|default]``, ``%tutor privacy redact on|off|default``,
    ``%tutor privacy roster FILE.csv`` (names to redact) / ``roster clear``."""
    words = args.split(None, 1)
    head = words[0].lower() if words else ""
    rest = words[1].strip() if len(words) > 1 else ""
    note = ""
    if head in ("local-only", "local", "off"):
        set_session_privacy(head)
    elif head == "default":
        set_session_privacy(None)
    elif head == "redact":
        value = rest.lower()
        if value in _ON | _OFF:
            set_session_redaction(value in _ON)
        elif value == "default":
            set_session_redaction(None)
        else:
            raise ConfigError("usage: %tutor privacy redact on|off|default")
    elif head == "roster":
        if rest.lower() == "clear":
            clear_roster_names()
        elif rest:
            names = load_roster_names(rest.strip("\"'"))
            note = f"{len(names)} name(s) from {rest} will be replaced by placeholders before a prompt leaves."
        else:
            raise ConfigError("usage: %tutor privacy roster FILE.csv | clear")
    elif head == "names" and rest:
        add_roster_names(n.strip() for n in rest.split(","))
    elif head:
        raise ConfigError("usage: %tutor privacy [local-only|off|default] | redact on|off|default | "
                          "roster FILE.csv|clear | names A, B")
    settings = _settings()
    rows = [
        ("mode", effective_privacy(settings)),
        ("redaction (remote providers)", "on" if redaction_enabled(settings) else "off"),
        ("roster names", str(len(roster_names()))),
    ]
    return TrustReport("Tutor privacy", rows, note or describe_privacy(settings))
