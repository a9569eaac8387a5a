from collections.abc import Iterator

from lintkit.core.suggest import closest, did_you_mean_any, typo_fix
from lintkit.core.types import Diagnostic, Location, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.index import ProjectIndex, Resolution
from lintkit.project.outline import FileOutline, StepOutline, WorkflowOutline
from lintkit.project.view import Project
from lintkit.workflow.ir import Sym

_STEP = """
lintkit: 1
workflow: retention
steps:
  offer:
    type: action
    handler: "{handler}"
    next: done
  done:
    type: exit
"""

_MAX_SUGGESTIONS = 3


class UnknownHandler(Rule):
    """
    ## What it does
    Resolves every `handler` (`module:function` or `module:Class.method`)
    against the project's Python code and reports one whose module or function
    does not exist, with the closest existing ones.

    A module's dotted name depends on where it is imported from, so every
    layout is understood: a flat layout (`app/retention.py` is
    `app.retention`), a src layout (`src/app/retention.py` is `app.retention`
    too), regular and namespace packages (no `__init__.py`), and
    subprojects (`services/api/app/x.py` is `app.x` when `services/api` is
    what runs). A function re-exported by the module (`from .offers import
    get_offer`) counts, and so does a name the module binds otherwise (an
    assignment, `handler = make_handler(...)`) or a method a class inherits from
    a base of the project. A module that does not parse, a name imported from
    outside the project or a class with a base from outside it are not
    reported: lintkit cannot tell. The rule is silent when the project has no
    Python code at all.

    ## Why is this bad?
    A workflow step whose handler does not exist fails for every person who
    reaches it, at run time, in production: a renamed function or a moved
    module breaks the workflow without any test of the workflow noticing.

    ## How to fix
    Point `handler` at the function as the code names it (the message suggests
    the closest), or restore the function. If the code lives outside the
    directories lintkit reads, add them to `code`.
    """

    code = "XR103"
    name = "unknown-handler"
    summary = "a `handler` does not resolve to a function in the code"
    scope = Scope.PROJECT
    reads_code = True
    severity = Severity.ERROR
    examples = (
        bad(
            _STEP.format(handler="app.billing:get_retention_offer"),
            path="flows/retention.yaml",
            files={
                "app/__init__.py": "",
                "app/billing.py": """
                    def cancel_subscription(user):
                        return user.subscription.cancel()
                    """,
                "app/retention.py": """
                    def get_retention_offer(user):
                        return {"coupon": "RETAIN50"}
                    """,
            },
            expect=["6:14 module `app.billing` defines no `get_retention_offer`"],
            title="The function lives in another module",
        ),
        bad(
            _STEP.format(handler="acme.retention:RetentionService.offer"),
            path="flows/retention.yaml",
            files={
                "src/acme/retention.py": """
                    class RetentionService:
                        def get_offer(self, user):
                            return {"coupon": "RETAIN50"}
                    """,
            },
            expect=["6:14 class `RetentionService` of `acme.retention` has no method `offer`"],
            title="A src layout and a namespace package: the method is named otherwise",
        ),
        good(
            _STEP.format(handler="acme.retention:RetentionService.get_offer"),
            path="flows/retention.yaml",
            files={
                "src/acme/retention.py": """
                    class RetentionService:
                        def get_offer(self, user):
                            return {"coupon": "RETAIN50"}
                    """,
            },
            title="`src/acme/retention.py` is `acme.retention`",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """A handler is resolved in the code."""
        return outline.module is not None or any(
            s.handler for w in outline.workflows for s in w.steps
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        index = project.index
        if not index.has_code:
            return
        for graph, step in index.handler_steps:
            handler = step.handler
            if handler is None or ":" not in handler.value:
                continue  # the schema check reports a malformed one
            resolved = index.resolve_handler(handler.value)
            if resolved.status in ("no-module", "no-attribute"):
                yield self._report(index, graph, step, handler, resolved)

    def _report(
        self,
        index: ProjectIndex,
        workflow: WorkflowOutline,
        step: StepOutline,
        handler: Sym,
        found: Resolution,
    ) -> Diagnostic:
        elsewhere = [
            (path, function)
            for path, function in index.functions_named(found.attr)
            if path not in found.paths
        ][:_MAX_SUGGESTIONS]
        suggestions = [f"{index.canonical[path]}:{f.qualname}" for path, f in elsewhere]
        related = [
            Related(f.location, f"`{f.qualname}` is defined here, in `{index.canonical[path]}`")
            for path, f in elsewhere
        ]
        if found.status == "no-module":
            what = f"no module `{found.module}` is in the code"
            if not suggestions:
                suggestions = closest(found.module, index.module_names(), _MAX_SUGGESTIONS)
        else:
            path = found.paths[0]
            candidates = index.attributes(path)
            if found.missing_class:
                method = found.attr.split(".", 1)[1]
                what = f"class `{found.missing_class}` of `{found.module}` has no method `{method}`"
                candidates = [c for c in candidates if c.startswith(f"{found.missing_class}.")]
            else:
                what = f"module `{found.module}` defines no `{found.attr}`"
            near = closest(found.attr, candidates, _MAX_SUGGESTIONS)
            suggestions = [f"{found.module}:{name}" for name in near] + suggestions
            here = [
                Related(function.location, f"`{name}` is defined here")
                for name in near
                if (function := index.function(path, name)) is not None
            ]
            related[:0] = [Related(Location.file_start(path), f"module `{found.module}`"), *here]
        hint = did_you_mean_any(suggestions[:_MAX_SUGGESTIONS])
        moved = [*index.head_modules(found.module), *index.head_defines(found.attr)]
        return self.diagnostic(
            handler.location,
            f"{workflow.terms.step} '{step.id}' has handler `{handler.value}`, but {what}{hint};"
            f" every run that reaches the {workflow.terms.step} fails there",
            related=related,
            help="point `handler` at the function as the code names it (`module:function`"
            " or `module:Class.method`), or restore the function; if the code lives outside"
            " the directories lintkit reads, add them to `code`",
            involves=[workflow.path, *found.paths, *moved],
            fix=typo_fix(handler.value, (), handler.location, suggestion=suggestions[0])
            if suggestions
            else None,
        )
