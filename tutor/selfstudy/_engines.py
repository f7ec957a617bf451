"""Thin adapters to the checker, the offline tutor and the R1 backend, in one place.

They import lazily (``import tutor`` stays fast) and pass only the options each callee accepts, so a bank
problem's option dict (``rtol``, ``sigfigs``, ``form``…) can be handed over as is.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from ..backend import Backend
from ..errors import OfflineUnsupported, TutorError

__all__ = [
    "check_answer", "preview_answer", "offline_solve", "offline_solve_keyed", "resolve_r1", "to_latex", "warm_up",
]


@cache
def _accepted(func: Callable[..., Any]) -> frozenset[str] | None:
    """Keyword names a callee accepts; None when it takes ``**kwargs``."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return frozenset(p.name for p in params)


def _kwargs(func: Callable[..., Any], values: Mapping[str, Any]) -> dict[str, Any]:
    names = _accepted(func)
    return {k: v for k, v in values.items() if v is not None and (names is None or k in names)}


def check_answer(
    answer: str,
    expected: Any,
    *,
    kind: str | None = None,
    options: Mapping[str, Any] | None = None,
    variables: Iterable[str] | None = None,
    timeout: float | None = None,
) -> Any:
    """``tutor.check.check`` with the problem's options; returns its Verdict."""
    from ..check import check

    values: dict[str, Any] = dict(options or {})
    values.update(kind=kind, variables=tuple(variables) if variables else None, timeout=timeout)
    return check(answer, expected, **_kwargs(check, values))


def warm_up() -> None:
    """Start the checker's worker in the background while the student reads the problem (first Check is fast)."""
    try:
        from ..check import warm_up as _warm_up
    except ImportError:
        return
    _warm_up()


def preview_answer(answer: str, *, kind: str | None = None, variables: Iterable[str] | None = None) -> Any:
    """``tutor.check.preview``: how the answer was read (LaTeX) or the positioned message."""
    from ..check import preview

    values = {"kind": kind, "variables": tuple(variables) if variables else None}
    return preview(answer, **_kwargs(preview, values))


def to_latex(obj: Any) -> str:
    from ..check import to_latex as _to_latex

    return str(_to_latex(obj))


def offline_solve(problem: str) -> Any | None:
    """The offline engine's Solution, or None when it can't solve this problem (it never guesses)."""
    try:
        from ..offline import solve
    except ImportError:  # the offline engine is optional at import time
        return None
    try:
        return solve(problem)
    except OfflineUnsupported:
        return None


def _plain_variants(statement: str) -> list[str]:
    """Simpler wordings of a Markdown/LaTeX statement for the offline router: the words before the display
    formula plus the formula ("Solve for $x$: $$2x+3=7$$" → "Solve for x: 2x+3=7"), or before the first formula."""
    found: list[str] = []
    for pattern in (r"\$\$(.+?)\$\$", r"\$(.+?)\$"):
        match = re.search(pattern, statement, re.S)
        if match:
            head = statement[: match.start()].replace("$", "").strip()
            found.append(" ".join((head + " " + match.group(1)).split()))
    return [f for f in dict.fromkeys(found) if f and f != statement]


def offline_solve_keyed(
    statement: str,
    answer: str,
    *,
    kind: str | None = None,
    options: Mapping[str, Any] | None = None,
    variables: Iterable[str] | None = None,
) -> tuple[Any | None, str]:
    """The offline Solution of ``statement`` (or of a plainer wording of it) that AGREES with the answer key, and
    the wording it solved; ``(None, "")`` when there is none — a disagreeing solution is never used."""
    for text in [statement, *_plain_variants(statement)]:
        sol = offline_solve(text)
        if sol is None:
            continue
        try:
            verdict = check_answer(str(sol.answer), answer, kind=kind, options=options, variables=variables)
        except TutorError:
            continue
        if verdict.valid and verdict.correct:
            return sol, text
    return None, ""


def resolve_r1() -> tuple[Backend | None, str]:
    """The configured/detected R1 backend (trust-guarded, as ``tutor.ask`` selects it) and a one-line note.

    Returns ``(None, why)`` when no R1 host is configured or found; the caller then works offline.
    """
    from ..ask import select_backend

    try:
        selection = select_backend()
    except TutorError as err:
        return None, f"R1 not used ({err}); working offline."
    if getattr(selection.backend, "provider", "") == "offline":
        return None, selection.notice or ""
    return selection.backend, ""
