"""Find the final answer in model output: the last \\boxed{…} (nested braces), then "final answer is …" forms."""

from __future__ import annotations

import re

__all__ = ["extract_answer", "strip_math_delimiters"]

_BOX = re.compile(r"\\(?:boxed|fbox|framebox)\s*\{")
_FINAL = re.compile(
    r"(?:final\s+answer(?:\s+is)?|the\s+answer\s+is|answer\s*(?:is|:)|therefore,?\s+the\s+answer\s+is)\s*:?\s*",
    re.IGNORECASE,
)
_THINK_END = "</think>"
_JOIN_GAP = re.compile(
    r"^(?:\s|\\quad|\\qquad|\\,|\\;|\\text\{[^{}]{0,40}\}|[,;$]|\\\)|\\\(|\\\[|\\\]|and|or|&|\\\\)*$", re.IGNORECASE
)
_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:[.,]\d+)?|-?\.\d+")


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """text[start-1] == '{': return (content, end) with nested braces balanced, None if unbalanced."""
    depth = 1
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i], i + 1
        i += 1
    return None


def _boxes(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    while True:
        m = _BOX.search(text, pos)
        if not m:
            break
        got = _braced(text, m.end())
        if got is None:
            break
        content, end = got
        out.append((m.start(), end, content.strip()))
        pos = end
    return out


def strip_math_delimiters(text: str) -> str:
    """Remove one outer pair of $…$, $$…$$, \\(…\\), \\[…\\] and trailing punctuation."""
    s = text.strip().rstrip(".").strip()
    for a, b in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if s.startswith(a) and s.endswith(b) and len(s) >= len(a) + len(b):
            s = s[len(a):len(s) - len(b)].strip()
            break
    return s.rstrip(".").strip()


def extract_answer(text: str, *, loose: bool = False) -> str | None:
    """The final answer in ``text`` (model output), or None.

    Order: the last ``\\boxed{…}``/``\\fbox{…}`` (boxes separated only by "and"/commas are joined with ", "),
    then "final answer is …" / "the answer is …". With ``loose=True`` also the last $…$/\\[…\\] math span, then
    the last number (for raw model text without a box).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    if _THINK_END in text:
        text = text.rsplit(_THINK_END, 1)[1] or text
    boxes = _boxes(text)
    if boxes:
        group = [boxes[-1]]
        for prev in reversed(boxes[:-1]):
            gap = text[prev[1]:group[0][0]]
            if len(gap) <= 60 and _JOIN_GAP.match(gap) and gap.strip(" $"):
                group.insert(0, prev)
            elif len(gap) <= 60 and re.search(r"\band\b|,", gap) and not re.search(r"\bno\b|\bnot\b", gap):
                group.insert(0, prev)
            else:
                break
        return ", ".join(b[2] for b in group) if len(group) > 1 else group[0][2]
    finals = list(_FINAL.finditer(text))
    if finals:
        rest = text[finals[-1].end():]
        spans = _MATH_SPAN.search(rest[:400])
        if spans and spans.start() < 40:
            return next(g for g in spans.groups() if g is not None).strip().rstrip(".").strip()
        sentence = re.split(r"(?<!\d)\.(?:\s|$)|\n|I hope", rest, maxsplit=1)[0]
        answer = strip_math_delimiters(sentence)
        if answer:
            return answer
    if not loose:
        return None
    spans_all = list(_MATH_SPAN.finditer(text))
    if spans_all:
        return next(g for g in spans_all[-1].groups() if g is not None).strip().rstrip(".,").strip()
    numbers = _NUMBER.findall(text)
    return numbers[-1] if numbers else None
