"""Where evidence files come from, and the one place that decides what may be read.

A manifest names files by relative path; the CLI reads them from disk (`DirectorySource`), the
API from the request's uploaded parts (`MemorySource`). Either way a name that escapes the allowed
directory, a symlink leading out of it, something that is not a regular file (a FIFO, /dev/zero)
or a file over the size limit is refused with a reason, before a byte is read.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Literal

Origin = Literal["manifest", "directory", "upload"]


class Unavailable(Exception):
    """The file cannot be checked; `reachable` False means it is simply not there (declared only)."""

    def __init__(self, why: str, *, reachable: bool = True) -> None:
        super().__init__(why)
        self.why = why
        self.reachable = reachable


def normalise(name: str) -> str:
    """A relative POSIX name without `.`/`..` segments, or Unavailable if it leaves its root."""
    if not name or "\x00" in name:
        raise Unavailable(f"{name!r} is not a usable file name")
    unixy = name.replace("\\", "/")
    if unixy.startswith("/") or (len(unixy) > 1 and unixy[1] == ":"):
        raise Unavailable(f"{name!r} is an absolute path; evidence paths are relative to the manifest")
    clean = posixpath.normpath(unixy)
    if clean == ".." or clean.startswith("../"):
        raise Unavailable(f"{name!r} leads outside the allowed evidence directory")
    return clean


class EvidenceSource(ABC):
    """Files a verifier may read. Names are relative; every method refuses what it must not read."""

    origin: Origin

    @abstractmethod
    def names(self, limit: int) -> list[str]:
        """Every file offered as evidence (for a directory or an upload), at most `limit`."""

    @abstractmethod
    def size(self, name: str) -> int:
        """Size of a readable regular file, or Unavailable."""

    @abstractmethod
    def open(self, name: str) -> BinaryIO:
        """A binary stream of the file (call `size` first to apply limits)."""

    @abstractmethod
    @contextmanager
    def directory(self, name: str, max_files: int, max_bytes: int) -> Iterator[Path]:
        """A real directory holding `name`'s files (a model directory), checked file by file."""


class DirectorySource(EvidenceSource):
    """Files under `root` on disk; names resolve against `base` (the manifest's folder) inside `root`."""

    def __init__(self, root: Path, base: Path | None = None, origin: Origin = "manifest") -> None:
        self.root = root.resolve()
        self.base = (base or root).resolve()
        self.origin = origin

    def _resolve(self, name: str) -> Path:
        relative_base = os.path.relpath(self.base, self.root)
        if name.replace("\\", "/").startswith("/") or "\x00" in name:
            normalise(name)  # raises the absolute-path / bad-name reason
        try:
            joined = normalise(posixpath.join(relative_base.replace(os.sep, "/"), name.replace("\\", "/")))
        except Unavailable:
            raise Unavailable(f"{name!r} leads outside the allowed evidence directory {self.root}") from None
        candidate = self.root / joined
        real = Path(os.path.realpath(candidate))
        if real != self.root and self.root not in real.parents:
            raise Unavailable(f"{name!r} resolves outside the allowed evidence directory {self.root}")
        return real

    def size(self, name: str) -> int:
        path = self._resolve(name)
        try:
            info = path.stat()
        except FileNotFoundError:
            raise Unavailable(f"{name!r} does not exist", reachable=False) from None
        except OSError as exc:
            raise Unavailable(f"{name!r} cannot be read: {exc.strerror or exc}") from None
        if not stat.S_ISREG(info.st_mode):
            raise Unavailable(f"{name!r} is not a regular file")
        return info.st_size

    def open(self, name: str) -> BinaryIO:
        path = self._resolve(name)
        # Non-blocking and checked again on the open descriptor: a file swapped for a FIFO or a
        # device after `size()` must not block the gate or stream /dev/zero into it.
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise Unavailable(f"{name!r} cannot be read: {exc.strerror or exc}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise Unavailable(f"{name!r} is not a regular file")
        return os.fdopen(fd, "rb")

    def names(self, limit: int) -> list[str]:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.base, followlinks=False):
            dirnames.sort()
            for filename in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, filename), self.base).replace(os.sep, "/")
                found.append(rel)
                if len(found) > limit:
                    return found
        return found

    @contextmanager
    def directory(self, name: str, max_files: int, max_bytes: int) -> Iterator[Path]:
        path = self._resolve(name)
        if not path.is_dir():
            if path.is_file():
                yield path
                return
            raise Unavailable(f"{name!r} is not a directory", reachable=path.exists())
        count, total = 0, 0
        for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
            for entry in [*dirnames, *filenames]:
                full = Path(dirpath) / entry
                if full.is_symlink():
                    raise Unavailable(f"{name!r} contains a symbolic link ({full.relative_to(path)})")
            for filename in filenames:
                info = (Path(dirpath) / filename).lstat()
                if not stat.S_ISREG(info.st_mode):
                    raise Unavailable(f"{name!r} contains something that is not a regular file ({filename})")
                count, total = count + 1, total + info.st_size
                if count > max_files or total > max_bytes:
                    raise Unavailable(f"{name!r} holds more than {max_files} files or {max_bytes} bytes")
        yield path


class MemorySource(EvidenceSource):
    """Files uploaded with the request (multipart `evidence` parts), keyed by normalised name."""

    origin: Origin = "upload"

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = {normalise(k): v for k, v in files.items()}

    def _get(self, name: str) -> bytes:
        key = normalise(name)
        if key not in self.files:
            raise Unavailable(f"{name!r} was not uploaded with the request", reachable=False)
        return self.files[key]

    def names(self, limit: int) -> list[str]:
        return sorted(self.files)[: limit + 1]

    def size(self, name: str) -> int:
        return len(self._get(name))

    def open(self, name: str) -> BinaryIO:
        return io.BytesIO(self._get(name))

    @contextmanager
    def directory(self, name: str, max_files: int, max_bytes: int) -> Iterator[Path]:
        key = normalise(name)
        if key in self.files:
            members = {posixpath.basename(key): self.files[key]}
        else:
            prefix = key.rstrip("/") + "/"
            members = {k[len(prefix):]: v for k, v in self.files.items() if k.startswith(prefix)}
        if not members:
            raise Unavailable(f"{name!r} was not uploaded with the request", reachable=False)
        if len(members) > max_files or sum(map(len, members.values())) > max_bytes:
            raise Unavailable(f"{name!r} holds more than {max_files} files or {max_bytes} bytes")
        with tempfile.TemporaryDirectory(prefix="cleangate-evidence-") as tmp:
            root = Path(tmp) / "model"
            for rel, data in members.items():
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            yield root / posixpath.basename(key) if key in self.files else root
