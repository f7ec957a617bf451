"""First-order ODEs y' = g(x, y): separable (separate and integrate) or linear (integrating factor); initial values."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, m, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["solve_ode", "abs_logs"]

C = sp.Symbol("C")


def _sep(g: sp.Expr, x: sp.Symbol, y: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    parts = sp.separatevars(g, symbols=[x, y], dict=True)
    if not parts or parts.get(x) is None or parts.get(y) is None:
        return None
    return parts["coeff"] * parts[x], parts[y]


def solve_ode(g: sp.Expr, x: sp.Symbol, y: sp.Symbol, *, x0: sp.Expr | None = None,
              y0: sp.Expr | None = None) -> Solution:
    """Solve ``y' = g(x, y)`` (``y`` a plain Symbol standing for y(x)), optionally with ``y(x0) = y0``."""
    yf = sp.Function("y")(x)
    ode = Eqn(sp.Derivative(yf, x), g.subs(y, yf))
    steps = [Step(f"We solve the differential equation {m(Eqn(sp.Symbol(chr(121) + chr(39)), g))}"
                  + (f" with {m(Eqn(sp.Function('y')(x0), y0))}" if x0 is not None else "") + ".", None, "note")]
    if not g.has(y):
        F = abs_logs(sp.integrate(g, x))
        general = F + C
        steps.append(Step(f"The right side has no {m(y)}: **integrate directly**, ${tex(y)} = \\int {tex(g)}\\,dx = "
                          f"{tex(general)}$.", Eqn(sp.Integral(g, x), F, evaluate=False), "antiderivative"))
        method = "integration"
    elif (sep := _sep(g, x, y)) is not None:
        p, h = sep
        general, method = _separable(p, h, x, y, steps, x0, y0), "separation of variables"
    elif sp.expand(g).is_polynomial(y) and sp.degree(sp.expand(g), y) == 1:
        general, method = _linear(g, x, y, steps), "integrating factor"
    else:
        raise OfflineUnsupported("The offline tutor solves first-order ODEs that are separable or linear.")
    particular = general
    if x0 is not None and y0 is not None:
        at = Eqn(general.subs(x, x0), y0)
        cval = sp.solve(at, C)
        if len(cval) != 1:
            raise OfflineUnsupported("The initial condition does not fix the constant uniquely.")
        raw = general.subs(C, cval[0])
        particular = min([sp.expand(raw), sp.simplify(raw)], key=sp.count_ops)  # ties keep the expanded form
        found = (f"{m(at)} gives {m(Eqn(C, cval[0]))}" if at.lhs != C else
                 f"substituting {m(Eqn(x, x0))} gives {m(Eqn(C, cval[0]))} directly")  # not "C = 3 gives C = 3"
        steps.append(Step(f"**Initial condition** {m(Eqn(sp.Function('y')(x0), y0))}: {found}, so "
                          f"{m(Eqn(y, particular))}.", Eqn(y, particular), "ode"))
    if sp.checkodesol(ode, Eqn(yf, particular.subs(y, yf)))[0] is not True:
        raise OfflineUnsupported("The offline ODE steps did not check out; refusing rather than guessing.")
    answer = Eqn(y, particular)
    steps.append(Step(f"**Check**: substituting {m(answer)} into the equation makes both sides equal.", answer, "ode"))
    hints = make_hints("Goal: find the function y(x) whose derivative satisfies the equation"
                       + (" and passes through the given point." if x0 is not None else "."),
                       "Method: if y' = p(x)·h(y), separate the variables and integrate both sides; if y' + P(x)y = "
                       "Q(x), multiply by the integrating factor e^{∫P dx}.",
                       [(f"Next step: use **{method}**.", [])], [particular],
                       "Next step: decide whether the equation is separable or linear.")
    return Solution("ode", steps, plain(answer), tex(answer), "equation", {}, [], hints,
                    problem=ode, result=particular, variable=x, extra={"g": g, "x0": x0, "y0": y0})


def _separable(p: sp.Expr, h: sp.Expr, x: sp.Symbol, y: sp.Symbol, steps: list[Step], x0: sp.Expr | None,
               y0: sp.Expr | None) -> sp.Expr:
    steps.append(Step(f"The equation is **separable**: $\\frac{{dy}}{{dx}} = {tex(p)} \\cdot {tex(h)}$. **Separate "
                      f"the variables**:\n$$\\frac{{1}}{{{tex(h)}}}\\,dy = {tex(p)}\\,dx$$", None, "note"))
    left0, right0 = sp.integrate(1 / h, y), sp.integrate(p, x)
    if left0.has(sp.Integral) or right0.has(sp.Integral):
        raise OfflineUnsupported("One side of the separated equation has no elementary antiderivative.")
    left, right = abs_logs(left0), abs_logs(right0)  # ∫du/u = ln|u|: valid where u < 0 too
    steps.append(Step(f"**Integrate both sides**: $\\int \\frac{{dy}}{{{tex(h)}}} = {tex(left)}$ and "
                      f"$\\int {tex(p)}\\,dx = {tex(right)}$, so\n{dm(Eqn(left, right + C))}",
                      sp.Tuple(Eqn(sp.Integral(1 / h, y), left, evaluate=False),
                               Eqn(sp.Integral(p, x), right, evaluate=False)), "antiderivative"))
    if left == y:
        return right + C
    if left.has(sp.log):
        return _log_case(left, right, right0, h, x, y, steps)
    sols = sp.solve(Eqn(left, right + C), y)
    if len(sols) > 1 and x0 is not None and y0 is not None:
        # several branches (y = ±√…): the initial value picks the one that passes through (x0, y0)
        fits = [s for s in sols if any(_num_eq(s.subs({x: x0, C: c}), y0) for c in sp.solve(Eqn(s.subs(x, x0), y0), C))]
        if len(fits) == 1:
            steps.append(Step(f"**Solve for** {m(y)}: the branches are " + ", ".join(m(Eqn(y, s)) for s in sols)
                              + f"; the initial value {m(Eqn(sp.Function('y')(x0), y0))} picks "
                              f"{m(Eqn(y, fits[0]))}.", None, "note"))
            return fits[0]
    if len(sols) != 1:
        raise OfflineUnsupported("Solving the separated equation for y gives several branches; give an initial "
                                 "condition, or connect R1 for this.")
    general = sols[0]
    steps.append(Step(f"**Solve for** {m(y)}: {m(Eqn(y, general))}.", None, "note"))
    return general


def _log_case(left: sp.Expr, right: sp.Expr, right0: sp.Expr, h: sp.Expr, x: sp.Symbol, y: sp.Symbol,
              steps: list[Step]) -> sp.Expr:
    # ln|h(y)|/k = P(x) + C  ⇒  h(y) = A e^{k P(x)}: rename the constant (A = ±e^{kC}, and A = 0 covers h = 0);
    # the signs of |x|-type factors in e^{k P} go into A as well, so P is used without them
    if not (h.is_polynomial(y) and sp.degree(h, y) == 1):
        raise OfflineUnsupported("The offline tutor solves separable equations with h(y) linear or y-free.")
    k = sp.diff(h, y)
    grow = sp.expand(k * right0)
    kc = "C" if k == 1 else f"{tex(k)} C"
    scale = "take" if k == 1 else f"multiply by {m(k)} and take"
    steps.append(Step(f"**Exponentiate**: {scale} $e^{{\\,\\cdot}}$ of both sides: "
                      f"$\\left|{tex(h)}\\right| = e^{{{kc}}}\\, e^{{{tex(sp.expand(k * right))}}}$, so "
                      f"${tex(h)} = A\\, {tex(sp.exp(grow))}$ with $A = \\pm e^{{{kc}}}$ — the signs of the "
                      "absolute values go into the constant, and $A = 0$ gives the constant solution "
                      f"{m(Eqn(h, 0))}, so $A$ may be any real number. We call it $C$ again.", None, "note"))
    general = sp.solve(Eqn(h, C * sp.exp(grow)), y)[0]
    steps.append(Step(f"**Solve for** {m(y)}: {m(Eqn(y, general))}.", Eqn(y, general), "ode"))
    return general


def _linear(g: sp.Expr, x: sp.Symbol, y: sp.Symbol, steps: list[Step]) -> sp.Expr:
    ge = sp.expand(g)
    P, Q = -ge.coeff(y, 1), ge.coeff(y, 0)
    py = tex(P * y)
    std = "y' " + (py if py.startswith("-") else "+ " + py) + f" = {tex(Q)}"
    steps.append(Step(f"The equation is **linear**; write it as $y' + P(x)\\,y = Q(x)$:\n$${std}$$", None, "note"))
    intP = sp.integrate(P, x)
    mu = sp.simplify(sp.exp(intP))
    tail = "" if mu == sp.exp(intP) else f" = {tex(mu)}"
    steps.append(Step(f"**Integrating factor** $\\mu = e^{{\\int P\\,dx}} = e^{{{tex(intP)}}}{tail}$.",
                      Eqn(sp.Integral(P, x), intP, evaluate=False), "antiderivative"))
    rhs = sp.simplify(mu * Q)
    steps.append(Step(f"**Multiply by** $\\mu$: the left side becomes a product-rule derivative, "
                      f"$\\left({tex(mu)}\\,y\\right)' = {tex(rhs)}$.", None, "note"))
    F = sp.integrate(rhs, x)
    if F.has(sp.Integral):
        raise OfflineUnsupported("The integrating-factor integral has no elementary antiderivative.")
    steps.append(Step(f"**Integrate**: ${tex(mu)}\\,y = {tex(F)} + C$.", Eqn(sp.Integral(rhs, x), F,
                      evaluate=False), "antiderivative"))
    general = sp.expand((F + C) / mu)
    steps.append(Step(f"**Divide by** $\\mu$: {m(Eqn(y, general))}.", Eqn(y, general), "ode"))
    return general


def abs_logs(e: sp.Expr) -> sp.Expr:
    """ln(u) → ln|u| wherever u can be negative for real variables (an antiderivative of 1/u is ln|u|)."""
    def maybe_negative(a: sp.Expr) -> bool:
        real = {s: sp.Dummy(s.name, real=True) for s in a.free_symbols if isinstance(s, sp.Symbol)}
        return not a.xreplace(real).is_positive and not isinstance(a, sp.Abs)

    return e.replace(lambda a: isinstance(a, sp.log) and maybe_negative(a.args[0]),
                     lambda a: sp.log(sp.Abs(a.args[0])))


def _num_eq(a: sp.Expr, b: sp.Expr) -> bool:
    try:
        return abs(complex(sp.N(a - b))) < 1e-9
    except (TypeError, ValueError):
        return False
