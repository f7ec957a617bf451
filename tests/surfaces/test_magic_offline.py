"""%tutor with the offline SymPy tutor: fallback notice, --offline, --no-plot, problems it can't do."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tests.fakeserver import FakeR1
from tests.surfaces._helpers import RecordingPublisher
from tutor.result import MIME_TYPE

EXT = "tutor"


@pytest.fixture
def ip(shell: InteractiveShell) -> InteractiveShell:
    shell.run_line_magic("load_ext", EXT)
    return shell


def test_no_r1_falls_back_offline_with_a_one_line_notice(ip: InteractiveShell, publisher: RecordingPublisher) -> None:
    with capture_output(display=False) as cap:
        ip.run_cell("%tutor Solve x^2 - 5x + 6 = 0")
    assert cap.stderr == ""
    final = publisher.messages[-1]["data"]
    payload = final[MIME_TYPE]
    assert payload["provider"] == "offline" and payload["complete"] and payload["final_answer"]
    assert len(payload["notices"]) == 1 and "\n" not in payload["notices"][0]
    assert payload["notices"][0].startswith("Answering offline") and "ollama" in payload["notices"][0]
    assert "> ℹ️ Answering offline" in final["text/markdown"]
    assert payload["verification"]["status"] == "verified"
    assert "✓ **Verified by SymPy**" in final["text/markdown"]
    assert payload["plots"] and final["image/png"] == payload["plots"][0]["png"]


def test_offline_flag_beats_a_configured_host_and_no_plot(ip: InteractiveShell, publisher: RecordingPublisher,
                                                          fake_r1: FakeR1) -> None:
    ip.run_cell(f'%config TutorMagics.base_url = "{fake_r1.base_url()}"')
    ip.run_cell("%tutor --offline --no-plot Find the derivative of x^3")
    final = publisher.messages[-1]["data"]
    payload = final[MIME_TYPE]
    assert payload["provider"] == "offline" and payload["plots"] == [] and "image/png" not in final
    assert payload["notices"] == []  # chosen on purpose: no "connect R1" nag
    assert fake_r1.chat_requests == []


def test_offline_unsupported_shows_its_message(ip: InteractiveShell, publisher: RecordingPublisher) -> None:
    with capture_output(display=False) as cap:
        result = ip.run_cell("%tutor --offline Write a sonnet about the moon")
    assert result.error_in_exec is None and "Traceback" not in cap.stderr
    shown = publisher.messages[-1]["data"]["text/plain"] if publisher.messages else cap.stderr
    assert "tutor: " in shown and "offline" in shown.lower()
    assert MIME_TYPE not in (publisher.messages[-1]["data"] if publisher.messages else {})
