from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidTimestamp(ProblemRule):
    """
    ## What it does
    Reports a literal timestamp (a Wait state's `Timestamp`, the value of a
    `TimestampEquals`-style comparison) that is not an RFC 3339 date and time with
    an uppercase `T` and a time zone, such as `2026-01-31T09:00:00Z`; one of that
    form naming a date or time that does not exist (month 13, February 30, hour
    25); and a `{% %}` expression in a Wait of a JSONPath state, which reads it as
    plain text.

    ## Why is this bad?
    Step Functions only reads that form ("String does not match RFC3339
    timestamp"). A Wait with another form is rejected, and a comparison with one
    never reads as intended.

    ## How to fix
    Write the instant as `YYYY-MM-DDThh:mm:ssZ` (or with an offset such as
    `+01:00`); fractional seconds are allowed. To compute it, use `TimestampPath`,
    or `QueryLanguage: JSONata` on the state.
    """

    code = "SF012"
    name = "invalid-timestamp"
    summary = "a timestamp is not in the RFC 3339 form Step Functions reads"
    severity = Severity.ERROR
    problem_kind = "SF012"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Until launch",
              "States": {
                "Until launch": {"Type": "Wait", "Timestamp": "2026-01-31 09:00", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:51 '2026-01-31 09:00' is not a timestamp"],
        ),
        bad(
            """
            {
              "StartAt": "Until launch",
              "States": {
                "Until launch": {"Type": "Wait", "Timestamp": "2026-02-30T09:00:00Z", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:51 '2026-02-30T09:00:00Z' names a date or time that does not exist"],
        ),
        bad(
            """
            {
              "StartAt": "Until launch",
              "States": {
                "Until launch": {"Type": "Wait", "Timestamp": "{% $launch %}", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:51 '{% $launch %}' is a JSONata expression, which a JSONPath state reads"],
        ),
        good(
            """
            {
              "StartAt": "Until launch",
              "States": {
                "Until launch": {"Type": "Wait", "Timestamp": "2026-01-31T09:00:00Z", "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
        good(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Until launch",
              "States": {
                "Until launch": {"Type": "Wait", "Timestamp": "{% $launch %}", "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
