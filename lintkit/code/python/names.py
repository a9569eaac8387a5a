"""Dotted names of libcst expressions, and imports that give them a full name."""

from __future__ import annotations

from typing import Any

import libcst as cst

from lintkit.code.model import last_segment
from lintkit.code.python.dotted import CALL_MARK, ITEM_MARK, join, package_of, relative
from lintkit.code.python.dotted import resolve as resolve_name

__all__ = ["CALL_MARK", "ITEM_MARK", "Imports", "dotted", "last_segment", "source"]


def dotted(node: cst.BaseExpression) -> str:
    """``self.billing.cancel`` for an attribute chain; "" when it is not a name.

    A call or subscript inside the chain keeps a mark, so
    ``structlog.get_logger().warning`` stays recognisable as a logger call.
    """
    parts: list[str] = []
    while True:
        if isinstance(node, cst.Name):
            parts.append(node.value)
            break
        if isinstance(node, cst.Attribute):
            parts.append(node.attr.value)
            node = node.value
        elif isinstance(node, cst.Call):
            parts.append(CALL_MARK)
            node = node.func
        elif isinstance(node, cst.Subscript):
            parts.append(ITEM_MARK)
            node = node.value
        elif isinstance(node, cst.Await):
            node = node.expression
        else:
            return ""
    return join(reversed(parts))


class Imports:
    """What each imported local name stands for, resolved to a dotted path."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.package = package_of(module, is_package)
        self.names: dict[str, str] = {}
        self.stars: list[str] = []  # modules of `from X import *`

    def add(self, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.names[alias.asname.name.value] = full
                else:
                    head = full.split(".", 1)[0]
                    self.names.setdefault(head, head)
            return
        base = dotted(node.module) if node.module is not None else ""
        if node.relative:
            base = relative(self.package, len(node.relative), base)
        if isinstance(node.names, cst.ImportStar):
            if base:
                self.stars.append(base)
            return
        for alias in node.names:
            name = dotted(alias.name)
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.names[local] = f"{base}.{name}" if base else name

    def resolve(self, name: str) -> str:
        """``getenv`` -> ``os.getenv`` after ``from os import getenv``."""
        return resolve_name(self.names, name)

    def items(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.names.items()))


def source(module: cst.Module, node: Any, limit: int = 80) -> str:
    """A node's source text on one line, shortened for messages."""
    text = " ".join(module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
