"""Cached linters for library use (building one loads every pack)."""

from __future__ import annotations

from functools import lru_cache

from .config import Settings
from .engine import Linter


@lru_cache(maxsize=8)
def _linter(settings: Settings) -> Linter:
    return Linter(settings)


def default_linter(settings: Settings | None = None) -> Linter:
    return _linter(settings or Settings())
