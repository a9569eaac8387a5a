from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class SchemaViolation(ProblemRule):
    """
    ## What it does
    Validates every workflow file against its format's JSON Schema (for the
    native format, the schema `lintkit schema` prints) and reports each problem
    at the offending key or value: an unknown key (with a "did you mean"), a
    value outside its choices, a missing required key, a duration that is not a
    duration. A file the `workflows` setting names but no dialect reads is
    reported here too.

    What a dialect checks beyond its schema are rules of their own (Step
    Functions: SF001-SF020; PostHog workflows: HF001-HF012). They were reported
    as WF002 before, so `WF002` in `select`, `ignore` or a `# lintkit: ignore[...]`
    comment still covers them.

    ## Why is this bad?
    A workflow engine either rejects such a file at deploy time or ignores the
    part it does not understand: a misspelled `otherwise:` is not a filtered-out
    path, it is no path at all. The structural and semantic rules check a file
    only once it is valid; until then only the mistakes that cannot be a
    consequence of this one are reported beside it: a step reference to a step
    that does not exist (WF004) and a condition that does not parse (WF003).

    ## How to fix
    Follow the message; the format reference lists every key. Editors validate
    as you type when the file starts with
    `# yaml-language-server: $schema=<path to the output of lintkit schema>`.
    """

    code = "WF002"
    name = "schema-violation"
    summary = "the file breaks its workflow format's JSON Schema"
    severity = Severity.ERROR
    problem_kind = "schema"
    examples = (
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: mail
                template: welcome
                nxt: done
              done:
                type: exit
            """,
            expect=["6:14 'mail' is not one of email", "8:5 unknown key 'nxt'"],
            title="A channel that does not exist and a misspelled key",
        ),
        good(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: done
              done:
                type: exit
            """
        ),
    )
