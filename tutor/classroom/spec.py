"""Assignment specs (TOML): bank draws, templates with parameters, and R1-written problems.

    title = "Week 3: motion"
    instructions = "Give every answer with its unit."
    mode = "assignment"            # or "practice" (answers embedded, obfuscated, for instant checking)

    [[problems]]                   # from the bank
    topic = "derivatives"
    count = 3
    level = 2
    points = 2

    [[problems]]                   # a template: {v} is replaced by a drawn value
    statement = "A ball is thrown up at {v} m/s. How high does it rise? (g = 9.8 m/s^2)"
    params = { v = { min = 5, max = 25, step = 1 } }
    answer = "v^2/(2*9.8) m"
    kind = "units"
    rtol = 0.02

    [[problems]]                   # R1 writes word problems; each is kept only if its answer is verified
    source = "r1"
    topic = "kinematics"
    count = 2

Every mistake is a ``ConfigError`` naming the file and the field (``spec.toml: problems[2].params.v.step``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bank import LEVELS, topic_name
from ..errors import ConfigError

__all__ = ["Spec", "BankItem", "TemplateItem", "R1Item", "Param", "load_spec", "parse_spec", "slug"]

MODES = ("assignment", "practice")
KINDS = (
    "expression", "equation", "number", "units", "set", "list", "interval", "matrix", "antiderivative",
    "inequality",
)
_OPTION_KEYS = {"rtol": float, "atol": float, "sigfigs": int, "form": str}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_MAX_COUNT = 50


@dataclass(frozen=True)
class Param:
    """One template parameter: a range (``min``/``max``/``step``) or explicit ``choices``."""

    name: str
    choices: tuple[int | float | str, ...] = ()
    min: float = 0
    max: float = 0
    step: float = 1

    def values(self) -> list[int | float | str]:
        if self.choices:
            return list(self.choices)
        out: list[int | float | str] = []
        decimals = max(0, -_exponent(self.step))
        n = int(round((self.max - self.min) / self.step)) + 1
        for i in range(n):
            v = round(self.min + i * self.step, decimals + 6)
            out.append(int(v) if float(v).is_integer() and float(self.step).is_integer() else round(v, decimals))
        return out


def _exponent(step: float) -> int:
    """Decimal exponent of the step's last digit (0.25 → -2, 1 → 0)."""
    text = repr(float(step)).rstrip("0").rstrip(".")
    return -len(text.split(".")[1]) if "." in text else 0


@dataclass(frozen=True)
class BankItem:
    topic: str
    count: int = 1
    level: int = 1
    points: float = 1.0


@dataclass(frozen=True)
class TemplateItem:
    statement: str
    answer: str
    kind: str
    params: tuple[Param, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False)
    count: int = 1
    points: float = 1.0
    solution: str = ""
    unit: str = ""
    index: int = 0  # position in the spec: templates are named by it in problem ids


@dataclass(frozen=True)
class R1Item:
    topic: str
    count: int = 1
    level: int = 1
    points: float = 1.0


Item = BankItem | TemplateItem | R1Item


@dataclass(frozen=True)
class Spec:
    title: str
    name: str  # the notebook file stem, e.g. "week-3-motion"
    instructions: str
    mode: str
    problems: tuple[Item, ...]
    seed: int | str = 0
    path: str = ""

    @property
    def question_count(self) -> int:
        return sum(item.count for item in self.problems)


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:60] or "assignment"


def load_spec(path: str | Path) -> Spec:
    """Read and validate a TOML spec file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: no such spec file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the spec ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc})") from None
    return parse_spec(data, source=str(p))


def _get(data: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    at = f"{where}.{key}" if ":" in where else f"{where}: {key}"  # "f.toml: title", "f.toml: problems[2].count"
    if key not in data:
        if default is None:
            raise ConfigError(f"{at}: required")
        return default
    value = data[key]
    if isinstance(value, bool) and typ is not bool:
        raise ConfigError(f"{at}: expected {_tname(typ)}, got a boolean")
    if not isinstance(value, typ):
        raise ConfigError(f"{at}: expected {_tname(typ)}, got {type(value).__name__}")
    return value


def _tname(typ: type | tuple[type, ...]) -> str:
    names = [t.__name__ for t in (typ if isinstance(typ, tuple) else (typ,))]
    return {"str": "a string", "int": "an integer", "float": "a number", "dict": "a table", "list": "an array"}.get(
        names[0], names[0]) if len(names) == 1 else " or ".join(names)


def parse_spec(data: dict[str, Any], *, source: str = "<spec>") -> Spec:
    """Validate a spec already loaded as a dict (e.g. from tomllib)."""
    known = {"title", "name", "instructions", "mode", "seed", "problems"}
    for key in data:
        if key not in known:
            raise ConfigError(f"{source}: {key}: unknown field (known: {', '.join(sorted(known))})")
    title = _get(data, "title", str, source)
    if not title.strip():
        raise ConfigError(f"{source}: title: must not be empty")
    mode = _get(data, "mode", str, source, "assignment")
    if mode not in MODES:
        raise ConfigError(f"{source}: mode: must be 'assignment' or 'practice', got {mode!r}")
    seed = _get(data, "seed", (int, str), source, 0)
    name = slug(_get(data, "name", str, source, "") or title)
    problems = data.get("problems")
    if not isinstance(problems, list) or not problems:
        raise ConfigError(f"{source}: problems: required — add at least one [[problems]] table")
    items: list[Item] = []
    for i, raw in enumerate(problems, start=1):
        where = f"{source}: problems[{i}]"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: expected a table")
        items.append(_item(raw, where, i))
    spec = Spec(title=title, name=name, instructions=_get(data, "instructions", str, source, ""), mode=mode,
                problems=tuple(items), seed=seed, path=source)
    if spec.question_count > 200:
        raise ConfigError(f"{source}: problems: {spec.question_count} questions is too many (at most 200)")
    return spec


def _common(raw: dict[str, Any], where: str) -> tuple[int, float]:
    count = _get(raw, "count", int, where, 1)
    if not 1 <= count <= _MAX_COUNT:
        raise ConfigError(f"{where}.count: must be between 1 and {_MAX_COUNT}, got {count}")
    points = float(_get(raw, "points", (int, float), where, 1))
    if points <= 0:
        raise ConfigError(f"{where}.points: must be positive, got {points:g}")
    return count, points


def _level(raw: dict[str, Any], where: str) -> int:
    level = _get(raw, "level", int, where, 1)
    if level not in LEVELS:
        raise ConfigError(f"{where}.level: must be 1, 2 or 3, got {level}")
    return int(level)


def _topic(raw: dict[str, Any], where: str) -> str:
    try:
        return topic_name(_get(raw, "topic", str, where))
    except ConfigError as exc:
        if str(exc).endswith("required"):
            raise
        raise ConfigError(f"{where}.topic: {exc}") from None


def _item(raw: dict[str, Any], where: str, index: int) -> Item:
    count, points = _common(raw, where)
    source = _get(raw, "source", str, where, "template" if "statement" in raw else "bank")
    if source == "r1":
        _only(raw, where, {"source", "topic", "count", "level", "points"})
        return R1Item(topic=_topic(raw, where), count=count, level=_level(raw, where), points=points)
    if source == "bank":
        _only(raw, where, {"source", "topic", "count", "level", "points"})
        return BankItem(topic=_topic(raw, where), count=count, level=_level(raw, where), points=points)
    if source != "template":
        raise ConfigError(f"{where}.source: must be 'bank', 'template' or 'r1', got {source!r}")
    _only(raw, where, {"source", "statement", "answer", "kind", "params", "count", "points", "solution", "unit",
                       *_OPTION_KEYS})
    statement = _get(raw, "statement", str, where)
    answer = _get(raw, "answer", str, where)
    kind = _get(raw, "kind", str, where, "number")
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind: unknown kind {kind!r} (known: {', '.join(KINDS)})")
    options: dict[str, Any] = {}
    for key, typ in _OPTION_KEYS.items():
        if key in raw:
            value = _get(raw, key, (int, float) if typ is float else typ, where)
            options[key] = typ(value)
            if typ is not str and options[key] < 0:
                raise ConfigError(f"{where}.{key}: must not be negative")
    params = _params(_get(raw, "params", dict, where, {}), f"{where}.params")
    names = {p.name for p in params}
    for ref in re.findall(r"\{([A-Za-z][A-Za-z0-9_]*)\}", answer):
        if ref not in names:
            raise ConfigError(f"{where}.answer: {{{ref}}} is not a declared parameter (params: {sorted(names)})")
    return TemplateItem(statement=statement, answer=answer, kind=kind, params=params, options=options, count=count,
                        points=points, solution=_get(raw, "solution", str, where, ""),
                        unit=_get(raw, "unit", str, where, ""), index=index)


def _only(raw: dict[str, Any], where: str, allowed: set[str]) -> None:
    for key in raw:
        if key not in allowed:
            raise ConfigError(f"{where}.{key}: unknown field here (allowed: {', '.join(sorted(allowed))})")


def _params(raw: dict[str, Any], where: str) -> tuple[Param, ...]:
    out: list[Param] = []
    for name, value in raw.items():
        w = f"{where}.{name}"
        if not _NAME.match(name):
            raise ConfigError(f"{w}: parameter names are letters, digits and _ (starting with a letter)")
        if isinstance(value, list):
            value = {"choices": value}
        if not isinstance(value, dict):
            raise ConfigError(f"{w}: expected {{min, max, step}} or {{choices = [...]}}")
        if "choices" in value:
            _only(value, w, {"choices"})
            choices = value["choices"]
            if not isinstance(choices, list) or not choices:
                raise ConfigError(f"{w}.choices: expected a non-empty array")
            for c in choices:
                if isinstance(c, bool) or not isinstance(c, int | float | str):
                    raise ConfigError(f"{w}.choices: only numbers and strings are allowed")
            out.append(Param(name=name, choices=tuple(choices)))
            continue
        _only(value, w, {"min", "max", "step"})
        lo = _get(value, "min", (int, float), w)
        hi = _get(value, "max", (int, float), w)
        step = _get(value, "step", (int, float), w, 1)
        if step <= 0:
            raise ConfigError(f"{w}.step: must be positive, got {step}")
        if hi < lo:
            raise ConfigError(f"{w}.max: must be ≥ min ({lo}), got {hi}")
        if (hi - lo) / step > 100_000:
            raise ConfigError(f"{w}: more than 100000 values; use a larger step")
        out.append(Param(name=name, min=lo, max=hi, step=step))
    return tuple(out)
