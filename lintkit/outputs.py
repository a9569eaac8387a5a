"""Where ``--output``, ``--report`` and ``schema --output`` may write.

A report replaces the file it is written to. lintkit writes to a file that does
not exist, an empty one, a FIFO or device (``/dev/stdout``), or one it wrote
itself before (the same path with the same content, recorded per user beside
the cache's signing key); it refuses a file git tracks and any other file with
content, unless ``--force-output``. A name planted in a repository
(``--output=setup.py``) or a slip of the hand then loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path

from lintkit.project.cache import user_cache_dir

_RECORD = "outputs.json"
_KEPT = 200  # paths remembered; the oldest are forgotten first


class RefusedOutput(Exception):
    """A file the report must not replace; the message says why and what to do."""


def check_writable(path: Path) -> None:
    """Raise ``RefusedOutput`` if writing the report to ``path`` could lose something."""
    try:
        info = path.stat()
    except OSError:
        return  # nothing there (or nothing we can see): opening it will tell
    if not stat.S_ISREG(info.st_mode):
        return  # a FIFO, a terminal, /dev/stdout: no content to lose
    if _tracked(path):
        raise RefusedOutput(
            f"{path} is tracked by git; not overwritten (--force-output to replace it)"
        )
    if info.st_size and _recorded().get(_key(path)) != _digest(path):
        raise RefusedOutput(
            f"{path} exists and is not a report lintkit wrote; not overwritten"
            " (--force-output to replace it)"
        )


def written(path: Path) -> None:
    """Remember that lintkit wrote ``path`` (its content now), so a later run may replace it."""
    digest = _digest(path)
    if digest is None:
        return
    record = _recorded()
    record.pop(_key(path), None)
    record[_key(path)] = digest
    kept = dict(list(record.items())[-_KEPT:])
    target = user_cache_dir() / _RECORD
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{_RECORD}.{os.getpid()}")
        temporary.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temporary, target)


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _digest(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _recorded() -> dict[str, str]:
    try:
        data = json.loads((user_cache_dir() / _RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _tracked(path: Path) -> bool:
    """Whether git tracks ``path`` (False without git or outside a repository)."""
    real = Path(os.path.realpath(path))
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", "ls-files", "-z", "--error-unmatch", "--", real.name],
            cwd=real.parent,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
