"""The public surface is exactly ``tutor.__all__``: pinned here so a change to it is a deliberate one."""

from __future__ import annotations

import subprocess
import sys

import tutor

EXPECTED = {
    "AskRequest", "TutorError", "TutorResult", "Verdict", "__version__", "ask", "check", "extract_answer",
    "load_ipython_extension", "load_settings", "practice", "preview", "solve", "unload_ipython_extension", "verify",
}


def test_all_is_pinned_and_every_name_resolves() -> None:
    assert set(tutor.__all__) == EXPECTED
    for name in tutor.__all__:
        assert getattr(tutor, name) is not None, name
    assert callable(tutor._jupyter_labextension_paths)


def test_public_functions_survive_submodule_imports() -> None:
    # tutor.check / tutor.ask / tutor.verify are also module names; importing those modules first (as %tutor does)
    # must not turn the public functions into modules.
    code = (
        "import tutor.ask, tutor.verify\n"
        "from tutor.check import parse_math\n"
        "import tutor\n"
        "print(tutor.check('2(x+1)', '2x+2').correct, callable(tutor.ask), callable(tutor.verify))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "True"]


def test_import_is_light() -> None:
    # `%load_ext tutor` must stay fast: importing the package loads neither SymPy nor httpx nor ipywidgets.
    code = "import sys, tutor; print(sorted(m for m in ('sympy', 'httpx', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_errors_form_one_tree() -> None:
    from tutor import errors

    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.TutorError), name
