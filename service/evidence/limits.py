"""How much evidence checking one request may cost: per file, per request, in time.

Hostile evidence (a 2 GB file, a symlink to /dev/zero, thousands of uploads) must end in a finding
or a 4xx, never in a hang. Sizes are checked with stat before a byte is read; hashing checks the
deadline between chunks. c2pa-python's native reader cannot be interrupted, so samples have a
much smaller size limit than hashed artefacts: what it is given is bounded by that limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EvidenceLimits:
    max_sample_bytes: int = 50 * 1024 * 1024
    """A C2PA sample larger than this is refused (state failed) without being read."""
    max_artifact_bytes: int = 1024 * 1024 * 1024
    """A file to hash (weights, snapshots) larger than this is reported unverified, not read."""
    max_files: int = 64
    """Files checked per request (samples + artefacts + model-signature files)."""
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    """Bytes read per request across every file."""
    max_seconds: float = 60.0
    """Wall-clock budget per request; checks still pending when it runs out are reported unverified."""
    max_model_files: int = 10_000
    """Files in one signed model directory."""


@dataclass
class Budget:
    """What is left of one request's limits; verifiers charge it before reading."""

    limits: EvidenceLimits
    started: float = field(default_factory=time.monotonic)
    files: int = 0
    bytes_read: int = 0
    reached: list[str] = field(default_factory=list)

    def expired(self) -> bool:
        return time.monotonic() - self.started > self.limits.max_seconds

    def take_file(self, size: int) -> str | None:
        """Charge one file of `size` bytes; None if allowed, else why not (and remembered)."""
        if self.expired():
            return self._reach(f"the evidence time limit of {self.limits.max_seconds:g} s was reached")
        if self.files + 1 > self.limits.max_files:
            return self._reach(f"more than {self.limits.max_files} evidence files in one request")
        if self.bytes_read + size > self.limits.max_total_bytes:
            return self._reach(f"more than {self.limits.max_total_bytes} evidence bytes in one request")
        self.files += 1
        self.bytes_read += size
        return None

    def _reach(self, why: str) -> str:
        if why not in self.reached:
            self.reached.append(why)
        return why
