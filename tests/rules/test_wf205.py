"""WF205 bypassable-step: declared invariants, checked through the real CLI."""

from __future__ import annotations

from typing import Any

from lk_testing import run

CANCELLATION = """\
lintkit: 1
workflow: cancellation
attributes:
  source: {enum: [app, billing_portal, webhook]}
  plan: {enum: [free, paid]}
  mrr: {type: number}
triggers:
  - event: cancel_requested
steps:
  by_source:
    type: branch
    cases:
      - when: "%(first_case)s"
        next: retention_offer
    default: %(default)s
  retention_offer:
    type: message
    channel: in_app
    template: retention_offer
    next: wait_for_answer
  wait_for_answer:
    type: wait
    event: retention_offer_accepted
    timeout: 1h
    next: done
    on_timeout: cancel
  cancel:
    type: action
    next: done
  done:
    type: exit
invariants:
  - every_path_to: cancel
    passes_through: retention_offer
"""  # `cancel` is on line 27, the invariant on line 33


def wf205(project: Any, text: str) -> list[dict[str, Any]]:
    root = project({"flows/cancellation.yaml": text})
    result = run("check", root, "--format", "json", "--select", "WF205")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def cancellation(first_case: str = "source == 'app'", default: str = "cancel") -> str:
    return CANCELLATION % {"first_case": first_case, "default": default}


def test_the_billing_portal_bypass(project):
    found = wf205(project, cancellation())
    assert [(d["line"], d["column"], d["severity"]) for d in found] == [(33, 5, "error")]
    message = found[0]["message"]
    assert message.startswith(
        "people with source in ['billing_portal', 'webhook'] reach 'cancel'"
        " without passing through 'retention_offer': by_source -> cancel"
    )
    assert [(r["line"], r["message"]) for r in found[0]["related"]] == [
        (15, "by_source.default -> action 'cancel'"),
        (27, "'cancel' is reached here"),
    ]


def test_every_path_through_the_step_is_silent(project):
    assert wf205(project, cancellation(default="retention_offer")) == []


def test_a_bypass_nobody_can_take_is_silent(project):
    # Every source is listed in the first case: the default is infeasible.
    assert wf205(project, cancellation("source in ['app', 'billing_portal', 'webhook']")) == []


def test_a_bypass_through_an_open_test_is_possible(project):
    found = wf205(project, cancellation("mrr < 100 or source == 'app'"))
    assert [d["severity"] for d in found] == ["warning"]
    assert "may reach 'cancel'" in found[0]["message"]


def test_a_bypass_longer_than_the_direct_route(project):
    text = cancellation(default="second_chance").replace(
        "  retention_offer:\n",
        "  second_chance:\n"
        "    type: branch\n"
        "    cases:\n"
        "      - when: \"plan == 'paid'\"\n"
        "        next: retention_offer\n"
        "    default: cancel\n"
        "  retention_offer:\n",
    )
    found = wf205(project, text)
    assert [d["line"] for d in found] == [39]
    assert (
        "people with plan = 'free' and source in ['billing_portal', 'webhook']"
        in (found[0]["message"])
    )
    assert "by_source -> second_chance -> cancel" in found[0]["message"]


NEVER = """\
lintkit: 1
workflow: startup-credits
attributes:
  plan: {enum: [free, startup, yc]}
steps:
  still_eligible:
    type: filter
    keep: "plan in ['startup', 'yc']"
    next: send_credits
    otherwise: %(otherwise)s
  recheck:
    type: branch
    cases:
      - when: "plan == 'free'"
        next: done
    default: send_credits
  send_credits:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
invariants:
  - never_reaches: send_credits
    from: %(origin)s
"""  # the invariant is on line 25


def test_never_reaches_from_the_filtered_out_edge(project):
    text = NEVER % {"otherwise": "send_credits", "origin": "still_eligible.otherwise"}
    found = wf205(project, text)
    assert [(d["line"], d["column"]) for d in found] == [(25, 5)]
    assert "from 'still_eligible.otherwise', which the invariant forbids:" in found[0]["message"]
    assert "still_eligible.otherwise -> send_credits" in found[0]["message"]


def test_never_reaches_holds_when_the_only_route_is_infeasible(project):
    # Filtered out means plan == 'free'; recheck sends exactly those to `done`.
    text = NEVER % {"otherwise": "recheck", "origin": "still_eligible.otherwise"}
    assert wf205(project, text) == []


def test_never_reaches_from_a_step(project):
    text = NEVER % {"otherwise": "done", "origin": "still_eligible"}
    found = wf205(project, text)
    assert [(d["line"], d["column"]) for d in found] == [(25, 5)]
    assert "reach 'send_credits' from 'still_eligible'" in found[0]["message"]


def test_never_reaches_from_a_step_nobody_reaches(project):
    text = NEVER % {"otherwise": "done", "origin": "recheck"}
    assert wf205(project, text) == []


def test_unknown_steps_are_left_to_unknown_step(project):
    text = cancellation().replace("passes_through: retention_offer", "passes_through: retention")
    root = project({"flows/cancellation.yaml": text})
    result = run("check", root, "--format", "json", "--select", "WF004,WF205")
    assert [d["code"] for d in result.json["diagnostics"]] == ["WF004"]
