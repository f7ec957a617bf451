"""Answer checking: a safe parser, STACK-style answer tests, units and answer extraction.

    parse_math(text, variables=None)          text -> SymPy, safely (the project's only text->SymPy path)
    check(answer, expected, kind=…, …)        -> Verdict(correct, valid, note, feedback, parsed, score)
    preview(answer, kind=None)                -> Preview(valid, latex, message, position)
    extract_answer(model_text)                -> the final answer (last \\boxed{…}, "final answer is …")
    to_latex(obj)                             -> LaTeX

Verdict notes (``NOTES`` maps each to its default feedback): correct, incorrect, sign_error, missing_root,
extra_root, wrong_order, wrong_length, not_solved (an equation equivalent to the expected solved form ``x = 7`` /
``y = 2x + 1`` or with the expected solutions, but not solved: ``2x = 14``), not_simplified, not_factored,
not_expanded, not_fraction, not_decimal, wrong_dimension, missing_units, wrong_units, rounding, sigfigs,
constant_missing, wrong_kind, wrong_variable, interval_endpoints, invalid_syntax, unknown_name, too_large (also
answers over 4,000 characters, refused at once), timeout.
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
