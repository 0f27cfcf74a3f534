from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from stub import Stub  # noqa: E402

from wecom_fleet import Fleet, RetryPolicy  # noqa: E402


class Sleeps(list):  # type: ignore[type-arg]
    """A `sleep` that records how long it was asked to wait, and returns at once."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def policy(sleeps: Sleeps, **overrides: Any) -> RetryPolicy:
    options: Any = {"max_retries": 2, "max_retry_wait": 60.0, "sleep": sleeps, "async_sleep": sleeps.async_sleep}
    options.update(overrides)
    return RetryPolicy(**options)


@pytest.fixture
def fleet(stub: Stub, sleeps: Sleeps) -> Iterator[Fleet]:
    client = Fleet(stub.url, api_key="fk_test", retry_policy=policy(sleeps), timeout=5)
    try:
        yield client
    finally:
        client.close()
