from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from lintkit_rules.workflow._messages import INTERNAL_CHANNELS, reaches_person

from lintkit.core.durations import duration_text
from lintkit.core.suggest import did_you_mean
from lintkit.core.types import AddItem, AddKey, Diagnostic, Fix, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.outline import FileOutline, WorkflowOutline
from lintkit.project.view import Project
from lintkit.workflow import graph
from lintkit.workflow.feasible import Knowledge, PathAnalysis, compatible
from lintkit.workflow.ir import Step, StepKind, Trigger, Workflow

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

    A per-person re-entry window changes the every-time case. PostHog's
    `trigger_masking` on `{person.id}` with a `ttl` (the editor's "Frequency:
    one time per 30 minutes") drops a person's repeated triggers for `ttl`
    seconds, so the burst of duplicate triggers behind the credits incident
    enrolls them once. It is reported only when the window is shorter than the
    longest a person can take from entering to the final message (the delays
    and wait timeouts on the way; a wait without a timeout, or a loop through
    a delay, has no bound): a person who triggers again before the message
    goes out is then in two runs at once, and gets it twice. A window at least
    that long is the re-entry period the author chose: a later run is a new
    enrollment, and its final message as intended as the first, so it is not
    reported. A mask that also reads the date ("once per calendar day") or
    lets every Nth trigger through (`threshold`) is no window.

    A message inside a nested graph (a Step Functions `Parallel` or `Map`)
    counts, sent to whoever reaches the step holding it, as a possibility
    ("may").

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
    phrases: ClassVar[Mapping[str, str]] = {
        "every_time": "enrollment: every_time",  # what lets a person in at every trigger
        "once": "`enrollment: once`",  # how to let a person in only once
        "reentry": "",  # what sets how soon a person may enter again ("": nothing)
        "exclusive": "declare `exclusive_with: [{other}]` in '{workflow}'",
        # keep out people who did another workflow's trigger event
        "skip_event": 'filter out people who did {event} before the message (keep: "not'
        ' events.{event}")',
    }
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
            expect=["9:15 both send 'credits_granted'"],
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
            expect=["11:12 enrolls people every time they trigger it"],
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
            expect=["5:18 names workflow 'startup-credits-backfil', which no"],
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

    def involves_others(self, outline: FileOutline) -> bool:
        """Another workflow matters when one names it, or may send the same template."""
        return any(
            w.exclusive_with or w.enrollment == "every_time" or any(s.template for s in w.steps)
            for w in outline.workflows
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        # Every workflow's outline says which templates it sends; only the workflows
        # that share one with another, or enroll every time and have a final message,
        # are loaded whole for the path analysis behind `_sends`, the costly part.
        # With changed files, only those and the workflows they share a template with.
        outlines = sorted(
            (w for o in project.outlines.values() for w in o.workflows),
            key=lambda w: (w.path, w.location, w.id),
        )
        yield from self._unknown_exclusions(project, outlines)
        is_message = reaches_person(self)
        written = {(w.path, w.position): [s for s in w.steps if is_message(s)] for w in outlines}
        owners: dict[str, set[str]] = {}
        for outline in outlines:
            for step in written[(outline.path, outline.position)]:
                owners.setdefault(step.template or "", set()).add(outline.id)

        def shares(outline: WorkflowOutline) -> set[str]:
            templates = {s.template or "" for s in written[(outline.path, outline.position)]}
            return {t for t in templates if t and len(owners[t]) > 1}

        def repeats(outline: WorkflowOutline) -> bool:
            steps = written[(outline.path, outline.position)]
            return outline.enrollment == "every_time" and any(s.final for s in steps)

        asked = {t for w in outlines if project.asks(w.path) for t in shares(w)}
        chosen = [
            w
            for w in outlines
            if (project.asks(w.path) and (shares(w) or repeats(w))) or shares(w) & asked
        ]
        workflows = [project.workflow(w) for w in chosen]
        sends = {id(w): self._sends(w) for w in workflows}
        for workflow in workflows:
            yield from self._every_time(workflow, sends[id(workflow)])
        overlaps: dict[tuple[int, int], _Overlap] = {}
        by_template: dict[str, list[_Send]] = {}
        for workflow in workflows:
            for send in sends[id(workflow)]:
                if send.step.template:  # a message with no template shares none (n8n's)
                    by_template.setdefault(send.step.template, []).append(send)
        for group in by_template.values():
            for i, first in enumerate(group):
                for second in group[i + 1 :]:
                    self._pair(first, second, overlaps)
        for overlap in overlaps.values():
            yield self._report(overlap)

    # -- collecting --------------------------------------------------------------
    def _sends(self, workflow: Workflow) -> list[_Send]:
        is_message = reaches_person(self)
        found: list[_Send] = []

        def walk(graph: Workflow, entering: list[Knowledge] | None) -> None:
            """``entering``: who arrives at the outermost step holding ``graph`` (None: top)."""
            reached = PathAnalysis.of(graph).reached
            for step in graph.steps.values():
                states = reached.states_at(step.id)
                if not states:
                    continue
                # Inside a nested graph, who arrives is who arrived at the step holding
                # it: what the nested graph reads (a Map's item) is not the person's.
                who = states if entering is None else entering
                if is_message(step):
                    found.append(_Send(workflow, step, tuple(who)))
                for sub in step.subgraphs:
                    walk(sub, [k.uncertain() for k in who])

        walk(workflow, None)
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
        fixes = [self.phrase(a, "exclusive", other=b.id, workflow=a.id)]
        if self.phrase(a, "skip_event") and other_events and not same:
            fixes.append(self.phrase(a, "skip_event", event=other_events[0]))
        fixes = [f for f in fixes if f] or [
            f"keep the people of '{b.id}' out of '{a.id}' before the shared message"
        ]
        return self.diagnostic(
            overlap.shared[0][0].step.at("template"),
            f"workflows '{a.id}' and '{b.id}' both send {listed} and {who}: such a person"
            f" {verb} receive {'it' if len(templates) == 1 else 'them'} twice",
            related=related,
            severity=Severity.ERROR if overlap.certain else Severity.WARNING,
            involves=(a.path, b.path),
            help=", or ".join(fixes),
            # a dialect that words the exclusion its own way has no `exclusive_with`
            fix=None if "exclusive" in a.phrases.get(self.code, {}) else _exclusive(a, b),
        )

    def _every_time(self, workflow: Workflow, sends: list[_Send]) -> Iterator[Diagnostic]:
        if workflow.enrollment != "every_time":
            return
        once_by, every_time, reentry = (
            self.phrase(workflow, key) for key in ("once", "every_time", "reentry")
        )
        for send in sends:
            if not (send.step.final and send.step.template):
                continue
            message = f"the final message '{send.step.id}' (template '{send.step.template}')"
            related = [Related(workflow.location, f"workflow '{workflow.id}'")]
            window = workflow.reentry_after
            once = [f"use {once_by}"] if once_by else []
            if window is None:
                how = f" ({every_time})" if every_time else ""
                yield self.diagnostic(
                    send.step.at("final"),
                    f"workflow '{workflow.id}' enrolls people every time they trigger it{how}"
                    f" and sends {message}: each new trigger sends it again",
                    related=related,
                    help=_either([*once, "keep the final message out of this workflow"]),
                )
                continue
            # A re-entry window drops repeated triggers (the incident's duplicates): only
            # a person who can be in two runs at once gets the final message twice.
            longest = _longest_time(workflow, send.step)
            if longest <= window:
                continue
            by = f" ({reentry})" if reentry else ""
            when = "at any time" if longest == math.inf else f"as late as {_time(longest)}"
            fixes = list(once)
            if longest != math.inf and reentry:
                fixes.append(f"make {reentry} longer than {_time(longest)}")
            fixes.append("keep the final message out of this workflow")
            yield self.diagnostic(
                send.step.at("final"),
                f"workflow '{workflow.id}' lets a person in again {_time(window)} after"
                f" they enter{by}, but {message} can come {when} after entry: a person who"
                " triggers it again in between is in two runs and gets it twice",
                related=related,
                help=_either(fixes),
            )

    def _unknown_exclusions(
        self, project: Project, workflows: list[WorkflowOutline]
    ) -> Iterator[Diagnostic]:
        ids = sorted({w.id for w in workflows})
        if any(
            not outline.workflows and outline.problem_kinds & {"syntax", "schema"}
            for outline in project.outlines.values()
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


def _time(seconds: float) -> str:
    """``30d12h`` rather than ``732h``: whole days, then the rest."""
    days, rest = divmod(seconds, 86400)
    if days and rest:
        return f"{int(days)}d{duration_text(rest)}"
    return duration_text(seconds)


def _either(choices: list[str]) -> str:
    """``a, b, or c``."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])}, or {choices[-1]}"


def _held(step: Step) -> float:
    """How long a person can be held at a step (inf: no bound)."""
    if step.kind in (StepKind.DELAY, StepKind.WAIT):
        return math.inf if step.duration is None else step.duration
    inside = (s for sub in step.subgraphs for g in sub.graphs() for s in g.steps.values())
    if any(s.kind in (StepKind.DELAY, StepKind.WAIT) for s in inside):
        return math.inf  # held inside a nested graph: not measured
    return 0.0


def _longest_time(workflow: Workflow, target: Step) -> float:
    """The longest a person can take from entering to arriving at ``target`` (inf: no bound).

    Conditions are not read (every path counts); a loop through a step that holds
    people, or a wait without a timeout, has no bound.
    """
    if workflow.start is None or workflow.steps.get(target.id) is not target:
        return math.inf  # in a nested graph: not measured
    region = graph.reachable(workflow, [workflow.start.value]) & graph.can_reach(
        workflow, [target.id]
    )
    held = {s: _held(workflow.steps[s]) for s in region if s != target.id}
    if any(h == math.inf for h in held.values()):
        return math.inf
    components = [
        c for c in graph.strongly_connected(workflow) if c[0] in region
    ]  # a component lies wholly inside or outside the region
    component_of = {s: i for i, c in enumerate(components) for s in c}
    for component in components:
        if graph.is_cycle(workflow, component) and any(held.get(s, 0.0) > 0 for s in component):
            return math.inf
    memo: dict[int, float] = {}

    def after(index: int) -> float:
        """Longest time from arriving in component ``index`` to arriving at the target
        (components, each a loop with no time in it or a single step, form no cycle)."""
        if index in memo:
            return memo[index]
        if target.id in components[index]:
            return 0.0
        nexts = {
            component_of[t]
            for s in components[index]
            for t in graph.successors(workflow, s)
            if t in component_of and component_of[t] != index
        }
        stay = sum(held.get(s, 0.0) for s in components[index])
        memo[index] = stay + max((after(n) for n in nexts), default=0.0)
        return memo[index]

    return after(component_of[workflow.start.value]) if workflow.start.value in region else 0.0


def _exclusive(a: Workflow, b: Workflow) -> Fix | None:
    """`exclusive_with: [b]` in ``a``."""
    if a.exclusive_with:
        change: AddItem | AddKey = AddItem(a.exclusive_with[-1].location, b.id)
    else:
        change = AddKey(a.location, "exclusive_with", (b.id,))
    return Fix(f"declare `exclusive_with: [{b.id}]` in '{a.id}'", (change,))
