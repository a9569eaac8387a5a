"""A backfill workflow whose bulk trigger reaches a message (WF206 and WF207 tests)."""

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
