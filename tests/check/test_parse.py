"""The safe parser: what it reads, what it refuses (with positions), and that nothing in the text ever runs."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.check import check, parse_math, preview, to_latex
from tutor.errors import AnswerParseError, TooLarge

x, y, n = sp.symbols("x y n")

READS = [
    ("x^2 - 5x + 6 = 0", sp.Eq(x**2 - 5 * x + 6, 0)),
    ("[[1,2],[3,4]]", sp.ImmutableMatrix([[1, 2], [3, 4]])),
    ("{2, 3}", sp.FiniteSet(2, 3)),
    ("{1}", sp.FiniteSet(1)),
    ("sin(x)^2", sp.sin(x) ** 2),
    ("(1, 2)", sp.Tuple(1, 2)),
    ("x > 2", sp.Gt(x, 2)),
    ("e^(2x)", sp.exp(2 * x)),
    ("2x", 2 * x),
    ("(x-1)(x+1)", (x - 1) * (x + 1)),
    ("2 sin x", 2 * sp.sin(x)),
    ("sinx", sp.sin(x)),
    ("sin^-1(x)", sp.asin(x)),
    ("log(100, 10)", sp.Integer(2)),
    ("log_2(8)", sp.Integer(3)),
    ("|x|", sp.Abs(x)),
    ("n!", sp.factorial(n)),
    ("1.2e3", sp.Float(1200)),
    ("50%", sp.Rational(1, 2)),
    ("½", sp.Rational(1, 2)),
    ("x²", x**2),
    ("√2", sp.sqrt(2)),
    ("π", sp.pi),
    ("oo", sp.oo),
    ("i^2", sp.Integer(-1)),
    (r"\frac{1}{2}", sp.Rational(1, 2)),
    (r"\dfrac{x}{y}", x / y),
    (r"\sqrt[3]{8}", sp.Integer(2)),
    (r"\left( x \right)", x),
    (r"2 \cdot 3", sp.Integer(6)),
    (r"\infty", sp.oo),
    (r"\boxed{5}", sp.Integer(5)),
    ("$x^2$", x**2),
    (r"\[x+1\]", x + 1),
    ("x^{10}", x**10),
    ("x = 2 or x = 3", sp.Or(sp.Eq(x, 2), sp.Eq(x, 3))),
    ("[0, 1)", sp.Interval.Ropen(0, 1)),
    ("(-oo, 1) U (3, oo)", sp.Union(sp.Interval.open(-sp.oo, 1), sp.Interval.open(3, sp.oo))),
    (r"1 \pm \sqrt{19}", sp.FiniteSet(1 + sp.sqrt(19), 1 - sp.sqrt(19))),
    ("2 sin x cos x", 2 * sp.sin(x) * sp.cos(x)),
    ("1 < x < 3", sp.And(sp.Lt(1, x), sp.Lt(x, 3))),
]


@pytest.mark.parametrize(("text", "want"), READS, ids=[r[0] for r in READS])
def test_reads(text: str, want: Any) -> None:
    got = parse_math(text)
    assert got == want or sp.simplify(got - want) == 0


def test_variables_restrict_names() -> None:
    assert parse_math("2ab", variables=["a", "b"]) == 2 * sp.Symbol("a") * sp.Symbol("b")
    assert parse_math("xy", variables=["x", "y"]) == x * y
    with pytest.raises(AnswerParseError) as err:
        parse_math("x + z", variables=["x"])
    assert err.value.note == "unknown_name" and err.value.position == 4


@pytest.mark.parametrize(("text", "want"), [
    ("xy", x * sp.Symbol("y")),
    ("2xy", 2 * x * sp.Symbol("y")),
    ("xe^x", x * sp.exp(x)),
    ("Ce^{2x}", sp.Symbol("C") * sp.exp(2 * x)),
    ("sinx", sp.sin(x)),
    ("exp(x) + ln x", sp.exp(x) + sp.log(x)),
])
def test_adjacent_letters_are_a_product(text: str, want: Any) -> None:
    assert parse_math(text) == want


def test_adjacent_letters_with_variables_split_only_into_them() -> None:
    assert parse_math("xe^x", variables=["x"]) == x * sp.exp(x)
    for text, where in (("ye^x", 0), ("2 + xz", 4)):
        with pytest.raises(AnswerParseError) as err:
            parse_math(text, variables=["x", "y"] if "z" in text else ["x"])
        assert err.value.note == "unknown_name" and err.value.position == where


def test_sympy_I_is_the_imaginary_unit_on_the_trusted_side() -> None:
    assert parse_math("2*I", trusted=True) == 2 * sp.I
    assert parse_math("2*I") == 2 * sp.Symbol("I")
    assert parse_math("I*R", variables=["I", "R"], trusted=True) == sp.Symbol("I") * sp.Symbol("R")
    assert parse_math("Ce^x + AB", trusted=True) == sp.Symbol("C") * sp.exp(x) + sp.Symbol("AB")


def test_plus_minus_with_i_and_bare_sqrt() -> None:
    got = parse_math(r"x = \frac{-1 \pm i\sqrt3}{2}")
    roots = {(-1 + sp.sqrt(3) * sp.I) / 2, (-1 - sp.sqrt(3) * sp.I) / 2}
    assert isinstance(got, sp.Or) and {sp.expand(a.rhs) for a in got.args} == {sp.expand(r) for r in roots}


def test_preview_keeps_the_typed_order() -> None:
    assert preview("(x-2)(x-3)").latex == r"\left(x - 2\right) \left(x - 3\right)"
    assert preview("(x-3)(x-2)").latex == r"\left(x - 3\right) \left(x - 2\right)"
    assert preview("2(x-1)").latex == r"2 \left(x - 1\right)"
    assert preview("-(x+1)(x-1) = 0").latex == r"- \left(x + 1\right) \left(x - 1\right) = 0"
    assert check("(x-2)(x-3)", "x^2-5x+6").parsed == r"\left(x - 2\right) \left(x - 3\right)"
    assert to_latex(parse_math("(x-2)(x-3)")) == r"\left(x - 3\right) \left(x - 2\right)"  # to_latex: SymPy's


@pytest.mark.parametrize(("text", "note", "position"), [
    ("sinn(x)", "unknown_name", 0),
    ("2 + foo", "unknown_name", 4),
    ("xyzw", "unknown_name", 0),
    ("five", "unknown_name", 0),
    ("1 + Ce^{2x} + foo", "unknown_name", 14),
    ("fooe^x", "unknown_name", 0),
    ("(x+1", "invalid_syntax", 4),
    ("x +* 2", "invalid_syntax", 3),
    (r"\foo{x}", "unknown_name", 0),
    ("2^2^2^2^2", "too_large", None),
    ("1000000!", "too_large", 7),
    ("x" + "^x" * 200, "too_large", None),
])
def test_refuses_with_position(text: str, note: str, position: int | None) -> None:
    with pytest.raises(AnswerParseError) as err:
        parse_math(text)
    assert err.value.note == note
    if position is not None:
        assert err.value.position == position
    assert "at " in str(err.value) or note == "too_large"


def test_unknown_function_message_points_at_it() -> None:
    with pytest.raises(AnswerParseError, match=r'unknown function "sinn" at 1'):
        parse_math("sinn(x)")


def test_bounds_refuse_before_computing() -> None:
    for text in ["9" * 1000, "x" * 5000, "10^10^10", "(10^400)!", "2^(10^6)", "((((" * 30 + "x" + "))))" * 30,
                 "1000.0!!", "(1e3)!!", "e3e3!!/e3", "gamma(10^10)", "exp(1000.0!)", "(1000*pi)!"]:
        with pytest.raises(TooLarge):
            parse_math(text)


def test_calculus_only_on_the_trusted_side() -> None:
    with pytest.raises(AnswerParseError) as err:
        parse_math("integrate(x^2, x)")
    assert err.value.note == "unknown_name"
    assert parse_math("integrate(x^2, x)", trusted=True) == x**3 / 3
    assert parse_math("diff(x^3, x)", trusted=True) == 3 * x**2


def test_preview_and_latex() -> None:
    p = preview("x^2/2")
    assert p.valid and p.latex == r"\frac{x^{2}}{2}" and p.position is None
    bad = preview("sinn(x)")
    assert not bad.valid and bad.position == 0 and "sinn" in bad.message
    assert preview("36 km/h", kind="units").valid
    assert not preview("   ").valid
    assert to_latex("x = 2 or x = 3") == r"x = 2 \text{ or } x = 3"
    assert to_latex(sp.Rational(1, 2)) == r"\frac{1}{2}"


# ---- property tests: random and hostile strings


class _Canary:
    fired = False


@contextmanager
def _no_eval() -> Iterator[None]:
    """eval/exec/parse_expr raise (and fire the canary) while the parser runs: proof that nothing ran."""
    import sympy.parsing.sympy_parser as sympy_parser

    def boom(*_a: Any, **_k: Any) -> Any:
        _Canary.fired = True
        raise AssertionError("eval/exec was called")

    saved = builtins.eval, builtins.exec, sympy_parser.parse_expr
    builtins.eval, builtins.exec, sympy_parser.parse_expr = boom, boom, boom  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.eval, builtins.exec, sympy_parser.parse_expr = saved  # type: ignore[assignment]


HOSTILE = [
    "__import__('os').system('echo pwned')", "().__class__.__bases__[0].__subclasses__()", "lambda: 0",
    "[x for x in range(10)]", "exec('1')", "eval('1')", "open('/etc/passwd').read()", "x.__dict__",
    "import os", "def f(): pass", "globals()", "sympify('x')", "Symbol('x')", "x; y", "a = 1\nb = 2",
    "getattr(x, 'y')", "{'a': 1}", "f'{x}'", "\\input{/etc/passwd}", "\\def\\x{1}", "$(rm -rf /)",
    "9" * 300 + "!", "10^10^10^10", "x" * 3000, "(" * 500, "[" * 500 + "]" * 500, "\\frac" * 200,
    "\\sqrt" * 300 + "{2}", "|" * 200, "1e999999", "2^-10^9", "factorial(10^9)", "binomial(10^9, 5*10^8)",
    "sin" * 1300, "x" * 3999, "[[x,1],[1,x]]^64", "\\sum_{k=1}^{10^9} k", "sqrt(" + "9" * 300 + ")",
    "±" * 50 + "1", "1 ± 2 ± 3 ± 4 ± 5", "\\text{" * 100, "x_{" + "1" * 100 + "}",
]
_ALPHABET = st.sampled_from(list("0123456789xyzabcnpie+-*/^()[]{},.;=<>!|%_ \\$&") + [
    "sin", "cos", "log", "sqrt", "pi", "oo", "\\frac", "\\sqrt", "\\left(", "\\right)", "\\pm", "±", "²", "½",
    "√", "π", "∞", "≤", "×", "÷", "−", "or", "and", "U", "__", "import", "lambda", "eval", ".__class__",
    "\\begin{pmatrix}", "\\end{pmatrix}", "\\\\", "\\text{", "}", "e3", "!", "^^", "**",
])


def _parse_or_refuse(text: str) -> None:
    try:
        with _no_eval():
            result = parse_math(text)
    except AnswerParseError:
        assert not _Canary.fired
        return
    assert not _Canary.fired
    assert isinstance(result, sp.Basic | sp.MatrixBase)


def test_canary_fires_when_eval_runs() -> None:
    with pytest.raises(AssertionError), _no_eval():
        eval("1")  # noqa: S307 - proves the guard works
    assert _Canary.fired
    _Canary.fired = False


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_never_run(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=300, deadline=2000)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_random_token_soup_only_project_errors(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=120))
def test_random_unicode_only_project_errors(text: str) -> None:
    _parse_or_refuse(text)
