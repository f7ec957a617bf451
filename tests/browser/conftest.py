"""Browser tests: a real JupyterLab server on 127.0.0.1 driven by Debian's Chromium through Playwright.

One server and one browser per session (start-up is the slow part); every test gets its own page, workspace
and notebook. No browser is ever downloaded: Chromium comes from the system (`make chromium`). Under CI
(`CI=true`) a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakeserver import FakeR1

from ._lab import ARTIFACTS, ROOT, Lab

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
_NBGRADER_SERVER = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)
_KEY_VARS = ("DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "TOGETHER_API_KEY", "OPENAI_API_KEY")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def _lab_env(tmp: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _KEY_VARS}
    for sub in ("config", "data", "runtime", "ipython", "xdg_config", "xdg_cache"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        XDG_CONFIG_HOME=str(tmp / "xdg_config"),
        XDG_CACHE_HOME=str(tmp / "xdg_cache"),
        TUTOR_NO_PROBE="1",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        MPLBACKEND="Agg",
    )
    env.update(extra)
    # Unrelated extensions (nbgrader's server and lab parts) only slow the page down: switched off here.
    (tmp / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {m: False for m in _NBGRADER_SERVER}}})
    )
    (tmp / "config" / "labconfig").mkdir(exist_ok=True)
    (tmp / "config" / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}})
    )
    # No "get notified about Jupyter news?" toast over the screenshots.
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True, exist_ok=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    return env


@pytest.fixture(scope="package")
def fake_r1_session() -> Iterator[FakeR1]:
    """Helper A's fake R1 server (real HTTP on 127.0.0.1), shared by the session: the kernel of the JupyterLab
    server below talks to it through TUTOR_PROVIDER / TUTOR_BASE_URL; tests script its replies."""
    server = FakeR1("deepseek")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="package")
def lab(tmp_path_factory: pytest.TempPathFactory, fake_r1_session: FakeR1, browser: Any) -> Iterator[Lab]:
    # Depends on `browser` so that a missing Chromium skips (or fails under CI) before a server is started.
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    fake_env = {
        "TUTOR_PROVIDER": "deepseek",
        "TUTOR_BASE_URL": fake_r1_session.base_url("deepseek"),
        "DEEPSEEK_API_KEY": "sk-fake-browser-tests",
    }
    port = free_port()
    token = secrets.token_hex(16)
    env = _lab_env(tmp, fake_env)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
        "--LanguageServerManager.autodetect=False",
    ]
    log = open(tmp / "jupyterlab.log", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited early:\n{(tmp / 'jupyterlab.log').read_text()[-3000:]}"
                )
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("jupyter lab did not start within 90 s")
            time.sleep(0.25)
        yield Lab(base_url=base, token=token, root=root, env=env, fake_r1=fake_r1_session)
    finally:
        _stop(proc)
        log.close()


# Package scope, not session: Playwright's sync API keeps an event loop running on the main thread, which would
# break every later test that calls asyncio.run().
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        _unavailable("Chromium is not installed (run `make chromium` or `apt-get install chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # 2 shared cores: JupyterLab can be slow under load
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(f"{exc.message}\n{exc.stack or ''}"))
    try:
        yield pg
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a failed screenshot must not hide the test's own result
            pass
        context.close()
    # Our extension must not throw in the page (other extensions' noise is not ours to judge).
    ours = [e for e in errors if "r1-tutor" in e or "R1Tutor" in e]
    assert not ours, ours
