"""Level-1 (goal) and level-2 (method) hints per problem-bank topic, used when the offline engine can't solve a
bank statement. None of them contains a problem's numbers, so none can reveal an answer."""

from __future__ import annotations

__all__ = ["TOPIC_HINTS", "TOPIC_NEXT_STEP"]

TOPIC_HINTS: dict[str, tuple[str, str]] = {  # topic -> (level 1 goal, level 2 method)
    "linear-equations": (
        "Goal: get $x$ alone on one side of the equation.",
        "Method: undo each operation in reverse order, doing the same to both sides so the equation stays balanced.",
    ),
    "quadratics": (
        "Goal: find every value of $x$ that makes the quadratic zero — there can be two.",
        "Method: bring everything to one side, then factor (for $x^2 + bx + c$: two numbers with product $c$ and "
        "sum $b$) or use the quadratic formula.",
    ),
    "systems": (
        "Goal: find values of the unknowns that satisfy every equation at the same time.",
        "Method: eliminate one unknown by adding or subtracting multiples of the equations, or substitute one "
        "equation into the other.",
    ),
    "inequalities": (
        "Goal: describe all $x$ that make the inequality true.",
        "Method: solve it like an equation, but flip the sign when you multiply or divide by a negative number; "
        "for a quadratic, find its roots and test each interval between them.",
    ),
    "simplification": (
        "Goal: rewrite the expression in its simplest equivalent form.",
        "Method: factor the numerator and the denominator, cancel common factors, and collect like terms.",
    ),
    "derivatives": (
        "Goal: find the derivative — how fast the function changes as $x$ changes.",
        "Method: look at the structure: a sum (term by term), a product (product rule), a quotient (quotient rule) "
        "or a function of a function (chain rule).",
    ),
    "integrals": (
        "Goal: find an antiderivative; for a definite integral, then evaluate it between the bounds.",
        "Method: integrate term by term with the power rule; for a composite integrand try a substitution "
        "$u = \\ldots$, for a product integration by parts; with bounds compute $F(b) - F(a)$.",
    ),
    "limits": (
        "Goal: find the value the expression approaches.",
        "Method: try direct substitution first; if it gives $0/0$, factor and cancel (or use a standard limit); "
        "at infinity, divide by the highest power.",
    ),
    "matrices": (
        "Goal: carry out the matrix operation entry by entry.",
        "Method: in a product, entry $(i, j)$ is row $i$ times column $j$; a 2×2 determinant is $ad - bc$; a 2×2 "
        "inverse swaps $a$ and $d$, negates $b$ and $c$ and divides by the determinant.",
    ),
    "unit-conversion": (
        "Goal: express the same quantity in the requested unit.",
        "Method: multiply by conversion factors equal to one (like $\\frac{1000\\ \\mathrm{m}}{1\\ \\mathrm{km}}$) "
        "so that the unwanted units cancel.",
    ),
    "kinematics": (
        "Goal: list what is given (distance, speed, time, acceleration) and what is asked.",
        "Method: pick the equation of motion that links exactly those quantities, e.g. $s = vt$, $v = u + at$ or "
        "$s = ut + \\frac{1}{2}at^2$.",
    ),
    "circuits": (
        "Goal: find the asked quantity from Ohm's law and how the resistors are connected.",
        "Method: $V = IR$; in series resistances add, in parallel $\\frac{1}{R} = \\frac{1}{R_1} + \\frac{1}{R_2}$; "
        "power is $P = VI$.",
    ),
    "stoichiometry": (
        "Goal: convert between amounts of substances using the balanced equation.",
        "Method: grams to moles with $n = m/M$, then the mole ratio from the coefficients, then back to grams if "
        "asked.",
    ),
}

# A level-3 fallback when the problem's own first step can't be shown (it would give a value away).
TOPIC_NEXT_STEP: dict[str, str] = {
    "systems": "Next step: add or subtract the equations (scaled if needed) so that one unknown cancels.",
    "integrals": "Next step: integrate one term at a time: raise the power by one and divide by the new power.",
    "quadratics": "Next step: write the equation as $(\\ldots)(\\ldots) = 0$, or compute the discriminant.",
    "inequalities": "Next step: solve the matching equation first; its solutions are the boundary points.",
    "derivatives": "Next step: name the outermost operation of the function; that decides the first rule to use.",
    "limits": "Next step: substitute the point into the expression and see which form you get.",
}
