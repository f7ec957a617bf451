"""Settings: options > %config > environment (TUTOR_*) > config file > defaults, each value remembering where it came from.

The config file is ``$XDG_CONFIG_HOME/r1-tutor/config.toml`` (default ``~/.config/r1-tutor/config.toml``)::

    provider = "ollama"            # deepseek | openrouter | together | ollama | vllm | sglang | llamacpp | lmstudio
    model = "deepseek-r1:14b"      #   | openai-compatible
    base_url = "http://localhost:11434"
    api_key_env = "MY_R1_KEY"      # the NAME of the variable holding the key — never the key itself
    mode = "solve"                 # solve | hint | explain
    lang = "de"
    privacy = "local-only"         # off | local-only
    redact = true
    budget_usd = 5.0
    cache = true
    concurrency = 8

    [timeouts]
    connect_s = 10
    idle_s = 120                   # no byte for this long = the host is gone (keep-alives reset it)
    total_s = 1800

Keys are never stored here: a value that looks like an API key is refused with a ConfigError.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "Timeouts", "load_settings", "config_path", "looks_like_key", "SETTING_NAMES", "ENV_VARS"]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``idle_s``: longest silence between bytes (keep-alives count); ``total_s``: cap for one reply."""

    connect_s: float = 10.0
    idle_s: float = 120.0
    total_s: float = 1800.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"timeouts.{f.name} must be a positive number of seconds, not {value!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings. ``sources[name]`` says where each value came from (for ``%tutor status`` / doctor)."""

    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    mode: str = "solve"
    lang: str | None = None
    timeouts: Timeouts = field(default_factory=Timeouts)
    privacy: str = "off"
    redact: bool | None = None
    budget_usd: float | None = None
    cache: bool = True
    concurrency: int = 8
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")


SETTING_NAMES: tuple[str, ...] = ("provider", "model", "base_url", "api_key_env", "mode", "lang", "timeouts",
                                  "privacy", "redact", "budget_usd", "cache", "concurrency")

ENV_VARS: dict[str, str] = {
    "TUTOR_PROVIDER": "provider", "TUTOR_MODEL": "model", "TUTOR_BASE_URL": "base_url",
    "TUTOR_API_KEY_ENV": "api_key_env", "TUTOR_MODE": "mode", "TUTOR_LANG": "lang", "TUTOR_PRIVACY": "privacy",
    "TUTOR_REDACT": "redact", "TUTOR_BUDGET_USD": "budget_usd", "TUTOR_CACHE": "cache",
    "TUTOR_CONCURRENCY": "concurrency", "TUTOR_CONNECT_TIMEOUT": "timeouts.connect_s",
    "TUTOR_IDLE_TIMEOUT": "timeouts.idle_s", "TUTOR_TOTAL_TIMEOUT": "timeouts.total_s",
}

_KEYISH_VALUE = re.compile(r"^(sk-|sk_|or-|rk-|pk-|ghp_|gsk_|xai-|Bearer\s)|^[A-Za-z0-9_\-]{32,}$")
_KEYISH_NAME = re.compile(r"(api_?key|secret|token|password)$", re.IGNORECASE)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def looks_like_key(value: str) -> bool:
    """A secret-looking string (``sk-…``, a long random token) — but not an UPPER_CASE variable name."""
    v = value.strip()
    return bool(_KEYISH_VALUE.search(v)) and not re.fullmatch(r"[A-Z][A-Z0-9_]*", v)


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "r1-tutor" / "config.toml"


def _where(origin: str, text: str | None, key: str) -> str:
    """'config file /x/config.toml, line 3' when the key's line can be found."""
    if text is not None:
        leaf = key.split(".")[-1]
        for no, line in enumerate(text.splitlines(), 1):
            if re.match(r"\s*" + re.escape(leaf) + r"\s*=", line):
                return f"{origin}, line {no}"
    return origin


def _coerce(name: str, value: Any, where: str) -> Any:
    """Validate/convert one value; ConfigError naming the origin (file and line, env var, option)."""
    def bad(expect: str) -> ConfigError:
        shown = "<hidden>" if isinstance(value, str) and looks_like_key(value) else repr(value)
        return ConfigError(f"{where}: {name} must be {expect}, not {shown}")

    if value is None:
        return None
    if name in ("provider", "model", "base_url", "api_key_env", "lang"):
        if not isinstance(value, str):
            raise bad("a string")
        value = value.strip()
        if not value:
            return None
        if name == "provider":
            from .r1.providers import get_profile  # light module; validates the name

            try:
                return get_profile(value).name
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        if name == "api_key_env" and (looks_like_key(value) or not _ENV_NAME.match(value)):
            raise ConfigError(f"{where}: api_key_env must be the NAME of an environment variable (like "
                              "MY_R1_KEY), not the key itself")
        if name == "base_url" and not re.match(r"^https?://[^\s/]+", value):
            raise bad("an http(s):// URL")
        return value.rstrip("/") if name == "base_url" else value
    if name == "mode":
        if value not in ("solve", "hint", "explain"):
            raise bad("one of solve, hint, explain")
        return value
    if name == "privacy":
        if value not in ("off", "local-only"):
            raise bad('"off" or "local-only"')
        return value
    if name in ("redact", "cache"):
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if name == "budget_usd":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad("a number of US dollars") from None
        if isinstance(value, bool) or number < 0 or number != number:
            raise bad("a non-negative number of US dollars")
        return number
    if name == "concurrency":
        try:
            count = int(value)
        except (TypeError, ValueError):
            raise bad("a whole number") from None
        if isinstance(value, bool) or isinstance(value, float) or count < 1 or count > 256:
            raise bad("a whole number from 1 to 256")
        return count
    raise ConfigError(f"{where}: unknown setting {name!r}; known: {', '.join(SETTING_NAMES)}")


def _coerce_timeout(key: str, value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key} must be a number of seconds, not {value!r}") from None
    if isinstance(value, bool) or not number > 0:
        raise ConfigError(f"{where}: {key} must be a positive number of seconds, not {value!r}")
    return number


def _read_file(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.__class__.__name__}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    return data, text


def _check_no_keys(data: Mapping[str, Any], origin: str, text: str, prefix: str = "") -> None:
    for key, value in data.items():
        full = prefix + key
        if isinstance(value, dict):
            _check_no_keys(value, origin, text, full + ".")
            continue
        keyish_name = bool(_KEYISH_NAME.search(key)) and key != "api_key_env"
        keyish_value = isinstance(value, str) and key not in ("model", "base_url") and looks_like_key(value)
        if keyish_name or keyish_value:
            raise ConfigError(f"{_where(origin, text, full)}: {full} looks like an API key. Keys never go in the "
                              "config file: put the key in an environment variable and set api_key_env = \"NAME\"")


def _layer(values: dict[str, Any], sources: dict[str, str], raw: Mapping[str, Any], origin: str,
           text: str | None = None, *, env_names: Mapping[str, str] | None = None) -> None:
    """Fill ``values`` from one layer (only names not already set by a stronger layer)."""
    for key, value in raw.items():
        where = env_names[key] if env_names else _where(origin, text, key)
        label = env_names[key] if env_names else origin
        if key == "timeouts" or key.startswith("timeouts."):
            items = value.items() if key == "timeouts" else [(key.split(".", 1)[1], value)]
            if key == "timeouts" and not isinstance(value, dict):
                raise ConfigError(f"{where}: timeouts must be a table like [timeouts] idle_s = 120")
            for sub, sub_value in items:
                if sub not in ("connect_s", "idle_s", "total_s"):
                    raise ConfigError(f"{_where(origin, text, sub) if text else where}: unknown timeout "
                                      f"{sub!r}; use connect_s, idle_s, total_s")
                name = "timeouts." + sub
                if name not in values:
                    values[name] = _coerce_timeout(name, sub_value, _where(origin, text, sub) if text else where)
                    sources[name] = label
            continue
        if key not in SETTING_NAMES:
            raise ConfigError(f"{where}: unknown setting {key!r}; known: {', '.join(SETTING_NAMES)}")
        if key in values:
            continue
        coerced = _coerce(key, value, where)
        if coerced is not None or value is None:
            values[key] = coerced
            sources[key] = label


def load_settings(*, config_overrides: Mapping[str, Any] | None = None, **overrides: Any) -> Settings:
    """Resolve settings: ``overrides`` (options; None = not given) > ``config_overrides`` (``%config``) >
    ``TUTOR_*`` environment variables > the config file > defaults."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    given = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(given.get("timeouts"), Timeouts):
        t = given.pop("timeouts")
        given.update({"timeouts.connect_s": t.connect_s, "timeouts.idle_s": t.idle_s, "timeouts.total_s": t.total_s})
    _layer(values, sources, given, "option")
    if config_overrides:
        _layer(values, sources, {k: v for k, v in config_overrides.items() if v is not None}, "%config")
    # Environment above the file: a variable is the per-session override (a test run, a classroom launcher).
    env = {name: os.environ[var] for var, name in ENV_VARS.items() if os.environ.get(var, "").strip()}
    env_label = {name: "env " + var for var, name in ENV_VARS.items()}
    _layer(values, sources, env, "env", env_names=env_label)
    path = config_path()
    data, text = _read_file(path)
    if data:
        origin = f"config file {path}"
        _check_no_keys(data, origin, text)
        _layer(values, sources, data, origin, text)

    timeouts = Timeouts()
    tvals = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("timeouts.")}
    if tvals:
        timeouts = replace(timeouts, **tvals)
    plain = {k: v for k, v in values.items() if not k.startswith("timeouts.")}
    for name in SETTING_NAMES:
        if name == "timeouts":
            tsrc = {sources[k] for k in sources if k.startswith("timeouts.")}
            sources.setdefault("timeouts", ", ".join(sorted(tsrc)) if tsrc else "default")
        else:
            sources.setdefault(name, "default")
    return Settings(timeouts=timeouts, sources=sources, **plain)
