"""Helpers that drive JupyterLab from Playwright (window.jupyterapp is exposed by --LabApp.expose_app_in_browser)."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

__all__ = [
    "ARTIFACTS",
    "ROOT",
    "Lab",
    "cell_sources",
    "open_notebook",
    "run_command",
    "select_cell",
    "shot",
    "wait_text",
    "wait_kernel_idle",
]


@dataclass
class Lab:
    base_url: str
    token: str
    root: Path
    env: dict[str, str]
    fake_r1: Any = None  # the FakeR1 the kernel talks to (tests script its replies)

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def write_notebook(self, name: str, nb: nbformat.NotebookNode) -> str:
        # A notebook without a kernelspec makes JupyterLab ask for one in a modal dialog.
        nb.metadata.setdefault(
            "kernelspec", {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        )
        nbformat.validate(nb)
        nbformat.write(nb, self.root / name)
        return name

    def read_notebook(self, name: str) -> nbformat.NotebookNode:
        return nbformat.read(self.root / name, as_version=4)


def open_notebook(page: Any, lab: Lab, name: str, *, kernel: bool = True) -> None:
    workspace = f"w{secrets.token_hex(4)}"
    page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{name}"))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.context"
    )
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.context.ready; }")
    if kernel:
        wait_kernel_idle(page)


def wait_kernel_idle(page: Any, timeout_ms: int = 60_000) -> None:
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.ready; }")
    page.wait_for_function(
        "() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
        " return s.session && s.session.kernel && s.session.kernel.status === 'idle'; }",
        timeout=timeout_ms,
    )


def run_command(page: Any, command: str, args: dict[str, Any] | None = None) -> Any:
    return page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a)", [command, args or {}])


def select_cell(page: Any, index: int) -> None:
    page.evaluate(
        "(i) => { const nb = window.jupyterapp.shell.currentWidget.content; nb.activeCellIndex = i; nb.deselectAll(); }",
        index,
    )


def cell_sources(page: Any) -> list[str]:
    return list(
        page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.cells.map(c => c.getSource())"
        )
    )


def wait_text(locator: Any, pattern: str, timeout_s: float = 60.0) -> str:
    """Poll ``locator``'s visible text until it matches ``pattern``; on timeout fail showing the text seen."""
    deadline = time.monotonic() + timeout_s
    text = ""
    while time.monotonic() < deadline:
        text = locator.inner_text()
        if re.search(pattern, text):
            return str(text)
        time.sleep(0.2)
    raise AssertionError(f"no match for {pattern!r} within {timeout_s:.0f} s; the text was:\n{text}")


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
