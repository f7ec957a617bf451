"""The one safe text -> SymPy entry point: a Pratt parser over our own tokens, building from a whitelist.

Nothing here calls eval, sympify or parse_expr: every SymPy object is made by an explicit constructor, and
size bounds (length, depth, digits, powers, factorials) are checked *before* each object is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sympy as sp

from tutor.check import _build as B
from tutor.check import _words as W
from tutor.check._lexer import Token, tokenize
from tutor.check._names import CALCULUS, FUNCTIONS, INVERSE, WORD_OPS
from tutor.errors import AnswerParseError, TooLarge

__all__ = ["parse_math", "parse", "MAX_DEPTH"]

MAX_DEPTH = 60
_TRIG = frozenset({"sin", "cos", "tan", "cot", "sec", "csc", "cosec", "tg", "ctg"})

_REL = {"=", "<", ">", "<=", ">=", "!=", "≈", "∈"}
_SEP_OPS = {",", ";"}
_CLOSERS = {")", "]", "}", "\\}"}
_ATOM_OPS = {"(", "[", "{", "\\{", "√", "oo", "∅", "⌊", "⌈"}


def parse_math(text: str, *, variables: Iterable[str] | None = None, trusted: bool = False) -> sp.Basic:
    """Read ``text`` (plain, Unicode or LaTeX) into a SymPy object.

    ``variables``: the names allowed as symbols (None: any single letter or Greek name). ``trusted``: the
    teacher's side may also use integrate/diff/limit/… (evaluated by SymPy) and multi-letter names (AB, NO).
    Decimals become Floats as typed. Raises only AnswerParseError (``.position`` 0-based, ``.note``
    ``invalid_syntax``/``unknown_name``) or its subclass TooLarge.
    """
    return parse(text, variables=variables, trusted=trusted)


def parse(text: str, *, variables: Iterable[str] | None = None, trusted: bool = False, exact: bool = False,
          names: Iterable[str] = (), context: Iterable[str] | None = None, imaginary_I: bool | None = None,
          keep_order: bool = False, display: bool = False) -> Any:
    """parse_math with checker options: ``exact`` reads decimals as exact rationals (0.333 -> 333/1000);
    ``names`` are extra multi-letter names allowed as symbols (those of the expected answer); ``context``
    the expected answer's symbol names: a run of letters like ``xy`` splits only into these (and constants);
    ``imaginary_I``: ``I`` is the imaginary unit as in SymPy (default: on the trusted side only);
    ``keep_order``: products of brackets keep the typed order (for showing the answer, not for comparing);
    ``display``: all unevaluated, as typed (2 + 3, 2/4, 7!), only for showing, never comparing; read the text
    normally first (1/0 is not an error here)."""
    if not isinstance(text, str):
        raise AnswerParseError("the answer must be text")
    tokens = tokenize(text)
    if len(tokens) == 1:
        raise AnswerParseError("the answer is empty", position=0)
    parser = _Parser(tokens, None if variables is None else frozenset(variables), trusted)
    parser.exact = exact
    parser.names = frozenset(names)
    parser.context = None if context is None else frozenset(context)
    parser.imag_I = trusted if imaginary_I is None else imaginary_I
    parser.keep_order = keep_order or display
    token = B.DISPLAY.set(True) if display else None  # for the builders (_build, _words)
    try:
        result = parser.parse_top()
    except RecursionError:
        raise TooLarge("the answer is nested too deeply", position=0) from None
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, IndexError, KeyError, OverflowError,
            NotImplementedError, sp.SympifyError, sp.PolynomialError) as exc:
        raise AnswerParseError(f"the answer cannot be read ({type(exc).__name__})", position=None) from None
    finally:
        if token is not None:
            B.DISPLAY.reset(token)
    if isinstance(result, sp.Basic) and result.has(sp.zoo, sp.nan):
        # 1/0, 0/0, tan(pi/2): no value at all (SymPy's zoo/nan), so not an answer to compare
        where = _ZERO_DIV.search(text)
        at = f" at {where.start() + 1}" if where else ""
        raise AnswerParseError(f"it divides by zero{at}" if where else "it has no value (division by zero)",
                               position=where.start() if where else None, note="undefined")
    return result


_PERCENT, _DEGREE = sp.Symbol("\\%"), sp.Symbol("^{\\circ}")  # display only: 50%, 30° shown as typed
_ZERO_DIV = re.compile(r"/\s*\(?\s*0+(?:\.0*)?(?![\d.])|\\frac\s*\{[^{}]*\}\s*\{\s*0\s*\}")


class _Seq:
    """A bracketed list before we know if it is a tuple, interval, list or matrix row."""

    __slots__ = ("items", "open", "close", "pos")

    def __init__(self, items: list[Any], open_: str, close: str, pos: int) -> None:
        self.items, self.open, self.close, self.pos = items, open_, close, pos


class _Parser:
    def __init__(self, tokens: list[Token], variables: frozenset[str] | None, trusted: bool) -> None:
        self.t = tokens
        self.i = 0
        self.vars = variables
        self.trusted = trusted
        self.depth = 0
        self.abs_depth = 0
        self.budget = B.Budget()
        self.exact = False
        self.names: frozenset[str] = frozenset()
        self.context: frozenset[str] | None = None
        self.imag_I = False
        self.keep_order = False
        self.shadow: set[str] = set()
        self.trig = 0  # inside the argument of a trigonometric function (degrees become radians)

    # ---- token helpers
    @property
    def tok(self) -> Token:
        return self.t[self.i]

    def next(self) -> Token:
        tok = self.t[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def is_op(self, *values: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in values

    def expect(self, value: str) -> Token:
        if not self.is_op(value):
            raise self.error(f'expected "{value}"' if self.tok.kind != "end" else f'missing "{value}"')
        return self.next()

    def error(self, msg: str, tok: Token | None = None, note: str = "invalid_syntax") -> AnswerParseError:
        tok = tok or self.tok
        where = "at the end" if tok.kind == "end" else f"at {tok.pos + 1}"
        if tok.kind != "end" and msg.startswith(("expected", "unexpected")):
            msg = f'{msg}, found "{tok.value or tok.kind}"'
        return AnswerParseError(f"{msg} {where}", position=tok.pos, note=note)

    def is_sep(self, tok: Token) -> bool:
        if tok.kind == "op":
            return tok.value in _SEP_OPS or tok.value in ("and", "or")
        if tok.kind == "name":
            return WORD_OPS.get(tok.value) in ("and", "or")
        if tok.kind == "text":
            return tok.value.strip().lower() in ("and", "or", ",", "und", "oder")
        return False

    def sep_word(self, tok: Token) -> str:
        if tok.kind == "op" and tok.value in _SEP_OPS:
            return ","
        return "or" if "or" in (tok.value.strip().lower(), WORD_OPS.get(tok.value)) else "and"

    # ---- top level: items joined by , ; and or
    def parse_top(self) -> sp.Basic:
        items: list[Any] = []
        seps: list[str] = []
        while True:
            item = self.parse_item()
            items.append(self.val(item))
            if self.tok.kind == "end":
                break
            if not self.is_sep(self.tok):
                raise self.error("unexpected symbol")
            seps.append(self.sep_word(self.next()))
            while self.is_sep(self.tok):  # "19, 46, and 82"; always consume ("1 or , 2" must not loop)
                word = self.sep_word(self.next())
                seps[-1] = word if seps[-1] == "," else seps[-1]
            if self.tok.kind == "end":
                break
        return B.combine_top(items, seps)

    def item_end(self, start: int) -> int:
        depth = 0
        j = start
        while self.t[j].kind != "end":
            tok = self.t[j]
            if tok.kind == "op" and tok.value in ("(", "[", "{", "\\{", "⌊", "⌈"):
                depth += 1
            elif tok.kind == "op" and tok.value in (")", "]", "}", "\\}", "⌋", "⌉"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (self.is_sep(tok) or (tok.kind == "op" and tok.value in ("&", "\\\\"))):
                break
            elif tok.kind == "cmd" and tok.value.startswith("begin:"):
                depth += 1
            elif tok.kind == "cmd" and tok.value.startswith("end:"):
                if depth == 0:
                    break
                depth -= 1
            j += 1
        return j

    def parse_item(self) -> Any:
        """One list element (``1 ± √2`` gives B.Alternatives of both values)."""
        return self.parse_relation()

    def parse_relation(self) -> Any:
        left = self.parse_expr(0)
        rels: list[tuple[str, Any]] = []
        while self.tok.kind == "op" and self.tok.value in _REL:
            op = self.next().value
            rels.append((op, self.parse_expr(0)))
        if not rels:
            return left
        return B.relation_chain(self.val(left), [(op, self.val(r)) for op, r in rels])

    # ---- Pratt expression parser
    def parse_expr(self, rbp: int, *, fn_arg: bool = False) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooLarge("the answer is nested too deeply", position=self.tok.pos)
        try:
            left = self.nud()
            while True:
                tok = self.tok
                lbp, kind = self.lbp(tok, left, fn_arg)
                if lbp <= rbp:
                    break
                left = self.led(kind, left, lbp)
            return left
        finally:
            self.depth -= 1

    def lbp(self, tok: Token, left: Any, fn_arg: bool) -> tuple[int, str]:
        if tok.kind == "op":
            v = tok.value
            if v in ("+", "-", "±", "∓"):
                return 20, v
            if v in ("*", "/", ":"):
                return 30, v
            if v == "^":
                return 40, v
            if v in ("!", "%", "°", "'"):
                return 50, v
            if v == "_":
                return 50, v
            if v in ("∪", "∩", "\\setminus"):
                return 15, v
            if v == "|" and self.abs_depth == 0:
                return 30, "implicit"
            if v in _ATOM_OPS:
                return 30, "implicit"
            return 0, ""
        if tok.kind == "name":
            word = WORD_OPS.get(tok.value)
            if word == "%":
                return 50, "%"
            if word:
                return 0, ""
            if tok.value == "U" and B.is_setlike(left) and self.t[self.i + 1].value in ("(", "[", "\\{", "{"):
                return 15, "∪"
            if fn_arg and B.is_function_word(tok.value):
                return 0, ""
            return 30, "implicit"
        if tok.kind == "num":
            return 30, "implicit"
        if tok.kind == "cmd":
            if tok.value.startswith("end:"):
                return 0, ""
            if fn_arg and B.is_function_word(tok.value):
                return 0, ""
            return 30, "implicit"
        if tok.kind == "text":
            if self.is_sep(tok) or B.text_is_percent(tok.value):
                return (50, "%") if B.text_is_percent(tok.value) else (0, "")
            return 30, "implicit"
        return 0, ""

    def led(self, kind: str, left: Any, lbp: int) -> Any:
        tok = self.tok
        if kind in ("∪", "∩", "\\setminus"):
            self.next()
            right = self.parse_expr(lbp)
            return B.set_op(kind, left, right, tok)
        left = self.val(left)
        lift = B.lift
        if kind == "implicit":
            right = self.parse_expr(lbp, fn_arg=False)
            return lift(lambda a, b: B.mul(a, b, self.budget, tok, keep=self.keep_order), left, self.val(right))
        self.next()
        if kind in ("+", "-"):
            return lift(lambda a, b: B.add(a, b, kind, tok), left, self.val(self.parse_expr(lbp)))
        if kind in ("±", "∓"):
            right = self.val(self.parse_expr(lbp))
            plus = lift(lambda a, b: B.add(a, b, "+", tok), left, right)
            minus = lift(lambda a, b: B.add(a, b, "-", tok), left, right)
            return B.Alternatives.of([plus, minus] if kind == "±" else [minus, plus], tok)
        if kind in ("*", "/", ":"):
            right = self.val(self.parse_expr(lbp))
            return lift(lambda a, b: B.mul(a, b, self.budget, tok, divide=kind != "*", keep=self.keep_order), left,
                        right)
        if kind == "^":
            if self.trig and self._degree_exponent():
                return self._degrees(left, tok)  # sin(30^\circ): 30 degrees in radians
            return lift(lambda a, b: B.power(a, b, self.budget, tok), left, self.parse_exponent())
        if kind == "!":
            return lift(lambda a: B.factorial(a, self.budget, tok), left)
        if kind == "%":
            unit = _PERCENT if B.displaying() else sp.Rational(1, 100)
            return lift(lambda a: B.mul(a, unit, self.budget, tok), left)
        if kind == "°":
            # inside sin/cos/tan: 30° is π/6 (radians); elsewhere a unit marker (90° for 90)
            return self._degrees(left, tok) if self.trig else left
        if kind == "_":
            raise self.error("unexpected subscript", tok)
        raise self.error("unexpected symbol", tok)

    def _degree_exponent(self) -> bool:
        return self.is_op("°") or (self.is_op("{") and self.t[self.i + 1].value == "°")

    def _degrees(self, left: Any, tok: Token) -> Any:
        if self._degree_exponent():
            if self.is_op("{"):
                self.next()
                self.next()
                self.expect("}")
            else:
                self.next()
        unit = _DEGREE if B.displaying() else sp.pi / 180
        return B.lift(lambda a: B.mul(a, unit, self.budget, tok), left)

    def parse_exponent(self) -> Any:
        if self.is_op("°") or (self.tok.kind == "op" and self.tok.value == "{" and self.t[self.i + 1].value == "°"):
            # 90^\circ and 90^{\circ}: degrees are a unit marker here
            if self.is_op("{"):
                self.next()
                self.next()
                self.expect("}")
            else:
                self.next()
            return sp.Integer(1)
        if self.is_op("{"):
            return self.val(self.latex_group())
        return self.val(self.parse_expr(39))

    def val(self, x: Any) -> Any:
        return B.finish(x, self)

    # ---- atoms
    def nud(self) -> Any:
        tok = self.next()
        k, v = tok.kind, tok.value
        if k == "num":
            return B.number(v, tok, self.exact)
        if k == "op":
            if v in ("-", "+"):
                operand = self.val(self.parse_expr(35))
                return B.lift(lambda a: B.neg(a, self.keep_order), operand) if v == "-" else operand
            if v in ("±", "∓"):
                operand = self.val(self.parse_expr(35))
                neg = B.lift(B.neg, operand)
                return B.Alternatives.of([operand, neg] if v == "±" else [neg, operand], tok)
            if v == "(":
                return self.bracketed(tok, (")", "]"))
            if v == "[":
                return self.bracketed(tok, (")", "]"))
            if v in ("{", "\\{"):
                whole = self.i == 1  # "{1}" typed alone is a set; inside LaTeX {…} only groups
                return self.bracketed(tok, ("}", "\\}"), whole=whole)
            if v == "|":
                self.abs_depth += 1
                try:
                    inner = self.val(self.parse_item())
                finally:
                    self.abs_depth -= 1
                self.expect("|")
                return B.lift(lambda a: B.call("abs", [a], tok), inner)
            if v in ("⌊", "⌈"):
                inner = self.val(self.parse_expr(0))
                self.expect("⌋" if v == "⌊" else "⌉")
                return sp.floor(inner) if v == "⌊" else sp.ceiling(inner)
            if v == "√":
                return B.lift(lambda a: B.power(a, sp.S.Half, self.budget, tok), self.val(self.parse_expr(39)))
            if v == "oo":
                return sp.oo
            if v == "∅":
                return sp.S.EmptySet
            raise self.error("unexpected symbol", tok)
        if k == "name":
            return self.word(tok)
        if k == "cmd":
            return self.command(tok)
        if k == "text":
            return self.text(tok)
        raise self.error("the answer ends too early" if k == "end" else "unexpected symbol", tok)

    def bracketed(self, open_tok: Token, closers: tuple[str, ...], whole: bool = False) -> Any:
        items: list[Any] = []
        trailing = False
        if self.tok.kind == "op" and self.tok.value in closers:
            close = self.next().value
            return _Seq([], open_tok.value, close, open_tok.pos)
        while True:
            items.append(self.parse_item())
            trailing = False
            if self.is_op(",", ";") or (self.tok.kind in ("name", "text") and self.is_sep(self.tok)):
                self.next()
                trailing = True
                if self.tok.kind == "op" and self.tok.value in closers:
                    break
                continue
            break
        if not (self.tok.kind == "op" and self.tok.value in closers):
            raise self.error(f'missing "{closers[0]}"' if self.tok.kind == "end" else "unexpected symbol")
        close = self.next().value
        if len(items) == 1 and not trailing and open_tok.value in ("(", "{") and close in (")", "}") \
                and not (whole and open_tok.value == "{" and self.tok.kind == "end"):
            return items[0]  # plain grouping
        if len(items) == 1 and not trailing and isinstance(items[0], sp.MatrixBase):
            return items[0]  # \left[\begin{array}…\end{array}\right]
        return _Seq(items, open_tok.value, close, open_tok.pos)

    def latex_group(self) -> Any:
        """A LaTeX {…} argument (grouping only, never a set)."""
        self.expect("{")
        inner = self.parse_item()
        self.expect("}")
        return inner

    def latex_arg(self) -> Any:
        """\\frac13, \\sqrt2, \\frac{a}{b}, \\sqrt x: one braced group or a single token."""
        tok = self.tok
        if self.is_op("{"):
            return self.val(self.latex_group())
        if tok.kind == "num" and len(tok.value) > 1 and tok.value[0].isdigit():
            # \frac13: one digit per argument
            self.t[self.i] = Token("num", tok.value[1:], tok.pos + 1)
            return sp.Integer(int(tok.value[0]))
        if tok.kind in ("num", "name", "cmd") or self.is_op("oo"):
            if tok.kind == "name" and len(tok.value) > 1 and "_" not in tok.value:
                self.t[self.i] = Token("name", tok.value[1:], tok.pos + 1)
                return self.word(Token("name", tok.value[0], tok.pos))
            return self.val(self.nud())
        raise self.error("expected an argument", tok)

    def word(self, tok: Token) -> Any:
        return W.word(self, tok)

    def command(self, tok: Token) -> Any:
        return W.command(self, tok)

    def text(self, tok: Token) -> Any:
        return W.text(self, tok)

    def call_args(self) -> list[Any]:
        """(a, b, …) after a function name."""
        self.expect("(")
        args: list[Any] = []
        if self.is_op(")"):
            self.next()
            return args
        while True:
            args.append(self.val(self.parse_item()))
            if self.is_op(","):
                self.next()
                continue
            break
        self.expect(")")
        return args

    def function(self, name: str, tok: Token) -> Any:
        """After a function name: powers (sin^2 x, sin^-1 x), subscripts, then (args) or a bare argument."""
        power: Any = None
        if name.startswith("log_") or name.startswith("lg_"):
            base_text = name.split("_", 1)[1]
            base = parse_math(base_text, variables=self.vars)
            return self._apply("log", [self.fn_argument(), base], tok, None)
        if self.is_op("_") and name in ("log", "lg"):
            self.next()
            base = self.val(self.latex_arg())
            return self._apply("log", [self.fn_argument(), base], tok, None)
        if self.is_op("^"):
            self.next()
            power = self.parse_exponent()
            if power == -1 and name in INVERSE:
                name, power = INVERSE[name], None
        self.trig += name in _TRIG
        try:
            if self.is_op("(") or name in FUNCTIONS and FUNCTIONS[name][2] > 1 and self.is_op("("):
                args = self.call_args()
            else:
                args = [self.fn_argument()]
        finally:
            self.trig -= name in _TRIG
        return self._apply(name, args, tok, power)

    def fn_argument(self) -> Any:
        if self.is_op("("):
            args = self.call_args()
            if len(args) != 1:
                raise self.error("expected one argument")
            return args[0]
        if self.tok.kind == "end" or self.is_sep(self.tok):
            raise self.error("a function needs an argument")
        return self.val(self.parse_expr(30, fn_arg=True))

    def _apply(self, name: str, args: list[Any], tok: Token, power: Any) -> Any:
        table = CALCULUS if name in CALCULUS and name not in FUNCTIONS else FUNCTIONS
        if name in CALCULUS and name not in FUNCTIONS and not self.trusted:
            raise AnswerParseError(f'"{name}" is not allowed in an answer (at {tok.pos + 1})', position=tok.pos,
                                   note="unknown_name")
        result = B.lift(lambda *a: B.call(name, list(a), tok, table=table, budget=self.budget), *args)
        if power is not None:
            result = B.lift(lambda a, b: B.power(a, b, self.budget, tok), result, power)
        return result

