"""Form tests on top of equivalence (STACK FacForm / Expanded / LowestTerms / SingleFrac) and decimal helpers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor.errors import AnswerParseError

__all__ = ["FORMS", "DecimalInfo", "decimal_info", "round_sig", "check_form"]

FORMS = ("factored", "expanded", "simplified", "fraction", "decimal")

_NUM = re.compile(
    r"^\s*[+-]?\s*(?P<mant>\d+\.?\d*|\.\d+)\s*(?:(?:[eE](?P<e1>[+-]?\d+))|"
    r"(?:(?:\*|×|x|\\times|\\cdot)\s*10\s*\^\s*\{?\s*(?P<e2>[+-−]?\d+)\s*\}?))?\s*$"
)


@dataclass(frozen=True)
class DecimalInfo:
    sigfigs_range: tuple[int, int]  # (least, most): "1200" may mean 2, 3 or 4 significant figures
    half_ulp: float  # half a unit in the last typed place
    has_point: bool


def decimal_info(raw: str) -> DecimalInfo | None:
    """Significant figures and last-place size of a plainly typed number ("0.0120", "1.20e3", "3.0×10^8")."""
    m = _NUM.match(raw.replace(",", "") if re.fullmatch(r"[\d,.\s+-]+", raw or "") and "," in raw else raw or "")
    if not m:
        return None
    mant = m.group("mant")
    exp = int((m.group("e1") or m.group("e2") or "0").replace("−", "-"))
    has_point = "." in mant
    digits = mant.replace(".", "").lstrip("0")
    if not digits:
        n = max(len(mant.split(".")[1]) if has_point else 1, 1)
        return DecimalInfo((1, n), 0.5 * 10.0 ** (exp - (len(mant.split(".")[1]) if has_point else 0)), has_point)
    if has_point:
        sf = len(digits)
        lo = hi = sf
    else:
        hi = len(digits)
        lo = len(digits.rstrip("0"))
    decimals = len(mant.split(".")[1]) if has_point else 0
    return DecimalInfo((lo, hi), 0.5 * 10.0 ** (exp - decimals), has_point)


def round_sig(x: float, n: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, n - 1 - int(math.floor(math.log10(abs(x)))))


def _unevaluated(raw: str, variables: Any) -> Any:
    from tutor.check.parse import parse_math

    with sp.evaluate(False):
        try:
            return parse_math(raw, variables=variables)
        except AnswerParseError:
            return None


def _numeric_clutter(tree: Any) -> bool:
    """2+3, 6/8, 2*3, 4^2 left uncomputed; √8 not reduced."""
    for node in sp.preorder_traversal(tree):
        if isinstance(node, sp.Add | sp.Mul) and len(node.args) > 1:
            nums = [a for a in node.args if _plain_number(a)]
            if len(nums) >= 2 and not (isinstance(node, sp.Mul) and len(nums) == 2 and _is_neg_one_pair(nums)):
                if isinstance(node, sp.Mul):
                    ints = [a for a in nums if isinstance(a, sp.Integer)]
                    recips = [a.base for a in nums if isinstance(a, sp.Pow) and a.exp == -1
                              and isinstance(a.base, sp.Integer)]
                    if len(ints) == 1 and len(recips) == 1 and len(nums) == 2:
                        if math.gcd(int(ints[0]), int(recips[0])) > 1 or recips[0] in (1, -1):
                            return True
                        continue
                return True
        if isinstance(node, sp.Pow) and _plain_number(node.base) and isinstance(node.exp, sp.Integer):
            if node.exp not in (-1,):
                return True
        if isinstance(node, sp.Pow) and isinstance(node.base, sp.Integer) and node.exp == sp.S.Half:
            if sp.sqrt(node.base) != sp.Pow(node.base, sp.S.Half, evaluate=False):
                return True
    return False


def _plain_number(x: Any) -> bool:
    return isinstance(x, sp.Number) or (isinstance(x, sp.Pow) and isinstance(x.base, sp.Number)
                                        and x.exp == -1)


def _is_neg_one_pair(nums: list[Any]) -> bool:
    return any(a == -1 for a in nums)


def _common_factor(ans: Any) -> bool:
    if not isinstance(ans, sp.Expr) or not ans.free_symbols:
        return False
    n, d = sp.fraction(sp.together(ans))
    if d.free_symbols:
        g = sp.gcd(n, d)
        return bool(g.free_symbols)
    return False


def _not_factored(ans: Any) -> bool:
    if not isinstance(ans, sp.Expr) or not ans.free_symbols:
        return False
    for factor in sp.Mul.make_args(ans):
        base, _ = factor.as_base_exp()
        if isinstance(base, sp.Add):
            try:
                _, facs = sp.factor_list(base)
            except (sp.PolynomialError, NotImplementedError):
                continue
            nontrivial = [(f, m) for f, m in facs if f.free_symbols]
            if len(nontrivial) > 1 or any(m > 1 for _, m in nontrivial):
                return True
    return False


def _content_inside(raw: str, variables: Any) -> bool:
    """A common whole-number factor left inside a bracket of a product: (2x+4)(x-1), not 2(x+2)(x-1)."""
    tree = _unevaluated(raw, variables)
    if not isinstance(tree, sp.Expr):
        return False
    factors: list[Any] = []
    todo = [tree]
    while todo:  # unevaluated products nest: 2(x+2)(x-1) is Mul(x - 1, Mul(2, x + 2))
        node = todo.pop()
        if isinstance(node, sp.Mul):
            todo.extend(node.args)
        else:
            factors.append(node)
    for factor in factors:
        base, _ = factor.as_base_exp()
        if not isinstance(base, sp.Add) or not base.free_symbols:
            continue
        if len(factors) == 1 and factor is base:
            continue  # a lone sum: nothing was factored out of anything
        try:
            content, _ = sp.Poly(base, *sorted(base.free_symbols, key=str)).primitive()
        except (sp.PolynomialError, sp.GeneratorsNeeded, NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(content, sp.Integer) and abs(int(content)) > 1:
            return True
    return False


def check_form(form: str, raw: str, ans: Any, variables: Any = None) -> str | None:
    """None when ``ans`` (already known equivalent) is in ``form``, else the note to report."""
    if form == "expanded":
        return None if sp.expand(ans) == ans and not _has_numeric_clutter(raw, variables) else "not_expanded"
    if form == "factored":
        return "not_factored" if _not_factored(ans) or _content_inside(raw, variables) else None
    if form == "simplified":
        if _common_factor(ans) or _has_numeric_clutter(raw, variables):
            return "not_simplified"
        return None
    if form == "fraction":
        if re.search(r"\d\.\d|\.\d", raw):
            return "not_fraction"
        tree = _unevaluated(raw, variables)
        if tree is not None and isinstance(tree, sp.Add) and any(_plain_number(a) for a in tree.args) \
                and not tree.free_symbols:
            return "not_fraction"
        if tree is not None and _numeric_clutter(tree):
            return "not_simplified"
        return None
    if form == "decimal":
        info = decimal_info(raw)
        return None if info is not None else "not_decimal"
    return None


def _has_numeric_clutter(raw: str, variables: Any) -> bool:
    tree = _unevaluated(raw, variables)
    return tree is not None and _numeric_clutter(tree)
