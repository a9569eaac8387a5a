from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MisplacedQueryLanguage(ProblemRule):
    """
    ## What it does
    Reports a `QueryLanguage` key written inside `States` instead of at the top
    level of the state machine (or on a state). The rest of the definition is then
    checked in the language that was meant.

    ## Why is this bad?
    Every key of `States` names a state, so Step Functions reads
    `"QueryLanguage": "JSONata"` there as a state whose definition is a string and
    rejects the whole definition. Nothing runs until it is moved.

    ## How to fix
    Move `QueryLanguage` to the top level, beside `StartAt` (or to the one state
    that uses the other language).
    """

    code = "SF001"
    name = "misplaced-query-language"
    summary = "`QueryLanguage` is written inside `States`, where every key is a state"
    severity = Severity.ERROR
    problem_kind = "SF001"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Greet",
              "States": {
                "QueryLanguage": "JSONata",
                "Greet": {"Type": "Pass", "Output": {"greeting": "hello"}, "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:5 `QueryLanguage` is written inside `States`"],
        ),
        good(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Greet",
              "States": {
                "Greet": {"Type": "Pass", "Output": {"greeting": "hello"}, "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
