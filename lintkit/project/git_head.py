"""What the changed files were before the change: their versions at git HEAD.

With file arguments (pre-commit passes the files being committed), a
cross-file finding is reported when one of those files takes part in it. A
file can take part by what it *used* to say: deleting the only code that
emits a workflow's trigger event leaves a finding in the workflow file, and
the deleted emitter is only visible in the file's previous version. Rules read
these versions from ``Project.at_head``; files deleted since HEAD count as
changed files too.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from lintkit.project.load_file import FileResult

_GIT_TIMEOUT = 30


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """git's output, or None. Paths are NUL-separated (``-z``) and never quoted, and
    pathspecs are literal, so any file name (a newline, a quote, non-ASCII) is
    read back exactly as it is."""
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", "-c", "core.quotePath=false", *args],
            cwd=root,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},  # no index refresh: writes nothing
            input=data,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _names(out: bytes) -> list[str]:
    return [name for name in os.fsdecode(out).split("\0") if name]


def deleted_files(root: Path) -> list[str]:
    """Root-relative paths deleted (staged or not) since HEAD, under the root.

    A renamed file's old path counts as deleted (``--no-renames``): what it
    used to say is gone from there.
    """
    out = _git(
        root,
        "diff",
        "-z",
        "--name-only",
        "--no-renames",
        "--relative",
        "--diff-filter=D",
        "HEAD",
        "--",
        ".",
    )
    return sorted(_names(out)) if out else []


def head_versions(root: Path, paths: Iterable[str]) -> dict[str, bytes]:
    """Root-relative path -> its bytes at HEAD, for those that existed there."""
    wanted = set(paths)
    listing = _git(root, "ls-tree", "-r", "-z", "HEAD") if wanted else None
    if not listing:
        return {}
    objects: dict[str, str] = {}  # path -> blob id
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        path = os.fsdecode(name)
        if len(fields) == 3 and fields[1] == b"blob" and path in wanted:
            objects[path] = fields[2].decode("ascii")
    if not objects:
        return {}
    order = sorted(objects)
    # Object ids, one a line: no file name ever reaches cat-file's line-based input.
    out = _git(root, "cat-file", "--batch", data="".join(f"{objects[p]}\n" for p in order).encode())
    if out is None:
        return {}
    versions: dict[str, bytes] = {}
    position = 0
    for path in order:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<id> missing"
            continue
        size = int(header[2])
        versions[path] = out[position : position + size]
        position += size + 1
    return versions


def load_head_versions(
    root: Path, paths: Iterable[str], load: Callable[[str, bytes], FileResult]
) -> dict[str, FileResult]:
    """The HEAD versions of ``paths``, loaded like the current files."""
    return {path: load(path, data) for path, data in head_versions(root, paths).items()}
