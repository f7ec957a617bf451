"""``source = "r1"`` problems: R1 writes fresh problems; each is kept only if SymPy verifies R1's own answer.

R1 gets one zero-shot request per problem (the solve prompt: reason step by step, final answer in ``\\boxed{}``).
From the reply we take the statement (after ``Problem:``) and R1's final answer; the offline engine solves the
statement independently and ``tutor.verify.verify`` compares (by ``tutor.check``, or by substitution where the
answer is not unique). Unverifiable or mismatching problems are dropped — never guessed.

Requests go through a *batch function* ``(requests) -> answer texts``; the default streams them one by one from
the configured backend, and an async batch runner can be passed instead (``r1_pool(..., batch=run_many)``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from types import MappingProxyType

from ..backend import AskRequest, Backend
from ..bank import TOPICS, Problem
from ..errors import (
    BadRequest,
    ConfigError,
    OfflineUnsupported,
    RateLimited,
    ServerBusy,
    StreamInterrupted,
    TutorError,
)
from .spec import R1Item

__all__ = ["r1_pool", "stream_batch", "prompt_for", "accept", "BatchFn"]

BatchFn = Callable[[Sequence[AskRequest]], list[str]]  # answer text per request, in order ("" when one failed)
_MAX_STATEMENT = 1500
_ROUNDS = 3
_STATEMENT = re.compile(r"Problem\s*:\s*(.+?)(?:\n\s*\n|\n\s*(?:\*\*)?Solution|\\boxed|$)", re.S | re.I)


def prompt_for(item: R1Item, n: int, seed: str) -> str:
    topic = TOPICS[item.topic]
    return (
        f"Write one new practice problem for a student on {topic.title.lower()} "
        f"({topic.levels[item.level]}). It may be a short word problem, but its last sentence must be a direct "
        "mathematical instruction that a computer algebra system can act on, e.g. 'Solve 3x + 4 = 19.', "
        "'Find the derivative of x^2 sin(x).' or 'Convert 72 km/h to m/s.'. "
        f"Make it different from typical textbook examples (variant {n}, key {seed}).\n"
        "Start your reply with a line 'Problem: ' followed by the problem statement only, then solve it."
    )


def stream_batch(backend: Backend) -> BatchFn:
    """The default batch function: one request after another, collecting the answer text (reasoning dropped)."""
    from ..events import Answer

    def run(requests: Sequence[AskRequest]) -> list[str]:
        texts: list[str] = []
        for request in requests:
            parts: list[str] = []
            try:
                for event in backend.stream(request):
                    if isinstance(event, Answer):
                        parts.append(event.text)
            except (StreamInterrupted, RateLimited, ServerBusy, BadRequest):
                parts = []  # this one failed; the others still count (auth/balance/privacy errors propagate)
            texts.append("".join(parts))
        return texts

    return run


def _configured_backend() -> Backend:
    from ..config import load_settings
    from ..r1 import resolve_backend

    backend = resolve_backend(load_settings())
    if backend is None:
        raise ConfigError('source = "r1" needs an R1 host: set provider/base_url in the config or TUTOR_PROVIDER '
                          "(see `r1-tutor doctor`), or use bank topics / templates instead")
    return backend


def _tasks(statement: str) -> list[str]:
    sentences = [t for t in re.split(r"(?<=[.?!])\s+", statement.strip()) if t]
    return [statement] + ([sentences[-1]] if len(sentences) > 1 else [])


def accept(text: str, item: R1Item, *, points: float | None = None) -> Problem | None:
    """The verified problem in one R1 reply, or None (no statement, no boxed answer, or not verified)."""
    from ..check import extract_answer
    from ..offline import solve
    from ..verify import verify

    match = _STATEMENT.search(text or "")
    if not match:
        return None
    statement = match.group(1).strip()
    answer = extract_answer(text)
    if not statement or len(statement) > _MAX_STATEMENT or not answer:
        return None
    solution = None
    for task in _tasks(statement):  # the whole text, else its last sentence (the instruction the prompt asks for)
        try:
            solution = solve(task, plots=False)
        except (OfflineUnsupported, TutorError):
            continue
        break
    if solution is None or verify(task, answer).status != "verified":
        return None
    steps = "\n\n".join(step.text for step in solution.steps[:8])
    digest = hashlib.sha256(statement.encode()).hexdigest()[:10]
    return Problem(
        id=f"r1-{item.topic}-{digest}", topic=item.topic, level=item.level, statement=statement,
        answer=str(solution.answer), kind=str(solution.kind),
        options=MappingProxyType(dict(solution.check_options or {})), solution=steps,
        points=float(points if points is not None else item.points), answer_latex=str(solution.answer_latex),
        seed=digest, source="r1",
    )


def r1_pool(item: R1Item, want: int, seed: str, *, backend: Backend | None = None,
            batch: BatchFn | None = None) -> list[Problem]:
    """Up to ``want`` distinct verified R1-written problems (asks again for the rejected ones, a few rounds)."""
    run = batch or stream_batch(backend or _configured_backend())
    kept: dict[str, Problem] = {}
    asked = 0
    for _ in range(_ROUNDS):
        need = want - len(kept)
        if need <= 0:
            break
        n = min(10, need * 2)  # some replies will not verify
        requests = [AskRequest(problem=prompt_for(item, asked + k, seed)) for k in range(n)]
        asked += n
        for text in run(requests):
            problem = accept(text, item)
            if problem is not None and problem.statement not in kept:
                kept[problem.statement] = problem
    if not kept:
        raise ConfigError(f'source = "r1", topic {item.topic!r}: none of the {asked} problems R1 wrote could be '
                          "verified by the offline SymPy engine; use bank problems or a template for this topic")
    return list(kept.values())[:want]
