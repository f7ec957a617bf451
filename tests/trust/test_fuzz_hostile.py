"""Hostile answers: a 10,000-example hypothesis run over tutor.check and its LaTeX path, plus the classic bombs.

What must hold for any input: only project errors (TutorError) escape, nothing is executed (a canary payload would
create a file / set a builtin if anything evaluated it), and every call returns within its bound.
"""

from __future__ import annotations

import builtins
import contextlib
import signal
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tutor.check import check, extract_answer, parse_math, preview, warm_up
from tutor.errors import TooLarge, TutorError

CHECK_TIMEOUT = 2.0
# The bound proves "never hangs": check()'s own timeout plus, after an overrun killed a worker, the start of its
# replacement (a SymPy import: ~1 s idle, several seconds on a loaded 2-core CI box). The parser runs in-process
# under size bounds and answers in milliseconds; its bound only leaves room for scheduling noise.
CHECK_BOUND = CHECK_TIMEOUT + 10.0
PARSE_BOUND = 5.0
CANARY_DIR = Path("/tmp/r1-tutor-fuzz-canary")
CANARY = CANARY_DIR / "PWNED"


def _payloads() -> list[str]:
    c = str(CANARY)
    return [
        f"__import__('pathlib').Path('{c}').write_text('x')",
        f"open('{c}', 'w').write('x')",
        f"__import__('os').system('touch {c}')",
        f"exec(\"open('{c}','w')\")",
        f"eval(\"open('{c}','w')\")",
        "setattr(__import__('builtins'), 'TUTOR_CANARY', 1)",
        "globals().update(TUTOR_CANARY=1)",
        "().__class__.__base__.__subclasses__()",
        "x.__class__.__init__.__globals__",
        "lambda: __import__('os')",
        "[c for c in ().__class__.__mro__]",
        "Symbol('x').__reduce__()",
        "sympify('__import__(\"os\")')",
        f"\\input{{{c}}}",
        f"\\write18{{touch {c}}}",
        f"$(touch {c})",
        f"`touch {c}`",
        "\\immediate\\write18{id}",
        "\\def\\x{\\x}\\x",
        "{{7*7}}",
        "${7*7}",
        "%(x)s",
        "{0.__class__}",
        "\x00\x01\x02",
    ]


TOKENS = [
    "x", "y", "n", "2", "0", "1.5", "10", "e", "E", "I", "pi", "oo", "S", "N", "Q", "+", "-", "*", "/", "^", "**", "!",
    "(", ")", "[", "]", "{", "}", "|", ",", ";", "=", "<", ">=", "%", "√", "π", "½", "²", "×", "·", " ", "  ",
    "\\frac{", "\\dfrac", "\\sqrt[3]{", "\\sqrt{", "\\left(", "\\right)", "\\cdot", "\\times", "\\pi", "\\infty",
    "\\boxed{", "\\text{", "\\mathrm{", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\", "$", "$$", "\\[", "\\]",
    "sin", "cos", "log", "ln", "exp", "sqrt", "factorial", "integrate", "diff", "solve", "simplify", "Matrix",
    "__", ".", "'", "\"", "import", "os", "system", "lambda", "eval", "exec", "open", "getattr", "m", "kg", "m/s",
    "e3", "1e308", "9" * 30, "10^10^10", "!!", "x=2 or x=3", "(1, 2]", "\\cup", "\\{1,2\\}",
]
MATH_ALPHABET = "xyzn0123456789+-*/^!()[]{}|,.=<> \\$_eEIπ√½²abcfgiklmoqrst"

hostile = st.one_of(
    st.text(alphabet=MATH_ALPHABET, max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=14).map("".join),
    st.sampled_from(_payloads()),
    st.tuples(st.sampled_from(_payloads()), st.sampled_from(TOKENS)).map(lambda p: p[1] + p[0]),
    st.text(max_size=20),  # any Unicode at all
)


@pytest.fixture(scope="module", autouse=True)
def _canary() -> None:
    CANARY_DIR.mkdir(exist_ok=True)
    CANARY.unlink(missing_ok=True)
    warm_up()  # the worker's first SymPy import is not part of any call's bound


def _assert_canary_untouched() -> None:
    assert not CANARY.exists(), "a payload was executed"
    assert not hasattr(builtins, "TUTOR_CANARY")
    assert "TUTOR_CANARY" not in globals()


class _Overrun(Exception):
    """Raised by SIGALRM inside a call that ran past its bound (pytest runs tests on the main thread)."""


def _alarm(signum: int, frame: object) -> None:
    raise _Overrun


@contextlib.contextmanager
def _deadline(bound: float, what: str) -> Iterator[None]:
    """Stop the block with a test failure after ``bound`` s (SIGALRM; pytest runs tests on the main thread), so a
    hang costs seconds, not the whole suite. pytest-timeout's own alarm is put back afterwards."""
    prev_handler = signal.getsignal(signal.SIGALRM)
    prev_left, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, min(bound, prev_left) if prev_left else bound)
    t0 = time.perf_counter()
    try:
        yield
    except _Overrun:
        pytest.fail(f"{what} ran past its {bound:g} s bound")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, prev_handler)
        if prev_left:
            signal.setitimer(signal.ITIMER_REAL, max(prev_left - (time.perf_counter() - t0), 0.001))


def _timed(fn, *args, bound: float, **kw):  # type: ignore[no-untyped-def]
    """Call ``fn`` within ``bound`` s; a TutorError is an allowed outcome (None), any other exception fails."""
    with _deadline(bound, f"{fn.__name__}({str(args[0])[:80]!r})"):
        try:
            return fn(*args, **kw)
        except TutorError:
            return None


def _exercise(text: str, *, with_check: bool) -> object:
    p = _timed(preview, text, bound=PARSE_BOUND)  # parse_math + to_latex, the "read as" path of every widget
    assert p is None or isinstance(p.valid, bool)
    # the LaTeX path: as R1 would write it, boxed inside display math, then extracted and read back
    boxed = _timed(extract_answer, f"So the answer is $$\\boxed{{{text}}}$$", bound=PARSE_BOUND)
    if boxed is not None:
        _timed(parse_math, boxed, bound=PARSE_BOUND)
    if not with_check:
        return None
    v = _timed(check, text, "x^2 - 1", timeout=CHECK_TIMEOUT, bound=CHECK_BOUND)
    assert v is None or (isinstance(v.correct, bool) and isinstance(v.valid, bool) and v.note)
    return v




@settings(max_examples=10_000, deadline=None, database=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),  # report the first failure as found: no slow shrinking of hangs
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(text=hostile)
def test_fuzz_hostile_answers(text: str) -> None:
    # Every example runs the in-process parser / LaTeX path; about one in twenty also goes through check()
    # (its worker round trip costs milliseconds, 10,000 of them would not fit the test budget).
    _exercise(text, with_check=zlib.crc32(text.encode("utf-8", "surrogatepass")) % 20 == 0)
    _assert_canary_untouched()


@pytest.mark.parametrize("text", ["1000.0!!", "(1e3)!!", "e3e3!!/e3"])
def test_factorial_of_a_huge_decimal_is_refused(text: str) -> None:
    with _deadline(PARSE_BOUND, f"parse_math({text!r})"), pytest.raises(TooLarge):
        parse_math(text)


def test_payloads_through_check_execute_nothing() -> None:
    for payload in _payloads():
        v = _exercise(payload, with_check=True)
        assert v is None or not v.correct  # type: ignore[attr-defined]
    _assert_canary_untouched()


BOMBS = {
    "power tower": "2^2^2^2^2^2^2",
    "huge power": "9^(9^9)",
    "tower 10s": "10^10^10^10",
    "huge factorial": "(10^6)!",
    "factorial of factorial": "100!!!",
    "factorial call": "factorial(10^9)",
    "latex power": "\\left(10^{10^{10}}\\right)",
    "big digits": "1" * 100_000,
    "1 MB": "x+" * 500_000 + "1",
    "1 MB latex": "\\frac{1}{2}+" * 90_000 + "1",
    "10k parens": "(" * 10_000 + "x" + ")" * 10_000,
    "10k unbalanced": "(" * 10_000,
    "10k sqrt": "\\sqrt{" * 10_000 + "x" + "}" * 10_000,
    "10k frac": "\\frac{1}{" * 10_000 + "x" + "}" * 10_000,
    "10k braces": "{" * 10_000 + "}" * 10_000,
    "10k powers": "x^" * 10_000 + "x",
    "10k minus": "-" * 10_000 + "1",
    "deep boxed": "\\boxed{" * 10_000 + "1" + "}" * 10_000,
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_quickly(name: str) -> None:
    text = BOMBS[name]
    with pytest.raises(TutorError):  # refused in-process, before any computing (length / depth / size bounds)
        parse_math(text)
    assert not preview(text).valid
    v = _exercise(text, with_check=True)
    assert v is not None and not v.correct  # type: ignore[attr-defined]
    assert v.note in ("too_large", "invalid_syntax", "timeout")  # type: ignore[attr-defined]
    _assert_canary_untouched()
