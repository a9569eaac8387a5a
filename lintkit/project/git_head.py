"""What the changed files were before the change: their versions at git HEAD.

With file arguments (pre-commit passes the files being committed), a
cross-file finding is reported when one of those files takes part in it. A
file can take part by what it *used* to say: deleting the only code that
emits a workflow's trigger event leaves a finding in the workflow file, and
the deleted emitter is only visible in the file's previous version. Rules read
these versions from ``Project.baseline``; files deleted since HEAD count as
changed files too.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from lintkit.project.files import FileResult

_GIT_TIMEOUT = 30


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            input=data,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_prefix(root: Path) -> str | None:
    """The project root's path inside its git work tree ("" at the top), or None."""
    out = _git(root, "rev-parse", "--show-prefix")
    return None if out is None else out.decode("utf-8", "replace").strip()


def deleted_files(root: Path) -> list[str]:
    """Root-relative paths deleted (staged or not) since HEAD, under the root."""
    out = _git(root, "diff", "--name-only", "--relative", "--diff-filter=D", "HEAD", "--", ".")
    if not out:
        return []
    return sorted(line for line in out.decode("utf-8", "replace").splitlines() if line)


def head_versions(root: Path, paths: Iterable[str]) -> dict[str, bytes]:
    """Root-relative path -> its bytes at HEAD, for those that existed there."""
    prefix = git_prefix(root)
    wanted = sorted(set(paths))
    if prefix is None or not wanted:
        return {}
    request = "".join(f"HEAD:{prefix}{path}\n" for path in wanted).encode()
    out = _git(root, "cat-file", "--batch", data=request)
    if out is None:
        return {}
    versions: dict[str, bytes] = {}
    position = 0
    for path in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<name> missing"
            continue
        size = int(header[2])
        versions[path] = out[position : position + size]
        position += size + 1
    return versions


def load_baseline(
    root: Path, paths: Iterable[str], load: Callable[[str, bytes], FileResult]
) -> dict[str, FileResult]:
    """The HEAD versions of ``paths``, loaded like the current files."""
    return {path: load(path, data) for path, data in head_versions(root, paths).items()}
