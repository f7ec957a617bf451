"""``ask``: one question in, one ``TutorResult`` out — the call every surface (magic, CLI, widgets) makes.

Backend selection: an explicit ``backend`` > ``offline=True`` > the R1 host the settings resolve to (options > config
> env > key variables > local probe) > the offline SymPy tutor, with a one-line notice saying how to connect R1.
The offline tutor also answers when a host chosen for the user (not by an explicit --provider/--base-url option)
cannot be reached before any byte arrives — the school-firewall case; the notice names the provider and why.
Sibling capabilities (config, r1, trust, offline, check, verify) are imported lazily so this module works — and the
package stays importable — while they are absent; a missing piece degrades to the next choice, never to a crash.
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from .backend import MODES, AskRequest, Backend
from .errors import ConfigError, OfflineUnsupported, ProviderUnreachable, StreamInterrupted, TutorError
from .events import Done, Event, Notice
from .result import TutorResult, Verification

__all__ = ["ask", "ask_hint", "stream_ask", "select_backend", "resolve_r1", "connect_hint", "Selection",
           "OFFLINE_NOTICE_PREFIX", "unreachable_notice"]

OFFLINE_NOTICE_PREFIX = "Answering offline with the SymPy step tutor."

UpdateCallback = Callable[[TutorResult], None]


def _optional(module: str, attr: str) -> Any | None:
    """``module.attr`` of a sibling capability, or None while that module (or the name) is not there yet.

    Only a missing module counts as absent; an import error inside a present module propagates.
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name and (module == err.name or module.startswith(err.name + ".")):
            return None
        raise
    return getattr(mod, attr, None)


@dataclass(frozen=True, slots=True)
class Selection:
    """The backend an ask will use, and the notice to show when it is the offline fallback."""

    backend: Backend
    notice: str | None = None
    settings: Any = None


def _load_settings(
    settings: Any, overrides: dict[str, Any], config_traits: dict[str, Any] | None
) -> Any:
    if settings is not None:
        return settings
    load_settings = _optional("tutor.config", "load_settings")
    if load_settings is None:
        return None
    kwargs = {k: v for k, v in overrides.items() if v is not None}
    # traitlets values (%config TutorMagics.x = …) rank below explicit options; config.py records "%config".
    return load_settings(config_overrides=config_traits or None, **kwargs)


def _offline_backend(plots: bool) -> Backend:
    offline_tutor = _optional("tutor.offline", "OfflineTutor")
    if offline_tutor is None:
        raise ConfigError(
            "No R1 host is configured and the offline tutor is not installed: set TUTOR_PROVIDER or --provider."
        )
    try:
        backend: Backend = offline_tutor(plots=plots)
    except TypeError:
        backend = offline_tutor()
    return backend


def connect_hint() -> str:
    """One line on how to connect R1 (from tutor.r1 when present)."""
    hint = _optional("tutor.r1", "connect_hint")
    if hint is not None:
        return str(hint())
    return "To use DeepSeek-R1, start `ollama run deepseek-r1:7b` or set OPENROUTER_API_KEY / DEEPSEEK_API_KEY."


def resolve_r1(
    *,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    settings: Any = None,
    config_traits: dict[str, Any] | None = None,
) -> tuple[Backend | None, Any]:
    """The R1 backend the options/settings point at (unguarded), or None; plus the resolved settings."""
    overrides = {"provider": provider, "model": model, "base_url": base_url, "api_key_env": api_key_env}
    settings = _load_settings(settings, overrides, config_traits)
    resolve_backend = _optional("tutor.r1", "resolve_backend")
    if resolve_backend is not None and settings is not None:
        return resolve_backend(settings), settings
    if any(overrides.values()):
        raise ConfigError("R1 support (tutor.r1) is not installed, so --provider/--base-url cannot be used.")
    return None, settings


def select_backend(
    *,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    offline: bool = False,
    plots: bool = True,
    settings: Any = None,
    backend: Backend | None = None,
    config_traits: dict[str, Any] | None = None,
) -> Selection:
    """Pick the backend: explicit > offline flag > settings' R1 host (guarded by tutor.trust) > offline fallback."""
    if backend is not None:
        return Selection(backend, settings=settings)
    if offline:
        return Selection(_offline_backend(plots), settings=settings)
    chosen, settings = resolve_r1(
        provider=provider, model=model, base_url=base_url, api_key_env=api_key_env, settings=settings,
        config_traits=config_traits,
    )
    if chosen is None:
        return Selection(_offline_backend(plots), notice=f"{OFFLINE_NOTICE_PREFIX} {connect_hint()}", settings=settings)
    guarded = _optional("tutor.trust", "GuardedBackend")
    if guarded is not None:
        chosen = guarded(chosen, settings)
    return Selection(chosen, settings=settings)


def _implicit_choice(backend: Backend) -> bool:
    """Whether R1 was chosen for the user (key variable, probe, env, config file, %config) rather than by an
    explicit ``--provider``/``--base-url`` option (an ``R1Backend`` records this in ``selected_by``)."""
    selected_by = getattr(backend, "selected_by", None)
    return isinstance(selected_by, str) and selected_by != "option"


def unreachable_notice(err: ProviderUnreachable, provider: str) -> str:
    """One line: which provider could not be reached, why, and that the offline tutor answered instead."""
    why = str(err).split("; ", 1)[0].strip()
    name = err.provider or provider or "R1"
    for prefix in (f"{name} at ", f"{name}: ", f"{name} "):
        if why.startswith(prefix):
            why = why[len(prefix):]
            break
    return f"{name} unreachable ({why}); answered offline. `r1-tutor doctor` shows what's wrong."


def _last_boxed(text: str) -> str | None:
    """Fallback for ``tutor.check.extract_answer``: the content of the last ``\\boxed{…}`` (braces balanced)."""
    start = text.rfind("\\boxed{")
    while start != -1:
        depth, i = 0, start + len("\\boxed")
        for j in range(i, len(text)):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    return text[i + 1 : j].strip()
        start = text.rfind("\\boxed{", 0, start)
    return None


def _extract(answer: str) -> str | None:
    extract_answer = _optional("tutor.check", "extract_answer")
    if extract_answer is not None:
        try:
            found = extract_answer(answer)
        except TutorError:
            found = None
        return None if found is None else str(found)
    return _last_boxed(answer)


def _verify(result: TutorResult) -> Verification | None:
    verify = _optional("tutor.verify", "verify")
    if verify is None:
        return None
    try:
        params = inspect.signature(verify).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    kwargs = {"mode": result.mode} if "mode" in params else {}
    try:
        verification = verify(result.problem, result.final_answer, **kwargs)
    except TutorError as err:
        return Verification("unverifiable", method="", detail=str(err))
    return verification if isinstance(verification, Verification) else None


def stream_ask(selection: Selection, request: AskRequest) -> Generator[Event, None, None]:
    """The raw event stream for surfaces that render events themselves (starts with the fallback notice, if any)."""
    if selection.notice:
        yield Notice(selection.notice)
    yield from selection.backend.stream(request)


def _close(backend: Any) -> None:
    """Close a backend we created, and the backend it wraps (a guard), once each."""
    seen: set[int] = set()
    while backend is not None and id(backend) not in seen:
        seen.add(id(backend))
        close = getattr(backend, "close", None)
        if callable(close):
            close()
        backend = getattr(backend, "inner", None)


def _mark_incomplete(result: TutorResult, finish_reason: str, reason: str) -> None:
    result.complete = False
    result.finish_reason = finish_reason
    result.incomplete_reason = reason


def _round(
    result: TutorResult, chosen: Backend, events: Generator[Event, None, None], on_update: UpdateCallback | None,
) -> None:
    """Consume one stream into ``result`` (partial on failure/interrupt; raises only if nothing arrived)."""
    t0 = time.monotonic()

    def update() -> None:
        result.elapsed_s = time.monotonic() - t0
        if on_update is not None:
            on_update(result)

    update()
    got_done = False
    try:
        for event in events:
            if not result.model:  # "first model served" is only known once the backend resolved it
                result.model = str(getattr(chosen, "model", "") or "")
            result.apply(event, t0)
            got_done = got_done or isinstance(event, Done)
            if not isinstance(event, Done):
                update()
    except KeyboardInterrupt:
        events.close()
        if not (result.reasoning or result.answer):
            result.streaming = False
            raise
        _mark_incomplete(result, "cancelled", "interrupted")
    except StreamInterrupted as err:
        result.reasoning = result.reasoning or err.reasoning
        result.answer = result.answer or err.answer
        if not (result.reasoning or result.answer):
            raise
        _mark_incomplete(result, "error", str(err))
    except TutorError as err:
        if not (result.reasoning or result.answer):
            raise
        _mark_incomplete(result, "error", str(err))
    else:
        if not got_done:
            _mark_incomplete(result, "error", "the stream ended without a finish signal")
    result.elapsed_s = max(result.elapsed_s, time.monotonic() - t0)
    result.final_answer = _extract(result.answer) if result.answer else None


def _events(stream: Iterator[Event]) -> Generator[Event, None, None]:
    yield from stream  # closing this generator closes the backend's stream too


def _retry_suffix() -> str:
    suffix = _optional("tutor.verify", "retry_prompt_suffix")
    if suffix is not None:
        return str(suffix())
    return ("\n\nA check of a previous final answer to this problem failed. Solve it again carefully from the start, "
            "and put your final answer within \\boxed{}.")


def ask(
    problem: str,
    *,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    mode: str | None = "solve",
    lang: str | None = None,
    offline: bool = False,
    no_cache: bool = False,
    verify: bool = True,
    plots: bool = True,
    retry_on_mismatch: bool = False,
    on_update: UpdateCallback | None = None,
    settings: Any = None,
    backend: Backend | None = None,
    config_traits: dict[str, Any] | None = None,
    hint_level: int | None = None,
) -> TutorResult:
    """Ask the tutor one question and return the (possibly partial) result.

    ``mode=None`` takes the mode from the settings (``%config``, config file, ``TUTOR_MODE``), else "solve".
    ``on_update(result)`` is called once when the backend is chosen and after every event (the live renderer
    throttles), and a last time with ``streaming=False``. Expected failures raise ``TutorError`` only when nothing
    arrived; after the first chunk a failure or a KeyboardInterrupt returns the partial result marked incomplete.
    A KeyboardInterrupt before anything arrived propagates. ``retry_on_mismatch``: when SymPy disagrees with R1's
    final answer, ask once more (zero-shot, saying a check failed, without revealing SymPy's result) and keep the
    second reply; a notice records the first answer. ``hint_level`` (1–3) is sent with ``mode="hint"``.

    When R1 was chosen implicitly (key variable, probe, env, config file, %config) and cannot be reached before any
    byte arrived (``ProviderUnreachable``), the offline tutor answers instead, with a one-line notice naming the
    provider and why. An explicit ``provider``/``base_url`` option, or an auth/balance error, still raises.
    """
    if not problem or not problem.strip():
        raise ConfigError("Nothing to ask: give a problem, e.g. %tutor Solve x^2 - 5x + 6 = 0")
    if mode is not None and mode not in MODES:
        raise ConfigError(f"Unknown mode {mode!r}: use one of {', '.join(MODES)}.")
    selection = select_backend(
        provider=provider, model=model, base_url=base_url, api_key_env=api_key_env, offline=offline,
        plots=plots, settings=settings, backend=backend, config_traits=config_traits,
    )
    chosen = selection.backend
    if lang is None and selection.settings is not None:
        lang = getattr(selection.settings, "lang", None)
    if mode is None:
        mode = str(getattr(selection.settings, "mode", None) or "solve")

    def fresh() -> TutorResult:
        return TutorResult(
            problem=problem, mode=str(mode), provider=str(getattr(chosen, "provider", "")),
            model=str(getattr(chosen, "model", "")), host=str(getattr(chosen, "host", "")), lang=lang,
            streaming=True,
        )

    request = AskRequest(problem=problem, mode=mode, lang=lang, no_cache=no_cache,  # type: ignore[arg-type]
                         hint_level=hint_level if mode == "hint" else None)
    result = fresh()
    try:
        try:
            _round(result, chosen, stream_ask(selection, request), on_update)
        except ProviderUnreachable as err:
            # Issue 4: the offline tutor is the default when no R1 is configured OR REACHABLE (a school firewall).
            # Only for a host chosen for the user; an explicit --provider/--base-url fails loudly. Nothing arrived
            # (or _round would have returned a partial result), so nothing is lost. Auth/balance errors are never
            # replaced: the user must fix the key.
            if backend is not None or not _implicit_choice(chosen):
                raise
            notice = unreachable_notice(err, str(getattr(chosen, "provider", "")))
            _close(chosen)
            chosen = _offline_backend(plots)
            selection = Selection(chosen, notice=notice, settings=selection.settings)
            result = fresh()
            try:
                _round(result, chosen, stream_ask(selection, request), on_update)
            except OfflineUnsupported as unsupported:
                raise OfflineUnsupported(f"{notice.split('; answered offline', 1)[0]}, and {unsupported}") from None
        if verify and mode == "solve" and (result.final_answer is not None or result.complete):
            result.verification = _verify(result)
        v = result.verification
        if retry_on_mismatch and v is not None and v.status == "mismatch" and chosen.provider != "offline":
            first = result
            result = fresh()
            result.notices.append(
                f"SymPy disagreed with the first final answer ({first.final_answer}); asked once more."
            )
            retry = AskRequest(problem=problem + _retry_suffix(), mode=request.mode, lang=lang, no_cache=True)
            try:
                _round(result, chosen, _events(chosen.stream(retry)), on_update)
            except TutorError:
                first.notices.append("Asked once more after the failed check, but the retry failed.")
                result = first
            else:
                result.problem = problem
                result.elapsed_s += first.elapsed_s
                if result.final_answer is not None or result.complete:
                    result.verification = _verify(result)
    finally:
        if backend is None:  # we opened it (its HTTP connection pool), so we close it
            _close(chosen)
    result.streaming = False
    if on_update is not None:
        on_update(result)
    return result


def ask_hint(
    problem: str,
    *,
    level: int = 1,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    lang: str | None = None,
    offline: bool = False,
    on_update: UpdateCallback | None = None,
    settings: Any = None,
    backend: Backend | None = None,
    config_traits: dict[str, Any] | None = None,
) -> TutorResult:
    """A hint (mode "hint") through the self-study hint ladder, whose leak guard screens every R1 hint against the
    answer before it is shown (R1's reasoning is never shown). Without that capability: a plain hint-mode ask."""
    get_hint = _optional("tutor.selfstudy.hints", "get_hint")
    if get_hint is None:
        return ask(problem, provider=provider, model=model, base_url=base_url, api_key_env=api_key_env,
                   mode="hint", hint_level=level, lang=lang, offline=offline, on_update=on_update, settings=settings,
                   backend=backend, config_traits=config_traits)
    if not problem or not problem.strip():
        raise ConfigError("Nothing to ask: give a problem, e.g. %tutor --mode hint Solve x^2 - 5x + 6 = 0")
    chosen = backend
    if chosen is None and not offline:
        chosen, settings = resolve_r1(provider=provider, model=model, base_url=base_url, api_key_env=api_key_env,
                                      settings=settings, config_traits=config_traits)
        if chosen is not None:
            guarded = _optional("tutor.trust", "GuardedBackend")
            chosen = guarded(chosen, settings) if guarded is not None else chosen
    if lang is None and settings is not None:
        lang = getattr(settings, "lang", None)
    source = chosen if chosen is not None else None
    result = TutorResult(problem=problem, mode="hint", lang=lang, streaming=True,
                         provider=str(getattr(source, "provider", "offline")),
                         model=str(getattr(source, "model", "sympy-steps")), host=str(getattr(source, "host", "")))
    t0 = time.monotonic()
    if on_update is not None:
        on_update(result)
    try:
        hint = get_hint(problem, None, level=level, backend=chosen, offline=chosen is None, lang=lang)
    finally:
        if backend is None and chosen is not None:
            _close(chosen)
    if hint.source != "r1":
        result.provider, result.model, result.host = "offline", "sympy-steps", ""
    else:
        result.model = str(getattr(chosen, "model", "") or result.model)
    result.answer = hint.hint
    if chosen is None and not offline and backend is None:
        result.notices.append(f"{OFFLINE_NOTICE_PREFIX} {connect_hint()}")
    if hint.rejected:
        # the ladder's own note may quote the leaked value, so it is not shown here
        then = "this hint comes from the offline tutor" if hint.source != "r1" else "R1 was asked once more"
        result.notices.append(f"R1's hint gave the answer away and was withheld ({hint.rejected}×); {then}.")
    elif hint.note:
        result.notices.append(hint.note)
    result.finish_reason, result.complete = "stop", True
    result.elapsed_s = time.monotonic() - t0
    result.streaming = False
    if on_update is not None:
        on_update(result)
    return result
