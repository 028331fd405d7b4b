"""Connection limits the HTTP server itself enforces, so idle sockets cannot pin the gate.

uvicorn closes a keep-alive connection that idles *after* a response, but not one that never
sends a request, nor one whose request headers never finish: 1,100 of those exhausted the
common 1,024 open-files limit and /healthz stopped answering (issue 13). `GateH11Protocol`
closes any connection that has no request in progress for CLEANGATE_IDLE_TIMEOUT_SECONDS;
stalled bodies are cut by service/api/bodylimit.py; CLEANGATE_MAX_CONNECTIONS is uvicorn's
`limit_concurrency` (past it, an immediate 503); and `raise_open_files_limit` lifts the
soft RLIMIT_NOFILE towards the hard limit so that many connections fit at all.

`GateH11Protocol` also turns Nagle's algorithm off (TCP_NODELAY) on every accepted connection.
asyncio does that itself only for sockets created with proto IPPROTO_TCP; with `--workers 2`
or more uvicorn binds the listening socket with proto 0 and hands it to the workers, so the
accepted sockets kept Nagle on, the body write waited for the client's delayed ACK, and every
response took ~44 ms instead of ~0.5 ms (issue 16).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import socket
import sys
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("cleangate.api")

FILES_PER_WORKER_OVERHEAD = 256
"""Open files a worker needs beside its connections: database, pipes, policy files, logs."""


@functools.cache
def idle_timeout() -> float:
    """CLEANGATE_IDLE_TIMEOUT_SECONDS (default 10), read once per process (uvicorn builds the
    protocol from an importable class, so the value travels in the environment)."""
    from service.settings import Settings

    return Settings().idle_timeout_seconds


class GateH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus: no request in progress for the idle timeout -> closed."""

    _idle_handle: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
        self._arm_idle()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._idle_handle is not None:
            self._idle_handle.cancel()
            self._idle_handle = None
        super().connection_lost(exc)

    def _arm_idle(self) -> None:
        if self._idle_handle is not None:
            self._idle_handle.cancel()
        self._idle_handle = self.loop.call_later(idle_timeout(), self._idle_expired)

    def _idle_expired(self) -> None:
        self._idle_handle = None
        cycle: Any = self.cycle
        in_progress = cycle is not None and not cycle.response_complete
        if in_progress or self.transport.is_closing():
            return  # a request is being served: the body timeout and the time budget apply
        self.transport.close()


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Send small writes at once (TCP_NODELAY) on a TCP connection; whether the option is now on.

    Done per connection because the listening socket may come from elsewhere (uvicorn's
    multi-worker supervisor, `--fd`, a process manager), and asyncio skips sockets whose
    proto is 0. Unix sockets have no Nagle algorithm and are left alone.
    """
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the peer already hung up: nothing left to speed up
        return False
    return True


def raise_open_files_limit(needed: int) -> int:
    """Raise the soft open-files limit to `needed` (at most the hard limit); the resulting soft
    limit. Below `needed`, the server still starts but logs what to raise (docs/configuration.md)."""
    if not sys.platform.startswith(("linux", "darwin")):
        return needed
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY and soft < needed:
        log.warning("open-files limit %d is below the %d CLEANGATE_MAX_CONNECTIONS needs; raise `ulimit -n`",
                    soft, needed)
    return soft if soft != resource.RLIM_INFINITY else needed


def files_needed(max_connections: int) -> int:
    return max_connections + FILES_PER_WORKER_OVERHEAD


__all__ = ["GateH11Protocol", "files_needed", "idle_timeout", "raise_open_files_limit", "set_nodelay"]
