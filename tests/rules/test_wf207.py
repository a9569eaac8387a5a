"""WF207 delay-hides-misrouting, through the real CLI."""

from __future__ import annotations

from lk_backfill import backfill, check
from lk_testing import run


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
