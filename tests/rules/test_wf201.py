"""WF201 filtered-out-reaches-message, through the real CLI on real files."""

from __future__ import annotations

from typing import Any

import pytest
from lk_testing import run

HEADER = """\
lintkit: 1
workflow: startup-credits
attributes:
  plan: {enum: [free, startup, yc, team_legacy, team_basic]}
  email: {type: string}
  score: {type: number}
triggers:
  - event: startup_plan_customer_added
steps:
"""  # 9 lines: the first step is on line 10


def wf201(project: Any, steps: str, config: str = "") -> list[dict[str, Any]]:
    root = project({"flows/credits.yaml": HEADER + steps, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "WF201")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def where(found: list[dict[str, Any]]) -> list[str]:
    return [f"{d['line']}:{d['column']} {d['code']} {d['severity']}" for d in found]


def test_the_incident_otherwise_points_at_the_final_message(project):
    found = wf201(
        project,
        """\
  wait_for_billing:
    type: delay
    duration: 12h
    next: still_eligible
  still_eligible:
    type: filter
    keep: "plan in ['startup', 'yc']"
    next: send_credits
    otherwise: send_cancelled
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  send_cancelled:
    type: message
    channel: email
    template: credits_cancelled
    final: true
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["18:16 WF201 error"]
    message = found[0]["message"]
    assert "filtered out by 'still_eligible'" in message
    assert "the final message 'send_cancelled' (template 'credits_cancelled')" in message
    assert "plan in ['free', 'team_legacy', 'team_basic']" in message
    assert [(r["line"], r["message"]) for r in found[0]["related"]] == [
        (16, "'still_eligible' keeps only: plan in ['startup', 'yc']"),
        (
            18,
            "still_eligible.otherwise -> message 'send_cancelled' (email 'credits_cancelled',"
            " final)",
        ),
    ]
    assert found[0]["end_column"] == 16 + len("send_cancelled")


def test_indirect_path_filter_delay_branch_message_names_each_step(project):
    found = wf201(
        project,
        """\
  still_eligible:
    type: filter
    keep: "plan in ['startup', 'yc']"
    next: send_credits
    otherwise: cool_off
  cool_off:
    type: delay
    duration: 1d
    next: by_plan
  by_plan:
    type: branch
    cases:
      - when: "plan == 'free'"
        next: upsell
    default: done
  upsell:
    type: message
    channel: push
    template: upgrade_offer
    next: done
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["14:16 WF201 error"]
    assert "reach message 'upsell' (template 'upgrade_offer')" in found[0]["message"]
    assert "still_eligible.otherwise -> cool_off -> by_plan -> upsell" in found[0]["message"]
    assert "(plan = 'free')" in found[0]["message"]
    assert [r["message"] for r in found[0]["related"][1:]] == [
        "still_eligible.otherwise -> delay 'cool_off' (1d)",
        "cool_off.next -> branch 'by_plan'",
        "by_plan.cases[0] (when plan == 'free') -> message 'upsell' (push 'upgrade_offer')",
    ]
    assert [r["line"] for r in found[0]["related"][1:]] == [14, 18, 23]


def test_a_later_branch_that_rechecks_the_filter_makes_the_path_infeasible(project):
    assert (
        wf201(
            project,
            """\
  still_eligible:
    type: filter
    keep: "plan in ['startup', 'yc']"
    next: send_credits
    otherwise: wait_a_bit
  wait_a_bit:
    type: delay
    duration: 1h
    next: recheck
  recheck:
    type: branch
    cases:
      - when: "plan == 'yc' or plan == 'startup'"
        next: send_credits
      - when: "plan not in ['free', 'team_legacy', 'team_basic']"
        next: send_credits
    default: done
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
""",
        )
        == []
    )


def test_a_filtered_out_loop_that_only_reenters_the_filter_is_silent(project):
    assert (
        wf201(
            project,
            """\
  still_eligible:
    type: filter
    keep: "plan == 'startup' and not events.startup_plan_customer_added_backfill"
    next: send_credits
    otherwise: wait_a_day
  wait_a_day:
    type: delay
    duration: 1d
    next: still_eligible
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
""",
        )
        == []
    )


def test_guard_on_one_branch_case_but_not_the_default(project):
    found = wf201(
        project,
        """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: by_plan
  by_plan:
    type: branch
    cases:
      - when: "plan == 'startup'"
        next: send_credits
    default: send_sorry
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  send_sorry:
    type: message
    channel: email
    template: not_eligible
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["14:16 WF201 error"]
    assert "'send_sorry'" in found[0]["message"]
    assert "other message" not in found[0]["message"]  # send_credits is out of reach


def test_an_update_can_make_a_later_case_reachable(project):
    steps = """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: downgrade
  downgrade:
    type: update
    set: {plan: %s}
    next: by_plan
  by_plan:
    type: branch
    cases:
      - when: "plan == 'startup'"
        next: send_credits
    default: done
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
"""
    assert where(wf201(project, steps % "startup")) == ["14:16 WF201 error"]


def test_an_update_to_another_value_keeps_the_later_case_out_of_reach(project):
    steps = """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: downgrade
  downgrade:
    type: update
    set: {plan: free}
    next: by_plan
  by_plan:
    type: branch
    cases:
      - when: "plan == 'startup'"
        next: send_credits
    default: done
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
"""
    assert wf201(project, steps) == []


def test_open_domain_conditions_give_a_possible_warning(project):
    found = wf201(
        project,
        """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: by_score
  by_score:
    type: branch
    cases:
      - when: "score > 50"
        next: send_offer
    default: done
  send_offer:
    type: message
    channel: email
    template: offer
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["14:16 WF201 warning"]
    assert "may reach message 'send_offer'" in found[0]["message"]
    assert "cannot decide" in found[0]["message"]


def test_the_same_open_test_read_twice_reads_the_same(project):
    assert (
        wf201(
            project,
            """\
  engaged:
    type: filter
    keep: "score > 50"
    next: send_offer
    otherwise: by_score
  by_score:
    type: branch
    cases:
      - when: "score > 50"
        next: send_offer
    default: done
  send_offer:
    type: message
    channel: email
    template: offer
    next: done
  done:
    type: exit
""",
        )
        == []
    )


def test_string_equality_is_exact(project):
    # `email == ''` vs `email != ''` is decided exactly: the re-check cannot pass.
    assert (
        wf201(
            project,
            """\
  has_email:
    type: filter
    keep: "email != ''"
    next: send_offer
    otherwise: by_email
  by_email:
    type: branch
    cases:
      - when: "email not in ['']"
        next: send_offer
    default: done
  send_offer:
    type: message
    channel: email
    template: offer
    next: done
  done:
    type: exit
""",
        )
        == []
    )


def test_everyone_entered_through_the_trigger_event(project):
    # Nobody is filtered out: every person here did startup_plan_customer_added.
    assert (
        wf201(
            project,
            """\
  did_trigger:
    type: filter
    keep: "events.startup_plan_customer_added"
    next: done
    otherwise: send_offer
  send_offer:
    type: message
    channel: email
    template: offer
    next: done
  done:
    type: exit
""",
        )
        == []
    )


def test_a_filter_nobody_reaches_is_left_to_other_rules(project):
    assert (
        wf201(
            project,
            """\
  by_plan:
    type: branch
    cases:
      - when: "plan == 'free'"
        next: done
    default: paid_only
  paid_only:
    type: filter
    keep: "plan != 'free'"
    next: done
    otherwise: send_offer
  send_offer:
    type: message
    channel: email
    template: offer
    next: done
  done:
    type: exit
""",
        )
        == []
    )


SLACK_STEPS = """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: tell_the_team
  tell_the_team:
    type: message
    channel: slack
    template: skipped_customer
    next: done
  done:
    type: exit
"""


def test_internal_channels_are_not_messages_to_the_person(project):
    assert wf201(project, SLACK_STEPS) == []


def test_internal_channels_are_configurable(project):
    config = '[messages]\ninternal-channels = ["webhook"]\n'
    assert where(wf201(project, SLACK_STEPS, config)) == ["14:16 WF201 error"]


def test_names_the_final_message_first_and_counts_the_others(project):
    found = wf201(
        project,
        """\
  still_eligible:
    type: filter
    keep: "plan == 'startup'"
    next: done
    otherwise: nudge
  nudge:
    type: message
    channel: push
    template: nudge
    next: cancel
  cancel:
    type: message
    channel: email
    template: credits_cancelled
    final: true
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["14:16 WF201 error"]
    assert "the final message 'cancel'" in found[0]["message"]
    assert "(and 1 other message)" in found[0]["message"]


def test_suppression_on_the_otherwise_line(project):
    assert (
        wf201(
            project,
            SLACK_STEPS.replace("skipped_customer", "sorry")
            .replace("channel: slack", "channel: email")
            .replace(
                "otherwise: tell_the_team", "otherwise: tell_the_team  # lintkit: ignore[WF201]"
            ),
        )
        == []
    )


def chain(filters: int, messages: bool) -> str:
    """Filters one after another, each one's dropped people going on to the next;
    a message after the last, or (``messages``) after every filter."""
    lines = ["lintkit: 1", "workflow: chain", "attributes:", "  plan: {enum: [free, startup]}"]
    lines.append("steps:")
    for i in range(filters):
        after = f"f{i + 1}" if i + 1 < filters else "send"
        send = f"m{i}" if messages else after
        lines += [f"  f{i}:", "    type: filter", "    keep: \"plan == 'startup'\""]
        lines += [f"    next: {send}", f"    otherwise: {send}"]
        if messages:
            lines += [f"  m{i}:", "    type: message", "    channel: sms", f"    template: t{i}"]
            lines += [f"    next: {after}"]
    lines += ["  send:", "    type: message", "    channel: email", "    template: hello"]
    lines += ["    next: done", "  done:", "    type: exit"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("messages", "last"),
    [
        # one message: plain reachability walks back from it once for every filter
        (False, "f449.otherwise -> send"),
        # more messages than are walked back from: a walk per filter
        (True, "'m449' (template 't449') (and 1 other message): f449.otherwise -> m449"),
    ],
)
def test_filters_past_the_path_budget_are_found_by_plain_reachability(
    project, messages: bool, last: str
) -> None:
    # 450 filters: the searches of the first ones use up the analysis's path budget
    # (100,000 states); the rest get plain reachability, "may reach", with a path.
    root = project({"flows/chain.yaml": chain(450, messages)})
    result = run("check", root, "--format", "json", "--select", "WF201")

    found = result.json["diagnostics"]
    assert result.code == 1 and len(found) == 450, result.err
    first, late = found[0], found[420]
    assert first["message"].startswith("people filtered out by 'f0' (plan = 'free') reach")
    assert "may reach" in late["message"] and late["severity"] == "warning"
    hops = "'send' (template 'hello'): f420.otherwise -> f421 -> f422 -> f423 -> f424 -> f425"
    hops += " -> ... and 24 more -> send"
    if messages:
        hops = "'m420' (template 't420') (and 30 other messages): f420.otherwise -> m420"
    assert hops in late["message"]
    assert last in found[-1]["message"]
