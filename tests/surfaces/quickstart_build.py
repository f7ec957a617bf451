"""Builds ``notebooks/quickstart.ipynb`` (notebooks are data: built with nbformat, validated, written atomically).

Run ``.venv/bin/python tests/surfaces/quickstart_build.py`` after editing the cells below; a test checks that the
committed notebook matches what this script builds.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "quickstart.ipynb"

CELLS: list[tuple[str, str]] = [
    ("md", """# r1-tutor — quickstart

A math and science tutor in Jupyter. Ask a problem with `%tutor`: the tutor shows how it thinks, then the answer
typeset in LaTeX, and **SymPy checks the final answer** (✓ verified, ✗ SymPy disagrees, ? not verifiable).

With no DeepSeek-R1 host connected, an offline SymPy step-by-step tutor answers everything a computer algebra
system can solve — so this notebook works without a network. Run the cells from top to bottom."""),
    ("code", "%load_ext tutor"),
    ("md", """## Where do the answers come from?

`%tutor status` shows the provider, the model, the endpoint and where each setting came from (never a key)."""),
    ("code", "%tutor status"),
    ("md", """## Ask a problem

Write the problem after `%tutor`, in words or LaTeX. Reasoning streams live while the tutor thinks
(\"Thinking… 12 s\") and folds away when the answer starts (\"Thought for 14 s\") — click it to read it again."""),
    ("code", "%tutor Solve x^2 - 5x + 6 = 0"),
    ("code", "%tutor Find the derivative of x^3 sin(x)"),
    ("code", "%tutor Integrate x e^x dx"),
    ("md", """## Longer problems and LaTeX: `%%tutor`

Put options on the first line and the problem in the cell body. LaTeX reaches the tutor exactly as typed —
braces, backslashes and all."""),
    ("code", "%%tutor\nSolve \\frac{1}{2}x + 3 = 7"),
    ("md", """## Options

| option | what it does |
|---|---|
| `--mode solve\\|hint\\|explain` | a full solution (default), a hint that never gives the answer away, or an explanation |
| `--hide-reasoning` | show only the answer |
| `--lang de` | answer in another language |
| `--offline` | always use the offline SymPy tutor |
| `--provider NAME --model NAME --base-url URL --api-key-env NAME` | pick the R1 host for this question |
| `--no-cache` | ask again even if this exact question was answered before |
| `--no-plot` | no picture under offline solutions |"""),
    ("code", "%tutor --hide-reasoning Solve 3x - 7 = 11"),
    ("md", """## Check your own answer

`tutor.check` compares an answer with the key the way a teacher would: `2x+1` and `1+2*x` are the same answer.
Input it cannot read is explained instead of being marked wrong."""),
    ("code", 'import tutor\n\ntutor.check("2x+1", "1+2*x")'),
    ("code", 'tutor.check("2x+", "2x+1").feedback'),
    ("md", """## Practise

A practice card: type an answer (you see how it was read before you check it), ask for hints — they never give the
answer away — and see the worked solution when you are done. `%tutor practice TOPIC` draws problems from the bank
(topics such as `linear-equations`, `quadratics`, `derivatives`, `integrals`, `limits`, `unit-conversion`)."""),
    ("code", 'tutor.practice("Solve x^2 - 5x + 6 = 0", answer="{2, 3}", kind="set")'),
    ("code", "%tutor practice quadratics --n 3 --seed 1"),
    ("md", """## Connect DeepSeek-R1

Pick one; the tutor finds it by itself (or set it once for the notebook with `%config`):

* **On your own computer** — install [Ollama](https://ollama.com), run `ollama pull deepseek-r1:7b`, and keep Ollama
  running. Other local servers (vLLM, SGLang, llama.cpp, LM Studio) are found on their default ports too.
* **Hosted** — set an API key in the environment *before* starting Jupyter, e.g. `export OPENROUTER_API_KEY=…`
  (or `DEEPSEEK_API_KEY`, `TOGETHER_API_KEY`). Keys are read from the environment only and never shown or saved.
* **For this notebook** — `%config TutorMagics.provider = "ollama"` and `%config TutorMagics.model = "deepseek-r1:14b"`.
* **From a shell** — `r1-tutor doctor` lists every provider, whether it is reachable and whether its key is set;
  `r1-tutor ask "Solve x^2 = 2"` asks from the terminal (`--json` for scripts)."""),
]


def build() -> nbformat.NotebookNode:
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"quickstart-{i:02d}"  # stable ids: rebuilding gives the same file
    nbformat.validate(nb)
    return nb


def write(path: Path = NOTEBOOK) -> None:
    nb = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else NOTEBOOK)
    print(f"wrote {NOTEBOOK if len(sys.argv) < 2 else sys.argv[1]}")
