"""Where the prebuilt JupyterLab extension lives inside the package (for ``jupyter labextension develop``).

A normal install copies ``tutor/labextension`` to ``share/jupyter/labextensions/r1-tutor`` (wheel shared-data);
this hook lets JupyterLab's tooling find it in an editable checkout as well.
"""

from __future__ import annotations

__all__ = ["LABEXTENSION_NAME", "_jupyter_labextension_paths"]

LABEXTENSION_NAME = "r1-tutor"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": LABEXTENSION_NAME}]
