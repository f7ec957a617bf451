"""The checking pipeline (runs inside the bounded worker): parse both sides, pick the kind, compare, forms."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy as sp

from tutor.check import _intervals as I
from tutor.check import compare as C
from tutor.check._build import exact
from tutor.check._stray import stray_name
from tutor.check.forms import check_form
from tutor.check.latex import typed_latex
from tutor.check.parse import parse
from tutor.check.verdict import feedback_for
from tutor.errors import AnswerParseError, ConfigError

__all__ = ["KINDS", "run_check", "detect_kind", "coerce_expected"]

KINDS = ("expression", "equation", "number", "units", "set", "list", "interval", "matrix", "antiderivative",
         "inequality")


def coerce_expected(expected: Any, variables: Any) -> Any:
    """The teacher's side: text (trusted: integrate/diff allowed), a number, or a SymPy object."""
    if isinstance(expected, bool):
        raise ConfigError("expected must be an answer, not True/False")
    if isinstance(expected, int):
        return sp.Integer(expected)
    if isinstance(expected, float):
        return sp.Rational(repr(expected)) if expected == expected and abs(expected) != float("inf") else sp.nan
    if isinstance(expected, Fraction):
        return sp.Rational(expected.numerator, expected.denominator)
    if isinstance(expected, sp.MatrixBase):
        return sp.ImmutableMatrix(expected)
    if isinstance(expected, sp.Basic):
        return expected
    if isinstance(expected, list | tuple):
        return sp.Tuple(*[coerce_expected(e, variables) for e in expected])
    if isinstance(expected, set | frozenset):
        return sp.FiniteSet(*[coerce_expected(e, variables) for e in expected])
    if isinstance(expected, str):
        try:
            return parse(expected, variables=variables, trusted=True, exact=True)
        except AnswerParseError as exc:
            raise ConfigError(f"the expected answer cannot be read: {exc}") from None
    raise ConfigError(f"cannot use a {type(expected).__name__} as the expected answer")


def detect_kind(exp: Any, raw: str | None = None) -> str:
    if isinstance(exp, sp.MatrixBase):
        return "matrix"
    if isinstance(exp, sp.Interval | sp.Union | sp.Complement | sp.Intersection) or exp in (sp.S.Reals,):
        return "interval"
    if isinstance(exp, sp.FiniteSet) or exp is sp.S.EmptySet:
        return "set"
    if isinstance(exp, sp.Or) and all(isinstance(a, sp.Eq) for a in exp.args):
        return "set"
    if isinstance(exp, sp.Tuple):
        if exp and all(isinstance(a, sp.Eq) for a in exp):
            return "set"
        if raw is not None and not _bracketed(raw):
            return "set"  # "2, 3" without brackets: the answers, in any order
        return "list"
    if isinstance(exp, sp.And) and all(isinstance(a, sp.Eq) for a in exp.args):
        return "set"
    if isinstance(exp, sp.Eq):
        return "equation"
    if isinstance(exp, sp.Rel | sp.And | sp.Or | sp.Contains):
        return "inequality"
    if isinstance(exp, sp.Expr) and not exp.free_symbols:
        return "number"
    return "expression"


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _bracketed(raw: str) -> bool:
    """Is the whole answer inside one pair of brackets? "(1, 2)" yes; "(1, 2), (3, 4)" and "2, 3" no."""
    s = raw.strip().strip("$").strip()
    for prefix in ("\\boxed{", "\\[", "\\("):
        if s.startswith(prefix):
            s = s[len(prefix):].rstrip("}").rstrip("\\]").rstrip("\\)").strip()
    s = s.replace("\\left", "").replace("\\right", "").replace("\\{", "{").replace("\\}", "}").strip()
    if not s or s[0] not in _PAIRS:
        return False
    depth = 0
    for k, c in enumerate(s):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return k == len(s) - 1
    return False


def _values(x: Any, point_arity: int | None = None) -> list[Any]:
    """Elements of a set-like answer: {2, 3} · x = 2 or x = 3 · x=2, x=3 · 2, 3 · 1 ± √2."""
    if isinstance(x, sp.FiniteSet):
        return [_unwrap(e) for e in x.args]
    if x is sp.S.EmptySet:
        return []
    if isinstance(x, sp.Or):
        return [_unwrap(e) for e in x.args]
    if isinstance(x, sp.Tuple):
        if point_arity is not None and len(x) == point_arity and not any(isinstance(e, sp.Tuple) for e in x):
            return [x]
        eqs = [e for e in x if isinstance(e, sp.Eq)]
        if eqs and len({e.lhs for e in eqs}) < len(eqs):
            return [_unwrap(e) for e in x]
        if eqs and len(eqs) == len(x) and len({e.lhs for e in eqs}) == len(eqs):
            return list(x)  # a system: x = 1, y = 2
        return [_unwrap(e) for e in x]
    return [_unwrap(x)]


def _unwrap(e: Any) -> Any:
    """x = 5 -> 5; (p, q) = (3, 2) -> (3, 2); f(x) = 1 -> 1; |AB| = 1 -> 1 (but not a + 3z = 0)."""
    if not isinstance(e, sp.Eq):
        return e
    lhs, rhs = e.lhs, e.rhs
    if isinstance(lhs, sp.Symbol | sp.core.function.AppliedUndef) and lhs not in getattr(rhs, "free_symbols", ()):
        return rhs
    if isinstance(lhs, sp.Tuple) and all(isinstance(v, sp.Symbol) for v in lhs):
        return rhs
    if not isinstance(lhs, sp.Add) and isinstance(rhs, sp.Expr | sp.Tuple) and not rhs.free_symbols:
        return rhs
    return e


_INTEGRATE_CALL = re.compile(r"\s*\$?\s*(?:integrate|int)\s*\((?P<args>.*)\)\s*\$?\s*")


def _indefinite_integral(expected: Any) -> bool:
    """Is the key an indefinite integral: "integrate(x^2, x)", "int(1/x)" or an unevaluated sp.Integral?"""
    if isinstance(expected, sp.Integral):
        return all(len(lim) == 1 for lim in expected.limits)
    if not isinstance(expected, str):
        return False
    m = _INTEGRATE_CALL.fullmatch(expected)
    if m is None:
        return False
    depth, parts, start = 0, [], 0
    args = m.group("args")
    for k, c in enumerate(args):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return False  # "integrate(x, x) + int(1, x)": not one call
        elif c == "," and depth == 0:
            parts.append(args[start:k])
            start = k + 1
    parts.append(args[start:])
    # integrate(f) or integrate(f, x); limits (x, 0, 1) or f, x, 0, 1 make it a definite integral (a number)
    return depth == 0 and (len(parts) == 1 or (len(parts) == 2 and parts[1].strip().isidentifier()))


def _integration_var(exp: Any, variables: Any) -> sp.Symbol:
    syms = sorted(exp.free_symbols, key=str) if isinstance(exp, sp.Basic) else []
    names = [str(s) for s in syms]
    for cand in ("x", "t", "u", "y", "z"):
        if cand in names:
            return syms[names.index(cand)]
    return syms[0] if syms else sp.Symbol("x")


def _compare(kind: str, ans: Any, exp: Any, raw: str, opts: dict[str, Any]) -> C.Outcome:
    if kind == "number":
        typed = ans
        if isinstance(ans, sp.Eq | sp.FiniteSet | sp.Or) or (isinstance(ans, sp.Tuple) and len(ans) == 1):
            vals = _values(ans)
            if len(vals) != 1:
                return C.Outcome(False, "wrong_kind", "A single number is expected here.")
            ans = vals[0]
        out = C.compare_number(ans, exp, raw=raw, rtol=opts.get("rtol"), atol=opts.get("atol"),
                               sigfigs=opts.get("sigfigs"))
        pct_a, pct_e = _has_pct(raw), _has_pct(opts.get("_expected_raw") or "")
        if not out.correct and pct_a != pct_e and isinstance(ans, sp.Expr) and not ans.free_symbols:
            # "28" for 28 %, or "20 %" for 20: the same percentage written two ways
            other = exp * 100 if pct_e else exp / 100
            alt = C.compare_number(ans, other, raw=raw.replace("%", ""), rtol=opts.get("rtol"),
                                   atol=opts.get("atol"))
            if alt.correct:
                return alt
        return _not_solved(typed, [exp], out)
    if kind == "expression":
        ans = _unwrap(ans) if isinstance(ans, sp.Eq) else ans
        if not isinstance(ans, sp.Expr):
            return C.Outcome(False, "wrong_kind", "An expression is expected here.")
        if isinstance(exp, sp.Expr) and not exp.free_symbols and (opts.get("rtol") or opts.get("atol")):
            return C.compare_number(ans, exp, raw=raw, rtol=opts.get("rtol"), atol=opts.get("atol"))
        return C.compare_expression(ans, exp)
    if kind == "equation":
        if isinstance(exp, sp.Or | sp.And):
            return _compare("set", ans, exp, raw, opts)  # x = 2 or x = 3: the solutions, in any order
        if not isinstance(ans, sp.Eq) and _unwrap(exp) is not exp and not isinstance(exp.lhs, sp.Symbol):
            value = _unwrap(exp)
            if isinstance(value, sp.Tuple):
                al = list(ans) if isinstance(ans, sp.Tuple) else [ans]
                return C.compare_list(al, list(value))
            return C.compare_expression(ans, value) if isinstance(ans, sp.Expr) else C.NO
        return C.compare_equation(ans, exp)
    if kind == "set":
        if isinstance(exp, sp.Eq) and len(exp.free_symbols) == 1:
            sols = C.solution_values(exp, next(iter(exp.free_symbols)))
            exp = sp.FiniteSet(*sols) if sols is not None else exp
        ev = _values(exp.args if isinstance(exp, sp.And) else exp)
        ev = _values(sp.Tuple(*ev)) if isinstance(exp, sp.And) else ev
        arity = len(ev[0]) if ev and isinstance(ev[0], sp.Tuple) else None
        av = _values(ans, arity)
        if ev and all(isinstance(e, sp.Eq) for e in ev) and not any(isinstance(a, sp.Eq) for a in av):
            # a system "x = -5, p = 14/3" answered with the values, in order
            return C.compare_list(av, [_unwrap(e) for e in ev])
        return _not_solved(ans, ev, C.compare_set(av, ev))
    if kind == "list":
        el = list(exp) if isinstance(exp, sp.Tuple) else _values(exp)
        if isinstance(ans, sp.Interval) and not ans.left_open and not ans.right_open:
            al = [ans.start, ans.end]
        elif isinstance(ans, sp.Tuple):
            al = [_unwrap(a) for a in ans]
        else:
            al = _values(ans)
        return C.compare_list(al, [_unwrap(e) for e in el])
    if kind == "interval":
        return I.compare_interval(ans, exp)
    if kind == "inequality":
        return I.compare_inequality(ans, exp)
    if kind == "matrix":
        if isinstance(exp, sp.Tuple):
            if not all(isinstance(e, sp.Expr) for e in exp):
                raise ConfigError("the expected answer is not a matrix")
            exp = sp.ImmutableMatrix(list(exp))
        if isinstance(ans, sp.Tuple) and exp.shape[1] == 1 and all(isinstance(a, sp.Expr) for a in ans):
            ans = sp.ImmutableMatrix(list(ans))
        return C.compare_matrix(ans, exp)
    if kind == "antiderivative":
        return C.compare_antiderivative(ans, exp, _integration_var(exp, opts.get("variables")))
    raise ConfigError(f"unknown kind {kind!r}")


def _not_solved(ans: Any, expected_values: list[Any], out: C.Outcome) -> C.Outcome:
    """The values were asked for and the answer is an equation with exactly those solutions (x^2 - 5x + 6 = 0
    for {2, 3}): equivalent, but not solved."""
    if out.correct:
        return out
    sym = C.not_solved_for(ans, expected_values)
    return out if sym is None else C.Outcome(False, "not_solved", str(sym))


_RELATIONS = (sp.Rel, sp.And, sp.Or, sp.Contains)


def _fits(kind: str, exp: Any) -> bool:
    """Can ``exp`` (the teacher's answer) be compared as ``kind`` at all?"""
    is_expr = isinstance(exp, sp.Expr) and not isinstance(exp, sp.MatrixBase)
    if kind in ("expression", "antiderivative"):
        return is_expr
    if kind == "number":
        return is_expr and not exp.free_symbols
    if kind == "equation":
        return isinstance(exp, sp.Eq) or (isinstance(exp, sp.Or | sp.And) and all(isinstance(a, sp.Eq) for a in
                                                                                    exp.args))
    if kind in ("set", "list"):
        return isinstance(exp, sp.FiniteSet | sp.Tuple | sp.Or | sp.And | sp.Eq) or exp is sp.S.EmptySet or is_expr
    if kind in ("interval", "inequality"):
        if isinstance(exp, sp.Set | sp.Tuple):
            return True
        return isinstance(exp, _RELATIONS) and all(isinstance(side, sp.Expr) for rel in exp.atoms(sp.Rel)
                                                  for side in rel.args)
    if kind == "matrix":
        return isinstance(exp, sp.MatrixBase | sp.Tuple)
    return True


def _has_pct(raw: str) -> bool:
    low = raw.lower()
    return "%" in low or "percent" in low or "pct" in low


def _verdict(correct: bool, valid: bool, note: str, detail: str = "", parsed: str = "") -> dict[str, Any]:
    return {"correct": correct, "valid": valid, "note": note, "feedback": feedback_for(note, detail),
            "parsed": parsed, "score": 1.0 if correct else 0.0}


def invalid(exc: AnswerParseError) -> dict[str, Any]:
    note = exc.note if exc.note in ("invalid_syntax", "unknown_name", "too_large", "undefined") else "invalid_syntax"
    return _verdict(False, False, note, str(exc))


def _squash(text: str) -> str:
    return "".join(text.split()).strip("$").rstrip(".")


def run_check(answer: str, expected: Any, opts: dict[str, Any]) -> dict[str, Any]:
    """One check, start to end. Returns the Verdict fields as a dict (it crosses a process boundary)."""
    kind = opts.get("kind")
    variables = opts.get("variables")
    if not isinstance(answer, str):
        answer = str(answer)
    if kind == "units" or (kind is None and isinstance(expected, str) and _is_quantity_text(expected, variables)):
        return _run_units(answer, expected, opts)
    if isinstance(expected, str) and answer.strip() and _squash(answer) == _squash(expected) and not opts.get("form") \
            and not opts.get("sigfigs"):
        return _verdict(True, True, "correct", "", _display(answer, variables, {}))  # typed exactly as expected
    try:
        exp = exact(coerce_expected(expected, variables))
    except ConfigError:
        if kind is None and isinstance(expected, str) and _texty(expected):
            return _text_compare(answer, expected)
        raise
    auto = kind is None
    if auto and _indefinite_integral(expected):
        kind = "antiderivative"  # integrate(x^2, x) as the key: equal up to a constant, + C noted
    kind = kind or detect_kind(exp, expected if isinstance(expected, str) else None)
    if not _fits(kind, exp):
        raise ConfigError(f"the expected answer is not a(n) {kind}: give another kind or leave it out")
    symbols = tuple(str(s) for s in getattr(exp, "free_symbols", ()))
    names = tuple(s for s in symbols if len(s.split("_")[0]) > 1)
    # the student's I is the imaginary unit (SymPy's spelling, as on the teacher's side) unless I is a variable
    read: dict[str, Any] = {"names": names, "context": symbols, "imaginary_I": "I" not in symbols}
    try:
        ans = parse(answer, variables=variables, exact=True, **read)
    except AnswerParseError as exc:
        number = _unit_dropped(answer, kind)
        if number is None:
            return invalid(exc)
        answer, ans = number
    else:
        if kind == "number" and isinstance(ans, sp.Expr) and ans.free_symbols:
            number = _unit_dropped(answer, kind)  # "2 m" for 2: read 2 × m, but meant as 2 metres
            if number is not None:
                answer, ans = number
    if variables is None:
        stray = stray_name(answer, ans, exp, kind)  # "y" for x + 1, "sinn" for {2, 3}: invalid, not wrong
        if stray is not None:
            return invalid(stray)
    parsed = _display(answer, variables, read)
    if auto and kind == "number" and isinstance(ans, sp.Expr) and ans.free_symbols:
        kind = "expression"  # sin(x)^2 + cos(x)^2 for 1: an identity, compared as expressions
    opts = dict(opts, _expected_raw=expected if isinstance(expected, str) else "")
    token = C.TOLERANCE.set((opts.get("rtol"), opts.get("atol")) if opts.get("rtol") or opts.get("atol") else None)
    try:
        out = _compare(kind, ans, exp, answer.strip(), opts)
    finally:
        C.TOLERANCE.reset(token)
    if out.correct and opts.get("form") and isinstance(ans, sp.Expr):
        note = check_form(opts["form"], answer, ans, variables)
        if note:
            return _verdict(False, True, note, "", parsed)
    return _verdict(out.correct, True, out.note, out.detail, parsed)


def _unit_dropped(answer: str, kind: str) -> tuple[str, Any] | None:
    """"35 cm" (or "8.04672 km") where a plain number is expected: the number, compared without its unit."""
    if kind != "number":
        return None
    from tutor.check.units import drop_unit

    number = drop_unit(answer)
    if number is None:
        return None
    try:
        return number, parse(number, exact=True)
    except AnswerParseError:
        return None


def _display(answer: str, variables: Any, read: dict[str, Any]) -> str:
    try:
        return typed_latex(answer, variables=variables, **read)  # as typed: never the value (2 + 3, not 5)
    except AnswerParseError:
        return ""


_TEXT_CMD = re.compile(r"\\(?:text|textbf|mathrm|mbox|textnormal|textit)\s*\{([^{}]*)\}")


def _texty(raw: str) -> bool:
    """Expected answers that are words ("Evelyn", "\\text{odd}", "(C)"), not broken formulas."""
    s = _TEXT_CMD.sub(r"\1", raw).strip().strip("$").strip()
    if re.search(r"[A-Za-z]\(", s):
        return False  # Name(x) is an unreadable formula (a ConfigError), not a word to compare as text
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z\s'().,-]*", s)) and len(s) <= 200


def _text_norm(raw: str) -> str:
    s = _TEXT_CMD.sub(r"\1", raw)
    s = s.replace("$", "").strip().rstrip(".").strip()
    s = re.sub(r"^\((.*)\)$", r"\1", s)
    return " ".join(s.lower().split())


def _text_compare(answer: str, expected: str) -> dict[str, Any]:
    same = _text_norm(answer) == _text_norm(expected)
    return _verdict(same, True, "correct" if same else "incorrect", "", _text_norm(answer))


def _is_quantity_text(text: str, variables: Any) -> bool:
    from tutor.check.units import looks_like_quantity

    return looks_like_quantity(text)


def _run_units(answer: str, expected: Any, opts: dict[str, Any]) -> dict[str, Any]:
    from tutor.check.units import compare_units, parse_quantity, quantity_latex

    try:
        exp = parse_quantity(str(expected))
    except AnswerParseError as exc:
        raise ConfigError(f"the expected quantity cannot be read: {exc}") from None
    try:
        ans = parse_quantity(answer)
    except AnswerParseError as exc:
        return invalid(exc)
    parsed = quantity_latex(ans)
    out = compare_units(ans, exp, rtol=opts.get("rtol"), atol=opts.get("atol"), sigfigs=opts.get("sigfigs"))
    return _verdict(out.correct, True, out.note, out.detail, parsed)
