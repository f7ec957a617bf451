"""r1-tutor: a math and science tutor for Jupyter, backed by DeepSeek-R1, checked by SymPy.

The public API is exactly ``__all__``; everything else is private. Names are imported lazily so that
``%load_ext tutor`` and ``import tutor`` stay fast (SymPy, httpx and ipywidgets load on first use).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # asking the tutor
    "ask": "tutor.ask",
    "AskRequest": "tutor.backend",
    "TutorResult": "tutor.result",
    "load_settings": "tutor.config",
    # checking answers
    "check": "tutor.check",
    "preview": "tutor.check",
    "extract_answer": "tutor.check",
    "Verdict": "tutor.check",
    # offline tutor and verification
    "solve": "tutor.offline",
    "verify": "tutor.verify",
    # self-study
    "practice": "tutor.selfstudy",
    # errors
    "TutorError": "tutor.errors",
    # Jupyter hooks
    "load_ipython_extension": "tutor.magics",
    "unload_ipython_extension": "tutor.magics",
    "_jupyter_labextension_paths": "tutor._labext",
}

__all__ = sorted([*(n for n in _EXPORTS if not n.startswith("_")), "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tutor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """Importing a submodule such as ``tutor.check`` binds it on the package, shadowing the public function of the
    same name; keep the function, so ``tutor.check(...)`` works whatever was imported before
    (``from tutor.check import parse_math`` still reaches the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
