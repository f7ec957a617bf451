"""The problem bank: every topic × level over several seeds yields a verified, renderable, reproducible problem."""

from __future__ import annotations

import dataclasses
import html as html_lib
import re

import pytest
import sympy as sp

from tutor.bank import LEVELS, TOPICS, Problem, draw, topic_name, verify
from tutor.check import check, parse_math
from tutor.errors import ConfigError

SEEDS = (0, 1, 2, "alice", 99)
REQUIRED = ("linear-equations", "quadratics", "systems", "inequalities", "simplification", "derivatives",
            "integrals", "limits", "matrices", "unit-conversion", "kinematics", "circuits", "stoichiometry")
CASES = [(t, lvl, s) for t in TOPICS for lvl in LEVELS for s in SEEDS]


def test_required_topics_and_levels() -> None:
    assert set(REQUIRED) <= set(TOPICS)
    for topic in TOPICS.values():
        assert set(topic.levels) == {1, 2, 3}
        assert topic.title and topic.description


@pytest.mark.parametrize(("topic", "level", "seed"), CASES)
def test_answer_checks_against_itself_and_statement_renders(topic: str, level: int, seed: int | str) -> None:
    p = draw(topic, level, seed)
    assert p.topic == topic and p.level == level
    assert verify(p), p
    _assert_renders(p.statement)
    _assert_renders(p.solution)
    assert p.answer_latex and _balanced(p.answer_latex)
    # the answer is not a trivial echo: a perturbed answer is rejected
    wrong = _perturbed(p)
    if wrong is not None:
        verdict = check(wrong, p.answer, timeout=5.0, **p.check_kwargs())
        assert verdict.valid and not verdict.correct, (wrong, p.answer, verdict)


def _balanced(tex: str) -> bool:
    depth = 0
    for i, ch in enumerate(tex):
        if ch in "{}" and i and tex[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _assert_renders(markdown: str) -> None:
    """Markdown renders to HTML with every math span intact: balanced delimiters and braces, no Python artefacts."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    assert markdown.count("$") % 2 == 0, markdown
    spans = re.findall(r"\$\$(.+?)\$\$|\$(.+?)\$", markdown, flags=re.S)
    assert spans or "$" not in markdown
    for display, inline in spans:
        tex = display or inline
        assert _balanced(tex), tex
        assert "**" not in tex and "Interval(" not in tex and "{{" not in tex, tex
    html = markdown2html_mistune(markdown)
    assert "<p>" in html or "<h" in html
    for display, inline in spans:
        assert (display or inline).split("\\")[0][:8] in html_lib.unescape(html)


def _perturbed(p: Problem) -> str | None:
    """A plausible wrong answer for a few kinds (numbers off by one, a root changed)."""
    if p.kind == "number":
        return f"({p.answer}) + 1"
    if p.kind == "units":
        number, unit = p.answer.split(" ", 1)
        return f"{float(number) * 1.5:g} {unit}"
    if p.kind == "expression":
        return f"{p.answer} + 1"
    if p.kind == "equation":
        return p.answer + " + 1"
    return None


@pytest.mark.parametrize("topic", list(TOPICS))
def test_reproducible_and_seed_sensitive(topic: str) -> None:
    a, b = draw(topic, 2, 5), draw(topic, 2, 5)
    assert a == b and a.id == b.id
    statements = {draw(topic, 2, s).statement for s in range(12)}
    assert len(statements) >= 4  # enough variety for per-student variants


def test_ids_are_stable_strings() -> None:
    p = draw("quadratics", 1, 0)
    assert p.id == draw("quadratics", 1, 0).id
    assert p.id.startswith("quadratics-1-") and len(p.id) == len("quadratics-1-") + 10
    assert draw("quadratics", 1, 1).id != p.id


def test_problem_is_frozen_and_round_trips() -> None:
    p = draw("circuits", 3, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.answer = "0"  # type: ignore[misc]
    assert Problem.from_dict(p.to_dict()) == p


def test_topic_aliases_and_errors() -> None:
    assert topic_name("Ohm's law") == "circuits"
    assert topic_name("linear_equations") == "linear-equations"
    assert topic_name("Derivative") == "derivatives"
    with pytest.raises(ConfigError, match="unknown topic"):
        draw("astrology")
    with pytest.raises(ConfigError, match="level"):
        draw("limits", level=4)


@pytest.mark.parametrize("seed", range(6))
def test_algebra_answers_solve_their_equations(seed: int) -> None:
    """Independent of the generator: substitute the key back into the stated problem."""
    x = sp.Symbol("x")
    lin = draw("linear-equations", 3, seed)
    sol = parse_math(lin.answer)
    assert isinstance(sol, sp.Eq)
    quad = draw("quadratics", 3, seed)
    roots = parse_math(quad.answer)
    poly_tex = quad.statement.split("$$")[1].split("=")[0]
    poly = parse_math(poly_tex)
    for r in roots:
        assert sp.simplify(poly.subs(x, r)) == 0
