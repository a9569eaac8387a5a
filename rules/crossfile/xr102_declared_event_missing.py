from collections.abc import Iterator

from lintkit_rules.crossfile._events import (
    EXTERNAL_EVENTS,
    before_change,
    external,
    is_external,
    recorded_elsewhere,
)

from lintkit.code.options import TELEMETRY_CALLS
from lintkit.core.suggest import closest_event, did_you_mean_any, quoted
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.index import ProjectIndex, Reach, Target
from lintkit.project.outline import FileOutline, StepOutline, WorkflowOutline
from lintkit.project.view import Project
from lintkit.workflow.ir import Sym

_OFFER = """
lintkit: 1
workflow: retention
triggers:
  - event: cancel_requested
steps:
  offer:
    type: action
    handler: "app.retention:get_retention_offer"
    emits: [retention_offer_eligible]
    next: done
  done:
    type: exit
funnel: [retention_offer_shown, retention_offer_accepted]
"""


class DeclaredEventMissing(Rule):
    """
    ## What it does
    Checks the events a workflow promises against the code that should record
    them:

    - an `emits` event of a step: its `handler` must record it, in the handler
      function or in a function of the project it calls (transitively: a helper
      of the same module, `self.method()`, a function imported from another
      module). A wrapper that records the name it is given counts for the names
      its callers pass.
    - a `funnel` stage: some code of the project must record it (or it is
      listed in `events.external`, for a stage a frontend records).

    Events are read as XR101 reads them (strings, constants, conditionals,
    f-strings, wrappers). A handler whose code records an event under a name
    lintkit cannot read is not reported for its `emits`: the name may be any.
    Handlers XR103 cannot find are left to XR103. The funnel check is silent
    when the project records no product event by name at all.

    ## Why is this bad?
    A retention offer was recorded only when accepted: the code evaluated `if
    result.eligible` and emitted nothing on that branch, so "offers issued"
    read 0 and the offer's conversion could not be measured. The workflow said
    what it expected (`emits: [retention_offer_eligible]`, a funnel of shown,
    declined, accepted); nothing compared that with the code.

    ## How to fix
    Record the event in the handler, on the path that does what the event
    says, or correct the name in the workflow. For a funnel stage, record it
    where the stage happens, or declare it in `events.external` if another
    system records it.
    """

    code = "XR102"
    name = "declared-event-missing"
    summary = "an `emits` or `funnel` event has no emit site (in the handler, for `emits`)"
    scope = Scope.PROJECT
    reads_code = True
    severity = Severity.WARNING
    options = (EXTERNAL_EVENTS, TELEMETRY_CALLS)
    examples = (
        bad(
            _OFFER,
            path="flows/retention.yaml",
            files={
                "app/retention.py": """
                    import analytics


                    def get_retention_offer(user):
                        result = check_eligibility(user)
                        if not result.eligible:
                            analytics.track(user.id, "retention_offer_ineligible")
                            return None
                        return build_offer(user)


                    def accept_offer(user, offer):
                        analytics.track(user.id, "retention_offer_accepted")
                        return offer.apply()
                    """
            },
            expect=[
                "9:13 declares it emits `retention_offer_eligible`",
                "13:10 `retention_offer_shown` is recorded nowhere",
            ],
            title="The incident: the issued offer and the shown stage are never recorded",
        ),
        good(
            _OFFER,
            path="flows/retention.yaml",
            files={
                "app/retention.py": """
                    import analytics

                    OFFER_ELIGIBLE = "retention_offer_eligible"


                    def _record(user, event):
                        analytics.track(user.id, event)


                    def get_retention_offer(user):
                        result = check_eligibility(user)
                        if not result.eligible:
                            _record(user, "retention_offer_ineligible")
                            return None
                        _record(user, OFFER_ELIGIBLE)
                        return build_offer(user)


                    def accept_offer(user, offer):
                        _record(user, "retention_offer_accepted")
                        return offer.apply()
                    """,
                "app/web.py": """
                    import analytics


                    def cancel_clicked(user):
                        analytics.track(user.id, "cancel_requested")


                    def offer_displayed(user):
                        analytics.track(user.id, "retention_offer_shown")
                    """,
            },
            title="Recorded through a helper; the shown stage in another module",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """A funnel stage or an emitted event is recorded by code elsewhere."""
        return outline.module is not None or any(
            w.funnel or any(s.emits or s.handler for s in w.steps) for w in outline.workflows
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        index = project.index
        if not index.has_code:
            return
        reaches: dict[tuple[str, str], Reach] = {}
        for graph, step in index.handler_steps:
            if step.handler is None or not step.emits:
                continue
            target = index.resolve_handler(step.handler.value).target
            if target is None or target.function is None:
                continue  # not found (XR103), or not a function lintkit can follow
            for event in step.emits:
                if index.records_itself(target, event.value):
                    continue
                key = (target.path, target.qualname)
                if key not in reaches:
                    reaches[key] = index.reach(target)
                reach = reaches[key]
                if not reach.unreadable and not reach.records(event.value):
                    yield self._missing_emit(index, graph, step, event, target, reach)
        if index.records_events():
            yield from self._funnels(index)

    def _missing_emit(
        self,
        index: ProjectIndex,
        workflow: WorkflowOutline,
        step: StepOutline,
        event: Sym,
        target: Target,
        reach: Reach,
    ) -> Diagnostic:
        assert step.handler is not None and target.function is not None
        handler = step.handler.value
        others = len(reach.functions) - 1
        through = (
            f" (nor do the {others} functions of the project it calls)"
            if others > 1
            else " (nor does the function of the project it calls)"
            if others == 1
            else ""
        )
        recorded = sorted({r.event for r in reach.recorded if r.how != "log"})
        near = closest_event(event.value, recorded)
        logs = any(r.how == "log" for r in reach.recorded)
        what = (
            f"records {quoted(recorded)}"
            if recorded
            else "records no event, only log lines"
            if logs
            else "records no event"
        )
        related = [Related(target.function.location, f"the handler `{handler}`: {what}")]
        related += [Related(reach.records(name)[0], f"`{name}` is recorded here") for name in near]
        used_to = index.head_mentions(event.value)
        return self.diagnostic(
            event.location,
            f"{workflow.terms.step} '{step.id}' declares it emits `{event.value}`, but its"
            f" handler `{handler}` never records it{through}{did_you_mean_any(near)}"
            f"{before_change(used_to)}",
            related=related,
            help="record the event in the handler, on the path that does what it says, or fix"
            " the name in `emits`; until then the step's outcome cannot be counted",
            involves=[workflow.path, *target.via, *sorted(reach.files), *used_to],
        )

    def _funnels(self, index: ProjectIndex) -> Iterator[Diagnostic]:
        outside = external(self)
        for workflow in index.workflows:
            for stage in workflow.funnel:
                name = stage.value
                if is_external(name, outside) or index.is_recorded(name):
                    continue
                near = closest_event(name, index.recorded_names())
                used_to = index.head_mentions(name)
                yield self.diagnostic(
                    stage.location,
                    f"funnel stage `{name}` is recorded nowhere in the code: it will read 0 and"
                    f" the funnel cannot be measured past it{did_you_mean_any(near)}"
                    f"{before_change(used_to)}",
                    related=recorded_elsewhere(index, near),
                    help="record the event where the stage happens (every path, not only"
                    " the happy one), or fix its name; if another system records it, add"
                    " it to `events.external`",
                    involves=[workflow.path, *used_to],
                )
