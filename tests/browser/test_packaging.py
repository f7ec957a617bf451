"""The labextension ships with the Python package: same version, built, installed and enabled in JupyterLab."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import tutor
from tutor._labext import LABEXTENSION_NAME, _jupyter_labextension_paths

from ._lab import ROOT


def test_python_and_js_versions_match() -> None:
    package = json.loads((ROOT / "labextension" / "package.json").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert package["name"] == LABEXTENSION_NAME
    assert package["version"] == project["version"] == tutor.__version__
    install = json.loads((ROOT / "labextension" / "install.json").read_text())
    assert install["packageName"] == project["name"]


def test_pyproject_ships_the_built_extension() -> None:
    hatch = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    shared = hatch["targets"]["wheel"]["shared-data"]
    assert shared["tutor/labextension"] == f"share/jupyter/labextensions/{LABEXTENSION_NAME}"
    hook = hatch["hooks"]["jupyter-builder"]
    assert hook["build-function"] == "hatch_jupyter_builder.npm_builder"
    assert "tutor/labextension/package.json" in hook["ensured-targets"]
    assert (ROOT / "labextension" / "yarn.lock").is_file()  # reproducible, locked build
    assert _jupyter_labextension_paths() == [{"src": "labextension", "dest": LABEXTENSION_NAME}]


def test_extension_is_installed_and_enabled() -> None:
    """What `pip install -e .` (make lab / make test) must leave behind: the prebuilt extension, enabled."""
    built = json.loads((ROOT / "tutor" / "labextension" / "package.json").read_text())
    assert built["version"] == tutor.__version__
    assert built["jupyterlab"]["_build"]["load"].startswith("static/remoteEntry.")
    out = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True, timeout=120
    )
    listing = out.stdout + out.stderr
    line = next((ln for ln in listing.splitlines() if ln.strip().startswith(f"{LABEXTENSION_NAME} v")), "")
    assert line, listing
    assert f"v{tutor.__version__}" in line and "enabled" in line and "OK" in line, line
