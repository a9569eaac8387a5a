"""A parsed module -> its ModuleFacts, in two passes (index, then facts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import libcst as cst

from lintkit.code.model import (
    CallSite,
    EligibleBranch,
    EmitSite,
    Function,
    ModuleFacts,
    ReaderSignature,
    SecretRead,
    source_order,
)
from lintkit.code.python.callflow import module_bypasses
from lintkit.code.python.constants import Scope, resolve, resolve_values
from lintkit.code.python.context import Context
from lintkit.code.python.eligibility import eligible_branch
from lintkit.code.python.entrypoints import entry_kind
from lintkit.code.python.index import FunctionInfo, build_index
from lintkit.code.python.libraries import library_reader, settings_fields
from lintkit.code.python.module_names import module_name
from lintkit.code.python.names import dotted
from lintkit.code.python.readers import (
    SECRET_READER,
    default_argument,
    name_argument,
    positional_arguments,
    wrapper_arguments,
)
from lintkit.code.python.reporting import telemetry_pattern
from lintkit.code.python.secrets import ENVIRON_ITEM, ReaderCall, ReadSite, secret_read
from lintkit.code.python.telemetry import emit_site
from lintkit.code.python.traverse import Visitor
from lintkit.code.settings import FactSettings


def extract(
    path: str, module: cst.Module, positions: Mapping[cst.CSTNode, Any], settings: FactSettings
) -> ModuleFacts:
    name = module_name(path)
    index = build_index(module, name, path.endswith("__init__.py"), settings)
    ctx = Context(path, module, positions, settings, index)
    walker = _Walker(ctx)
    walker.run(module)
    found = [b for pair in settings.required_before for b in module_bypasses(ctx, pair)]
    return ModuleFacts(
        path=path,
        module=name,
        functions=tuple(walker.functions),
        classes=tuple(index.classes),
        imports=index.imports.items(),
        constants=_constants(index.module_bindings, index.class_bindings, index.scope(None)),
        calls=source_order(walker.calls),
        emits=tuple(walker.emits),
        secret_reads=tuple(walker.reads),
        eligible_branches=tuple(walker.branches),
        call_bypasses=tuple(sorted(found, key=lambda b: (b.location, b.required))),
        names=tuple(sorted({*index.module_bindings, *index.class_bindings})),
        star_imports=tuple(index.imports.stars),
        bases=tuple(
            (cls, tuple(index.imports.resolve(b) for b in bases if b))
            for cls, bases in index.bases.items()
        ),
    )


def _constants(
    module: Mapping[str, Any], classes: Mapping[str, Any], scope: Scope
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for name, values in sorted({**module, **classes}.items()):
        if any(v is None for v in values):
            continue
        resolved = resolve_values(values, scope)
        if resolved.known and not resolved.dynamic:
            found.append((name, resolved.known))
    return tuple(found)


# Argument expressions that can hold a string the module's constants say
_STRINGISH = (
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.Name,
    cst.Attribute,
    cst.IfExp,
    cst.BinaryOperation,
)


class _Walker(Visitor):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.function_stack: list[FunctionInfo] = []
        self.class_stack: list[str] = []
        self.scopes: dict[int, Scope] = {}
        self.calls: list[CallSite] = []  # every call; CallSite.function says where
        self.functions: list[Function] = []
        self.emits: list[EmitSite] = []
        self.reads: list[SecretRead] = []
        self.branches: list[EligibleBranch] = []

    # -- bookkeeping -------------------------------------------------------------
    @property
    def function(self) -> FunctionInfo | None:
        return self.function_stack[-1] if self.function_stack else None

    def scope(self) -> Scope:
        info = self.function
        key = id(info.node) if info is not None else 0
        scope = self.scopes.get(key)
        if scope is None:
            owner = self.class_stack[-1] if self.class_stack and info is None else None
            scope = self.scopes[key] = self.ctx.index.scope(info, owner)
        return scope

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = self.function
        prefix = (
            f"{info.qualname}.<locals>."
            if info is not None
            else (f"{self.class_stack[-1]}." if self.class_stack else "")
        )
        self.class_stack.append(prefix + node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        info = self.ctx.index.by_node.get(id(node))
        if info is not None:
            self.function_stack.append(info)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        info = self.ctx.index.by_node.get(id(original_node))
        if info is None:
            return
        self.function_stack.pop()
        self.functions.append(self._function_fact(info))

    def _function_fact(self, info: FunctionInfo) -> Function:
        node = info.node
        params = node.params
        names = [p.name.value for p in (*params.posonly_params, *params.params)]
        if isinstance(params.star_arg, cst.Param):
            names.append("*" + params.star_arg.name.value)
        names += [p.name.value for p in params.kwonly_params]
        if params.star_kwarg is not None:
            names.append("**" + params.star_kwarg.name.value)
        decorators = tuple(dotted(d.decorator) for d in node.decorators)
        return Function(
            name=node.name.value,
            qualname=info.qualname,
            location=self.ctx.loc(node.name),
            span=self.ctx.loc(node),
            class_name=info.class_name,
            is_async=node.asynchronous is not None,
            decorators=decorators,
            parameters=tuple(names),
            entry=entry_kind(node.name.value, info.class_name, info.parent is not None, decorators),
            records=info.qualname in self.ctx.index.emitting,
            reader=(
                ReaderSignature(info.wrapper.name_param, info.wrapper.default_param)
                if info.wrapper is not None
                else None
            ),
        )

    # -- facts ---------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        callee = dotted(node.func)
        resolved = ctx.resolve(callee)
        info = self.function
        qualname = info.qualname if info is not None else None
        self.calls.append(
            CallSite(callee, resolved, ctx.loc(node), qualname, self._strings(node, callee))
        )
        if not callee:
            return
        pattern = telemetry_pattern(callee, resolved, ctx.settings, ctx.index.bound)
        if pattern is not None:
            self.emits.append(
                emit_site(ctx, node, callee, pattern, self.stack, qualname, self.scope())
            )
        reader = self._reader(node, callee, resolved, info)
        if reader is not None:
            self._read(node, reader)

    def _strings(self, node: cst.Call, callee: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The string arguments of a call that may go to a function of the project."""
        head = callee.split(".", 1)[0]
        imported = head in self.ctx.index.imports.names
        if not callee or not ("." not in callee or head in ("self", "cls") or imported):
            return ()
        found = []
        positional = True  # positions are unknown after a *args
        for position, arg in enumerate(node.args):
            positional = positional and not arg.star
            if arg.star or not isinstance(arg.value, _STRINGISH):
                continue
            if arg.keyword is None and not positional:
                continue
            values = resolve(arg.value, self.scope()).known
            if values:
                key = arg.keyword.value if arg.keyword is not None else str(position)
                found.append((key, values))
        return tuple(found)

    def _reader(
        self, node: cst.Call, callee: str, resolved: str, caller: FunctionInfo | None
    ) -> ReaderCall | None:
        """The call as a secret read: a same-module wrapper of a reader (most
        precise: its own parameters say where name and default go), or a call
        matching `secrets.readers`."""
        ctx = self.ctx
        helper_name = ctx.index.helper(callee, caller)
        helper = ctx.index.functions[helper_name] if helper_name is not None else None
        # A same-module reader that logs its own fallbacks reports them.
        reports = ctx.loc(helper.node.name) if helper is not None and helper.logs else None
        if helper is not None and helper.wrapper is not None:
            wrapper = helper.wrapper
            name, default = wrapper_arguments(node, wrapper)
            own_name = helper.node.name.value
            dedicated = any(SECRET_READER.search(n) for n in (wrapper.pattern, own_name))
            return ReaderCall(callee, wrapper.pattern, dedicated, name, default, reports)
        readers = ctx.settings.readers
        pattern = readers.match(resolved) or readers.match(callee)
        if pattern is None:
            return library_reader(ctx, node, callee, resolved, self.stack) or self._imported_reader(
                node, callee, resolved
            )
        return ReaderCall(
            callee,
            pattern,
            bool(SECRET_READER.search(pattern)),
            name_argument(node),
            default_argument(node, resolved, ctx.settings.default_position(pattern)),
            reports,
        )

    def _imported_reader(self, node: cst.Call, callee: str, resolved: str) -> ReaderCall | None:
        """``get_string("SECRET_KEY", "...")`` with ``get_string`` imported from a module
        of the project, perhaps: a read if that function is a reader, which only the
        project index can tell (``SecretRead.via``)."""
        head = callee.split(".", 1)[0]
        if resolved == callee or head not in self.ctx.index.imports.names or "()" in callee:
            return None
        positional = positional_arguments(node)
        default = default_argument(node, "", (1, "default"))  # as wrappers mostly are
        if not positional or default is None:
            return None
        return ReaderCall(callee, "", False, positional[0], default, via=resolved)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        ctx = self.ctx
        if ctx.resolve(dotted(node.value)) != "os.environ" or self._stored(node):
            return
        pattern = ctx.settings.readers.match(ENVIRON_ITEM)
        if pattern is not None:
            reader = dotted(node.value) + "[]"
            self._read(node, ReaderCall(reader, pattern, False, name_argument(node), None))

    def _stored(self, node: cst.Subscript) -> bool:
        parent = self.stack[-2] if len(self.stack) > 1 else None
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)):
            return parent.target is node
        return isinstance(parent, cst.Del)

    def _read(self, node: cst.Call | cst.Subscript, call: ReaderCall) -> None:
        site = ReadSite(node, list(self.stack), self.function, self.scope())
        read = secret_read(self.ctx, site, call)
        if read is not None:
            self.reads.append(read)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.function is None and self.class_stack:
            read = settings_fields(self.ctx, node, self.class_stack[-1])
            if read is not None:
                self.reads.append(read)

    def visit_If(self, node: cst.If) -> None:
        if not self.ctx.settings.eligibility.pattern:
            return
        branch = eligible_branch(self.ctx, node, self.stack, self.function)
        if branch is not None:
            self.branches.append(branch)
