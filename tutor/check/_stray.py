"""Stray names: a student's letter that is no variable of the expected answer is invalid, not wrong.

Without ``variables=`` the allowed names are the expected answer's free symbols (constants e, i, pi are never
symbols). ``y`` for ``x + 1`` or ``sinn`` (read sin·n) for ``{2, 3}`` is a typo to point at, not a wrong answer.
Left-hand sides that name the answer (``y = 2x + 1``, ``x = 2 or x = 3``, ``(x, y) = (1, 2)``, ``f(x) = …``)
and the one unknown of a relation when the key has no letters (``x > 2`` for (2, oo), ``2x = 14`` for 7) are
allowed; so is the constant of integration of an antiderivative.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor.check._lexer import tokenize
from tutor.errors import AnswerParseError

__all__ = ["stray_name"]

_RELATIONAL = (sp.Rel, sp.And, sp.Or, sp.Not, sp.Contains)


def _names(obj: Any) -> set[str]:
    return {str(s) for s in getattr(obj, "free_symbols", ())}


def _lhs_names(ans: Any) -> set[str]:
    out: set[str] = set()
    if not isinstance(ans, sp.Basic):
        return out
    for node in sp.preorder_traversal(ans):
        if not isinstance(node, sp.Eq):
            continue
        lhs = node.lhs
        if isinstance(lhs, sp.Symbol):
            out.add(str(lhs))
        elif isinstance(lhs, sp.Tuple) and all(isinstance(v, sp.Symbol) for v in lhs):
            out |= {str(v) for v in lhs}
        elif isinstance(lhs, sp.core.function.AppliedUndef):
            out |= _names(lhs)
    return out


def stray_name(answer: str, ans: Any, exp: Any, kind: str) -> AnswerParseError | None:
    """The error for the first name of ``ans`` that the expected answer ``exp`` does not use, else None."""
    if not isinstance(ans, sp.Basic):
        return None
    allowed = _names(exp)
    extra = _names(ans) - allowed - _lhs_names(ans)
    if not extra:
        return None
    if kind == "antiderivative" and len(extra) == 1:
        return None  # + C (any one name): compare_antiderivative checks it is an additive constant
    if not allowed and len(extra) == 1 and (isinstance(ans, _RELATIONAL) or ans.has(sp.Eq)):
        return None  # the unknown: 2x = 14 for 7, x > 2 for (2, oo), x^2 - 5x + 6 = 0 for {2, 3}
    return _locate(answer, sorted(extra))


def _locate(answer: str, names: list[str]) -> AnswerParseError:
    """Point at the typed word that holds the first stray name ("sinn" for n, "z" for z)."""
    try:
        tokens = tokenize(answer)
    except AnswerParseError:
        tokens = []
    best: tuple[int, str] | None = None
    for name in names:
        for tok in tokens:
            if tok.kind in ("name", "cmd") and (tok.value == name or (tok.value.isalpha() and name in tok.value)):
                if best is None or tok.pos < best[0]:
                    best = (tok.pos, tok.value)
                break
    if best is None:
        return AnswerParseError(f'unknown name "{names[0]}"', position=None, note="unknown_name")
    pos, word = best
    return AnswerParseError(f'unknown name "{word}" at {pos + 1}', position=pos, note="unknown_name")
