"""Running rules, and the per-file rules on one file's result.

The engine runs every scope's rules through ``apply``. A worker process that loads
files (``lintkit.project.loading``) also runs the per-file rules on each file it
loads (``file_findings``), so that what it sends back is the findings and the
outline, and the result only pickled: the main process unpickles a result only
if a project rule asks for it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from typing import Any

from lintkit.config import ConfigError
from lintkit.core.types import Diagnostic, InternalError
from lintkit.plugins.rule import Rule, Scope
from lintkit.project.load_file import FileResult

# The scopes whose findings depend on one file alone (and are cached with it).
PER_FILE = (Scope.FILE, Scope.WORKFLOW, Scope.MODULE)


def by_scope(rules: Iterable[Rule]) -> dict[Scope, list[Rule]]:
    found: dict[Scope, list[Rule]] = {scope: [] for scope in Scope}
    for rule in rules:
        found[rule.scope].append(rule)
    return found


def apply(
    rules: Iterable[Rule],
    method: str,
    args: tuple[Any, ...],
    errors: list[InternalError],
    path: str | None = None,
) -> list[Diagnostic]:
    """Call ``rule.<method>(*args)`` for each rule; a crash goes to ``errors``, not up."""
    out: list[Diagnostic] = []
    for rule in rules:
        try:
            out.extend(getattr(rule, method)(*args) or ())
        except ConfigError:
            raise  # the user's config is wrong (e.g. a missing manifest): exit 2
        except Exception as err:  # a crashing rule must not silence the others
            errors.append(crash(err, path=path, rule=rule.code))
    return out


def file_findings(
    result: FileResult, rules: Mapping[Scope, list[Rule]], errors: list[InternalError]
) -> list[Diagnostic]:
    """The findings of the file, workflow and module rules on one file."""
    path = result.path
    found = apply(rules[Scope.FILE], "check_file", (result,), errors, path)
    for workflow in result.workflows:
        for graph in workflow.graphs():
            found.extend(apply(rules[Scope.WORKFLOW], "check_workflow", (graph,), errors, path))
    if result.module is not None:
        found.extend(apply(rules[Scope.MODULE], "check_module", (result.module,), errors, path))
    return found


def crash(err: Exception, *, path: str | None = None, rule: str | None = None) -> InternalError:
    where = (f" in rule {rule}" if rule else "") + (f" on {path}" if path else "")
    return InternalError(
        f"internal error{where}: {type(err).__name__}: {err}",
        path=path,
        rule=rule,
        detail="".join(traceback.format_exception(type(err), err, err.__traceback__)),
    )
