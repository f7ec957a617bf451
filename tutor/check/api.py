"""The public checking API: check, preview, to_latex (parse_math and extract_answer live in their modules)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from tutor.check._engine import KINDS
from tutor.check._lexer import check_length
from tutor.check.bounded import Overrun, call_bounded
from tutor.check.forms import FORMS
from tutor.check.latex import typed_latex
from tutor.check.parse import parse
from tutor.check.verdict import Preview, Verdict, feedback_for
from tutor.errors import AnswerParseError, ConfigError, TooLarge

__all__ = ["check", "preview", "KINDS", "FORMS"]


def _options(kind: str | None, rtol: float | None, atol: float | None, sigfigs: int | None, form: str | None,
             variables: Iterable[str] | None, timeout: float) -> dict[str, Any]:
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    if form is not None and form not in FORMS:
        raise ConfigError(f"unknown form {form!r}; use one of: {', '.join(FORMS)}")
    for name, v in (("rtol", rtol), ("atol", atol)):
        if v is not None and not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
            raise ConfigError(f"{name} must be a number ≥ 0")
    if sigfigs is not None and not (isinstance(sigfigs, int) and 1 <= sigfigs <= 30):
        raise ConfigError("sigfigs must be a whole number from 1 to 30")
    if not (isinstance(timeout, int | float) and timeout > 0):
        raise ConfigError("timeout must be a positive number of seconds")
    return {"kind": kind, "rtol": rtol, "atol": atol, "sigfigs": sigfigs, "form": form,
            "variables": None if variables is None else tuple(variables)}


def _portable(expected: Any) -> Any:
    # Pint quantities carry their registry: send them as text
    if type(expected).__module__.startswith("pint"):
        return f"{expected.magnitude} {expected.units}"
    return expected


def check(answer: str, expected: Any, *, kind: str | None = None, rtol: float | None = None,
          atol: float | None = None, sigfigs: int | None = None, form: str | None = None,
          variables: Iterable[str] | None = None, timeout: float = 2.0) -> Verdict:
    """Check a student's ``answer`` (text) against ``expected`` (text, number or SymPy object).

    Runs the comparison in a bounded worker process, so it returns within ``timeout`` seconds from any
    thread (note ``timeout`` then). Invalid answers give ``valid=False`` with the reason; they are not wrong.
    """
    opts = _options(kind, rtol, atol, sigfigs, form, variables, timeout)
    if not isinstance(answer, str):
        raise ConfigError("the answer must be text")
    try:
        check_length(answer)  # refused here, at once: no worker round trip for oversize input
    except TooLarge as exc:
        return Verdict(False, False, "too_large", feedback_for("too_large", str(exc)), "", 0.0)
    try:
        d = call_bounded("check", (answer, _portable(expected), opts), timeout)
    except Overrun:
        return Verdict(False, True, "timeout", feedback_for("timeout"), "", 0.0)
    except AnswerParseError as exc:
        return Verdict(False, False, exc.note, feedback_for(exc.note, str(exc)), "", 0.0)
    return Verdict(**d)


def preview(answer: str, *, kind: str | None = None, variables: Iterable[str] | None = None) -> Preview:
    """The STACK-style "read as" preview: the answer as understood (LaTeX), or where it fails. No comparison."""
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"unknown kind {kind!r}")
    try:
        if isinstance(answer, str):
            check_length(answer)  # at once, before any other work
    except TooLarge as exc:
        return Preview(False, "", str(exc), exc.position)
    if not answer or not answer.strip():
        return Preview(False, "", "Type an answer.", None)
    if kind == "units":
        from tutor.check.units import parse_quantity, quantity_latex

        try:
            q = parse_quantity(answer)
        except AnswerParseError as exc:
            return Preview(False, "", str(exc), exc.position)
        return Preview(True, quantity_latex(q), "", None)
    try:
        parse(answer, variables=variables)  # the real reading: every error (1/0, too large) is found here
        # shown as typed, never evaluated: 2 + 3 stays 2 + 3 (the preview must not give the answer away)
        return Preview(True, typed_latex(answer, variables=variables), "", None)
    except AnswerParseError as exc:
        return Preview(False, "", str(exc), exc.position)
