from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class MisplacedQueryLanguage(ProblemRule):
    """
    ## What it does
    Reports a `QueryLanguage` key written where Step Functions refuses it:
    inside `States` instead of at the top level of the state machine (or on a
    state), and `QueryLanguage: JSONPath` on a state of a machine whose top level
    says JSONata. The rest of the definition is then checked in the language that
    was meant.

    ## Why is this bad?
    Every key of `States` names a state, so Step Functions reads
    `"QueryLanguage": "JSONata"` there as a state whose definition is a string and
    rejects the whole definition. A machine may move from JSONPath to JSONata state
    by state, not back: under a JSONata top level, a JSONPath state is refused
    ("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state
    machine"). Nothing runs until it is moved.

    ## How to fix
    Move `QueryLanguage` to the top level, beside `StartAt` (or to the one state
    that uses the other language). For a JSONPath state in a JSONata machine,
    write the state in JSONata, or leave the top level in JSONPath and set
    `QueryLanguage: JSONata` on the states that use it.
    """

    code = "SF001"
    name = "misplaced-query-language"
    summary = "`QueryLanguage` is written where Step Functions refuses it"
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
        bad(
            """
            {
              "QueryLanguage": "JSONata",
              "StartAt": "Greet",
              "States": {
                "Greet": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["5:31 state 'Greet' sets `QueryLanguage: JSONPath` in a machine that uses"],
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
        good(
            """
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": 1, "End": true}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
