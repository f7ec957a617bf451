"""Linear equations in one unknown: isolate the variable, one inverse operation per step."""

from __future__ import annotations

import sympy as sp

from ._fmt import Eqn, dm, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["solve_linear", "is_linear"]


def is_linear(eq: sp.Equality, x: sp.Symbol) -> bool:
    """Linear in ``x`` once both sides are expanded (no ``x`` in a denominator)."""
    diff = sp.expand(eq.lhs - eq.rhs)
    if not diff.is_polynomial(x):
        return False
    return bool(sp.degree(diff, x) <= 1) and diff.has(x)


def _lcd(*sides: sp.Expr) -> sp.Integer:
    lcd = sp.Integer(1)
    for side in sides:
        for term in sp.Add.make_args(sp.expand(side)):
            coeff = term.as_coeff_Mul()[0]
            if coeff.is_Rational:
                lcd = sp.ilcm(lcd, sp.Rational(coeff).q)
    return sp.Integer(lcd)


def solve_linear(eq: sp.Equality, x: sp.Symbol) -> Solution:
    """Worked solution of a linear equation ``eq`` in ``x``."""
    lhs, rhs = eq.lhs, eq.rhs  # already SymPy objects (built by the safe parser)
    steps = [Step(f"We solve {m(Eqn(lhs, rhs, evaluate=False))} for {m(x)}: isolate {m(x)} with inverse operations, "
                  "doing the same to both sides.", Eqn(lhs, rhs, evaluate=False), "equivalent")]
    ops: list[tuple[str, list[sp.Expr]]] = []

    def record(text: str, new_l: sp.Expr, new_r: sp.Expr, shown: list[sp.Expr]) -> None:
        nonlocal lhs, rhs
        lhs, rhs = new_l, new_r
        eq_now = Eqn(lhs, rhs, evaluate=False)
        steps.append(Step(f"{text}:\n{dm(eq_now)}", eq_now, "equivalent"))
        ops.append((text, shown))

    lcd = _lcd(lhs, rhs)
    if lcd != 1:
        record(f"**Multiply both sides by the least common denominator** {m(lcd)} to clear the fractions",
               sp.expand(lhs * lcd), sp.expand(rhs * lcd), [lcd])
    if sp.expand(lhs) != lhs or sp.expand(rhs) != rhs:
        record("**Expand and combine like terms** on each side", sp.expand(lhs), sp.expand(rhs), [])
    r_coeff = sp.expand(rhs).coeff(x, 1)
    if r_coeff != 0:
        term = r_coeff * x
        verb = "Subtract" if not r_coeff.could_extract_minus_sign() else "Add"
        shown = term if verb == "Subtract" else -term
        record(f"**{verb} {m(shown)} {'from' if verb == 'Subtract' else 'to'} both sides** to gather the "
               f"{m(x)}-terms on the left", sp.expand(lhs - term), sp.expand(rhs - term), [shown])
    if sp.expand(lhs).coeff(x, 1) == 0:
        return _degenerate(steps, x, sp.expand(lhs), sp.expand(rhs))
    const = sp.expand(lhs).coeff(x, 0)
    if const != 0:
        verb = "Subtract" if not const.could_extract_minus_sign() else "Add"
        shown = const if verb == "Subtract" else -const
        record(f"**{verb} {m(shown)} {'from' if verb == 'Subtract' else 'to'} both sides** to move the constant "
               "to the right", sp.expand(lhs - const), sp.expand(rhs - const), [shown])
    a = sp.expand(lhs).coeff(x, 1)
    if a != 1:
        text = ("**Multiply both sides by** $-1$" if a == -1 else f"**Divide both sides by** {m(a)}, the coefficient "
                f"of {m(x)}")
        record(text, x, sp.expand(rhs / a), [a])
    value = sp.nsimplify(rhs) if rhs.is_Float else rhs
    answer = Eqn(x, value)
    steps.append(Step(f"**Check**: substituting {m(answer)} into the original equation gives "
                      f"{m(Eqn(eq.lhs.subs(x, value), eq.rhs.subs(x, value), evaluate=False))}, which is true.",
                      Eqn(sp.expand(eq.lhs.subs(x, value)), sp.expand(eq.rhs.subs(x, value))), "value"))
    first = ops[0] if ops else ("Read off the value of the variable", [])
    hints = make_hints(
        f"Goal: get {m(x)} alone on one side of the equation.",
        "Method: undo each operation with its inverse (add ↔ subtract, multiply ↔ divide), always doing the same "
        "to both sides.",
        [(f"Next step: {first[0]}.", first[1])],
        [value],
        "Next step: move every term with the variable to one side and the numbers to the other.",
    )
    return Solution("linear", steps, plain(answer), tex(answer), "equation", {}, [], hints,
                    problem=eq, result=sp.FiniteSet(value), variable=x)


def _degenerate(steps: list[Step], x: sp.Symbol, left: sp.Expr, rest: sp.Expr) -> Solution:
    """The variable cancelled, leaving ``left = rest``: a true statement (every real number) or a false one (none)."""
    final = Eqn(left, rest)
    if sp.expand(left - rest) == 0:
        result: sp.Set = sp.S.Reals
        steps.append(Step(f"**The variable cancels**: {m(x)} has disappeared, leaving {m(final)}, which is **true** "
                          f"whatever {m(x)} is.", final, "equivalent"))
        steps.append(Step("So **every real number** solves the equation (an identity): the solution set is "
                          r"$\mathbb{R}$.", result, "solutions"))
        answer, latex, kind = "(-oo, oo)", r"\mathbb{R}", "interval"
        method = "Method: simplify both sides; if the variable cancels, decide whether what is left is true or false."
    else:
        result = sp.S.EmptySet
        steps.append(Step(f"**The variable cancels**: {m(x)} has disappeared, leaving {m(final)}, which is **false** "
                          f"whatever {m(x)} is.", final, "equivalent"))
        steps.append(Step(r"So **no number** solves the equation: the solution set is empty, $\varnothing$.",
                          result, "solutions"))
        answer, latex, kind = "{}", r"\varnothing", "set"
        method = "Method: simplify both sides; if the variable cancels, decide whether what is left is true or false."
    hints = (f"Goal: find every {m(x)} that makes the equation true — there may be none, or every number may work.",
             method, "Next step: expand both sides and collect the terms with the variable on one side.")
    return Solution("linear", steps, answer, latex, kind, {}, [], hints,
                    problem=sp.Eq(steps[0].expr.lhs, steps[0].expr.rhs, evaluate=False), result=result, variable=x)
