"""Matrices: determinant by cofactor expansion (2×2, 3×3), inverse, row reduction to RREF."""

from __future__ import annotations

import sympy as sp

from ..errors import OfflineUnsupported
from ._fmt import Eqn, dm, plain, tex
from ._hints import make_hints
from ._types import Solution, Step

__all__ = ["determinant", "inverse", "row_reduce"]


def _check_size(a: sp.Matrix, square: bool = True) -> None:
    if a.rows > 4 or a.cols > 5 or (square and a.rows != a.cols):
        raise OfflineUnsupported("The offline tutor works with square matrices up to 4×4 (determinant, inverse) and "
                                 "row-reduces matrices up to 4×5.")


def _det_steps(a: sp.Matrix, steps: list[Step]) -> sp.Expr:
    n = a.rows
    if n == 1:
        return a[0, 0]
    if n == 2:
        d = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]
        steps.append(Step(f"**2×2 determinant** $ad - bc$: $\\det{tex(a)} = ({tex(a[0, 0])})({tex(a[1, 1])}) - "
                          f"({tex(a[0, 1])})({tex(a[1, 0])}) = {tex(d)}$.",
                          Eqn(sp.Determinant(a), d, evaluate=False), "identity"))
        return d
    terms = []
    parts = []
    for j in range(n):
        minor = a.minor_submatrix(0, j)
        sign = (-1) ** j
        md = minor.det()
        terms.append(sign * a[0, j] * md)
        parts.append(f"{'+' if sign > 0 else '-'} ({tex(a[0, j])}) \\det{tex(minor)}")
    total = sp.expand(sum(terms))
    steps.append(Step("**Cofactor expansion along the first row** (signs $+,-,+,\\dots$):\n$$\\det A = "
                      + " ".join(parts).lstrip("+ ") + "$$", None, "note"))
    for j in range(n):
        minor = a.minor_submatrix(0, j)
        if a[0, j] == 0:
            continue
        if minor.rows == 2:
            md = minor.det()
            steps.append(Step(f"Minor $M_{{1{j + 1}}}$: $\\det{tex(minor)} = ({tex(minor[0, 0])})({tex(minor[1, 1])}) - "
                              f"({tex(minor[0, 1])})({tex(minor[1, 0])}) = {tex(md)}$.",
                              Eqn(sp.Determinant(minor), md, evaluate=False), "identity"))
        else:
            _det_steps(minor, steps)
    steps.append(Step("**Combine**: $\\det A = " + " ".join(
        f"{'+' if (-1) ** j > 0 else '-'} ({tex(a[0, j])})({tex(a.minor_submatrix(0, j).det())})" for j in range(n)
    ).lstrip("+ ") + f" = {tex(total)}$.", Eqn(sp.Determinant(a), total, evaluate=False), "identity"))
    return total


def determinant(a: sp.Matrix) -> Solution:
    _check_size(a)
    steps = [Step(f"We compute the determinant of\n{dm(a)}", None, "note")]
    d = _det_steps(a, steps)
    hints = make_hints("Goal: compute the single number det A.",
                       "Method: for a two-by-two matrix use ad − bc; for three-by-three, expand along a row using "
                       "cofactors (signs alternate).",
                       [("Next step: expand along the first row: each entry times the determinant of its minor, "
                         "with alternating signs.", [])], [d], "Next step: write the cofactor expansion.")
    kind = "expression" if getattr(d, "free_symbols", None) else "number"
    return Solution("matrix", steps, plain(d), tex(d), kind, {}, [], hints, problem=a, result=d,
                    extra={"op": "det"})


def inverse(a: sp.Matrix) -> Solution:
    _check_size(a)
    steps = [Step(f"We invert\n{dm(a)}", None, "note")]
    d = _det_steps(a, steps)
    if d == 0:
        raise OfflineUnsupported("This matrix has determinant 0, so it has no inverse.")
    inv = a.inv()
    if a.rows == 2:
        adj = sp.Matrix([[a[1, 1], -a[0, 1]], [-a[1, 0], a[0, 0]]])
        steps.append(Step("**2×2 inverse**: swap the diagonal, negate the off-diagonal, divide by the determinant: "
                          f"$A^{{-1}} = \\frac{{1}}{{{tex(d)}}}{tex(adj)} = {tex(inv)}$.",
                          Eqn(sp.Inverse(a), inv, evaluate=False), "identity"))
    else:
        adj = a.adjugate()
        steps.append(Step(f"**Adjugate**: the transpose of the cofactor matrix, $\\operatorname{{adj}} A = {tex(adj)}$.",
                          None, "note"))
        steps.append(Step(f"**Divide by the determinant**: $A^{{-1}} = \\frac{{1}}{{{tex(d)}}}\\operatorname{{adj}} A = "
                          f"{tex(inv)}$.", Eqn(sp.Inverse(a), inv, evaluate=False), "identity"))
    steps.append(Step("**Check**: $A A^{-1} = I$.", Eqn(sp.MatMul(a, inv), sp.eye(a.rows), evaluate=False),
                      "identity"))
    hints = make_hints("Goal: find the matrix that multiplies A to give the identity.",
                       "Method: A⁻¹ = adj(A) / det(A) (for two-by-two: swap a and d, negate b and c, divide by ad − bc), or "
                       "row-reduce [A | I].", [("Next step: compute the determinant first — it must not be 0.", [])],
                       [inv], "Next step: compute det A.")
    return Solution("matrix", steps, plain(inv), tex(inv), "matrix", {}, [], hints, problem=a, result=inv,
                    extra={"op": "inverse"})


def pivot_step(cur: sp.Matrix, row: int, col: int, pivot: int, nrows: int) -> tuple[sp.Matrix, list[str]]:
    """One Gauss–Jordan pivot: swap the pivot row up, scale it to 1, clear its column; returns the LaTeX row ops."""
    ops: list[str] = []
    if pivot != row:
        cur = cur.elementary_row_op("n<->m", row1=row, row2=pivot)
        ops.append(f"R_{{{row + 1}}} \\leftrightarrow R_{{{pivot + 1}}}")
    p = cur[row, col]
    if p != 1:
        cur = cur.elementary_row_op("n->kn", row=row, k=1 / p)
        ops.append(f"R_{{{row + 1}}} \\to {tex(1 / p)} R_{{{row + 1}}}")
    for r in range(nrows):
        k = cur[r, col]
        if r != row and k != 0:
            cur = cur.elementary_row_op("n->n+km", row=r, k=-k, row2=row)
            coef = "" if abs(k) == 1 else tex(abs(k)) + " "
            ops.append(f"R_{{{r + 1}}} \\to R_{{{r + 1}}} {'-' if k > 0 else '+'} {coef}R_{{{row + 1}}}"
                       if k.is_number else f"R_{{{r + 1}}} \\to R_{{{r + 1}}} - ({tex(k)}) R_{{{row + 1}}}")
    return cur, ops


def row_reduce(a: sp.Matrix) -> Solution:
    _check_size(a, square=False)
    steps = [Step(f"We row-reduce\n{dm(a)}", None, "note")]
    cur = a
    row = 0
    for col in range(a.cols):
        if row >= a.rows:
            break
        pivot = next((r for r in range(row, a.rows) if cur[r, col] != 0), None)
        if pivot is None:
            continue
        cur, ops = pivot_step(cur, row, col, pivot, a.rows)
        if ops:
            steps.append(Step(f"**Row operations** (pivot in column {col + 1}): ${', '.join(ops)}$\n{dm(cur)}",
                              Eqn(sp.Matrix(cur).rref()[0], a.rref()[0], evaluate=False), "identity"))
        row += 1
    result = a.rref()[0]
    steps.append(Step(f"**Reduced row-echelon form**: every pivot is 1 and the only nonzero entry in its column.\n"
                      f"{dm(result)}", Eqn(cur, result, evaluate=False), "identity"))
    hints = make_hints("Goal: bring the matrix to reduced row-echelon form.",
                       "Method: Gauss–Jordan elimination — swap, scale and add multiples of rows to make each pivot 1 "
                       "and clear its column.", [("Next step: make the first pivot 1, then clear the first column.", [])],
                       [result], "Next step: choose the first pivot.")
    return Solution("matrix", steps, plain(result), tex(result), "matrix", {}, [], hints, problem=a, result=result,
                    extra={"op": "rref"})
