"""Small explanatory PNG plots (matplotlib, Agg backend, no display needed)."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

from ..result import Plot

__all__ = ["tangent_plot", "area_plot", "parabola_plot", "lines_plot", "limit_plot"]


def _numeric(expr: sp.Expr, x: sp.Symbol) -> Callable[[float], float]:
    fn = sp.lambdify(x, expr, modules="math")

    def call(v: float) -> float:
        try:
            out = complex(fn(v))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return math.nan
        return out.real if abs(out.imag) < 1e-12 and math.isfinite(out.real) else math.nan

    return call


def _grid(lo: float, hi: float, n: int = 240) -> list[float]:
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def _render(draw: Callable[[Any], None], alt: str) -> Plot:
    from matplotlib.figure import Figure

    # a bare Figure (no pyplot, no matplotlib.use): the user's notebook backend is left alone, and savefig
    # renders PNG through Agg from any thread
    fig = Figure(figsize=(4.0, 3.0), dpi=80)
    ax = fig.add_subplot(1, 1, 1)
    ax.axhline(0, color="#888", lw=0.8)
    ax.axvline(0, color="#888", lw=0.8)
    ax.grid(True, alpha=0.3)
    draw(ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return Plot(base64.b64encode(buf.getvalue()).decode("ascii"), alt)


def _tex(expr: Any, prefix: str = "y = ") -> str:
    """A legend label typeset by matplotlib's mathtext, or plain text where mathtext can't read SymPy's LaTeX."""
    from matplotlib.mathtext import MathTextParser

    text = f"${prefix}{sp.latex(expr)}$"
    try:
        MathTextParser("path").parse(text)
    except ValueError:
        return f"{prefix}{sp.sstr(expr)}"
    return text


def _curve(ax: Any, f: Callable[[float], float], xs: Sequence[float], label: str, **kw: Any) -> list[float]:
    ys = [f(v) for v in xs]
    finite = sorted(y for y in ys if math.isfinite(y))
    if finite:  # clip wild values (poles) so the interesting part stays visible
        lo, hi = finite[len(finite) // 20], finite[-1 - len(finite) // 20]
        pad = (hi - lo) * 0.5 + 1
        ys = [y if lo - pad <= y <= hi + pad else math.nan for y in ys]
    ax.plot(xs, ys, label=label, **kw)
    return ys


def tangent_plot(f: sp.Expr, x: sp.Symbol, x0: sp.Expr, slope: sp.Expr) -> Plot:
    fx, a = _numeric(f, x), float(x0)
    y0, k = fx(a), float(slope)
    xs = _grid(a - 3, a + 3)

    def draw(ax: Any) -> None:
        _curve(ax, fx, xs, _tex(f))
        ax.plot(xs, [y0 + k * (v - a) for v in xs], "--", label=f"tangent at x = {sp.sstr(x0)}")
        ax.plot([a], [y0], "o")
        ax.legend(fontsize=7)

    return _render(draw, f"Graph of {sp.sstr(f)} with its tangent line at x = {sp.sstr(x0)} (slope {sp.sstr(slope)})")


def area_plot(f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr) -> Plot:
    fx, lo, hi = _numeric(f, x), float(a), float(b)
    width = hi - lo
    xs = _grid(lo - 0.3 * width, hi + 0.3 * width)
    inner = _grid(lo, hi, 120)

    def draw(ax: Any) -> None:
        _curve(ax, fx, xs, _tex(f))
        ys = [fx(v) for v in inner]
        ax.fill_between(inner, ys, 0, alpha=0.35, label=f"area from {sp.sstr(a)} to {sp.sstr(b)}")
        ax.legend(fontsize=7)

    return _render(draw, f"Shaded area under {sp.sstr(f)} between x = {sp.sstr(a)} and x = {sp.sstr(b)}")


def parabola_plot(p: sp.Expr, x: sp.Symbol, real_roots: Sequence[sp.Expr]) -> Plot:
    fx = _numeric(p, x)
    poly = sp.Poly(p, x)
    a, b = (float(c) for c in poly.all_coeffs()[:2])
    vertex = -b / (2 * a)
    pts = [float(r) for r in real_roots] + [vertex]
    lo, hi = min(pts) - 2, max(pts) + 2

    def draw(ax: Any) -> None:
        _curve(ax, fx, _grid(lo, hi), _tex(p))
        ax.plot([float(r) for r in real_roots], [0.0] * len(real_roots), "o", label="roots")
        ax.legend(fontsize=7)

    where = ", ".join(sp.sstr(r) for r in real_roots) or "nowhere (no real roots)"
    return _render(draw, f"Parabola y = {sp.sstr(p)} crossing the x-axis at {where}")


def lines_plot(eqs: Sequence[sp.Equality], x: sp.Symbol, y: sp.Symbol, point: tuple[sp.Expr, sp.Expr]) -> Plot:
    px, py = float(point[0]), float(point[1])
    xs = _grid(px - 4, px + 4, 50)

    def draw(ax: Any) -> None:
        for eq in eqs:
            expr = eq.lhs - eq.rhs
            solved = sp.solve(expr, y)
            if solved:
                ax.plot(xs, [float(solved[0].subs(x, v)) for v in xs], label=_tex(eq, ""))
            else:  # vertical line
                ax.axvline(float(sp.solve(expr, x)[0]), label=_tex(eq, ""))
        ax.plot([px], [py], "o", label="intersection")
        ax.legend(fontsize=7)

    return _render(draw, f"The two lines intersect at ({sp.sstr(point[0])}, {sp.sstr(point[1])})")


def limit_plot(f: sp.Expr, x: sp.Symbol, a: sp.Expr, value: sp.Expr) -> Plot:
    fx, c = _numeric(f, x), float(a)
    xs = [v for v in _grid(c - 2, c + 2, 241) if abs(v - c) > 1e-9]

    def draw(ax: Any) -> None:
        _curve(ax, fx, xs, _tex(f))
        if value.is_finite:
            ax.plot([c], [float(value)], "o", mfc="white", label=f"limit {sp.sstr(value)}")
        ax.legend(fontsize=7)

    return _render(draw, f"Graph of {sp.sstr(f)} near x = {sp.sstr(a)}, approaching {sp.sstr(value)}")
