"""Waiting in a test for something another process does, with a deadline that fails the test."""

from __future__ import annotations

import time


def wait_until(condition, what: str, *, seconds: float) -> None:
    """Return once `condition()` holds; fail, naming `what`, if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds}s for {what}"
        time.sleep(0.05)
