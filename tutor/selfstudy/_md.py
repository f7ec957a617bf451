"""A small Markdown → HTML converter for ``HTMLMath`` widgets that keeps LaTeX untouched.

Math (``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``) is set aside before any Markdown rule runs, so ``*``/``_`` inside
formulas survive; everything else is HTML-escaped except a few harmless tags the tutor's own bundles use.
"""

from __future__ import annotations

import html
import re

__all__ = ["md_to_html", "typeset_statement"]

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
_BULLET = re.compile(r"^\s*([-*]|\d+\.)\s+")
_TAGS = re.compile(r"&lt;(/?)(details|summary|sub|sup|b|i|em|strong|br|hr)( open)?\s*/?&gt;", re.I)


def _inline(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", text)
    return text


def md_to_html(text: str, *, inline: bool = False) -> str:
    """Markdown (paragraphs, lists, headings, bold/italic/code, <details>) with LaTeX kept for MathJax.

    ``inline=True``: a single paragraph comes back without ``<p>`` (to follow a ✓ on the same line)."""
    maths: list[str] = []

    def _keep(match: re.Match[str]) -> str:
        maths.append(html.escape(match.group(0), quote=False))
        return f"\x00{len(maths) - 1}\x00"

    body = html.escape(_MATH.sub(_keep, text), quote=False)
    body = _TAGS.sub(lambda m: f"<{m.group(1)}{m.group(2)}{m.group(3) or ''}>", body)
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(re.match(r"\s*([-*]|\d+\.)\s+", ln) for ln in lines):
            tag = "ol" if re.match(r"\s*\d+\.", lines[0]) else "ul"
            items = "".join("<li>" + _inline(_BULLET.sub("", ln)) + "</li>" for ln in lines)
            blocks.append(f"<{tag}>{items}</{tag}>")
        elif (m := re.match(r"(#{1,4})\s+(.*)", lines[0])) and len(lines) == 1:
            blocks.append(f"<h{len(m.group(1)) + 2}>{_inline(m.group(2))}</h{len(m.group(1)) + 2}>")
        elif lines[0].lstrip().startswith("<"):
            blocks.append("\n".join(_inline(ln) for ln in lines))
        else:
            blocks.append("<p>" + "<br>".join(_inline(ln) for ln in lines) + "</p>")
    out = "\n".join(blocks)
    if inline and len(blocks) == 1 and out.startswith("<p>") and out.endswith("</p>"):
        out = out[3:-4]
    return re.sub("\x00(\\d+)\x00", lambda m: maths[int(m.group(1))], out)


_OPERATOR = re.compile(r"[+\-*/^=<>()]")


def _mathy(token: str) -> bool:
    return bool(re.search(r"\d", token) or _OPERATOR.search(token) or (len(token) == 1 and token.isalpha()))


def _spans(statement: str) -> list[tuple[int, int]]:
    """Runs of math-looking words ("x^2 - 5x + 6 = 0", "(x^2 - 1)/(x - 1)") with at least one operator."""
    spans: list[tuple[int, int]] = []
    start = end = -1
    for word in re.finditer(r"\S+", statement):
        token = word.group(0).rstrip(".?!:;")
        if token and _mathy(token) and not token.startswith("`"):
            start = word.start() if start < 0 else start
            end = word.start() + len(token)
            if token != word.group(0):  # sentence punctuation ends the run
                spans.append((start, end))
                start = -1
        else:
            if start >= 0:
                spans.append((start, end))
            start = -1
    if start >= 0:
        spans.append((start, end))
    return [(a, b) for a, b in spans if _OPERATOR.search(statement[a:b].rstrip(","))]


def typeset_statement(statement: str, *, kind: str | None = None) -> str:
    """Markdown for a problem: as written when it has LaTeX, else its formulas typeset ("Solve $x^{2} - …$").

    Quantities with units (``kind="units"``) stay as written: "km/h" is not a fraction of two variables.
    """
    if kind == "units" or "$" in statement or "\\(" in statement or "\\[" in statement:
        return statement
    try:
        from ..check import parse_math, to_latex
    except ImportError:
        return statement
    from ..errors import TutorError

    out, last = [], 0
    for a, b in _spans(statement):
        text = statement[a:b].rstrip(",")
        try:
            obj = parse_math(text)
            # a system "x + y = 10, x - y = 2" reads as a tuple: typeset its equations side by side
            parts = list(obj) if isinstance(obj, tuple | list) or type(obj).__name__ == "Tuple" else [obj]
            latex = r",\quad ".join(to_latex(p) for p in parts)
        except (TutorError, ValueError, TypeError):
            continue
        out.append(statement[last:a] + "$" + latex + "$")
        last = a + len(text)
    return "".join(out) + statement[last:]
