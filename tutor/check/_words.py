"""Names and LaTeX commands -> SymPy (words, \\frac, \\sqrt, \\sum, matrices, \\text), all from the whitelist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy as sp

from tutor.check._build import call, check_scalar, lift, mul, power
from tutor.check._lexer import Token
from tutor.check._names import CALCULUS, CONSTANTS, FUNCTIONS, GREEK, SYMPY_NAMES, WORD_OPS
from tutor.errors import AnswerParseError

if TYPE_CHECKING:
    from tutor.check.parse import _Parser

__all__ = ["word", "command", "text"]

_FN_HEADS = {"f", "g", "h"}  # f(x), g(t), h(x) are function applications, not products


def _symbol(name: str, p: _Parser, tok: Token) -> sp.Basic:
    if p.vars is not None and name not in p.vars:
        base = name.split("_", 1)[0]
        if name in CONSTANTS:
            return CONSTANTS[name]
        raise AnswerParseError(f'unknown name "{name}" at {tok.pos + 1}', position=tok.pos, note="unknown_name")
    if p.vars is None:
        base = name.split("_", 1)[0]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if not (len(base) == 1 or (base in GREEK and base != "lambda") or p.trusted or name in p.names):
            raise AnswerParseError(f'unknown name "{name}" at {tok.pos + 1}', position=tok.pos, note="unknown_name")
    return sp.Symbol(name)


# short words never read as a product of letters when nothing says which letters are variables
_NOT_PRODUCTS = frozenset({
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on",
    "so", "to", "up", "us", "we", "all", "and", "any", "are", "but", "can", "did", "dne", "for", "get", "got",
    "had", "has", "her", "him", "his", "how", "its", "let", "may", "nan", "new", "not", "now", "one", "our",
    "out", "per", "see", "set", "she", "six", "ten", "the", "two", "use", "was", "way", "who", "why", "yes",
    "you", "yet", "wet", "vet", "key", "yew",
})
# with no variables declared and no expected answer to go by, only short runs of the usual variable letters
# (and e, C) split: xy, 2xy, xe^x, Ce^{2x}, kt; not ax^2 + bx + c in a hint's prose, not words
_STANDALONE_LETTERS = frozenset("xyztuvwkeC")
_STANDALONE_RUN = 3


def _split_word(word: str, p: _Parser) -> list[str] | None:
    """sinx -> [sin, x]; 2pix -> [pi, x]; xy -> [x, y] when _letters_ok allows it. None if not splittable."""
    known = set(FUNCTIONS) | {"pi"} | (set(CALCULUS) if p.trusted else set())
    if p.vars is not None:
        known |= {v for v in p.vars if v.isalpha()}
    # greedy longest match from the left, single letters allowed for unknown parts
    out: list[str] = []
    i = 0
    used_known = False
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in known:
                out.append(word[i:j])
                used_known = used_known or (j - i > 1 or p.vars is not None)
                i = j
                break
        else:
            if p.vars is not None and word[i] not in p.vars and word[i] not in CONSTANTS:
                return None
            out.append(word[i])
            i += 1
    if used_known or _letters_ok(word, p):
        return out
    return None


def _letters_ok(word: str, p: _Parser) -> bool:
    """May a run of single letters (xy, Ce, xe) be read as their product, like STACK's "insert stars"?

    Checking an answer: only when every letter is a symbol of the expected answer or the constant e / i
    ("xy" for x*y yes, "five" for 5 no). With no expected answer: short runs of the usual variable letters that
    are not words ("xy", "2xy", "Ce", "kt"; not "ax", "foo", "the", "Solve"). The teacher's side keeps AB whole.
    """
    if p.context is not None:
        allowed = {v for v in p.context if len(v) == 1} | {"e", "i"} | ({"I"} if p.imag_I else set())
        return all(c in allowed for c in word)
    if p.trusted:
        return False
    return (len(word) <= _STANDALONE_RUN and len(set(word)) == len(word) and set(word) <= _STANDALONE_LETTERS
            and word.lower() not in _NOT_PRODUCTS)


def _split_e_power(p: _Parser, tok: Token) -> Any:
    """xe^x, Ce^{2x}: a run ending in e right before ^ is (the rest) times e^…; the rest is read on its own."""
    name = tok.value
    head = Token("name", name[:-1], tok.pos)
    p.t[p.i:p.i] = [Token("name", "e", tok.pos + len(name) - 1)]
    return word(p, head)


def _two_args(p: _Parser) -> bool:
    """Does the bracket at the cursor hold exactly two comma-separated items?"""
    depth, commas = 0, 0
    for tok in p.t[p.i:]:
        if tok.kind == "op" and tok.value in ("(", "[", "{", "\\{"):
            depth += 1
        elif tok.kind == "op" and tok.value in (")", "]", "}", "\\}"):
            depth -= 1
            if depth == 0:
                return commas == 1
        elif tok.kind == "op" and tok.value == "," and depth == 1:
            commas += 1
        elif tok.kind == "end":
            break
    return False


def word(p: _Parser, tok: Token) -> Any:
    name = tok.value
    if name in p.shadow:
        return sp.Symbol(name)
    if name in WORD_OPS:
        raise p.error("unexpected word", tok)
    if p.trusted and name in SYMPY_NAMES and p.is_op("(") and not (p.vars is not None and name in p.vars):
        name = SYMPY_NAMES[name]  # the teacher may write SymPy's Abs(x), Max(a, b): never A*b*s*x
        tok = Token("name", name, tok.pos)
    declared = p.vars is not None and name in p.vars
    if not declared and (name in FUNCTIONS or (name in CALCULUS and p.trusted) or name.startswith(("log_", "lg_"))):
        if name == "gamma" and not p.is_op("("):
            return sp.Symbol("gamma")
        return p.function(name, tok)
    if not declared and name in CALCULUS:
        raise AnswerParseError(f'"{name}" is not allowed in an answer (at {tok.pos + 1})', position=tok.pos,
                               note="unknown_name")
    if not declared and name in ("C", "nCr") and p.is_op("(") and _two_args(p):
        return p.function("binomial", tok)  # C(5, 2), nCr(5, 2): 5 choose 2 (C(x + 1) stays a product)
    if not declared and name in _FN_HEADS and p.is_op("(") and p.vars is None:
        args = p.call_args()
        for a in args:
            check_scalar(a, tok)
        return sp.Function(name)(*args)
    if (declared or name in CONSTANTS or len(name.split("_", 1)[0]) == 1
            or name.split("_", 1)[0] in GREEK - {"lambda"}
            or (p.vars is None and name in p.names)):
        if name in CONSTANTS and not declared:
            return CONSTANTS[name]
        if name == "I" and p.imag_I and not declared:
            return sp.I  # SymPy's spelling of i (the teacher's side, or an answer to a complex question)
        return _symbol(name, p, tok)
    if name.isalpha() and len(name) > 1 and name.endswith("e") and p.is_op("^") and name not in p.names:
        return _split_e_power(p, tok)
    if "_" not in name and not p.is_op("(") and len(name) <= 40:  # splitting is quadratic: short words only
        parts = _split_word(name, p)
        if parts is not None:
            # re-emit the pieces as tokens in place and parse on
            offset = tok.pos
            new: list[Token] = []
            for part in parts:
                new.append(Token("name", part, offset))
                offset += len(part)
            p.t[p.i:p.i] = new[1:]
            return word(p, new[0])
    if p.is_op("("):
        raise AnswerParseError(f'unknown function "{name}" at {tok.pos + 1}', position=tok.pos, note="unknown_name")
    if p.trusted and p.vars is None and name.isalpha():
        return sp.Symbol(name)  # the teacher's side may name things AB, NO, …
    raise AnswerParseError(f'unknown name "{name}" at {tok.pos + 1}', position=tok.pos, note="unknown_name")


_LATEX_FUNCS = {"arcsin", "arccos", "arctan", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
                "coth", "exp", "log", "ln", "lg", "max", "min", "gcd", "arg", "det", "sgn", "arccot"}
_FRACS = {"frac", "dfrac", "tfrac", "cfrac"}
_MATRIX_ENVS = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array"}


def command(p: _Parser, tok: Token) -> Any:
    name = tok.value
    if name in _FRACS:
        num = p.latex_arg()
        den = p.latex_arg()
        return lift(lambda a, b: mul(a, b, p.budget, tok, divide=True), num, den)
    if name == "sqrt":
        index: Any = None
        if p.is_op("["):
            p.next()
            index = p.val(p.parse_expr(0))
            p.expect("]")
        arg = p.latex_arg()
        if index is None:
            return lift(lambda a: power(a, sp.Rational(1, 2), p.budget, tok), arg)
        return lift(lambda a, n: power(a, power(n, sp.Integer(-1), p.budget, tok), p.budget, tok), arg, index)
    if name in ("binom", "dbinom", "tbinom", "choose"):
        return lift(lambda a, b: call("binomial", [a, b], tok), p.latex_arg(), p.latex_arg())
    if name in ("boxed", "fbox", "framebox"):
        return p.latex_arg()
    if name in ("sum", "prod"):
        return _big_operator(p, tok, name)
    if name.startswith("log_") or name.startswith("lg_"):
        return p.function(name, tok)
    if name in _LATEX_FUNCS or name in FUNCTIONS:
        if name == "det":
            raise AnswerParseError(f'"\\det" is not supported (at {tok.pos + 1})', position=tok.pos,
                                   note="unknown_name")
        return p.function(name, tok)
    if name == "operatorname":
        raise AnswerParseError(f"\\operatorname needs a name (at {tok.pos + 1})", position=tok.pos)
    if name in CONSTANTS:
        return CONSTANTS[name]
    if name in GREEK:
        return _symbol(name, p, tok)
    if name.startswith("begin:"):
        env = name.split(":", 1)[1]
        if env in _MATRIX_ENVS:
            return _matrix(p, tok, env)
        if env in ("cases", "aligned", "align", "gathered"):
            raise AnswerParseError(f"cannot read a {env} environment (at {tok.pos + 1})", position=tok.pos)
    if p.trusted and p.vars is None and name.isalpha():
        return sp.Symbol(name)  # a teacher's/model's own macro name: a symbol
    raise AnswerParseError(f'unknown command "\\{name.split(":")[0]}" at {tok.pos + 1}', position=tok.pos,
                           note="unknown_name")


def _big_operator(p: _Parser, tok: Token, name: str) -> Any:
    """\\sum_{k=0}^{n-1} body / \\prod_{…}^{…} body: kept unevaluated (never summed here)."""
    if not p.is_op("_"):
        raise p.error(f"\\{name} needs a range like _{{k=1}}^{{n}}")
    p.next()
    p.expect("{")
    var = p.next()
    if var.kind != "name":
        raise p.error("expected the index variable", var)
    p.expect("=")
    lo = p.val(p.parse_expr(0))
    p.expect("}")
    if not p.is_op("^"):
        raise p.error(f"\\{name} needs an upper limit ^{{…}}")
    p.next()
    hi = p.val(p.latex_group()) if p.is_op("{") else p.val(p.latex_arg())
    p.shadow.add(var.value)  # \sum_{i=1}: here i is the index, not the imaginary unit
    try:
        body = p.val(p.parse_expr(25))
    finally:
        p.shadow.discard(var.value)
    for v in (lo, hi, body):
        check_scalar(v, tok)
    k = sp.Symbol(var.value)
    if p.vars is not None and var.value not in p.vars:
        raise AnswerParseError(f'unknown name "{var.value}" at {var.pos + 1}', position=var.pos, note="unknown_name")
    cls = sp.Sum if name == "sum" else sp.Product
    return cls(body, (k, lo, hi))


def _matrix(p: _Parser, tok: Token, env: str) -> Any:
    rows: list[list[Any]] = [[]]
    while True:
        if p.tok.kind == "cmd" and p.tok.value.startswith("end:"):
            p.next()
            break
        if p.tok.kind == "end":
            raise p.error(f"missing \\end{{{env}}}")
        rows[-1].append(p.val(p.parse_item()))
        if p.is_op("&"):
            p.next()
        elif p.is_op("\\\\"):
            p.next()
            rows.append([])
        elif not (p.tok.kind == "cmd" and p.tok.value.startswith("end:")):
            raise p.error("unexpected symbol")
    rows = [r for r in rows if r]
    if not rows or len({len(r) for r in rows}) != 1:
        raise AnswerParseError(f"matrix rows have different lengths (at {tok.pos + 1})", position=tok.pos)
    for row in rows:
        for x in row:
            check_scalar(x, tok)
    return sp.ImmutableMatrix(rows)


def text(p: _Parser, tok: Token) -> Any:
    inner = tok.value.strip()
    if not inner:
        raise AnswerParseError(f"empty text (at {tok.pos + 1})", position=tok.pos)
    from tutor.check.parse import parse_math

    try:
        return parse_math(inner, variables=p.vars)
    except AnswerParseError:
        raise AnswerParseError(f'unknown name "{inner[:30]}" at {tok.pos + 1}', position=tok.pos,
                               note="unknown_name") from None
