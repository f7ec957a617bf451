"""Kernel-side helpers called by generated student notebooks.

* ``question(token)`` — practice mode: the instant-check widget for one question (the answer travels obfuscated in
  the token; helper F's practice widget does the rest).
* ``review(path=None)`` — both modes: reads the *saved* notebook (no kernel state, no execution), shows how each
  answer cell is read ("read as" preview and validity, STACK style); in practice mode also the verdict.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bank import Problem
from ..errors import ConfigError, TutorError
from ._nb import decode_token

__all__ = ["question", "review", "Review", "notebook_path"]


def question(token: str) -> Any:
    """The practice widget for an embedded (obfuscated) problem."""
    payload = decode_token(token)
    problem = Problem.from_dict({**payload, "id": payload.get("id") or payload.get("qid", "question")})
    from ..selfstudy import practice

    return practice(problem, title=f"Question {str(payload.get('qid', '')).lstrip('q')}", max_attempts=None)


def notebook_path() -> Path | None:
    """The running notebook's file, as Jupyter Server tells the kernel (``__session__`` / ``JPY_SESSION_NAME``)."""
    candidates: list[str] = []
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            candidates.append(str(shell.user_ns.get("__session__", "") or ""))
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebook stack
        pass
    candidates.append(os.environ.get("JPY_SESSION_NAME", ""))
    for cand in candidates:
        if cand.endswith(".ipynb"):
            p = Path(cand)
            if not p.is_absolute():
                p = Path.cwd() / p.name if not p.exists() else p
            if p.is_file():
                return p
    return None


@dataclass
class Review:
    rows: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def _repr_markdown_(self) -> str:
        if self.message:
            return self.message
        lines = ["| Question | Your answer | Read as | Status |", "|---|---|---|---|"]
        for r in self.rows:
            shown = f"${r['latex']}$" if r["latex"] else ""
            answer = r["answer"].replace("|", "\\|") or "—"
            lines.append(f"| {r['qid']} | `{answer}` | {shown} | {r['status']} |")
        return "\n".join(lines) + "\n\nSave the notebook (Ctrl+S) and run this cell again after changing an answer."

    def __repr__(self) -> str:
        if self.message:
            return self.message
        return "\n".join(f"{r['qid']}: {r['answer'] or '-'} → {r['status']}" for r in self.rows)


def review(path: str | os.PathLike[str] | None = None) -> Review:
    """How every answer in the saved notebook is read; in practice mode, also whether it is correct."""
    from ..check import check, preview
    from .grade import answer_text

    nb_path = Path(path) if path is not None else notebook_path()
    if nb_path is None:
        return Review(message="Save the notebook, then run this cell again (the notebook file was not found).")
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{nb_path}: cannot read the notebook ({exc.__class__.__name__})") from None
    kinds: dict[str, dict[str, Any]] = {}
    keys: dict[str, dict[str, Any]] = {}
    answers: list[tuple[str, str]] = []
    for cell in nb.get("cells", []):
        tut = (cell.get("metadata") or {}).get("tutor") or {}
        src = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else str(cell.get("source", ""))
        role, qid = tut.get("role"), str(tut.get("question", ""))
        if role == "statement":
            kinds[qid] = tut
        elif role == "answer":
            answers.append((qid, answer_text(src)))
        elif role == "check" and '"' in src:
            try:
                keys[qid] = decode_token(src.split('"')[1])
            except ConfigError:
                pass
    rows = []
    for qid, answer in answers:
        meta = kinds.get(qid, {})
        row = {"qid": qid, "answer": answer, "latex": "", "status": "no answer yet"}
        if answer:
            try:
                pv = preview(answer, kind=meta.get("kind"), variables=meta.get("variables") or None)
                row["latex"] = pv.latex if pv.valid else ""
                row["status"] = "✓ readable" if pv.valid else f"⚠ {pv.message}"
                if pv.valid and qid in keys:
                    k = keys[qid]
                    v = check(answer, k["answer"], kind=k.get("kind"), variables=k.get("variables") or None,
                              **(k.get("options") or {}))
                    row["status"] = "✅ correct" if v.correct else f"❌ {v.feedback or 'not correct'}"
            except TutorError as exc:
                row["status"] = f"⚠ {exc}"
        rows.append(row)
    return Review(rows=rows)
