"""WF202 double-enrollment, across files, through the real CLI."""

from __future__ import annotations

from typing import Any

from lk_hogflow import delay, email, hogflow, mask
from lk_testing import run


def campaign(workflow: str, trigger: str, *, extra: str = "", before_send: str = "") -> str:
    """A workflow file whose step `send` (line 13 + lines of `extra`) sends credits_granted."""
    return f"""\
lintkit: 1
workflow: {workflow}
attributes:
  plan: {{enum: [free, startup, yc]}}
  email: {{type: string}}
triggers:
  - event: {trigger}
{extra}steps:
  start_here:
    type: delay
    duration: 1h
    next: {before_send or "send"}
{_filter(before_send)}  send:
    type: message
    channel: email
    template: credits_granted
    next: done
  done:
    type: exit
"""


def _filter(spec: str) -> str:
    if not spec:
        return ""
    name, keep = (
        spec,
        {
            "skip_backfilled": "not events.startup_plan_customer_added_backfill",
            "free_only": "plan == 'free'",
            "paid_only": "plan != 'free'",
        }[spec],
    )
    return f"""\
  {name}:
    type: filter
    keep: "{keep}"
    next: send
    otherwise: done
"""


MAIN = "startup_plan_customer_added"
BACKFILL = "startup_plan_customer_added_backfill"


def check(project: Any, files: dict[str, str], *targets: str) -> list[dict[str, Any]]:
    root = project(files)
    paths = [root / t for t in targets] or [root]
    result = run("check", *paths, "--format", "json", "--select", "WF202")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


def found(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"{d['path']}:{d['line']}:{d['column']} {d['severity']}" for d in diagnostics]


def test_twin_campaigns_with_different_triggers(project):
    diagnostics = check(
        project,
        {
            "flows/credits.yaml": campaign("startup-credits", MAIN),
            "flows/credits_backfill.yaml": campaign("startup-credits-backfill", BACKFILL),
        },
    )
    assert found(diagnostics) == ["flows/credits.yaml:16:15 error"]
    message = diagnostics[0]["message"]
    assert "'startup-credits' and 'startup-credits-backfill' both send 'credits_granted'" in message
    assert f"'startup-credits' enrolls on {MAIN}" in message
    assert f"'startup-credits-backfill' on {BACKFILL}" in message
    related = [(r["path"], r["line"], r["message"]) for r in diagnostics[0]["related"]]
    assert related[0] == (
        "flows/credits_backfill.yaml",
        16,
        "workflow 'startup-credits-backfill' sends 'credits_granted' here too",
    )
    assert ("flows/credits.yaml", 7, f"'startup-credits' enrolls on {MAIN}") in related
    assert f"not events.{BACKFILL}" in diagnostics[0]["help"]


def test_reported_when_only_the_other_file_changed(project):
    # pre-commit passes the changed files: the finding involves both.
    diagnostics = check(
        project,
        {
            "flows/credits.yaml": campaign("startup-credits", MAIN),
            "flows/credits_backfill.yaml": campaign("startup-credits-backfill", BACKFILL),
            "flows/unrelated.yaml": campaign("welcome", "signed_up").replace(
                "credits_granted", "welcome"
            ),
        },
        "flows/credits_backfill.yaml",
    )
    assert found(diagnostics) == ["flows/credits.yaml:16:15 error"]
    assert check(project, {}, "flows/unrelated.yaml") == []


def test_exclusive_with_on_either_side_silences_it(project):
    for holder in ("a", "b"):
        exclusive = "exclusive_with: [startup-credits-backfill]\n"
        other = "exclusive_with: [startup-credits]\n"
        files = {
            "flows/credits.yaml": campaign(
                "startup-credits", MAIN, extra=exclusive if holder == "a" else ""
            ),
            "flows/credits_backfill.yaml": campaign(
                "startup-credits-backfill", BACKFILL, extra=other if holder == "b" else ""
            ),
        }
        assert check(project, files) == [], holder


def test_a_filter_dropping_the_other_trigger_before_the_message_silences_it(project):
    assert (
        check(
            project,
            {
                "flows/credits.yaml": campaign(
                    "startup-credits", MAIN, before_send="skip_backfilled"
                ),
                "flows/credits_backfill.yaml": campaign("startup-credits-backfill", BACKFILL),
            },
        )
        == []
    )


def test_the_filter_must_be_on_every_path_to_the_message(project):
    bypass = campaign("startup-credits", MAIN, before_send="skip_backfilled").replace(
        "    next: skip_backfilled\n",
        "    next: by_plan\n"
        "  by_plan:\n"
        "    type: branch\n"
        "    cases:\n"
        "      - when: \"plan == 'yc'\"\n"
        "        next: send\n"
        "    default: skip_backfilled\n",
    )
    diagnostics = check(
        project,
        {
            "flows/credits.yaml": bypass,
            "flows/credits_backfill.yaml": campaign("startup-credits-backfill", BACKFILL),
        },
    )
    assert found(diagnostics) == ["flows/credits.yaml:27:15 error"]


def test_conditions_no_person_meets_in_both_silence_it(project):
    assert (
        check(
            project,
            {
                "flows/free.yaml": campaign("credits-free", MAIN, before_send="free_only"),
                "flows/paid.yaml": campaign("credits-paid", MAIN, before_send="paid_only"),
            },
        )
        == []
    )


def test_same_trigger_means_everyone_enters_both(project):
    diagnostics = check(
        project,
        {
            "flows/a.yaml": campaign("credits-a", MAIN),
            "flows/b.yaml": campaign("credits-b", MAIN),
        },
    )
    assert found(diagnostics) == ["flows/a.yaml:16:15 error"]
    assert f"everyone who fires {MAIN} enters both" in diagnostics[0]["message"]


def test_workflows_without_triggers_are_not_compared(project):
    no_trigger = campaign("credits-b", MAIN).replace(f"triggers:\n  - event: {MAIN}\n", "")
    assert (
        check(
            project,
            {
                "flows/a.yaml": campaign("credits-a", MAIN),
                "flows/b.yaml": no_trigger,
            },
        )
        == []
    )


def test_a_message_nobody_reaches_is_not_a_send(project):
    dead = campaign("credits-b", BACKFILL, before_send="free_only").replace(
        "keep: \"plan == 'free'\"", "keep: \"plan == 'free' and plan == 'yc'\""
    )
    assert (
        check(
            project,
            {
                "flows/a.yaml": campaign("credits-a", MAIN),
                "flows/b.yaml": dead,
            },
        )
        == []
    )


def test_every_time_enrollment_reaching_a_final_message(project):
    text = """\
lintkit: 1
workflow: trial-ended
triggers:
  - event: trial_ended
enrollment: %s
steps:
  notice:
    type: message
    channel: email
    template: account_closed
    final: true
    next: done
  done:
    type: exit
"""
    diagnostics = check(project, {"flows/trial.yaml": text % "every_time"})
    assert found(diagnostics) == ["flows/trial.yaml:11:12 error"]
    assert "enrollment: every_time" in diagnostics[0]["message"]
    assert "'account_closed'" in diagnostics[0]["message"]
    assert check(project, {"flows/trial.yaml": text % "once"}) == []


def test_exclusive_with_naming_no_workflow(project):
    typo = "exclusive_with: [startup-credits-backfil]\n"
    diagnostics = check(
        project,
        {
            "flows/credits.yaml": campaign("startup-credits", MAIN, extra=typo),
            "flows/other.yaml": campaign("startup-credits-backfill", BACKFILL).replace(
                "credits_granted", "other_template"
            ),
        },
    )
    assert found(diagnostics) == ["flows/credits.yaml:8:18 error"]
    assert "'startup-credits-backfil'" in diagnostics[0]["message"]
    assert "did you mean 'startup-credits-backfill'?" in diagnostics[0]["message"]


def test_exclusive_with_is_not_judged_while_a_workflow_file_is_broken(project):
    typo = "exclusive_with: [startup-credits-backfil]\n"
    assert (
        check(
            project,
            {
                "flows/credits.yaml": campaign("startup-credits", MAIN, extra=typo),
                "flows/broken.yaml": "lintkit: 1\nworkflow: startup-credits-backfil\nsteps: 3\n",
            },
        )
        == []
    )


# -- every-time enrollment with a re-entry window (trigger_masking) --------------------
# WF202 on a workflow that enrolls every time but masks a person's repeated triggers for a
# while (PostHog's `trigger_masking` on `{person.id}` with a `ttl`).
#
# Reported only when a person can be in two runs at once: the window is shorter than
# the longest time from entering to the final message. See the rule's explanation.
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
