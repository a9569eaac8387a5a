from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class OtherQueryLanguageField(ProblemRule):
    """
    ## What it does
    Reports a field that exists only in the other query language than the one the
    state uses: `Parameters`, `ResultPath`, `InputPath`... in a JSONata state;
    `Arguments`, `Output` or a choice rule's `Condition` in a JSONPath state; a
    JSONPath choice rule (`Variable`, `StringEquals`, `And`...) in a JSONata state.
    A state uses the `QueryLanguage` set on it, else the state machine's, else
    JSONPath.

    ## Why is this bad?
    Step Functions rejects the definition. Such a field is usually copied from an
    example in the other language, or left behind when the state machine moved to
    JSONata.

    ## How to fix
    Write the field the state's language uses (the message names it), or set
    `QueryLanguage` on the state to the language the field belongs to.
    """

    code = "SF009"
    name = "other-query-language-field"
    summary = "a field of the other query language (JSONPath or JSONata) than the state uses"
    severity = Severity.ERROR
    problem_kind = "SF009"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {"Type": "Pass", "Output": {"greeting": "hello"}, "End": true}
              }
            }
            """,
            path="machine.asl.json",
            expect=["4:31 `Output` is a JSONata field, but state 'Greet' uses JSONPath"],
            title="`Output` is JSONata; this state machine uses JSONPath",
        ),
        good(
            """
            {
              "StartAt": "Greet",
              "States": {
                "Greet": {
                  "Type": "Pass",
                  "QueryLanguage": "JSONata",
                  "Output": {"greeting": "hello"},
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
