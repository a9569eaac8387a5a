from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class ChoiceRuleWithoutTest(ProblemRule):
    """
    ## What it does
    Reports a choice rule with no test: in JSONPath, no `Variable` with a
    comparison and no `And`, `Or` or `Not`; in JSONata, no `Condition`.

    ## Why is this bad?
    A rule is a test and the state to go to when it holds; without the test,
    Step Functions rejects the definition. It is often a rule whose test was
    deleted, or meant as the `Default`.

    ## How to fix
    Add the test (e.g. `Variable: $.status` with `StringEquals: done`, or
    `Condition: "{% $states.input.status = 'done' %}"`), or make the state it
    names the `Choice`'s `Default`.
    """

    code = "SF018"
    name = "choice-rule-without-test"
    summary = "a choice rule tests nothing"
    severity = Severity.ERROR
    problem_kind = "SF018"
    # reported as WF002 schema-violation before it was a rule of its own
    aliases = ("WF002", "schema-violation")
    examples = (
        bad(
            """
            {
              "StartAt": "Done?",
              "States": {
                "Done?": {
                  "Type": "Choice",
                  "Choices": [{"Next": "Finish"}],
                  "Default": "Work"
                },
                "Work": {"Type": "Pass", "Next": "Finish"},
                "Finish": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:19 this choice rule tests nothing"],
        ),
        good(
            """
            {
              "StartAt": "Done?",
              "States": {
                "Done?": {
                  "Type": "Choice",
                  "Choices": [{"Variable": "$.status", "StringEquals": "done", "Next": "Finish"}],
                  "Default": "Work"
                },
                "Work": {"Type": "Pass", "Next": "Finish"},
                "Finish": {"Type": "Succeed"}
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
