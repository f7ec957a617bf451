"""The Markdown → HTML converter keeps LaTeX intact and never passes through arbitrary HTML."""

from __future__ import annotations

from tutor.selfstudy._md import md_to_html


def test_math_is_kept_verbatim_and_markdown_converted() -> None:
    out = md_to_html("Use **the power rule** on $x_1 * y_2$ and $$\\frac{a}{b}$$")
    assert "<b>the power rule</b>" in out
    assert "$x_1 * y_2$" in out and "$$\\frac{a}{b}$$" in out


def test_html_is_escaped_except_the_bundle_tags() -> None:
    out = md_to_html("<script>alert(1)</script>\n\n<details open><summary>Thought for 3 s</summary>\n\nx\n\n</details>")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<details open>" in out and "<summary>" in out and "</details>" in out


def test_lists_and_paragraphs() -> None:
    out = md_to_html("First\nline\n\n- a\n- b\n\n1. one\n2. two")
    assert "<p>First<br>line</p>" in out
    assert "<ul><li>a</li><li>b</li></ul>" in out and "<ol><li>one</li><li>two</li></ol>" in out


def test_inequality_inside_math_is_escaped_for_html_but_kept_for_mathjax() -> None:
    assert "$x &lt; 2$" in md_to_html("$x < 2$")
