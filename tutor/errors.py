"""The one error tree of r1-tutor.

Every expected failure is a ``TutorError``; surfaces (magic, CLI, widgets) show ``str(err)`` — a short,
actionable message — and never a traceback for these. Messages never contain an API key.

    TutorError
    ├── ConfigError              bad option / config file / unknown provider (CLI exit 2)
    ├── ProviderError            the R1 host refused or failed (CLI exit 1); carries .provider, .status
    │   ├── AuthError            401: key missing or wrong
    │   ├── BalanceError         402: out of credit
    │   ├── RateLimited          429 after retries
    │   ├── ServerBusy           500 / 503 after retries
    │   ├── BadRequest           400 / 422
    │   └── ProviderUnreachable  connection refused / DNS / connect timeout after retries
    ├── StreamInterrupted        the stream stopped early; .partial keeps what arrived
    ├── PrivacyError             a remote endpoint was refused by privacy = "local-only"
    ├── BudgetExceeded           a request would exceed the spending budget
    ├── OfflineUnsupported       the offline SymPy tutor can't handle this problem (CLI exit 4)
    ├── AnswerParseError         an answer could not be read; .position (0-based) and .note
    │   └── TooLarge             refused early: huge power / factorial / nesting / length
    ├── CheckTimeout             a check ran past its time bound
    └── GradingError             a submission could not be graded (others still are)
"""

from __future__ import annotations

__all__ = [
    "TutorError",
    "ConfigError",
    "ProviderError",
    "AuthError",
    "BalanceError",
    "RateLimited",
    "ServerBusy",
    "BadRequest",
    "ProviderUnreachable",
    "StreamInterrupted",
    "PrivacyError",
    "BudgetExceeded",
    "OfflineUnsupported",
    "AnswerParseError",
    "TooLarge",
    "CheckTimeout",
    "GradingError",
]


class TutorError(Exception):
    """Base of every expected r1-tutor failure. ``str(err)`` is the user-facing message."""


class ConfigError(TutorError):
    """A setting, option or config file is wrong."""


class ProviderError(TutorError):
    """An R1 host failed. The message names the provider and what to do."""

    def __init__(self, message: str, *, provider: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.status = status


class AuthError(ProviderError):
    """401: the API key is missing or wrong."""


class BalanceError(ProviderError):
    """402: the account has no credit left."""


class RateLimited(ProviderError):
    """429 that persisted through the retries."""


class ServerBusy(ProviderError):
    """500/503 that persisted through the retries."""


class BadRequest(ProviderError):
    """400/422: the host rejected the request's format or parameters."""


class ProviderUnreachable(ProviderError):
    """Nothing answered at the endpoint."""


class StreamInterrupted(TutorError):
    """The stream stopped early. ``partial`` holds whatever reasoning/answer text arrived."""

    def __init__(self, message: str, *, reasoning: str = "", answer: str = "") -> None:
        super().__init__(message)
        self.reasoning = reasoning
        self.answer = answer


class PrivacyError(TutorError):
    """privacy = "local-only" refused a non-loopback endpoint before anything was sent."""


class BudgetExceeded(TutorError):
    """The request would take spending past the configured budget."""


class OfflineUnsupported(TutorError):
    """The offline SymPy tutor cannot solve this kind of problem (it never guesses)."""


class AnswerParseError(TutorError):
    """An answer could not be read. ``position`` is a 0-based index into the text, or None."""

    def __init__(self, message: str, *, position: int | None = None, note: str = "invalid_syntax") -> None:
        super().__init__(message)
        self.position = position
        self.note = note


class TooLarge(AnswerParseError):
    """Input refused before computing: too long, too deep, or a huge power/factorial."""

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message, position=position, note="too_large")


class CheckTimeout(TutorError):
    """A comparison ran past its time bound."""


class GradingError(TutorError):
    """One submission could not be graded (missing, corrupt, tampered beyond reading)."""
