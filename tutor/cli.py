"""``r1-tutor``: the command line. ``ask`` and ``doctor`` live here; other capabilities plug in their own subcommands.

Exit status (scripts and classroom tools rely on it): 0 complete, 3 incomplete (the JSON is still printed),
1 provider error, 2 usage or configuration error, 4 the offline tutor can't handle the problem, 130 interrupted
before anything arrived. Errors are one line on stderr; with ``--json`` stdout carries exactly one JSON object.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .backend import MODES
from .errors import ConfigError, OfflineUnsupported, PrivacyError, ProviderError, TutorError

__all__ = ["main", "exit_code", "PLUGIN_MODULES"]

# Modules that add subcommands: each has add_parser(subparsers) and sets func=run, run(args) -> int.
PLUGIN_MODULES: tuple[str, ...] = ("tutor.check.cli", "tutor.selfstudy.cli", "tutor.classroom.cli")

EXIT_OK, EXIT_PROVIDER, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_OFFLINE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2) instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def exit_code(err: TutorError) -> int:
    """The exit status for an expected failure."""
    if isinstance(err, OfflineUnsupported):
        return EXIT_OFFLINE
    if isinstance(err, ConfigError | PrivacyError):
        return EXIT_USAGE
    if isinstance(err, ProviderError):
        return EXIT_PROVIDER
    return EXIT_PROVIDER


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def _run_ask(args: argparse.Namespace) -> int:
    from .ask import ask, ask_hint
    from .ui.terminal import TerminalRenderer

    problem = " ".join(args.problem)
    if problem == "-":
        problem = sys.stdin.read()
    renderer = None if args.json else TerminalRenderer(hide_reasoning=args.hide_reasoning)
    common: dict[str, Any] = {
        "provider": args.provider, "model": args.model, "base_url": args.base_url, "api_key_env": args.api_key_env,
        "lang": args.lang, "offline": args.offline, "on_update": renderer,
    }
    mode = args.mode or ("hint" if args.level is not None else "solve")
    if args.level is not None and mode != "hint":
        raise ConfigError(f"--level is for hints: use it with --mode hint (not --mode {mode}).")
    if mode == "hint":
        # screened: a hint never gives the answer away
        result = ask_hint(problem, level=args.level if args.level is not None else 1, **common)
    else:
        result = ask(
            problem,
            mode=mode,
            no_cache=args.no_cache,
            verify=not args.no_verify,
            retry_on_mismatch=args.retry_on_mismatch,
            plots=False,  # a terminal can't show them; the JSON stays small
            **common,
        )
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return EXIT_OK if result.complete else EXIT_INCOMPLETE


def _cell(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None or value == "":
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value[:3]) + (" …" if len(value) > 3 else "") if value else "-"
    return str(value)


def _run_doctor(args: argparse.Namespace) -> int:
    config = importlib.import_module("tutor.config")
    r1 = importlib.import_module("tutor.r1")
    settings = config.load_settings()
    statuses = r1.doctor(settings)
    header = ("provider", "endpoint", "reachable", "key variable", "key set", "models", "note")
    rows = [header]
    for s in statuses:
        key_env = getattr(s, "key_env", None)
        rows.append((
            _cell(getattr(s, "name", "")),
            _cell(getattr(s, "host", None) or getattr(s, "base_url", None)),
            _cell(getattr(s, "reachable", None)),
            _cell(key_env),
            _cell(getattr(s, "key_set", None)) if key_env else "-",
            _cell(getattr(s, "models", None)),
            _cell(getattr(s, "note", "")),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    from .trust.privacy import describe_privacy

    source = (getattr(settings, "sources", {}) or {}).get("privacy", "default")
    print(f"\n{describe_privacy(settings)} ({source})")
    return EXIT_OK


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="r1-tutor", description="A math and science tutor backed by DeepSeek-R1, checked by SymPy.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("ask", help="ask the tutor a problem (streams to the terminal, or --json)")
    p.add_argument("problem", nargs="+", help='the problem text ("-" reads it from stdin)')
    p.add_argument("--provider", help="deepseek, openrouter, together, ollama, vllm, sglang, llamacpp, lmstudio, …")
    p.add_argument("--base-url", dest="base_url", help="endpoint URL")
    p.add_argument("--model", help="model name at the provider")
    p.add_argument("--api-key-env", dest="api_key_env", help="NAME of the environment variable holding the key")
    p.add_argument("--mode", choices=MODES, default=None, help="solve (default), hint or explain")
    p.add_argument("--level", type=int, choices=(1, 2, 3), default=None,
                   help="hint level: 1 strategy, 2 method, 3 next step (implies --mode hint)")
    p.add_argument("--lang", help="language code to answer in (de, fr, …)")
    p.add_argument("--offline", action="store_true", help="use the offline SymPy step tutor")
    p.add_argument("--no-cache", dest="no_cache", action="store_true", help="bypass the response cache")
    p.add_argument("--no-verify", dest="no_verify", action="store_true", help="skip SymPy verification")
    p.add_argument("--retry-on-mismatch", dest="retry_on_mismatch", action="store_true",
                   help="when SymPy disagrees with R1's answer, ask R1 once more")
    p.add_argument("--hide-reasoning", dest="hide_reasoning", action="store_true", help="print only the answer")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object (no streaming)")
    p.set_defaults(func=_run_ask)
    d = sub.add_parser("doctor", help="which R1 hosts are reachable, which key variables are set (never values)")
    d.set_defaults(func=_run_doctor)
    for name in PLUGIN_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``r1-tutor``; returns the exit status."""
    try:
        parser = _build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already reported on one line
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except TutorError as err:
        sys.stderr.write(f"r1-tutor: {_one_line(err)}\n")
        return exit_code(err)
    except KeyboardInterrupt:
        sys.stderr.write("r1-tutor: interrupted\n")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
