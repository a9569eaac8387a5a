"""What a dialect provides. Registered under the ``lintkit.dialects`` entry point.

The engine offers each candidate file to the dialects in turn, highest
``priority`` first:

1. ``sniff(path, text)`` - a cheap text test, before any parsing: could this
   file be one of mine? Files no dialect sniffs are skipped unparsed (unless the
   config's ``workflows`` globs name them, which makes them must-be-workflows).
2. ``claims(doc)`` - on the parsed document: is it mine?
3. ``load(doc, settings)`` - the IR, plus load problems ("schema", "condition").

Documents are YAML/JSON parsed by lintkit, unless the dialect is also a
``SourceDialect`` for the file's suffix: then ``read_source`` turns the file
(source code, such as PostHog's ``hogFlow({...})`` TypeScript) into documents
itself. Such a file may also be code a language extractor reads: the engine
offers it to the dialects first, and to the extractor when none claims it.

A dialect never reports diagnostics itself; rules turn its problems into them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, NamedTuple, Protocol, runtime_checkable

from lintkit.core.types import Problem
from lintkit.documents.parse import Document, Limits
from lintkit.documents.suppressions import Suppression
from lintkit.plugins.entrypoints import blame, group
from lintkit.plugins.option import Option
from lintkit.workflow.ir import Sym, Workflow

DIALECT_GROUP = "lintkit.dialects"


@runtime_checkable
class Dialect(Protocol):
    """A workflow format. A dialect may inherit this class for its defaults."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    # Documents are offered to the dialects by descending priority; the first
    # that claims one reads it. lintkit's: hogflow 30, native 20, stepfunctions 10.
    priority: ClassVar[int]
    # file names the dialect may read; the engine discovers these
    suffixes: ClassVar[tuple[str, ...]] = (".yaml", ".yml", ".json")
    options: ClassVar[tuple[Option, ...]] = ()

    def sniff(self, path: str, text: str) -> bool: ...

    def claims(self, doc: Document) -> bool: ...

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]: ...


class Source(NamedTuple):
    """What a ``SourceDialect`` reads of one file."""

    documents: list[Document]
    problems: list[Problem]
    suppressions: list[Suppression]
    # events the file declares (PostHog's eventDefinition): the project's event catalogue
    events: list[Sym]


@runtime_checkable
class SourceDialect(Protocol):
    """A dialect that reads its files of ``source_suffixes`` itself (not as YAML/JSON)."""

    source_suffixes: ClassVar[tuple[str, ...]]

    def read_source(self, path: str, data: bytes, limits: Limits) -> Source:
        """The file's documents, its problems ("syntax" when it does not parse) and
        its `lintkit: ignore` comments. Bounded by ``limits``; never runs the file."""
        ...


@dataclass(frozen=True)
class Dialects:
    """The dialects that loaded, by precedence, and what went wrong with the others."""

    found: tuple[Dialect, ...]
    errors: tuple[str, ...]


@cache
def dialect_plugins() -> Dialects:
    """Every ``lintkit.dialects`` entry point, instantiated; one that fails to
    import or to instantiate, or is no dialect, is reported and left out."""
    found: list[Dialect] = []
    errors: list[str] = []
    for ep in group(DIALECT_GROUP):
        try:
            dialect = ep.load()()
        except Exception as err:  # a broken plugin must not stop the others
            errors.append(f"{blame('dialect', ep)} failed to load: {type(err).__name__}: {err}")
            continue
        if any(type(other) is type(dialect) for other in found):
            continue  # the same class twice: one package installed under two names
        problem = _invalid(dialect, found)
        if problem:
            errors.append(f"{blame('dialect', ep)}: {problem}")
        else:
            found.append(dialect)
    found.sort(key=lambda d: (-d.priority, d.name))
    return Dialects(tuple(found), tuple(errors))


def _invalid(dialect: object, found: list[Dialect]) -> str | None:
    if not isinstance(dialect, Dialect):
        return f"{dialect!r} is not a lintkit Dialect (name, priority, sniff, claims, load)"
    if not isinstance(dialect.name, str) or not dialect.name:
        return f"{type(dialect).__name__} declares no name"
    if not isinstance(dialect.priority, int):
        return f"{type(dialect).__name__}: priority {dialect.priority!r} is not an integer"
    for other in found:
        if other.name == dialect.name:
            return f"dialect name {dialect.name!r} is already taken by {type(other).__module__}"
    return None


def load_dialects() -> tuple[Dialect, ...]:
    """The dialects, by precedence: highest ``priority`` first, then by name."""
    return dialect_plugins().found
