"""A parsed Go file -> its ModuleFacts: the index (``index.py``), then one walk
over calls and conditionals, then the readers of each kind of fact; the readers
of calls only in a file the pre-screen (``screen.py``) finds they may read."""

from __future__ import annotations

from tree_sitter import Node, Tree

from lintkit.code.go import eligibility, entrypoints, flow, secrets
from lintkit.code.go.context import Context
from lintkit.code.go.index import FunctionInfo, GoIndex, build_index
from lintkit.code.go.packages import package_names
from lintkit.code.go.screen import readable
from lintkit.code.go.strings import Strings
from lintkit.code.go.syntax import FUNCTION_TYPES, arguments, string_value
from lintkit.code.go.telemetry import Telemetry, recognise
from lintkit.code.model import (
    Branch,
    CallSite,
    EmitSite,
    Function,
    ModuleFacts,
    SecretRead,
)
from lintkit.code.settings import FactSettings
from lintkit.documents.treesitter import Positions

MAX_CLIMB = 300  # parents climbed from a call to find the `if` arm it is in


def go_facts(path: str, tree: Tree, positions: Positions, settings: FactSettings) -> ModuleFacts:
    index = build_index(tree.root_node)
    ctx = Context(path, positions, index, Strings(index), settings)
    calls, conditionals = index.calls, index.conditionals
    # a file that can record, read and guard nothing skips those readers (screen.py)
    screened = not readable(index, settings)
    read_calls = () if screened else calls
    emitting: set[str] = set()
    found: list[tuple[Node, str, FunctionInfo | None, Telemetry]] = []
    for node, callee, function in read_calls:
        telemetry = recognise(node, callee, index, settings)
        if telemetry is not None:
            found.append((node, callee, function, telemetry))
            # by start byte, as the calls are
            ctx.telemetry.append((node.start_byte, node.end_byte, node, telemetry))
            owner = function
            while owner is not None:  # a closure's record is its function's
                emitting.add(owner.qualname)
                owner = owner.parent
    records = _recording(index, emitting) if emitting else set()

    registered = {name for node, callee, _ in calls for name in entrypoints.routed(node, callee)}
    entries = entrypoints.entries(index, registered)
    reads = [
        read
        for node, callee, function in read_calls
        if (read := _read(ctx, node, callee, function)) is not None
    ]
    reads += secrets.tagged_reads(ctx)
    branches = [
        b
        for node, function in conditionals
        for b in eligibility.branches(ctx, node, function, records)
    ]
    guarded = () if screened else settings.required_before
    bypasses = [b for pair in guarded for b in flow.bypasses(ctx, pair, entries)]
    module, _ = package_names(path)
    return ModuleFacts(
        path=path,
        module=module,
        functions=tuple(
            _function(ctx, info, entries, records, screened) for info in index.functions.values()
        ),
        classes=tuple(index.types),
        imports=tuple(sorted(index.imports.items())),
        constants=_constants(ctx),
        # in source order, an enclosing call first, as the index found them
        calls=tuple(_call_site(ctx, node, callee, function) for node, callee, function in calls),
        emits=tuple(
            _emit(ctx, node, callee, function, telemetry)
            for node, callee, function, telemetry in found
        ),
        secret_reads=tuple(sorted(reads, key=lambda r: (r.location.line, r.location.column))),
        eligible_branches=tuple(branches),
        call_bypasses=tuple(sorted(bypasses, key=lambda b: (b.location, b.required))),
        screened=screened,
        names=tuple(sorted(set(index.names))),
    )


def _recording(index: GoIndex, emitting: set[str]) -> set[str]:
    """Functions that record, themselves or through a function of the file they call."""
    found = set(emitting)
    changed = True
    while changed:
        changed = False
        for qualname, info in index.functions.items():
            if qualname not in found and any(index.helper(c, info) in found for c in info.callees):
                found.add(qualname)
                changed = True
    return found


def _function(
    ctx: Context, info: FunctionInfo, entries: dict[str, str], records: set[str], screened: bool
) -> Function:
    name = info.node.child_by_field_name("name")
    signature = None if screened else secrets.wrapper_signature(ctx, info)
    return Function(
        name=info.name,
        qualname=info.qualname,
        location=ctx.loc(name if name is not None else info.node),
        span=ctx.loc(info.node),
        class_name=info.class_name,
        is_async=False,
        decorators=(),
        parameters=info.parameters,
        entry=entries.get(info.qualname),
        records=info.qualname in records,
        reader=signature,
    )


# Arguments that can hold a string the file's constants say
_STRINGISH = (
    "interpreted_string_literal",
    "raw_string_literal",
    "identifier",
    "selector_expression",
    "binary_expression",
    "call_expression",
)


def _may_be_the_projects(ctx: Context, callee: str, function: FunctionInfo | None) -> bool:
    """A call that may go to a function of the project: a bare name, a method of
    the file, or a function of an imported package that is not the standard
    library's (whose import path has no dot in its first element)."""
    if not callee:
        return False
    head, dot, _ = callee.partition(".")
    if not dot or ctx.index.helper(callee, function) is not None:
        return True
    path = ctx.index.imports.get(head)
    return path is not None and "." in path.split("/", 1)[0]


def _call_site(ctx: Context, node: Node, callee: str, function: FunctionInfo | None) -> CallSite:
    resolved = ctx.index.resolve(callee)
    strings: list[tuple[str, tuple[str, ...]]] = []
    if _may_be_the_projects(ctx, callee, function):
        for position, arg in enumerate(arguments(node)):
            if arg.type not in _STRINGISH:
                continue
            values = ctx.strings.resolve(arg, function)
            if values.known and not values.dynamic:
                strings.append((str(position), values.known))
    qualname = function.qualname if function is not None else None
    return CallSite(callee.replace("()", ""), resolved, ctx.loc(node), qualname, tuple(strings))


def _emit(
    ctx: Context, node: Node, callee: str, function: FunctionInfo | None, telemetry: Telemetry
) -> EmitSite:
    event = telemetry.event
    resolved = ctx.strings.resolve(event, function) if event is not None else None
    return EmitSite(
        callee=callee,
        pattern=telemetry.pattern,
        events=resolved.known if resolved is not None else (),
        dynamic=resolved.dynamic if resolved is not None else True,
        location=ctx.loc(node),
        event_location=ctx.loc(event) if event is not None else None,
        function=function.qualname if function is not None else None,
        branch=_branch(ctx, node),
        level=telemetry.level,
        patterns=resolved.patterns if resolved is not None else (),
        event_ref=resolved.ref if resolved is not None else None,
        event_parameters=resolved.parameters if resolved is not None else (),
    )


def _branch(ctx: Context, node: Node) -> Branch | None:
    """The innermost `if` arm ``node`` is in, within its function."""
    child, parent = node, node.parent
    for _ in range(MAX_CLIMB):
        if parent is None or parent.type in FUNCTION_TYPES:
            return None
        if parent.type == "if_statement":
            condition = parent.child_by_field_name("condition")
            if condition is not None:
                if child == parent.child_by_field_name("consequence"):
                    return Branch(ctx.source(condition), ctx.loc(condition), True)
                if child == parent.child_by_field_name("alternative"):
                    return Branch(ctx.source(condition), ctx.loc(condition), False)
        child, parent = parent, parent.parent
    return None


def _read(
    ctx: Context, node: Node, callee: str, function: FunctionInfo | None
) -> SecretRead | None:
    if not callee:
        return None
    reader = secrets.reader_call(ctx, node, callee, function)
    if reader is None:
        return None
    return secrets.secret_read(ctx, node, reader, function)


def _constants(ctx: Context) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for name, values in sorted(ctx.index.bindings.items()):
        if not all(_stringish(v) for v in values):
            continue
        resolved = ctx.strings.union([ctx.strings.resolve(v, None) for v in values])
        if resolved.known and not resolved.dynamic:
            found.append((name, resolved.known))
    return tuple(found)


def _stringish(node: Node) -> bool:
    """An expression a string constant can be built from."""
    kinds = ("identifier", "call_expression", "binary_expression", "selector_expression")
    return string_value(node) is not None or node.type in kinds
