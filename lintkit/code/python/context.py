"""What every fact extractor needs: positions, source text, settings, the index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import libcst as cst

from lintkit.code.python.index import FunctionInfo, ModuleIndex
from lintkit.code.python.names import dotted, source
from lintkit.code.python.reporting import reports, telemetry_pattern
from lintkit.code.python.traverse import walk
from lintkit.code.settings import FactSettings
from lintkit.core.types import Location


@dataclass
class Context:
    path: str
    module: cst.Module
    positions: Mapping[cst.CSTNode, Any]  # node -> libcst CodeRange
    settings: FactSettings
    index: ModuleIndex

    def loc(self, node: cst.CSTNode) -> Location:
        r = self.positions[node]
        return Location(self.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def span(self, first: cst.CSTNode, last: cst.CSTNode) -> Location:
        a, b = self.positions[first], self.positions[last]
        return Location(self.path, a.start.line, a.start.column + 1, b.end.line, b.end.column + 1)

    def text(self, node: cst.CSTNode, limit: int = 80) -> str:
        return source(self.module, node, limit)

    def resolve(self, callee: str) -> str:
        return self.index.imports.resolve(callee)

    # -- searching code a fact depends on -----------------------------------------
    def first_report(
        self, nodes: Sequence[cst.CSTNode], function: FunctionInfo | None
    ) -> Location | None:
        """Where the code first raises, logs at warning+, records telemetry or
        calls a same-module helper that does; None if it never does."""
        for node in walk(nodes):
            if isinstance(node, cst.Raise):
                return self.loc(node)
            if isinstance(node, cst.Call):
                callee = dotted(node.func)
                if reports(callee, self.resolve(callee), node, self.settings, self.index.bound):
                    return self.loc(node)
                helper = self.index.helper(callee, function)
                if helper is not None and helper in self.index.reporting:
                    return self.loc(node)
        return None

    def first_record(
        self, nodes: Sequence[cst.CSTNode], function: FunctionInfo | None
    ) -> Location | None:
        """Where the code first records telemetry (itself or through a helper)."""
        for node in walk(nodes):
            if isinstance(node, cst.Call):
                callee = dotted(node.func)
                if telemetry_pattern(callee, self.resolve(callee), self.settings, self.index.bound):
                    return self.loc(node)
                helper = self.index.helper(callee, function)
                if helper is not None and helper in self.index.emitting:
                    return self.loc(node)
        return None


def mentions(nodes: Sequence[cst.CSTNode], name: str) -> bool:
    """Whether the code reads or writes the dotted ``name`` (``key``, ``self.key``)."""
    head = name.split(".", 1)[0]
    for node in walk(nodes):
        if isinstance(node, cst.Name) and node.value == head and dotted(node) == name:
            return True
        if isinstance(node, cst.Attribute) and dotted(node) == name:
            return True
    return False
