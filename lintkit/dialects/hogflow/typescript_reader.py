"""A definitions file -> its documents (``hogFlow``) and declared events (``eventDefinition``).

Parsed with tree-sitter (imported with this module, so only when a ``.ts``
definitions file is read) and never run; see ``lintkit.dialects.hogflow.typescript``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from lintkit.core.types import Location, Problem
from lintkit.dialects.hogflow.typescript import API_KEYS, EVENT_DEFINITION, HOG_FLOW, Definition
from lintkit.documents.opaque import unreadable
from lintkit.documents.parse import Document, JsonPath, Limits
from lintkit.documents.suppressions import Suppression
from lintkit.documents.treesitter import (
    ParseTimeout,
    Positions,
    first_error,
    parse,
    suppressions,
)
from lintkit.documents.typescript_literals import Module, Reader, unwrap
from lintkit.workflow.ir import Sym


@dataclass
class Read:
    """What one definitions file gives."""

    documents: list[Document]
    problems: list[Problem]
    suppressions: list[Suppression]
    events: list[Sym]  # the events its eventDefinition declares


def read(path: str, data: bytes, limits: Limits) -> Read:
    """The definition a ``.ts`` file exports by default, if it is a known one."""
    found = Read([], [], [], [])
    positions = Positions(path, data)
    try:
        tree = parse("typescript", data)
    except ParseTimeout as err:
        found.problems.append(_problem(positions, None, f"TypeScript not read: {err}"))
        return found
    found.suppressions = suppressions(tree, positions)
    error = first_error(tree)
    if error is not None:
        what = "missing " + error.type if error.is_missing else "unexpected syntax"
        found.problems.append(
            _problem(positions, error, f"TypeScript does not parse here ({what}); not checked")
        )
        return found
    module = Module(tree.root_node, data)
    call = _definition_call(module)
    if call is None:
        return found
    function, argument, node = call
    if argument is None or unwrap(argument).type != "object":
        reason = "no argument" if argument is None else "not an object literal"
        found.problems.append(
            Problem(
                "unreadable",
                f"`{function}(...)` is called with {reason}: lintkit reads the definition"
                " only from an object literal written in this file",
                positions.of(argument if argument is not None else node),
                help="write the definition as an object literal (consts of this file may"
                " build parts of it)",
            )
        )
        return found
    doc, problems = Reader(positions, module, limits).document(argument)
    found.problems.extend(problems or unreadable(doc, lambda path: not path))
    if found.problems or not isinstance(doc.data, dict):
        return found
    if function == HOG_FLOW:
        found.documents.append(Definition(_api_keys(doc), function))
    else:
        name = doc.data.get("name")
        if isinstance(name, str) and name:
            found.events.append(Sym(name, doc.location(("name",))))
    return found


def _definition_call(module: Module) -> tuple[str, Node | None, Node] | None:
    """(function, its argument, the call) of ``export default hogFlow({...})``, also
    through a const (``const flow = hogFlow({...}); export default flow``)."""
    node = module.default
    for _ in range(8):
        if node is None:
            return None
        node = unwrap(node)
        if node.type == "identifier" and module.text(node) in module.consts:
            node = module.consts[module.text(node)]
            continue
        break
    if node is None or node.type != "call_expression":
        return None
    callee = node.child_by_field_name("function")
    if callee is not None and callee.type == "member_expression":
        callee = callee.child_by_field_name("property")
    function = module.text(callee) if callee is not None else ""
    if function not in (HOG_FLOW, EVENT_DEFINITION):
        return None
    arguments = node.child_by_field_name("arguments")
    values = [c for c in arguments.named_children if c.type != "comment"] if arguments else []
    return function, (values[0] if values else None), node


def _api_keys(doc: Document) -> Document:
    """The hogFlow's top-level keys as the API names them, positions kept."""
    assert isinstance(doc.data, dict)
    data = {API_KEYS.get(key, key): value for key, value in doc.data.items()}

    def renamed(path: JsonPath) -> JsonPath:
        if path and path[0] in API_KEYS:
            return (API_KEYS[path[0]], *path[1:])
        return path

    return Document(
        doc.path,
        data,
        {renamed(p): s for p, s in doc.spans.items()},
        {renamed(p): s for p, s in doc.key_spans.items()},
    )


def _problem(positions: Positions, node: Node | None, message: str) -> Problem:
    location = positions.of(node) if node is not None else Location.file_start(positions.path)
    return Problem("syntax", message, location)
