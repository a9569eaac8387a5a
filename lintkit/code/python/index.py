"""First pass over a module: names, constants, functions, and which helpers
record telemetry or report.

The second pass (``extract``) needs all of this before it starts, because a
helper or a constant may be defined below the code that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lintkit.code.python.constants import Bindings, Scope
from lintkit.code.python.names import Imports, dotted, last_segment
from lintkit.code.python.readers import Wrapper, default_argument, name_argument
from lintkit.code.python.reporting import (
    DERIVING,
    TELEMETRY_FACTORIES,
    bound_receiver,
    reports,
    telemetry_pattern,
)
from lintkit.code.python.traverse import Visitor, walk
from lintkit.code.settings import FactSettings

Binding = list[cst.BaseExpression | None]


@dataclass
class FunctionInfo:
    qualname: str
    node: cst.FunctionDef
    class_name: str | None  # qualified name of the class it is a method of
    parent: FunctionInfo | None  # the enclosing function, for closures
    bindings: dict[str, Binding] = field(default_factory=dict)
    callees: list[str] = field(default_factory=list)  # dotted, as written
    params: list[str] = field(default_factory=list)  # positional, in order
    keyword_params: list[str] = field(default_factory=list)  # keyword-only
    emits: bool = False  # a telemetry call in its own body
    logs: bool = False  # a warning+ log, a telemetry call or a warning in its own body
    reports: bool = False  # logs, or raises
    read: tuple[str, cst.Call] | None = None  # (pattern, call): it reads a secret it is given
    wrapper: Wrapper | None = None


@dataclass
class ModuleIndex:
    imports: Imports
    module_bindings: dict[str, Binding] = field(default_factory=dict)
    class_bindings: dict[str, Binding] = field(default_factory=dict)  # "Cls.NAME"
    classes: list[str] = field(default_factory=list)
    bases: dict[str, list[str]] = field(default_factory=dict)  # class -> bases, as written
    functions: dict[str, FunctionInfo] = field(default_factory=dict)  # by qualname
    by_node: dict[int, FunctionInfo] = field(default_factory=dict)  # id(FunctionDef)
    emitting: set[str] = field(default_factory=set)  # qualnames, helpers included
    top_level_emits: bool = False  # a telemetry call outside any function
    reporting: set[str] = field(default_factory=set)
    # names bound to a logger, an analytics or a metrics client (reporting.Bound)
    bound: dict[str, str] = field(default_factory=dict)
    # names bound to django-environ's or environs' Env(): calls on them read settings
    env_readers: set[str] = field(default_factory=set)
    # calls on a dotted name that may turn out bound to one further down
    pending: list[tuple[FunctionInfo | None, str, str, cst.Call]] = field(default_factory=list)

    def scope(self, function: FunctionInfo | None, class_name: str | None = None) -> Scope:
        """The constant bindings visible from inside ``function`` (or module level)."""
        chain: list[Bindings] = []
        info = function
        while info is not None:
            chain.append(info.bindings)
            info = info.parent
        owner = function.class_name if function is not None else class_name
        return Scope(chain, self.module_bindings, self.class_bindings, owner)

    def helper(self, callee: str, caller: FunctionInfo | None) -> str | None:
        """The qualified name of the same-module function a call goes to, if any."""
        if not callee or "()" in callee or "[]" in callee:
            return None
        head, _, rest = callee.partition(".")
        if not rest:
            info = caller
            while info is not None:  # a nested function of an enclosing one
                nested = f"{info.qualname}.<locals>.{head}"
                if nested in self.functions:
                    return nested
                info = info.parent
            if head in self.functions:
                return head
            if f"{head}.__init__" in self.functions:
                return f"{head}.__init__"
            return None
        if head in ("self", "cls") and caller is not None and caller.class_name:
            method = f"{caller.class_name}.{rest}"
            return method if method in self.functions else None
        return callee if callee in self.functions else None


# django-environ's and environs' readers: `env = environ.Env()`, then `env("X", default=...)`
ENV_READER_FACTORIES = frozenset({"environ.Env", "environs.Env"})


def build_index(
    module: cst.Module, module_name: str, is_package: bool, settings: FactSettings
) -> ModuleIndex:
    index = ModuleIndex(Imports(module_name, is_package))
    _Indexer(index, settings).run(module)
    for info, callee, resolved, node in index.pending:
        _what_it_does(index, info, callee, resolved, node, settings)
    index.pending.clear()
    _close(index)
    return index


def _what_it_does(
    index: ModuleIndex,
    info: FunctionInfo | None,
    callee: str,
    resolved: str,
    node: cst.Call,
    settings: FactSettings,
) -> bool:
    """Marks the function (the module, at top level) as recording or reporting
    when the call does; whether it records."""
    records = telemetry_pattern(callee, resolved, settings, index.bound) is not None
    if info is None:
        index.top_level_emits = index.top_level_emits or records
        return records
    info.emits = info.emits or records
    if reports(callee, resolved, node, settings, index.bound):
        info.logs = info.reports = True
    return records


def _close(index: ModuleIndex) -> None:
    """Helpers that call emitting/reporting helpers emit/report too (a fixpoint)."""
    edges = {
        q: {h for c in info.callees if (h := index.helper(c, info)) is not None}
        for q, info in index.functions.items()
    }
    for attr, found in (("emits", index.emitting), ("reports", index.reporting)):
        found.update(q for q, info in index.functions.items() if getattr(info, attr))
        changed = True
        while changed:
            changed = False
            for qualname, helpers in edges.items():
                if qualname not in found and helpers & found:
                    found.add(qualname)
                    changed = True


def _wrapper(
    info: FunctionInfo, pattern: str, call: cst.Call, settings: FactSettings
) -> Wrapper | None:
    """The function is a reader wrapper if it passes a parameter as the name."""
    name = name_argument(call)
    if not isinstance(name, cst.Name):
        return None
    every = info.params + info.keyword_params
    if name.value not in every:
        return None
    default = default_argument(call, pattern, settings.default_position(pattern))
    default_param = default.value if isinstance(default, cst.Name) else None
    if default_param not in every:
        default_param = _returned_parameter(info, name.value)

    def index(param: str | None) -> int | None:
        return info.params.index(param) if param in info.params else None

    return Wrapper(
        pattern=pattern,
        name_param=name.value,
        name_index=index(name.value),
        default_param=default_param,
        default_index=index(default_param),
        logs=info.logs,
    )


def _returned_parameter(info: FunctionInfo, name_param: str) -> str | None:
    """``value = os.environ.get(name); if value is None: return default``: the
    parameter the function returns as it is, other than the name, if any."""
    every = {*info.params, *info.keyword_params} - {name_param, "self", "cls"}
    for node in walk([info.node.body]):
        if (
            isinstance(node, cst.Return)
            and isinstance(node.value, cst.Name)
            and node.value.value in every
        ):
            return node.value.value
    return None


class _Indexer(Visitor):
    def __init__(self, index: ModuleIndex, settings: FactSettings) -> None:
        super().__init__()
        self.index = index
        self.settings = settings
        # ("module" | "class" | "function", qualified name, FunctionInfo or None)
        self.scopes: list[tuple[str, str, FunctionInfo | None]] = [("module", "", None)]

    # -- scopes ----------------------------------------------------------------
    def _qualname(self, name: str) -> str:
        kind, qualname, _ = self.scopes[-1]
        if kind == "module":
            return name
        if kind == "function":
            return f"{qualname}.<locals>.{name}"
        return f"{qualname}.{name}"

    def _function(self) -> FunctionInfo | None:
        for kind, _, info in reversed(self.scopes):
            if kind == "function":
                return info
        return None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, None)
        qualname = self._qualname(node.name.value)
        self.index.classes.append(qualname)
        self.index.bases[qualname] = [dotted(arg.value) for arg in node.bases if not arg.keyword]
        self.scopes.append(("class", qualname, None))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, None)
        kind, owner, _ = self.scopes[-1]
        info = FunctionInfo(
            qualname=self._qualname(node.name.value),
            node=node,
            class_name=owner if kind == "class" else None,
            parent=self._function(),
        )
        params = node.params
        info.params = [p.name.value for p in (*params.posonly_params, *params.params)]
        info.keyword_params = [p.name.value for p in params.kwonly_params]
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            info.bindings[param.name.value] = [None]
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                info.bindings[star.name.value] = [None]
        self.index.functions[info.qualname] = info  # the last definition wins (overloads)
        self.index.by_node[id(node)] = info
        self.scopes.append(("function", info.qualname, info))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        _, _, info = self.scopes.pop()
        if info is not None and info.read is not None:
            info.wrapper = _wrapper(info, *info.read, self.settings)

    # -- bindings --------------------------------------------------------------
    def _bind(self, name: str, value: cst.BaseExpression | None) -> None:
        kind, qualname, info = self.scopes[-1]
        if kind == "function" and info is not None:
            info.bindings.setdefault(name, []).append(value)
        elif kind == "class":
            self.index.class_bindings.setdefault(f"{qualname}.{name}", []).append(value)
        else:
            self.index.module_bindings.setdefault(name, []).append(value)

    def _bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_target(element.value, None)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value)
            self._bind_telemetry(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind_target(node.target, node.value)
            self._bind_telemetry(node.target, node.value)

    def _bind_telemetry(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        """``billing_logger = logging.getLogger(...)``, ``self.ph = Posthog(...)``: the
        name is telemetry whatever it is called."""
        if not isinstance(value, cst.Call) or not isinstance(target, (cst.Name, cst.Attribute)):
            return
        callee = dotted(value.func)
        factory = self.index.imports.resolve(callee)
        if factory in ENV_READER_FACTORIES:
            self.index.env_readers.add(dotted(target))
            return
        if factory not in TELEMETRY_FACTORIES:
            if last_segment(callee) not in DERIVING:
                return
            receiver = callee.rsplit(".", 1)[0]  # `logging.getLogger("a").getChild("b")`
            made = self.index.imports.resolve(receiver.removesuffix("()"))
            derived = bound_receiver(callee, self.index.bound)
            if derived is None and made not in TELEMETRY_FACTORIES:
                return
            factory = derived or made
        name = dotted(target)
        bound = self.index.bound
        bound[name] = factory
        kind, qualname, _ = self.scopes[-1]
        if kind == "class" and "." not in name:  # a class attribute: self.name, cls.name
            bound[f"self.{name}"] = bound[f"cls.{name}"] = bound[f"{qualname}.{name}"] = factory

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_target(node.target, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        self._bind_target(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, None)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value, None)

    def visit_Import(self, node: cst.Import) -> None:
        self.index.imports.add(node)
        for alias in node.names:
            local = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(local, cst.Name):
                self._bind(local.value, None)
            else:
                self._bind(dotted(local).split(".", 1)[0], None)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.index.imports.add(node)
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            local = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(local, cst.Name):
                self._bind(local.value, None)

    # -- what functions do -----------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        info = self._function()
        callee = dotted(node.func)
        resolved = self.index.imports.resolve(callee)
        records = _what_it_does(self.index, info, callee, resolved, node, self.settings)
        if not records and "." in callee and callee.rsplit(".", 1)[0] not in self.index.bound:
            self.index.pending.append((info, callee, resolved, node))
        if info is None:
            return
        info.callees.append(callee)
        if info.read is None:
            pattern = self.settings.readers.match(resolved) or self.settings.readers.match(callee)
            name = name_argument(node) if pattern is not None else None
            if (
                pattern is not None
                and isinstance(name, cst.Name)
                and name.value
                in (
                    *info.params,
                    *info.keyword_params,
                )
            ):
                info.read = (pattern, node)

    def visit_Raise(self, node: cst.Raise) -> None:
        info = self._function()
        if info is not None:
            info.reports = True
