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


def md_to_html(text: str) -> str:
    """Markdown (paragraphs, lists, headings, bold/italic/code, <details>) with LaTeX kept for MathJax."""
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
    return re.sub("\x00(\\d+)\x00", lambda m: maths[int(m.group(1))], out)


def typeset_statement(statement: str) -> str:
    """Markdown for a problem: as written when it has LaTeX, else its math tail typeset ("Solve $x^{2} - …$")."""
    if "$" in statement or "\\(" in statement or "\\[" in statement:
        return statement
    try:
        from ..check import parse_math, to_latex
    except ImportError:
        return statement
    from ..errors import TutorError

    words = list(re.finditer(r"\S+", statement))
    for i, word in enumerate(words):
        start = word.start()
        tail = statement[start:].rstrip(" .?!")
        if not re.search(r"[\d^*/=+\-()]", tail) and len(tail) > 1:
            continue
        try:
            latex = to_latex(parse_math(tail))
        except (TutorError, ValueError, TypeError):
            continue
        head = statement[:start].rstrip()
        if i == 0:
            return f"$${latex}$$"
        return f"{head} $${latex}$$" if len(tail) > 25 else f"{head} ${latex}$"
    return statement
