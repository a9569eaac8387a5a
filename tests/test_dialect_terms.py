"""Findings speak the workflow's own format: PostHog and Step Functions words, not native keys.

Native wording is pinned by the rules' own tests and tests/testdata; here, the
same rules on a HogFlow and on an ASL machine, through the real CLI.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from lk_hogflow import email, hogflow, on_plan, sms
from lk_testing import run

from lintkit.dialects.hogflow import build as hogflow_build
from lintkit.dialects.n8n import terms as n8n
from lintkit.dialects.stepfunctions import build as stepfunctions
from lintkit.plugins.registry import load_rules
from lintkit.workflow.ir import Phrases, Terms


def check(project: Any, files: dict[str, str], *select: str) -> list[dict[str, Any]]:
    root = project(files)
    result = run("check", root, "--format", "json", "--no-cache", "--select", ",".join(select))
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def one(found: list[dict[str, Any]], code: str) -> dict[str, Any]:
    [diagnostic] = [d for d in found if d["code"] == code]
    return diagnostic


def at(text: str, needle: str) -> tuple[int, int]:
    """(line, column) where ``needle`` starts in ``text`` (1-based): the expectation."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def where(diagnostic: dict[str, Any]) -> tuple[int, int]:
    return diagnostic["line"], diagnostic["column"]


# -- PostHog ---------------------------------------------------------------------------------
def eligible_branch() -> dict[str, Any]:
    return {
        "id": "still_eligible",
        "name": "Still eligible?",
        "type": "conditional_branch",
        "config": {"conditions": [{"filters": on_plan("startup", "yc")}]},
    }


PERSON_MASK = {"hash": "{person.id}", "ttl": None, "threshold": None}
IDENTIFIED = {"properties": [{"key": "email", "type": "person", "operator": "is_set"}]}


def test_hogflow_filtered_out_continue_edge_is_named_as_posthog_names_it(project: Any) -> None:
    text = hogflow(
        [eligible_branch(), email("credits", "Your credits"), email("cancel", "Credits cancelled")],
        [
            ("trigger_node", "still_eligible"),
            ("still_eligible", "credits", 0),
            ("still_eligible", "cancel"),
            ("credits", "exit_node"),
            ("cancel", "exit_node"),
        ],
        trigger_masking=PERSON_MASK,
    )
    found = one(check(project, {"flow.json": text}, "WF201"), "WF201")
    assert where(found) == at(text, '"cancel",\n      "type": "continue"')
    assert found["message"].startswith("people filtered out by 'still_eligible'")
    assert found["help"] == (
        "point the `continue` edge at an exit action; if both groups should get a message,"
        " use a conditional branch with a condition for each group"
    )


def test_hogflow_skipped_action_gets_the_fix_for_a_skip(project: Any) -> None:
    text = hogflow(
        [
            email("credits", "Your credits", filters=on_plan("startup")),
            email("cancel", "Cancelled"),
        ],
        [("trigger_node", "credits"), ("credits", "cancel"), ("cancel", "exit_node")],
        trigger_masking=PERSON_MASK,
    )
    found = one(check(project, {"flow.json": text}, "WF201"), "WF201")
    assert "credits (conditions).skip -> cancel" in found["message"]
    assert found["help"].startswith(
        "move these conditions into a conditional branch in front of the action, with its"
        " `continue` edge to an exit action"
    )


def test_hogflow_structure_findings_say_action_and_continue_edge(project: Any) -> None:
    text = hogflow(
        [
            eligible_branch(),
            email("welcome", "Welcome"),
            sms("nudge", "Nudge"),
            email("orphan", "Never sent"),
        ],
        [
            ("trigger_node", "still_eligible"),
            ("still_eligible", "welcome", 0),
            ("still_eligible", "nudge"),
            ("welcome", "welcme_back"),
        ],
        trigger_masking=PERSON_MASK,
    )
    found = check(project, {"flow.json": text}, "WF004", "WF101", "WF102")
    unknown = one(found, "WF004")
    assert where(unknown) == at(text, '"welcme_back"')
    assert unknown["message"] == (
        "the `continue` edge of action 'welcome' names action 'welcme_back', which does not"
        " exist (did you mean 'welcome'?)"
    )
    orphan = next(d for d in found if "'orphan'" in d["message"])  # the exit is, too
    assert orphan["message"] == (
        "action 'orphan' is unreachable: no path from the trigger's first action"
        " 'still_eligible' leads to it"
    )
    assert orphan["help"] == "point an edge (`continue` or `branch`) at 'orphan', or delete it"
    dead = one(found, "WF102")
    assert where(dead) == at(text, '"nudge",\n      "name"')
    assert dead["message"] == (
        "action 'nudge' is a dead end: it has no `continue` edge, so people stop here without"
        " reaching an exit"
    )
    assert dead["help"] == "add a `continue` edge (to an exit action if the path is over)"


def test_hogflow_branch_edge_and_trigger_edge_to_missing_actions(project: Any) -> None:
    text = hogflow(
        [eligible_branch()],
        [
            ("trigger_node", "still_eligible"),
            ("still_eligible", "exit_nod", 0),
            ("still_eligible", "exit_node"),
        ],
    )
    start = hogflow([], [("trigger_node", "frist")])
    branch, found = check(project, {"flow.json": text, "start.json": start}, "WF004")
    assert where(branch) == at(text, '"exit_nod"')
    assert branch["message"] == (
        "the `branch` edge with index 0 of action 'still_eligible' names action 'exit_nod',"
        " which does not exist (did you mean 'exit_node'?)"
    )
    assert where(found) == at(start, '"frist"')
    assert found["message"] == (
        "the trigger's `continue` edge names action 'frist', which does not exist"
    )


def test_hogflow_enrollment_and_exclusion_are_trigger_masking(project: Any) -> None:
    def campaign(name: str, event: str) -> str:
        text = hogflow(
            [email("cancel", "Credits cancelled")],
            [("trigger_node", "cancel"), ("cancel", "exit_node")],
        )
        return text.replace('"Onboarding"', f'"{name}"').replace('"signed_up"', f'"{event}"')

    found = check(
        project,
        {
            "a.json": campaign("Credits", "credits_added"),
            "b.json": campaign("Backfill", "backfill"),
        },
        "WF202",
    )
    pair = next(d for d in found if d["message"].startswith("workflows 'Credits' and"))
    assert pair["help"] == (
        "run 'Credits' and 'Backfill' as one workflow triggered by both, with a"
        " `trigger_masking` on `{person.id}`"
    )
    again = next(d for d in found if d["message"].startswith("workflow 'Credits' enrolls"))
    assert "(no `trigger_masking`)" in again["message"]
    assert again["help"] == (
        "use a `trigger_masking` on `{person.id}` with no `ttl` (Frequency: one time,"
        " indefinitely), or keep the final message out of this workflow"
    )


def test_hogflow_anonymous_people_are_kept_out_by_a_person_filter(project: Any) -> None:
    text = hogflow(
        [sms("alert", "Quota alert")], [("trigger_node", "alert"), ("alert", "exit_node")]
    )
    found = one(check(project, {"flow.json": text}, "WF203"), "WF203")
    assert found["help"] == (
        "check that `phone` is set (a conditional branch, or the action's own conditions) before"
        " the message on every path, or add a person filter such as `phone` is set to the trigger"
    )
    assert found["related"][0]["message"] == (
        "enrolls anonymous profiles (no trigger filter requires an identified person)"
    )


def test_hogflow_bulk_sends_are_capped_by_the_email_rate_limit_only(project: Any) -> None:
    text = hogflow(
        [email("launch", "Meet Insights"), sms("text", "Insights is live")],
        [("trigger_node", "launch"), ("launch", "text"), ("text", "exit_node")],
    )
    batch = {"type": "batch", "filters": IDENTIFIED}
    data = json.loads(text)
    data["trigger"] = data["actions"][0]["config"] = batch
    text = json.dumps(data, indent=2)
    found = check(project, {"flow.json": text}, "WF206")
    launch, texted = sorted(found, key=lambda d: d["line"])
    assert launch["help"] == (
        "set the workflow's `email_sending_rate_limit` (at most N emails a minute or an hour),"
        " sized for what you can watch"
    )
    assert texted["help"] == (
        "nothing in this workflow can cap its sms sends: cap them where they are sent (the"
        " provider's rate limit), or enroll the batch in smaller parts"
    )
    assert launch["related"][0]["message"] == "enrolls in bulk (a batch trigger)"


# -- Step Functions ------------------------------------------------------------------------
FILTERED = '[stepfunctions]\nfiltered-out = ["Still eligible?"]\n'

MACHINE = """\
StartAt: Hold
States:
  Hold:
    Type: Wait
    Seconds: 43200
    Next: Still eligible?
  Still eligible?:
    Type: Choice
    Choices:
      - Variable: $.plan
        StringEquals: startup
        Next: Grant
      - Variable: $.plan
        StringEquals: trial
        Next: Notify
    Default: Notify
  Grant:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Catch:
      - ErrorEquals: [States.ALL]
        Next: Rollbak
    Next: Done
  Notify:
    Type: Task
    Resource: arn:aws:states:::sns:publish
    Next: Done
  Orphan:
    Type: Pass
    Next: Done
  Done:
    Type: Succeed
"""


def test_asl_findings_say_state_next_default_and_executions(project: Any) -> None:
    found = check(
        project,
        {"m.asl.yaml": MACHINE, "lintkit.toml": FILTERED},
        "WF004",
        "WF101",
        "WF201",
        "WF207",
    )
    unknown = one(found, "WF004")
    assert where(unknown) == at(MACHINE, "Rollbak")
    assert unknown["message"] == (
        "`Catch[0].Next` of state 'Grant' names state 'Rollbak', which does not exist"
    )
    orphan = one(found, "WF101")
    assert orphan["message"] == (
        "state 'Orphan' is unreachable: no path from the start state 'Hold' leads to it"
    )
    assert (
        orphan["help"] == "point a `Next`, a Choice rule or a `Default` at 'Orphan', or delete it"
    )
    [by_rule, by_default] = sorted(
        (d for d in found if d["code"] == "WF201"), key=lambda d: d["line"]
    )
    assert by_rule["message"].startswith("executions filtered out by 'Still eligible?'")
    assert by_rule["help"].startswith("point `Choices[1].Next` at a Succeed or Fail state;")
    assert by_default["help"] == (
        "point `Default` at a Succeed or Fail state; if both groups should get a message,"
        " use a Choice with a rule for each group"
    )
    held = one(found, "WF207")
    assert held["message"].startswith("Wait state 'Hold' holds executions 12h before message")


def test_asl_start_and_loops_in_asl_words(project: Any) -> None:
    loop = """\
StartAt: Poll
States:
  Poll:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Next: Ready?
  Ready?:
    Type: Choice
    Choices:
      - Variable: $.ready
        BooleanEquals: false
        Next: Nag
    Default: Poll
  Nag:
    Type: Task
    Resource: arn:aws:states:::sns:publish
    Next: Poll
"""
    found = check(
        project,
        {
            "loop.asl.yaml": loop,
            "start.asl.yaml": "StartAt: Frist\nStates:\n  First: {Type: Succeed}\n",
        },
        "WF004",
        "WF102",
        "WF103",
    )
    assert one(found, "WF004")["message"] == (
        "`StartAt` names state 'Frist', which does not exist (did you mean 'First'?)"
    )
    stuck = one(found, "WF102")
    assert stuck["message"] == (
        "states Poll -> Ready? -> Nag -> Poll loop with no way to an exit: executions that"
        " enter never end"
    )
    assert stuck["help"] == "add a Choice rule or a `Catch` that leads to a Succeed or Fail state"
    spam = one(found, "WF103")
    assert spam["message"].startswith("states Poll -> Ready? -> Nag -> Poll loop")
    assert spam["message"].endswith("sending the message of state 'Nag' each time around")
    assert spam["help"] == "put a Wait state inside the loop"


# -- the vocabulary ------------------------------------------------------------------------
def test_terms_write_edges_and_fill_only_their_own_placeholders() -> None:
    terms = Terms(edges={"choices": "`Choices[{i}].Next`", "default": "`Default`"})
    assert terms.edge("choices[2]") == "`Choices[2].Next`"
    assert terms.edge("default") == "`Default`"
    assert terms.edge("otherwise") == "`otherwise`"  # not listed: as the IR writes it
    assert Terms().fill("on `{person.id}` for {name}", name="x") == "on `{person.id}` for x"


@pytest.mark.parametrize("phrases", [stepfunctions.PHRASES, hogflow_build.PHRASES, n8n.PHRASES])
def test_a_dialect_words_only_phrases_its_rules_declare(phrases: Phrases) -> None:
    """A dialect's wording keyed by a rule code or phrase that does not exist would
    be dropped silently (a rule renamed a phrase, a typo in the dialect)."""
    rules = load_rules().rules
    unknown = [
        f"{code}: {key}"
        for code, said in phrases.items()
        for key in said
        if code not in rules or key.partition(".")[0] not in rules[code].phrases
    ]
    assert unknown == []
