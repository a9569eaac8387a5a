"""Facts of a screened-out module, from CPython's tree (``lintkit.code.python.screen``).

Such a module names none of the configured callees, so it has no emit sites,
secret reads or guarded calls; what remains is what the project index reads
of every module: functions, calls (with the strings they pass), classes and
their bases, imports and the names bound at module level. Names and imports
resolve through ``lintkit.code.python.dotted``, as in the full extraction.
The values equal what the full libcst extraction gives, positions included.

Strings (constants, and what a call passes to a function of the project)
are resolved by ``_Scope``, which is ``lintkit.code.python.constants.resolve`` over
CPython's nodes: literals, f-strings, ``+``, ``a if c else b``, and names bound
in the function, its enclosing functions, the class or the module.
``tests/test_prescreen.py`` holds the two extractions to the same facts.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from lintkit.code.model import CallSite, Function, ModuleFacts, source_order
from lintkit.code.python.dotted import CALL_MARK, ITEM_MARK, join, package_of, relative
from lintkit.code.python.dotted import resolve as resolve_name
from lintkit.code.python.entrypoints import entry_kind
from lintkit.code.python.module_names import module_name
from lintkit.code.values import (
    MAX_DEPTH,
    SOME_TEXT,
    UNRESOLVED,
    Resolved,
    literal,
    product,
    union,
)
from lintkit.core.types import Location

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_GAP = r"(?:[ \t\f]|\\\r?\n)+"  # spaces, or a backslash ending the line
_DEF = re.compile(rf"(?:async{_GAP})?def{_GAP}")

Bindings = dict[str, list[ast.expr | None]]


def light_facts(path: str, tree: ast.Module, text: str) -> ModuleFacts:
    walker = _Walker(path, text, tree)
    walker.visit(tree)
    return ModuleFacts(
        path=path,
        module=module_name(path),
        functions=tuple(walker.functions),
        classes=tuple(walker.classes),
        imports=tuple(sorted(walker.imports.items())),
        constants=walker.constants(),
        calls=source_order(walker.calls),
        emits=(),
        secret_reads=(),
        eligible_branches=(),
        call_bypasses=(),
        screened=True,
        names=tuple(sorted({*walker.module_bindings, *walker.class_bindings})),
        star_imports=tuple(walker.stars),
        bases=tuple(
            (cls, tuple(walker.resolve(b) for b in bases if b))
            for cls, bases in walker.bases.items()
        ),
    )


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str, text: str, tree: ast.Module) -> None:
        self.path = path
        self.text = text
        # Lines as CPython counts them: splitlines() would also split at \f and \v.
        self.lines = _LINE.findall(text)
        self.starts = [0]  # character offset of each line
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.module = module_name(path)
        self.imports: dict[str, str] = {}
        self.stars: list[str] = []
        for node in ast.walk(tree):  # every import counts, wherever it is
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._import(node)
        self.module_bindings = _bindings(tree.body)
        self.class_bindings: Bindings = {}  # "Cls.name"
        self.bases: dict[str, list[str]] = {}
        self.functions: list[Function] = []
        self.classes: list[str] = []
        # ("class" | "function", qualname, the function's bindings or None)
        self.scopes: list[tuple[str, str, Bindings | None]] = []
        self.calls: list[CallSite] = []
        # (qualname, class it is a method of, its bindings and its enclosing ones'), innermost last
        self.frames: list[tuple[str, str | None, list[Bindings]]] = []

    # -- positions: ast columns are UTF-8 byte offsets ---------------------------
    def _column(self, line: int, byte_column: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore")) + 1

    def _location(self, node: ast.AST) -> Location:
        line, end_line = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        return Location(
            self.path,
            line,
            self._column(line, node.col_offset),  # type: ignore[attr-defined]
            end_line,
            self._column(end_line, node.end_col_offset or 0),  # type: ignore[attr-defined]
        )

    def _name_location(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Location:
        """The name after `def`, which CPython's tree does not locate by itself."""
        start = self._location(node)
        at = self.starts[start.line - 1] + start.column - 1
        match = _DEF.match(self.text, at)
        offset = match.end() if match else at
        line = start.line + self.text.count("\n", at, offset)
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return Location(self.path, line, column, line, column + len(node.name))

    # -- scopes ------------------------------------------------------------------
    def _qualname(self, name: str) -> str:
        if not self.scopes:
            return name
        kind, qualname, _ = self.scopes[-1]
        return f"{qualname}.<locals>.{name}" if kind == "function" else f"{qualname}.{name}"

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qualname = self._qualname(node.name)
        self.classes.append(qualname)
        self.bases[qualname] = [_dotted(b) for b in node.bases]
        for name, values in _bindings(node.body).items():
            self.class_bindings.setdefault(f"{qualname}.{name}", []).extend(values)
        for child in (*node.decorator_list, *node.bases, *node.keywords):
            self._child(child)
        self.scopes.append(("class", qualname, None))
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        owner = self.scopes[-1][1] if self.scopes and self.scopes[-1][0] == "class" else None
        qualname = self._qualname(node.name)
        args = node.args
        bindings = _bindings(node.body)
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None:
                bindings.setdefault(arg.arg, []).append(None)
        chain = [bindings, *(self.frames[-1][2] if self.frames else [])]
        self.frames.append((qualname, owner, chain))
        self.scopes.append(("function", qualname, bindings))
        self.generic_visit(node)
        self.scopes.pop()
        self.frames.pop()
        names = [a.arg for a in (*args.posonlyargs, *args.args)]
        if args.vararg is not None:
            names.append("*" + args.vararg.arg)
        names += [a.arg for a in args.kwonlyargs]
        if args.kwarg is not None:
            names.append("**" + args.kwarg.arg)
        decorators = tuple(_dotted(d) for d in node.decorator_list)
        nested = bool(self.frames)
        self.functions.append(  # after its body, as the full extraction lists them
            Function(
                name=node.name,
                qualname=qualname,
                location=self._name_location(node),
                span=self._location(node),
                class_name=owner,
                is_async=isinstance(node, ast.AsyncFunctionDef),
                decorators=decorators,
                parameters=tuple(names),
                entry=entry_kind(node.name, owner, nested, decorators),
            )
        )

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def constants(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """String constants of the module and its class bodies ("NAME", "Cls.NAME")."""
        scope = _Scope([], self.module_bindings, self.class_bindings, None)
        found = []
        for name, values in sorted({**self.module_bindings, **self.class_bindings}.items()):
            if any(v is None for v in values):
                continue
            resolved = scope.bound(values, 0)
            if resolved.known and not resolved.dynamic:
                found.append((name, resolved.known))
        return tuple(found)

    # -- calls -------------------------------------------------------------------
    def generic_visit(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self._child(child)

    def _child(self, child: ast.AST) -> None:
        if isinstance(child, ast.Call):
            self._call(child)
        self.visit(child)

    def _call(self, node: ast.Call) -> None:
        callee = _dotted(node.func)
        frame = self.frames[-1] if self.frames else None
        owner = self.scopes[-1][1] if self.scopes and self.scopes[-1][0] == "class" else None
        scope = _Scope(
            frame[2] if frame else [],
            self.module_bindings,
            self.class_bindings,
            frame[1] if frame else owner,
        )
        at = self._location(node)
        site = CallSite(
            callee,
            self.resolve(callee),
            at,
            frame[0] if frame else None,
            self._strings(node, callee, scope),
        )
        self.calls.append(site)

    def _strings(
        self, node: ast.Call, callee: str, scope: _Scope
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """As the full extraction: the string arguments of a call that may go to a
        function of the project (a bare name, an imported name, self./cls.)."""
        head = callee.split(".", 1)[0]
        if not callee or not ("." not in callee or head in ("self", "cls") or head in self.imports):
            return ()
        found: list[
            tuple[tuple[int, int], str, tuple[str, ...]]
        ] = []  # (source order, key, values)
        positional = True
        for position, arg in enumerate(node.args):
            positional = positional and not isinstance(arg, ast.Starred)
            if positional and isinstance(arg, _STRINGISH):
                known = scope.resolve(arg, 0).known
                if known:
                    found.append((_start(arg), str(position), known))
        for keyword in node.keywords:
            if keyword.arg is not None and isinstance(keyword.value, _STRINGISH):
                known = scope.resolve(keyword.value, 0).known
                if known:
                    found.append((_start(keyword), keyword.arg, known))
        return tuple((key, values) for _, key, values in sorted(found, key=lambda f: f[0]))

    # -- imports -----------------------------------------------------------------
    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Local name -> dotted target, as ``lintkit.code.python.names.Imports`` reads them."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    self.imports.setdefault(head, head)
            return
        package = package_of(self.module, self.path.endswith("__init__.py"))
        base = node.module or ""
        if node.level:
            base = relative(package, node.level, base)
        for alias in node.names:
            if alias.name == "*":
                if base:
                    self.stars.append(base)
                break
            self.imports[alias.asname or alias.name] = (
                f"{base}.{alias.name}" if base else alias.name
            )

    def resolve(self, name: str) -> str:
        """``getenv`` -> ``os.getenv`` after ``from os import getenv``."""
        return resolve_name(self.imports, name)


def _start(node: ast.AST) -> tuple[int, int]:
    return (node.lineno, node.col_offset)  # type: ignore[attr-defined]


class _Scope:
    """``lintkit.code.python.constants.Scope`` over CPython's tree."""

    def __init__(
        self,
        locals_: Sequence[Bindings],
        module: Bindings,
        classes: Bindings,
        class_name: str | None,
    ) -> None:
        self.locals = locals_
        self.module = module
        self.classes = classes
        self.class_name = class_name
        self.resolving: set[str] = set()  # as constants.Scope.resolving

    def resolve(self, node: ast.expr, depth: int) -> Resolved:
        if depth > MAX_DEPTH:
            return UNRESOLVED
        if isinstance(node, ast.Constant):
            return literal(node.value) if isinstance(node.value, str) else UNRESOLVED
        if isinstance(node, ast.JoinedStr):
            parts: list[Resolved] = []
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    parts.append(literal(part.value))
                elif isinstance(part, ast.FormattedValue):
                    inner = self.resolve(part.value, depth + 1)
                    if part.format_spec is not None or part.conversion != -1 or not inner.values:
                        inner = SOME_TEXT
                    parts.append(inner)
            return product(parts)
        if isinstance(node, ast.IfExp):
            return union([self.resolve(node.body, depth + 1), self.resolve(node.orelse, depth + 1)])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return product(
                [self.resolve(node.left, depth + 1), self.resolve(node.right, depth + 1)]
            )
        if isinstance(node, ast.Name):
            for table in self.locals:
                if node.id in table:
                    return self._bound_once(node.id, table[node.id], depth)
            if node.id in self.module:
                return self._bound_once(node.id, self.module[node.id], depth)
            return UNRESOLVED
        if isinstance(node, ast.Attribute):
            name = _dotted(node).removesuffix(".value")
            head, _, rest = name.partition(".")
            if head in ("self", "cls") and self.class_name:
                name = f"{self.class_name}.{rest}"
            if name in self.classes:
                return self._bound_once(name, self.classes[name], depth)
        return UNRESOLVED

    def _bound_once(self, name: str, values: Sequence[ast.expr | None], depth: int) -> Resolved:
        if name in self.resolving:
            return UNRESOLVED
        self.resolving.add(name)
        try:
            return self.bound(values, depth)
        finally:
            self.resolving.discard(name)

    def bound(self, values: Sequence[ast.expr | None], depth: int) -> Resolved:
        results = [self.resolve(v, depth + 1) if v is not None else UNRESOLVED for v in values]
        return union(results) if results else UNRESOLVED


_STRINGISH = (ast.Constant, ast.JoinedStr, ast.Name, ast.Attribute, ast.IfExp, ast.BinOp)


# -- bindings, as lintkit.code.python.index binds names ---------------------------------
def _bindings(body: Sequence[ast.stmt]) -> Bindings:
    """The names a scope's own code binds (not nested functions' or classes')."""
    found: Bindings = {}
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, []).append(None)
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _bind(found, target, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            _bind(found, node.target, node.value)
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor)):
            _bind(found, node.target, None)
        elif isinstance(node, ast.NamedExpr):
            _bind(found, node.target, node.value)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            _bind(found, node.optional_vars, None)
        elif isinstance(node, ast.Try) and node.handlers:
            for handler in node.handlers:  # not `except*`: libcst's handlers differ
                if handler.name:
                    found.setdefault(handler.name, []).append(None)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.asname or alias.name.split(".", 1)[0], []).append(None)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    found.setdefault(alias.asname or alias.name, []).append(None)
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def _bind(found: Bindings, target: ast.expr, value: ast.expr | None) -> None:
    if isinstance(target, ast.Name):
        found.setdefault(target.id, []).append(value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _bind(found, element, None)
    elif isinstance(target, ast.Starred):
        _bind(found, target.value, None)


def _dotted(node: ast.expr) -> str:
    """As ``lintkit.code.python.names.dotted``: a name chain, calls and items marked."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Name):
            parts.append(node.id)
            break
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append(CALL_MARK)
            node = node.func
        elif isinstance(node, ast.Subscript):
            parts.append(ITEM_MARK)
            node = node.value
        elif isinstance(node, ast.Await):
            node = node.value
        else:
            return ""
    return join(reversed(parts))
