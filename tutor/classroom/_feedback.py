"""The feedback copy of a submission: a summary at the top and a verdict cell after each answer."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .grade import QuestionResult, SubmissionResult

__all__ = ["feedback_notebook"]

_BADGE = {
    "correct": "✅ **Correct**",
    "incorrect": "❌ **Not correct**",
    "invalid": "⚠️ **Could not read this answer**",
    "empty": "⬜ **No answer**",
    "missing": "⬜ **Answer cell missing**",
    "timeout": "⏱️ **Too slow to check**",
    "error": "⚠️ **Not checked**",
}


def _md(cell_id: str, text: str) -> dict[str, Any]:
    # cell ids exist from nbformat 4.5 on; older submissions get none (they would be invalid there)
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"tutor": {"role": "feedback"}}, "source": text}


def _verdict(q: QuestionResult) -> str:
    text = f"{_BADGE.get(q.status, q.status)} — {q.score:g} / {q.points:g}"
    if q.answer:
        text += f"\n\nYour answer: `{q.answer.replace('`', '')}`"
        if q.parsed:
            text += f" — read as ${q.parsed}$"
    if q.feedback:
        text += f"\n\n{q.feedback}"
    if q.note and q.note not in ("correct", "incorrect"):
        text += f"\n\n<small>note: `{q.note}`</small>"
    return text


def feedback_notebook(nb: dict[str, Any], result: SubmissionResult, key: dict[str, Any], *,
                      strip_outputs: bool = False) -> str:
    """JSON text of the feedback notebook (the submission itself is never modified)."""
    out = copy.deepcopy(nb)
    by_q = {q.qid: q for q in result.questions}
    cells: list[dict[str, Any]] = []
    head = f"## Feedback: {key.get('title', '')}\n\n**Score: {result.total:g} / {result.max:g}**"
    if result.flags:
        head += "\n\nFlags: " + ", ".join(f"`{f}`" for f in result.flags)
    cells.append(_md("tutor-feedback-summary", head))
    placed: set[str] = set()
    for cell in out.get("cells", []):
        if strip_outputs and cell.get("cell_type") == "code":
            cell["outputs"] = []
        cells.append(cell)
        meta: dict[str, Any] = cell["metadata"] if isinstance(cell.get("metadata"), dict) else {}
        tut: dict[str, Any] = meta["tutor"] if isinstance(meta.get("tutor"), dict) else {}
        gid = meta["nbgrader"].get("grade_id") if isinstance(meta.get("nbgrader"), dict) else None
        qid = tut.get("question") if tut.get("role") == "answer" else gid if gid in by_q else None
        if isinstance(qid, str) and qid in by_q and qid not in placed:
            placed.add(qid)
            cells.append(_md(f"tutor-feedback-{qid}", _verdict(by_q[qid])))
    for qid, q in by_q.items():  # answer cell deleted: the verdict still appears, at the end
        if qid not in placed:
            cells.append(_md(f"tutor-feedback-{qid}", f"**{qid}**: " + _verdict(q)))
    if int(out.get("nbformat_minor", 5) or 0) < 5:
        for cell in cells:
            if cell.get("metadata", {}).get("tutor", {}).get("role") == "feedback":
                cell.pop("id", None)
    out["cells"] = cells
    out.setdefault("metadata", {})
    out.setdefault("nbformat", 4)
    out.setdefault("nbformat_minor", 5)
    return json.dumps(out, indent=1, ensure_ascii=False)
