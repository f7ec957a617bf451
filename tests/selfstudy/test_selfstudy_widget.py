"""The practice widget driven headlessly: set ``.value``, click the buttons, read the views — every path of issue 5."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tutor.errors import ConfigError, OfflineUnsupported
from tutor.selfstudy import practice
from tutor.selfstudy.hints import screen_hint
from tutor.selfstudy.widget import PracticeWidget

QUAD = "Solve x^2 - 5x + 6 = 0"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _quad(**kw: Any) -> PracticeWidget:
    kw.setdefault("offline", True)
    return practice(QUAD, answer="{2, 3}", kind="set", **kw)


def _shown(w: Any) -> bool:
    return w.layout.display != "none"


def test_preview_shows_how_the_answer_was_read() -> None:
    w = _quad()
    w.answer_box.value = "{2, 3}"
    assert "Read as" in w.preview.value and "\\displaystyle" in w.preview.value
    w.answer_box.value = ""
    assert w.preview.value == ""


def test_invalid_input_shows_positioned_message_and_is_not_counted() -> None:
    w = _quad()
    w.answer_box.value = "{2, (3"
    assert "⚠" in w.preview.value and "Read as" not in w.preview.value
    w.check_button.click()
    assert w.attempts == 0 and w.outcome == "open"
    assert "not counted" in w.feedback.value and "⚠" in w.feedback.value
    assert "Attempts 0/3" in w.status.value
    w.answer_box.value = "2x+ )"
    assert "<span" in w.preview.value  # the offending character is highlighted


def test_correct_answer_solves_and_unlocks_the_solution() -> None:
    w = _quad()
    w.answer_box.value = "{3, 2}"
    w.check_button.click()
    assert w.outcome == "solved" and w.attempts == 1
    assert "✓" in w.feedback.value
    assert w.check_button.disabled and w.answer_box.disabled
    assert w.solution_unlocked and w.solution_button.button_style == "info"
    assert "solved ✓" in w.status.value and "Attempts 1/3" in w.status.value
    w.solution_button.click()  # unlocked: no confirm step
    assert not _shown(w.confirm_box) and _shown(w.solution_view) and w.solution_shown
    assert w.outcome == "solved"


def test_wrong_answers_and_the_attempt_limit() -> None:
    w = _quad(max_attempts=2)
    w.answer_box.value = "{2}"
    w.check_button.click()
    assert w.attempts == 1 and w.outcome == "open" and "✗" in w.feedback.value and "1 left" in w.feedback.value
    assert not w.solution_unlocked
    w.answer_box.value = "{2, 4}"
    w.check_button.click()
    assert w.attempts == 2 and w.outcome == "out_of_attempts"
    assert "No attempts left" in w.feedback.value
    assert w.check_button.disabled and w.solution_unlocked
    assert w.check("{2, 3}") is None and w.attempts == 2  # the limit holds
    assert not w.hint_button.disabled  # hints stay available to understand the problem
    assert w.request_solution() is True and _shown(w.solution_view)


def test_solution_on_request_asks_try_once_more_first() -> None:
    w = _quad()
    w.solution_button.click()
    assert _shown(w.confirm_box) and not _shown(w.solution_view)
    assert "Try once more first?" in w.confirm_label.value and "3 attempts left" in w.confirm_label.value
    w.confirm_retry.click()
    assert not _shown(w.confirm_box) and w.outcome == "open" and not w.solution_shown
    w.solution_button.click()
    w.confirm_show.click()
    assert not _shown(w.confirm_box) and _shown(w.solution_view)
    assert w.outcome == "revealed" and w.solution_shown and "solution viewed" in w.status.value
    assert w.check_button.disabled
    assert "2" in w.solution_view.value and "3" in w.solution_view.value


def test_hint_ladder_offline_three_levels_none_leaks() -> None:
    w = _quad()
    for level in (1, 2, 3):
        w.hint_button.click()
        assert len(w.hints) == level and w.hints[-1].level == level and w.hints[-1].source == "offline"
        assert f"Hint {level}" in w.hints_view.value
        assert screen_hint(w.hints[-1].hint, "{2, 3}", kind="set", problem=QUAD) is None
    assert w.hint_button.disabled and w.hint_button.description == "No more hints"
    assert w.hint() is None and len(w.hints) == 3
    assert "Hints 3/3" in w.status.value
    assert len({h.hint for h in w.hints}) == 3  # three different rungs


def test_progress_persists_and_restores(tmp_path: Path) -> None:
    w = _quad()
    w.check("{2, 4}")
    w.hint()
    data = json.loads((tmp_path / ".r1-tutor-progress.json").read_text())
    rec = data["problems"][w.spec.problem_id]
    assert rec["attempts"] == 1 and rec["hints_used"] == 1 and rec["outcome"] == "open"
    assert rec["answers"] == ["{2, 4}"]

    again = _quad()  # a new kernel: same problem, same id
    assert again.restored and again.attempts == 1 and len(again.hints) == 1
    assert again.answer_box.value == "{2, 4}" and "Progress restored" in again.note.value
    assert "Hint 1" in again.hints_view.value
    again.check("{2, 3}")
    third = _quad()
    assert third.outcome == "solved" and third.check_button.disabled and third.solution_unlocked


def test_progress_off_and_custom_path(tmp_path: Path) -> None:
    w = _quad(progress=False)
    w.check("{2, 3}")
    assert not (tmp_path / ".r1-tutor-progress.json").exists()
    custom = tmp_path / "sub" / "mine.json"
    w = _quad(progress=str(custom))
    w.check("{2, 3}")
    assert w.spec.problem_id in json.loads(custom.read_text())["problems"]


def test_answer_computed_by_the_offline_tutor() -> None:
    w = practice("Solve 3x + 7 = 22", offline=True)
    assert "offline SymPy tutor" in w.note.value
    w.check("x = 5")
    assert w.outcome == "solved"


def test_refuses_clearly_without_answer_when_offline_cannot_solve() -> None:
    with pytest.raises(OfflineUnsupported, match="answer="):
        practice("Explain why the sky is blue", offline=True)


def test_unreadable_answer_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="could not be read"):
        practice(QUAD, answer="{2, (3", kind="set")
    with pytest.raises(ConfigError):
        practice("", answer="1")


def test_mime_fallback_has_problem_and_static_summary() -> None:
    w = _quad()
    w.check("{2}")
    data = w._repr_mimebundle_()
    assert WIDGET_MIME in data and "model_id" in data[WIDGET_MIME]
    md = data["text/markdown"]
    assert "$x^{2}" in md  # the problem, typeset
    assert "Attempts 1/3" in md and "Open in Jupyter" in md
    assert QUAD in data["text/plain"]


def test_bank_problem_object() -> None:
    from tutor.bank import draw

    p = draw("linear-equations", 1, seed=3)
    w = practice(p, offline=True)
    assert w.spec.problem_id == p.id and w.spec.kind == p.kind
    assert "linear-equations" in w.title.value
    w.check(p.answer)
    assert w.outcome == "solved"
    w.request_solution()
    assert _shown(w.solution_view) and w.solution_view.value


def test_progress_report_table() -> None:
    from tutor.selfstudy import progress_report

    assert "No practice recorded yet" in progress_report()._repr_markdown_()
    _quad().check("{2, 3}")
    w = practice("Solve 2x = 8", answer="x = 4", offline=True)
    w.hint()
    table = progress_report()._repr_markdown_()
    assert "| Solve x^2 - 5x + 6 = 0 | 1 | 0 | solved |" in table
    assert "| Solve 2x = 8 | 0 | 1 | open |" in table and "**1 of 2 solved**" in table
    with pytest.raises(ConfigError):
        progress_report(False)
