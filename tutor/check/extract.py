"""Find the final answer in model output: the last \\boxed{…} (nested braces), then "final answer is …" forms.

The result is cleaned for the checker: math delimiters, thousands separators (1,000.99 · 14{,}916 · 11,\\!111),
trailing unit words (\\text{ cm}), doubled backslashes from escaped strings.
"""

from __future__ import annotations

import re

from tutor.check._lexer import braced_group

__all__ = ["extract_answer", "strip_math_delimiters", "clean_answer"]

_BOX = re.compile(r"\\\\?(?:boxed|fbox|framebox)\s*\{")
_FINAL = re.compile(r"(?:final\s+answer(?:\s+is)?|the\s+answer\s+is|answer\s*(?:is|:))\s*:?\s*", re.IGNORECASE)
_THINK_END = "</think>"
_JOIN_GAP = re.compile(
    r"^(?:\s|\\quad|\\qquad|\\,|\\;|\\text\{[^{}]{0,40}\}|[,;$]|\\\)|\\\(|\\\[|\\\]|and|or|&|\\\\)*$", re.IGNORECASE
)
# words between two boxes that make the later box replace the earlier one (not parts of one answer)
_SUPERSEDED = re.compile(r"\b(?:then|later|wait|actually|instead|but|however|so|hence|thus|therefore|correct\w*|"
                         r"mistake|wrong|recheck|re-?check|again|final(?:ly)?|hmm|oops|sorry|no)\b", re.IGNORECASE)
# display math may span lines; inline $…$ and \(…\) may not
_MATH_SPAN = re.compile(r"\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([^\n]+?)\\\)|(?<!\\)\$((?:\\\$|[^$\n])+?)(?<!\\)\$")
_NUMBER = re.compile(r"(?<![A-Za-z\d.,])-?(?:\d+(?:[.,]\d+)*|\.\d+)(?:/\d+)?(?:\s?%)?")
_SPAN_SEP = re.compile(r"^(?:\s|,|;|and|or|\\quad|\\text\{\s*(?:and|or)\s*\})*$", re.IGNORECASE)
_UNIT_TEXT = re.compile(
    r"\s*\\(?:text|textbf|textrm|mbox|textnormal|mathrm)\s*\{\s*[A-Za-z][A-Za-z .]*\}(?:\s*\^\s*\{?\d\}?)?\s*$"
)
_PCT_WORDS = ("percent", "pct", "percentage")
# a number then its unit: 8.04672\ \mathrm{km} · 5\,\text{ m/s} · 9.8~\mathrm{m/s^{2}} · 35 cm · 3\times10^8\,\mathrm{m/s}
_SPACING = r"(?:\s|\\[ ,;:!]|~|\\quad|\\qquad)*"
_QUANTITY = re.compile(
    r"^(?P<num>-?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*(?:\\times|×|\\cdot)\s*10\s*\^\s*\{?-?\d+\}?)?)"
    + _SPACING + r"(?P<unit>\\(?:text|textrm|mbox|textnormal|mathrm)\s*\{[\s\S]*|(?<=\s)[A-Za-z]{2,}\s*)$"
)
# km · m/s^2 · kg m/s^-2 · N*m · cm^3 · µF (a word like "and 13" is not a unit)
_UNIT_WORD = r"[A-Za-zµμΩ°]+(?:\^-?\d+)?"
_UNIT_PLAIN = re.compile(_UNIT_WORD + r"(?:\s*[/*·]?\s*" + _UNIT_WORD + r")*")
_NOT_UNITS = {"and", "or", "to", "for", "und", "oder", "et", "ou", "is", "if", "so", "when", "where", "then"}
_TRAILING_SPACE = re.compile(r"(?:\\[ ,;:!]|~|\s|\\$)+$")
_TAIL = 4000


def _boxes(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    while True:
        m = _BOX.search(text, pos)
        if not m:
            break
        got = braced_group(text, m.end() - 1)
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


def clean_answer(text: str, *, decimal_comma: bool = False) -> str:
    """Normalize an extracted answer for the checker (see the module docstring)."""
    s = strip_math_delimiters(text).strip().strip("$").strip()
    if "\\\\" in s and not re.search(r"(?<!\\)\\[a-zA-Z]", s.replace("\\\\", "")):
        s = re.sub(r"\\\\(?=[a-zA-Z{}])", lambda _m: "\\", s)  # an escaped string: \\frac -> \frac
    s = re.sub(r"\{\s*,\s*\}", "", s).replace(",\\!", "").replace("\\!", "").replace("\\$", "").strip()
    quantity = _with_unit(s)
    if quantity is not None:
        return quantity
    without_unit = _TRAILING_SPACE.sub("", _UNIT_TEXT.sub("", s))  # and the spacing before it: "\frac12\ "
    s = without_unit or s  # "\text{Evelyn}" alone is the answer, not a unit
    s = s.rstrip(".").strip().lstrip("$").strip()
    body = s.lstrip("-")
    if decimal_comma and re.fullmatch(r"0,\d+", body):
        s = s.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", body):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?: \d{3})+(?:\.\d+)?", body):
        s = s.replace(" ", "")
    elif decimal_comma and re.fullmatch(r"\d+,\d{1,2}|0,\d+|\d+,\d{4,}", body):
        s = s.replace(",", ".")
    return s


def _with_unit(s: str) -> str | None:
    """"8.04672\\ \\mathrm{km}" -> "8.04672 km": a number with its unit, as plain text the units kind reads."""
    from tutor.check.units import plain_unit

    m = _QUANTITY.match(s)
    if not m:
        return None
    unit = plain_unit(m.group("unit"))
    if not _UNIT_PLAIN.fullmatch(unit) or unit.lower().startswith(_PCT_WORDS) \
            or unit.split()[0].lower() in _NOT_UNITS:
        return None
    num = m.group("num")
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
        num = num.replace(",", "")
    elif "," in num:
        return None
    return f"{num} {unit}"


def _join_boxes(text: str, boxes: list[tuple[int, int, str]]) -> str:
    group = [boxes[-1]]
    for prev in reversed(boxes[:-1]):
        gap = text[prev[1]:group[0][0]]
        if _SUPERSEDED.search(gap):
            break  # "\boxed{2} then later \boxed{3}", "… wait, actually \boxed{3}": the last one only
        if len(gap) <= 60 and _JOIN_GAP.match(gap):
            group.insert(0, prev)
        elif len(gap) <= 30 and "\n" not in gap and re.search(r"\band\b|,", gap) and not re.search(r"\bno\b", gap):
            group.insert(0, prev)  # parts of one answer: "y_1 = \boxed{…} and y_2 = \boxed{…}"
        else:
            break
    return ", ".join(b[2] for b in group)


def _span_text(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None).strip()


def _last_math(text: str) -> tuple[int, str] | None:
    """The last $…$ span (joined with earlier ones separated only by 'and'/commas), with a trailing %."""
    spans = list(_MATH_SPAN.finditer(text))
    if not spans:
        return None
    group = [spans[-1]]
    for prev in reversed(spans[:-1]):
        if _SPAN_SEP.match(text[prev.end():group[0].start()]) and text[prev.end():group[0].start()].strip():
            group.insert(0, prev)
        else:
            break
    value = ", ".join(_span_text(m) for m in group)
    after = text[group[-1].end():group[-1].end() + 14].lstrip().lower()
    if after.startswith("%") or after.startswith(_PCT_WORDS):
        value += "%"
    return group[-1].end(), value


def _last_number(text: str) -> tuple[int, str] | None:
    found = list(_NUMBER.finditer(text))
    return (found[-1].end(), found[-1].group().strip()) if found else None


def _latest(text: str, numbers: bool = True) -> tuple[str, bool] | None:
    """(answer, came_from_a_bare_number) for the last math span or number."""
    math = _last_math(text)
    num = _last_number(text) if numbers else None
    if math is None and num is None:
        return None
    if num is not None and (math is None or num[0] > math[0]):
        return num[1], True
    assert math is not None
    return math[1], False


def extract_answer(text: str, *, loose: bool = False, numbers: bool = True) -> str | None:
    """The final answer in ``text`` (model output), cleaned for ``check``; None if there is none.

    Order: the last ``\\boxed{…}``/``\\fbox{…}`` (boxes separated only by "and"/commas are joined with ", ")
    unless a "final answer is …" sentence follows it, then that sentence. With ``loose=True`` (raw text without
    a box) also short plain answers as a whole, else the last $…$ math span or (``numbers``) bare number,
    whichever comes last.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    if _THINK_END in text:
        text = text.rsplit(_THINK_END, 1)[1] or text
    boxes = _boxes(text)
    finals = list(_FINAL.finditer(text))
    if boxes and not (finals and finals[-1].start() > boxes[-1][1]):
        return clean_answer(_join_boxes(text, boxes)) or None
    if finals:
        rest = text[finals[-1].end():][:_TAIL]
        sentence = re.split(r"(?<![\d\\])\.(?:\s|$)|\n|I hope", rest, maxsplit=1)[0]
        head = sentence.lstrip().lstrip("\\\"'“`").lstrip()
        if head[:1] in ("$", "\\") or head[:1].isdigit() or head[:1] == "-":
            m = _MATH_SPAN.match(head)
            joined = _last_math(head) if m else None
            got = joined[1] if joined else head
            if got:
                return clean_answer(got) or None
        got2 = _latest(sentence)
        if got2:
            return clean_answer(got2[0], decimal_comma=got2[1]) or None
    if not loose:
        return None
    text = text[-_TAIL:]  # the span/number scans are not linear on hostile text: look at the end only
    plain = text.strip()
    words = [w for w in re.findall(r"(?<![\\A-Za-z])[A-Za-z]{3,}", plain) if w.lower() not in _PCT_WORDS]
    if len(plain) <= 60 and not _MATH_SPAN.search(plain) and not words:
        return clean_answer(plain, decimal_comma=True) or None
    got3 = _latest(text, numbers)
    return clean_answer(got3[0], decimal_comma=got3[1]) if got3 else None
