"""The "read as" preview and Verdict.parsed show the answer as typed, never evaluated (no answer given away)."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.check import check, preview, to_latex
from tutor.check.parse import parse

AS_TYPED = [
    ("7!/(5! 2!)", r"\frac{7!}{5!\,2!}"),
    ("x = 5/2 + 1/2", r"x = \frac{5}{2} + \frac{1}{2}"),
    ("arcsin(1/2)", r"\arcsin{\left(\frac{1}{2} \right)}"),
    ("sin^-1(1/2)", r"\arcsin{\left(\frac{1}{2} \right)}"),
    ("2/4", r"\frac{2}{4}"),
    ("2+3", "2 + 3"),
    ("2*3", r"2 \cdot 3"),
    ("2^10", "2^{10}"),
    ("sqrt(8)", r"\sqrt{8}"),
    ("\\frac{6}{8}", r"\frac{6}{8}"),
    ("2x+1", "2 x + 1"),
    ("x^2-3x+2", "x^{2} - 3 x + 2"),
    ("-5/2", r"- \frac{5}{2}"),
    ("(x-2)(x-3)", r"\left(x - 2\right) \left(x - 3\right)"),
    ("(x-3)(x-2)", r"\left(x - 3\right) \left(x - 2\right)"),
    ("1.20", "1.20"),
    ("{2, 3}", r"\left\{2, 3\right\}"),
    ("9.8 m/s^2", r"\frac{9.8 m}{s^{2}}"),
    ("50%", r"50 \%"),
    ("sin(30°)", r"\sin{\left(30 ^{\circ} \right)}"),
    ("gcd(4, 6)", r"\operatorname{gcd}{\left(4,6 \right)}"),
    ("log(8, 2)", r"\operatorname{log}_{2}{\left(8 \right)}"),
    ("|-3|", r"\left|{-3}\right|"),
    ("[1, 2)", r"\left[1, 2\right)"),
    ("{1, 2} U {3}", r"\left\{1, 2\right\} \cup \left\{3\right\}"),
    ("2-(-3)", r"2 - \left(-3\right)"),
    ("(1/2)/(3/4)", r"\frac{\frac{1}{2}}{\frac{3}{4}}"),
    ("1 - 4/2", r"1 - \frac{4}{2}"),
    ("x = 2 or x = 1+2", "x = 2 \\text{ or } x = 1 + 2"),
]


@pytest.mark.parametrize(("text", "latex"), AS_TYPED)
def test_preview_shows_the_answer_as_typed(text: str, latex: str) -> None:
    p = preview(text)
    assert p.valid, p.message
    assert p.latex == latex


@pytest.mark.parametrize(("text", "value"), [("7!/(5! 2!)", "21"), ("2+3", "5"), ("2/4", r"\frac{1}{2}"),
                                             ("arcsin(1/2)", r"\frac{\pi}{6}"), ("2^10", "1024")])
def test_preview_never_shows_the_value(text: str, value: str) -> None:
    assert value not in preview(text).latex
    assert to_latex(parse(text)) == value  # the ordinary reading still evaluates (what the checker compares)


def test_units_preview_keeps_the_typed_number() -> None:
    assert preview("9.8 m/s^2", kind="units").latex == r"9.8\ \frac{\mathrm{m}}{\mathrm{s}^{2}}"
    assert preview("9.80 m/s^2", kind="units").latex.startswith("9.80")
    assert preview("3.0 × 10^8 m/s", kind="units").latex.startswith(r"3.0 \cdot 10^{8}\ ")


def test_preview_errors_still_come_from_the_real_reading() -> None:
    assert preview("1/0").message.startswith("it divides by zero")
    too_big = preview("1000000!")
    assert not too_big.valid and "too large" in too_big.message
    assert not preview("sinn(x)").valid


def test_display_tree_is_unevaluated_and_bounded() -> None:
    shown = parse("7!/(5! 2!)", display=True)
    assert not shown.is_Integer and shown.has(sp.factorial)
    assert parse("7!/(5! 2!)") == 21  # display mode does not leak into the next parse


@pytest.mark.parametrize(("answer", "expected", "parsed"), [
    ("2+3", "5", "2 + 3"),
    ("2/4", "1/2", r"\frac{2}{4}"),
    ("7!/(5! 2!)", "21", r"\frac{7!}{5!\,2!}"),
    ("x = 5/2 + 1/2", "x = 3", r"x = \frac{5}{2} + \frac{1}{2}"),
    ("arcsin(1/2)", "pi/6", r"\arcsin{\left(\frac{1}{2} \right)}"),
    ("9.80 m/s^2", "9.8 m/s^2", r"9.80\ \frac{\mathrm{m}}{\mathrm{s}^{2}}"),
])
def test_verdicts_unchanged_and_parsed_as_typed(answer: str, expected: str, parsed: str) -> None:
    v = check(answer, expected)
    assert v.correct and v.valid
    assert v.parsed == parsed


def test_wrong_answers_stay_wrong() -> None:
    assert not check("2+4", "5").correct
    assert not check("3/4", "1/2").correct
    assert check("2+4", "5").parsed == "2 + 4"
