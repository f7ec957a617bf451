"""The problem bank: seeded, reproducible problem generators per topic and level, each answer verified.

    >>> from tutor.bank import TOPICS, draw
    >>> p = draw("quadratics", level=2, seed=7)
    >>> p.statement, p.answer, p.kind, dict(p.options)

``draw(topic, level, seed)`` always returns the same ``Problem`` for the same arguments (ids are stable across
runs and machines). Generators build SymPy objects directly (no text is ever evaluated) and self-check by
substitution/differentiation; ``verify(problem)`` additionally re-reads the plain-text answer with the safe parser
and checks it against itself with ``tutor.check`` — the tests run it over every topic × level × several seeds.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import ConfigError
from . import _algebra, _calculus, _science
from ._common import BankRandom, Draft

__all__ = ["Problem", "Topic", "TOPICS", "LEVELS", "draw", "topic_name", "verify"]

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    description: str
    levels: Mapping[int, str]
    generate: Callable[[random.Random, int], Draft] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Problem:
    """One concrete problem. ``answer`` is plain math text that ``tutor.check.check`` accepts as ``expected``."""

    id: str
    topic: str
    level: int
    statement: str  # Markdown with LaTeX ($…$, $$…$$)
    answer: str
    kind: str  # a tutor.check kind
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)  # rtol / form / … for tutor.check
    solution: str = ""  # short worked solution, Markdown
    points: float = 1.0
    answer_latex: str = ""
    variables: tuple[str, ...] = ()
    seed: str = ""
    source: str = "bank"  # bank | template | r1

    def __reduce__(self) -> tuple[Any, ...]:  # picklable for worker processes (options is a read-only proxy)
        return (Problem.from_dict, (self.to_dict(),))

    def check_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``tutor.check.check(answer, self.answer, **kwargs)``."""
        kwargs: dict[str, Any] = {"kind": self.kind, **dict(self.options)}
        if self.variables:
            kwargs["variables"] = list(self.variables)
        return kwargs

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "topic": self.topic, "level": self.level, "statement": self.statement,
            "answer": self.answer, "kind": self.kind, "options": dict(self.options), "solution": self.solution,
            "points": self.points, "answer_latex": self.answer_latex, "variables": list(self.variables),
            "seed": self.seed, "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        return cls(
            id=str(data["id"]), topic=str(data.get("topic", "")), level=int(data.get("level", 1)),
            statement=str(data.get("statement", "")), answer=str(data["answer"]), kind=str(data["kind"]),
            options=MappingProxyType(dict(data.get("options") or {})), solution=str(data.get("solution", "")),
            points=float(data.get("points", 1.0)), answer_latex=str(data.get("answer_latex", "")),
            variables=tuple(data.get("variables") or ()), seed=str(data.get("seed", "")),
            source=str(data.get("source", "bank")),
        )


def _topic(name: str, title: str, description: str, levels: tuple[str, str, str],
           generate: Callable[[random.Random, int], Draft]) -> Topic:
    return Topic(name, title, description, MappingProxyType(dict(zip(LEVELS, levels, strict=True))), generate)


_ALL = [
    _topic("linear-equations", "Linear equations", "Solve one linear equation in x.",
           ("ax + b = c", "x on both sides", "brackets, fractional solutions"), _algebra.linear),
    _topic("quadratics", "Quadratic equations", "Solve a quadratic equation (all real roots, as a set).",
           ("monic, integer roots", "rational roots", "irrational roots (quadratic formula)"), _algebra.quadratic),
    _topic("systems", "Systems of equations", "Solve a system of linear equations.",
           ("2×2, easy elimination", "2×2 general", "3×3"), _algebra.system),
    _topic("inequalities", "Inequalities", "Solve an inequality in x.",
           ("linear", "linear, sign flip", "quadratic (interval notation)"), _algebra.inequality),
    _topic("simplification", "Simplification", "Simplify, cancel or factor an expression.",
           ("collect like terms", "cancel a common factor", "factor a quadratic"), _algebra.simplification),
    _topic("derivatives", "Derivatives", "Differentiate a function of x.",
           ("polynomials", "chain / product rule", "quotient, log, combined rules"), _calculus.derivative),
    _topic("integrals", "Integrals", "Indefinite and definite integrals.",
           ("indefinite polynomial", "definite polynomial", "substitution / by parts"), _calculus.integral),
    _topic("limits", "Limits", "Evaluate a limit.",
           ("direct substitution", "0/0: factor and cancel", "sin(u)/u and limits at infinity"), _calculus.limit),
    _topic("matrices", "Matrices", "Matrix arithmetic, determinants and inverses.",
           ("2×2 determinant / sum", "2×2 product", "2×2 inverse / 3×3 determinant"), _calculus.matrix),
    _topic("unit-conversion", "Unit conversion", "Convert a quantity between units.",
           ("one unit", "compound units (speed, volume)", "area, volume, density"), _science.unit_conversion),
    _topic("kinematics", "Kinematics", "Motion with constant speed or acceleration.",
           ("distance = speed × time", "uniform acceleration", "free fall / vertical throw"), _science.kinematics),
    _topic("circuits", "Ohm's law and circuits", "Ohm's law, series and parallel resistors, power.",
           ("V = IR", "series resistors", "parallel resistors, power"), _science.circuits),
    _topic("stoichiometry", "Stoichiometry", "Mole ratios, moles from mass, mass of product.",
           ("mole ratio", "grams to moles", "grams to grams"), _science.stoichiometry),
]

TOPICS: Mapping[str, Topic] = MappingProxyType({t.name: t for t in _ALL})

_ALIASES = {
    "linear": "linear-equations", "equations": "linear-equations", "quadratic": "quadratics",
    "system": "systems", "systems-of-equations": "systems", "inequality": "inequalities",
    "simplify": "simplification", "algebra": "simplification", "derivative": "derivatives",
    "differentiation": "derivatives", "integral": "integrals", "integration": "integrals", "limit": "limits",
    "matrix": "matrices", "units": "unit-conversion", "unit-conversions": "unit-conversion",
    "conversion": "unit-conversion", "motion": "kinematics", "ohm": "circuits", "ohms-law": "circuits",
    "ohm-s-law": "circuits", "circuit": "circuits", "stoichiometry-ratios": "stoichiometry", "chemistry": "stoichiometry",
    "ratios": "stoichiometry",
}


def topic_name(topic: str) -> str:
    """Normalize a topic name ("Ohm's law", "linear_equations", "Derivative") or raise ConfigError."""
    key = "-".join(topic.strip().lower().replace("'", "-").replace("_", " ").replace("-", " ").split())
    key = key.replace("--", "-")
    if key in TOPICS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    raise ConfigError(f"unknown topic {topic!r}; known topics: {', '.join(TOPICS)}")


_SLOT = re.compile(r"^(?P<base>.*)[:#](?P<n>\d{1,6})$")


def _rng(topic: str, level: int, seed: int | str, slot: int | None) -> tuple[random.Random, str]:
    explicit = "" if slot is None else f"|slot={slot}"  # an explicit slot is part of the problem's identity
    digest = hashlib.sha256(f"r1-tutor-bank|{topic}|{level}|{seed}{explicit}".encode()).hexdigest()
    rng = BankRandom(int(digest[:16], 16))
    base: int | str = seed
    if slot is None and isinstance(seed, int):
        base, slot = "", seed
    elif slot is None and isinstance(seed, str) and (mt := _SLOT.match(seed)):
        base, slot = mt["base"], int(mt["n"])
    if slot is not None:  # consecutive slots of one base seed → consecutive structures (different templates)
        offset = int(hashlib.sha256(f"r1-tutor-bank-structure|{topic}|{level}|{base}".encode()).hexdigest()[:8], 16)
        rng.structure = offset + slot
    return rng, digest[:10]


def draw(topic: str, level: int = 1, seed: int | str = 0, *, points: float = 1.0, slot: int | None = None) -> Problem:
    """The problem for (topic, level, seed); same arguments → same problem, on any machine.

    Problems of one topic drawn for one learner should differ in structure, not only in constants: consecutive
    integer seeds, seeds ``"BASE:0"``, ``"BASE:1"``, … (or ``slot=0, 1, …`` with any seed) pick consecutive
    templates, so neighbours never share a template (when the level has more than one).
    """
    name = topic_name(topic)
    if level not in LEVELS:
        raise ConfigError(f"level must be 1, 2 or 3 (got {level!r})")
    rng, digest = _rng(name, level, seed, slot)
    draft = TOPICS[name].generate(rng, level)
    return Problem(
        id=f"{name}-{level}-{digest}",
        topic=name,
        level=level,
        statement=draft.statement,
        answer=draft.answer,
        kind=draft.kind,
        options=MappingProxyType(dict(draft.options)),
        solution=draft.solution,
        points=float(points),
        answer_latex=draft.answer_latex,
        variables=draft.variables,
        seed=str(seed),
    )


def verify(problem: Problem, *, timeout: float = 5.0) -> bool:
    """True when ``tutor.check`` reads the answer text and accepts it against itself.

    This proves the printed answer parses (the safe parser, never eval) and that the key is usable for grading.
    """
    from ..check import check  # lazy: the checker loads SymPy and Pint

    verdict = check(problem.answer, problem.answer, timeout=timeout, **problem.check_kwargs())
    return bool(verdict.correct)
