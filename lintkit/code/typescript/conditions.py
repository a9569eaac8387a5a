"""Conditions: when does code run, and what must have held for it to run.

``eligible_atoms`` finds the eligibility reads of a test and which way the test
must go for them to hold; ``exits`` says a branch always leaves its function
(the guard form); ``dominates`` says a call always runs before another (the
required call of CD301). All walk up parent links or over bounded lists: no
recursion over the tree.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from lintkit.code.settings import NEGATED, technical_subject
from lintkit.code.typescript.syntax import FUNCTIONS, TRANSPARENT, dotted, first_named, operator
from lintkit.documents.treesitter import walk

# Calls that never return: Next.js' redirect() and notFound() throw, process.exit() ends.
EXIT_CALLS = frozenset(
    {"redirect", "permanentRedirect", "notFound", "process.exit", "unauthorized"}
)
_COMPARE_SAME = ("===", "==")
_COMPARE_OTHER = ("!==", "!=")
MAX_TEST_NODES = 2_000
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_CHAIN_GAP = re.compile(r"[?!]+(?=\.)|\s+(?=\.)|(?<=\.)\s+")


def eligible_atoms(test: Node, regex: re.Pattern[str]) -> tuple[list[Node], list[Node]]:
    """(reads that hold when ``test`` is true, reads that hold when it is false)."""
    when_true: list[Node] = []
    when_false: list[Node] = []
    for count, node in enumerate(walk(test)):
        if count > MAX_TEST_NODES:
            break
        if node.type not in ("identifier", "member_expression"):
            continue
        parent = node.parent
        if (
            parent is not None
            and parent.type == "member_expression"
            and parent.child_by_field_name("object") == node
        ):
            continue  # a part of a longer chain: the chain is the read
        name = dotted(node)
        words = _CAMEL.sub(r"\1_\2", name)  # isEligible -> is_Eligible: the words it says
        found = regex.search(words) if name else None
        if (
            found is None
            or _constant(words, found.start())
            or _qualifies_a_noun(words, found.end())
            or technical_subject(words, found.start())
        ):
            continue
        if_true, if_false = _polarity(node, test)
        if NEGATED.search(words):
            if_true, if_false = if_false, if_true
        if if_true:
            when_true.append(node)
        if if_false:
            when_false.append(node)
    return when_true, when_false


def mentions(written: str, regex: re.Pattern[str]) -> bool:
    """Whether a test's source text may hold a read ``eligible_atoms`` finds: asked
    first, because most tests hold none and a regex over their text costs less than
    a walk over their nodes.

    A read's name is made of the text's identifiers, camelCase split as there, and
    joined by dots where the text may write `?.`, `!.` or a line break around the
    dot; so the text, split and joined so, holds what the pattern finds. (Unless a
    chain is cut by parentheses or a comment, `(user as Account).isEligible`, and the
    pattern spans its dot: the default one, words, never does.)"""
    words = _CAMEL.sub(r"\1_\2", written)
    if regex.search(words) is not None:
        return True
    joined = _CHAIN_GAP.sub("", words)
    return joined != words and regex.search(joined) is not None


def _constant(name: str, at: int) -> bool:
    """The word is in a constant's name (``SSO_ELIGIBLE_PLANS.includes(plan)``): a fixed
    list the code checks against, not a decision about someone."""
    start = name.rfind(".", 0, at) + 1
    end = name.find(".", at)
    segment = name[start : end if end >= 0 else len(name)]
    return segment.isupper()


def _qualifies_a_noun(words: str, end: int) -> bool:
    """``eligiblePayouts``, ``eligibleGroups``, ``eligible.length``: the word names a
    collection; a decision ends with it (``isEligible``, ``offer.eligible``) or goes
    on with a preposition (``isEligibleForTrial``)."""
    stop = words.find(".", end)
    rest = words[end : stop if stop >= 0 else len(words)].lower()
    if not rest and stop >= 0 and words[stop + 1 :].split(".")[0].lower() in ("length", "size"):
        return True  # `eligible.length`: how many are, a collection
    return bool(rest) and not rest.startswith(("_for", "_to", "_with", "_now", "()"))


def _polarity(atom: Node, test: Node) -> tuple[bool, bool]:
    """(test true => the read is true, test false => the read is true)."""
    holds_if_true, holds_if_false = True, False
    current = atom
    while current != test:
        parent = current.parent
        if parent is None:
            return False, False
        kind = parent.type
        if kind in TRANSPARENT:
            pass
        elif kind == "call_expression" and parent.child_by_field_name("function") == current:
            pass  # user.isEligible()
        elif kind == "unary_expression" and operator(parent) == "!":
            holds_if_true, holds_if_false = holds_if_false, holds_if_true
        elif kind == "binary_expression":
            op = operator(parent)
            other = parent.child_by_field_name(
                "right" if parent.child_by_field_name("left") == current else "left"
            )
            literal = other.type if other is not None else ""
            if op == "&&":
                holds_if_false = False
            elif op == "||":
                holds_if_true = False
            elif op in _COMPARE_SAME + _COMPARE_OTHER and literal in ("true", "false"):
                if (op in _COMPARE_SAME) != (literal == "true"):
                    holds_if_true, holds_if_false = holds_if_false, holds_if_true
            else:
                return False, False
        else:
            return False, False
        current = parent
    return holds_if_true, holds_if_false


def exits(statement: Node | None) -> bool:
    """The statement always leaves the function: `return`, `throw`, a block that
    ends with one, or a call that never returns (`redirect(...)`)."""
    for _ in range(64):
        if statement is None:
            return False
        kind = statement.type
        if kind in ("return_statement", "throw_statement"):
            return True
        if kind == "statement_block":
            if statement.named_child_count == 0:
                return False
            statement = statement.named_children[-1]
            continue
        if kind == "expression_statement":
            expression = first_named(statement)
            while expression is not None and expression.type in TRANSPARENT:
                expression = first_named(expression)
            if expression is not None and expression.type == "call_expression":
                name = dotted(expression.child_by_field_name("function"))
                return name in EXIT_CALLS
        return False
    return False


# Where a child of a node runs only sometimes when the node runs.
_CONDITIONAL = {
    "if_statement": ("consequence", "alternative"),
    "ternary_expression": ("consequence", "alternative"),
    "for_statement": ("body", "increment", "condition"),
    "for_in_statement": ("body",),
    "while_statement": ("body", "condition"),
    "switch_statement": ("body",),
    "try_statement": ("handler",),
}


def unconditional_under(node: Node, ancestor: Node) -> bool:
    """Whenever ``ancestor`` runs (to its end), so does ``node``: no branch, loop
    body, short-circuit operand, catch clause or function boundary between them."""
    current = node
    while current != ancestor:
        parent = current.parent
        if parent is None:
            return False
        if parent.type in FUNCTIONS or parent.type in ("class_body", "switch_case", "catch_clause"):
            return False
        fields = _CONDITIONAL.get(parent.type, ())
        if any(parent.child_by_field_name(f) == current for f in fields):
            return False
        if parent.type == "else_clause":
            return False
        if (
            parent.type == "binary_expression"
            and operator(parent) in ("&&", "||", "??")
            and parent.child_by_field_name("right") == current
        ):
            return False
        if parent.type == "call_expression" and _optional(parent) and current.type == "arguments":
            return False
        current = parent
    return True


def _optional(call: Node) -> bool:
    return any(child.type == "optional_chain" for child in call.children)


def ancestors(node: Node) -> list[Node]:
    """``node``'s ancestors, the nearest first."""
    found = []
    current = node.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def dominates(first: Node, then: Node) -> bool:
    """``first`` runs before ``then`` on every path to ``then``: it is unconditional
    under their common ancestor, and comes first in it (a statement before, the test
    of the `if` or `? :` that ``then`` is in, the left of `&&`)."""
    if first.start_byte >= then.start_byte:
        return False
    above_then = {a.id: a for a in ancestors(then)}
    common = next((a for a in ancestors(first) if a.id in above_then), None)
    if common is None:
        return False
    child_of_common = first
    while child_of_common.parent is not None and child_of_common.parent != common:
        child_of_common = child_of_common.parent
    if not unconditional_under(first, common):
        return False
    if common.type in ("if_statement", "ternary_expression", "while_statement"):
        return common.child_by_field_name("condition") == child_of_common
    if common.type in ("switch_statement",):
        return common.child_by_field_name("value") == child_of_common
    return common.type not in ("try_statement", "for_statement", "for_in_statement")
