"""Fixtures for the surfaces tests: a real IPython InteractiveShell that records every display publish.

(Environment isolation — tmp XDG dirs, no probing, no keys — comes from the autouse fixture in tests/conftest.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

from tests.surfaces._helpers import RecordingPublisher


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    ip.display_pub = RecordingPublisher(shell=ip)
    ip.display_formatter.active_types = ip.display_formatter.format_types
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()


@pytest.fixture
def publisher(shell: InteractiveShell) -> RecordingPublisher:
    pub = shell.display_pub
    assert isinstance(pub, RecordingPublisher)
    return pub
