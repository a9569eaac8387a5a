"""Secret reads in Go and what they fall back to.

Reads: ``os.Getenv``, ``os.LookupEnv``, the configured ``secrets.readers``, GCP
Secret Manager's ``AccessSecretVersion`` and AWS Secrets Manager's
``GetSecretValue``, a function of the file that wraps one of them
(``getenv(key, def)``, ``secretOr(ctx, name, fallback)``: its parameters say
where the name and the default go), a reader-named function of another file of
the package (``getEnv("X", "def")``), and struct fields tagged for envconfig
(``envconfig:"X" default:"..."``) or caarlos0/env (``env:"X" envDefault:"..."``).

Fallbacks: ``if v == "" { v = "..." }`` (or ``!ok`` after ``LookupEnv``), the
value returned after ``if v != "" { return v }``, what an ``err != nil`` path
returns or assigns after a secret manager call, a wrapper's default argument,
and a struct tag's default unless the field is ``required``/``notEmpty``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tree_sitter import Node

from lintkit.code.go.context import Context, returns_error
from lintkit.code.go.index import FunctionInfo
from lintkit.code.go.strings import Resolved
from lintkit.code.go.syntax import (
    STRING_TYPES,
    arguments,
    dotted,
    keyed,
    statements,
    string_value,
    text,
    unwrap,
)
from lintkit.code.model import Fallback, ReaderSignature, SecretRead
from lintkit.core.types import Location
from lintkit.documents.treesitter import walk

ENV_READERS = {
    "os.Getenv": "os.Getenv",
    "os.LookupEnv": "os.LookupEnv",
    "syscall.Getenv": "syscall.Getenv",
}
_MANAGERS = ("AccessSecretVersion", "GetSecretValue")
_MANAGER_KEYS = ("Name", "SecretId")
# A function of another file of the package that reads a setting, by its name.
_READER_NAME = re.compile(
    r"(?i)^(get|lookup|read|load)?_?(env|environment|secret|config)(var|value)?"
    r"(_?or(_?default|_?else)?|_?default|_?with_?default|_?string|_?str)?$"
)
_MUST = re.compile(r"(?i)^must")
SECRET_READER = re.compile(r"(?i)secret|credential|password|vault")
_SECRET_PATH = re.compile(r"/secrets/([^/*]+)(?:/|$)")
_TAG = re.compile(r'(\w+):"((?:[^"\\]|\\.)*)"')
_NOT_A_FALLBACK = {"nil"}


class Reader(NamedTuple):
    """A call that reads a setting: where its name and default are."""

    reader: str  # as written
    pattern: str
    name: Node | None
    default: Node | None
    dedicated: bool  # reads secrets whatever the name (a secret manager)
    error_path: bool  # a missing secret shows as an error (`err != nil`)
    lookup: bool  # returns (value, ok)
    via: str | None = None
    reports: Location | None = None  # a wrapper that reports its own fallback: where


def may_read(callee: str, resolved: str) -> bool:
    """Whether a call of this name (``resolved``: with imports resolved) may be a
    read ``reader_call`` knows by itself, the configured readers aside: an env
    reader, a secret manager, a reader-named function (a wrapper of the file
    calls one of the first two)."""
    return (
        resolved in ENV_READERS
        or callee.rsplit(".", 1)[-1] in _MANAGERS
        or ("." not in callee and _READER_NAME.match(callee) is not None)
    )


def reader_call(
    ctx: Context, call: Node, callee: str, function: FunctionInfo | None
) -> Reader | None:
    resolved = ctx.index.resolve(callee)
    method = callee.rsplit(".", 1)[-1]
    if resolved in ENV_READERS:
        args = arguments(call)
        return Reader(
            callee, resolved, args[0] if args else None, None, False, False, method == "LookupEnv"
        )
    if method in _MANAGERS:
        name = _manager_name(arguments(call))
        return Reader(callee, f"*.{method}", name, None, True, True, False)
    helper = ctx.index.helper(callee, function)
    if helper is not None:
        signature = wrapper_signature(ctx, ctx.index.functions[helper])
        if signature is None:
            return None
        info = ctx.index.functions[helper]
        name = _argument(call, info, signature.name)
        default = _argument(call, info, signature.default) if signature.default else None
        dedicated = bool(SECRET_READER.search(info.name)) or _wraps_manager(info)
        reports = _wrapper_reports(ctx, info)
        return Reader(callee, info.name, name, default, dedicated, False, False, reports=reports)
    pattern = ctx.settings.readers.match(resolved) or ctx.settings.readers.match(callee)
    if pattern is not None:
        args = arguments(call)
        return Reader(
            callee,
            pattern,
            args[0] if args else None,
            args[1] if len(args) > 1 else None,
            bool(SECRET_READER.search(pattern)),
            False,
            False,
        )
    if "." not in callee and callee not in ctx.index.functions and _READER_NAME.match(callee):
        # a reader of another file of the package, by its name: (name, default)
        args = arguments(call)
        strings = [a for a in args if a.type in STRING_TYPES]
        if not strings:
            return None
        name = strings[0]
        after = args[args.index(name) + 1 :]
        default = after[-1] if after and not _MUST.match(callee) else None
        return Reader(
            callee, callee, name, default, bool(SECRET_READER.search(callee)), False, False
        )
    return None


def _manager_name(args: list[Node]) -> Node | None:
    """The secret's name in a request: ``{Name: ...}`` (GCP), ``{SecretId: aws.String(...)}``."""
    for arg in args:
        literal = unwrap(arg)
        if literal is None or literal.type != "composite_literal":
            continue
        for key in _MANAGER_KEYS:
            value = keyed(literal, key)
            if value is not None:
                return _pointer_helper_argument(value)
    return None


def _pointer_helper_argument(value: Node) -> Node:
    """``aws.String("x")`` -> ``"x"``: the SDKs' pointer helpers."""
    inner = unwrap(value)
    if inner is None or inner.type != "call_expression" or not arguments(inner):
        return value
    if dotted(inner.child_by_field_name("function")).endswith(("String", "StringPtr")):
        return arguments(inner)[0]
    return value


def _argument(call: Node, info: FunctionInfo, parameter: str | None) -> Node | None:
    if parameter is None or parameter not in info.parameters:
        return None
    position = info.parameters.index(parameter)
    args = arguments(call)
    return args[position] if position < len(args) else None


def _wraps_manager(info: FunctionInfo) -> bool:
    return any(c.rsplit(".", 1)[-1] in _MANAGERS for c in info.callees)


def wrapper_signature(ctx: Context, info: FunctionInfo) -> ReaderSignature | None:
    """A function of the file that reads the setting its parameter names, and
    returns another parameter when it is missing (``func getenv(key, def string)``)."""
    memo = ctx.index.signatures
    if info.qualname in memo:
        return memo[info.qualname]
    memo[info.qualname] = None  # a recursive wrapper is none
    found: ReaderSignature | None = None
    body = info.body
    calls_reader = any(
        ctx.index.resolve(c) in ENV_READERS or c.rsplit(".", 1)[-1] in _MANAGERS
        for c in info.callees
    )
    if body is not None and info.parameters and calls_reader:
        for node in walk(body):
            if node.type != "call_expression":
                continue
            callee = dotted(node.child_by_field_name("function"))
            resolved = ctx.index.resolve(callee)
            method = callee.rsplit(".", 1)[-1]
            if resolved not in ENV_READERS and method not in _MANAGERS:
                continue
            name_node = (
                arguments(node)[0]
                if resolved in ENV_READERS and arguments(node)
                else _manager_name(arguments(node))
            )
            if name_node is None:
                continue
            named = ctx.strings.resolve(name_node, info).parameters
            if not named:
                continue
            name = named[0]
            default = next(
                (p for p in _returned_parameters(body) if p != name and p in info.parameters),
                None,
            )
            found = ReaderSignature(name, default)
            break
    memo[info.qualname] = found
    return found


def _wrapper_reports(ctx: Context, info: FunctionInfo) -> Location | None:
    """Where a wrapper reports the fallback it returns (a warning, a panic...)."""
    body = info.body
    if body is None:
        return None
    for node in walk(body):
        if node.type == "call_expression":
            callee = dotted(node.child_by_field_name("function"))
            inner = reader_call(ctx, node, callee, info) if callee else None
            if inner is not None and ctx.index.helper(callee, info) is None:
                return _fallback(ctx, node, inner, info)[1]
    return None


def _returned_parameters(body: Node) -> list[str]:
    found = []
    for node in walk(body):
        if node.type == "return_statement" and node.named_children:
            for value in node.named_children[0].named_children:
                if value.type == "identifier":
                    found.append(text(value))
    return found


# -- the read and its fallback ---------------------------------------------------------


def secret_read(
    ctx: Context, call: Node, reader: Reader, function: FunctionInfo | None
) -> SecretRead | None:
    resolved = (
        ctx.strings.resolve(reader.name, function)
        if reader.name is not None
        else Resolved((), True)
    )
    names = _names(resolved, reader)
    if not (reader.dedicated or any(ctx.settings.secret_names.search(n) for n in names)):
        return None
    fallback, reported = _fallback(ctx, call, reader, function)
    reported = reported or reader.reports
    return SecretRead(
        reader=reader.reader,
        pattern=reader.pattern,
        names=names,
        name_location=ctx.loc(reader.name) if reader.name is not None else None,
        location=ctx.loc(call),
        function=function.qualname if function is not None else None,
        fallback=fallback,
        reported=reported is not None,
        reported_by=reported,
        via=reader.via,
    )


def _names(resolved: Resolved, reader: Reader) -> tuple[str, ...]:
    names = set(resolved.known)
    if reader.dedicated:
        # projects/P/secrets/NAME/versions/latest -> NAME
        for value in (*resolved.known, *resolved.patterns):
            match = _SECRET_PATH.search(value)
            if match is not None:
                names.discard(value)
                names.add(match.group(1))
            elif value.startswith("projects/") or "*" in value:
                names.discard(value)
    return tuple(sorted(names))


def _fallback(
    ctx: Context, call: Node, reader: Reader, function: FunctionInfo | None
) -> tuple[Fallback | None, Location | None]:
    if reader.default is not None:
        if _is_read(ctx, reader.default):
            return None, None
        return _value(ctx, reader.default, "default-argument"), None
    statement, bound = _statement(call)
    if statement is None:
        return None, None
    for check in _following(statement):
        found = _check(ctx, check, bound, reader)
        if found is not None:
            return found
    return None, None


def _statement(call: Node) -> tuple[Node | None, list[str]]:
    """The statement a read is in, and the names it binds the read's results to."""
    node: Node | None = call
    for _ in range(8):
        parent = node.parent if node is not None else None
        if parent is None:
            return None, []
        if parent.type in ("short_var_declaration", "assignment_statement", "var_spec"):
            left = parent.child_by_field_name("left") or parent.child_by_field_name("name")
            names = (
                [text(n) for n in left.named_children]
                if left is not None and left.type == "expression_list"
                else ([text(left)] if left is not None else [])
            )
            if parent.type == "var_spec":
                names = [text(n) for n in parent.children_by_field_name("name")]
                parent = (
                    parent.parent
                    if parent.parent is not None and parent.parent.type == "var_declaration"
                    else parent
                )
            return parent, names
        if parent.type.endswith("_statement") or parent.type == "block":
            return (parent if parent.type != "block" else node), []
        node = parent
    return None, []


def _following(statement: Node) -> list[Node]:
    """The statement (an `if` whose initializer it is) and the two after it."""
    parent = statement.parent
    if (
        parent is not None
        and parent.type == "if_statement"
        and parent.child_by_field_name("initializer") == statement
    ):
        return [parent]
    found: list[Node] = []
    sibling = statement.next_named_sibling
    while sibling is not None and len(found) < 2:
        if sibling.type != "comment":
            found.append(sibling)
        sibling = sibling.next_named_sibling
    return found


def _check(
    ctx: Context, node: Node, bound: list[str], reader: Reader
) -> tuple[Fallback | None, Location | None] | None:
    """What an `if` right after the read does when the value is missing; None:
    it is not such a check."""
    if node.type != "if_statement" or not bound:
        return None
    condition = node.child_by_field_name("condition")
    if condition is None:
        return None
    test = " ".join(text(condition).split())
    value, second = bound[0], (bound[1] if len(bound) > 1 else "")
    missing_tests = {
        f'{value} == ""',
        f"len({value}) == 0",
        f"!{second}",
        f"{second} != nil",
        f"{value} == nil",
    }
    present_tests = {
        f'{value} != ""',
        f"len({value}) > 0",
        f"len({value}) != 0",
        second,
        f"{second} == nil",
    }
    consequence = node.child_by_field_name("consequence")
    alternative = node.child_by_field_name("alternative")
    if reader.error_path and second:
        missing_tests = {f"{second} != nil"}
        present_tests = {f"{second} == nil"}
    if any(t and (test == t or test.startswith(t + " ||")) for t in missing_tests):
        return _on_missing(ctx, node, statements(consequence), value, consequence)
    if any(t and test == t for t in present_tests):
        if alternative is not None:
            return _on_missing(ctx, node, statements(alternative), value, alternative)
        after = node.next_named_sibling
        if after is not None and after.type == "return_statement":
            returned = _returned(after)
            if returned is not None and not returns_error(after):
                fallback = _value(ctx, returned, _kind(reader))
                return (None, None) if fallback is None else (fallback, ctx.reporting(after))
    return None


def _kind(reader: Reader) -> str:
    return "on-error" if reader.error_path else "if-missing"


def _on_missing(
    ctx: Context, check: Node, body: list[Node], value: str, block: Node | None
) -> tuple[Fallback | None, Location | None]:
    kind = (
        "on-error"
        if " != nil" in text(check.child_by_field_name("condition") or check)
        else "if-missing"
    )
    reported = ctx.reporting(block) if block is not None else None
    for statement in body:
        if statement.type == "return_statement":
            if returns_error(statement):
                return None, None  # the error goes up: fails loudly
            returned = _returned(statement)
            fallback = _value(ctx, returned, kind) if returned is not None else None
            return fallback, reported
        if statement.type == "assignment_statement":
            left, right = (
                statement.child_by_field_name("left"),
                statement.child_by_field_name("right"),
            )
            if left is None or right is None or not right.named_children:
                continue
            target = text(left.named_children[0]) if left.named_children else ""
            if target == value or (kind == "on-error" and target not in ("err", "_")):
                return _value(ctx, right.named_children[0], kind), reported
    return None, None


def _returned(statement: Node) -> Node | None:
    values = statement.named_children[0].named_children if statement.named_children else []
    return values[0] if values else None


def _is_read(ctx: Context, node: Node) -> bool:
    """Another read of a setting: a chain of sources, not a default."""
    inner = unwrap(node)
    if inner is None or inner.type != "call_expression":
        return False
    callee = dotted(inner.child_by_field_name("function"))
    return ctx.index.resolve(callee) in ENV_READERS or bool(
        _READER_NAME.match(callee.rsplit(".", 1)[-1])
    )


def _value(ctx: Context, node: Node | None, kind: str) -> Fallback | None:
    if node is None or text(node) in _NOT_A_FALLBACK or _is_read(ctx, node):
        return None
    literal = string_value(node)
    is_literal = literal is not None or node.type in (
        "int_literal",
        "float_literal",
        "true",
        "false",
    )
    return Fallback(
        kind=kind,
        location=ctx.loc(node),
        literal=is_literal,
        value=literal,
        source=ctx.source(node, 40),
        absent=literal == "" or _empty(node),
    )


def _empty(node: Node) -> bool:
    """An empty composite literal (``[]string{}``): no values configured, "not set"."""
    body = node.child_by_field_name("body") if node.type == "composite_literal" else None
    return body is not None and not body.named_children


# -- struct tags -------------------------------------------------------------------------


def tagged_reads(ctx: Context) -> list[SecretRead]:
    """Fields of struct types read from the environment by their tags."""
    found: list[SecretRead] = []
    for struct in ctx.index.structs.values():
        written = text(struct)
        if not any(word in written for word in ("env", "split_words", "\\")):
            continue  # no tag _tagged reads (an escape could spell one)
        for field in walk(struct):
            if field.type != "field_declaration":
                continue
            tag = field.child_by_field_name("tag")
            if tag is None:
                continue
            read = _tagged(ctx, field, tag)
            if read is not None:
                found.append(read)
    return found


def _tagged(ctx: Context, field: Node, tag: Node) -> SecretRead | None:
    raw = text(tag)[1:-1] if tag.type == "raw_string_literal" else (string_value(tag) or "")
    tags = {m.group(1): (m.group(2), m.start(2)) for m in _TAG.finditer(raw)}
    names = [text(n) for n in field.children_by_field_name("name")]
    if not names:
        return None
    if "envconfig" in tags or ("default" in tags and "split_words" in tags):
        reader = "envconfig"
        env = tags.get("envconfig", ("", 0))[0] or names[0].upper()
        default = tags.get("default")
        required = tags.get("required", ("", 0))[0] == "true"
    elif "env" in tags:
        reader = "env"
        name, *options = tags["env"][0].split(",")
        env = name or names[0].upper()
        default = tags.get("envDefault")
        required = bool({"required", "notEmpty"} & set(options))
    else:
        return None
    if not ctx.settings.secret_names.search(env):
        return None
    fallback = None
    if default is not None and not required:
        value, offset = default
        start = tag.start_byte + 1 + len(raw[:offset].encode())
        line, column = ctx.positions.point(start)
        end_line, end_column = ctx.positions.point(start + len(value.encode()))
        location = Location(ctx.path, line, column, end_line, end_column)
        fallback = Fallback("tag-default", location, True, value, f'"{value}"'[:40], value == "")
    return SecretRead(
        reader=reader,
        pattern=f"{reader} struct tag",
        names=(env,),
        name_location=ctx.loc(tag),
        location=ctx.loc(field),
        function=None,
        fallback=fallback,
        reported=False,
        reported_by=None,
    )
