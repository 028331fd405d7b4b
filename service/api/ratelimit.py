"""Wrong bearer tokens from one client are rate-limited, so tokens cannot be guessed at speed.

In memory, per server worker (a restart forgets; several workers each count on their own, so
the effective limit is at most workers x the setting). A client past `max_failures` wrong
tokens within `window` seconds gets 429 with Retry-After for *every* request until its oldest
counted failure leaves the window: answering a right guess normally would tell it apart.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque

MAX_CLIENTS = 10_000
"""Clients tracked at once; the least recently failing are forgotten first (bounded memory)."""


class FailureLimiter:
    def __init__(self, max_failures: int, window: float) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str, now: float) -> deque[float] | None:
        times = self._failures.get(client)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds until `client` may try again, or None if it is not limited."""
        now = time.monotonic()
        times = self._recent(client, now)
        if times is None or len(times) < self.max_failures:
            return None
        return max(1, int(times[0] + self.window - now + 0.999))

    def failed(self, client: str) -> None:
        now = time.monotonic()
        times = self._recent(client, now)
        if times is None:
            times = self._failures[client] = deque(maxlen=self.max_failures)
        times.append(now)
        self._failures.move_to_end(client)
        while len(self._failures) > MAX_CLIENTS:
            self._failures.popitem(last=False)


__all__ = ["FailureLimiter"]
