"""Cost: a per-provider price table, cost of a ``Usage``, a session ledger and the spending budget.

Prices are US dollars per million tokens. The built-in table holds list prices for R1 on the hosted services
(late 2026; check your provider's page) and 0 for every local server. Override it with a TOML or JSON file named by
``TUTOR_PRICES_FILE`` or at ``$XDG_CONFIG_HOME/r1-tutor/prices.toml``::

    [openrouter]                 # provider
    input = 0.55                 # $/M prompt tokens (cache miss)
    cached_input = 0.14          # $/M prompt tokens served from the host's prompt cache
    output = 2.19                # $/M completion tokens (reasoning included)

    ["openrouter:deepseek/deepseek-r1-0528"]   # provider:model overrides the provider row
    input = 0.5
    output = 2.15
"""

from __future__ import annotations

import json
import os
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BudgetExceeded, ConfigError
from ..events import Usage

__all__ = [
    "DEFAULT_PRICES",
    "LedgerEntry",
    "Ledger",
    "Price",
    "PriceTable",
    "estimate_tokens",
    "fmt_usd",
    "load_price_table",
    "session_ledger",
]


@dataclass(frozen=True, slots=True)
class Price:
    """US dollars per million tokens."""

    input: float = 0.0
    output: float = 0.0
    cached_input: float | None = None  # None: same as input

    def cost(self, usage: Usage) -> float:
        hit, miss = usage.cache_hit_tokens, usage.cache_miss_tokens
        if hit or miss:
            cached = self.input if self.cached_input is None else self.cached_input
            prompt_cost = miss * self.input + hit * cached
        else:
            prompt_cost = usage.prompt_tokens * self.input
        # Reasoning tokens are part of completion_tokens on every R1 host, so they are not added again.
        return (prompt_cost + usage.completion_tokens * self.output) / 1_000_000


_FREE = Price(0.0, 0.0, 0.0)

# Hosted R1 list prices ($/M tokens). Local servers cost nothing.
DEFAULT_PRICES: dict[str, Price] = {
    "deepseek": Price(input=0.55, output=2.19, cached_input=0.14),
    "openrouter": Price(input=0.40, output=2.00),
    "together": Price(input=3.00, output=7.00),
    "ollama": _FREE,
    "vllm": _FREE,
    "sglang": _FREE,
    "llamacpp": _FREE,
    "lmstudio": _FREE,
    "offline": _FREE,
}


def fmt_usd(value: float) -> str:
    """$2.00, $0.0013, $0.001 — cents for big amounts, four decimals for the tiny ones R1 answers cost."""
    text = f"{value:,.4f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return f"${whole}.{frac.ljust(2, '0')}"


def estimate_tokens(text: str) -> int:
    """A cautious token estimate for budgeting before anything is sent (about 3 characters per token)."""
    return len(text) // 3 + 1 if text else 0


@dataclass
class PriceTable:
    """Prices by ``provider`` and optional ``provider:model``; unknown remote providers use the ``*`` row."""

    prices: dict[str, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    default_remote: Price = field(default_factory=lambda: Price(input=0.55, output=2.19))

    def price_for(self, provider: str, model: str = "", *, local: bool = False) -> Price:
        key = f"{provider}:{model}"
        if key in self.prices:
            return self.prices[key]
        if provider in self.prices:
            return self.prices[provider]
        return _FREE if local else self.prices.get("*", self.default_remote)

    def cost(self, usage: Usage, provider: str, model: str = "", *, local: bool = False) -> float:
        return round(self.price_for(provider, model, local=local).cost(usage), 8)


def _price_from(name: str, row: Any, where: str) -> Price:
    if not isinstance(row, Mapping):
        raise ConfigError(f"{where}: [{name}] must be a table with input/output prices")
    try:
        values = {k: float(row[k]) for k in ("input", "output", "cached_input") if k in row}
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: prices in [{name}] must be numbers") from None
    if any(v < 0 for v in values.values()):
        raise ConfigError(f"{where}: prices in [{name}] must not be negative")
    unknown = set(row) - {"input", "output", "cached_input"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} in [{name}]")
    return Price(values.get("input", 0.0), values.get("output", 0.0), values.get("cached_input"))


def load_price_table(path: str | os.PathLike[str] | None = None) -> PriceTable:
    """The built-in table, overridden by a TOML/JSON price file (explicit path, TUTOR_PRICES_FILE, or config dir)."""
    table = PriceTable()
    candidates: list[Path] = []
    if path is not None:
        candidates.append(Path(path))
    elif os.environ.get("TUTOR_PRICES_FILE"):
        candidates.append(Path(os.environ["TUTOR_PRICES_FILE"]))
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        default = Path(base) / "r1-tutor" / "prices.toml"
        if default.is_file():
            candidates.append(default)
    for file in candidates:
        try:
            raw = file.read_text(encoding="utf-8")
            data = json.loads(raw) if file.suffix == ".json" else tomllib.loads(raw)
        except OSError as exc:
            raise ConfigError(f"cannot read price file {file}: {exc.__class__.__name__}") from None
        except (ValueError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"price file {file} is not valid: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"price file {file} must map provider names to prices")
        for name, row in data.items():
            table.prices[str(name)] = _price_from(str(name), row, str(file))
    return table


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One answered request as the ledger saw it."""

    provider: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    reasoning_tokens: int
    cost_usd: float
    cached: bool = False  # served from the response cache (costs nothing)
    estimated: bool = False  # the host sent no usage; tokens/cost estimated from text length
    at: float = field(default_factory=time.time)


class Ledger:
    """Per-session spending: what was used, what it cost, and the budget that bounds it. Thread-safe.

    The budget in force is the one set here (``%tutor budget``), else ``settings.budget_usd``, else the
    ``TUTOR_BUDGET_USD`` variable, else none.
    """

    def __init__(self, budget_usd: float | None = None) -> None:
        self._lock = threading.Lock()
        self.entries: list[LedgerEntry] = []
        self._reserved = 0.0
        self._budget = budget_usd
        self._budget_set = budget_usd is not None

    # --- budget ---------------------------------------------------------------------------------------------
    def set_budget(self, budget_usd: float | None) -> None:
        """Set (or with None, remove) this session's budget; it then beats settings and env."""
        if budget_usd is not None and not budget_usd >= 0:
            raise ConfigError("a budget must be an amount of US dollars, e.g. 2.00")
        with self._lock:
            self._budget = budget_usd
            self._budget_set = True

    def clear_budget_override(self) -> None:
        with self._lock:
            self._budget, self._budget_set = None, False

    def budget(self, settings: Any = None) -> float | None:
        if self._budget_set:
            return self._budget
        value = getattr(settings, "budget_usd", None) if settings is not None else None
        if value is None and (settings is None or not hasattr(settings, "budget_usd")):
            raw = os.environ.get("TUTOR_BUDGET_USD", "").strip()
            if raw:
                try:
                    value = float(raw)
                except ValueError:
                    raise ConfigError(f"TUTOR_BUDGET_USD must be an amount in US dollars, e.g. 2.00 (got {raw!r})") from None
        return None if value is None else float(value)

    @property
    def spent_usd(self) -> float:
        with self._lock:
            return sum(e.cost_usd for e in self.entries)

    def remaining_usd(self, settings: Any = None) -> float | None:
        budget = self.budget(settings)
        if budget is None:
            return None
        with self._lock:
            return budget - sum(e.cost_usd for e in self.entries) - self._reserved

    def reserve(self, estimate_usd: float, settings: Any = None, *, what: str = "this request") -> float:
        """Refuse (BudgetExceeded) if ``estimate_usd`` does not fit in what is left; else hold it until released.

        Holding the estimate keeps the concurrent requests of a batch from overshooting the budget together.
        """
        budget = self.budget(settings)
        if budget is None or estimate_usd <= 0:
            return 0.0
        with self._lock:
            left = budget - sum(e.cost_usd for e in self.entries) - self._reserved
            if estimate_usd > left:
                raise BudgetExceeded(
                    f"budget: {what} could cost about {fmt_usd(estimate_usd)} but only {fmt_usd(max(left, 0.0))} "
                    f"of the {fmt_usd(budget)} budget is left, so nothing was sent. Raise it with "
                    "`%tutor budget 5.00` (or TUTOR_BUDGET_USD), or use a local model (free)."
                )
            self._reserved += estimate_usd
            return estimate_usd

    def release(self, reserved: float) -> None:
        with self._lock:
            self._reserved = max(0.0, self._reserved - reserved)

    # --- tally ----------------------------------------------------------------------------------------------
    def record(self, entry: LedgerEntry) -> None:
        with self._lock:
            self.entries.append(entry)

    def reset(self) -> None:
        """Forget the tally (not the budget)."""
        with self._lock:
            self.entries.clear()
            self._reserved = 0.0

    def totals(self, settings: Any = None) -> dict[str, Any]:
        budget = self.budget(settings)
        with self._lock:
            entries = list(self.entries)
        spent = sum(e.cost_usd for e in entries)
        return {
            "requests": len(entries),
            "cached": sum(e.cached for e in entries),
            "prompt_tokens": sum(e.prompt_tokens for e in entries),
            "completion_tokens": sum(e.completion_tokens for e in entries),
            "reasoning_tokens": sum(e.reasoning_tokens for e in entries),
            "cost_usd": round(spent, 6),
            "estimated": any(e.estimated for e in entries),
            "budget_usd": budget,
            "remaining_usd": None if budget is None else round(budget - spent, 6),
        }


_session_ledger = Ledger()


def session_ledger() -> Ledger:
    """The ledger of this kernel / CLI process (``%tutor usage`` reads it)."""
    return _session_ledger
