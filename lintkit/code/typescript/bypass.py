"""Required calls in TypeScript/JavaScript (``calls.required-before``): a guarded call,
or a way to the Stripe Customer Portal, reached without the required call first.

A link or redirect to the portal is a way to cancel that this code does not see
happen: the portal cancels the subscription itself, unless its configuration forbids
it. So where the project declares ``"billing-portal" = "offer_retention"``, every
link to it (``<Link href={portalUrl}>``, ``window.location.href = ...``,
``redirect(session.url)``, a ``billingPortal.sessions.create(...)`` call) must come
after the retention step in the same function: on every path, a required call runs
before it (``conditions.dominates``). Whether a portal configuration created in the
Stripe dashboard allows cancelling cannot be known from the code: a session created
with an explicit ``configuration`` or with a ``flow_data`` that makes a retention
offer is trusted.

Which functions are checked for a guarded call follows the Python extractor: an
entry point (a route handler, a server action, a React component...), a function
that makes the required call on some path, and the module level; a plain helper is
assumed to be called after the check. Every portal link is checked: users follow it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from tree_sitter import Node

from lintkit.code.model import CallBypass, Decision
from lintkit.code.settings import FactSettings, NamePatterns, RequiredCall
from lintkit.code.typescript.conditions import dominates
from lintkit.code.typescript.scopes import Call, Scope, entry_kind
from lintkit.code.typescript.syntax import (
    FUNCTIONS,
    dotted,
    first_named,
    operator,
    string_value,
    text,
    unwrap,
)
from lintkit.core.types import Location

PORTAL = "billing-portal"  # the name `calls.required-before` gives a way to the portal
PORTAL_CREATE = ("billingPortal.sessions.create", "billing_portal.sessions.create")
_NAVIGATE = ("redirect", "permanentRedirect", "navigate", "open", "assign", "replace", "push")
_MAX_DECISIONS = 6


def portal_value(node: Node | None, patterns: NamePatterns) -> str | None:
    """What ``node`` says of the portal when it is a link to it (its text), else None."""
    value = unwrap(node)
    if value is None:
        return None
    if value.type in ("string", "template_string"):
        literal = string_value(value) if value.type == "string" else text(value)[1:-1]
        if literal and patterns.match(literal.lower()):
            return text(value)
        return None
    if value.type == "call_expression":
        name = dotted(value.child_by_field_name("function"))
    else:
        name = dotted(value)
    if not name:
        return None
    lowered = name.lower()
    if patterns.match(lowered) or patterns.match(lowered.rsplit(".", 1)[-1]):
        return text(value)
    return None


class Module(Protocol):
    """What the check reads of a module being read (``facts.ModuleReader``)."""

    path: str
    settings: FactSettings
    module_directive: str | None
    jsx: bool
    imports: dict[str, str]
    scopes: list[Scope]
    calls: list[Call]
    links: list[tuple[Node, Node, Scope | None]]

    def helper(self, callee: str, scope: Scope | None) -> Scope | None: ...

    def loc(self, node: Node) -> Location: ...


class Bypasses:
    def __init__(self, reader: Module, portal: NamePatterns) -> None:
        self.reader = reader
        self.portal = portal  # lower-case patterns, matched against lower-cased text

    def find(self, pairs: Iterable[RequiredCall]) -> list[CallBypass]:
        """The bypasses of ``pairs`` (of ``calls.required-before``)."""
        found = []
        for pair in pairs:
            found += self._pair(pair)
        return found

    def _pair(self, pair: RequiredCall) -> list[CallBypass]:
        reader = self.reader
        requiring = self._requiring(pair.required)
        required = [
            c.node
            for c in reader.calls
            if _matches(pair.required, c.callee, c.resolved)
            or (c.callee and id(reader.helper(c.callee, c.scope)) in requiring)
        ]
        sites: list[tuple[Node, str, str | None, Scope | None]] = [
            (c.node, c.callee, None, c.scope)
            for c in reader.calls
            if _matches(pair.call, c.callee, c.resolved)
        ]
        if pair.call.match(PORTAL):
            sites += self._portal_sites()
        found = []
        for node, call, portal, scope in sites:
            if scope is not None and (
                pair.call.match(scope.name) or pair.required.match(scope.name)
            ):
                continue  # a wrapper of either call
            if portal is None and not self._checked(scope, requiring, required):
                continue
            if any(dominates(r, node) for r in required):
                continue
            found.append(
                CallBypass(
                    call=call,
                    location=reader.loc(node),
                    required=pair.required_text,
                    function=scope.qualname if scope is not None else None,
                    function_location=reader.loc(_name(scope.node)) if scope is not None else None,
                    path=self._decisions(node),
                    portal=portal,
                )
            )
        return found

    def _requiring(self, patterns: NamePatterns) -> set[int]:
        """Functions of the module that make a required call, themselves or through
        a helper of theirs."""
        reader = self.reader
        found = {
            id(s)
            for s in reader.scopes
            if any(_matches(patterns, c, reader.imports.get(c.split(".")[0], c)) for c in s.calls)
        }
        changed = True
        while changed:
            changed = False
            for scope in reader.scopes:
                if id(scope) not in found and any(
                    id(reader.helper(c, scope)) in found for c in scope.calls
                ):
                    found.add(id(scope))
                    changed = True
        return found

    def _checked(self, scope: Scope | None, requiring: set[int], required: list[Node]) -> bool:
        if scope is None:
            return True
        reader = self.reader
        if entry_kind(scope, reader.path, reader.module_directive, reader.jsx) is not None:
            return True
        start, end = scope.node.start_byte, scope.node.end_byte
        return id(scope) in requiring or any(start <= r.start_byte < end for r in required)

    def _portal_sites(self) -> list[tuple[Node, str, str | None, Scope | None]]:
        reader = self.reader
        sites: list[tuple[Node, str, str | None, Scope | None]] = []
        for site, value, scope in reader.links:
            what = portal_value(value, self.portal)
            if what is not None:
                sites.append((site, PORTAL, what, scope))
        for call in reader.calls:
            arguments = call.node.child_by_field_name("arguments")
            first = first_named(arguments) if arguments is not None else None
            if call.callee.endswith(PORTAL_CREATE):
                if not _trusted_session(first):
                    sites.append((call.node, PORTAL, f"{call.callee}(...)", call.scope))
            elif call.callee.rsplit(".", 1)[-1] in _NAVIGATE:
                what = portal_value(first, self.portal)
                if what is not None:
                    sites.append((call.node, PORTAL, what, call.scope))
        return sites

    def _decisions(self, node: Node) -> tuple[Decision, ...]:
        """The conditions the site is under, within its function, outermost first."""
        found = []
        child, current = node, node.parent
        while current is not None and current.type not in FUNCTIONS:
            test = None
            holds = True
            if current.type in ("if_statement", "ternary_expression"):
                test = current.child_by_field_name("condition")
                holds = current.child_by_field_name("consequence") == child
            elif current.type == "else_clause":
                owner = current.parent
                if owner is None:
                    break
                test = owner.child_by_field_name("condition")
                if test is not None:
                    found.append(self._decision(test, False))
                child, current = owner, owner.parent
                continue
            elif (
                current.type == "binary_expression"
                and operator(current) == "&&"
                and current.child_by_field_name("right") == child
            ):
                test = current.child_by_field_name("left")
            if test is not None and test != child:
                found.append(self._decision(test, holds))
            child, current = current, current.parent
        return tuple(reversed(found[:_MAX_DECISIONS]))

    def _decision(self, test: Node, holds: bool) -> Decision:
        words = text(test).strip("() ")
        if len(words) > 60:
            words = words[:57] + "..."
        how = "holds" if holds else "does not hold"
        return Decision(self.reader.loc(test), f"taken when `{words}` {how}")


def _matches(patterns: NamePatterns, callee: str, resolved: str) -> bool:
    return bool(callee) and (
        patterns.match(callee) is not None or patterns.match(resolved) is not None
    )


def _trusted_session(options: Node | None) -> bool:
    """A portal session that does not open on a way to cancel: its configuration is
    chosen (``configuration: ...``: it may not allow cancelling), or its ``flow_data``
    is a focused flow (updating a payment method, confirming an upgrade), or a
    cancellation flow that makes a retention offer."""
    value = unwrap(options)
    if value is None or value.type != "object":
        return False
    for pair in value.named_children:
        key = pair.child_by_field_name("key") if pair.type == "pair" else None
        name = text(key) if key is not None else ""
        if name == "configuration":
            return True
        if name == "flow_data":
            written = text(pair)
            return "subscription_cancel" not in written or "retention" in written
    return False


def _name(node: Node) -> Node:
    name = node.child_by_field_name("name")
    return name if name is not None else node
