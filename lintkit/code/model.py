"""Code facts of one source module, in any language: frozen, picklable plain data.

This is what code rules, the project outlines and the project index read of
code; each language's extractor (``lintkit.code.extractor``: ``python/``, ``go/``,
``typescript/``) produces it, and nothing here refers to a parser's node. The facts are a pure
function of the file's bytes and the settings (``lintkit.code.settings``), so
they can be cached on disk by content hash and computed in worker processes.
The records a module has many of are named tuples rather than dataclasses: the
cache unpickles them about twice as fast.

Names are dotted, as the language writes them (``self.billing.cancel``), and a
function's qualified name is unique within its module. Positions are
``lintkit.core.types.Location``: 1-based lines and columns, end exclusive,
taken from the parser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from lintkit.core.types import Location


def last_segment(name: str) -> str:
    """A dotted name's last part: ``analytics.track`` -> ``track``."""
    return name.rsplit(".", 1)[-1]


class Branch(NamedTuple):
    """The arm of an ``if`` that a fact sits in: the test, and which way it went."""

    test: str  # the test's source text, e.g. "result.eligible"
    location: Location  # of the test
    taken: bool  # True: the body; False: the else arm (or the code after a guard)


class CallSite(NamedTuple):
    callee: str  # the called name as written: "self.billing.cancel_subscription"
    resolved: str  # with imports resolved: "os.getenv" for `getenv` after `from os import getenv`
    location: Location  # the whole call expression
    function: str | None  # qualified name of the enclosing function; None: module level
    # The arguments known to be strings: (position "0", "1"... or keyword, every
    # possible value). Kept only for calls that may go to a function of the
    # project (a bare name, an imported name, self./cls.): what a call passes
    # to an emit wrapper such as `def record(user, event)` is the event's name.
    strings: tuple[tuple[str, tuple[str, ...]], ...] = ()


class ReaderSignature(NamedTuple):
    """Which parameters of a reader function carry the name read and the default."""

    name: str  # the parameter holding the setting's name
    default: str | None  # the parameter returned when it is missing; None: no default


class Function(NamedTuple):
    name: str
    qualname: str  # "Billing.cancel"; nested, as the language names it: "outer.<locals>.inner"
    location: Location  # the function's name in its `def`
    span: Location  # from `def` (decorators not included) to the end of the body
    class_name: str | None  # the class it is a method of
    is_async: bool
    decorators: tuple[str, ...]  # dotted names of the decorators, as written
    parameters: tuple[str, ...]
    # How a framework calls it, when nothing in the code does: "decorated" (a
    # route, a task, a receiver), "method" (a request or job method, a method of
    # a handler class), "named" (`handle_*`, `*_webhook`); None: not an entry point.
    entry: str | None = None
    # Its calls are ModuleFacts.calls_in(qualname): a function is a small header,
    # what the project outline (lintkit.project.outline) keeps of every module.
    # It records telemetry (an EmitSite) itself or through a function of its module
    # it calls: its callers' decisions pass through something that leaves a trace.
    records: bool = False
    # It reads a setting or secret whose name a parameter gives, and returns another
    # parameter when it is missing (`def get_string(name, default)`): a call to it,
    # from any module, is a read (SecretRead.via).
    reader: ReaderSignature | None = None


class EmitSite(NamedTuple):
    """A call that records a telemetry event (one of the `telemetry.calls`)."""

    callee: str
    pattern: str  # the telemetry.calls pattern it matched
    events: tuple[str, ...]  # every name the event can have, sorted
    dynamic: bool  # some possible names could not be resolved to strings
    location: Location
    event_location: Location | None  # the argument holding the event name
    function: str | None
    branch: Branch | None  # the innermost `if` arm it is in, within its function
    level: str | None  # for a log call: "debug" ... "critical"; None otherwise
    # When the name is not fully known (dynamic), what is known of it:
    patterns: tuple[str, ...] = ()  # names with "*" for each unresolved part: "*_added"
    # the argument as a dotted name, imports resolved, when it names a constant
    # of another module: "app.events.SIGNED_UP", "app.events.Events.SIGNED_UP"
    event_ref: str | None = None
    # parameters of the enclosing function passed as the name (a wrapper: its
    # callers' arguments are the names)
    event_parameters: tuple[str, ...] = ()


class Fallback(NamedTuple):
    """What a secret read falls back to when the secret is missing."""

    # "default-argument" | "or" | "except" | "if-missing"; TypeScript's "||", "nullish"
    # (`??`) and "destructuring-default" (`const { X = "..." } = process.env`)
    kind: str
    location: Location  # the fallback value (or the `except` clause)
    literal: bool  # the value is a literal (string, number, bool) written in the code
    value: str | None  # the literal's value when it is a string
    source: str  # the value's source text, shortened
    # The value means "not set" in its language (Python's None, "" and False; Go's
    # "" and nil; TypeScript's undefined, null and ""): the code that reads it has to
    # handle the unset case anyway, as for a read with no default ("disabled when unset").
    absent: bool = False


class SecretRead(NamedTuple):
    reader: str  # the called name as written ("os.environ.get"; "os.environ[]" for [])
    pattern: str  # the secrets.readers pattern it matched
    names: tuple[str, ...]  # every name it may read, sorted (empty: unknown)
    name_location: Location | None  # the argument holding the name
    location: Location  # the read expression
    function: str | None
    fallback: Fallback | None
    reported: bool  # the fallback is logged (warning+), recorded, or raised
    reported_by: Location | None  # where it is reported
    # Read through a function of another module of the project (its dotted name,
    # imports resolved: "app.envs.get_string"), assumed to take (name, default): the
    # read counts only when the project index finds that function is a reader
    # (Function.reader), and its ReaderSignature says where the default is.
    via: str | None = None


class EligibleBranch(NamedTuple):
    """An `if` arm that runs when an eligibility test holds."""

    test: str  # the eligibility read, e.g. "result.eligible"
    location: Location  # of that read in the test
    form: str  # "if" | "elif" | "else" (of a negated test) | "guard" (code after it)
    arm: Location  # the statements of the eligible arm
    function: str | None
    records: bool  # a telemetry call in the arm, or in a same-module helper it calls
    recorded_by: Location | None  # the first telemetry call (or helper call) found
    instrumented: bool  # the enclosing function itself (the module, at top level) records
    # telemetry somewhere
    instrumented_by: Location | None = None  # its first such call, when instrumented


class Decision(NamedTuple):
    """One step of a control-flow path: a branch taken, a loop skipped."""

    location: Location
    message: str


class CallBypass(NamedTuple):
    """A call reachable on a path that has not made the required call first."""

    call: str  # as written
    location: Location
    required: tuple[str, ...]  # the configured required calls (patterns)
    function: str | None
    function_location: Location | None
    path: tuple[Decision, ...]  # the branches on the way that skip the required call
    through: str | None = None  # the guarded call a same-module helper call leads to
    # A link or redirect to a billing portal that cancels by itself (`call` is then
    # "billing-portal"): what it links to, as written ("portalUrl", "session.url").
    portal: str | None = None


@dataclass(frozen=True)
class ModuleFacts:
    path: str  # relative to the project root, "/"-separated
    module: str  # dotted name from the path: "app/retention.py" -> "app.retention"
    functions: tuple[Function, ...]
    classes: tuple[str, ...]  # qualified names
    imports: tuple[tuple[str, str], ...]  # local name -> what it imports, dotted
    # string constants at module level ("NAME") and in class bodies ("Cls.NAME")
    constants: tuple[tuple[str, tuple[str, ...]], ...]
    calls: tuple[CallSite, ...]  # every call, in source order (CallSite.function: where)
    emits: tuple[EmitSite, ...]
    secret_reads: tuple[SecretRead, ...]
    eligible_branches: tuple[EligibleBranch, ...]
    call_bypasses: tuple[CallBypass, ...]
    # True: a pre-screen found none of the configured names in the text, so only
    # functions, classes and imports were read (Python's: lintkit.code.python.screen;
    # TypeScript's, lintkit.code.typescript.screen, reads secret reads too; Go's,
    # lintkit.code.go.screen, skips the readers of calls only).
    screened: bool = False
    # Every name bound at module level (defs, classes, imports, assignments), and
    # "Cls.name" for a class body: what `module:attr` can name besides functions.
    names: tuple[str, ...] = ()
    star_imports: tuple[str, ...] = ()  # modules of `from X import *`, dotted
    bases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class -> its bases, imports resolved

    def function(self, qualname: str) -> Function | None:
        return next((f for f in self.functions if f.qualname == qualname), None)

    def calls_in(self, qualname: str | None) -> tuple[CallSite, ...]:
        """The calls directly in function ``qualname`` (None: at module level), in
        source order; a name defined twice (a property and its setter) has both's."""
        return self._calls_by_function.get(qualname, ())

    @cached_property
    def _calls_by_function(self) -> dict[str | None, tuple[CallSite, ...]]:
        grouped: dict[str | None, list[CallSite]] = {}
        for call in self.calls:
            grouped.setdefault(call.function, []).append(call)
        return {function: tuple(calls) for function, calls in grouped.items()}


def source_order(calls: Iterable[CallSite]) -> tuple[CallSite, ...]:
    """Calls as they start in the source, an enclosing call before the ones in it."""

    def key(call: CallSite) -> tuple[int, int, int, int]:
        at = call.location
        return (at.line, at.column, -at.end_line, -at.end_column)

    return tuple(sorted(calls, key=key))
