"""What a dialect provides. Registered under the ``lintkit.dialects`` entry point.

The engine offers each candidate file to the dialects in turn:

1. ``sniff(path, text)`` - a cheap text test, before any parsing: could this
   file be one of mine? Files no dialect sniffs are skipped unparsed (unless the
   config's ``workflows`` globs name them, which makes them must-be-workflows).
2. ``claims(doc)`` - on the parsed document: is it mine?
3. ``load(doc, settings)`` - the IR, plus load problems ("schema", "condition").

A dialect never reports diagnostics itself; rules turn its problems into them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.metadata import entry_points
from typing import Any, ClassVar

from lintkit.core.types import Problem
from lintkit.documents.parse import Document
from lintkit.plugins.option import Option
from lintkit.workflow.ir import Workflow


class Dialect:
    name: ClassVar[str]
    description: ClassVar[str] = ""
    # file names the dialect may read; the engine discovers these
    suffixes: ClassVar[tuple[str, ...]] = (".yaml", ".yml", ".json")
    options: ClassVar[tuple[Option, ...]] = ()

    def sniff(self, path: str, text: str) -> bool:
        raise NotImplementedError

    def claims(self, doc: Document) -> bool:
        raise NotImplementedError

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]:
        raise NotImplementedError


DIALECT_GROUP = "lintkit.dialects"


@cache
def load_dialects() -> tuple[Any, ...]:
    """Dialect instances, in a stable order (entry point name)."""
    dialects = []
    for ep in sorted(entry_points(group=DIALECT_GROUP), key=lambda e: e.name):
        dialects.append(ep.load()())
    return tuple(dialects)
