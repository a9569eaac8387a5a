"""WF202 on a workflow that enrolls every time but masks a person's repeated triggers for a
while (PostHog's `trigger_masking` on `{person.id}` with a `ttl`).

Reported only when a person can be in two runs at once: the window is shorter than
the longest time from entering to the final message. See the rule's explanation.
"""

from __future__ import annotations

from typing import Any

from lk_hogflow import delay, email, hogflow, mask
from lk_testing import run

CANCELLED = email("cancelled", "Your account was cancelled")  # final: "cancel..."


def double_enrollment(project: Any, text: str) -> list[dict[str, Any]]:
    root = project({"flow.json": text})
    result = run("check", root, "--format", "json", "--no-cache", "--select", "WF202")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def held(duration: str, masking: dict[str, Any] | None) -> str:
    """Trigger -> delay -> the final message -> exit."""
    return hogflow(
        [delay("hold", duration), CANCELLED],
        [("trigger_node", "hold"), ("hold", "cancelled"), ("cancelled", "exit_node")],
        trigger_masking=masking,
    )


def test_a_window_shorter_than_the_wait_for_the_final_message_is_reported(project: Any) -> None:
    [found] = double_enrollment(project, held("12h", mask(1800)))
    assert found["message"] == (
        "workflow 'Onboarding' lets a person in again 30m after they enter (the"
        " `trigger_masking` `ttl`), but the final message 'cancelled' (template 'Your account"
        " was cancelled') can come as late as 12h after entry: a person who triggers it again"
        " in between is in two runs and gets it twice"
    )
    assert found["help"] == (
        "use a `trigger_masking` on `{person.id}` with no `ttl` (Frequency: one time,"
        " indefinitely), make the `trigger_masking` `ttl` longer than 12h, or keep the final"
        " message out of this workflow"
    )


def test_a_window_at_least_that_long_is_the_chosen_reentry_period(project: Any) -> None:
    assert double_enrollment(project, held("12h", mask(86400))) == []
    assert double_enrollment(project, held("12h", mask(43200))) == []  # exactly 12h
    # the final message comes at once: no second run can overlap it
    at_once = hogflow(
        [CANCELLED],
        [("trigger_node", "cancelled"), ("cancelled", "exit_node")],
        trigger_masking=mask(1800),
    )
    assert double_enrollment(project, at_once) == []


def test_no_bound_on_the_wait_makes_any_window_too_short(project: Any) -> None:
    until = {
        "id": "hold",
        "name": "Until renewal",
        "type": "delay",
        "config": {"delay_until": {"expression": "person.properties.renews_at"}},
    }
    text = hogflow(
        [until, CANCELLED],
        [("trigger_node", "hold"), ("hold", "cancelled"), ("cancelled", "exit_node")],
        trigger_masking=mask(365 * 86400),
    )
    [found] = double_enrollment(project, text)
    assert "can come at any time after entry" in found["message"]
    assert "longer than" not in found["help"]


def test_masks_that_are_no_window_are_every_time(project: Any) -> None:
    sampled = held("12h", mask(None, threshold=3))
    [found] = double_enrollment(project, sampled)
    assert found["message"].startswith(
        "workflow 'Onboarding' enrolls people every time they trigger it (its `trigger_masking`"
        " lets 1 trigger in 3 through) and sends the final message 'cancelled'"
    )
    daily = held(
        "1h",
        mask(86400, hash="{concat(toString(person.id), '-', formatDateTime(now(), '%Y-%m-%d'))}"),
    )
    [found] = double_enrollment(project, daily)
    assert "(its `trigger_masking` lets a person in again the next day)" in found["message"]
    [found] = double_enrollment(project, held("1h", None))
    assert "(no `trigger_masking`)" in found["message"]
    assert double_enrollment(project, held("1h", mask(None))) == []  # once
