"""Who records a decision: a function and the callers it has in the project.

CD101 asks it of a function holding an eligible branch that records nothing.
The answer is the chain of functions checked, when none of them records
anything (an entry point, one with no caller, or one all of whose callers are
silent), or None when some function on the way records, or when lintkit
cannot tell (too many callers of a common name, too deep): a silent branch
is reported only when nothing could have recorded it.

A function records when it, or what it calls (a few calls deep), makes a
telemetry call. A call through an object whose class lintkit cannot tell
(``batch_order.flow.update()``) may go to any method of that name in the
project, so it records when one of them does: a warning about an absence
stays silent when the code may well record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from lintkit.code.model import CallSite, Function, last_segment
from lintkit.core.types import Related
from lintkit.project.index import ProjectIndex, Target

MAX_DEPTH = 4  # callers of callers... (and callees of callees) followed from the function
MAX_CALLERS = 12  # calls of one name followed; more: the name is too common to tell
# Methods of one name a call through an object is followed into; with more (`update`,
# `save` in a Django project), only those that record themselves count: following
# them all would make any `dict.get()` a possible recorder.
MAX_METHODS = MAX_CALLERS
MAX_STEPS = 12  # related locations shown

_ENTRY = {
    "decorated": "a route, view, task or receiver: the framework calls it",
    "method": "a request or job method: the framework calls it",
    "named": "named as a handler: the framework calls it",
    "workflow": "a workflow step's handler",
}
# Entry points known by what calls them; the others are known by their name
# (`handle_*`, a `get` method), and their callers in the project are checked too.
_CERTAIN = ("decorated", "workflow")
_ATTRIBUTES = frozenset({"property", "cached_property", "setter", "getter", "deleter"})


def is_test(path: str, function: Function | None) -> bool:
    """Test code: a test module (in Python, Go or TypeScript), or a test function."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    in_tests = any(p in _TEST_FOLDERS for p in parts[:-1])
    test_module = (
        name.startswith("test_")
        or name.endswith(("_test.py", "_tests.py", "_test.go"))
        or _TEST_SCRIPT.search(name) is not None
    )
    test_function = function is not None and function.name.startswith("test")
    return in_tests or test_module or name == "conftest.py" or test_function


_TEST_FOLDERS = frozenset(("tests", "test", "testing", "__tests__"))
_TEST_SCRIPT = re.compile(r"\.(test|spec)\.[cm]?[jt]sx?$")  # app.test.ts, page.spec.tsx


@dataclass
class Decisions:
    index: ProjectIndex
    # (path, qualname, depth) -> whether it records within that many calls
    _recording: dict[tuple[str, str, int], bool] = field(default_factory=dict, init=False)

    @cached_property
    def handlers(self) -> set[tuple[str, str]]:
        """(path, qualname) of every function a workflow step names as its handler."""
        found = set()
        for _, step in self.index.handler_steps:
            assert step.handler is not None
            target = self.index.resolve_handler(step.handler.value).target
            if target is not None and target.function is not None:
                found.add((target.path, target.qualname))
        return found

    def silent_chain(self, path: str, qualname: str) -> list[Related] | None:
        """Related locations of the functions checked, when none records anything;
        None when one does, or lintkit cannot tell."""
        function = self.index.function(path, qualname)
        if function is None:
            return None
        return self._chain(path, function, 0, set())

    def _chain(
        self, path: str, function: Function, depth: int, visiting: set[tuple[str, str]]
    ) -> list[Related] | None:
        key = (path, function.qualname)
        if key in visiting:
            return []  # recursion adds no caller that records
        if depth > MAX_DEPTH or self.records(path, function):
            return None
        if any(d.rsplit(".", 1)[-1] in _ATTRIBUTES for d in function.decorators):
            return None  # read as an attribute: its readers are not calls lintkit sees
        name = f"`{function.qualname}`"
        entry = "workflow" if key in self.handlers else function.entry
        if entry is not None and is_test(path, function):
            entry = None
        if entry in _CERTAIN:
            return [Related(function.location, f"{name} records nothing; {_ENTRY[entry]}")]
        callers = self.index.callers(Target(path, function.qualname, function), MAX_CALLERS)
        if entry == "method" and callers is None:
            # A request method's name (`get`, `post`) is called all over (`dict.get`):
            # only the calls that resolve to it are its callers.
            callers = self.index.callers(Target(path, function.qualname, function), 0, True)
        if callers is None:
            return None
        if entry is not None and not any(c.resolved for c in callers):
            return [Related(function.location, f"{name} records nothing; {_ENTRY[entry]}")]
        if not callers:
            return [Related(function.location, f"{name} records nothing and no code calls it")]
        steps = [Related(function.location, f"{name} records nothing, nor do its callers")]
        visiting = visiting | {key}
        for caller in callers:
            if is_test(caller.path, caller.function):
                continue  # a test calling it says nothing of production
            if caller.function is None:
                if any(e.function is None for e in self.index.modules[caller.path].outline.emits):
                    return None
                steps.append(Related(caller.call.location, "called at module level"))
                continue
            above = self._chain(caller.path, caller.function, depth + 1, visiting)
            if above is None:
                return None
            how = "called" if caller.resolved else "perhaps called (a method of that name)"
            steps.append(Related(caller.call.location, f"{how} by `{caller.function.qualname}`"))
            steps.extend(above)
        return steps[:MAX_STEPS]

    def records(self, path: str, function: Function, depth: int = MAX_DEPTH) -> bool:
        """It records telemetry itself (or through a function of its module), or
        through a function or method of the project it calls, ``depth`` calls deep."""
        if function.records:
            return True
        if depth == 0:
            return False
        key = (path, function.qualname, depth)
        found = self._recording.get(key)
        if found is None:  # depth falls on each call: recursion ends without a guard
            callees = self._callees(path, function)
            found = any(self.records(p, f, depth - 1) for p, f in callees)
            self._recording[key] = found
        return found

    def _callees(self, path: str, function: Function) -> Iterator[tuple[str, Function]]:
        """The project functions its calls go to, or may go to."""
        for call in self.index.modules[path].calls_in(function.qualname):
            target = self.index.callee(path, function, call)
            if target is not None and target.function is not None:
                yield target.path, target.function
            else:
                yield from self._methods_called(path, call)

    def _methods_called(self, path: str, call: CallSite) -> list[tuple[str, Function]]:
        """The project's methods a call through an object (``order.flow.update()``,
        ``OrderFlow(order).update()``) may go to: every method of that name."""
        if not self.index.through_object(path, call.callee):
            return []
        methods = self._methods.get(last_segment(call.callee), [])
        if len(methods) > MAX_METHODS:
            return [(p, f) for p, f in methods if f.records]
        return methods

    @cached_property
    def _methods(self) -> dict[str, list[tuple[str, Function]]]:
        """The project's methods (not test code) by name."""
        found: dict[str, list[tuple[str, Function]]] = {}
        for path, module in self.index.modules.items():
            for function in module.outline.functions:
                if function.class_name is None or "<locals>" in function.qualname:
                    continue
                if not is_test(path, function):
                    found.setdefault(function.name, []).append((path, function))
        return found
