"""The secret reads of a module, with those through another module confirmed.

A module's facts hold reads through a function imported from another module
(``SecretRead.via``: ``get_string("SECRET_KEY", "...")``) before anyone knows
whether that function reads the environment. The project index does: the read
counts when the function is a reader (``Function.reader``) that takes the name
first; its default counts when the reader's signature puts its default where
the call gave one (second, or by the keyword ``default``/``fallback``); and a
reader that records something itself (a log line) reports its fallbacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lintkit.code.model import SecretRead
from lintkit.project.index import ProjectIndex
from lintkit.project.view import Project

_DEFAULT_KEYWORDS = ("default", "fallback")


def secret_reads(index: ProjectIndex, reads: Iterable[SecretRead]) -> Iterator[SecretRead]:
    for read in reads:
        if read.via is None:
            yield read
            continue
        target = index.function_named(read.via)
        function = target.function if target is not None else None
        signature = function.reader if function is not None else None
        if function is None or signature is None:
            continue  # not a reader of the project: an ordinary call
        parameters = [p.lstrip("*") for p in function.parameters]
        if function.class_name and parameters[:1] in (["self"], ["cls"]):
            parameters = parameters[1:]
        if parameters[:1] != [signature.name]:
            continue
        default = signature.default
        if default is None or not (parameters[1:2] == [default] or default in _DEFAULT_KEYWORDS):
            yield read._replace(fallback=None)
        elif function.records:
            yield read._replace(reported=True, reported_by=function.location)
        else:
            yield read


def project_reads(project: Project, *, every: bool = False) -> Iterator[tuple[str, SecretRead]]:
    """(path, read) of every secret read of the modules the user asked about (with
    ``every``: of all modules), confirmed; from the outlines, no module's full facts
    are read."""
    for path, outline in project.outlines.items():
        if outline.module is None or not outline.module.reads:
            continue
        if every or project.asks(path):
            for read in secret_reads(project.index, outline.module.secret_reads):
                yield path, read
