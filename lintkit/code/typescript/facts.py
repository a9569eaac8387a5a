"""One TypeScript/JavaScript module's facts, read in one walk (``ModuleReader``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from tree_sitter import Node, Query

from lintkit.code.model import (
    Branch,
    CallSite,
    EligibleBranch,
    EmitSite,
    Fallback,
    Function,
    ModuleFacts,
    ReaderSignature,
    SecretRead,
    last_segment,
    source_order,
)
from lintkit.code.settings import CHECK_DISTANCE, FactSettings, NamePatterns
from lintkit.code.typescript.bypass import Bypasses
from lintkit.code.typescript.conditions import eligible_atoms, exits, mentions
from lintkit.code.typescript.module_names import import_target, module_name
from lintkit.code.typescript.options import PORTAL_LINKS, TELEMETRY_CALLS
from lintkit.code.typescript.scopes import (
    Call,
    Scope,
    directive,
    entry_kind,
    function_name,
    is_async,
    parameters,
    route_name,
)
from lintkit.code.typescript.screen import readers_for
from lintkit.code.typescript.syntax import (
    FUNCTIONS,
    TRANSPARENT,
    dotted,
    first_named,
    operator,
    resolve,
    string_value,
    text,
    unwrap,
)
from lintkit.code.values import UNKNOWN, Resolved, union
from lintkit.core.types import Location
from lintkit.documents.treesitter import Positions, captures, language, walk

ENV_OBJECTS = ("process.env", "import.meta.env", "Deno.env")
# Exposed to the browser by the bundler by definition: never a secret.
PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "PUBLIC_",
    "GATSBY_",
    "NUXT_PUBLIC_",
    "STORYBOOK_",
)
LEVELS = {
    "trace": "debug",
    "debug": "debug",
    "log": "info",
    "info": "info",
    "warn": "warning",
    "warning": "warning",
    "error": "error",
    "fatal": "critical",
}
_LOUD_LEVELS = ("warning", "error", "critical")
# Methods of analytics and logging clients that set up rather than record.
NOT_RECORDING = frozenset(
    {
        "init",
        "identify",
        "group",
        "alias",
        "reset",
        "flush",
        "shutdown",
        "register",
        "child",
        "setLevel",
        "getLogger",
        "time",
        "timeEnd",
        "table",
        "dir",
        "clear",
        "groupEnd",
        "assert",
        "count",
        "countReset",
        "load",
        "ready",
        "optIn",
        "optOut",
        "opt_in_capturing",
        "opt_out_capturing",
    }
)
EVENT_KEYS = ("event", "eventName", "event_name", "eventType", "event_type", "name")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_FAILING = re.compile(r"(?i)throw|required|missing|assert|panic|fail|invariant")
_TRIVIAL = frozenset(
    {"true", "false", "null", "undefined", "number", "string", "template_string", "identifier"}
)


@dataclass
class _EnvRead:
    node: Node  # the read expression (the destructuring pattern for `{ X } = process.env`)
    name: str | None
    name_node: Node | None
    reader: str
    fallback: Node | None
    kind: str
    scope: Scope | None


class ModuleReader:
    def __init__(
        self, path: str, grammar: str, root: Node, positions: Positions, settings: FactSettings
    ):
        self.path = path
        self.grammar = grammar
        self.root = root
        self.positions = positions
        self.settings = settings
        self.telemetry = _patterns(settings.language_option(TELEMETRY_CALLS))
        self.needs = readers_for(settings, path, positions.data)
        self.module = module_name(path)
        self.jsx = path.endswith((".tsx", ".jsx", ".js"))
        self.module_directive = directive(first_named(root)) if root.named_child_count else None
        self.stack: list[Scope] = []
        self.scopes: list[Scope] = []
        self.by_node: dict[int, Scope] = {}
        self.classes: list[str] = []
        self.class_stack: list[tuple[int, str]] = []  # (end byte, qualified name)
        self.imports: dict[str, str] = {}
        self.names: set[str] = set()
        self.bindings: dict[str, list[Node]] = {}  # module-level const name -> values
        self.local_strings: dict[str, list[Node]] = {}  # any const name -> string values
        self.calls: list[Call] = []
        self.reads: list[_EnvRead] = []
        self.tests: list[tuple[Node, Scope | None]] = []  # if / ? : / && nodes
        self.links: list[tuple[Node, Node, Scope | None]] = []  # (site, target value, scope)
        self.jsx_names: list[tuple[Node, str, Scope | None]] = []

    # -- the walk --------------------------------------------------------------------
    def facts(self) -> ModuleFacts:
        """Reads the nodes the facts come from, in source order, found by a query (in
        tree-sitter's C code, not a Python walk over every node); a function or class
        is left when a node starts past its end."""
        needs = self.needs
        query = _query(self.grammar, components=needs.telemetry, links=needs.portal)
        captured = captures(query, self.root, "n")
        captured += _environment_members(self.root, self.positions.data)
        for node in sorted(captured, key=lambda n: (n.start_byte, -n.end_byte)):
            start = node.start_byte
            while self.stack and self.stack[-1].node.end_byte <= start:
                self.stack.pop()
            while self.class_stack and self.class_stack[-1][0] <= start:
                self.class_stack.pop()
            self._enter(node)
        return self._build()

    @property
    def scope(self) -> Scope | None:
        return self.stack[-1] if self.stack else None

    def _enter(self, node: Node) -> None:
        kind = node.type
        if kind in FUNCTIONS:
            self._function(node)
        elif kind == "call_expression":
            self._call(node)
        elif kind in ("member_expression", "subscript_expression"):
            self._member(node)
        elif kind == "variable_declarator":
            self._declarator(node)
        elif kind in ("if_statement", "ternary_expression") or (
            kind == "binary_expression" and operator(node) == "&&"
        ):
            self.tests.append((node, self.scope))
        elif kind in ("class_declaration", "abstract_class_declaration", "class"):
            self._class(node)
        elif kind == "import_statement":
            self._import(node)
        elif kind == "enum_declaration":
            self._enum(node)
        elif kind == "jsx_attribute":
            self._attribute(node)
        elif kind in ("jsx_opening_element", "jsx_self_closing_element"):
            name = node.child_by_field_name("name")
            if name is not None:
                self.jsx_names.append((node, text(name), self.scope))
        elif kind == "assignment_expression":
            self._assignment(node)

    def _function(self, node: Node) -> None:
        name, exported = function_name(node)
        entry = None
        if name is None:
            name = route_name(node)
            entry = "decorated" if name is not None else None
        if name is None:
            return  # a callback: part of the function it is written in
        parent = self.scope
        class_name = None
        if node.type == "method_definition" and self.class_stack:
            class_name = self.class_stack[-1][1]
        if class_name is not None:
            qualname = f"{class_name}.{name}"
        elif parent is not None:
            qualname = f"{parent.qualname}.<locals>.{name}"
        else:
            qualname = name
            self.names.add(name)
        scope = Scope(
            node, name, qualname, class_name, parent, parameters(node), is_async(node), exported
        )
        scope.entry = entry
        self.stack.append(scope)
        self.scopes.append(scope)
        self.by_node[node.id] = scope

    def _class(self, node: Node) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        name = text(name_node)
        owner = self.scope
        qualname = f"{owner.qualname}.<locals>.{name}" if owner is not None else name
        if owner is None:
            self.names.add(name)
        self.classes.append(qualname)
        self.class_stack.append((node.end_byte, qualname))

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        specifier = string_value(source) if source is not None else None
        if specifier is None:
            return
        target = import_target(self.path, specifier)
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":  # import x from "m"
                    self.imports[text(part)] = f"{target}.default"
                elif part.type == "namespace_import":  # import * as x from "m"
                    alias = first_named(part)
                    if alias is not None:
                        self.imports[text(alias)] = target
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        imported = spec.child_by_field_name("name")
                        local = spec.child_by_field_name("alias") or imported
                        if imported is not None and local is not None:
                            self.imports[text(local)] = f"{target}.{text(imported)}"

    def _declarator(self, node: Node) -> None:
        target = node.child_by_field_name("name")
        value = unwrap(node.child_by_field_name("value"))
        if target is None or value is None:
            return
        top = self.scope is None and self._top_level(node)
        if (
            value.type == "call_expression"
            and dotted(value.child_by_field_name("function")) == "require"
        ):
            arguments = value.child_by_field_name("arguments")
            specifier = string_value(first_named(arguments)) if arguments is not None else None
            if specifier is not None:
                self._require(target, import_target(self.path, specifier))
            return
        if target.type == "object_pattern" and dotted(value) in ENV_OBJECTS:
            self._destructured(target, dotted(value))
            return
        if target.type != "identifier":
            return
        name = text(target)
        if top:
            self.names.add(name)
        if value.type in ("string", "template_string", "binary_expression", "ternary_expression"):
            self.local_strings.setdefault(name, []).append(value)
            if top and _const(node):
                self.bindings.setdefault(name, []).append(value)
        elif value.type == "object" and top and _const(node):
            for pair in value.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                item = pair.child_by_field_name("value") if pair.type == "pair" else None
                if key is not None and item is not None:
                    key_text = string_value(key) if key.type == "string" else text(key)
                    if key_text and unwrap(item) is not None and unwrap(item).type == "string":  # type: ignore[union-attr]
                        self.bindings.setdefault(f"{name}.{key_text}", []).append(item)

    def _top_level(self, node: Node) -> bool:
        declaration = node.parent
        holder = declaration.parent if declaration is not None else None
        if holder is not None and holder.type == "export_statement":
            holder = holder.parent
        return holder is not None and holder.type == "program"

    def _require(self, target: Node, module: str) -> None:
        if target.type == "identifier":
            self.imports[text(target)] = module
        elif target.type == "object_pattern":
            for item in target.named_children:
                if item.type == "shorthand_property_identifier_pattern":
                    self.imports[text(item)] = f"{module}.{text(item)}"

    def _enum(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is None or body is None:
            return
        if self.scope is None:
            self.names.add(text(name))
        for member in body.named_children:
            if member.type == "enum_assignment":
                key = member.child_by_field_name("name")
                value = member.child_by_field_name("value")
                if key is not None and value is not None and value.type == "string":
                    self.bindings.setdefault(f"{text(name)}.{text(key)}", []).append(value)

    def _destructured(self, pattern: Node, reader: str) -> None:
        """``const { STRIPE_KEY = "sk_test_...", DB_URL } = process.env``"""
        for item in pattern.named_children:
            if item.type == "shorthand_property_identifier_pattern":
                self._env(item, text(item), item, reader, None, "")
            elif item.type == "object_assignment_pattern":
                left = item.child_by_field_name("left")
                right = item.child_by_field_name("right")
                if left is not None:
                    self._env(item, text(left), left, reader, right, "destructuring-default")
            elif item.type == "pair_pattern":
                key = item.child_by_field_name("key")
                value = item.child_by_field_name("value")
                if key is None or value is None:
                    continue
                default = (
                    value.child_by_field_name("right")
                    if value.type == "assignment_pattern"
                    else None
                )
                self._env(item, text(key), key, reader, default, "destructuring-default")

    def _member(self, node: Node) -> None:
        """``process.env.X``, ``process.env["X"]``, ``import.meta.env.X``."""
        receiver = node.child_by_field_name("object")
        reader = dotted(receiver)
        if reader not in ENV_OBJECTS:
            return
        parent = node.parent
        if (
            parent is not None
            and parent.type == "assignment_expression"
            and parent.child_by_field_name("left") == node
        ):
            return
        if node.type == "member_expression":
            name_node = node.child_by_field_name("property")
            name = text(name_node) if name_node is not None else None
        else:
            name_node = node.child_by_field_name("index")
            name = string_value(name_node)
        fallback, kind = _fallback(node)
        self._env(node, name, name_node, reader, fallback, kind, parameter_read=name is None)

    def _env(
        self,
        node: Node,
        name: str | None,
        name_node: Node | None,
        reader: str,
        fallback: Node | None,
        kind: str,
        parameter_read: bool = False,
    ) -> None:
        if name is not None and not self._secret(name):
            return
        if name is None and not parameter_read:
            return
        self.reads.append(_EnvRead(node, name, name_node, reader, fallback, kind, self.scope))

    def _secret(self, name: str) -> bool:
        return not name.startswith(PUBLIC_PREFIXES) and bool(
            self.settings.secret_names.search(name)
        )

    def _call(self, node: Node) -> None:
        function = node.child_by_field_name("function")
        callee = dotted(function)
        head, _, rest = callee.partition(".")
        target = self.imports.get(head)
        resolved = (target + (f".{rest}" if rest else "")) if target is not None else callee
        self.calls.append(Call(node, callee, resolved, self.scope))
        if callee and self.scope is not None:
            self.scope.calls.append(callee)

    def _attribute(self, node: Node) -> None:
        """``<Link href={portalUrl}>``: a link users follow."""
        children = node.named_children
        if len(children) < 2 or text(children[0]) not in ("href", "to", "action", "formAction"):
            return
        value: Node | None = children[1]
        if value is not None and value.type == "jsx_expression":
            value = first_named(value)
        if value is not None:
            self.links.append((node, value, self.scope))

    def _assignment(self, node: Node) -> None:
        """``window.location.href = portalUrl``"""
        left = dotted(node.child_by_field_name("left"))
        right = node.child_by_field_name("right")
        if right is not None and (left.endswith("location.href") or left.endswith("location")):
            self.links.append((node, right, self.scope))

    # -- after the walk ---------------------------------------------------------------
    def _build(self) -> ModuleFacts:
        readers = self._readers()
        needs = self.needs
        emits, emitting = self._emits() if needs.telemetry else ([], set())
        records = self._recording(emitting) if emitting else set()
        call_sites = [self._call_site(c) for c in self.calls]
        functions = [self._function_fact(s, records, readers) for s in self.scopes]
        reads = self._secret_reads(readers)
        branches, eligibility_read = self._branches(emits, records)
        portal = _patterns(tuple(p.lower() for p in self.settings.language_option(PORTAL_LINKS)))
        bypasses = Bypasses(self, portal).find(needs.required)
        return ModuleFacts(
            path=self.path,
            module=self.module,
            functions=tuple(functions),
            classes=tuple(self.classes),
            imports=tuple(self.imports.items()),
            constants=self._constants(),
            calls=source_order(call_sites),
            emits=tuple(site for site, _ in emits),
            secret_reads=tuple(reads),
            eligible_branches=tuple(branches),
            call_bypasses=tuple(sorted(bypasses, key=lambda b: (b.location, b.required))),
            names=tuple(sorted(self.names)),
            screened=not (needs.telemetry or needs.required or eligibility_read),
        )

    def loc(self, node: Node) -> Location:
        return self.positions.of(node)

    def _lookup(self, name: str) -> Resolved | None:
        values = self.bindings.get(name) or self.local_strings.get(name)
        if not values or len(values) > 8:
            return None
        return union([resolve(v, lambda _n: None) for v in values])

    def _constants(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found = []
        for name, values in sorted(self.bindings.items()):
            resolved = union([resolve(v, self._lookup) for v in values])
            if resolved.known and not resolved.dynamic:
                found.append((name, resolved.known))
        return tuple(found)

    def helper(self, callee: str, scope: Scope | None) -> Scope | None:
        """The function of this module a call goes to: a nested one of the caller (or
        of a function around it), a top-level function called by name, or a method
        through ``this``."""
        head, _, rest = callee.partition(".")
        named = self._by_name.get(rest if head == "this" else callee, ())
        if not named:
            return None
        if not rest:
            current = scope
            while current is not None:
                for candidate in named:
                    if candidate.parent is current:
                        return candidate
                current = current.parent
            return next((s for s in named if s.parent is None and s.class_name is None), None)
        if (
            head == "this"
            and scope is not None
            and scope.class_name is not None
            and "." not in rest
        ):
            return next((s for s in named if s.class_name == scope.class_name), None)
        return None

    @cached_property
    def _by_name(self) -> dict[str, list[Scope]]:
        found: dict[str, list[Scope]] = {}
        for scope in self.scopes:
            found.setdefault(scope.name, []).append(scope)
        return found

    def components(self, scope: Scope) -> list[Scope]:
        """The module's components a function renders (``<RetentionOffer />``)."""
        found = []
        for _node, name, owner in self.jsx_names:
            if owner is scope and name[:1].isupper():
                target = self.helper(name, scope)
                if target is not None:
                    found.append(target)
        return found

    # -- telemetry ----------------------------------------------------------------------
    def telemetry_pattern(self, callee: str, resolved: str) -> str | None:
        if not callee or last_segment(callee) in NOT_RECORDING:
            return None
        for patterns in (self.settings.telemetry, self.telemetry):
            found = patterns.match(callee) or patterns.match(resolved)
            if found is not None:
                return found
        return None

    def _emits(self) -> tuple[list[tuple[EmitSite, Node]], set[int]]:
        found = []
        emitting: set[int] = set()
        for call in self.calls:
            pattern = self.telemetry_pattern(call.callee, call.resolved)
            if pattern is None:
                continue
            found.append((self._emit_site(call, pattern), call.node))
            if call.scope is not None:
                call.scope.emits += 1
                emitting.add(id(call.scope))
        return found, emitting

    def _emit_site(self, call: Call, pattern: str) -> EmitSite:
        node = call.node
        arguments = node.child_by_field_name("arguments")
        argument = _event_argument(arguments)
        resolved = resolve(argument, self._lookup) if argument is not None else None
        events: tuple[str, ...] = ()
        dynamic = True
        patterns: tuple[str, ...] = ()
        event_ref = None
        parameters_used: tuple[str, ...] = ()
        if resolved is not None and resolved.values:
            events, dynamic = resolved.known, resolved.dynamic
            if dynamic:
                patterns = tuple(sorted({v.replace(UNKNOWN, "*") for v in resolved.values}))
        elif argument is not None:
            name = dotted(argument)
            head, _, rest = name.partition(".")
            if head in self.imports:
                event_ref = self.imports[head] + (f".{rest}" if rest else "")
            elif call.scope is not None and name in call.scope.parameters:
                parameters_used = (name,)
        level = None
        method = last_segment(call.callee)
        receiver = call.callee[: -len(method)].rstrip(".").lower()
        if receiver and ("log" in receiver or "console" in receiver):
            level = LEVELS.get(method)
        return EmitSite(
            callee=call.callee,
            pattern=pattern,
            events=events,
            dynamic=dynamic,
            location=self.loc(node),
            event_location=self.loc(argument) if argument is not None else None,
            function=call.scope.qualname if call.scope is not None else None,
            branch=self._branch(node, call.scope),
            level=level,
            patterns=patterns,
            event_ref=event_ref,
            event_parameters=parameters_used,
        )

    def _branch(self, node: Node, scope: Scope | None) -> Branch | None:
        """The innermost `if` arm (or `? :` arm) ``node`` is in, within its function."""
        stop = scope.node if scope is not None else None
        child, current = node, node.parent
        while current is not None and current != stop:
            if current.type == "else_clause":
                owner = current.parent
                test = owner.child_by_field_name("condition") if owner is not None else None
                if test is not None:
                    return Branch(text(test).strip("() "), self.loc(test), False)
            if current.type in ("if_statement", "ternary_expression"):
                test = current.child_by_field_name("condition")
                if test is not None and child != test:
                    taken = current.child_by_field_name("consequence") == child
                    return Branch(text(test).strip("() "), self.loc(test), taken)
            child, current = current, current.parent
        return None

    def _recording(self, emitting: set[int]) -> set[int]:
        """Functions that record telemetry, themselves or through a helper of the
        module they call or a component of the module they render."""
        records = set(emitting)
        edges = {
            id(s): [
                *(self.helper(c, s) for c in s.calls),
                *self.components(s),
            ]
            for s in self.scopes
        }
        changed = True
        while changed:
            changed = False
            for scope in self.scopes:
                if id(scope) in records:
                    continue
                if any(t is not None and id(t) in records for t in edges[id(scope)]):
                    records.add(id(scope))
                    changed = True
        return records

    # -- calls and functions ---------------------------------------------------------
    def _call_site(self, call: Call) -> CallSite:
        head = call.callee.split(".", 1)[0]
        strings: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if call.callee and ("." not in call.callee or head == "this" or head in self.imports):
            strings = self._strings(call.node)
        return CallSite(
            call.callee,
            call.resolved,
            self.loc(call.node),
            call.scope.qualname if call.scope is not None else None,
            strings,
        )

    def _strings(self, node: Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return ()
        found = []
        for position, argument in enumerate(arguments.named_children):
            if argument.type == "object":
                for pair in argument.named_children:
                    key = pair.child_by_field_name("key") if pair.type == "pair" else None
                    value = pair.child_by_field_name("value") if pair.type == "pair" else None
                    if key is not None and value is not None:
                        resolved = resolve(value, self._lookup)
                        if resolved.values and resolved.known:
                            found.append((text(key), resolved.known))
                continue
            resolved = resolve(argument, self._lookup)
            if resolved.values and resolved.known:
                found.append((str(position), resolved.known))
        return tuple(found)

    def _function_fact(
        self, scope: Scope, records: set[int], readers: dict[int, ReaderSignature]
    ) -> Function:
        node = scope.node
        name_node = node.child_by_field_name("name")
        return Function(
            name=scope.name,
            qualname=scope.qualname,
            location=self.loc(name_node if name_node is not None else node),
            span=self.loc(node),
            class_name=scope.class_name,
            is_async=scope.is_async,
            decorators=(),
            parameters=scope.parameters,
            entry=entry_kind(scope, self.path, self.module_directive, self.jsx),
            records=id(scope) in records,
            reader=readers.get(id(scope)),
        )

    # -- secrets ---------------------------------------------------------------------
    def _readers(self) -> dict[int, ReaderSignature]:
        """Functions that read the variable a parameter names and fall back to another
        parameter: ``function env(name, fallback) { return process.env[name] ?? fallback }``."""
        found = {}
        for read in self.reads:
            scope = read.scope
            if read.name is not None or scope is None or read.node.type != "subscript_expression":
                continue
            index = read.node.child_by_field_name("index")
            name = text(index) if index is not None else ""
            if name not in scope.parameters:
                continue
            fallback = text(read.fallback) if read.fallback is not None else None
            default = fallback if fallback in scope.parameters else None
            found[id(scope)] = ReaderSignature(name, default)
        return found

    def _secret_reads(self, readers: dict[int, ReaderSignature]) -> list[SecretRead]:
        found = []
        for env in self.reads:
            if env.name is None:
                continue  # a reader's own read: its callers' calls are the reads
            found.append(
                self._secret_read(
                    env.node,
                    env.reader,
                    (env.name,),
                    env.name_node,
                    env.fallback,
                    env.kind,
                    env.scope,
                )
            )
        by_scope = {id(s): s for s in self.scopes}
        for call in self.calls:
            if not call.callee:
                continue
            helper = self.helper(call.callee, call.scope) if readers else None
            signature = readers.get(id(helper)) if helper is not None else None
            head = call.callee.split(".", 1)[0]
            pattern = self.settings.readers.match(call.resolved) or self.settings.readers.match(
                call.callee
            )
            imported = head in self.imports and "." not in call.callee
            if signature is None and pattern is None and not imported:
                continue  # most calls: no reader, checked before their arguments are read
            arguments = call.node.child_by_field_name("arguments")
            values = arguments.named_children if arguments is not None else []
            if helper is not None and signature is not None and id(helper) in by_scope:
                position = _position(helper.parameters, signature.name)
                default_at = _position(helper.parameters, signature.default)
                name_node = (
                    values[position] if position is not None and position < len(values) else None
                )
                default = (
                    values[default_at]
                    if default_at is not None and default_at < len(values)
                    else None
                )
                names = resolve(name_node, self._lookup).known if name_node is not None else ()
                wanted = tuple(n for n in names if self._secret(n))
                if wanted:
                    found.append(
                        self._secret_read(
                            call.node,
                            call.callee,
                            wanted,
                            name_node,
                            default,
                            "default-argument",
                            call.scope,
                        )
                    )
                continue
            if pattern is None and not imported:
                continue
            if len(values) < (1 if pattern else 2):
                continue
            names = resolve(values[0], self._lookup).known
            if pattern is None:  # perhaps a project reader: of an environment variable's name
                names = tuple(n for n in names if _ENV_NAME.fullmatch(n))
            secret = tuple(n for n in names if self._secret(n))
            if not secret:
                continue
            default = values[1] if len(values) > 1 else None
            site = self._secret_read(
                call.node, call.callee, secret, values[0], default, "default-argument", call.scope
            )
            if pattern is None:
                site = site._replace(via=call.resolved, pattern="")
            else:
                site = site._replace(pattern=pattern)
            found.append(site)
        return found

    def _secret_read(
        self,
        node: Node,
        reader: str,
        names: tuple[str, ...],
        name_node: Node | None,
        fallback_node: Node | None,
        kind: str,
        scope: Scope | None,
    ) -> SecretRead:
        fallback = self._fallback(fallback_node, kind) if fallback_node is not None else None
        reported_by = self._reported_by(fallback_node) if fallback_node is not None else None
        if reported_by is None and fallback_node is not None:
            reported_by = self._checked_after(node)
        return SecretRead(
            reader=reader if node.type != "subscript_expression" else f"{reader}[]",
            pattern=reader,
            names=tuple(sorted(names)),
            name_location=self.loc(name_node) if name_node is not None else None,
            location=self.loc(node),
            function=scope.qualname if scope is not None else None,
            fallback=fallback,
            reported=reported_by is not None,
            reported_by=reported_by,
        )

    def _fallback(self, node: Node, kind: str) -> Fallback:
        value = unwrap(node)
        assert value is not None
        literal = value.type in ("string", "number", "true", "false", "null", "undefined") or (
            value.type == "template_string"
            and not any(c.type == "template_substitution" for c in value.named_children)
        )
        string = string_value(value) if value.type == "string" else None
        if value.type == "template_string" and literal:
            string = text(value)[1:-1]
        source = text(value)
        if len(source) > 40:
            source = source[:37] + "..."
        # "not set": undefined, null, "", or an empty array or object (`?? []`: no tokens)
        empty = value.type in ("array", "object") and not value.named_children
        absent = value.type in ("null", "undefined") or string == "" or empty
        return Fallback(kind, self.loc(value), literal, string, source, absent)

    def _reported_by(self, node: Node) -> Location | None:
        """A fallback that throws or logs loudly is not silent (``?? fail("X")``)."""
        for count, inner in enumerate(walk(node)):
            if count > 200:
                break
            if inner.type == "throw_statement" or (
                inner.type == "new_expression"
                and "Error" in text(inner.child_by_field_name("constructor") or inner)
            ):
                return self.loc(inner)
            if inner.type == "call_expression":
                callee = dotted(inner.child_by_field_name("function"))
                method = last_segment(callee)
                if _FAILING.search(callee) or (
                    ("log" in callee.lower() or "console" in callee)
                    and LEVELS.get(method) in _LOUD_LEVELS
                ):
                    return self.loc(inner)
        return None

    def _checked_after(self, read: Node) -> Location | None:
        """``const KEY = process.env.KEY || "dev"`` then ``if (prod && KEY === "dev")
        throw ...``: the next statement that mentions the name, an ``if`` testing it
        that throws or logs loudly, reports the fallback (as in Python)."""
        declarator: Node | None = read
        for _ in range(4):  # the read, `||`/`??`, parentheses, `as`: then the declarator
            if declarator is None or declarator.type == "variable_declarator":
                break
            declarator = declarator.parent
        if declarator is None or declarator.type != "variable_declarator":
            return None
        name = declarator.child_by_field_name("name")
        statement = declarator.parent
        if name is None or name.type != "identifier" or statement is None:
            return None
        if statement.parent is not None and statement.parent.type == "export_statement":
            statement = statement.parent
        word = re.compile(rf"(?<![\w$]){re.escape(text(name))}(?![\w$])")
        following = statement.next_named_sibling
        for _ in range(CHECK_DISTANCE):
            if following is None:
                return None
            if word.search(text(following)):
                condition = following.child_by_field_name("condition")
                consequence = following.child_by_field_name("consequence")
                if following.type != "if_statement" or condition is None or consequence is None:
                    return None
                return self._reported_by(consequence) if word.search(text(condition)) else None
            following = following.next_named_sibling
        return None

    # -- eligible branches ----------------------------------------------------------------
    def _branches(
        self, emits: list[tuple[EmitSite, Node]], records: set[int]
    ) -> tuple[list[EligibleBranch], bool]:
        """The eligibility branches, and whether a test mentions the eligibility pattern."""
        regex = self.settings.eligibility
        if not regex.pattern:
            return [], False
        found = []
        mentioned = False
        for node, scope in self.tests:
            test = node.child_by_field_name("condition") or node.child_by_field_name("left")
            if test is None or not mentions(text(test), regex):
                continue
            mentioned = True
            when_true, when_false = eligible_atoms(test, regex)
            if not (when_true or when_false):
                continue
            if _chained(node) or _per_item(node):
                continue  # `a && b && c`: the outer `&&` holds the chain
            arm, form, atom = self._arm(node, when_true, when_false)
            if arm is None or atom is None or _trivial(arm):
                continue
            first, last = arm[0], arm[-1]
            recorded_by = self._first_record(first.start_byte, last.end_byte, scope, emits, records)
            instrumented_by = self._instrumented(scope, emits)
            found.append(
                EligibleBranch(
                    test=text(atom),
                    location=self.loc(atom),
                    form=form,
                    arm=Location(self.path, *self._span(first, last)),
                    function=scope.qualname if scope is not None else None,
                    records=recorded_by is not None,
                    recorded_by=recorded_by,
                    instrumented=instrumented_by is not None,
                    instrumented_by=instrumented_by,
                )
            )
        return found, mentioned

    def _span(self, first: Node, last: Node) -> tuple[int, int, int, int]:
        start, end = self.loc(first), self.loc(last)
        return start.line, start.column, end.end_line, end.end_column

    def _arm(
        self, node: Node, when_true: list[Node], when_false: list[Node]
    ) -> tuple[list[Node] | None, str, Node | None]:
        """The nodes that run when an eligibility read holds, the form, the read."""
        if node.type == "binary_expression":
            right = node.child_by_field_name("right")
            if right is None or not when_true:
                return None, "", None
            return [right], "and", when_true[0]
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        ternary = node.type == "ternary_expression"
        if when_true and consequence is not None:
            parent = node.parent
            elif_ = parent is not None and parent.type == "else_clause"
            form = "ternary" if ternary else ("elif" if elif_ else "if")
            return _statements(consequence), form, when_true[0]
        if not when_false:
            return None, "", None
        if alternative is not None:
            inner = first_named(alternative) if alternative.type == "else_clause" else alternative
            if inner is None:
                return None, "", None
            return _statements(inner), "ternary" if ternary else "else", when_false[0]
        if not ternary and exits(consequence):
            following: list[Node] = []
            sibling = node.next_named_sibling
            while sibling is not None and len(following) < 10_000:
                if sibling.type != "comment":
                    following.append(sibling)
                sibling = sibling.next_named_sibling
            return (following or None), "guard", when_false[0]
        return None, "", None

    def _first_record(
        self,
        start: int,
        end: int,
        scope: Scope | None,
        emits: list[tuple[EmitSite, Node]],
        records: set[int],
    ) -> Location | None:
        for site, node in emits:
            if start <= node.start_byte < end:
                return site.location
        for call in self.calls:
            if start <= call.node.start_byte < end and call.callee:
                helper = self.helper(call.callee, scope)
                if helper is not None and id(helper) in records:
                    return self.loc(call.node)
        for node, name, owner in self.jsx_names:
            if owner is scope and start <= node.start_byte < end and name[:1].isupper():
                helper = self.helper(name, scope)
                if helper is not None and id(helper) in records:
                    return self.loc(node)
        return None

    def _instrumented(
        self, scope: Scope | None, emits: list[tuple[EmitSite, Node]]
    ) -> Location | None:
        """The first telemetry call of the function, its closures (a component's
        handlers) included; of the module, for a branch at top level."""
        for site, _node in emits:
            if scope is None and site.function is None:
                return site.location
            if scope is not None and _within(site.function, scope.qualname):
                return site.location
        if scope is None and any(site.function is not None for site, _ in emits):
            return emits[0][0].location
        return None


# The nodes facts come from: those every module needs, and those of the readers a
# module needs (``screen.readers_for``): the components a function renders for the
# functions that record, links for the portal.
# `process.env.X` and `import.meta.env.X` are not among them: a query can only tell
# them from other member expressions by their text, which it reads through the
# parse's callback into Python for every `a.b.c` of the file (a third of the query's
# time on real apps); ``_environment_members`` finds them from the word `env` in
# the bytes instead.
_PATTERNS = """
[(function_declaration) (generator_function_declaration) (function_expression)
 (generator_function) (arrow_function) (method_definition)
 (call_expression) (variable_declarator) (if_statement) (ternary_expression)
 (class_declaration) (abstract_class_declaration) (class)
 (import_statement) (enum_declaration)] @n
(binary_expression operator: "&&") @n
"""
_COMPONENTS = """
[(jsx_opening_element) (jsx_self_closing_element)] @n
"""
_LINKS = """
(assignment_expression) @n
"""
_JSX_LINKS = """
(jsx_attribute) @n
"""


@cache
def _patterns(patterns: tuple[str, ...]) -> NamePatterns:
    """Compiled once per process (and their matches memoized), not per file."""
    return NamePatterns(patterns)


@cache
def _query(grammar: str, components: bool, links: bool) -> Query:
    jsx = grammar == "tsx"
    patterns = [
        _PATTERNS,
        _COMPONENTS if components and jsx else "",
        _LINKS if links else "",
        _JSX_LINKS if links and jsx else "",
    ]
    return Query(language(grammar), "".join(patterns))


_ENV = re.compile(rb"env")


def _environment_members(root: Node, data: bytes) -> list[Node]:
    """``process.env.X``, ``process.env["X"]``, ``import.meta.env.X``: the member or
    subscript expression over each ``process.env`` or ``import.meta.env`` of the file."""
    found = []
    for word in _ENV.finditer(data):
        env = root.descendant_for_byte_range(word.start(), word.end())
        if env is None or env.type != "property_identifier" or env.end_byte - env.start_byte != 3:
            continue  # in a string, a comment, another name (`environment`)
        inner = env.parent
        if inner is None or inner.type != "member_expression":
            continue
        receiver = inner.child_by_field_name("object")
        if receiver is None or not (
            receiver.type == "meta_property"
            or (receiver.type == "identifier" and text(receiver) == "process")
        ):
            continue
        outer = inner.parent
        if (
            outer is not None
            and outer.type in ("member_expression", "subscript_expression")
            and outer.child_by_field_name("object") == inner
        ):
            found.append(outer)
    return found


_PER_ITEM = frozenset(
    {"map", "flatMap", "filter", "forEach", "reduce", "some", "every", "find", "findIndex"}
)


def _per_item(node: Node) -> bool:
    """In a callback of ``items.filter(...)``, ``flatMap``...: a test of each item (a
    filter), not a decision about the person using the product."""
    current = node.parent
    while current is not None and current.type not in FUNCTIONS:
        current = current.parent
    if current is None or current.type not in ("arrow_function", "function_expression"):
        return False
    arguments = current.parent
    if arguments is None or arguments.type != "arguments":
        return False
    call = arguments.parent
    if call is None or call.type != "call_expression":
        return False
    return last_segment(dotted(call.child_by_field_name("function"))) in _PER_ITEM


def _chained(node: Node) -> bool:
    """An inner link of an ``&&`` chain: the left operand of another ``&&``."""
    parent = node.parent
    return (
        node.type == "binary_expression"
        and parent is not None
        and parent.type == "binary_expression"
        and operator(parent) == "&&"
        and parent.child_by_field_name("left") == node
    )


def _const(declarator: Node) -> bool:
    declaration = declarator.parent
    return (
        declaration is not None
        and declaration.type == "lexical_declaration"
        and any(child.type == "const" for child in declaration.children[:1])
    )


def _fallback(node: Node) -> tuple[Node | None, str]:
    """What ``process.env.X`` falls back to: the right of ``??`` or ``||`` (through
    parentheses and casts); none when that is another read (a chain of sources)."""
    current = node
    for _ in range(64):
        parent = current.parent
        if parent is None:
            return None, ""
        if parent.type in TRANSPARENT:
            current = parent
            continue
        if parent.type != "binary_expression" or operator(parent) not in ("??", "||"):
            return None, ""
        if parent.child_by_field_name("left") == current:
            right = parent.child_by_field_name("right")
            if right is None or _reads_environment(right):
                return None, ""
            return right, "nullish" if operator(parent) == "??" else "||"
        current = parent  # the right end of a chain: its own fallback is further up
    return None, ""


def _reads_environment(node: Node) -> bool:
    value = unwrap(node)
    if value is None or value.type not in ("member_expression", "subscript_expression"):
        return False
    return dotted(value.child_by_field_name("object")) in ENV_OBJECTS


def _event_argument(arguments: Node | None) -> Node | None:
    """The argument naming the event: the first string-like argument, or the
    ``event`` property of an object argument (posthog-node, Segment's Node client)."""
    if arguments is None:
        return None
    for argument in arguments.named_children[:3]:
        value = unwrap(argument)
        if value is None:
            continue
        if value.type in (
            "string",
            "template_string",
            "identifier",
            "member_expression",
            "binary_expression",
        ):
            if (
                value.type in ("identifier", "member_expression")
                and argument is not arguments.named_children[0]
            ):
                continue
            return value
        if value.type == "object":
            for pair in value.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                if key is not None and text(key) in EVENT_KEYS:
                    return pair.child_by_field_name("value")
            return None
    return None


def _statements(node: Node) -> list[Node]:
    if node.type == "statement_block":
        return [c for c in node.named_children if c.type != "comment"]
    return [node]


def _trivial(arm: list[Node]) -> bool:
    """A branch that answers with a constant (``return true``, ``? "Yes" : "No"``) or
    collects an item (``eligible.push(user)``): a predicate or a filter."""
    if len(arm) != 1:
        return False
    node: Node | None = arm[0]
    assert node is not None
    if node.type == "return_statement":
        node = first_named(node) if node.named_child_count else node
    elif node.type == "expression_statement":
        inner = first_named(node)
        if inner is not None and inner.type == "call_expression":
            return last_segment(dotted(inner.child_by_field_name("function"))) in (
                "push",
                "add",
                "set",
            )
        node = inner if inner is not None else node
    value = unwrap(node)
    if value is None or value.type == "return_statement":
        return True
    if value.type in ("jsx_element", "jsx_self_closing_element"):
        return _static_markup(value)
    if value.type == "template_string":
        return True
    if value.type == "object":  # `...(sparseEligible && { sparse })`: a value built
        return True
    if value.type == "identifier":
        return text(value).isupper() or text(value) == "undefined"
    if value.type == "member_expression":
        return last_segment(dotted(value)).isupper()
    return value.type in _TRIVIAL


def _static_markup(element: Node) -> bool:
    """HTML elements with text only (``<p>SSO is not enabled</p>``): a note shown, not
    an offer made (a component, ``<RetentionOffer />``, or a value, ``{offer.discount}``)."""
    for count, inner in enumerate(walk(element)):
        if count > 500 or inner.type == "jsx_expression":
            return False
        if inner.type in ("jsx_opening_element", "jsx_self_closing_element"):
            name = inner.child_by_field_name("name")
            if name is None or not text(name)[:1].islower():
                return False
    return True


def _position(names: tuple[str, ...], name: str | None) -> int | None:
    if name is None or name not in names:
        return None
    return names.index(name)


def _within(function: str | None, qualname: str) -> bool:
    """``function`` is the function ``qualname`` or one nested in it."""
    return function is not None and (
        function == qualname or function.startswith(f"{qualname}.<locals>.")
    )
