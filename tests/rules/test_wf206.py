"""WF206 unthrottled-bulk-send, through the real CLI."""

from __future__ import annotations

from lk_backfill import backfill, check
from lk_testing import run


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
