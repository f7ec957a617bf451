"""Explain mode: what the problem is about, the key idea, and why each named rule applies — then the steps.

Only statements that hold for every problem of the family (or for the rule the steps actually name) are made, so the
explanation stays as true as the steps themselves.
"""

from __future__ import annotations

import re

from ._types import Solution

__all__ = ["explanation", "result_sentence"]

_ABOUT: dict[str, tuple[str, str]] = {
    "linear": ("finding the value of the unknown that makes both sides of a linear equation equal.",
               "An equation stays true when you do the same thing to both sides, so undo the operations on the "
               "unknown one at a time (inverse operations) until it stands alone. If the unknown cancels, what is "
               "left is either always true (every number works) or never true (no number works)."),
    "quadratic": ("finding every value that makes a quadratic expression equal to zero.",
                  "A product is zero exactly when one of its factors is zero, so a quadratic is solved by factoring "
                  "when it factors nicely, and otherwise by the quadratic formula; the discriminant b² − 4ac tells "
                  "in advance how many real roots there are."),
    "polynomial": ("finding the roots of a polynomial of degree three or more.",
                   "A rational root p/q must have p dividing the constant term and q dividing the leading "
                   "coefficient; each root found splits off a linear factor, leaving a smaller polynomial."),
    "absolute_value": ("an equation with an absolute value, i.e. a distance from zero.",
                       "|u| = c means u is c units from 0, so u = c or u = −c; an absolute value is never negative, "
                       "and every candidate must be checked in the original equation."),
    "inequality": ("finding every value that makes an inequality true — usually a whole interval, not one number.",
                   "Solve it like an equation, but multiplying or dividing by a negative number reverses the sign; "
                   "for a quadratic, its sign can only change at its roots, so one test point per region decides."),
    "system": ("finding values of several unknowns that satisfy all the equations at the same time.",
               "Combine the equations so that one unknown disappears (elimination) or express one unknown through "
               "the others (substitution); each step leaves a simpler system with the same solutions."),
    "factor": ("rewriting an expression as a product of simpler factors.",
               "Look first for a common factor, then for patterns (difference of squares, perfect squares) or two "
               "numbers with the right product and sum; expanding the factors must give the original back."),
    "expand": ("rewriting a product or power as a sum of terms.",
               "The distributive law multiplies every term of one bracket by every term of the other; then like "
               "terms are combined."),
    "simplify": ("rewriting an expression in a simpler equivalent form.",
                 "Factor where possible and cancel common factors (remembering the values where they are zero), "
                 "then combine like terms; the value of the expression never changes."),
    "derivative": ("the derivative: the rate at which the function changes with its variable.",
                   "Differentiate from the outermost structure inwards — a sum term by term, a product with the "
                   "product rule, a quotient with the quotient rule, a function of an inner expression with the "
                   "chain rule — and finish with the basic rules."),
    "integral": ("an integral: finding a function whose derivative is the integrand (and, with bounds, the signed "
                 "area).",
                 "Match the integrand to a rule from the table, or transform it until it matches: substitution "
                 "undoes the chain rule, integration by parts undoes the product rule, partial fractions split "
                 "rational functions. Differentiating the result must give the integrand back."),
    "limit": ("the value a function approaches near a point, which need not be its value there.",
              "Try direct substitution first; an indeterminate form such as 0/0 or ∞/∞ means more work is needed — "
              "factor and cancel, use a standard limit, L'Hôpital's rule, or divide by the highest power."),
    "taylor": ("approximating a function near a point by a polynomial.",
               "The Taylor polynomial matches the function's value and its first derivatives at the point: the "
               "coefficient of (x − a)ᵏ is f⁽ᵏ⁾(a)/k!."),
    "ode": ("a differential equation: finding a function from a relation between it and its derivative.",
            "A separable equation is solved by putting all y on one side and all x on the other and integrating "
            "both; a linear one by multiplying with an integrating factor that turns the left side into the "
            "derivative of a product. An initial condition fixes the constant."),
    "matrix": ("a matrix computation.",
               "Determinants expand along a row (cofactors); an inverse exists only when the determinant is not "
               "zero; row operations change a matrix into an equivalent simpler one."),
    "units": ("converting a quantity from one unit to another without changing its size.",
              "Multiply by factors equal to 1 (like 1000 m / 1 km) so the old units cancel; temperatures need a "
              "formula because their scales start at different zeros."),
    "arithmetic": ("evaluating a numerical expression exactly.",
                   "Follow the order of operations and keep fractions exact until the end."),
}

# why a rule named in the steps applies (said only when the steps name the rule)
_WHY: list[tuple[str, str]] = [
    ("product rule", "the **product rule** applies because the function is a product of two factors that both "
                     "depend on the variable"),
    ("quotient rule", "the **quotient rule** applies because the function is a quotient whose denominator depends "
                      "on the variable"),
    ("chain rule", "the **chain rule** applies because a function is applied to an inner expression, not to the "
                   "variable itself"),
    ("sum rule", "the **sum rule** applies because the derivative (or integral) of a sum is the sum of the "
                 "derivatives (integrals)"),
    ("**substitution**", "**substitution** applies because the integrand contains an inner function together with "
                     "(a constant multiple of) its derivative"),
    ("integration by parts", "**integration by parts** applies because the integrand is a product in which one "
                             "factor gets simpler when differentiated"),
    ("partial fractions", "**partial fractions** apply because the integrand is a rational function whose "
                          "denominator factors"),
    ("log rule", "the **log rule** applies because the integrand has the form 1/u, whose antiderivative is ln|u|"),
    ("l'hôpital", "**L'Hôpital's rule** applies only because substitution gave the indeterminate form 0/0 or ∞/∞"),
    ("quadratic formula", "the **quadratic formula** is used because the quadratic does not factor over the "
                          "rationals"),
    ("zero-product property", "the **zero-product property** applies because the equation is a product equal to "
                              "zero"),
    ("integrating factor", "an **integrating factor** applies because the equation is linear in y"),
    ("separable", "**separation of variables** applies because the right side is a product of a function of x and "
                  "a function of y"),
]


_INTEGRAL_ONLY = ("**substitution**", "integration by parts", "partial fractions", "log rule")


def explanation(sol: Solution) -> str:
    """The Reasoning text for explain mode: about / key idea / why the rules / the worked steps."""
    about, idea = _ABOUT.get(sol.family, ("a problem the offline tutor solves step by step.", sol.hints[1]))
    steps_text = sol.markdown()
    low = steps_text.lower()
    whys = [why for key, why in _WHY if re.search(re.escape(key), low)
            and (sol.family == "integral" or key not in _INTEGRAL_ONLY)]
    parts = [f"**What this problem is about.** This problem is about {about}", f"**The key idea.** {idea}"]
    if whys:
        text = "; ".join(whys)
        first = re.search(r"[a-zA-Z]", text)
        if first:
            text = text[: first.start()] + text[first.start()].upper() + text[first.start() + 1:]
        parts.append(f"**Why these rules.** {text}.")
    parts.append("**The steps, one rule at a time.**")
    parts.append(steps_text)
    return "\n\n".join(parts)


def result_sentence(sol: Solution) -> str:
    """The closing sentence of an explanation: the result, stated plainly (no boxed emphasis)."""
    return f"So the result is ${sol.answer_latex}$."
