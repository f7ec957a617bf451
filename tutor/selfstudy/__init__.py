"""Self-study in the notebook: a practice widget with checked answers, a leak-proof hint ladder, solutions, progress.

    >>> from tutor.selfstudy import practice
    >>> practice("Solve x^2 - 5x + 6 = 0", answer="{2, 3}", kind="set")   # displays the widget

``%tutor practice TOPIC [--n 5] [--level 1-3] [--seed N]`` runs a session of bank problems (``practice_magic``);
``r1-tutor hint`` exposes the hint path to scripts (``tutor.selfstudy.cli``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, OfflineUnsupported, TutorError

if TYPE_CHECKING:
    from ..backend import Backend
    from .hints import HintResult
    from .progress import ProgressStore
    from .session import PracticeSession
    from .widget import PracticeWidget

__all__ = ["practice", "practice_magic", "practice_session", "hint", "progress_store", "progress_report"]


def progress_store(progress: bool | str | os.PathLike[str] | ProgressStore | None = True) -> ProgressStore | None:
    """``True`` → the default file beside the notebook; a path → that file; ``False``/None → no persistence."""
    from .progress import ProgressStore

    if progress is None or progress is False:
        return None
    if isinstance(progress, ProgressStore):
        return progress
    return ProgressStore(None if progress is True else progress)


def practice(
    problem: Any,
    answer: str | None = None,
    *,
    kind: str | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    sigfigs: int | None = None,
    form: str | None = None,
    variables: Iterable[str] | None = None,
    max_attempts: int | None = 3,
    backend: Backend | None = None,
    offline: bool = False,
    progress: bool | str | os.PathLike[str] | ProgressStore | None = True,
    problem_id: str | None = None,
    title: str | None = None,
    solution: str | None = None,
    lang: str | None = None,
) -> PracticeWidget:
    """A practice widget for one problem.

    ``problem``: the statement (plain text or Markdown with LaTeX) or a bank ``Problem`` (``tutor.bank``).
    ``answer``: the key in plain math (``"{2, 3}"``, ``"x = 4"``, ``"12 m/s"``); None → the offline SymPy tutor
    computes it (the widget says so) or, when it can't, a clear ``OfflineUnsupported``. ``kind``/``rtol``/``atol``/
    ``sigfigs``/``form``/``variables`` go to ``tutor.check``. ``max_attempts`` (None = unlimited) unlocks the
    solution when used up. ``backend`` None → the configured R1 host if any, else offline (``offline=True`` forces
    it). ``progress``: True (``.r1-tutor-progress.json`` in the working folder), a path, or False.
    """
    from . import _engines
    from .progress import problem_id as make_id
    from .widget import PracticeWidget, ProblemSpec

    options: dict[str, Any] = {}
    note = ""
    if not isinstance(problem, str):  # a bank Problem (duck-typed: statement/answer/kind/options/id)
        statement = str(getattr(problem, "statement", "") or "")
        if not statement:
            raise ConfigError("practice() needs a problem statement (a string or a bank Problem).")
        answer = answer if answer is not None else str(problem.answer)
        kind = kind or getattr(problem, "kind", None)
        options.update(dict(getattr(problem, "options", {}) or {}))
        variables = variables or tuple(getattr(problem, "variables", ()) or ())
        problem_id = problem_id or getattr(problem, "id", None)
        solution = solution if solution is not None else getattr(problem, "solution", "") or None
        if title is None and getattr(problem, "topic", None):
            title = f"{problem.topic} · level {getattr(problem, 'level', 1)}"
        answer_latex = str(getattr(problem, "answer_latex", "") or "")
        topic = str(getattr(problem, "topic", "") or "")
    else:
        statement = problem.strip()
        answer_latex = topic = ""
        if not statement:
            raise ConfigError("practice() needs a problem, e.g. practice('Solve 2x + 3 = 7', answer='x = 2').")
    offline_solution = None
    if answer is None:
        offline_solution = _engines.offline_solve(statement)
        if offline_solution is None:
            raise OfflineUnsupported(
                "practice() needs answer=… for this problem: the offline SymPy tutor can't solve it, "
                "so there would be nothing to check against."
            )
        answer, kind = str(offline_solution.answer), kind or offline_solution.kind
        options = {**dict(offline_solution.check_options or {}), **options}
        answer_latex = str(offline_solution.answer_latex or "")
        note = "The answer key was computed by the offline SymPy tutor."
    options.update({k: v for k, v in {"rtol": rtol, "atol": atol, "sigfigs": sigfigs, "form": form}.items()
                    if v is not None})
    variables = tuple(variables or ())
    try:
        pv = _engines.preview_answer(answer, kind=kind, variables=variables or None)
    except TutorError as err:
        raise ConfigError(f"The answer key {answer!r} could not be read: {err}") from None
    if not pv.valid:
        raise ConfigError(f"The answer key {answer!r} could not be read: {pv.message}")
    if not answer_latex:
        answer_latex = str(pv.latex)
    if max_attempts is not None and max_attempts < 1:
        raise ConfigError("max_attempts must be at least 1 (or None for unlimited attempts).")
    spec = ProblemSpec(
        statement=statement,
        answer=answer,
        kind=kind,
        options=options,
        variables=variables,
        problem_id=problem_id or make_id(statement, answer, kind),
        solution_md=solution or "",
        answer_latex=answer_latex,
        title=title or "",
        note=note,
        offline_solution=offline_solution,
        offline_statement=statement if offline_solution is not None else "",
        topic=topic,
    )
    return PracticeWidget(
        spec, max_attempts=max_attempts, backend=backend, offline=offline, store=progress_store(progress), lang=lang
    )


def practice_session(topic: str, n: int = 5, level: int = 1, seed: int | str | None = None, **kwargs: Any) -> PracticeSession:
    """``n`` bank problems on ``topic`` one after another with a running score (see ``PracticeSession``)."""
    from .session import PracticeSession

    return PracticeSession(topic, n=n, level=level, seed=seed, **kwargs)


def practice_magic(line: str) -> Any:
    """``%tutor practice TOPIC [--n 5] [--level 1-3] [--seed N]`` (called by the ``%tutor`` magic)."""
    from .magic import practice_magic as _magic

    return _magic(line)


def hint(
    problem: str,
    answer: str | None = None,
    *,
    level: int = 1,
    kind: str | None = None,
    student_answer: str | None = None,
    offline: bool = False,
    backend: Backend | None = None,
    options: Mapping[str, Any] | None = None,
    variables: Iterable[str] | None = None,
    lang: str | None = None,
) -> HintResult:
    """One screened hint for ``problem`` (the same path as the widget's Hint button and ``r1-tutor hint``)."""
    from .hints import get_hint

    return get_hint(problem, answer, level=level, kind=kind, student_answer=student_answer, offline=offline,
                    backend=backend, options=options, variables=variables, lang=lang)


class _Report:
    """The progress file as a Markdown table (displayable)."""

    def __init__(self, rows: list[tuple[str, int, int, str]], path: str) -> None:
        self.rows, self.path = rows, path

    def _repr_markdown_(self) -> str:
        if not self.rows:
            return f"No practice recorded yet (`{self.path}`)."
        lines = ["| problem | attempts | hints | outcome |", "|---|---|---|---|"]
        for statement, attempts, hints, outcome in self.rows:
            short = " ".join(statement.split())[:70].replace("|", "\\|")
            lines.append(f"| {short} | {attempts} | {hints} | {outcome.replace('_', ' ')} |")
        solved = sum(1 for r in self.rows if r[3] == "solved")
        return "\n".join(lines) + f"\n\n**{solved} of {len(self.rows)} solved** · saved in `{self.path}`"

    def __repr__(self) -> str:
        return "\n".join(f"{o:16} attempts={a} hints={h}  {s[:60]}" for s, a, h, o in self.rows) or "no practice yet"


def progress_report(progress: bool | str | os.PathLike[str] | ProgressStore | None = True) -> Any:
    """What was practised so far (from the progress file beside the notebook), as a table."""
    store = progress_store(progress)
    if store is None:
        raise ConfigError("progress_report() needs a progress file (progress=True or a path).")
    recs = store.all().values()
    return _Report([(r.statement, r.attempts, r.hints_used, r.outcome) for r in recs], str(store.path))
