"""``%tutor practice`` sessions: bank problems one after another with a running score, in a real IPython shell."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

from tutor.errors import ConfigError
from tutor.selfstudy import practice_magic
from tutor.selfstudy.session import PracticeSession

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()


def test_session_draws_reproducible_problems_and_keeps_score() -> None:
    s = PracticeSession("quadratics", n=3, level=1, seed=11, offline=True)
    again = PracticeSession("quadratics", n=3, level=1, seed=11, offline=True)
    assert [p.id for p in s.problems] == [p.id for p in again.problems]
    assert len({p.id for p in s.problems}) == 3
    assert s.score == 0 and "score 0/3" in s.header.value and s.prev_button.disabled
    s.current.check(s.problems[0].answer)
    assert s.score == 1 and "score 1/3" in s.header.value
    s.next_button.click()
    assert s.index == 1 and s.body.children == (s.widgets[1].widget,) and "problem 2 of 3" in s.header.value
    s.current.check("{100}")
    s.next()
    assert s.next_button.disabled
    for _ in range(3):
        s.current.check("{100}")
    s.widgets[1].check("{101}")
    s.widgets[1].check("{102}")
    assert "Session complete: 1 of 3 solved" in s.summary_view.value
    summary = s.summary()
    assert summary["score"] == 1 and [p["outcome"] for p in summary["problems"]] == ["solved", "out_of_attempts",
                                                                                       "out_of_attempts"]


def test_session_progress_restores_score() -> None:
    s = PracticeSession("derivatives", n=2, seed=4, offline=True)
    s.current.check(s.problems[0].answer)
    restored = PracticeSession("derivatives", n=2, seed=4, offline=True)
    assert restored.score == 1 and restored.widgets[0].restored


def test_session_fallback_markdown_lists_problems() -> None:
    s = PracticeSession("circuits", n=2, seed=1, offline=True)
    data = s._repr_mimebundle_()
    assert WIDGET_MIME in data
    md = data["text/markdown"]
    assert s.problems[0].statement.strip()[:20] in md and "score 0/2" in md and "--seed 1" in md


def test_practice_magic_parses_options() -> None:
    s = practice_magic("linear equations --n 2 --level 2 --seed 9 --attempts 5 --offline")
    assert isinstance(s, PracticeSession)
    assert (s.topic, len(s.widgets), s.level, s.seed) == ("linear-equations", 2, 2, 9)
    assert s.widgets[0].max_attempts == 5
    assert "linear-equations" in practice_magic("").text  # no topic: the topic list
    for bad in ("nosuchtopic", "quadratics --level 7", "quadratics --n 0", "quadratics --bogus", "'unclosed"):
        with pytest.raises(ConfigError):
            practice_magic(bad)


def test_percent_tutor_practice_in_a_real_shell(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    shell.run_line_magic("load_ext", "tutor.magics")  # `%load_ext tutor` once the lead re-exports it
    result = shell.run_line_magic("tutor", "practice quadratics --n 2 --seed 3 --offline")
    assert isinstance(result, PracticeSession) and len(result.widgets) == 2
    formatted, _ = shell.display_formatter.format(result)
    assert "text/markdown" in formatted and "Quadratic" in formatted["text/markdown"]
    assert shell.run_line_magic("tutor", "practice quadratics --level 9") is None
    assert "tutor:" in capsys.readouterr().err  # one short line, no traceback
