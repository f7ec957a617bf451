"""Quantities with units ("9.8 m/s^2", "36 km/h", "1 kJ") read and converted with Pint.

Pint's unit parser is its own tokenizer (no eval); we still whitelist the characters and bound the length
before handing it a unit string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import sympy as sp

from tutor.check.compare import NO, OK, Outcome
from tutor.errors import AnswerParseError

__all__ = ["Quantity", "parse_quantity", "compare_units", "looks_like_quantity", "plain_unit", "drop_unit",
           "quantity_latex"]

_MAX_UNIT = 60
_UNIT_CHARS = re.compile(r"^[A-Za-zµμΩ°%0-9 \^\*/\.\(\)·⋅\-_]+$")
_NUMBER = re.compile(
    r"^\s*(?P<num>[-+−]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
    r"(?:\s*(?:×|\*|x|\\times|\\cdot)\s*10\s*\^\s*\{?\s*[-+−]?\d+\s*\}?)?)(?P<unit>.*)$",
    re.DOTALL,
)
_LATEX_SUBS = [
    (re.compile(r"\^\s*\{([^{}]*)\}"), r"^\1"),
    (re.compile(r"\\(?:text|mathrm|mbox|textrm|operatorname|textnormal)\s*\{([^{}]*)\}"), r" \1"),
    (re.compile(r"\\[,;: !]|~"), " "),
    (re.compile(r"\\cdot"), "*"),
    (re.compile(r"\\(?:mu|micro)\b"), "µ"),
    (re.compile(r"\\Omega\b"), "Ω"),
    (re.compile(r"\^\s*\{([^{}]*)\}"), r"^\1"),
    (re.compile(r"\^\s*\\circ|\\circ|\\degree"), "°"),
]
_ALIASES = {"°C": "degC", "°F": "degF", "°": "degree", "℃": "degC", "µ": "u", "μ": "u", "Ω": "ohm",
            "hr": "hour", "hrs": "hour", "sec": "second", "secs": "second", "mins": "minute"}


class Quantity:
    __slots__ = ("value", "raw", "unit")

    def __init__(self, value: sp.Expr, raw: str, unit: Any) -> None:
        self.value, self.raw, self.unit = value, raw, unit


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint

    return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


_SUPERSCRIPT = re.compile("[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPER_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def _normalize(text: str) -> str:
    s = text.strip().strip("$").strip()
    for pat, rep in _LATEX_SUBS:
        s = pat.sub(rep, s)
    s = _SUPERSCRIPT.sub(lambda m: "^" + m.group().translate(_SUPER_DIGITS), s)  # m/s² -> m/s^2
    return s.replace("{", "").replace("}", "").replace("−", "-").strip()


def plain_unit(text: str) -> str:
    """A unit written in LaTeX as plain text: \\mathrm{m/s^{2}} -> m/s^2, \\text{ km} -> km."""
    return re.sub(r"\s*([*/])\s*", r"\1", " ".join(_normalize(text).split()))


def _unit(text: str) -> Any:
    u = text.strip()
    if not u:
        return None
    if len(u) > _MAX_UNIT or not _UNIT_CHARS.match(u):
        raise AnswerParseError(f'cannot read the unit "{u[:30]}"', position=None, note="unknown_name")
    for k, v in _ALIASES.items():
        if k.startswith("°"):
            u = u.replace(k, v)
    u = re.sub(r"(?<![A-Za-z])(hrs?|secs?|mins)(?![A-Za-z])", lambda m: _ALIASES[m.group(1)], u)
    u = u.replace("µ", "u").replace("μ", "u").replace("Ω", "ohm").replace("·", "*").replace("⋅", "*")
    u = u.replace("^", "**")
    u = re.sub(r"(?<=[A-Za-z0-9)])\s+(?=[A-Za-z(])", "*", u)  # "N m" -> "N*m"
    try:
        reg = _registry()
        parsed = reg.parse_units(u)
    except Exception as exc:  # Pint raises many types (UndefinedUnitError, TokenError, …) for bad units
        raise AnswerParseError(f'unknown unit "{text.strip()[:30]}"', note="unknown_name") from exc
    return parsed


_SHORT_UNITS = {"m", "s", "g", "N", "J", "W", "V", "K", "L", "A", "C", "h", "l", "T", "F", "H", "Pa", "Hz", "Ω"}


_SI_WORD = re.compile(r"(?:[pnuµμmcdkMG]?(?:m|s|g|N|J|W|V|A|Pa|Hz|Ω|ohm|mol|eV|L|l|T|bar|cal|Wh)|K|C|h|min|°C?|°F)")


def _math_word(word: str) -> bool:
    """pi, e, sin, theta …: a name the math parser knows, so "2pi" stays a number, not 2 × Pint's pi."""
    from tutor.check._names import CONSTANTS, FUNCTIONS, GREEK

    return word in CONSTANTS or (word in FUNCTIONS and word != "min") or word in GREEK


def looks_like_quantity(text: str) -> bool:
    """"9.8 m/s^2", "36 km/h": a number, a space, then a unit Pint knows (single letters only if SI-like)."""
    m = _NUMBER.match(_normalize(text))
    if not m or not m.group("unit").strip():
        return False
    first = re.match(r"[A-Za-zµμΩ°]+", m.group("unit").strip())
    if first and len(first.group()) == 1 and first.group() not in _SHORT_UNITS:
        return False
    if first and _math_word(first.group()):
        return False
    if not m.group("unit")[:1].isspace() and not all(_SI_WORD.fullmatch(w) for w in
                                                     re.findall(r"[A-Za-zµμΩ°]+|[^A-Za-zµμΩ°\s0-9^*/·⋅.()-]",
                                                                m.group("unit"))):
        return False  # "9.8m/s^2", "5kg": only plain SI-style units without a space; not "2ab", "2(x+1)"
    if not m.group("unit")[:1].isspace() and len(m.group("unit").strip()) == 1 and m.group("unit") not in "Ω°":
        return False  # "5m", "3s" may be products (5·m); "5 m", "5kg", "9.8m/s^2" are quantities
    try:
        return _unit(m.group("unit")) is not None
    except AnswerParseError:
        return False


_PCT = ("percent", "pct", "percentage")


def drop_unit(text: str) -> str | None:
    """The number of "35 cm", "8.04672 km", "0.06 yuan" (a unit Pint knows, or a unit word of 2+ letters);
    None when ``text`` is not a number followed by units. For comparing with an expected plain number."""
    m = _NUMBER.match(_normalize(text))
    if not m or not m.group("unit")[:1].isspace():
        return None
    unit = m.group("unit").strip()
    if not unit or unit.lower().startswith(_PCT):
        return None
    if looks_like_quantity(text) or re.fullmatch(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})?(?:\^\d)?", unit):
        return m.group("num").replace("−", "-")
    return None


def parse_quantity(text: str) -> Quantity:
    """"9.8 m/s^2" -> Quantity(49/5, "9.8", meter/second**2); a bare number has unit None."""
    from tutor.check.parse import parse_math

    s = _normalize(text)
    m = _NUMBER.match(s)
    if m:
        raw, unit_text = m.group("num").replace(" ", ""), m.group("unit")
    else:
        raw, unit_text = s, ""
    value = parse_math(raw.replace("−", "-"))
    try:
        if isinstance(value, sp.MatrixBase) or not isinstance(value, sp.Expr) or value.free_symbols:
            raise TypeError
        float(value)
    except (TypeError, ValueError):
        raise AnswerParseError("expected a number followed by units, like 9.8 m/s^2", note="invalid_syntax") from None
    return Quantity(value, raw, _unit(unit_text))


def quantity_latex(q: Quantity) -> str:
    """A quantity shown as typed: its number unevaluated (6.02 \\times 10^{23}, 1.20 kept), then the unit."""
    from tutor.check.latex import to_latex, typed_latex

    try:
        number = typed_latex(q.raw.replace("−", "-"))
    except AnswerParseError:
        number = to_latex(q.value)
    return number + (rf"\ {q.unit:~L}" if q.unit is not None else "")


def compare_units(ans: Quantity, exp: Quantity, *, rtol: float | None = None, atol: float | None = None,
                  sigfigs: int | None = None) -> Outcome:
    reg = _registry()
    if ans.unit is None:
        if exp.unit is None or reg.Quantity(1, exp.unit).dimensionless:
            return _magnitudes(float(ans.value), float(exp.value), ans.raw, rtol, atol, sigfigs)
        return Outcome(False, "missing_units")
    if exp.unit is None:
        return Outcome(False, "incorrect", "This answer has no units.")
    qa = reg.Quantity(float(ans.value), ans.unit)
    qe = reg.Quantity(float(exp.value), exp.unit)
    if qa.dimensionality != qe.dimensionality:
        return Outcome(False, "wrong_dimension")
    try:
        va = float(qa.to(exp.unit).magnitude)
    except Exception as exc:  # offset-unit corner cases in Pint
        raise AnswerParseError("cannot convert these units", note="invalid_syntax") from exc
    out = _magnitudes(va, float(qe.magnitude), ans.raw if ans.unit == exp.unit else "", rtol, atol, sigfigs)
    return out


def _magnitudes(va: float, vb: float, raw: str, rtol: float | None, atol: float | None,
                sigfigs: int | None) -> Outcome:
    from tutor.check.forms import decimal_info, round_sig

    if sigfigs is not None and raw:
        info = decimal_info(raw)
        if info is None or not info.sigfigs_range[0] <= sigfigs <= info.sigfigs_range[1]:
            return Outcome(False, "sigfigs", f"Use {sigfigs} significant figures.")
        if math.isclose(va, round_sig(vb, sigfigs), rel_tol=1e-12):
            return OK
    r = 1e-3 if rtol is None and atol is None else (rtol or 0.0)
    if math.isclose(va, vb, rel_tol=r, abs_tol=atol or 0.0):
        return OK
    if vb != 0 and math.isclose(va, -vb, rel_tol=r):
        return Outcome(False, "sign_error")
    if vb != 0 and math.isclose(va, vb, rel_tol=0.02):
        return Outcome(False, "rounding")
    return NO
