"""Teacher templates → concrete problems: draw parameters, substitute them safely, evaluate the answer.

Substitution is a plain regex replacement of declared names only (``{v}`` in the statement, ``{v}`` or the bare
name ``v`` in the answer) — never ``str.format`` on teacher text — and the answer is read with the safe parser
``tutor.check.parse_math`` (never ``eval``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import sympy as sp

from ..bank import Problem
from ..bank._common import fmt_num, plain
from ..errors import AnswerParseError, ConfigError
from .spec import TemplateItem

__all__ = ["render", "substitute", "split_unit", "draw_values"]

_BRACED = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
_WORD = re.compile(r"(?<![A-Za-z0-9_.])([A-Za-z][A-Za-z0-9_]*)(?![A-Za-z0-9_])")
_UNIT = re.compile(r"^[A-Za-zµμΩ°%][A-Za-z0-9µμΩ°%/^*·.\-\s()]*$")
_SIG = 6  # significant figures kept in a computed numeric answer


def _show(value: Any) -> str:
    if isinstance(value, float):
        return fmt_num(value, 12)
    return str(value)


def substitute(text: str, values: Mapping[str, Any], *, bare: bool = False) -> str:
    """Replace ``{name}`` (and, with ``bare``, the bare word ``name``) for declared names only."""
    def braced(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            return m.group(0)  # LaTeX like \\frac{a}{b} or an undeclared word: left alone
        return f"({_show(values[name])})" if bare and not isinstance(values[name], str) else _show(values[name])

    out = _BRACED.sub(braced, text)
    if bare:
        def word(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                return name
            value = values[name]
            return _show(value) if isinstance(value, str) else f"({_show(value)})"

        out = _WORD.sub(word, out)
    return out


def split_unit(text: str) -> tuple[str, str]:
    """``"(15)^2/(2*9.8) m/s"`` → (``"(15)^2/(2*9.8)"``, ``"m/s"``): the longest trailing unit whose prefix is a number."""
    from ..check import parse_math

    for m in re.finditer(r"\s+", text):
        left, right = text[: m.start()].strip(), text[m.end():].strip()
        if not left or not _UNIT.match(right):
            continue
        try:
            value = parse_math(left)
        except AnswerParseError:
            continue
        if isinstance(value, sp.Expr) and not value.free_symbols:
            return left, right
    raise ConfigError(f"cannot split {text!r} into a number and a unit; write e.g. 'v^2/(2*9.8) m' or set unit = \"m\"")


def _number(text: str, where: str) -> sp.Expr:
    from ..check import parse_math

    try:
        value = parse_math(text)
    except AnswerParseError as exc:
        raise ConfigError(f"{where}: cannot read {text!r}: {exc}") from None
    if not isinstance(value, sp.Expr) or value.free_symbols:
        raise ConfigError(f"{where}: {text!r} is not a number after substituting the parameters")
    if not value.is_real:
        raise ConfigError(f"{where}: {text!r} is not a real number")
    return value


def _format_number(value: sp.Expr) -> tuple[str, str]:
    """(key text, display text): the key stays exact for rationals (``810/49``); display is a decimal."""
    display = fmt_num(float(value), _SIG)
    return (plain(value) if value.is_Rational else display), display


def _evaluate(item: TemplateItem, answer_text: str, where: str) -> tuple[str, str, str]:
    """The key's expected answer text, a display text and its LaTeX."""
    if item.kind == "units":
        if item.unit:
            number_text, unit = answer_text, item.unit
        else:
            try:
                number_text, unit = split_unit(answer_text)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        key, display = _format_number(_number(number_text, where))
        return f"{key} {unit}", f"{display} {unit}", rf"{display}\ \mathrm{{{unit}}}"
    if item.kind == "number":
        key, display = _format_number(_number(answer_text, where))
        return key, display, display
    from ..check import parse_math

    try:
        parsed = parse_math(answer_text)
    except AnswerParseError as exc:
        raise ConfigError(f"{where}: cannot read {answer_text!r}: {exc}") from None
    return answer_text, answer_text, sp.latex(parsed)


def draw_values(item: TemplateItem, rng: random.Random) -> dict[str, Any]:
    return {p.name: rng.choice(p.values()) for p in item.params}


def render(item: TemplateItem, seed: int | str, *, source: str = "<spec>") -> Problem:
    """The concrete problem for ``seed`` (same seed → same problem)."""
    digest = hashlib.sha256(f"r1-tutor-template|{item.index}|{item.statement}|{seed}".encode()).hexdigest()
    rng = random.Random(int(digest[:16], 16))
    values = draw_values(item, rng)
    where = f"{source}: problems[{item.index}].answer"
    answer, display, latex = _evaluate(item, substitute(item.answer, values, bare=True), where)
    statement = substitute(item.statement, values)
    solution = substitute(item.solution, {**values, "answer": display}) if item.solution else ""
    return Problem(
        id=f"template{item.index}-{digest[:10]}",
        topic="template",
        level=1,
        statement=statement,
        answer=answer,
        kind=item.kind,
        options=MappingProxyType(dict(item.options)),
        solution=solution,
        points=item.points,
        answer_latex=latex,
        seed=str(seed),
        source="template",
    )
