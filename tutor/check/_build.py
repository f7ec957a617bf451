"""Builders used by the parser: each checks its bounds first, then calls one whitelisted SymPy constructor."""

from __future__ import annotations

import math
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sympy as sp

from tutor.check._lexer import Token
from tutor.check._names import CALCULUS, FUNCTIONS
from tutor.errors import AnswerParseError, TooLarge

if TYPE_CHECKING:
    from tutor.check.parse import _Parser

__all__ = ["Budget", "Alternatives", "DISPLAY", "displaying"]

# Set by parse(display=True): build the answer *as typed*, unevaluated (2 + 3, \frac{2}{4}, 7!), for showing
# it only. Such a tree is never compared; it also computes nothing, so every size bound still holds.
DISPLAY: ContextVar[bool] = ContextVar("tutor_check_display", default=False)
_U = {"evaluate": False}


def displaying() -> bool:
    return DISPLAY.get()

MAX_RESULT_DIGITS = 20_000  # digits of any exact number we agree to compute
MAX_TOTAL_DIGITS = 60_000
MAX_FACTORIAL = 2_000
MAX_SYMBOLIC_EXPONENT = 1_000
MAX_FLOAT = sp.Float("1e300")  # a function of a bigger decimal (exp(1000.0!)) makes SymPy work for seconds


class Budget:
    """Digits of big numbers computed so far in one parse."""

    __slots__ = ("digits",)

    def __init__(self) -> None:
        self.digits = 0.0

    def spend(self, digits: float, tok: Token) -> None:
        self.digits += max(digits, 0.0)
        if digits > MAX_RESULT_DIGITS or self.digits > MAX_TOTAL_DIGITS:
            raise TooLarge(f"a number here would be too large to compute (at {tok.pos + 1})", position=tok.pos)


class Alternatives:
    """The values of one item with ± (1 ± √2 → both); arithmetic lifts over them (see lift)."""

    __slots__ = ("values",)
    MAX = 8

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    @classmethod
    def of(cls, values: list[Any], tok: Token) -> Alternatives:
        flat: list[Any] = []
        for v in values:
            flat.extend(v.values if isinstance(v, Alternatives) else [v])
        if len(flat) > cls.MAX:
            raise TooLarge(f"too many ± signs (at {tok.pos + 1})", position=tok.pos)
        return cls(flat)


def lift(fn: Any, *args: Any) -> Any:
    """Apply ``fn`` to every combination of ± alternatives among ``args``."""
    if not any(isinstance(a, Alternatives) for a in args):
        return fn(*args)
    combos: list[list[Any]] = [[]]
    for a in args:
        vals = a.values if isinstance(a, Alternatives) else [a]
        combos = [c + [v] for c in combos for v in vals]
        if len(combos) > Alternatives.MAX:
            raise TooLarge("too many ± signs")
    out: list[Any] = []
    for c in combos:
        r = fn(*c)
        if not any(r == o for o in out):
            out.append(r)
    return out[0] if len(out) == 1 else Alternatives(out)


def _log10(x: sp.Basic) -> float:
    if isinstance(x, sp.Rational):
        p, q = abs(int(x.p)), int(x.q)
        return (len(str(p)) if p else 0) + (len(str(q)) if q > 1 else 0)
    return 0.0


def number(raw: str, tok: Token, exact: bool = False) -> sp.Basic:
    text = raw.rstrip(".") or "0"
    try:
        if "e" in text.lower():
            mant, exp = text.lower().split("e")
            if abs(int(exp)) > 400:
                raise TooLarge(f"exponent too large (at {tok.pos + 1})", position=tok.pos)
        elif "." not in text:
            return sp.Integer(int(text))
        if exact:
            return sp.Rational(text)
        # decimals stay decimals (shown as typed); the checker reads them exactly (exact=True)
        digits = sum(c.isdigit() for c in text)
        return sp.Float(text, max(15, digits + 2))
    except (ValueError, TypeError):
        raise AnswerParseError(f'"{raw}" is not a number (at {tok.pos + 1})', position=tok.pos) from None


def exact(x: Any) -> Any:
    """Replace every Float (a typed decimal) by the exact rational it was typed as: 0.333 -> 333/1000."""
    if not isinstance(x, sp.Basic):
        return x
    floats = x.atoms(sp.Float)
    if not floats:
        return x
    return x.xreplace({f: sp.Rational(str(f)) if f.is_finite else f for f in floats})


def neg(x: Any, keep: bool = False) -> Any:
    check_scalar(x)
    if displaying() and isinstance(x, sp.Expr) and not x.is_Number and not isinstance(x, sp.MatrixBase):
        return sp.Mul(sp.S.NegativeOne, x, **_U)  # -(5/2) stays; -x prints as - x
    if keep and (_bracketed(x) or (isinstance(x, sp.Mul) and any(_bracketed(a) for a in x.args))):
        return sp.Mul(sp.S.NegativeOne, *(x.args if isinstance(x, sp.Mul) else (x,)), evaluate=False)  # -(x-2)
    return -x


def check_scalar(x: Any, tok: Token | None = None) -> None:
    if isinstance(x, sp.Set | sp.Tuple | sp.logic.boolalg.Boolean) and not isinstance(x, sp.Symbol):
        where = f" (at {tok.pos + 1})" if tok else ""
        raise AnswerParseError(f"cannot do arithmetic with a set, list or relation{where}",
                               position=tok.pos if tok else None)


def add(a: Any, b: Any, op: str, tok: Token) -> Any:
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape != b.shape:
            raise AnswerParseError(f"matrix sizes do not match (at {tok.pos + 1})", position=tok.pos)
        return sp.ImmutableMatrix(a + b if op == "+" else a - b)
    check_scalar(a, tok)
    check_scalar(b, tok)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        raise AnswerParseError(f"cannot add a matrix and a number (at {tok.pos + 1})", position=tok.pos)
    if displaying():
        if op == "-":
            b = -b if isinstance(b, sp.Number) and not b.is_negative else sp.Mul(sp.S.NegativeOne, b, **_U)
        return sp.Add(*(a.args if isinstance(a, sp.Add) else (a,)), b, **_U)
    return sp.Add(a, b) if op == "+" else sp.Add(a, -b)


def _bracketed(v: Any) -> bool:
    return isinstance(v, sp.Add) or (isinstance(v, sp.Pow) and isinstance(v.base, sp.Add))


def mul(a: Any, b: Any, budget: Budget, tok: Token, divide: bool = False, keep: bool = False) -> Any:
    check_scalar(a, tok)
    check_scalar(b, tok)
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        if divide:
            if isinstance(b, sp.MatrixBase):
                raise AnswerParseError(f"cannot divide by a matrix (at {tok.pos + 1})", position=tok.pos)
            return sp.ImmutableMatrix(a / b)
        if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape[1] != b.shape[0]:
            raise AnswerParseError(f"matrix sizes do not match (at {tok.pos + 1})", position=tok.pos)
        return sp.ImmutableMatrix(a * b)
    if isinstance(a, sp.Rational) and isinstance(b, sp.Rational):
        budget.spend(_log10(a) + _log10(b), tok)
    if divide:
        if b == 0:
            return sp.zoo if a != 0 else sp.nan
        if displaying():
            inv = sp.Pow(b, -1, **_U)
            if a is sp.S.One:
                return inv
            # 2/4 stays 2/4; (1/2)/(x+1) keeps its numerator whole (spliced, it would print as 1/(2(x+1)))
            top = (sp.UnevaluatedExpr(a),) if _is_fraction(a) else _factors(a)
            return sp.Mul(*top, inv, **_U)
        return sp.Mul(a, sp.Pow(b, -1))
    if displaying():
        return sp.Mul(*_factors(a), b, **_U)
    if keep and isinstance(a, sp.Expr) and isinstance(b, sp.Expr) and not b.is_Number \
            and (_bracketed(a) or _bracketed(b)):
        # only for showing the answer: (x-2)(x-3) and 2(x-1) stay as typed (SymPy sorts factors, distributes 2)
        return sp.Mul(*(a.args if isinstance(a, sp.Mul) else (a,)), b, evaluate=False)
    return sp.Mul(a, b)


def _factors(a: Any) -> tuple[Any, ...]:
    """a's factors when a is a product we built unevaluated (a flat a·b·c, not nested Muls)."""
    return a.args if isinstance(a, sp.Mul) else (a,)


def _is_fraction(a: Any) -> bool:
    return any(f.is_Pow and f.exp is sp.S.NegativeOne for f in sp.Mul.make_args(a)) if isinstance(a, sp.Expr) \
        else False


def power(base: Any, exp: Any, budget: Budget, tok: Token) -> Any:
    check_scalar(base, tok)
    check_scalar(exp, tok)
    if isinstance(exp, sp.MatrixBase):
        raise AnswerParseError(f"cannot raise to a matrix power (at {tok.pos + 1})", position=tok.pos)
    if isinstance(exp, sp.Number) and exp.is_finite:
        e = abs(exp)
        if isinstance(base, sp.MatrixBase):
            symbolic = bool(base.free_symbols)
            if (not exp.is_Integer or base.shape[0] != base.shape[1] or base.shape[0] > 10
                    or e > (8 if symbolic else 64)):
                raise TooLarge(f"matrix power too large (at {tok.pos + 1})", position=tok.pos)
            return sp.ImmutableMatrix(base**int(exp))
        if isinstance(base, sp.Number) and base.is_Rational and exp.is_Rational and base not in (0, 1, -1):
            size = float(e) * max(_log10(base), 1.0)
            budget.spend(size, tok)
        elif e > MAX_SYMBOLIC_EXPONENT * 10:
            raise TooLarge(f"exponent too large (at {tok.pos + 1})", position=tok.pos)
        if isinstance(base, sp.Number) and base.is_Rational and exp.is_Rational and exp.q > 1:
            # radicals of huge integers make SymPy factor them: refuse those
            if _log10(base) > 60:
                raise TooLarge(f"root of a number that is too large (at {tok.pos + 1})", position=tok.pos)
    elif isinstance(exp, sp.Basic) and not exp.is_number:
        pass  # symbolic exponent stays unevaluated
    if isinstance(base, sp.MatrixBase):
        raise AnswerParseError(f"matrix power needs an integer (at {tok.pos + 1})", position=tok.pos)
    return sp.Pow(base, exp, **_U) if displaying() else sp.Pow(base, exp)


def _bound_factorial_arg(x: Any, budget: Budget, tok: Token) -> None:
    """x! and gamma(x) are computed at once for numbers (1000.0! is a Float near 1e2567, and its factorial
    would take SymPy minutes): refuse |x| > MAX_FACTORIAL for every numeric x, not just integers."""
    if not (isinstance(x, sp.Expr) and x.is_number):
        return
    if isinstance(x, sp.Number):
        size = abs(x)
    else:
        try:
            size = abs(complex(sp.N(x, 15)))
        except (TypeError, ValueError, OverflowError):
            return
    if not size <= MAX_FACTORIAL:  # also NaN
        raise TooLarge(f"factorial too large (at {tok.pos + 1})", position=tok.pos)
    if isinstance(x, sp.Rational):
        budget.spend(float(size) * math.log10(max(float(size), 2.0)), tok)


def factorial(x: Any, budget: Budget, tok: Token) -> Any:
    check_scalar(x, tok)
    _bound_factorial_arg(x, budget, tok)
    if displaying():
        return sp.factorial(x, **_U)
    if isinstance(x, sp.Number) and not x.is_Integer:
        return sp.gamma(x + 1)
    return sp.factorial(x)


# functions that stay cheap on huge exact numbers (or bound them themselves); every other one (exp, sin, sinh, …)
# is evaluated numerically later, which takes SymPy seconds for exp(1000!) — 1000.0! read exactly is 1000!
_BIG_OK = frozenset({"abs", "sign", "sgn", "floor", "ceil", "ceiling", "gcd", "lcm", "max", "min", "re", "im",
                     "conjugate", "mod", "binomial", "binom", "choose", "factorial", "gamma", "log", "ln", "lg"})
_MAX_EXACT_BITS = 997  # 2**997 ≈ 1e300 = MAX_FLOAT: the same bound for exact and decimal numbers


def _bound_arguments(name: str, args: list[Any], tok: Token) -> None:
    for a in args:
        if not isinstance(a, sp.Basic):
            continue
        for n in (a,) if isinstance(a, sp.Number) else a.atoms(sp.Number):
            if isinstance(n, sp.Float):
                big = not abs(n) <= MAX_FLOAT  # also NaN
            elif isinstance(n, sp.Rational) and name not in _BIG_OK:
                big = max(abs(int(n.p)), int(n.q)).bit_length() > _MAX_EXACT_BITS
            else:
                big = False
            if big:
                raise TooLarge(f"a number here is too large (at {tok.pos + 1})", position=tok.pos)


def call(name: str, args: list[Any], tok: Token, table: dict[str, Any] | None = None,
         budget: Budget | None = None) -> Any:
    fn, lo, hi = (table or FUNCTIONS)[name]
    if not lo <= len(args) <= hi:
        raise AnswerParseError(f'"{name}" takes {lo if lo == hi else f"{lo}–{hi}"} argument(s) (at {tok.pos + 1})',
                               position=tok.pos)
    if name in ("factorial",) and budget is not None:
        return factorial(args[0], budget, tok)
    if name == "gamma" and budget is not None:
        _bound_factorial_arg(args[0], budget, tok)
    _bound_arguments(name, args, tok)
    if name in ("binomial", "binom", "choose") and all(isinstance(a, sp.Integer) for a in args):
        if abs(args[0]) > 10 * MAX_FACTORIAL:
            raise TooLarge(f"binomial too large (at {tok.pos + 1})", position=tok.pos)
    if name in ("gcd", "lcm") and not all(isinstance(a, sp.Integer) for a in args):
        raise AnswerParseError(f'"{name}" needs integers (at {tok.pos + 1})', position=tok.pos)
    if name not in CALCULUS:
        for a in args:
            check_scalar(a, tok)
        if displaying():
            return _display_call(name, fn, args)
    return fn(*args)


_DISPLAY_NAMES = {"gcd": "gcd", "lcm": "lcm", "lg": "lg", "sgn": "sgn", "cosec": "csc", "tg": "tan", "ctg": "cot"}


def _display_call(name: str, fn: Any, args: list[Any]) -> Any:
    """f(args) unevaluated, as typed: arcsin(1/2) is shown, never π/6."""
    if name == "sqrt":
        return sp.Pow(args[0], sp.S.Half, **_U)
    if name == "cbrt" or (name == "root" and len(args) == 1):
        return sp.Pow(args[0], sp.Rational(1, 3) if name == "cbrt" else sp.S.Half, **_U)
    if name == "root":
        return sp.Pow(args[0], sp.Pow(args[1], -1, **_U), **_U)
    if name == "abs":
        return sp.Abs(args[0], **_U)
    if name in ("log", "ln") and len(args) == 1:
        return sp.log(args[0], **_U)
    if name == "log":
        return sp.Function(f"log_{{{sp.latex(args[1])}}}")(args[0])
    if isinstance(fn, type) and issubclass(fn, sp.Function):
        return fn(*args, **_U)
    return sp.Function(_DISPLAY_NAMES.get(name, name))(*args)  # gcd(4, 6): a name, never 2


def is_function_word(word: str) -> bool:
    return word in FUNCTIONS or word in CALCULUS or word.startswith("log_")


def is_setlike(x: Any) -> bool:
    from tutor.check.parse import _Seq

    return isinstance(x, sp.Set | _Seq)


def text_is_percent(text: str) -> bool:
    return text.strip().lower() in ("%", "percent", "pct", "percentage", "\\%")


def finish(x: Any, p: _Parser) -> Any:
    """Turn a bracketed _Seq into its final object (tuple, interval, set or matrix)."""
    from tutor.check.parse import _Seq

    if isinstance(x, Alternatives):
        return Alternatives([finish(v, p) for v in x.values])
    if not isinstance(x, _Seq):
        return x
    items = _flatten(x.items, p)
    if x.open in ("{", "\\{"):
        return sp.FiniteSet(*items, **({"evaluate": False} if displaying() else {})) if items else sp.S.EmptySet
    if x.open == "[" and x.close == "]" and x.items and all(isinstance(r, _Seq) and r.open == "[" for r in x.items):
        rows = [[finish(c, p) for c in r.items] for r in x.items]
        if len({len(r) for r in rows}) == 1 and rows[0]:
            for row in rows:
                for c in row:
                    check_scalar(c)
            return sp.ImmutableMatrix(rows)
    if len(items) == 2 and (x.open + x.close != "()" or any(v in (sp.oo, -sp.oo) for v in items)):
        lo, hi = items
        if _real_ok(lo) and _real_ok(hi):
            try:
                if not (lo > hi) == sp.true or x.open + x.close != "[]":
                    return sp.Interval(lo, hi, x.open == "(", x.close == ")")
            except TypeError:
                pass
    return sp.Tuple(*items)


def _real_ok(v: Any) -> bool:
    return isinstance(v, sp.Expr) and v.is_extended_real is not False and not isinstance(v, sp.MatrixBase)


def _flatten(items: list[Any], p: _Parser) -> list[Any]:
    out: list[Any] = []
    for it in items:
        if isinstance(it, Alternatives):
            out.extend(finish(v, p) for v in it.values)
        else:
            out.append(finish(it, p))
    return out


def set_op(kind: str, left: Any, right: Any, tok: Token) -> Any:
    from tutor.check.parse import _Seq

    def as_set(v: Any) -> sp.Set:
        if isinstance(v, _Seq) and len(v.items) == 2 and v.open in "([" and v.close in ")]":
            return sp.Interval(v.items[0], v.items[1], v.open == "(", v.close == ")")
        if isinstance(v, _Seq) and v.open in ("{", "\\{"):
            return sp.FiniteSet(*v.items)
        if isinstance(v, sp.Set):
            return v
        if isinstance(v, sp.Expr):
            return sp.FiniteSet(v)
        raise AnswerParseError(f"expected an interval or set (at {tok.pos + 1})", position=tok.pos)

    a, b = as_set(left), as_set(right)
    lazy = {"evaluate": False} if displaying() else {}  # shown as typed: {1, 2} ∪ {3}
    if kind == "∪":
        return sp.Union(a, b, **lazy)
    if kind == "∩":
        return sp.Intersection(a, b, **lazy)
    return sp.Complement(a, b, **lazy)


_REL_BUILD = {"=": sp.Eq, "≈": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}


def relation_chain(left: Any, rels: list[tuple[str, Any]]) -> Any:
    """a < b < c -> And; a = b = c -> a = c (a worked chain); "x = 1/3 ≈ 0.33": what follows ≈ is dropped."""
    if len(rels) > 1:
        for k, (op, _) in enumerate(rels):
            if op == "≈" and k > 0:
                rels = rels[:k]
                break
    if len(rels) > 1 and all(op in ("=", "≈") for op, _ in rels):
        # "x = 5+5+1 = 11": a worked chain; its result is the last value
        return lift(lambda a, b: _relation("=", a, b), left, rels[-1][1])
    parts = []
    for op, right in rels:
        parts.append(lift(lambda a, b, op=op: _relation(op, a, b), left, right))
        left = right
    if len(parts) == 1:
        return parts[0]
    return lift(lambda *ps: sp.And(*ps, evaluate=False), *parts)


def _relation(op: str, left: Any, right: Any) -> Any:
    if op == "∈":
        if not isinstance(right, sp.Set):
            raise AnswerParseError("expected a set or interval after ∈")
        return sp.Contains(left, right, evaluate=False)
    if isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase):
        if op != "=":
            raise AnswerParseError("matrices cannot be compared with < or >")
        return sp.Eq(left, right, evaluate=False)
    for v in (left, right):
        if isinstance(v, sp.Set | sp.Tuple) and op not in ("=", "≈"):
            raise AnswerParseError("cannot compare sets or lists with < or >")
    return _REL_BUILD[op](left, right, evaluate=False)


def combine_top(items: list[Any], seps: list[str]) -> Any:
    """Join top-level items: one item stays itself; 'or' joins equations; commas make an ordered Tuple."""
    if len(items) == 1:
        it = items[0]
        if isinstance(it, Alternatives):
            vals = it.values
            if all(isinstance(v, sp.Eq) for v in vals) and len({v.lhs for v in vals}) == 1:
                return sp.Or(*vals, evaluate=False)
            return sp.FiniteSet(*vals, **({"evaluate": False} if displaying() else {}))
        return it
    flat: list[Any] = []
    for it in items:
        flat.extend(it.values if isinstance(it, Alternatives) else [it])
    if seps and all(s == "or" for s in seps) or any(isinstance(it, Alternatives) for it in items):
        if all(isinstance(v, sp.Eq | sp.Rel) for v in flat):
            return sp.Or(*flat, evaluate=False)
        if any(s == "or" for s in seps) or any(isinstance(it, Alternatives) for it in items):
            return sp.FiniteSet(*flat) if all(isinstance(v, sp.Basic) for v in flat) else sp.Tuple(*flat)
    if seps and all(s == "and" for s in seps) and all(isinstance(v, sp.Rel) for v in flat):
        if all(isinstance(v, sp.Eq) for v in flat) and len({v.lhs for v in flat}) == 1:
            return sp.Or(*flat, evaluate=False)  # "p = -1 and p = 15/8": two solutions
        return sp.And(*flat, evaluate=False)
    return sp.Tuple(*flat)
