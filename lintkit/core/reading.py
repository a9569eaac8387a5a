"""Reading a project's files: only regular files inside the root, never more than asked.

A repository lintkit checks may be hostile: a workflow that is a symlink to
``~/.aws/credentials``, a FIFO that blocks the first ``read``, ``/dev/zero``
named as a manifest. Every file lintkit reads from a project goes through
``read_inside``, which refuses them without reading a byte: the path must
resolve inside the root, and the file opened (without following a last
symlink, without blocking on a FIFO) must be a regular file.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path


class NotRead(OSError):
    """A file lintkit refuses to read; ``str`` says why, for a diagnostic."""


def inside(root: str | Path, path: str | Path) -> bool:
    """Whether ``path``, every symlink resolved, is the root or under it."""
    return _inside(_real_root(str(root)), os.path.realpath(path))


def _inside(base: str, real: str) -> bool:
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=8)
def _real_root(root: str) -> str:
    # Resolved once a run, not once a file: a project root does not move while
    # lintkit reads it (a root swapped for a symlink meanwhile is not defended).
    return os.path.realpath(root)


def read_inside(
    root: str | Path, path: str | Path, limit: int = -1, head: int = 0
) -> tuple[bytes, int]:
    """(the file's bytes, its size); of a file over ``limit`` bytes (-1: no limit),
    only the first ``head`` bytes.

    ``path`` is absolute or relative to ``root``. Raises ``NotRead`` for a file
    that resolves outside the root or is not a regular file, ``OSError`` when
    it cannot be read.
    """
    real = os.path.realpath(os.path.join(root, path))
    if not _inside(_real_root(str(root)), real):
        raise NotRead("a symlink to outside the project root; not read")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRead(f"not a regular file ({_kind(info.st_mode)}); not read")
        if 0 <= limit < info.st_size:
            return handle.read(head), info.st_size
        data = handle.read(info.st_size + 1 if limit < 0 else min(info.st_size, limit) + 1)
        return data, max(info.st_size, len(data))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a directory" if stat.S_ISDIR(mode) else "not a file"
