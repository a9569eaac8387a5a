"""WF203 anonymous-reaches-message, through the real CLI."""

from __future__ import annotations

from typing import Any

import pytest
from lk_testing import run

FLOW = """\
lintkit: 1
workflow: credits-balance-low
attributes:
  plan: {enum: [free, startup]}
  identified: {type: boolean}
  email: {type: string}
  phone: {type: string}
triggers:
  - event: credits_balance_low
    anonymous: %(anonymous)s
steps:
  check:
    type: branch
    cases:
      - when: "%(guard)s"
        next: send
    default: done
  send:
    type: message
    channel: %(channel)s
    template: credits_low
    next: done
  done:
    type: exit
"""  # `send` is on line 18


def wf203(project: Any, text: str, config: str = "") -> list[dict[str, Any]]:
    root = project({"flows/low.yaml": text, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "WF203")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def flow(guard: str, channel: str = "email", anonymous: str = "true") -> str:
    return FLOW % {"guard": guard, "channel": channel, "anonymous": anonymous}


def where(found: list[dict[str, Any]]) -> list[str]:
    return [f"{d['line']}:{d['column']} {d['severity']}" for d in found]


@pytest.mark.parametrize(
    "guard",
    [
        "identified",
        "identified == true",
        "not (identified == false)",
        "identified != false and plan == 'free'",
        "email",
        "email != ''",
        "email != null",
        "email not in ['', null]",
        "plan == 'startup' and email != ''",
        "phone != ''",  # anonymous profiles have no address of any kind
    ],
)
def test_guards(project, guard):
    assert wf203(project, flow(guard)) == []


@pytest.mark.parametrize(
    "guard",
    [
        "plan == 'startup'",
        "not identified",
        "identified == false",
        "identified or plan == 'free'",
        "email == ''",
        "email == '' or identified",
    ],
)
def test_not_guards(project, guard):
    found = wf203(project, flow(guard))
    assert where(found) == ["18:3 error"]
    message = found[0]["message"]
    assert "anonymous profiles reach message 'send' (email, needs 'email')" in message
    assert "check -> send" in message


def test_sms_needs_a_phone(project):
    found = wf203(project, flow("plan == 'free'", channel="sms"))
    assert where(found) == ["18:3 error"]
    assert "(sms, needs 'phone')" in found[0]["message"]
    assert wf203(project, flow("phone != ''", channel="sms")) == []


def test_channels_without_an_address_are_fine(project):
    assert wf203(project, flow("plan == 'free'", channel="push")) == []


def test_only_anonymous_triggers_matter(project):
    assert wf203(project, flow("plan == 'free'", anonymous="false")) == []


def test_guard_on_one_path_but_not_the_other(project):
    found = wf203(
        project,
        """\
lintkit: 1
workflow: credits-balance-low
attributes:
  plan: {enum: [free, startup]}
  identified: {type: boolean}
  email: {type: string}
triggers:
  - event: credits_balance_low
    anonymous: true
  - event: credits_expiring
steps:
  banner:
    type: message
    channel: in_app
    template: credits_low_banner
    next: wait_a_day
  wait_a_day:
    type: delay
    duration: 1d
    next: by_plan
  by_plan:
    type: branch
    cases:
      - when: "plan == 'startup'"
        next: known_only
    default: reminder
  known_only:
    type: filter
    keep: "identified"
    next: reminder
    otherwise: done
  reminder:
    type: message
    channel: email
    template: credits_low
    next: done
  done:
    type: exit
""",
    )
    assert where(found) == ["32:3 error"]
    assert "banner -> wait_a_day -> by_plan -> reminder" in found[0]["message"]
    related = [(r["line"], r["message"]) for r in found[0]["related"]]
    assert related[0] == (8, "enrolls anonymous profiles (anonymous: true)")
    assert related[-1] == (26, "by_plan.default -> message 'reminder' (email 'credits_low')")


def test_an_update_that_sets_the_address_makes_it_safe(project):
    text = (
        flow("plan == 'free'")
        .replace("        next: send\n", "        next: ask_for_email\n")
        .replace(
            "  send:\n",
            "  ask_for_email:\n    type: update\n    set: {email: from_form@example.com}\n"
            "    next: send\n  send:\n",
        )
    )
    assert wf203(project, text) == []


def test_requires_names_other_attributes(project):
    text = flow("plan == 'free'").replace(
        "    template: credits_low\n", "    template: credits_low\n    requires: [email, phone]\n"
    )
    found = wf203(project, text)
    assert where(found) == ["18:3 error"]
    assert "needs 'email' and 'phone'" in found[0]["message"]


WAIT_FOR_SIGNUP = """\
lintkit: 1
workflow: visitor-followup
triggers:
  - event: pricing_page_viewed
    anonymous: true
steps:
  wait_for_signup:
    type: wait
    event: signed_up
    timeout: 7d
    next: welcome
    on_timeout: done
  welcome:
    type: message
    channel: email
    template: welcome
    next: done
  done:
    type: exit
"""


def test_identifying_events_guard_a_wait(project):
    assert where(wf203(project, WAIT_FOR_SIGNUP)) == ["13:3 error"]
    config = '[anonymous]\nidentifying-events = ["signed_up"]\n'
    assert wf203(project, WAIT_FOR_SIGNUP, config) == []


def test_undeclared_attributes_still_understand_the_usual_guards(project):
    text = WAIT_FOR_SIGNUP.replace("    next: welcome\n", "    next: has_email\n").replace(
        "  welcome:\n",
        "  has_email:\n    type: filter\n    keep: \"email != ''\"\n    next: welcome\n"
        "    otherwise: done\n  welcome:\n",
    )
    assert wf203(project, text) == []


def test_identity_attribute_is_configurable(project):
    text = flow("is_known").replace(
        "  identified: {type: boolean}\n",
        "  identified: {type: boolean}\n  is_known: {type: boolean}\n",
    )
    assert where(wf203(project, text)) == ["19:3 error"]
    config = '[anonymous]\nidentified-attribute = "is_known"\n'
    assert wf203(project, text, config) == []


def test_open_domain_guard_gives_a_possible_warning(project):
    text = flow("score > 3").replace(
        "  phone: {type: string}\n", "  phone: {type: string}\n  score: {type: number}\n"
    )
    found = wf203(project, text)
    assert where(found) == ["19:3 warning"]
    assert "may reach" in found[0]["message"]
