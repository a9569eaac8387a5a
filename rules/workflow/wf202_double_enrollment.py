from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person

from lintkit.ir import Step, Trigger, Workflow
from lintkit.paths import Knowledge, PathAnalysis, compatible
from lintkit.project import Project
from lintkit.registry import did_you_mean
from lintkit.rule import Rule, Scope, bad, good
from lintkit.types import Diagnostic, Related, Severity

_MAX_PAIRS = 20_000  # (who reaches one message) x (who reaches the other) compared


@dataclass(frozen=True)
class _Send:
    workflow: Workflow
    step: Step
    states: tuple[Knowledge, ...]  # who arrives at the message


@dataclass
class _Overlap:
    """Templates two workflows can both send to one person."""

    first: Workflow
    second: Workflow
    shared: list[tuple[_Send, _Send]] = field(default_factory=list)
    certain: bool = False


class DoubleEnrollment(Rule):
    """
    ## What it does
    Looks across every workflow of the project for two that can send the same
    template to one person: both reach a message with that template, they are
    not declared exclusive (`exclusive_with`, on either side), and one person
    can meet the conditions of both paths. The last part is what makes the
    usual fix count: a filter `not events.OTHER_TRIGGER` before the shared
    message (or any condition over enum/boolean attributes and events that the
    other workflow's people cannot meet, such as `plan == 'free'` against
    `plan != 'free'`) excludes the overlap. Conditions lintkit cannot decide are
    taken as satisfiable, and the finding says "may". Attributes an `update`
    step rewrites are not compared. Like the other path rules, this one reads
    a person's events as fixed: `not events.X` excludes people who did X
    before they reach the filter, not people who do X later. Both workflows must declare triggers (a
    workflow without any is entered by code lintkit cannot see). Workflows
    with the same trigger are reported too: everyone who fires it enters both.

    It also reports, within one workflow, `enrollment: every_time` with a
    reachable `final: true` message: each new trigger sends the final message
    again; and an `exclusive_with` that names no workflow of the project (the
    exclusion it was written for silently does not exist). That last check is
    skipped while any workflow file of the project fails to load.

    Messages on the channels in `messages.internal-channels` are not counted.

    ## Why is this bad?
    In the credits incident a campaign was triggered by
    `startup_plan_customer_added` and its backfill twin by
    `startup_plan_customer_added_backfill`. People who fired both were enrolled
    twice and received every message twice.

    ## How to fix
    Declare `exclusive_with: [other-workflow]` in one of them, or filter out
    the other workflow's people before the shared message
    (`keep: "not events.other_trigger"`).
    """

    code = "WF202"
    name = "double-enrollment"
    summary = "two workflows send the same template to one person, or one person enters twice"
    scope = Scope.PROJECT
    severity = Severity.ERROR
    options = (INTERNAL_CHANNELS,)
    examples = (
        bad(
            """
            lintkit: 1
            workflow: startup-credits
            triggers:
              - event: startup_plan_customer_added
            steps:
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              done:
                type: exit
            """,
            path="flows/credits.yaml",
            files={
                "flows/credits_backfill.yaml": """
                    lintkit: 1
                    workflow: startup-credits-backfill
                    triggers:
                      - event: startup_plan_customer_added_backfill
                    steps:
                      send_credits:
                        type: message
                        channel: email
                        template: credits_granted
                        next: done
                      done:
                        type: exit
                    """
            },
            expect=["9:15"],
            title="A campaign and its backfill twin send the same template",
        ),
        bad(
            """
            lintkit: 1
            workflow: trial-ended
            triggers:
              - event: trial_ended
            enrollment: every_time
            steps:
              notice:
                type: message
                channel: email
                template: account_closed
                final: true
                next: done
              done:
                type: exit
            """,
            expect=["11:12"],
            title="Every trigger enrolls again and sends the final message again",
        ),
        bad(
            """
            lintkit: 1
            workflow: startup-credits
            triggers:
              - event: startup_plan_customer_added
            exclusive_with: [startup-credits-backfil]
            steps:
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              done:
                type: exit
            """,
            files={
                "backfill.yaml": """
                    lintkit: 1
                    workflow: startup-credits-backfill
                    triggers:
                      - event: startup_plan_customer_added_backfill
                    steps:
                      done:
                        type: exit
                    """
            },
            expect=["5:18"],
            title="An exclusion that names no workflow protects nothing",
        ),
        good(
            """
            lintkit: 1
            workflow: startup-credits
            triggers:
              - event: startup_plan_customer_added
            steps:
              not_backfilled:
                type: filter
                keep: "not events.startup_plan_customer_added_backfill"
                next: send_credits
                otherwise: done
              send_credits:
                type: message
                channel: email
                template: credits_granted
                next: done
              done:
                type: exit
            """,
            path="flows/credits.yaml",
            files={
                "flows/credits_backfill.yaml": """
                    lintkit: 1
                    workflow: startup-credits-backfill
                    triggers:
                      - event: startup_plan_customer_added_backfill
                    steps:
                      send_credits:
                        type: message
                        channel: email
                        template: credits_granted
                        next: done
                      done:
                        type: exit
                    """
            },
            title="The main campaign skips people the backfill enrolls",
        ),
    )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        workflows = sorted(project.workflows, key=lambda w: (w.path, w.location, w.id))
        yield from self._unknown_exclusions(project, workflows)
        sends = {id(w): self._sends(w) for w in workflows}
        for workflow in workflows:
            yield from self._every_time(workflow, sends[id(workflow)])
        overlaps: dict[tuple[int, int], _Overlap] = {}
        by_template: dict[str, list[_Send]] = {}
        for workflow in workflows:
            for send in sends[id(workflow)]:
                by_template.setdefault(send.step.template or "", []).append(send)
        for group in by_template.values():
            for i, first in enumerate(group):
                for second in group[i + 1 :]:
                    self._pair(first, second, overlaps)
        for overlap in overlaps.values():
            yield self._report(overlap)

    # -- collecting --------------------------------------------------------------
    def _sends(self, workflow: Workflow) -> list[_Send]:
        is_message = reaches_person(self)
        found = []
        for graph in workflow.graphs():
            reached = PathAnalysis.of(graph).reached
            for step in graph.steps.values():
                states = reached.states_at(step.id)
                if is_message(step) and states:
                    if graph is not workflow:  # nested: entered from a step we don't track
                        states = [k.uncertain() for k in states]
                    found.append(_Send(workflow, step, tuple(states)))
        return found

    def _pair(self, first: _Send, second: _Send, overlaps: dict[tuple[int, int], _Overlap]) -> None:
        a, b = first.workflow, second.workflow
        if a.id == b.id or not a.triggers or not b.triggers:
            return
        if b.id in {s.value for s in a.exclusive_with} or a.id in {
            s.value for s in b.exclusive_with
        }:
            return
        rewritten = {name for w in (a, b) for s in w.steps.values() for name in s.sets}
        if len(first.states) * len(second.states) > _MAX_PAIRS:
            meet = [False]  # too many to compare: assume they meet, uncertainly
        else:
            meet = [
                x.certain and y.certain
                for x in first.states
                for y in second.states
                if compatible(x, y, ignore=rewritten)
            ]
        if not meet:
            return
        overlap = overlaps.setdefault((id(a), id(b)), _Overlap(a, b))
        if not any(f.step.template == first.step.template for f, _ in overlap.shared):
            overlap.shared.append((first, second))
        overlap.certain = overlap.certain or any(meet)

    # -- reporting ---------------------------------------------------------------
    def _report(self, overlap: _Overlap) -> Diagnostic:
        a, b = overlap.first, overlap.second
        templates = [f"'{first.step.template}'" for first, _ in overlap.shared]
        listed = " and ".join(
            [", ".join(templates[:-1]), templates[-1]] if len(templates) > 1 else templates
        )
        same = _trigger_names(a) == _trigger_names(b)
        who = (
            f"everyone who fires {_triggers_text(a)} enters both"
            if same
            else f"one person can be in both ('{a.id}' enrolls on {_triggers_text(a)},"
            f" '{b.id}' on {_triggers_text(b)})"
        )
        verb = "can" if overlap.certain else "may"
        related: list[Related] = []
        for first, second in overlap.shared:
            related.append(
                Related(
                    second.step.at("template"),
                    f"workflow '{b.id}' sends '{second.step.template}' here too",
                )
            )
            if first is not overlap.shared[0][0]:
                related.append(
                    Related(
                        first.step.at("template"),
                        f"workflow '{a.id}' sends '{first.step.template}' here",
                    )
                )
        for workflow in (a, b):
            for trigger in workflow.triggers:
                related.append(
                    Related(
                        trigger.location, f"'{workflow.id}' enrolls on {_trigger_text(trigger)}"
                    )
                )
        other_events = [t.name for t in b.triggers if t.kind == "event" and t.name]
        filter_hint = (
            f", or filter out people who did {other_events[0]} before the message"
            f' (keep: "not events.{other_events[0]}")'
            if other_events and not same
            else ""
        )
        return self.diagnostic(
            overlap.shared[0][0].step.at("template"),
            f"workflows '{a.id}' and '{b.id}' both send {listed} and {who}: such a person"
            f" {verb} receive {'it' if len(templates) == 1 else 'them'} twice",
            related=related,
            severity=Severity.ERROR if overlap.certain else Severity.WARNING,
            involves=(a.path, b.path),
            help=f"declare `exclusive_with: [{b.id}]` in '{a.id}'{filter_hint}",
        )

    def _every_time(self, workflow: Workflow, sends: list[_Send]) -> Iterator[Diagnostic]:
        if workflow.enrollment != "every_time":
            return
        for send in sends:
            if send.step.final and send.step.template:
                yield self.diagnostic(
                    send.step.at("final"),
                    f"workflow '{workflow.id}' enrolls people every time they trigger it"
                    f" (enrollment: every_time) and sends the final message '{send.step.id}'"
                    f" (template '{send.step.template}'): each new trigger sends it again",
                    related=[Related(workflow.location, f"workflow '{workflow.id}'")],
                    help="use `enrollment: once`, or keep the final message out of this workflow",
                )

    def _unknown_exclusions(
        self, project: Project, workflows: list[Workflow]
    ) -> Iterator[Diagnostic]:
        ids = sorted({w.id for w in workflows})
        if any(
            not result.workflows and any(p.kind in ("syntax", "schema") for p in result.problems)
            for result in project.files.values()
        ):
            return  # a workflow that failed to load may be the one named
        for workflow in workflows:
            for sym in workflow.exclusive_with:
                if sym.value in ids:
                    continue
                yield self.diagnostic(
                    sym.location,
                    f"`exclusive_with` names workflow '{sym.value}', which no workflow in the"
                    f" project has{did_you_mean(sym.value, [i for i in ids if i != workflow.id])}:"
                    " the exclusion does nothing",
                    help="use the `workflow:` id of the workflow this one must not overlap with",
                )


def _trigger_names(workflow: Workflow) -> set[tuple[str, str | None]]:
    return {(t.kind, t.name) for t in workflow.triggers}


def _trigger_text(trigger: Trigger) -> str:
    if trigger.kind == "event":
        return trigger.name or "an event"
    return f"{trigger.kind} {trigger.name}" if trigger.name else trigger.kind


def _triggers_text(workflow: Workflow) -> str:
    return " or ".join(_trigger_text(t) for t in workflow.triggers)
