"""The dotted names a Python file may be imported by.

A module's dotted name depends on where its import root is, which a file's path
alone does not say: `src/app/retention.py` is `app.retention` in a src layout,
`services/api/app/x.py` is `app.x` when `services/api` is what runs. Every
directory that is not a regular package (has no `__init__.py`) can be an import
root, so a module answers to its path from each of them; its canonical name (for
messages) is taken from the first directory above its top-level package, else
from the nearest `src/`, else from the project root. Inside a regular package
the name is unambiguous: `retention` alone does not name `app/retention.py` when
`app/__init__.py` exists.
"""

from __future__ import annotations

from collections.abc import Iterable


def module_name(path: str) -> str:
    """The dotted name a module's own facts carry, from its path alone:
    'app/retention.py' -> 'app.retention'; 'app/__init__.py' -> 'app'."""
    parts = path[: -len(".py")].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_names(
    path: str, packages: set[str], memo: dict[str, tuple[tuple[int, ...], int]] | None = None
) -> tuple[str, tuple[str, ...]]:
    """(canonical dotted name, every dotted name it may be imported by) of a .py path.

    ``memo`` keeps the import roots of each directory across calls."""
    directory, _, file = path.rpartition("/")
    found = memo.get(directory) if memo is not None else None
    if found is None:
        found = _roots(directory, packages)
        if memo is not None:
            memo[directory] = found
    roots, top = found
    dirs = directory.split("/") if directory else []
    name_parts = dirs if file == "__init__.py" else [*dirs, file[: -len(".py")]]
    names = tuple(
        dict.fromkeys(".".join(name_parts[k:]) for k in reversed(roots) if name_parts[k:])
    )
    canonical = ".".join(name_parts[top:]) or (names[0] if names else "")
    return canonical, names


def _roots(directory: str, packages: set[str]) -> tuple[tuple[int, ...], int]:
    """For a directory: how many of its parts each possible import root spans (every
    ancestor that is not a regular package), and the canonical one: above the top
    package of a regular package, else the nearest `src/`, else the project root."""
    dirs = directory.split("/") if directory else []
    prefixes = ["/".join(dirs[:k]) for k in range(len(dirs) + 1)]
    roots = tuple(k for k in range(len(dirs) + 1) if k == 0 or prefixes[k] not in packages)
    if dirs and directory in packages:
        top = len(dirs)
        while top > 0 and prefixes[top] in packages:
            top -= 1
    else:
        top = max((i + 1 for i, d in enumerate(dirs) if d == "src"), default=0)
    return roots, top


def packages_of(paths: Iterable[str]) -> set[str]:
    """Directories with an `__init__.py`: regular packages."""
    return {p.rsplit("/", 1)[0] if "/" in p else "" for p in paths if p.endswith("__init__.py")}
