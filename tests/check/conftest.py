from __future__ import annotations

from collections.abc import Iterator

import pytest

from tutor.check import warm_up
from tutor.check.bounded import shutdown


@pytest.fixture(scope="session", autouse=True)
def _checker_worker() -> Iterator[None]:
    """One worker process for the whole session (its start-up is excluded from every time bound)."""
    warm_up(block=True)
    yield
    shutdown()
