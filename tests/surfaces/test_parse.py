"""%tutor line parsing: options around a verbatim problem."""

from __future__ import annotations

import pytest

from tutor.errors import ConfigError
from tutor.magics import parse_line


@pytest.mark.parametrize(
    ("line", "problem", "values"),
    [
        ("Solve x^2 - 5x + 6 = 0", "Solve x^2 - 5x + 6 = 0", {}),
        ("  Solve \\frac{1}{2}x = 3  ", "Solve \\frac{1}{2}x = 3", {}),
        ("--offline --mode hint Solve {x} = 2", "Solve {x} = 2", {"offline": True, "mode": "hint"}),
        ("--provider=ollama --model deepseek-r1:7b Why?", "Why?", {"provider": "ollama", "model": "deepseek-r1:7b"}),
        ("Solve x^2 = 4 --offline --lang de", "Solve x^2 = 4", {"offline": True, "lang": "de"}),
        ("--base-url http://127.0.0.1:9/v1 --api-key-env MY_KEY --no-cache --no-plot --hide-reasoning 1+1",
         "1+1", {"base_url": "http://127.0.0.1:9/v1", "api_key_env": "MY_KEY", "no_cache": True, "no_plot": True,
                 "hide_reasoning": True}),
        ("x--1 = 0", "x--1 = 0", {}),  # only whole known option names count at the end
        ("Is  a\tb  spaced?", "Is  a\tb  spaced?", {}),  # inner whitespace kept verbatim
        ("--offline", "", {"offline": True}),
    ],
)
def test_parse_line(line: str, problem: str, values: dict[str, object]) -> None:
    parsed = parse_line(line)
    assert parsed.problem == problem
    assert parsed.values == values


@pytest.mark.parametrize(("line", "message"), [
    ("--frobnicate Solve", "Unknown option --frobnicate"),
    ("--mode prove Solve", "Unknown mode 'prove'"),
    ("--provider", "--provider needs a value"),
    ("--model= x", "--model needs a value"),
])
def test_parse_errors(line: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_line(line)
