"""OfflineTutor as a Backend: the same events as R1, plots in Done.extra, hints, and clear refusals."""

from __future__ import annotations

import base64
import threading
import time

import pytest

from tutor.backend import AskRequest, Backend
from tutor.check import check, extract_answer
from tutor.errors import OfflineUnsupported, TutorError
from tutor.events import Answer, Done, Reasoning
from tutor.offline import OfflineTutor, solve
from tutor.offline._bounded import bounded
from tutor.result import Plot

PNG = b"\x89PNG\r\n\x1a\n"


def _events(problem: str, **kw: object) -> list[object]:
    mode = kw.pop("mode", "solve")
    level = kw.pop("hint_level", None)
    tutor = OfflineTutor(**kw)  # type: ignore[arg-type]
    return list(tutor.stream(AskRequest(problem, mode=mode, hint_level=level)))  # type: ignore[arg-type]


def test_is_a_backend_with_provenance() -> None:
    tutor = OfflineTutor()
    assert isinstance(tutor, Backend)
    assert (tutor.provider, tutor.model, tutor.host) == ("offline", "sympy-steps", "")


def test_stream_is_reasoning_then_boxed_answer_then_done() -> None:
    events = _events("Solve x^2 - 5x + 6 = 0", plots=False)
    kinds = [type(e) for e in events]
    assert kinds == [Reasoning, Answer, Done]
    reasoning, answer, done = events
    assert isinstance(reasoning, Reasoning) and "Zero-product property" in reasoning.text
    assert "\n\n" in reasoning.text  # one step per paragraph
    assert isinstance(answer, Answer) and "\\boxed{" in answer.text
    final = extract_answer(answer.text)
    assert final is not None
    assert check(final, "x = 2 or x = 3", kind="set").correct
    assert isinstance(done, Done) and done.complete and done.finish_reason == "stop"
    assert done.extra["plots"] == [] and done.extra["family"] == "quadratic"


@pytest.mark.parametrize("problem", [
    "Find the derivative of x^2 at x = 1",       # tangent line
    "Integrate x^2 from 0 to 1",                   # shaded area
    "Solve x^2 - 5x + 6 = 0",                      # parabola and its roots
    "Solve the system x + y = 5, x - y = 1",       # intersecting lines
    "lim x->1 (x^2 - 1)/(x - 1)",                  # the function near its limit
])
def test_plots_attach_small_pngs(problem: str) -> None:
    done = _events(problem, plots=True)[-1]
    assert isinstance(done, Done)
    plots = done.extra["plots"]
    assert len(plots) == 1 and isinstance(plots[0], Plot)
    raw = base64.b64decode(plots[0].png_base64)
    assert raw.startswith(PNG) and len(raw) < 60_000
    assert plots[0].alt


def test_plotting_leaves_the_matplotlib_backend_alone() -> None:
    import matplotlib

    before = matplotlib.get_backend()
    _events("Integrate x^2 from 0 to 1", plots=True)
    assert matplotlib.get_backend() == before


def test_no_plot_turns_plots_off() -> None:
    done = _events("Integrate x^2 from 0 to 1", plots=False)[-1]
    assert isinstance(done, Done) and done.extra["plots"] == []


def test_unsupported_raises_before_any_event_with_a_helpful_message() -> None:
    tutor = OfflineTutor()
    with pytest.raises(OfflineUnsupported) as info:
        tutor.stream(AskRequest("Write a sonnet about prime numbers"))
    message = str(info.value)
    assert "offline" in message.lower()
    assert "derivatives" in message and "DEEPSEEK_API_KEY" in message
    assert isinstance(info.value, TutorError)


@pytest.mark.parametrize("problem", ["Solve sin(x) = 1/2", "Integrate e^(x^2) dx", "Solve x^5 - x + 1 = 0",
                                     "lim x->0 1/x", "", "Solve x + y = 3"])
def test_never_guesses(problem: str) -> None:
    with pytest.raises(OfflineUnsupported):
        solve(problem)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_hint_mode_gives_one_hint_and_no_solution(level: int) -> None:
    events = _events("Solve 2x + 3 = 7", mode="hint", hint_level=level)
    assert [type(e) for e in events] == [Answer, Done]
    answer = events[0]
    assert isinstance(answer, Answer)
    assert answer.text.startswith(f"**Hint {level}:**")
    assert "\\boxed" not in answer.text and "x = 2" not in answer.text


def test_works_from_a_worker_thread() -> None:
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("sol", solve("Differentiate sin(x^2)")))
    thread.start()
    thread.join(60)
    assert getattr(box["sol"], "answer", "") == "2*x*cos(x^2)"


def test_bounded_refuses_instead_of_hanging() -> None:
    with pytest.raises(OfflineUnsupported, match="gave up"):
        bounded(time.sleep, 30, timeout=0.2, what="a slow computation")


def test_steps_name_their_rules() -> None:
    text = solve("Differentiate x^2 sin(x)").markdown()
    for rule in ("Product rule", "Power rule", "Trig rule"):
        assert rule in text
    text = solve("Integrate x e^x dx").markdown()
    assert "Integration by parts" in text and "+ C" in text
    text = solve("Find the limit of (e^x - 1)/x as x approaches 0").markdown()
    assert "L'Hôpital" in text and "\\frac{0}{0}" in text
    text = solve("Solve x^2 - 2x = 1").markdown()
    assert "Discriminant" in text and "Quadratic formula" in text
    text = solve("Simplify (x^2 - 4)/(x - 2)").markdown()
    assert "Cancel the common factor" in text
