"""Answer checking: a safe parser, STACK-style answer tests, units and answer extraction.

    parse_math(text, variables=None)          text -> SymPy, safely (the project's only text->SymPy path)
    check(answer, expected, kind=…, …)        -> Verdict(correct, valid, note, feedback, parsed, score)
    preview(answer, kind=None)                -> Preview(valid, latex, message, position)
    extract_answer(model_text)                -> the final answer (last \\boxed{…}, "final answer is …")
    to_latex(obj)                             -> LaTeX
"""

from __future__ import annotations

from tutor.check.api import FORMS, KINDS, check, preview
from tutor.check.bounded import warm_up
from tutor.check.extract import extract_answer
from tutor.check.latex import to_latex
from tutor.check.parse import parse_math
from tutor.check.verdict import NOTES, Preview, Verdict

__all__ = ["check", "preview", "parse_math", "extract_answer", "to_latex", "warm_up", "Verdict", "Preview",
           "KINDS", "FORMS", "NOTES"]
