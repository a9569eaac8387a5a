"""How Go names its modules: by package directory."""

from __future__ import annotations

from pathlib import PurePosixPath


def package_names(path: str) -> tuple[str, tuple[str, ...]]:
    """A Go package is its directory: every file of ``apps/api/context/v3`` is the
    module ``apps.api.context.v3``, also named by its path ``apps/api/context/v3``
    (how Go code imports it), so a handler may say either."""
    directory = PurePosixPath(path).parent.as_posix()
    if directory == ".":
        return "", ("",)
    dotted = directory.replace("/", ".")
    return dotted, (dotted, directory)
