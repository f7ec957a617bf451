"""Assignment specs: parsing, templates with safe substitution, clear errors naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.classroom.spec import BankItem, R1Item, TemplateItem, load_spec, parse_spec
from tutor.classroom.template import render, split_unit, substitute
from tutor.errors import ConfigError

GOOD = """
title = "Week 3: motion"
instructions = "Units, please."
mode = "practice"
seed = 7

[[problems]]
topic = "derivatives"
count = 3
points = 2
level = 2

[[problems]]
statement = "A ball is thrown up at {v} m/s. How high does it rise? (g = 9.8 m/s^2) $\\\\frac{v^2}{2g}$"
params = { v = { min = 5, max = 25, step = 1 } }
answer = "v^2/(2*9.8) m"
kind = "units"
rtol = 0.02

[[problems]]
source = "r1"
topic = "Ohm's law"
count = 2
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "spec.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_spec(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, GOOD))
    assert spec.title == "Week 3: motion" and spec.name == "week-3-motion" and spec.mode == "practice"
    assert spec.seed == 7 and spec.question_count == 6
    bank, tpl, r1 = spec.problems
    assert bank == BankItem(topic="derivatives", count=3, level=2, points=2.0)
    assert isinstance(tpl, TemplateItem) and tpl.kind == "units" and tpl.options == {"rtol": 0.02}
    assert tpl.params[0].values() == list(range(5, 26))
    assert r1 == R1Item(topic="circuits", count=2, level=1, points=1.0)


def test_template_render_is_safe_and_reproducible(tmp_path: Path) -> None:
    tpl = load_spec(_write(tmp_path, GOOD)).problems[1]
    assert isinstance(tpl, TemplateItem)
    p = render(tpl, "s1")
    assert p == render(tpl, "s1")
    v = int(p.statement.split("up at ")[1].split(" ")[0])
    assert 5 <= v <= 25
    assert "\\frac{v^2}{2g}" in p.statement  # LaTeX braces are not parameters: untouched
    number, unit = p.answer.split(" ")
    assert unit == "m"
    from tutor.check import parse_math

    assert float(parse_math(number)) == pytest.approx(v * v / 19.6)
    assert {render(tpl, f"s{i}").statement for i in range(30)} != {p.statement}


def test_substitute_touches_only_declared_names() -> None:
    values = {"v": 3, "m": 2.5, "name": "Ada"}
    assert substitute("{v} and {w} and {name} {__class__}", values) == "3 and {w} and Ada {__class__}"
    assert substitute("m*v^2/2 kg", {"m": 2, "v": 3}, bare=True) == "(2)*(3)^2/2 kg"
    assert substitute("{v}^2 + vv + v_1", {"v": 4}, bare=True) == "(4)^2 + vv + v_1"


def test_split_unit() -> None:
    assert split_unit("(15)^2/(2*9.8) m") == ("(15)^2/(2*9.8)", "m")
    assert split_unit("3 * (4) m/s^2") == ("3 * (4)", "m/s^2")
    with pytest.raises(ConfigError):
        split_unit("(15)^2")


def test_template_number_and_choices(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, """
title = "t"
[[problems]]
statement = "Compute {a}/{b}."
params = { a = [1, 2, 3], b = { choices = [4, 8] } }
answer = "{a}/{b}"
kind = "number"
"""))
    p = render(spec.problems[0], 0)  # type: ignore[arg-type]
    a, b = p.statement.removeprefix("Compute ").removesuffix(".").split("/")
    from fractions import Fraction

    assert Fraction(p.answer) == Fraction(int(a), int(b))


@pytest.mark.parametrize(("text", "message"), [
    ("title = 'x'", r"spec\.toml: problems: required"),
    ("title = ''\n[[problems]]\ntopic='limits'", r"spec\.toml: title: must not be empty"),
    ("[[problems]]\ntopic='limits'", r"spec\.toml: title: required"),
    ("title='t'\nmode='exam'\n[[problems]]\ntopic='limits'", r"mode: must be 'assignment' or 'practice'"),
    ("title='t'\n[[problems]]\ntopic='astrology'", r"problems\[1\]\.topic: unknown topic 'astrology'"),
    ("title='t'\n[[problems]]\ntopic='limits'\nlevel=5", r"problems\[1\]\.level: must be 1, 2 or 3"),
    ("title='t'\n[[problems]]\ntopic='limits'\ncount=0", r"problems\[1\]\.count: must be between 1 and 50"),
    ("title='t'\n[[problems]]\ntopic='limits'\npoints=-1", r"problems\[1\]\.points: must be positive"),
    ("title='t'\n[[problems]]\ntopic='limits'\ncount='3'", r"problems\[1\]\.count: expected an integer, got str"),
    ("title='t'\n[[problems]]\ntopic='limits'\ncolour='red'", r"problems\[1\]\.colour: unknown field"),
    ("title='t'\n[[problems]]\nstatement='s {v}'\nanswer='{w}'\nparams={v={min=1,max=2}}",
     r"problems\[1\]\.answer: \{w\} is not a declared parameter"),
    ("title='t'\n[[problems]]\nstatement='s'\nanswer='1'\nkind='essay'", r"problems\[1\]\.kind: unknown kind 'essay'"),
    ("title='t'\n[[problems]]\nstatement='s'\nanswer='1'\nparams={v={min=3,max=1}}",
     r"problems\[1\]\.params\.v\.max: must be ≥ min"),
    ("title='t'\n[[problems]]\nstatement='s'\nanswer='1'\nparams={v={min=1,max=3,step=0}}",
     r"problems\[1\]\.params\.v\.step: must be positive"),
    ("title='t'\n[[problems]]\nstatement='s'\nanswer='1'\nparams={v='x'}", r"problems\[1\]\.params\.v: expected"),
    ("title='t'\n[[problems]]\nsource='web'\ntopic='limits'", r"problems\[1\]\.source: must be 'bank', 'template' or 'r1'"),
    ("title='t'\nbogus=1\n[[problems]]\ntopic='limits'", r"spec\.toml: bogus: unknown field"),
    ("title = [", r"spec\.toml: not valid TOML"),
])
def test_spec_errors_name_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_spec(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such spec file"):
        load_spec(tmp_path / "nope.toml")


def test_template_answer_errors_at_render(tmp_path: Path) -> None:
    spec = parse_spec({"title": "t", "problems": [
        {"statement": "s {v}", "params": {"v": {"min": 1, "max": 2}}, "answer": "v +* 2", "kind": "number"}]},
        source="s.toml")
    with pytest.raises(ConfigError, match=r"s\.toml: problems\[1\]\.answer: cannot read"):
        render(spec.problems[0], 0, source="s.toml")  # type: ignore[arg-type]
