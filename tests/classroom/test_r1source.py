"""``source = "r1"``: R1-written problems through a real HTTP fake R1 host; only verified ones are kept."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from tutor.classroom.build import assign, read_roster
from tutor.classroom.r1source import r1_pool
from tutor.classroom.spec import R1Item, parse_spec
from tutor.errors import ConfigError

from .conftest import write_roster

GOOD_1 = "Problem: A shop sells pens. Solve 3x + 4 = 19.\n\nSubtract 4, divide by 3.\n\n\\boxed{x = 5}"
GOOD_2 = "Problem: Solve x^2 - 5x + 6 = 0.\n\nFactor: (x-2)(x-3).\n\n\\boxed{x = 2 \\text{ or } x = 3}"
GOOD_3 = "Problem: Tickets cost the same. Solve 7x - 2 = 12.\n\n\\boxed{2}"
WRONG = "Problem: Solve 2x = 10.\n\nDivide by two.\n\n\\boxed{6}"  # R1 got it wrong: dropped
UNSOLVABLE = "Problem: Why is the sky blue?\n\nRayleigh scattering.\n\n\\boxed{5}"  # offline can't verify: dropped
NO_STATEMENT = "Here is one: 2x = 4, so \\boxed{2}"


def _script(fake: Any, *answers: str) -> None:
    fake.provider = "vllm"  # a local host: no API key involved
    for text in answers:
        fake.reply("Let me write a problem and solve it.", text)


def test_only_verified_problems_are_kept(fake_r1: Any) -> None:
    _script(fake_r1, GOOD_1, WRONG, UNSOLVABLE, GOOD_2, NO_STATEMENT, GOOD_3)
    item = R1Item(topic="linear-equations", count=1, level=1, points=2.0)
    pool = r1_pool(item, 3, "seed", backend=fake_r1.backend())
    assert [p.statement for p in pool] == ["A shop sells pens. Solve 3x + 4 = 19.", "Solve x^2 - 5x + 6 = 0.",
                                           "Tickets cost the same. Solve 7x - 2 = 12."]
    assert all(p.source == "r1" and p.points == 2.0 for p in pool)
    from tutor.check import check

    assert check("x = 5", pool[0].answer, **pool[0].check_kwargs()).correct
    assert check("{2, 3}", pool[1].answer, **pool[1].check_kwargs()).correct
    assert len(fake_r1.chat_requests) == 6
    prompt = fake_r1.chat_requests[0].prompt
    assert "linear equations" in prompt and "\\boxed" in prompt and "Problem: " in prompt


def test_nothing_verified_is_a_clear_error(fake_r1: Any) -> None:
    _script(fake_r1, *([WRONG, UNSOLVABLE] * 9))
    with pytest.raises(ConfigError, match=r"none of the \d+ problems R1 wrote could be verified"):
        r1_pool(R1Item(topic="linear-equations"), 1, "s", backend=fake_r1.backend())


def test_no_backend_configured() -> None:
    with pytest.raises(ConfigError, match='source = "r1" needs an R1 host'):
        r1_pool(R1Item(topic="limits"), 1, "s")


def test_assign_with_r1_problems(fake_r1: Any, tmp_path: Path) -> None:
    _script(fake_r1, GOOD_1, GOOD_3, GOOD_2, WRONG)
    spec = parse_spec({"title": "R1 mix", "problems": [
        {"source": "r1", "topic": "linear equations", "count": 1},
        {"topic": "limits", "level": 1},
    ]})
    out = tmp_path / "o"
    pool = functools.partial(r1_pool, backend=fake_r1.backend())
    assign(spec, read_roster(write_roster(tmp_path, 3)), out, r1_pool=pool)
    keys = [json.loads((out / "key" / f"s{i:02d}.json").read_text()) for i in range(3)]
    r1_questions = [k["questions"]["q1"] for k in keys]
    assert {q["source"] for q in r1_questions} == {"r1"}
    assert {q["statement"] for q in r1_questions} <= {"A shop sells pens. Solve 3x + 4 = 19.",
                                                       "Tickets cost the same. Solve 7x - 2 = 12.",
                                                       "Solve x^2 - 5x + 6 = 0."}
    assert len(fake_r1.chat_requests) == 6  # 3 wanted → 6 asked in one round (4 scripted, 2 default replies)
