"""The pre-screen: most modules call nothing the code rules look for.

libcst costs ~20 ms a module (parse, then a position pass that re-renders the
whole tree); CPython's ``ast`` costs ~2 ms and lintkit runs it anyway for
syntax errors. A module whose text contains none of the names that every
interesting fact needs, and no string in its module-level code, gets its facts
from that ``ast`` tree instead: functions, classes and imports, which is all
the rules can find in it.

Why no finding is lost: each fact of the full extraction starts from a call
whose dotted name (as written, or through an import) matches a configured
pattern - a telemetry call, a secret reader, a guarded call - or from a name
the eligibility pattern (or its negation) matches. Every literal part of such
a pattern therefore appears in the module's text. So the screen asks for one
literal part of each pattern (the longest; synthetic parts such as
``__getitem__``, which stands for ``os.environ[...]``, are skipped), and runs
the eligibility patterns over the text and over each dotted name in it. A
pattern with no literal part (``*``) turns the screen off.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from functools import lru_cache

from lintkit.facts.model import Function, ModuleFacts, module_name
from lintkit.facts.settings import NEGATED, FactSettings
from lintkit.types import Location

_RUN = re.compile(r"[A-Za-z0-9_]+")
_CHAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_GAP = r"(?:[ \t\f]|\\\r?\n)+"  # spaces, or a backslash ending the line
_DEF = re.compile(rf"(?:async{_GAP})?def{_GAP}")

Screen = Callable[[str], bool]


def _token(pattern: str) -> str | None:
    runs = [r for r in _RUN.findall(pattern) if not (r.startswith("__") and r.endswith("__"))]
    return max(runs, key=len) if runs else None


@lru_cache(maxsize=16)
def screen(settings: FactSettings) -> Screen | None:
    """A test "does this text need the full extraction?"; None: always."""
    if not settings.prescreen:
        return None
    patterns = [
        *settings.telemetry.patterns,
        *settings.readers.patterns,
        *(p for pair in settings.required_before for p in pair.call.patterns),
    ]
    found = [_token(p) for p in patterns]
    tokens = [t for t in found if t is not None]
    if len(tokens) < len(found):
        return None
    names = re.compile("|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True)))
    eligible = settings.eligibility if settings.eligibility.pattern else None

    def interesting(text: str) -> bool:
        if tokens and names.search(text):
            return True
        if eligible is None:
            return False
        if eligible.search(text) or NEGATED.search(text):
            return True
        return any(eligible.search(c) or NEGATED.search(c) for c in set(_CHAIN.findall(text)))

    return interesting


def binds_strings(tree: ast.Module) -> bool:
    """Whether module-level code (outside functions and classes) holds a string.

    Module-level string constants are facts too (other code resolves event
    names through them), and only the full extraction resolves them; without a
    string outside the docstring there is nothing to resolve.
    """
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        ):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def light_facts(path: str, tree: ast.Module, text: str) -> ModuleFacts:
    """Facts of a screened-out module from CPython's tree: functions and classes."""
    walker = _Walker(path, text)
    walker.visit(tree)
    return ModuleFacts(
        path=path,
        module=module_name(path),
        functions=tuple(walker.functions),
        classes=tuple(walker.classes),
        imports=tuple(sorted(walker.imports(path).items())),
        constants=(),
        calls=(),
        emits=(),
        secret_reads=(),
        eligible_branches=(),
        call_bypasses=(),
        screened=True,
    )


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        # Lines as CPython counts them: splitlines() would also split at \f and \v.
        self.lines = _LINE.findall(text)
        self.starts = [0]  # character offset of each line
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.functions: list[Function] = []
        self.classes: list[str] = []
        self.scopes: list[tuple[str, str]] = []  # ("class" | "function", qualname)
        self.import_nodes: list[ast.Import | ast.ImportFrom] = []

    # -- positions: ast columns are UTF-8 byte offsets ----------------------------
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

    # -- scopes ----------------------------------------------------------------
    def _qualname(self, name: str) -> str:
        if not self.scopes:
            return name
        kind, qualname = self.scopes[-1]
        return f"{qualname}.<locals>.{name}" if kind == "function" else f"{qualname}.{name}"

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qualname = self._qualname(node.name)
        self.classes.append(qualname)
        self.scopes.append(("class", qualname))
        self.generic_visit(node)
        self.scopes.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        owner = self.scopes[-1][1] if self.scopes and self.scopes[-1][0] == "class" else None
        qualname = self._qualname(node.name)
        self.scopes.append(("function", qualname))
        self.generic_visit(node)
        self.scopes.pop()
        args = node.args
        names = [a.arg for a in (*args.posonlyargs, *args.args)]
        if args.vararg is not None:
            names.append("*" + args.vararg.arg)
        names += [a.arg for a in args.kwonlyargs]
        if args.kwarg is not None:
            names.append("**" + args.kwarg.arg)
        self.functions.append(  # after its body, as the full extraction lists them
            Function(
                name=node.name,
                qualname=qualname,
                location=self._name_location(node),
                span=self._location(node),
                class_name=owner,
                is_async=isinstance(node, ast.AsyncFunctionDef),
                decorators=tuple(_dotted(d) for d in node.decorator_list),
                parameters=tuple(names),
                calls=(),
            )
        )

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Import(self, node: ast.Import) -> None:
        self.import_nodes.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.import_nodes.append(node)

    def imports(self, path: str) -> dict[str, str]:
        """Local name -> dotted target, as ``lintkit.facts.names.Imports`` reads them."""
        module = module_name(path)
        package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
        found: dict[str, str] = {}
        for node in self.import_nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        found[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".", 1)[0]
                        found.setdefault(head, head)
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                if node.level > 1:
                    keep = len(parts) - (node.level - 1)
                    parts = parts[:keep] if node.level - 1 <= len(parts) else []
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                if alias.name == "*":
                    break
                found[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
        return found


def _dotted(node: ast.expr) -> str:
    """As ``lintkit.facts.names.dotted``: a name chain, calls and items marked."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Name):
            parts.append(node.id)
            break
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Subscript):
            parts.append("[]")
            node = node.value
        elif isinstance(node, ast.Await):
            node = node.value
        else:
            return ""
    text = ""
    for part in reversed(parts):
        text = text + part if part in ("()", "[]") else (f"{text}.{part}" if text else part)
    return text
