"""Builds the three self-study notebooks (notebooks are data: nbformat, validated, written atomically).

Run ``.venv/bin/python tests/selfstudy/notebooks_build.py`` after editing; a test checks the committed notebooks
equal this output, and others execute them with nbclient (offline and against the fake R1 server).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat import v4

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

_HOW = """**How it works.** Type your answer in the box: the line under it shows how it was read (so you can see that
`2x+1` means $2\\cdot x + 1$) — or where it could not be read. **Check** marks it (an answer that can't be read is
not counted as an attempt). **Hint** climbs a ladder: 1 the goal, 2 the method, 3 the next concrete step — never the
answer. **Show solution** is offered after a correct answer or after 3 attempts; before that it asks *try once more
first?*. Your progress is saved in `.r1-tutor-progress.json` next to this notebook, so it survives a kernel restart.

Everything works offline (SymPy). With an R1 host configured (e.g. `ollama pull deepseek-r1:7b`, or
`OPENROUTER_API_KEY`), hints and solutions come from DeepSeek-R1 — every R1 hint is screened so it can't give the
answer away, and R1's solutions carry a ✓/✗ badge from SymPy."""


_PROGRESS = [
    "## Your progress\n\nRun this cell any time: it reads `.r1-tutor-progress.json` next to this notebook "
    "(attempts, hints and outcome of every problem you tried, across kernel restarts).",
    "from tutor.selfstudy import progress_report\nprogress_report()",
]


def _md(text: str) -> nbformat.NotebookNode:
    return v4.new_markdown_cell(text.strip())


def _code(text: str) -> nbformat.NotebookNode:
    return v4.new_code_cell(text.strip())


def algebra() -> nbformat.NotebookNode:
    return [
        _md("# Self-study: algebra\n\nFive problems to practise equations and factoring, then a session from the "
            "problem bank."),
        _md(_HOW),
        _code("%load_ext tutor\nfrom tutor.selfstudy import practice, hint"),
        _md("## 1. A quadratic equation\n\nGive **all** solutions as a set, e.g. `{1, 4}` (or `x = 1 or x = 4`)."),
        _code('practice("Solve x^2 - 5x + 6 = 0", answer="{2, 3}", kind="set")'),
        _md("## 2. A linear equation\n\nNo answer key is given here: the offline SymPy tutor works it out."),
        _code('practice("Solve 3x + 7 = 22")'),
        _md("## 3. Factoring\n\nThe answer must be *factored*: an expanded answer is marked as not factored."),
        _code('practice("Factor x^2 + 5x + 6", answer="(x + 2)(x + 3)", form="factored")'),
        _md("## 4. A system of equations\n\nAnswer as a point `(x, y)`."),
        _code('practice("Solve the system x + y = 10, x - y = 2", answer="(6, 4)", kind="list")'),
        _md("## 5. Stuck? Ask for a hint from code\n\nThe same ladder as the Hint button, usable anywhere "
            "(and from a terminal: `r1-tutor hint \"Solve x^2 - 5x + 6 = 0\" --answer \"{2, 3}\" --level 2`)."),
        _code('h = hint("Solve x^2 - 5x + 6 = 0", answer="{2, 3}", kind="set", level=2)\n'
              'print(f"Hint {h.level} ({h.source}): {h.hint}")'),
        _md("## A session from the problem bank\n\nThree quadratics, one after another, with a running score. "
            "Change `--seed` for new problems, `--level 2` or `3` for harder ones."),
        _code("%tutor practice quadratics --n 3 --level 1 --seed 1"),
        _md("## Teachers: driving a widget from code\n\nEvery button is also a method — handy to try a problem "
            "before handing it out."),
        _code('w = practice("Solve 2x - 4 = 10", answer="x = 7", progress=False)\n'
              'for attempt in ["x = (7", "x = 3", "x = 7"]:\n'
              '    v = w.check(attempt)\n'
              '    print(f"{attempt!r:10} valid={v.valid} correct={v.correct} note={v.note}")\n'
              "print(w.status_text())  # the unreadable answer did not cost an attempt"),
    ]


def calculus() -> nbformat.NotebookNode:
    return [
        _md("# Self-study: calculus\n\nDerivatives, integrals and limits — checked by SymPy, with hints that "
            "never give the answer away."),
        _md(_HOW),
        _code("%load_ext tutor\nfrom tutor.selfstudy import practice, hint"),
        _md("## 1. A derivative\n\nType the derivative, e.g. `3x^2 cos(x)`; any equivalent form is accepted."),
        _code('practice("Find the derivative of x^3 sin(x)", answer="3x^2 sin(x) + x^3 cos(x)")'),
        _md("## 2. An antiderivative\n\nDon't forget the constant: `+ C`."),
        _code('practice("Integrate 2x cos(x^2) dx", answer="sin(x^2) + C", kind="antiderivative")'),
        _md("## 3. A definite integral"),
        _code('practice("Integrate x^2 from 0 to 3", answer="9", kind="number")'),
        _md("## 4. A limit"),
        _code('practice("Find the limit of (x^2 - 1)/(x - 1) as x approaches 1", answer="2", kind="number")'),
        _md("## 5. A hint for the limit, from code"),
        _code('h = hint("Find the limit of (x^2 - 1)/(x - 1) as x approaches 1", answer="2", kind="number", '
              "level=1)\n"
              'print(f"Hint {h.level} ({h.source}): {h.hint}")'),
        _md("## A session: derivatives, level 2 (chain and product rule)"),
        _code("%tutor practice derivatives --n 3 --level 2 --seed 7"),
    ]


def physics() -> nbformat.NotebookNode:
    return [
        _md("# Self-study: physics with units\n\nQuantities need a number **and** a unit: `16.7 m/s` and "
            "`60 km/h` are both read and converted; a missing or wrong unit is pointed out."),
        _md(_HOW),
        _code("%load_ext tutor\nfrom tutor.selfstudy import practice, hint"),
        _md("## 1. Average speed\n\nA car travels 150 km in 2.5 h. Give its average speed (any speed unit)."),
        _code('practice("A car travels 150 km in 2.5 h. What is its average speed?", answer="60 km/h", '
              'kind="units", rtol=0.01)'),
        _md("## 2. Ohm's law"),
        _code('practice("A current of 0.5 A flows through a 220 ohm resistor. What is the voltage across it?", '
              'answer="110 V", kind="units", rtol=0.01)'),
        _md("## 3. Free fall\n\nTake $g = 9.8\\ \\mathrm{m/s^2}$; give 2 significant figures or more."),
        _code('practice("A stone falls from rest for 3.0 s (g = 9.8 m/s^2). How far does it fall?", '
              'answer="44.1 m", kind="units", rtol=0.02)'),
        _md("## 4. Converting units"),
        _code('practice("Convert 72 km/h to m/s", answer="20 m/s", kind="units", rtol=0.01)'),
        _md("## Sessions from the problem bank"),
        _code("%tutor practice kinematics --n 3 --level 1 --seed 3"),
        _code("%tutor practice circuits --n 3 --level 2 --seed 3"),
    ]


BUILDERS = {
    "self-study-algebra.ipynb": algebra,
    "self-study-calculus.ipynb": calculus,
    "physics-units.ipynb": physics,
}


def build(name: str) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = BUILDERS[name]() + [_md(_PROGRESS[0]), _code(_PROGRESS[1])]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name.split('.')[0]}-{i:02d}"  # stable ids: rebuilding gives the same file
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


def write_atomic(nb: nbformat.NotebookNode, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main() -> int:
    NOTEBOOKS.mkdir(exist_ok=True)
    for name in BUILDERS:
        write_atomic(build(name), NOTEBOOKS / name)
        print(f"wrote notebooks/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
