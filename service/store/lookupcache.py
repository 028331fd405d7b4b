"""A short-lived, bounded cache of token and waiver look-ups (CLEANGATE_LOOKUP_CACHE_SECONDS).

Why the bound: a gate process answers from here without asking the database, so a token or
waiver revoked through another process or replica keeps working here until its entry ages out.
Entries live at most `seconds` (the setting allows at most 5; the default 0 turns the cache
off), so revocation takes effect everywhere within that bound; in the process that revoked,
at once (the store clears its cache on every token or waiver change it makes). Only look-ups
that passed the hash-chain check are cached, so an entry never holds more than the chain
sealed; a row edited in the database is refused once its entry ages out. Invalid tokens are
never cached (the failure limiter handles guessing), so a cache cannot be filled by them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

MAX_SECONDS = 5.0
"""The documented revocation bound across replicas (docs/configuration.md)."""


class LookupCache(Generic[K, V]):
    """Least-recently-stored eviction past `size` entries; safe from the event loop and threads."""

    def __init__(self, seconds: float, size: int = 4096) -> None:
        self.seconds = min(max(0.0, seconds), MAX_SECONDS)
        self.size = size
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def get(self, key: K) -> V | None:
        if not self.enabled:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() >= entry[0]:
                del self._entries[key]
                return None
            return entry[1]

    def put(self, key: K, value: V) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
