"""``%tutor`` / ``%%tutor``: the notebook surface. Thin: parse the line, call ``tutor.ask.ask``, render live.

The problem text is passed on verbatim — no ``$var``/``{expr}`` expansion (``no_var_expand``), no shlex, no format
strings — so ``\\frac{1}{2}x = 3`` reaches the model exactly as typed (the brace bug of jupyter-ai #967).
Options are read from the start of the line (and known flags from its end); everything between is the problem.
A problem ending in ``?`` stays a problem: an input transformer (registered by ``%load_ext tutor``) runs before
IPython's ``obj?`` help syntax. A subcommand (``status``, ``practice``, ``usage``, ``budget``, ``privacy``) is
recognised after leading options too, so it is never sent to R1 as a problem.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from traitlets import Bool, Unicode

from .ask import ask, ask_hint, connect_hint, resolve_r1
from .backend import MODES
from .errors import ConfigError, TutorError
from .result import TutorResult
from .ui.live import LiveRenderer

__all__ = ["TutorMagics", "load_ipython_extension", "unload_ipython_extension", "parse_line", "MagicOptions"]

_VALUE_OPTIONS = {
    "--provider": "provider",
    "--model": "model",
    "--base-url": "base_url",
    "--api-key-env": "api_key_env",
    "--mode": "mode",
    "--lang": "lang",
    "--level": "level",
}
_FLAGS = {
    "--hide-reasoning": "hide_reasoning",
    "--no-cache": "no_cache",
    "--offline": "offline",
    "--no-plot": "no_plot",
    "--retry-on-mismatch": "retry_on_mismatch",
}
# `%tutor WORD …` subcommands that live in other capabilities: "module:function", each taking the rest of the line.
_SUBCOMMANDS = {
    "practice": "tutor.selfstudy:practice_magic",
    "usage": "tutor.trust.magic:usage_magic",
    "budget": "tutor.trust.magic:budget_magic",
    "privacy": "tutor.trust.magic:privacy_magic",
}
_USAGE = (
    "usage: %tutor [--provider NAME] [--model NAME] [--base-url URL] [--api-key-env NAME] [--mode solve|hint|explain] "
    "[--lang CODE] [--level 1-3] [--hide-reasoning] [--no-cache] [--offline] [--no-plot] [--retry-on-mismatch] PROBLEM  |  "
    "%tutor status  |  "
    "%tutor practice|usage|budget|privacy …"
)


@dataclass
class MagicOptions:
    """What one ``%tutor`` line asked for; ``values`` holds only the options actually given."""

    problem: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _take_option(tokens: list[re.Match[str]], i: int, opts: dict[str, Any]) -> int:
    """Consume the option at ``tokens[i]`` into ``opts``; return the index after it."""
    name, eq, value = tokens[i].group(0).partition("=")
    if name in _FLAGS and not eq:
        opts[_FLAGS[name]] = True
        return i + 1
    if name in _VALUE_OPTIONS:
        if not eq:
            if i + 1 >= len(tokens):
                raise ConfigError(f"{name} needs a value. {_USAGE}")
            value = tokens[i + 1].group(0)
            i += 1
        if not value:
            raise ConfigError(f"{name} needs a value. {_USAGE}")
        opts[_VALUE_OPTIONS[name]] = value
        return i + 1
    raise ConfigError(f"Unknown option {name}. {_USAGE}")


def parse_line(line: str) -> MagicOptions:
    """Split a magic line into options and the verbatim problem text between them."""
    tokens = list(re.finditer(r"\S+", line))
    opts: dict[str, Any] = {}
    i = 0
    while i < len(tokens) and tokens[i].group(0).startswith("--"):
        i = _take_option(tokens, i, opts)
    start = tokens[i].start() if i < len(tokens) else len(line)
    # Known options may also trail the problem ("%tutor Solve x^2 = 4 --offline"); only exact option names count.
    j = len(tokens)
    while j > i:
        last = tokens[j - 1].group(0)
        if last in _FLAGS:
            opts.setdefault(_FLAGS[last], True)
            j -= 1
        elif j - 2 >= i and tokens[j - 2].group(0) in _VALUE_OPTIONS and not last.startswith("--"):
            opts.setdefault(_VALUE_OPTIONS[tokens[j - 2].group(0)], last)
            j -= 2
        else:
            break
    end = tokens[j - 1].end() if j > i else start
    mode = opts.get("mode")
    if mode is not None and mode not in MODES:
        raise ConfigError(f"Unknown mode {mode!r}: use one of {', '.join(MODES)}.")
    if "level" in opts:
        opts["level"] = _hint_level(opts["level"])
        if mode not in (None, "hint"):
            raise ConfigError(f"--level is for hints: use it with --mode hint (not --mode {mode}).")
    return MagicOptions(problem=line[start:end], values=opts)


def _hint_level(value: str) -> int:
    if value not in ("1", "2", "3"):
        raise ConfigError(f"--level must be 1, 2 or 3 (1 strategy, 2 method, 3 next step), not {value!r}.")
    return int(value)


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


@magics_class
class TutorMagics(Magics):
    """The ``%tutor`` magics. Kernel-wide defaults: ``%config TutorMagics.provider = "ollama"`` etc."""

    provider = Unicode(None, allow_none=True, help="R1 provider (deepseek, openrouter, ollama, vllm, …).").tag(
        config=True
    )
    model = Unicode(None, allow_none=True, help="Model name at the provider, e.g. deepseek-r1:7b.").tag(config=True)
    base_url = Unicode(None, allow_none=True, help="Endpoint URL (for self-hosted or openai-compatible).").tag(
        config=True
    )
    api_key_env = Unicode(
        None, allow_none=True, help="NAME of the environment variable holding the API key (never the key)."
    ).tag(config=True)
    lang = Unicode(None, allow_none=True, help="Language to answer in (e.g. de, fr); default: the problem's.").tag(
        config=True
    )
    mode = Unicode("solve", help="Default mode: solve, hint or explain.").tag(config=True)
    hide_reasoning = Bool(False, help="Hide R1's reasoning (show only the answer).").tag(config=True)
    retry_on_mismatch = Bool(
        False, help="When SymPy disagrees with R1's final answer, ask R1 once more (zero-shot)."
    ).tag(config=True)

    last_result: TutorResult | None = None

    def _config_traits(self) -> dict[str, Any]:
        """Only the traits set with ``%config`` (or an IPython profile), so their source reads "%config"."""
        given = self.config.get("TutorMagics", {})
        return {
            name: getattr(self, name)
            for name in ("provider", "model", "base_url", "api_key_env", "lang", "mode")
            if name in given and getattr(self, name) is not None
        }

    @no_var_expand
    @line_cell_magic
    def tutor(self, line: str, cell: str | None = None) -> Any:
        """Ask the tutor. %tutor PROBLEM, or %%tutor [options] with the problem in the cell body."""
        try:
            return self._run(line, cell)
        except TutorError as err:
            print(f"tutor: {err}", file=sys.stderr)
            return None

    def _run(self, line: str, cell: str | None) -> Any:
        words = line.split(None, 1)
        if cell is None and words and words[0] == "status":
            return self._status(words[1] if len(words) > 1 else "")
        if cell is None and words and words[0] in _SUBCOMMANDS:
            return self._dispatch(words[0], words[1] if len(words) > 1 else "")
        parsed = parse_line(line)
        head = parsed.problem.split(None, 1)
        if cell is None and head and (head[0] == "status" or head[0] in _SUBCOMMANDS):
            # "%tutor --provider x status": a subcommand after leading options is still a subcommand, never a
            # problem sent (and billed) to R1. status keeps the options; the others take the words after them.
            rest = head[1] if len(head) > 1 else ""
            if head[0] == "status":
                return self._status(line)
            return self._dispatch(head[0], rest)
        if cell is not None:
            if parsed.problem.strip():
                raise ConfigError("%%tutor takes options on its first line and the problem in the cell body.")
            parsed.problem = cell
        if not parsed.problem.strip():
            raise ConfigError(_USAGE)
        self._ask(parsed)
        return None

    def _dispatch(self, word: str, rest: str) -> Any:
        module_name, _, func_name = _SUBCOMMANDS[word].partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name and (module_name == err.name or module_name.startswith(err.name + ".")):
                raise ConfigError(
                    f"%tutor {word} is not available in this installation ({module_name} missing)."
                ) from None
            raise
        func = getattr(module, func_name, None)
        if func is None:
            raise ConfigError(f"%tutor {word} is not available in this installation ({module_name}.{func_name}).")
        return func(rest)

    def _ask(self, parsed: MagicOptions) -> None:
        o = parsed.values
        hide = bool(o.get("hide_reasoning", self.hide_reasoning))
        renderer = LiveRenderer(hide_reasoning=hide)
        common: dict[str, Any] = {
            "provider": o.get("provider"), "model": o.get("model"), "base_url": o.get("base_url"),
            "api_key_env": o.get("api_key_env"), "lang": o.get("lang"), "offline": bool(o.get("offline")),
            "on_update": renderer, "config_traits": self._config_traits(),
        }
        mode = o.get("mode") or ("hint" if "level" in o else self.mode)
        try:
            if mode == "hint":
                result = ask_hint(parsed.problem, level=int(o.get("level", 1)), **common)  # screened: a hint never gives the answer away
            else:
                result = ask(
                    parsed.problem,
                    mode=o.get("mode"),  # None: %config / config file / env / "solve"
                    no_cache=bool(o.get("no_cache")),
                    plots=not o.get("no_plot"),
                    retry_on_mismatch=bool(o.get("retry_on_mismatch", self.retry_on_mismatch)),
                    **common,
                )
        except TutorError as err:
            if not renderer.fail(str(err)):
                print(f"tutor: {err}", file=sys.stderr)
            return
        except KeyboardInterrupt:
            if not renderer.fail("interrupted before anything arrived"):
                print("tutor: interrupted before anything arrived", file=sys.stderr)
            return
        renderer.finish(result)
        TutorMagics.last_result = result

    def _status(self, rest: str) -> Any:
        """Provider, model, endpoint host and where each setting came from — never a key."""
        o = parse_line(rest).values
        backend, settings = (None, None) if o.get("offline") else resolve_r1(
            provider=o.get("provider"), model=o.get("model"), base_url=o.get("base_url"),
            api_key_env=o.get("api_key_env"), config_traits=self._config_traits(),
        )
        given: dict[str, str] = dict(getattr(settings, "sources", {}) or {})

        def src(name: str, fallback: str) -> str:
            where = given.get(name, "default")
            return fallback if where == "default" else where

        rows: list[tuple[str, str, str]] = []
        hint: str | None = None
        if backend is None:
            why = "--offline" if o.get("offline") else "no R1 host configured or reachable"
            rows.append(("provider", "offline (SymPy step tutor)", why))
            hint = None if o.get("offline") else connect_hint()
        else:
            chosen_by = getattr(backend, "selected_by", None) or src("provider", "detected")
            rows.append(("provider", str(backend.provider), str(chosen_by)))
            rows.append(("model", str(backend.model) or "(the first R1 model the host serves)",
                         src("model", "provider default")))
            base_url = str(getattr(backend, "base_url", "") or "")
            rows.append(("endpoint", _host(base_url) or backend.host, src("base_url", "provider default")))
            key_env = getattr(backend, "api_key_env", None) or getattr(settings, "api_key_env", None)
            if key_env:
                state = "set" if os.environ.get(str(key_env)) else "NOT set"
                rows.append(("key", f"${key_env} is {state}", src("api_key_env", "provider default")))
        from .trust.privacy import effective_privacy, redaction_enabled

        mode = effective_privacy(settings)
        shown = mode if mode == "local-only" else f"off (redaction {'on' if redaction_enabled(settings) else 'off'})"
        by = src("privacy", "default") if mode == (getattr(settings, "privacy", None) or "off") else "%tutor privacy"
        rows.append(("privacy", shown, by))
        for name in ("lang", "mode"):
            value = getattr(settings, name, None)
            if value:
                rows.append((name, str(value), src(name, "default")))
        return _StatusView(rows, hint)


class _StatusView:
    """``%tutor status`` output: a Markdown table with a plain-text twin."""

    def __init__(self, rows: list[tuple[str, str, str]], hint: str | None) -> None:
        self.rows = rows
        self.hint = hint

    def _repr_markdown_(self) -> str:
        lines = ["| setting | value | from |", "|---|---|---|"]
        lines += [f"| {k} | `{v}` | {src} |" for k, v, src in self.rows]
        if self.hint:
            lines += ["", self.hint]
        return "\n".join(lines)

    def __repr__(self) -> str:
        width = max(len(k) for k, _, _ in self.rows)
        lines = [f"{k:<{width}}  {v}  ({src})" for k, v, src in self.rows]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


_TUTOR_LINE = re.compile(r"^([ \t]*)%tutor(?![\w%])(.*?)(\r?\n)?$", re.DOTALL)


def _protect_question_marks(lines: list[str]) -> list[str]:
    """Input transformer (cleanup stage, before IPython's help syntax): ``%tutor What is 2+2?`` is a question for
    the tutor, not a request for help on an object. Such a line becomes the call IPython itself would make,
    ``get_ipython().run_line_magic('tutor', '…')``, with the text verbatim (``run_line_magic`` honours
    ``no_var_expand``, so ``{x}``/``$x`` stay as typed). ``%tutor?`` alone still shows the magic's help."""
    if not lines or lines[0].lstrip().startswith("%%"):
        return lines  # a cell magic's body is raw text
    out = lines
    for i, line in enumerate(lines):
        m = _TUTOR_LINE.match(line)
        if m is None:
            continue
        rest = m.group(2)
        tail = rest.rstrip()
        if not tail.endswith("?") or not tail.strip("? \t"):
            continue
        if out is lines:
            out = list(lines)
        args = rest[1:] if rest[:1] in (" ", "\t") else rest  # IPython drops the one separating space too
        out[i] = f"{m.group(1)}get_ipython().run_line_magic('tutor', {args!r}){m.group(3) or ''}"
    return out


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext tutor``: register the magics and the input transformer that keeps a trailing ``?`` in a
    ``%tutor`` line part of the problem (nothing else)."""
    ipython.register_magics(TutorMagics)
    cleanup = getattr(ipython, "input_transformers_cleanup", None)
    if cleanup is not None and _protect_question_marks not in cleanup:
        cleanup.append(_protect_question_marks)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext tutor``: remove the magics, their %config entry and the input transformer."""
    cleanup = getattr(ipython, "input_transformers_cleanup", None)
    while cleanup is not None and _protect_question_marks in cleanup:
        cleanup.remove(_protect_question_marks)
    manager = ipython.magics_manager
    for kind in ("line", "cell"):
        manager.magics[kind].pop("tutor", None)
    for instance in [m for m in manager.registry.values() if isinstance(m, TutorMagics)]:
        manager.registry.pop(type(instance).__name__, None)
        if instance in ipython.configurables:
            ipython.configurables.remove(instance)
