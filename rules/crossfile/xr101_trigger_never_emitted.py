from collections.abc import Iterator

from lintkit_rules.crossfile._events import (
    EXTERNAL_EVENTS,
    before_change,
    external,
    is_external,
    recorded_elsewhere,
)

from lintkit.code.options import TELEMETRY_CALLS
from lintkit.core.suggest import closest_event, did_you_mean_any
from lintkit.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.index import ProjectIndex
from lintkit.project.outline import FileOutline, WorkflowOutline
from lintkit.project.view import Project
from lintkit.workflow.ir import Trigger

_WORKFLOW = """
lintkit: 1
workflow: startup-credits
triggers:
  - event: {event}
steps:
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
"""

_HOG_FLOW = """
import {{ hogFlow }} from "@posthog/definitions";

export default hogFlow({{
  key: "trial-ending",
  name: "Trial ending",
  actions: [
    {{
      id: "trigger",
      type: "trigger",
      config: {{ type: "event", filters: {{ events: [{{ id: "{event}", type: "events" }}] }} }},
    }},
    {{ id: "exit", type: "exit", config: {{}} }},
  ],
  edges: [{{ from: "trigger", to: "exit", type: "continue" }}],
}});
"""
_EVENT_DEFINITION = """
    import { eventDefinition } from "@posthog/definitions";

    export default eventDefinition({
      key: "trial_ending_soon",
      name: "trial_ending_soon",
      description: "A trial ends in three days",
    });
    """


class TriggerNeverEmitted(Rule):
    """
    ## What it does
    Compares every event a workflow is triggered by (`event:` under a native
    workflow's `triggers`, a PostHog workflow's trigger event) with the events
    the project's Python code records: the calls that `telemetry.calls`
    matches (`analytics.track(user.id, "signed_up")`, `posthog.capture(...)`...),
    and reports a trigger event that no code records, with the closest names
    the code does record. When the change being checked renamed the event (a
    changed file named it at git HEAD and now records another name), that new
    name is suggested first, however differently it is spelled.

    An event name counts as recorded when the code writes it as a string, a
    constant (of the module, or imported from another module of the project),
    a conditional (`"a" if c else "b"`), or passes it to a function of the
    project that records the name it is given (`def record(user, event):
    analytics.track(user.id, event)` called as `record(user, "signed_up")`).
    An f-string counts for every name it can make (`f"{plan}_customer_added"`
    for `startup_plan_customer_added`). A name lintkit cannot read at all (a
    variable filled at run time) does not count for any event: the finding is
    then a question to answer once, with a suppression or `events.external`.

    Events a PostHog definitions repository declares (`export default
    eventDefinition({ name: "trial_started", ... })` in TypeScript, read
    without running it) count as known too, alongside the code that records
    them: a trigger event that is neither declared nor recorded is reported,
    with the closest names of both.

    Events that come from outside the Python code (a frontend SDK, a webhook,
    another service) are listed in `events.external`; PostHog's own `$`
    events are by default. The rule is silent when the project records no
    product event by name at all (no Python code, or only log lines):
    there is nothing to compare with.

    ## Why is this bad?
    A workflow waiting for an event nobody sends never starts, and nothing
    fails: no error, no message, just a campaign that reaches no one. The
    credits incident turned on two near-identical event names
    (`startup_plan_customer_added` and its `_backfill` twin); one character off
    in either and the campaign silently stops.

    ## How to fix
    Use the name the code records (the message suggests the closest ones), or
    record the event where it happens. If it comes from outside this code, add
    it to `events.external`.
    """

    code = "XR101"
    name = "trigger-never-emitted"
    summary = "a workflow's trigger event is recorded nowhere in the code"
    scope = Scope.PROJECT
    reads_code = True
    severity = Severity.WARNING
    options = (EXTERNAL_EVENTS, TELEMETRY_CALLS)
    examples = (
        bad(
            _WORKFLOW.format(event="startup_plan_customer_add"),
            path="flows/credits.yaml",
            files={
                "app/billing.py": """
                    import analytics


                    def add_startup_customer(user):
                        analytics.track(user.id, "startup_plan_customer_added", {"plan": user.plan})
                    """
            },
            expect=["4:12 `startup_plan_customer_add`, so this trigger never starts"],
            title="One word off: the campaign waits for an event nobody sends",
        ),
        good(
            _WORKFLOW.format(event="startup_plan_customer_added"),
            path="flows/credits.yaml",
            files={
                "app/events.py": """
                    CUSTOMER_ADDED = "startup_plan_customer_added"
                    """,
                "app/billing.py": """
                    import analytics

                    from app.events import CUSTOMER_ADDED


                    def add_startup_customer(user):
                        analytics.track(user.id, CUSTOMER_ADDED, {"plan": user.plan})
                    """,
            },
            title="Recorded through a constant of another module",
        ),
        good(
            _WORKFLOW.format(event="invoice.payment_failed"),
            path="flows/credits.yaml",
            files={
                "app/billing.py": """
                    import analytics


                    def add_startup_customer(user):
                        analytics.track(user.id, "startup_plan_customer_added")
                    """
            },
            config="""
                [events]
                external = ["invoice.*"]  # Stripe's webhooks, through the CDP
                """,
            title="An event from outside the Python code, declared external",
        ),
        bad(
            _HOG_FLOW.format(event="trial_endng_soon"),
            path="posthog/hog-flows/trial-ending.ts",
            files={"posthog/events/trial_ending_soon.ts": _EVENT_DEFINITION},
            expect=["10:58 no eventDefinition declares the trigger event `trial_endng_soon`"],
            title="A hogFlow waits for an event the definitions do not declare",
        ),
        good(
            _HOG_FLOW.format(event="trial_ending_soon"),
            path="posthog/hog-flows/trial-ending.ts",
            files={"posthog/events/trial_ending_soon.ts": _EVENT_DEFINITION},
            title="The event is declared with eventDefinition",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """The code that records a trigger's event may be anywhere."""
        return outline.module is not None or any(
            t.kind == "event" for w in outline.workflows for t in w.triggers
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        index = project.index
        recording = index.has_code and index.records_events()
        if not recording and not index.declared:
            return
        outside = external(self)
        missing: dict[str, bool] = {}
        for workflow in index.workflows:
            for trigger in workflow.triggers:
                name = trigger.name
                if trigger.kind != "event" or not name or is_external(name, outside):
                    continue
                if name not in missing:
                    missing[name] = name not in index.declared and not (
                        recording and index.is_recorded(name)
                    )
                if missing[name]:
                    yield self._report(index, workflow, trigger, name)

    def _report(
        self, index: ProjectIndex, workflow: WorkflowOutline, trigger: Trigger, name: str
    ) -> Diagnostic:
        used_to = index.head_mentions(name)
        renamed = _renamed_to(index, name, used_to)
        known = sorted({*index.recorded_names(), *index.declared})
        near = [
            *renamed,
            *(n for n in closest_event(name, known) if n not in renamed),
        ]
        near = near[: max(3, len(renamed))]
        what = (
            f"no eventDefinition declares the trigger event `{name}` and no code records it"
            if index.declared
            else f"no code records the trigger event `{name}`"
        )
        declared = [
            Related(index.declared[n][0], f"`{n}` is declared here")
            for n in near
            if n in index.declared
        ]
        return self.diagnostic(
            trigger.location,
            f"{what}, so this trigger never starts"
            f" '{workflow.id}'{did_you_mean_any(near)}{before_change(used_to)}",
            related=[*recorded_elsewhere(index, near), *declared],
            help=(
                "use a declared or recorded name, or declare the event with eventDefinition"
                if index.declared
                else "use the name the code records, or record the event where it happens"
            )
            + "; if a frontend SDK, a webhook or another service sends it, add it to"
            " `events.external`",
            involves=[
                workflow.path,
                *used_to,
                *(p.path for n in near for p in index.declared.get(n, ())),
            ],
            fix=_rename(trigger, name, near[0]) if near else None,
        )


def _rename(trigger: Trigger, name: str, recorded: str) -> Fix:
    """Unsafe: the trigger starts enrolling people, who may then get its messages."""
    return Fix(
        f"replace {name!r} with {recorded!r} (the workflow then starts for people who do it)",
        (Edit.value(trigger.location, recorded, name),),
        Applicability.UNSAFE,
    )


def _renamed_to(index: ProjectIndex, name: str, used_to: list[str]) -> list[str]:
    """What this change renamed ``name`` to: the events that a changed file which
    named ``name`` at git HEAD now records and did not name then. The most likely
    meant name, however its spelling differs, so it is suggested first."""
    if not used_to:
        return []
    changed = set(used_to)
    found = []
    for other in index.recorded_names():
        places = {r.location.path for r in index.recorders(other)} & changed
        if places and not places & set(index.head_mentions(other)):
            found.append(other)
    near = closest_event(name, found, n=len(found))
    return near + sorted(set(found) - set(near))
