"""Keep query strings out of uvicorn's access log.

A client that sends a token by mistake as `?token=...` (or any secret in a query) would
otherwise have it written to the log in clear. The access line keeps method, path, status
and client; the query becomes `?[redacted]` so an operator still sees that one was sent.
"""

from __future__ import annotations

import logging


class RedactQuery(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn's access record: (client, method, path-with-query, http version, status)
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0] + "?[redacted]", *args[3:])
        return True


def install() -> None:
    """Idempotent: several apps in one process share the uvicorn.access logger."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactQuery) for f in logger.filters):
        logger.addFilter(RedactQuery())
