"""Tokenizer for plain, Unicode and LaTeX math input (no eval anywhere: text -> tokens only)."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.check._names import CONSTANTS, FUNCTIONS, GREEK
from tutor.errors import AnswerParseError, TooLarge

__all__ = ["Token", "tokenize", "check_length", "braced_group", "MAX_LENGTH", "MAX_DIGITS"]

MAX_LENGTH = 4000  # characters of one answer
MAX_DIGITS = 400  # digits in one number literal


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num | name | op | cmd | text | end
    value: str
    pos: int


_DIGITS = frozenset("0123456789")
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                 "⁹": "9", "⁻": "-"}
_VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5", "⅗": "3/5",
           "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8"}
_GREEK_CHARS = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
                "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
                "ο": "omicron", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi",
                "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi",
                "Π": "Pi", "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "π": "pi"}
# single characters -> canonical operator
_CHAR_OPS = {"+": "+", "-": "-", "−": "-", "–": "-", "—": "-", "*": "*", "×": "*", "·": "*", "⋅": "*", "∙": "*",
             "/": "/", "÷": "/", "∕": "/", "^": "^", "(": "(", ")": ")", "[": "[", "]": "]", "{": "{", "}": "}",
             ",": ",", ";": ";", "|": "|", "!": "!", "%": "%", "=": "=", "<": "<", ">": ">", "±": "±", "∓": "∓",
             "≤": "<=", "≥": ">=", "≠": "!=", "√": "√", "∞": "oo", "∪": "∪", "∩": "∩", "∈": "∈", "∅": "∅",
             "&": "&", "°": "°", ":": ":", "'": "'", "≈": "≈", "⩽": "<=", "⩾": ">="}
_TWO_CHAR_OPS = {"**": "^", "<=": "<=", ">=": ">=", "!=": "!=", "=<": "<=", "=>": ">=", "==": "=", "<>": "!="}
# LaTeX commands -> operator / name / marker
_CMD_OPS = {"cdot": "*", "times": "*", "ast": "*", "div": "/", "pm": "±", "mp": "∓", "le": "<=", "leq": "<=",
            "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=", "ne": "!=", "neq": "!=", "lt": "<",
            "gt": ">", "infty": "oo", "infin": "oo", "cup": "∪", "cap": "∩", "in": "∈", "emptyset": "∅",
            "varnothing": "∅", "circ": "°", "degree": "°", "%": "%", "{": "\\{", "}": "\\}", "lbrace": "\\{",
            "rbrace": "\\}", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "|": "|", "approx": "≈",
            "sim": "≈", "simeq": "≈", "approxeq": "≈", "langle": "(", "rangle": ")", "lbrack": "[", "rbrack": "]",
            "setminus": "\\setminus", "backslash": "\\setminus", "colon": ":", "Rightarrow": ";",
            "implies": ";", "iff": ";", "to": "→", "rightarrow": "→", "land": "and", "wedge": "and",
            "lor": "or", "vee": "or", "dots": "…", "ldots": "…", "cdots": "…", "prime": "'",
            "equiv": "=", "cong": "=", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉"}
# LaTeX commands that are pure layout: dropped
_CMD_SKIP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
             "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", ",", ";", ":", "!", " ", "quad",
             "qquad", "enspace", "thinspace", "medspace", "thickspace", "hfill", "middle", "boldsymbol", "bm",
             "mathbf", "mathit", "mathsf", "mathcal", "mathbb", "mathnormal", "vec", "overline", "hat", "bar",
             "tilde", "widehat", "overrightarrow", "dot", "ddot", "underline", "phantom", "label", "nonumber",
             "notag", "[", "]", "(", ")", "mathord", "mathop", "mathrm_", "rm", "bf", "it", "noindent", "newline", "tag", "cr"}
# commands whose {argument} is text (kept as one text token)
_TEXT_CMDS = {"text", "textbf", "textit", "textrm", "textsf", "texttt", "mbox", "mathrm", "textnormal",
              "operatorname", "hbox", "emph", "textup", "mathtt", "textsc"}
_TEXT_WORD_OPS = {"and": "and", "or": "or", "und": "and", "oder": "or", "ou": "or", "et": "and", "y": None}


_OTHER_CMDS = {"frac", "dfrac", "tfrac", "cfrac", "sqrt", "binom", "dbinom", "tbinom", "boxed", "fbox", "framebox",
               "begin", "end", "det", "choose", "sum", "prod"}


def _known_cmd(name: str) -> bool:
    return (name in _CMD_SKIP or name in _CMD_OPS or name in _TEXT_CMDS or name in _OTHER_CMDS
            or name in FUNCTIONS or name in GREEK or name in CONSTANTS)


def _err(msg: str, pos: int) -> AnswerParseError:
    return AnswerParseError(f"{msg} at {pos + 1}", position=pos)


def braced_group(text: str, i: int) -> tuple[str, int] | None:
    """text[i] == '{': (inner text, index after the matching '}'), escapes skipped; None when unbalanced."""
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1
    return None


def _read_braced(text: str, i: int) -> tuple[str, int]:
    got = braced_group(text, i)
    if got is None:
        raise _err("missing }", i)
    return got


def check_length(text: str) -> None:
    """TooLarge for text over MAX_LENGTH characters (checked first, by the parser and by check()/preview())."""
    if len(text) > MAX_LENGTH:
        raise TooLarge(f"the answer is too long ({len(text)} characters, at most {MAX_LENGTH})", position=MAX_LENGTH)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens. Raises AnswerParseError (with a 0-based position) or TooLarge."""
    check_length(text)
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c in "$~\u200b\u00a0":
            i += 1
            continue
        if c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j < n and text[j] == "." and j + 1 < n and text[j + 1] in _DIGITS:
                j += 1
                while j < n and text[j] in _DIGITS:
                    j += 1
            elif j < n and text[j] == "." and not (j + 1 < n and text[j + 1] == "."):
                j += 1  # "5." is a number
            # 2e3 / 1.5E-4 (only when digits follow, so "2e" stays 2*e)
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                if k < n and text[k] in _DIGITS and not (k + 1 < n and text[k + 1].isalpha()):
                    while k < n and text[k] in _DIGITS:
                        k += 1
                    j = k
            raw = text[i:j]
            if sum(ch.isdigit() for ch in raw) > MAX_DIGITS:
                raise TooLarge(f"a number has more than {MAX_DIGITS} digits", position=i)
            out.append(Token("num", raw, i))
            i = j
            continue
        if c in _VULGAR:
            a, b = _VULGAR[c].split("/")
            out += [Token("op", "(", i), Token("num", a, i), Token("op", "/", i), Token("num", b, i),
                    Token("op", ")", i)]
            i += 1
            continue
        if c in _SUPERSCRIPTS:
            j = i
            sup = ""
            while j < n and text[j] in _SUPERSCRIPTS:
                sup += _SUPERSCRIPTS[text[j]]
                j += 1
            out += [Token("op", "^", i), Token("op", "(", i), Token("num", sup.lstrip("-"), i)]
            if sup.startswith("-"):
                out.insert(len(out) - 1, Token("op", "-", i))
            out.append(Token("op", ")", i))
            i = j
            continue
        if c == "\\":
            i = _lex_command(text, i, out)
            continue
        if c.isalpha() and c not in _GREEK_CHARS:
            j = i
            while j < n and (text[j].isalpha() and text[j] not in _GREEK_CHARS) and text[j].isascii():
                j += 1
            if j == i:  # a non-ASCII letter we do not know
                raise _err(f'unknown symbol "{c}"', i)
            word = text[i:j]
            out.append(Token("name", word, i))
            i = _lex_subscript(text, j, out)
            continue
        if c in _GREEK_CHARS:
            out.append(Token("name", _GREEK_CHARS[c], i))
            i = _lex_subscript(text, i + 1, out)
            continue
        two = text[i:i + 2]
        if two in _TWO_CHAR_OPS:
            out.append(Token("op", _TWO_CHAR_OPS[two], i))
            i += 2
            continue
        if c == "_":  # a stray subscript (e.g. after ')'): keep it, the parser decides
            out.append(Token("op", "_", i))
            i += 1
            continue
        if c in _CHAR_OPS:
            out.append(Token("op", _CHAR_OPS[c], i))
            i += 1
            continue
        if c == "." or c == "?" or c == '"':
            out.append(Token("op", c, i))
            i += 1
            continue
        raise _err(f'unexpected character "{c}"', i)
    out.append(Token("end", "", n))
    return out


def _lex_subscript(text: str, j: int, out: list[Token]) -> int:
    """Attach ``_2`` / ``_{37}`` / ``_n`` to the name just emitted (x_1, a_{37}, log_2)."""
    n = len(text)
    if j < n and text[j] == "_":
        last = out[-1]
        if j + 1 < n and text[j + 1] == "{":
            inner, k = _read_braced(text, j + 1)
            sub = inner.strip()
        elif j + 1 < n and text[j + 1] == "\\":
            return j  # x_\infty etc: let the parser see "_"
        elif j + 1 < n and text[j + 1] in _DIGITS:
            k = j + 1
            while k < n and text[k] in _DIGITS:
                k += 1
            sub = text[j + 1:k]
        elif j + 1 < n and text[j + 1].isalpha():
            k = j + 2
            sub = text[j + 1]
        else:
            return j
        if len(sub) > 40:
            raise TooLarge("a subscript is too long", position=j)
        out[-1] = Token(last.kind, f"{last.value}_{sub}", last.pos)
        return k
    return j


def _lex_command(text: str, i: int, out: list[Token]) -> int:
    n = len(text)
    j = i + 1
    if j < n and not text[j].isalpha():
        sym = text[j]
        if sym == "\\":
            out.append(Token("op", "\\\\", i))  # matrix row separator
            return j + 1
        if sym in _CMD_OPS:
            out.append(Token("op", _CMD_OPS[sym], i))
        elif sym in _CMD_SKIP or sym in "$#&_" or sym.isspace():
            if sym == "&":
                out.append(Token("op", "&", i))
        else:
            raise _err(f'unknown command "\\{sym}"', i)
        return j + 1
    while j < n and text[j].isalpha():
        j += 1
    name = text[i + 1:j]
    if not _known_cmd(name):
        # "\quadx", "\pix": a known command glued to a letter
        for k in range(len(name) - 1, 0, -1):
            if _known_cmd(name[:k]):
                name, j = name[:k], i + 1 + k
                break
    if name in _CMD_SKIP:
        # \left. / \right. are invisible delimiters
        if name in ("left", "right", "middle") and j < n and text[j] == ".":
            return j + 1
        return j
    if name in _CMD_OPS:
        out.append(Token("op", _CMD_OPS[name], i))
        return j
    if name in _TEXT_CMDS:
        k = j
        while k < n and text[k] == " ":
            k += 1
        if k < n and text[k] == "{":
            inner, k2 = _read_braced(text, k)
            out.append(Token("text", inner, i))
            return k2
        return j
    if name in ("begin", "end"):
        k = j
        if k < n and text[k] == "{":
            inner, k2 = _read_braced(text, k)
            out.append(Token("cmd", f"{name}:{inner.strip().rstrip('*')}", i))
            if name == "begin" and inner.strip() == "array" and k2 < n and text[k2] == "{":
                _, k2 = _read_braced(text, k2)  # skip the column spec
            return k2
        raise _err(f'"\\{name}" needs {{…}}', i)
    out.append(Token("cmd", name, i))
    return _lex_subscript(text, j, out) if name in ("log", "lg") else j
