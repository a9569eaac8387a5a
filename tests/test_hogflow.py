"""PostHog workflows (HogFlow): the IR they map to, and how files are recognised.

Whole files through the CLI are in tests/testdata: ok/hogflow_*.json must be
silent, err/hogflow_*.json must report exactly their .out.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from lk_testing import run, write

from lintkit.project.load_file import LoadSettings, load_workflow_file
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import Edge, StepKind, Workflow


# -- the IR ------------------------------------------------------------------------------
def load(flow: dict[str, Any] | list[Any], **options: Any) -> tuple[list[Workflow], list[str]]:
    data = json.dumps(flow, indent=2).encode()
    settings = LoadSettings(
        options=tuple(sorted((f"hogflow.{k.replace('_', '-')}", v) for k, v in options.items()))
    )
    result = load_workflow_file("flow.json", data, settings, declared=True)
    return result.workflows, [f"{p.kind}: {p.message}" for p in result.problems]


def one(flow: dict[str, Any], **options: Any) -> Workflow:
    workflows, problems = load(flow, **options)
    assert problems == []
    [workflow] = workflows
    return workflow


def edge(workflow: Workflow, source: str, label: str) -> Edge:
    [found] = [e for e in workflow.edges if e.source == source and e.label == label]
    return found


def text(expr: cond.Expr | None) -> str:
    return "always" if expr is None else cond.render(expr)


def flow(
    *actions: dict[str, Any], edges: list[tuple[str, str] | tuple[str, str, int]], **top: Any
) -> dict[str, Any]:
    """A HogFlow: a trigger on `signed_up`, these actions, and (from, to[, branch index]) edges."""
    trigger = {"type": "event", "filters": {"events": [{"id": "signed_up", "type": "events"}]}}
    return {
        "name": "Test flow",
        "trigger": trigger,
        "exit_condition": "exit_only_at_end",
        **top,
        "actions": [
            {"id": "trigger_node", "name": "Trigger", "type": "trigger", "config": trigger},
            *actions,
            {"id": "exit_node", "name": "Exit", "type": "exit", "config": {}},
        ],
        "edges": [
            {"from": e[0], "to": e[1], "type": "continue"}
            if len(e) == 2
            else {"from": e[0], "to": e[1], "type": "branch", "index": e[2]}
            for e in edges
        ],
    }


def email(aid: str, name: str, subject: str = "", filters: Any = None) -> dict[str, Any]:
    return {
        "id": aid,
        "name": name,
        "type": "function_email",
        "filters": filters,
        "config": {
            "template_id": "template-email",
            "inputs": {"email": {"value": {"subject": subject or name}}},
        },
    }


def person(key: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"properties": [{"key": key, "type": "person", "operator": operator, "value": value}]}


def branch(aid: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": aid,
        "name": aid,
        "type": "conditional_branch",
        "config": {"conditions": [{"filters": c} for c in conditions]},
    }


def test_a_step_with_conditions_gets_a_filter_in_front_whose_skip_edge_is_the_continue_edge() -> (
    None
):
    workflow = one(
        flow(
            email("welcome", "Welcome", filters=person("plan", "exact", ["startup"])),
            edges=[("trigger_node", "welcome"), ("welcome", "exit_node")],
        )
    )
    gate = workflow.steps["welcome (conditions)"]
    assert gate.kind is StepKind.FILTER
    assert workflow.start is not None and workflow.start.value == "welcome (conditions)"
    assert text(edge(workflow, gate.id, "next").condition) == "plan == 'startup'"
    skip = edge(workflow, gate.id, "skip")
    assert (skip.target, text(skip.condition)) == ("exit_node", "plan != 'startup'")
    # the skip edge is located where the continue edge names its target
    assert skip.location == edge(workflow, "welcome", "continue").location


def test_empty_conditions_skip_nobody() -> None:
    workflow = one(
        flow(
            email("welcome", "Welcome", filters={"properties": [], "bytecode": ["_H", 1, 29]}),
            edges=[("trigger_node", "welcome"), ("welcome", "exit_node")],
        )
    )
    assert list(workflow.steps) == ["welcome", "exit_node"]


@pytest.mark.parametrize(
    ("after_skip", "excludes"),
    [
        # skipping one email on the way to the next is PostHog's design
        ([email("tips", "More tips")], False),
        # people who failed the conditions reach the final message: the incident
        ([email("cancelled", "Credits cancelled")], True),
        ([email("tips", "More tips"), email("cancelled", "Your account was deactivated")], True),
        # leaving without a message is what exclusion means
        ([], True),
    ],
)
def test_a_skip_excludes_people_unless_they_only_reach_ordinary_messages(
    after_skip: list[dict[str, Any]], excludes: bool
) -> None:
    chain = ["first", *(a["id"] for a in after_skip), "exit_node"]
    workflow = one(
        flow(
            email("first", "Getting started", filters=person("plan", "exact", "startup")),
            *after_skip,
            edges=[("trigger_node", "first"), *itertools.pairwise(chain)],
        )
    )
    assert edge(workflow, "first (conditions)", "skip").excludes is excludes


def test_strict_skips_make_every_filtered_out_edge_excluding() -> None:
    spec = flow(
        email("first", "Getting started", filters=person("plan", "exact", "startup")),
        email("tips", "More tips"),
        edges=[("trigger_node", "first"), ("first", "tips"), ("tips", "exit_node")],
    )
    assert edge(one(spec), "first (conditions)", "skip").excludes is False
    assert edge(one(spec, strict_skips=True), "first (conditions)", "skip").excludes is True


def test_final_messages_are_found_by_name_description_or_subject_and_the_pattern_is_an_option() -> (
    None
):
    spec = flow(
        email("a", "Credits cancelled"),
        {**email("b", "Reminder"), "description": "Final notice before we close the account."},
        email("c", "Notice", subject="Your subscription has been terminated"),
        email("d", "Welcome"),
        edges=[("trigger_node", "a"), ("a", "b"), ("b", "c"), ("c", "d"), ("d", "exit_node")],
    )
    assert {s.id for s in one(spec).steps.values() if s.final} == {"a", "b", "c"}
    custom = one(spec, final_pattern="(?i)welcome")
    assert {s.id for s in custom.steps.values() if s.final} == {"d"}


def test_a_conditional_branch_takes_the_first_matching_condition_else_continue() -> None:
    workflow = one(
        flow(
            branch(
                "route",
                person("plan", "exact", ["team_legacy", "team_basic"]),
                person("plan", "exact", "startup"),
            ),
            email("team", "Team offer"),
            email("startup", "Startup offer"),
            edges=[
                ("trigger_node", "route"),
                ("route", "team", 0),
                ("route", "startup", 1),
                ("route", "exit_node"),
                ("team", "exit_node"),
                ("startup", "exit_node"),
            ],
        )
    )
    assert [
        (e.label, e.target, text(e.condition), e.excludes) for e in workflow.out_edges("route")
    ] == [
        ("branch[0]", "team", "plan in ['team_legacy', 'team_basic']", False),
        (
            "branch[1]",
            "startup",
            "plan not in ['team_legacy', 'team_basic'] and plan == 'startup'",
            False,
        ),
        (
            "continue",
            "exit_node",
            "plan not in ['team_legacy', 'team_basic'] and plan != 'startup'",
            False,
        ),
    ]


def test_the_continue_edge_of_a_one_condition_branch_is_its_filtered_out_edge() -> None:
    def build(else_to: str) -> Workflow:
        return one(
            flow(
                branch("eligible", person("plan", "exact", ["startup", "yc"])),
                email("grant", "Credits granted"),
                email("cancel", "Credits cancelled"),
                edges=[
                    ("trigger_node", "eligible"),
                    ("eligible", "grant", 0),
                    ("eligible", else_to),
                    ("grant", "exit_node"),
                    ("cancel", "exit_node"),
                ],
            )
        )

    slip = edge(build("cancel"), "eligible", "continue")
    assert (slip.target, slip.excludes, text(slip.condition)) == (
        "cancel",
        True,
        "plan not in ['startup', 'yc']",
    )
    assert edge(build("exit_node"), "eligible", "continue").excludes is True
    assert edge(build("grant"), "eligible", "continue").excludes is False


def test_waits_move_on_when_the_condition_matches_and_on_timeout_otherwise() -> None:
    workflow = one(
        flow(
            {
                "id": "wait",
                "name": "Wait for first use",
                "type": "wait_until_condition",
                "config": {
                    "condition": {"filters": person("activated", "exact", ["true"])},
                    "events": [{"filters": {"events": [{"id": "credits_used", "type": "events"}]}}],
                    "max_wait_duration": "3d",
                },
            },
            edges=[("trigger_node", "wait"), ("wait", "exit_node", 0), ("wait", "exit_node")],
        )
    )
    wait = workflow.steps["wait"]
    assert (wait.kind, wait.duration, wait.event) == (StepKind.WAIT, 3 * 86400, "credits_used")
    assert text(edge(workflow, "wait", "branch[0]").condition) == (
        "activated == 'true' or events.credits_used"
    )
    assert text(edge(workflow, "wait", "on_timeout").condition) == (
        "not (activated == 'true' or events.credits_used)"
    )


def test_random_cohorts_are_opaque_and_the_last_takes_the_rest() -> None:
    workflow = one(
        flow(
            {
                "id": "split",
                "name": "Split",
                "type": "random_cohort_branch",
                "config": {"cohorts": [{"percentage": 20}, {"percentage": 80}]},
            },
            email("a", "A"),
            email("b", "B"),
            edges=[
                ("trigger_node", "split"),
                ("split", "a", 0),
                ("split", "b", 1),
                ("split", "exit_node"),
                ("a", "exit_node"),
                ("b", "exit_node"),
            ],
        )
    )
    assert [(e.label, text(e.condition)) for e in workflow.out_edges("split")] == [
        ("branch[0]", "<split: random cohort 1 (20%)>"),
        ("branch[1]", "not <split: random cohort 1 (20%)>"),
    ]  # the continue edge is never taken when there are cohorts


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        ({"key": "plan", "type": "person", "operator": "exact", "value": "yc"}, "plan == 'yc'"),
        (
            {"key": "plan", "type": "person", "operator": "exact", "value": ["a", "b"]},
            "plan in ['a', 'b']",
        ),
        (
            {"key": "plan", "type": "person", "operator": "is_not", "value": ["a", "b"]},
            "plan not in ['a', 'b']",
        ),
        ({"key": "plan", "type": "person", "operator": "is_not", "value": ["a"]}, "plan != 'a'"),
        (
            {"key": "email", "type": "person", "operator": "is_set", "value": "is_set"},
            "email != null",
        ),
        ({"key": "email", "type": "person", "operator": "is_not_set"}, "email == null"),
        ({"key": "seats", "type": "person", "operator": "gt", "value": "10"}, "seats > 10"),
        ({"key": "ratio", "type": "person", "operator": "lte", "value": 0.5}, "ratio <= 0.5"),
        (
            {"key": "seats", "type": "person", "operator": "between", "value": [2, 5]},
            "seats >= 2 and seats <= 5",
        ),
        (
            {"key": "$browser", "type": "event", "operator": "exact", "value": ["Chrome"]},
            "event.$browser == 'Chrome'",
        ),
        (
            {"key": "event", "type": "event_metadata", "operator": "exact", "value": ["x"]},
            "event == 'x'",
        ),
        (
            {"key": "$is_identified", "type": "person", "operator": "exact", "value": ["true"]},
            "identified == true",
        ),
        # open domains: lintkit cannot decide them, so they are free (true for some people)
        (
            {"key": "email", "type": "person", "operator": "icontains", "value": "@acme.com"},
            "<email icontains '@acme.com'>",
        ),
        (
            {"key": "email", "type": "person", "operator": "not_icontains", "value": "@acme.com"},
            "not <email icontains '@acme.com'>",
        ),
        (
            {"key": "email", "type": "person", "operator": "regex", "value": ".*@gmail"},
            "<email regex '.*@gmail'>",
        ),
        (
            {"key": "signup", "type": "person", "operator": "is_date_before", "value": "-7d"},
            "<signup is_date_before '-7d'>",
        ),
        ({"key": "id", "type": "cohort", "operator": "not_in", "value": 42}, "not <in cohort 42>"),
        (
            {
                "type": "OR",
                "values": [
                    {"key": "plan", "type": "person", "operator": "exact", "value": "a"},
                    {"key": "plan", "type": "person", "operator": "exact", "value": "b"},
                ],
            },
            "plan == 'a' or plan == 'b'",
        ),
    ],
)
def test_posthog_property_filters_become_conditions(prop: dict[str, Any], expected: str) -> None:
    workflow = one(
        flow(
            email("send", "Hello", filters={"properties": [prop]}),
            edges=[("trigger_node", "send"), ("send", "exit_node")],
        )
    )
    assert workflow.steps["send (conditions)"].conditions[0].text == expected


def test_a_step_filter_on_events_reads_the_event_that_started_the_run() -> None:
    filters = {
        "events": [{"id": "signed_up", "type": "events"}, {"id": "invited", "type": "events"}],
        "properties": [{"key": "plan", "type": "person", "operator": "exact", "value": "pro"}],
        "filter_test_accounts": True,
    }
    workflow = one(
        flow(
            email("send", "Hello", filters=filters),
            edges=[("trigger_node", "send"), ("send", "exit_node")],
        )
    )
    assert workflow.steps["send (conditions)"].conditions[0].text == (
        "not <internal or test user> and plan == 'pro'"
        " and (event == 'signed_up' or event == 'invited')"
    )


def test_which_destinations_message_the_person() -> None:
    spec = flow(
        {
            "id": "slack",
            "name": "Tell sales",
            "type": "function",
            "config": {"template_id": "template-slack", "inputs": {}},
        },
        {
            "id": "mailgun",
            "name": "Receipt",
            "type": "function",
            "config": {
                "template_id": "template-mailgun-send-email",
                "inputs": {"subject": {"value": "Your receipt"}},
            },
        },
        {
            "id": "sms",
            "name": "Code",
            "type": "function_sms",
            "config": {"template_id": "template-twilio", "inputs": {}},
        },
        {
            "id": "loops",
            "name": "Loops event",
            "type": "function",
            "config": {"template_id": "template-loops-send-event", "inputs": {}},
        },
        edges=[
            ("trigger_node", "slack"),
            ("slack", "mailgun"),
            ("mailgun", "sms"),
            ("sms", "loops"),
            ("loops", "exit_node"),
        ],
    )
    steps = one(spec).steps
    assert [(s.kind.value, s.channel, s.template, s.requires) for s in steps.values()][:4] == [
        ("action", None, None, ()),
        ("message", "email", "Your receipt", ("email",)),
        ("message", "sms", "Code", ("phone",)),
        ("action", None, None, ()),
    ]
    mapped = one(
        spec,
        message_templates={"template-loops-send-event": "email", "template-mailgun-send-email": ""},
    ).steps
    assert (mapped["loops"].kind, mapped["mailgun"].kind) == (StepKind.MESSAGE, StepKind.ACTION)


def test_triggers_batch_is_bulk_masking_dedups_per_person_identity_filters_exclude_anonymous() -> (
    None
):
    masked = one(
        flow(
            edges=[("trigger_node", "exit_node")],
            trigger_masking={"hash": "{person.id}", "ttl": 3600, "threshold": None},
        )
    )
    [trigger] = masked.triggers
    assert (trigger.kind, trigger.name, trigger.bulk, trigger.deduplicated, trigger.anonymous) == (
        "event",
        "signed_up",
        False,
        True,
        True,
    )
    assert masked.enrollment == "every_time"  # the mask expires after an hour
    once = one(
        flow(
            edges=[("trigger_node", "exit_node")],
            trigger_masking={"hash": "{person.id}", "ttl": None},
        )
    )
    assert once.enrollment == "once"
    batch = {"type": "batch", "filters": person("email", "is_set", "is_set")}
    spec = flow(edges=[("trigger_node", "exit_node")])
    spec["trigger"] = spec["actions"][0]["config"] = batch
    [trigger] = one(spec).triggers
    assert (trigger.kind, trigger.name, trigger.bulk, trigger.anonymous) == (
        "batch",
        "Trigger",
        True,
        False,
    )


def test_email_sending_rate_limit_throttles_every_email_step() -> None:
    workflow = one(
        flow(
            email("send", "Hello"),
            edges=[("trigger_node", "send"), ("send", "exit_node")],
            email_sending_rate_limit={"count": 50, "period": "minute"},
        )
    )
    throttle = workflow.steps["send"].throttle
    assert throttle is not None and throttle.per_minute == 50


def test_a_file_may_hold_a_list_of_workflows_or_an_api_page() -> None:
    single = flow(edges=[("trigger_node", "exit_node")])
    for data in ([single, single], {"count": 2, "results": [single, single]}):
        workflows, problems = load(data)
        assert (len(workflows), problems) == (2, [])


def test_other_json_is_not_a_workflow(tmp_path: Path) -> None:
    root = write(
        tmp_path / "repo",
        {
            "package.json": '{"name": "x", "scripts": {"build": "tsc"}}',
            "actions.json": '{"actions": ["deploy", "rollback"], "edges": "n/a"}',
        },
    )
    result = run("check", root, "--format", "json")
    assert (result.code, result.json["diagnostics"]) == (0, [])


def test_options_are_validated_by_the_config(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"lintkit.toml": '[hogflow]\nstrict-skips = "yes"\n'})
    result = run("check", root)
    assert result.code == 2
    assert "'hogflow.strict-skips' must be a boolean" in result.err


def test_archived_workflows_in_an_export_are_not_checked() -> None:
    live = flow(edges=[("trigger_node", "exit_node")])
    archived = {
        **flow(edges=[("trigger_node", "nowhere")]),
        "status": "archived",
        "name": "Old",
        "exit_condition": "no such condition",
    }
    workflows, problems = load([live, archived])
    assert ([w.id for w in workflows], problems) == (["Test flow"], [])


def test_the_wait_until_event_prototype_continues_on_the_event_and_branches_on_timeout() -> None:
    workflow = one(
        flow(
            {
                "id": "wait",
                "name": "Wait for login",
                "type": "wait_until_event",
                "config": {
                    "events": [{"filters": {"events": [{"id": "logged_in"}]}}],
                    "max_wait_duration": "2d",
                },
            },
            email("nudge", "Come back"),
            edges=[
                ("trigger_node", "wait"),
                ("wait", "exit_node"),
                ("wait", "nudge", 0),
                ("nudge", "exit_node"),
            ],
        )
    )
    assert [(e.label, e.target, text(e.condition)) for e in workflow.out_edges("wait")] == [
        ("continue", "exit_node", "events.logged_in"),
        ("on_timeout", "nudge", "not events.logged_in"),
    ]


def test_time_windows_and_delays_until_a_date_keep_their_bounds() -> None:
    workflow = one(
        flow(
            {
                "id": "window",
                "name": "Business hours",
                "type": "wait_until_time_window",
                "config": {"timezone": "UTC", "day": "any", "time": ["09:00", "17:00"]},
            },
            {
                "id": "until",
                "name": "Until renewal",
                "type": "delay",
                "config": {
                    "delay_until": {"expression": "person.properties.renews_at", "offset": "-1d"},
                    "max_delay_duration": "30d",
                },
            },
            edges=[("trigger_node", "window"), ("window", "until"), ("until", "exit_node")],
        )
    )
    window, until = workflow.steps["window"], workflow.steps["until"]
    assert (window.kind, window.duration) == (StepKind.DELAY, 86400)
    assert (until.kind, until.duration) == (StepKind.DELAY, 30 * 86400)


def test_newer_action_types_are_actions_whose_branches_are_opaque() -> None:
    workflow = one(
        flow(
            {"id": "agent", "name": "Research the account", "type": "agent_task", "config": {}},
            edges=[("trigger_node", "agent"), ("agent", "exit_node", 0), ("agent", "exit_node")],
        )
    )
    assert workflow.steps["agent"].kind is StepKind.ACTION
    assert [(e.label, text(e.condition)) for e in workflow.out_edges("agent")] == [
        ("branch[0]", "<agent outcome 1>"),
        ("continue", "not <agent outcome 1>"),
    ]


def test_edges_out_of_an_exit_or_back_to_the_trigger() -> None:
    wait = {
        "id": "wait",
        "name": "Wait",
        "type": "wait_until_condition",
        "config": {
            "condition": {"filters": person("paid", "exact", ["true"])},
            "max_wait_duration": "1d",
        },
    }
    workflow = one(
        flow(
            wait,
            edges=[
                ("trigger_node", "wait"),
                ("wait", "exit_node", 0),
                ("wait", "trigger_node"),
                ("exit_node", "wait"),
            ],
        )
    )
    # an exit ends the run; a run sent back to the trigger starts over at its first step
    assert [(e.source, e.label, e.target) for e in workflow.edges] == [
        ("wait", "branch[0]", "exit_node"),
        ("wait", "on_timeout", "wait"),
    ]


def test_sampling_masks_are_per_person_too() -> None:
    workflow = one(
        flow(
            edges=[("trigger_node", "exit_node")],
            trigger_masking={"hash": "{event.distinct_id}", "ttl": 600, "threshold": 3},
        )
    )
    assert workflow.triggers[0].deduplicated
    other = one(
        flow(
            edges=[("trigger_node", "exit_node")],
            trigger_masking={"hash": "{event.properties.order_id}", "ttl": 600},
        )
    )
    assert not other.triggers[0].deduplicated


def test_a_hand_edited_export_with_a_trailing_comma_is_not_json(tmp_path: Path) -> None:
    spec = json.dumps(flow(edges=[("trigger_node", "exit_node")]), indent=2)
    last_edge = '"type": "continue"\n    }'
    at = spec.rindex(last_edge) + len(last_edge)
    broken = spec[:at] + "," + spec[at:]
    root = write(tmp_path / "repo", {"flow.json": broken})
    result = run("check", root, "--format", "json")
    [found] = result.json["diagnostics"]
    closing = broken[:at].count("\n") + 2  # the `]` after the comma
    assert (found["code"], found["line"]) == ("WF001", closing)
    assert found["message"].startswith("not valid JSON") and "trailing comma" in found["message"]


# -- the rules on HogFlows, end to end ----------------------------------------------------
TESTDATA = Path(__file__).parent / "testdata"


def test_the_incident_replica_reports_the_filtered_out_people_and_their_path(
    tmp_path: Path,
) -> None:
    source = TESTDATA / "err" / "hogflow_credits_incident.json"
    root = write(tmp_path / "repo", {source.name: source.read_text()})
    result = run("check", root, "--format", "json", "--select", "WF201")
    [found] = result.json["diagnostics"]
    # at the `to` of the edge that routes unmatched people: the slip to fix
    assert (found["line"], found["column"], found["severity"]) == (28, 45, "error")
    assert "the final message 'action_credits_cancelled'" in found["message"]
    assert [(r["line"], r["column"]) for r in found["related"]] == [(83, 24), (28, 45)]
    assert "plan in ['startup', 'yc']" in found["related"][0]["message"]
    assert (
        "action_still_eligible.continue -> message 'action_credits_cancelled'"
        in (found["related"][1]["message"])
    )


def test_strict_skips_report_the_skips_posthog_means_to_continue(tmp_path: Path) -> None:
    source = TESTDATA / "ok" / "hogflow_onboarding_skips.json"
    files = {source.name: source.read_text(), "lintkit.toml": "[hogflow]\nstrict-skips = true\n"}
    result = run("check", write(tmp_path / "repo", files), "--format", "json")
    assert [(d["code"], d["line"], d["column"]) for d in result.json["diagnostics"]] == [
        ("WF201", 25, 42),  # skipping "Connect your data" leads on to "Invite your team"
        ("WF201", 27, 41),  # skipping "Invite your team" leads on to the SMS
    ]
