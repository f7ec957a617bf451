"""%tutor in a real InteractiveShell: loading, status, %config, subcommand dispatch, error lines (no network)."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tutor.magics import TutorMagics

EXT = "tutor"


@pytest.fixture
def ip(shell: InteractiveShell) -> InteractiveShell:
    shell.run_line_magic("load_ext", EXT)
    return shell


def _status(ip: InteractiveShell, line: str = "%tutor status") -> str:
    with capture_output() as cap:
        view = ip.run_cell(line).result
    assert cap.stderr == ""
    return view._repr_markdown_() + "\n" + repr(view)


def test_load_registers_only_the_magics(shell: InteractiveShell) -> None:
    before_ns = set(shell.user_ns)
    shell.run_line_magic("load_ext", EXT)
    assert "tutor" in shell.magics_manager.magics["line"] and "tutor" in shell.magics_manager.magics["cell"]
    assert set(shell.user_ns) == before_ns
    assert any(isinstance(c, TutorMagics) for c in shell.configurables)
    shell.run_line_magic("unload_ext", EXT)
    assert "tutor" not in shell.magics_manager.magics["line"]
    assert not any(isinstance(c, TutorMagics) for c in shell.configurables)


def test_status_without_r1_says_offline_and_how_to_connect(ip: InteractiveShell) -> None:
    text = _status(ip)
    assert "offline (SymPy step tutor)" in text and "no R1 host configured or reachable" in text
    assert "ollama pull deepseek-r1" in text


def test_status_shows_sources_and_key_state_never_the_key(ip: InteractiveShell,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = "sk-SENTINEL-do-not-print-0123456789abcdef"
    monkeypatch.setenv("OPENROUTER_API_KEY", sentinel)
    monkeypatch.setenv("TUTOR_MODEL", "deepseek/deepseek-r1")
    ip.run_cell('%config TutorMagics.provider = "openrouter"')
    text = _status(ip)
    assert sentinel not in text
    assert "| provider | `openrouter` | %config |" in text
    assert "| model | `deepseek/deepseek-r1` | env TUTOR_MODEL |" in text
    assert "| endpoint | `openrouter.ai` |" in text
    assert "$OPENROUTER_API_KEY is set" in text
    # an option on the status line outranks %config
    md = _status(ip, "%tutor status --provider deepseek")
    assert "| provider | `deepseek` | option |" in md and "$DEEPSEEK_API_KEY is NOT set" in md


def test_config_traits_have_help() -> None:
    for name in ("provider", "model", "base_url", "api_key_env", "lang", "mode", "hide_reasoning"):
        trait = TutorMagics.class_traits(config=True)[name]
        assert trait.help, name


@pytest.mark.parametrize(("line", "message"), [
    ("%tutor", "usage: %tutor"),
    ("%tutor --mode prove Solve x", "Unknown mode 'prove'"),
    ("%tutor --provider nosuch Solve x", "nosuch"),
    ("%tutor --base-url ftp://x Solve x", "base"),
])
def test_expected_failures_are_one_line_without_traceback(ip: InteractiveShell, line: str, message: str) -> None:
    with capture_output() as cap:
        result = ip.run_cell(line)
    assert result.error_in_exec is None
    lines = cap.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tutor: ") and message in lines[0]
    assert "Traceback" not in cap.stdout + cap.stderr


def test_cell_magic_rejects_problem_on_the_first_line(ip: InteractiveShell) -> None:
    with capture_output() as cap:
        ip.run_cell("%%tutor Solve x\nSolve y")
    assert "problem in the cell body" in cap.stderr


def test_subcommands_dispatch_to_their_module(ip: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    import tutor.magics as magics

    calls: list[str] = []
    monkeypatch.setitem(magics._SUBCOMMANDS, "usage", "tutor._no_such_module:usage_magic")
    with capture_output() as cap:
        ip.run_cell("%tutor usage")
    assert "%tutor usage is not available in this installation (tutor._no_such_module missing)" in cap.stderr
    # a present module: the rest of the line goes through verbatim
    import types

    fake = types.ModuleType("tutor._fake_sub")
    fake.budget_magic = lambda line: calls.append(line)  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "tutor._fake_sub", fake)
    monkeypatch.setitem(magics._SUBCOMMANDS, "budget", "tutor._fake_sub:budget_magic")
    ip.run_cell("%tutor budget 2.00 {x}")
    assert calls == ["2.00 {x}"]


def test_unexpected_errors_propagate(ip: InteractiveShell, monkeypatch: pytest.MonkeyPatch) -> None:
    import tutor.magics as magics

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(magics, "ask", boom)
    with capture_output():
        result = ip.run_cell("%tutor Solve x = 1")
    assert isinstance(result.error_in_exec, RuntimeError)


def test_trust_subcommands_reach_their_module(ip: InteractiveShell) -> None:
    with capture_output() as cap:
        usage = ip.run_cell("%tutor usage")
        budget = ip.run_cell("%tutor budget 2.00")
    assert usage.error_in_exec is None and budget.error_in_exec is None
    assert usage.result is not None and budget.result is not None
    assert "not available" not in cap.stderr
