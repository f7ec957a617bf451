"""Trust: privacy mode, redaction, budget, cost, a response cache and batch asking around any R1 backend.

``tutor.ask`` wraps every R1 backend in ``GuardedBackend``; ``%tutor usage|budget|privacy`` call ``tutor.trust.magic``.
"""

from __future__ import annotations

from .batch import arun_batch, run_batch
from .cache import ResponseCache, default_cache_dir
from .cost import Ledger, PriceTable, load_price_table, session_ledger
from .guarded import GuardedBackend
from .privacy import (
    Redactor,
    check_privacy,
    describe_privacy,
    effective_privacy,
    is_loopback,
    load_roster_names,
    set_session_privacy,
)

__all__ = [
    "GuardedBackend",
    "Ledger",
    "PriceTable",
    "Redactor",
    "ResponseCache",
    "arun_batch",
    "check_privacy",
    "default_cache_dir",
    "describe_privacy",
    "effective_privacy",
    "is_loopback",
    "load_price_table",
    "load_roster_names",
    "run_batch",
    "session_ledger",
    "set_session_privacy",
]
