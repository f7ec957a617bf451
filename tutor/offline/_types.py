"""The value types of the offline tutor: a ``Solution`` made of ``Step``s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..result import Plot

__all__ = ["Step", "Solution"]


@dataclass(frozen=True, slots=True)
class Step:
    """One worked step: Markdown with LaTeX that names the rule, and the SymPy claim it makes.

    ``role`` says how the claim ``expr`` can be re-checked:
    ``identity``      — ``Eq(a, b)`` holds for every value of the symbols (after ``doit()``);
    ``antiderivative``— ``Eq(Integral(f, x), F)``: ``F' == f``;
    ``equivalent``    — an equation / relation / system with the same solutions as the problem;
    ``value``         — ``Eq(a, b)`` with both sides plain numbers;
    ``note``          — no claim (``expr`` is None).
    """

    text: str
    expr: Any = None
    role: str = "identity"


@dataclass(slots=True)
class Solution:
    """A solved problem. ``answer`` is plain math text ``tutor.check`` accepts; ``kind`` is its check kind."""

    family: str
    steps: list[Step]
    answer: str
    answer_latex: str
    kind: str
    check_options: dict[str, Any] = field(default_factory=dict)
    plots: list[Plot] = field(default_factory=list)
    hints: tuple[str, str, str] = ("", "", "")
    # SymPy's own objects, for verification: the parsed problem and the result (values, expression, set…)
    problem: Any = None
    result: Any = None
    variable: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        """The worked steps, one paragraph per step."""
        return "\n\n".join(step.text for step in self.steps)
