"""Pause Python's cyclic garbage collector while one manifest is parsed and judged.

Loading a large manifest allocates hundreds of thousands of container objects (the parsed tree,
two pydantic validations, the input JSON) that all stay alive until the decision is built, so
the collector's generational passes keep re-walking a growing heap for nothing: at 10,000
datasets the pydantic phase took 2.0 s with the collector on and 0.6 s with it paused
(docs/performance.md). Almost nothing an evaluation allocates is cyclic garbage, and the
collector is re-enabled as soon as the outermost pause ends, so memory stays bounded by the
evaluation itself. Pauses nest and may overlap across threads: the collector runs again only
when the last one ends, and is left alone if something else had disabled it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
