"""Module names of TypeScript/JavaScript files, and what an import specifier names.

A file's canonical name is its path without the suffix, dotted
(``apps/web/lib/analytics.ts`` -> ``apps.web.lib.analytics``; an ``index`` file
names its directory). Bundlers map aliases (``@/lib/analytics``, ``~/lib/...``)
to a directory lintkit does not read (``tsconfig.json`` ``paths``), so every tail
of the name is an alias too (``lib.analytics``), ranked after the canonical name:
an import resolves to the file whose path ends with what it names.
"""

from __future__ import annotations

from pathlib import PurePosixPath

SUFFIXES = (".tsx", ".ts", ".jsx", ".js", ".mts", ".cts", ".mjs", ".cjs")
_ALIAS_PREFIXES = ("@/", "~/", "#/", "$lib/", "src/")


def strip_suffix(path: str) -> str:
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    if path.endswith(".d"):  # types.d.ts
        path = path[:-2]
    return path


def module_name(path: str) -> str:
    """``apps/web/lib/analytics.ts`` -> ``apps.web.lib.analytics``."""
    stem = strip_suffix(path)
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem.replace("/", ".")


def module_names(path: str) -> tuple[str, tuple[str, ...]]:
    """The canonical name and every name an import may give the file."""
    name = module_name(path)
    parts = name.split(".")
    return name, tuple(".".join(parts[i:]) for i in range(len(parts)))


def import_target(importer: str, specifier: str) -> str:
    """What ``import ... from specifier`` in the file ``importer`` names, dotted:
    a module of the project for a relative or aliased specifier, else the package
    (``posthog-js``, ``@segment/analytics-next`` -> ``@segment.analytics-next``)."""
    if specifier.startswith("."):
        base = PurePosixPath(importer).parent
        parts = list(base.parts)
        for piece in specifier.split("/"):
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece not in (".", ""):
                parts.append(piece)
        return module_name("/".join(parts))
    for prefix in _ALIAS_PREFIXES:
        if specifier.startswith(prefix):
            return module_name(specifier[len(prefix) :])
    return strip_suffix(specifier).replace("/", ".")
