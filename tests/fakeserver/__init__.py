"""A wire-faithful fake DeepSeek-R1 host for tests (real HTTP on 127.0.0.1). See ``FakeR1`` and ``replies``."""

from .replies import (
    CUT,
    PROVIDER_MODELS,
    STYLES,
    KeepAlive,
    Pause,
    Reply,
    bench_reply,
    chunk_text,
    error_reply,
    nonstream_reply,
    r1_reply,
)
from .samples import CUT_OFF, GENERIC, HINT, LINEAR, QUADRATIC, Sample, canned_for
from .server import FakeR1, Recorded

__all__ = [
    "FakeR1", "Recorded", "Reply", "Pause", "KeepAlive", "CUT", "STYLES", "PROVIDER_MODELS", "r1_reply",
    "nonstream_reply", "error_reply", "bench_reply", "chunk_text", "Sample", "QUADRATIC", "LINEAR", "GENERIC",
    "HINT", "CUT_OFF", "canned_for",
]
