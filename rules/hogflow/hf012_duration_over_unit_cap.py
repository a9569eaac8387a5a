from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class DurationOverUnitCap(ProblemRule):
    """
    ## What it does
    Reports a duration (`delay_duration`, `max_delay_duration`,
    `max_wait_duration`, a branch's `delay_duration`) whose number is over
    PostHog's cap for its unit: 30 for days, 24 for hours, 60 for minutes and
    seconds. It says how long PostHog really waits and how to write the intended
    time.

    ## Why is this bad?
    PostHog caps each unit rather than converting it: `48h` waits 24 hours, not
    two days, and `90m` waits an hour. The workflow runs without an error, just
    earlier than written, so a reminder meant for day two goes out on day one.
    lintkit's own analyses use the capped duration, as PostHog does.

    ## How to fix
    Write the duration in a larger unit (`2d` for `48h`, `1.5h` for `90m`). A
    wait longer than 30 days needs two steps.
    """

    code = "HF012"
    name = "duration-over-unit-cap"
    summary = "a duration over PostHog's per-unit cap (30d, 24h, 60m, 60s) waits less than written"
    severity = Severity.ERROR
    problem_kind = "HF012"
    aliases = ("WF002", "schema-violation")  # what reported it before it was a rule of its own
    examples = (
        bad(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "48h"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
            expect=["6:66 '48h' waits only 24h"],
        ),
        good(
            """
            {
              "name": "Welcome",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
            path="flow.hogflow.json",
        ),
    )
