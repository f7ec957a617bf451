"""Surfaces that render a ``TutorResult``: the MIME bundle, the live notebook renderer, the terminal renderer."""

from __future__ import annotations

from .bundle import TutorDisplay, to_bundle
from .live import LiveRenderer
from .terminal import TerminalRenderer

__all__ = ["LiveRenderer", "TerminalRenderer", "TutorDisplay", "to_bundle"]
