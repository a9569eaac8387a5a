"""The project as one view: which code a workflow's handler names, which code
records an event.

Cross-file rules ask it two kinds of question: "where is `app.retention:get_offer`"
(a module name resolved over every layout a project may use) and "does any code
record `offer_shown`" (the events of every emit site, also through constants of
other modules and wrapper functions). It is built on every run, warm runs from
the cache included, so building it is a few passes over dictionaries; anything
costlier (following a handler's calls, what callers pass to wrappers) is done on
demand, for the questions asked. It reads the outlines of files
(``lintkit.project.outline``); a module's calls are in its full facts, loaded only for
the modules a question leads to.

Module names come from each file's language (``lintkit.code.extractor``: for Python
every layout, flat, src, namespace packages, subprojects); suggestions from
``lintkit.core.suggest``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lintkit.code.extractor import is_code, module_namer
from lintkit.code.model import CallSite, EmitSite, Function, ModuleFacts, last_segment
from lintkit.core.types import Location
from lintkit.project.load_file import FileResult
from lintkit.project.outline import FileOutline, ModuleOutline, StepOutline, WorkflowOutline

_MAX_HOPS = 8  # re-exports followed from one name
_MAX_REACH = 400  # functions followed from one handler
# Did-you-mean candidates among recorded names: names, not log messages.
_EVENT_LIKE = re.compile(r"[A-Za-z0-9_$][\w$.:/ -]{0,79}")
# Emit calls whose unreadable argument is not an event name (an exception, a span).
_NOT_EVENTS = frozenset({"capture_exception", "record_exception", "start_span"})


@dataclass(frozen=True)
class Recorded:
    """One place the code records an event: an emit call, or a call of a wrapper."""

    event: str
    location: Location
    how: str  # "emits" | "log" (a log line) | "pattern" | "constant" | "wrapper"


@dataclass(frozen=True)
class Target:
    """What a handler resolved to: a function, or another binding of a module."""

    path: str
    qualname: str
    function: Function | None  # None: bound otherwise (an assignment, an import)
    via: tuple[str, ...] = ()  # files of re-exports followed on the way


@dataclass(frozen=True)
class Caller:
    """A call that goes (``resolved``) or may go to a function of the project."""

    path: str
    function: Function | None  # the function making the call; None: module level
    call: CallSite
    resolved: bool  # False: an ``obj.method(...)`` call with the same name


@dataclass(frozen=True)
class Resolution:
    """A handler `module:attr`, resolved.

    ``status``: "found"; "unknown" (cannot tell: the module was not read, or the
    name comes from outside the project); "no-module"; "no-attribute".
    """

    status: str
    module: str
    attr: str
    paths: tuple[str, ...] = ()  # the files the module name maps to
    target: Target | None = None
    missing_class: str | None = None  # "no-attribute" of Class.method: the class exists


@dataclass
class Reach:
    """What a function does, with every project function it calls (transitively)."""

    functions: list[tuple[str, Function]] = field(default_factory=list)
    recorded: list[Recorded] = field(default_factory=list)
    patterns: list[tuple[re.Pattern[str], Location]] = field(default_factory=list)
    unreadable: list[EmitSite] = field(default_factory=list)  # names lintkit cannot read

    @property
    def files(self) -> set[str]:
        return {path for path, _ in self.functions}

    def records(self, event: str) -> list[Location]:
        """Where the reached code records ``event`` (or a name it may be)."""
        found = [r.location for r in self.recorded if r.event == event]
        return found or [location for p, location in self.patterns if p.match(event)]


def event_like(name: str) -> bool:
    return bool(_EVENT_LIKE.fullmatch(name)) and "%" not in name


class _Module:
    """One module's outline with the lookups the index needs, built on first use;
    its calls come from the full facts, loaded on first use."""

    def __init__(self, outline: ModuleOutline, files: Mapping[str, FileResult] | None) -> None:
        self.outline = outline
        self._files = files  # where the full facts are
        self._emits: dict[str | None, list[EmitSite]] | None = None

    def calls_in(self, qualname: str | None) -> tuple[CallSite, ...]:
        """The calls directly in function ``qualname`` (None: at module level)."""
        result = self._files.get(self.outline.path) if self._files is not None else None
        full = result.module if result is not None else None
        return full.calls_in(qualname) if isinstance(full, ModuleFacts) else ()

    def all_calls(self) -> tuple[CallSite, ...]:
        result = self._files.get(self.outline.path) if self._files is not None else None
        full = result.module if result is not None else None
        return full.calls if isinstance(full, ModuleFacts) else ()

    @cached_property
    def functions(self) -> dict[str, Function]:
        return {f.qualname: f for f in self.outline.functions}

    def function(self, qualname: str) -> Function | None:
        """One lookup: a scan, cheaper than building ``functions`` for it."""
        if "functions" in self.__dict__:
            return self.functions.get(qualname)
        return self.outline.function(qualname)

    @cached_property
    def imports(self) -> dict[str, str]:
        return dict(self.outline.imports)

    @cached_property
    def constants(self) -> dict[str, tuple[str, ...]]:
        return dict(self.outline.constants)

    def emits_in(self, qualname: str | None) -> list[EmitSite]:
        if self._emits is None:
            self._emits = {}
            for site in self.outline.emits:
                self._emits.setdefault(site.function, []).append(site)
        return self._emits.get(qualname, [])


@dataclass
class _Events:
    """The event names the code records, gathered in one pass over every emit call."""

    direct: dict[str, list[EmitSite]] = field(default_factory=dict)  # name -> its calls
    patterns: list[tuple[re.Pattern[str], EmitSite]] = field(default_factory=list)
    refs: list[EmitSite] = field(default_factory=list)  # named by another module's constant
    wrappers: set[tuple[str, str]] = field(default_factory=set)  # (path, qualname)
    named: bool = False  # some code records a product event by a name lintkit reads

    @classmethod
    def of(cls, modules: Mapping[str, _Module]) -> _Events:
        found = cls()
        direct = found.direct
        for path, module in modules.items():
            for site in module.outline.emits:
                for event in site.events:
                    if event in direct:
                        direct[event].append(site)
                    else:
                        direct[event] = [site]
                if not site.dynamic:
                    found.named = found.named or (site.level is None and bool(site.events))
                    continue
                if site.patterns:
                    found.patterns.extend((p, site) for p in map(_pattern, site.patterns) if p)
                if site.event_ref:
                    found.refs.append(site)
                if site.event_parameters and site.function:
                    found.wrappers.add((path, site.function))
                elif site.level is None and (site.events or site.patterns or site.event_ref):
                    found.named = True
        return found


class ProjectIndex:
    """Every workflow and module of a project, and the git HEAD versions
    of the changed files (see ``lintkit.project.git_head``)."""

    def __init__(
        self,
        outlines: Mapping[str, FileOutline],
        files: Mapping[str, FileResult] | None = None,
        at_head: Mapping[str, FileResult] | None = None,
    ) -> None:
        """``files``: the full results, read only for the calls of the modules a
        question leads to (without them, no calls are followed)."""
        self.outlines = outlines
        self.at_head = dict(at_head or {})
        self.workflows: list[WorkflowOutline] = [w for o in outlines.values() for w in o.workflows]
        # events declared by definition files (PostHog's eventDefinition), where each is
        self.declared: dict[str, list[Location]] = {}
        for file_outline in outlines.values():
            for event in file_outline.events:
                self.declared.setdefault(event.value, []).append(event.location)
        # a source file a dialect read (a hogFlow in TypeScript) is a workflow, not code
        code = [p for p, o in outlines.items() if is_code(p) and o.dialect is None]
        self._code = code
        self.has_code = bool(code) or any(is_code(p) for p in self.at_head)
        self._names = module_namer([*code, *self.at_head])
        self.modules: dict[str, _Module] = {}
        self.unread: set[str] = set()  # code files without facts: contents unknown
        for path in code:
            outline = outlines[path].module
            if outline is not None:
                self.modules[path] = _Module(outline, files)
            else:
                self.unread.add(path)
        self._ref_events: dict[str, list[Recorded]] | None = None
        self._wrapper_events: dict[str, list[Recorded]] | None = None
        self._resolved: dict[str, Resolution] = {}

    @property
    def canonical(self) -> dict[str, str]:
        """Path -> the module's canonical dotted name."""
        return self._naming[0]

    @property
    def by_name(self) -> dict[str, tuple[str, ...]]:
        """Dotted name -> the files it may mean, the likeliest (canonical) first."""
        return self._naming[1]

    @cached_property
    def _naming(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        canonical: dict[str, str] = {}
        ranked: dict[str, list[tuple[bool, str]]] = {}
        for path in self._code:
            name, names = self._names(path)
            canonical[path] = name
            for alias in names:
                ranked.setdefault(alias, []).append((alias != name, path))
        by_name = {name: tuple(p for _, p in sorted(found)) for name, found in ranked.items()}
        return canonical, by_name

    @cached_property
    def handler_steps(self) -> list[tuple[WorkflowOutline, StepOutline]]:
        """(workflow, step) of every step that names a handler, nested graphs included."""
        return [(w, step) for w in self.workflows for step in w.steps if step.handler is not None]

    @cached_property
    def _events(self) -> _Events:
        return _Events.of(self.modules)

    # -- modules and handlers ------------------------------------------------------
    def module_paths(self, name: str) -> tuple[str, ...]:
        """The files a dotted module name may mean, the likeliest first."""
        return self.by_name.get(name, ())

    def module_names(self) -> list[str]:
        """The canonical name of every module, for did-you-mean."""
        return sorted(set(self.canonical.values()))

    def functions_named(self, name: str) -> list[tuple[str, Function]]:
        """Functions and methods called ``name`` (or with that qualified name), in
        every module: where a handler naming the wrong module meant to point."""
        short = name.rsplit(".", 1)[-1]
        return [
            (path, function)
            for path, module in sorted(self.modules.items())
            for function in module.outline.functions
            if function.name == short
            and "<locals>" not in function.qualname
            and (function.qualname == name or "." not in name)
        ]

    def function(self, path: str, qualname: str) -> Function | None:
        module = self.modules.get(path)
        return module.function(qualname) if module is not None else None

    def attributes(self, path: str) -> list[str]:
        """What `module:attr` can name in the module at ``path``: its functions and
        methods (not nested ones) and its other top-level names."""
        module = self.modules.get(path)
        if module is None:
            return []
        names = {f.qualname for f in module.outline.functions if "<locals>" not in f.qualname}
        names.update(n for n in module.outline.names if n not in module.imports)
        return sorted(names)

    def resolve_handler(self, spec: str) -> Resolution:
        """`module:function` or `module:Class.method`, over every module of the project."""
        found = self._resolved.get(spec)
        if found is None:
            found = self._resolved[spec] = self._resolve_handler(spec)
        return found

    def _resolve_handler(self, spec: str) -> Resolution:
        module, _, attr = spec.partition(":")
        paths = self.module_paths(module)
        if not paths:
            return Resolution("no-module", module, attr)
        missing: Resolution | None = None
        for path in paths:
            found = self._attribute(path, attr, 0)
            if isinstance(found, Target):
                return Resolution("found", module, attr, paths, found)
            if found == "unknown":
                return Resolution("unknown", module, attr, paths)
            if missing is None:
                head = attr.split(".", 1)[0]
                classes = self.modules[path].outline.classes
                cls = head if "." in attr and head in classes else None
                missing = Resolution("no-attribute", module, attr, paths, missing_class=cls)
        assert missing is not None
        return missing

    def _attribute(self, path: str, attr: str, hops: int) -> Target | str:
        """``attr`` in the module at ``path``: a Target, or "unknown" / "missing"."""
        if path in self.unread or hops > _MAX_HOPS:
            return "unknown"
        module = self.modules[path]
        function = module.function(attr)
        if function is not None:
            return Target(path, attr, function)
        outline = module.outline
        head, _, rest = attr.partition(".")
        imports = module.imports
        if head in imports:  # a re-export: follow it
            target = imports[head] + (f".{rest}" if rest else "")
            found = self._dotted(target, hops + 1)
            if isinstance(found, Target):
                return Target(found.path, found.qualname, found.function, (path, *found.via))
            return found
        if attr in outline.names:
            return Target(path, attr, None)
        if rest and head in outline.classes:
            return self._inherited(path, head, rest, hops)
        for star in outline.star_imports:
            found = self._dotted(f"{star}.{attr}", hops + 1)
            if found != "missing":
                return found
        return "missing"

    def _inherited(self, path: str, cls: str, rest: str, hops: int) -> Target | str:
        """A method a class does not define: from a base of the project, if any."""
        for base in dict(self.modules[path].outline.bases).get(cls, ()):
            if base in ("object", "Exception"):
                continue
            local = base if base in self.modules[path].outline.classes else None
            found = (
                self._attribute(path, f"{local}.{rest}", hops + 1)
                if local
                else self._dotted(f"{base}.{rest}", hops + 1)
            )
            if found != "missing":
                return found
        return "missing"

    def _dotted(self, name: str, hops: int) -> Target | str:
        """A dotted name (an import's target) in the project's modules; "unknown"
        when it names something outside the project."""
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            paths = self.module_paths(".".join(parts[:cut]))
            if paths:
                found: Target | str = "missing"
                for path in paths:
                    found = self._attribute(path, ".".join(parts[cut:]), hops)
                    if found != "missing":
                        return found
                return found
        paths = self.module_paths(name)
        if paths:  # the name is a module itself
            return Target(paths[0], "", None)
        return "unknown"

    def function_named(self, name: str) -> Target | None:
        """The project function a dotted name (imports resolved) names, if any."""
        return _function_target(self._dotted(name, 0))

    def callee(self, path: str, caller: Function | None, call: CallSite) -> Target | None:
        """The project function a call in ``caller`` (None: at module level) goes to,
        if lintkit can tell."""
        name = call.callee
        if not name or "()" in name or "[]" in name:
            return None
        module = self.modules[path]
        functions = module.functions
        head, _, rest = name.partition(".")
        if caller is None:
            pass
        elif not rest:
            scope = caller.qualname
            while True:  # nested functions of the caller and its enclosing ones
                nested = f"{scope}.<locals>.{name}"
                if nested in functions:
                    return Target(path, nested, functions[nested])
                if ".<locals>." not in scope:
                    break
                scope = scope.rsplit(".<locals>.", 1)[0]
        elif head in ("self", "cls") and caller.class_name:
            found = self._attribute(path, f"{caller.class_name}.{rest}", 0)
            return _function_target(found)
        for candidate in (name, f"{name}.__init__"):
            if candidate in functions:
                return Target(path, candidate, functions[candidate])
        if head in module.imports:
            found = self._dotted(call.resolved, 0)
            if isinstance(found, Target) and found.function is None and found.qualname:
                init = self._attribute(found.path, f"{found.qualname}.__init__", 0)
                return _function_target(init)
            return _function_target(found)
        return None

    def through_object(self, path: str, callee: str) -> bool:
        """Whether an unresolved call in the module at ``path`` may be a project
        method called through an object (``order.flow.update()``). Not: a bare
        name that is neither the module's nor imported (a local, a builtin), a
        method of self the class does not have, an attribute of an import
        (outside the project)."""
        parts = callee.split(".")
        if len(parts) == 1 or parts[0] in self.modules[path].imports:
            return False
        return not (len(parts) == 2 and parts[0] in ("self", "cls"))

    def callers(
        self, target: Target, limit: int, resolved_only: bool = False
    ) -> list[Caller] | None:
        """The calls in the project that may go to the target function: those that
        resolve to it, and (unless ``resolved_only``) those lintkit cannot resolve
        (``obj.method(...)``) with its name. None: more than ``limit`` of those."""
        name = last_segment(target.qualname)
        found: list[Caller] = []
        for path, module in self.modules.items():
            if name not in module.outline.callees:
                continue
            for call in module.all_calls():
                if last_segment(call.callee) != name:
                    continue
                caller = module.function(call.function) if call.function is not None else None
                resolved = self.callee(path, caller, call)
                if resolved is None:
                    if not self.through_object(path, call.callee):
                        continue
                elif (resolved.path, resolved.qualname) != (target.path, target.qualname):
                    continue
                if resolved_only and resolved is None:
                    continue
                found.append(Caller(path, caller, call, resolved is not None))
                if len(found) > limit and not resolved_only:
                    return None
        return found

    def records_itself(self, target: Target, event: str) -> bool:
        """Whether the target function's own emit calls name ``event`` (the usual
        case, answered without following its calls)."""
        path, qualname = target.path, target.qualname
        return any(
            site.function == qualname and site.location.path == path
            for site in self._events.direct.get(event, ())
        )

    def reach(self, target: Target) -> Reach:
        """The target function and every project function it calls, transitively,
        with what they record."""
        reach = Reach()
        if target.function is None:
            return reach
        seen = {(target.path, target.qualname)}
        queue = [(target.path, target.function)]
        while queue and len(reach.functions) < _MAX_REACH:
            path, function = queue.pop(0)
            reach.functions.append((path, function))
            for site in self.modules[path].emits_in(function.qualname):
                found = self.site_events(site)
                reach.recorded.extend(found)
                reach.patterns.extend((p, site.location) for p in map(_pattern, site.patterns) if p)
                if not found and self.unreadable(site):
                    reach.unreadable.append(site)
            for call in self.modules[path].calls_in(function.qualname):
                callee = self.callee(path, function, call)
                if callee is None or callee.function is None:
                    continue
                reach.recorded.extend(self._wrapper_call(callee, call))
                key = (callee.path, callee.qualname)
                if key not in seen:
                    seen.add(key)
                    queue.append((callee.path, callee.function))
        return reach

    # -- events --------------------------------------------------------------------
    def site_events(self, site: EmitSite) -> list[Recorded]:
        """What one emit call records, as far as the code says."""
        how = "emits" if site.level is None else "log"
        found = [Recorded(e, site.location, how) for e in site.events]
        if site.event_ref:
            found.extend(
                Recorded(e, site.location, "constant") for e in self._constant(site.event_ref, 0)
            )
        return found

    @staticmethod
    def unreadable(site: EmitSite) -> bool:
        """An event is recorded under a name lintkit cannot read (not a log line,
        an exception or a span; not a wrapper, whose callers say the name)."""
        return (
            site.dynamic
            and not site.events
            and not site.patterns
            and not site.event_parameters
            and site.level is None
            and site.callee.rsplit(".", 1)[-1] not in _NOT_EVENTS
        )

    def is_recorded(self, event: str) -> bool:
        """Whether any code records ``event`` (``recorders``, without the places)."""
        return event in self._events.direct or bool(self.recorders(event))

    def recorders(self, event: str) -> list[Recorded]:
        """Every place the project's code records ``event``."""
        found = [Recorded(event, s.location, "emits") for s in self._events.direct.get(event, ())]
        if found:
            return found
        found = [
            Recorded(event, site.location, "pattern")
            for pattern, site in self._events.patterns
            if pattern.match(event)
        ]
        found += self.ref_events().get(event, [])
        found += self.wrapper_events().get(event, [])
        return found

    def recorded_names(self) -> list[str]:
        """Every event name the code records, for did-you-mean."""
        names = {n for n in self._events.direct if event_like(n)}
        names.update(self.ref_events())
        names.update(self.wrapper_events())
        return sorted(names)

    def records_events(self) -> bool:
        """Whether any code (now, or a changed file at HEAD) records a product event
        by a name lintkit can read: without one there is nothing to compare with."""
        if self._events.named:
            return True
        at_head = [r.module for r in self.at_head.values() if isinstance(r.module, ModuleFacts)]
        return any(
            site.level is None and (site.events or site.patterns or site.event_ref)
            for facts in at_head
            for site in facts.emits
        ) or bool(self.wrapper_events())

    def ref_events(self) -> dict[str, list[Recorded]]:
        """Events named by constants of other modules (`track(user, events.SIGNED_UP)`)."""
        if self._ref_events is None:
            self._ref_events = {}
            for site in self._events.refs:
                for recorded in self.site_events(site):
                    if recorded.how == "constant":
                        self._ref_events.setdefault(recorded.event, []).append(recorded)
        return self._ref_events

    def _constant(self, name: str, hops: int) -> tuple[str, ...]:
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            for path in self.module_paths(".".join(parts[:cut])):
                module = self.modules.get(path)
                if module is None:
                    continue
                rest = ".".join(parts[cut:])
                values = module.constants.get(rest)
                if values:
                    return values
                head, _, tail = rest.partition(".")
                if head in module.imports and hops < _MAX_HOPS:
                    target = module.imports[head] + (f".{tail}" if tail else "")
                    return self._constant(target, hops + 1)
        return ()

    def wrapper_events(self) -> dict[str, list[Recorded]]:
        """Events passed to wrappers: functions that record the name they are given
        (`def record(user, event): analytics.track(user.id, event)`)."""
        if self._wrapper_events is None:
            self._wrapper_events = {}
            wrappers = self._events.wrappers
            if wrappers:
                names = {last_segment(qualname) for _, qualname in wrappers}
                for path, module in self.modules.items():
                    if names.isdisjoint(module.outline.string_callees):
                        continue
                    for function, call in _calls(module, names):
                        callee = self.callee(path, function, call)
                        if callee is None or (callee.path, callee.qualname) not in wrappers:
                            continue
                        for recorded in self._wrapper_call(callee, call):
                            self._wrapper_events.setdefault(recorded.event, []).append(recorded)
        return self._wrapper_events

    def _wrapper_call(self, callee: Target, call: CallSite) -> list[Recorded]:
        """The names a call passes to a wrapper's event parameters."""
        if not call.strings or callee.function is None:
            return []
        module = self.modules[callee.path]
        parameters = {p for s in module.emits_in(callee.qualname) for p in s.event_parameters}
        if not parameters:
            return []
        declared = [p.lstrip("*") for p in callee.function.parameters]
        shift = 1 if callee.function.class_name and declared[:1] in (["self"], ["cls"]) else 0
        found: list[Recorded] = []
        for key, values in call.strings:
            if key.isdigit():
                index = int(key) + shift
                name = declared[index] if index < len(declared) else None
            else:
                name = key
            if name in parameters:
                found.extend(Recorded(v, call.location, "wrapper") for v in values)
        return found

    # -- what changed files said at git HEAD -----------------------------------------------
    def head_mentions(self, event: str) -> list[str]:
        """Changed files whose HEAD version named ``event`` (recorded it, held it
        as a constant or passed it to a call): they take part in its findings."""
        found = []
        for path, result in self.at_head.items():
            facts = result.module
            if isinstance(facts, ModuleFacts) and _mentions(facts, event):
                found.append(path)
        return sorted(found)

    def head_defines(self, qualname: str) -> list[str]:
        """Changed files that defined a function ``qualname`` at HEAD (the file a
        handler's function was moved or renamed out of)."""
        return sorted(
            path
            for path, result in self.at_head.items()
            if isinstance(result.module, ModuleFacts) and result.module.function(qualname)
        )

    def head_modules(self, name: str) -> list[str]:
        """Changed files that were module ``name`` at HEAD."""
        return sorted(
            path for path in self.at_head if is_code(path) and name in self._names(path)[1]
        )


def _function_target(found: Target | str) -> Target | None:
    return found if isinstance(found, Target) and found.function is not None else None


def _pattern(glob: str) -> re.Pattern[str] | None:
    """A name with unresolved parts as a regex; None when it says too little
    (fewer than 3 known characters) to stand for particular events."""
    known = glob.replace("*", "")
    if len(known) < 3:
        return None
    return re.compile(".*".join(map(re.escape, glob.split("*"))) + r"\Z")


def _calls(module: _Module, names: set[str]) -> list[tuple[Function, CallSite]]:
    """The calls in the module's functions that pass strings to a callee called one
    of ``names``, with the function they are in."""
    found = []
    for qualname in dict.fromkeys(f.qualname for f in module.outline.functions):
        function = module.function(qualname)
        assert function is not None
        for call in module.calls_in(qualname):
            if call.strings and last_segment(call.callee) in names:
                found.append((function, call))
    return found


def _mentions(facts: ModuleFacts, event: str) -> bool:
    if any(
        event in site.events or any(p.match(event) for p in map(_pattern, site.patterns) if p)
        for site in facts.emits
    ):
        return True
    if any(event in values for _, values in facts.constants):
        return True
    return any(event in values for call in facts.calls for _, values in call.strings)
