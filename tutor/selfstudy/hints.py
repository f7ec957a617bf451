"""The hint ladder and its leak guard.

Level 1 names the goal/strategy, level 2 the rule or method, level 3 the next concrete step — never the final
answer. R1 is asked in ``mode="hint"`` with the problem, the student's last answer, the level and (when the offline
engine solved it) the verified solution path. Its reasoning holds the full solution, so only the answer text is
kept; that text is screened: a ``\\boxed{}`` or any expression in it that ``tutor.check`` finds equal to the answer
(or to one of its roots/elements) rejects it. One more ask, then the offline hint for that level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..backend import AskRequest, Backend
from ..errors import CheckTimeout, ConfigError, TutorError
from ..events import Answer, Done, Notice
from . import _engines
from ._topics import TOPIC_HINTS, TOPIC_NEXT_STEP

__all__ = [
    "HintResult", "get_hint", "screen_hint", "offline_hint", "offline_hints", "generic_hint", "answer_targets",
]

_MAX_CANDIDATES = 60
_CHECK_TIMEOUT = 2.0
_REASK_NOTE = (
    "Your previous hint was withheld because it revealed the final answer or one of its values. "
    "Give a hint that guides the student without stating the answer, any of its values, or a \\boxed{} expression."
)


@dataclass(frozen=True, slots=True)
class HintResult:
    """One rung of the ladder. ``source`` is ``r1`` or ``offline``; ``rejected`` counts R1 hints withheld."""

    hint: str
    level: int
    source: str
    rejected: int = 0
    note: str = ""  # why R1 was not used / why it fell back (one line, for the status area)
    r1_failed: bool = False  # R1 raised (unreachable, key, balance…): callers may stop asking it

    def to_dict(self) -> dict[str, Any]:
        return {"hint": self.hint, "level": self.level, "source": self.source, "rejected": self.rejected}


# ---------------------------------------------------------------------------------------------- screening

_MATH_RE = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]|`([^`\n]+)`", re.S)
_SPLIT_RE = re.compile(r"\\Rightarrow|\\implies|\\iff|\\to|=>|⟹|→|=|\\quad|;|\\text\{\s*(?:or|and)\s*\}")
_OPS = set("+-*/^=()<>|") | {"×", "·", "√", "²", "³", "≤", "≥"}


def _plain_runs(text: str) -> list[str]:
    """Math-looking runs in prose ("so x = 3." → "x = 3"): tokens with a digit/operator, single letters, operators."""
    runs: list[str] = []
    current: list[str] = []
    for token in text.split():
        core = token.strip(".,;:!?\"'")
        mathy = bool(core) and (any(c.isdigit() for c in core) or any(c in _OPS for c in core))
        if mathy or (len(core) == 1 and core.isalpha()):
            current.append(core)
            if token.rstrip("\"'")[-1:] in (".", ",", ";", ":", "!", "?"):  # sentence punctuation ends a run
                runs.append(" ".join(current))
                current = []
            continue
        if current:
            runs.append(" ".join(current))
        current = []
    if current:
        runs.append(" ".join(current))
    return [r for r in runs if any(c.isdigit() or c in _OPS for c in r)]


_UNITS_W = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_TENS_W = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_FRACS_W = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
            "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
_CARDINAL = (r"(?:(?:" + "|".join(_TENS_W) + r")(?:[- ](?:" + "|".join(list(_UNITS_W)[1:10]) + r"))?|"
             + "|".join(sorted(_UNITS_W, key=len, reverse=True)) + r"|(?:a|one) hundred|hundred)")
# a number word counts only where a number can end a phrase: before punctuation, the end, a conjunction, or a
# fraction word — "two sides", "one more time" stay words (fewer false alarms), "gives four." is a number
_UNIT_W = (r"(?:(?:meter|metre|second|volt|amp|ampere|ohm|watt|joule|newton|gram|kilogram|hour|minute|mole|liter|"
           r"litre|kelvin|kilometer|kilometre|centimeter|centimetre)s?|m/s\^?2?|km/h|m/s²|mph|°[CF]|%|percent|degrees?|ohms?|Ω|mol|kg|km|cm|mm|ml|mL|Hz|Pa|m|s|g|h|L|V|A|W|J|N|K)"
           r"(?![A-Za-z])")
_AFTER = (r"(?=\s*(?:[.,;:!?)]|$|\s(?:and|or|so|then|because|since|but|which|when|as|is|for|if)\b|"
          r"\s?" + _UNIT_W + "))")
_NUMBER_WORDS_RE = re.compile(
    r"\b(?P<sign>(?:negative|minus)\s+)?(?:(?P<fnum>a|an|one|" + "|".join(list(_UNITS_W)[2:13]) + r")[\s-]+"
    r"(?P<fden>" + "|".join(_FRACS_W) + r")\b|(?P<card>" + _CARDINAL + r")\b" + _AFTER + ")", re.IGNORECASE)


def _cardinal(word: str) -> int:
    word = word.lower().replace("-", " ")
    if word.endswith("hundred"):
        return 100
    parts = word.split()
    return sum(_TENS_W.get(p, _UNITS_W.get(p, 0)) for p in parts)


def _number_words(text: str) -> str:
    """English number words as numerals ("gives four." → "gives 4.", "one half" → "1/2") so the screen sees them."""
    def repl(mt: re.Match[str]) -> str:
        sign = "-" if mt["sign"] else ""
        if mt["fden"]:
            num = 1 if mt["fnum"].lower() in ("a", "an", "one") else _UNITS_W[mt["fnum"].lower()]
            return f"{sign}{num}/{_FRACS_W[mt['fden'].lower()]}"
        return f"{sign}{_cardinal(mt['card'])}"

    return _NUMBER_WORDS_RE.sub(repl, text)


def _candidates(text: str) -> list[str]:
    """Every expression a reader could take away from the hint: math segments, their sides, prose runs."""
    text = _number_words(text)
    found: list[str] = []
    prose = _MATH_RE.sub(" ", text)
    for match in _MATH_RE.finditer(text):
        found.append(next(g for g in match.groups() if g is not None))
    found.extend(_plain_runs(prose))
    out: list[str] = []
    for item in found:
        pieces = [item] + _SPLIT_RE.split(item)
        for part in pieces:
            for sub in [part, *part.split(",")] if "," in part and "{" not in part and "[" not in part else [part]:
                sub = sub.strip().strip(".,;:")
                if sub and sub not in out:
                    out.append(sub)
    return out


def answer_targets(answer: str, *, kind: str | None = None) -> list[Any]:
    """The required roots/elements of an answer (a set's members, an equation's value, a tuple's entries)."""
    if kind == "units":  # a quantity's number is its value: "the speed is 20" gives "20 m/s" away
        match = re.match(r"\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)", answer)
        if match is None:
            return []
        import sympy as sp

        return [sp.Rational(match.group(1)) if "e" not in match.group(1).lower() else sp.Float(match.group(1))]
    try:
        from ..check import parse_math

        obj = parse_math(answer)
    except (TutorError, ImportError):
        return []
    return _elements(obj)


def _elements(obj: Any) -> list[Any]:
    import sympy as sp

    if isinstance(obj, sp.Equality):
        return [p for p in _elements(obj.rhs) if not isinstance(p, sp.Symbol)] or [obj.rhs]
    if isinstance(obj, sp.FiniteSet | sp.Tuple | tuple | list):
        return [e for item in obj for e in _elements(item)]
    if isinstance(obj, sp.Or | sp.And):
        return [e for item in obj.args for e in _elements(item)]
    if isinstance(obj, sp.Basic) and not isinstance(obj, sp.Symbol | sp.Set | sp.MatrixBase):
        return [obj]
    return []


def _factor_gives_root(cand: str, targets: list[Any]) -> bool:
    """``(x - 2)(x - 3) = 0`` states the roots as plainly as ``x = 2``: a linear factor whose root is a value of
    the answer gives it away."""
    if "(" not in cand:
        return False
    try:
        import sympy as sp

        from ..check import parse_math

        obj = parse_math(cand)
        sides = [obj.lhs - obj.rhs] if isinstance(obj, sp.Equality) else [obj]
        values = [complex(t) for t in targets if getattr(t, "is_number", False)]
        for side in sides:
            if not isinstance(side, sp.Expr) or len(side.free_symbols) != 1:
                continue
            (sym,) = side.free_symbols
            for factor in sp.Mul.make_args(sp.factor_terms(side)):
                base = factor.base if isinstance(factor, sp.Pow) else factor
                if not base.is_polynomial(sym) or sp.degree(base, sym) != 1:
                    continue
                a, b = sp.Poly(base, sym).all_coeffs()
                root = complex(-b / a)
                if any(abs(root - v) < 1e-9 * max(1.0, abs(v)) for v in values):
                    return True
    except (TutorError, ImportError, ValueError, TypeError, AttributeError, sp.PolynomialError):
        return False
    return False


def _problem_objects(problem: str) -> list[Any]:
    """The expressions written in the problem (and the sides of its equations), as parsed objects."""
    from ._md import _spans

    texts = [next(g for g in m.groups() if g is not None) for m in _MATH_RE.finditer(problem)]
    texts += [problem[a:b].rstrip(",") for a, b in _spans(problem)]
    found: list[Any] = []
    for text in texts[:_MAX_CANDIDATES]:
        try:
            from ..check import parse_math

            obj = parse_math(text)
        except (TutorError, ImportError, ValueError, TypeError):
            continue
        found.append(obj)
        found.extend(getattr(obj, "args", ())[:2] if hasattr(obj, "lhs") else ())
        if isinstance(obj, tuple | list) or type(obj).__name__ == "Tuple":
            found.extend(obj)
    return found


def _parsed_in(cand: str, given: list[Any]) -> bool:
    """True when ``cand`` is literally one of the problem's expressions (the same tree, not just equal in value)."""
    if not given:
        return False
    try:
        from ..check import parse_math

        obj = parse_math(cand)
    except (TutorError, ImportError, ValueError, TypeError):
        return False
    return any(obj == g for g in given)


def _is_expression(text: str) -> bool:
    """More than a bare number: it has a letter or an operator and a few characters."""
    core = _norm(text)
    return len(core) >= 3 and bool(re.search(r"[A-Za-z+*/^()\\=]", core))


def _norm(text: str) -> str:
    return re.sub(r"[\s$]", "", text)


def screen_hint(
    hint: str,
    answer: str,
    *,
    kind: str | None = None,
    options: Mapping[str, Any] | None = None,
    variables: Iterable[str] | None = None,
    problem: str = "",
) -> str | None:
    """Why ``hint`` must be withheld (it gives the answer away), or None when it is safe to show."""
    if re.search(r"\\(?:boxed|fbox)\b", hint):
        return "contains \\boxed{}"
    targets = answer_targets(answer, kind=kind)
    in_problem = _norm(problem)
    given = _problem_objects(problem) if problem else []
    variables = tuple(variables) if variables else None
    candidates = _candidates(hint)
    if len(candidates) > _MAX_CANDIDATES:  # fail closed: a hint is a few sentences, not a worked solution
        return "has too many expressions to screen"
    for cand in candidates:
        if _is_expression(cand) and (
            (in_problem and _norm(cand) in in_problem) or _parsed_in(cand, given)
        ):
            continue  # quoting the problem's own expression reveals nothing (a bare number is always checked)
        if _equal(cand, answer, kind=kind, options=options, variables=variables):
            return "states the answer"  # never echo the candidate: the reason may be shown to the student
        if targets and _factor_gives_root(cand, targets):
            return "shows a factor that gives a value of the answer away"
        for target in targets:
            if _equal(cand, target, kind=None, options=None, variables=variables):
                return "states a value of the answer"
    return None


def _equal(
    cand: str, expected: Any, *, kind: str | None, options: Mapping[str, Any] | None, variables: Any
) -> bool:
    try:
        verdict = _engines.check_answer(
            cand, expected, kind=kind, options=options, variables=variables, timeout=_CHECK_TIMEOUT
        )
    except CheckTimeout:
        return True  # fail closed: what couldn't be ruled out in time is not shown
    except TutorError:
        return False
    if getattr(verdict, "note", "") == "timeout":
        return True
    return bool(getattr(verdict, "valid", False) and getattr(verdict, "correct", False))


# ---------------------------------------------------------------------------------------------- offline ladder

_GENERIC: dict[str, tuple[str, str, str]] = {
    "equation": (
        "Goal: find the value(s) of the unknown that make both sides equal. What kind of equation is it?",
        "Method: do the same operation to both sides to isolate the unknown (or bring everything to one side and factor).",
        "Next step: simplify both sides first, then move every term with the unknown to one side.",
    ),
    "set": (
        "Goal: find every solution — the answer is a set, so a missing or extra value counts as wrong.",
        "Method: bring everything to one side (= 0), then factor or use the quadratic formula.",
        "Next step: write the equation in the form $(\\ldots) = 0$ and look for a common factor or a factorization.",
    ),
    "interval": (
        "Goal: describe all values that satisfy the inequality, as an interval.",
        "Method: solve the related equation first; its solutions split the number line into pieces.",
        "Next step: find the boundary points, then test one value in each piece.",
    ),
    "units": (
        "Goal: the answer is a quantity: a number together with a unit.",
        "Method: write the relevant formula, substitute the values with their units, and convert units carefully.",
        "Next step: convert every given quantity to SI units before substituting.",
    ),
}
_GENERIC_DEFAULT = (
    "Goal: read the problem again and write down exactly what is asked for and what is given.",
    "Method: name the rule or formula that connects what is given with what is asked.",
    "Next step: apply that rule to the first part of the expression and simplify one step at a time.",
)


def generic_hint(level: int, kind: str | None = None) -> str:
    """A hint that knows only the answer's kind — used when nothing better is safe."""
    return _GENERIC.get(kind or "", _GENERIC_DEFAULT)[level - 1]


def _first_step(worked: str) -> str:
    """The first sentence of a worked solution: a concrete next step (screened by the caller)."""
    match = re.match(r"\s*(.+?[.!?])(?:\s|$)", worked.replace("\n", " "))
    return match.group(1).strip() if match else ""


def offline_hints(
    problem: str,
    level: int,
    *,
    solution: Any | None = None,
    kind: str | None = None,
    fallback_md: str = "",
    topic: str | None = None,
) -> list[str]:
    """Offline hints for this level, best first: the step engine's (goal/rule/next step) when it solved the
    problem; else the problem's own first worked step (level 3, ``fallback_md``) and the topic's hints; last a
    generic hint for the answer's kind. The caller shows the first one that passes the screen."""
    found: list[str] = []
    hints = getattr(solution, "hints", None)
    if hints and len(hints) >= level and str(hints[level - 1]).strip():
        found.append(str(hints[level - 1]))
    if level == 3 and fallback_md and (step := _first_step(fallback_md)):
        found.append("Next step: " + step)
    if level < 3 and topic in TOPIC_HINTS:
        found.append(TOPIC_HINTS[topic][level - 1])
    if level == 3 and topic in TOPIC_NEXT_STEP:
        found.append(TOPIC_NEXT_STEP[topic])
    found.append(generic_hint(level, kind or getattr(solution, "kind", None)))
    return found


def offline_hint(problem: str, level: int, **kwargs: Any) -> str:
    """The best offline hint for this level (unscreened; ``get_hint`` screens)."""
    return offline_hints(problem, level, **kwargs)[0]


# ---------------------------------------------------------------------------------------------- the ladder


def _r1_text(backend: Backend, request: AskRequest, on_notice: Callable[[str], None] | None = None) -> str:
    """Only the answer part of R1's reply: its reasoning holds the full solution and is never shown."""
    parts: list[str] = []
    complete = True
    for event in backend.stream(request):
        if isinstance(event, Answer):
            parts.append(event.text)
        elif isinstance(event, Notice) and on_notice is not None:
            on_notice(event.text)  # e.g. "retrying in 2 s (429)": the student sees why it takes long
        elif isinstance(event, Done):
            complete = event.complete
    text = "".join(parts).strip()
    return text if complete else ""  # a hint cut off mid-way is not shown


def _context(solution: Any | None, context: str | None, fallback_md: str = "") -> str | None:
    if context:
        return context
    path = solution.markdown() if solution is not None and hasattr(solution, "markdown") else fallback_md.strip()
    if path:
        return "A verified solution path (for you only, never reveal its final result):\n\n" + path
    return None


def get_hint(
    problem: str,
    answer: str | None,
    *,
    level: int = 1,
    kind: str | None = None,
    options: Mapping[str, Any] | None = None,
    variables: Iterable[str] | None = None,
    student_answer: str | None = None,
    backend: Backend | None = None,
    offline: bool = False,
    solution: Any | None = None,
    context: str | None = None,
    lang: str | None = None,
    fallback_md: str = "",
    solve_offline: bool = True,
    topic: str | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> HintResult:
    """One hint at ``level`` (1–3), screened so it never reveals ``answer``.

    ``backend`` None means: the configured/detected R1 host, if any (``offline=True`` skips R1). ``solution`` is
    the offline engine's Solution when already computed (``solve_offline=False``: don't try to compute it);
    ``context`` overrides the solution path sent to R1; ``fallback_md`` is a worked solution that came with the
    problem (a bank problem's, verified by construction): R1's context and the offline level-3 hint when the
    offline engine can't solve the statement; ``topic`` (a bank topic) picks the offline level-1/2 hints then.
    """
    if level not in (1, 2, 3):
        raise ConfigError(f"hint level must be 1, 2 or 3 (got {level})")
    if solution is None and solve_offline:
        solution = _engines.offline_solve(problem)
    if answer is None and solution is not None:
        answer, kind = solution.answer, kind or solution.kind
        options = options or solution.check_options
    note = ""
    rejected = 0
    r1_failed = False
    if answer is None:
        offline, note = True, "No answer to screen hints against: using the offline hints."
    if not offline and backend is None:
        backend, note = _engines.resolve_r1()
    if not offline and backend is not None and answer is not None:
        request = AskRequest(
            problem=problem,
            mode="hint",
            hint_level=level,
            student_answer=student_answer or None,
            context=_context(solution, context, fallback_md),
            lang=lang,
            no_cache=True,  # a cached hint may be one the screen already withheld: hints are always asked fresh
        )
        for attempt in range(2):
            try:
                text = _r1_text(backend, request, on_notice)
            except TutorError as err:
                note, r1_failed = f"R1 hint unavailable ({err}); offline hint shown.", True
                break
            if not text:
                note = "R1 gave no hint text; offline hint shown."
                break
            reason = screen_hint(text, answer, kind=kind, options=options, variables=variables, problem=problem)
            if reason is None:
                if rejected:
                    note = "R1's first hint was withheld (it gave the answer away); this is its second."
                return HintResult(text, level, "r1", rejected, note)
            rejected += 1
            note = f"R1's hint{'s were' if rejected > 1 else ' was'} withheld (it {reason}); offline hint shown."
            if attempt == 0:  # ask once more, stricter, bypassing any cache of the leaking reply
                request = AskRequest(
                    problem=request.problem,
                    mode="hint",
                    hint_level=level,
                    student_answer=request.student_answer,
                    context=((request.context or "") + "\n\n" + _REASK_NOTE).strip(),
                    lang=lang,
                    no_cache=True,
                )
    choices = offline_hints(problem, level, solution=solution, kind=kind, fallback_md=fallback_md, topic=topic)
    text = choices[-1]  # the generic hint knows no numbers of this problem
    for choice in choices[:-1]:
        if answer is None or not screen_hint(
            choice, answer, kind=kind, options=options, variables=variables, problem=problem
        ):
            text = choice
            break
    return HintResult(text, level, "offline", rejected, note, r1_failed)
