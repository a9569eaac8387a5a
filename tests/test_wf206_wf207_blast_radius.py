"""WF206 unthrottled-bulk-send and WF207 delay-hides-misrouting, through the real CLI."""

from __future__ import annotations

from typing import Any

from lk_testing import run

BACKFILL = """\
lintkit: 1
workflow: startup-credits-backfill
triggers:
  - event: startup_plan_customer_added_backfill
    bulk: %(bulk)s
  - event: startup_plan_customer_added
steps:
  hold:
    type: delay
    duration: %(delay)s
    next: only_main
  only_main:
    type: filter
    keep: "%(keep)s"
    next: send_credits
    otherwise: done
  send_credits:
    type: message
    channel: email
    template: credits_granted
%(throttle)s    next: done
  done:
    type: exit
"""  # `send_credits` is on line 17


def check(project: Any, text: str, *options: str, config: str = "") -> list[str]:
    root = project({"flows/backfill.yaml": text, "lintkit.toml": config})
    result = run("check", root, "--format", "json", *options)
    assert result.code in (0, 1), result.err
    return [
        f"{d['line']}:{d['column']} {d['code']} {d['severity']}" for d in result.json["diagnostics"]
    ]


def backfill(bulk: str = "true", delay: str = "1h", keep: str = "true", throttle: str = "") -> str:
    return BACKFILL % {"bulk": bulk, "delay": delay, "keep": keep, "throttle": throttle}


def test_bulk_trigger_reaches_an_unthrottled_message(project):
    root = project({"flows/backfill.yaml": backfill(), "lintkit.toml": ""})
    result = run("check", root, "--format", "json", "--select", "WF206")
    [diagnostic] = result.json["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"], diagnostic["severity"]) == (17, 3, "warning")
    assert (
        "people enrolled in bulk by event 'startup_plan_customer_added_backfill' reach it:"
        in diagnostic["message"]
    )
    assert "hold -> only_main -> send_credits" in diagnostic["message"]
    assert diagnostic["related"][0]["line"] == 4


def test_a_throttle_silences_it(project):
    assert (
        check(project, backfill(throttle="    throttle: {per_hour: 100}\n"), "--select", "WF206")
        == []
    )


def test_no_bulk_trigger_no_finding(project):
    assert check(project, backfill(bulk="false"), "--select", "WF206") == []


def test_only_paths_bulk_enrolled_people_can_take(project):
    # Everyone the bulk trigger enrolls did the backfill event; the filter drops them.
    keep = "not events.startup_plan_customer_added_backfill"
    assert check(project, backfill(keep=keep), "--select", "WF206") == []


def test_internal_channels_do_not_count(project):
    text = backfill().replace("channel: email", "channel: webhook")
    assert check(project, text, "--select", "WF206") == []


def test_delay_rule_is_off_by_default(project):
    assert check(project, backfill(delay="12h", throttle="    throttle: {per_hour: 9}\n")) == []


def test_a_long_delay_before_a_message(project):
    text = backfill(delay="12h", throttle="    throttle: {per_hour: 9}\n")
    root = project({"flows/backfill.yaml": text, "lintkit.toml": ""})
    result = run("check", root, "--format", "json", "--select", "WF207")
    [diagnostic] = result.json["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"]) == (10, 15)
    assert diagnostic["message"].startswith(
        "delay 'hold' holds people 12h before message 'send_credits' (template 'credits_granted')"
    )
    assert "(threshold 6h)" in diagnostic["message"]


def test_delay_threshold_is_configurable(project):
    text = backfill(delay="12h", throttle="    throttle: {per_hour: 9}\n")
    one_day, two_hours = '[monitoring]\nmax-delay = "1d"\n', '[monitoring]\nmax-delay = "2h"\n'
    assert check(project, text, "--select", "WF207", config=one_day) == []
    assert check(project, text, "--select", "WF207", config=two_hours) == ["10:15 WF207 warning"]
    assert check(project, backfill(delay="6h"), "--select", "WF207") == []  # not longer


def test_delay_rule_needs_a_message_someone_reaches_after_it(project):
    text = backfill(delay="12h", keep="false")
    assert check(project, text, "--select", "WF207") == []


def test_bad_threshold_is_a_config_error(project):
    root = project(
        {
            "flows/backfill.yaml": backfill(),
            "lintkit.toml": '[monitoring]\nmax-delay = "half a day"\n',
        }
    )
    result = run("check", root, "--select", "WF207")
    assert result.code == 2
    assert "max-delay" in result.err


WAIT = """\
lintkit: 1
workflow: trial
triggers:
  - event: trial_started
steps:
  wait_for_setup:
    type: wait
    event: setup_completed
    timeout: 3d
    next: tips
    on_timeout: nudge
  tips:
    type: message
    channel: email
    template: tips
    next: done
  nudge:
    type: message
    channel: email
    template: nudge
    next: done
  done:
    type: exit
"""


def test_a_wait_timeout_counts_its_arrival_edge_does_not(project):
    root = project({"flows/trial.yaml": WAIT, "lintkit.toml": ""})
    result = run("check", root, "--format", "json", "--select", "WF207")
    [diagnostic] = result.json["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"]) == (9, 14)
    assert (
        "wait (timeout) 'wait_for_setup' holds people 3d before message 'nudge'"
        in (diagnostic["message"])
    )
    assert "other message" not in diagnostic["message"]
