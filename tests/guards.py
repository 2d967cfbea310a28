"""Call counters for the scale guards: large inputs are checked by counting calls, never by timing."""

from __future__ import annotations

import pytest


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Wrap owner.name so that each call is counted; the count is the list's one item."""
    calls = [0]
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
