"""Keys never leak: the quickstart notebook runs (nbclient, a real kernel) against the fake R1 server with a sentinel
key in the environment; then every file written — the notebook, the response cache, IPython history, kernel
connection files, tmp dirs, logs — and every output is scanned for the sentinel. The server must still have
received it in the Authorization header (otherwise the test would prove nothing).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import tutor
from tests.fakeserver import FakeR1, Recorded, Reply, error_reply, r1_reply
from tutor.result import MIME_TYPE

pytestmark = pytest.mark.notebook

SENTINEL = "sk-or-v1-SENTINEL-notebook-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
QUICKSTART = Path(__file__).resolve().parents[2] / "notebooks" / "quickstart.ipynb"

# Cells appended to the quickstart: the trust magics, and a host that echoes the key in an error (401).
EXTRA_CELLS = [
    "%tutor usage",
    "%tutor budget 1.00",
    "%tutor privacy",
    "%tutor Please ECHO-THE-KEY in your error",
    "import os\nprint(sorted(k for k in os.environ if k.endswith('_API_KEY')))",
    "%tutor status",
]


def _reply(rec: Recorded) -> Reply:
    if "ECHO-THE-KEY" in rec.prompt:
        return error_reply(401, provider="openrouter", echo=f"(you sent {SENTINEL})")
    return r1_reply("openrouter", "Let me work this out step by step.", "So the answer is \\boxed{2}.")


def _forms(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [raw, base64.b64encode(raw), base64.b64encode(b"Bearer " + raw), json.dumps(secret).encode()]


def test_sentinel_key_never_written_anywhere(
    tmp_path: Path, make_fake_r1: Callable[..., FakeR1], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = make_fake_r1("openrouter")
    fake.script(*[_reply] * 64)
    dirs = {name: tmp_path / name for name in ("home", "tmp", "ipython", "runtime", "data", "config", "mpl", "work")}
    for d in dirs.values():
        d.mkdir()
    monkeypatch.setenv("OPENROUTER_API_KEY", SENTINEL)
    monkeypatch.setenv("TUTOR_PROVIDER", "openrouter")
    monkeypatch.setenv("TUTOR_BASE_URL", fake.base_url())
    monkeypatch.setenv("HOME", str(dirs["home"]))
    monkeypatch.setenv("TMPDIR", str(dirs["tmp"]))
    monkeypatch.setenv("IPYTHONDIR", str(dirs["ipython"]))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(dirs["runtime"]))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(dirs["data"]))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("MPLCONFIGDIR", str(dirs["mpl"]))
    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    config_home = Path(os.environ["XDG_CONFIG_HOME"])

    nb = nbformat.read(QUICKSTART, as_version=4)
    if not hasattr(tutor, "load_ipython_extension"):  # until tutor/__init__.py exports the hooks (lead)
        for cell in nb.cells:
            cell.source = cell.source.replace("%load_ext tutor", "%load_ext tutor.magics")
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in EXTRA_CELLS)
    NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(dirs["work"])}}).execute()
    out_file = dirs["work"] / "quickstart-executed.ipynb"
    nbformat.write(nb, out_file)

    # The proof is only meaningful if the key really was used.
    chats = fake.chat_requests
    assert chats and all(r.headers.get("authorization") == f"Bearer {SENTINEL}" for r in chats)
    answers = [o for c in nb.cells for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]
    assert answers and all(o["data"][MIME_TYPE]["provider"] == "openrouter" for o in answers)
    text = nbformat.writes(nb)
    assert "rejected the API key (HTTP 401" in text and "OPENROUTER_API_KEY" in text  # the echo cell ran
    assert "Tutor usage this session" in text and "Tutor privacy" in text

    scanned: list[Path] = []
    for root in [*dirs.values(), cache_home, config_home]:
        for file in root.rglob("*"):
            if file.is_file():
                data = file.read_bytes()
                scanned.append(file)
                for form in _forms(SENTINEL):
                    assert form not in data, f"the key leaked into {file}"
    names = {f.name for f in scanned}
    assert {"quickstart-executed.ipynb", "responses.sqlite3"} <= names, names  # the notebook and the cache
    for form in _forms(SENTINEL):
        assert form.decode() not in text
