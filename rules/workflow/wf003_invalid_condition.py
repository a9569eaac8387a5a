from collections.abc import Iterator

from lintkit.core.types import Diagnostic, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.load_file import FileResult
from lintkit.workflow import conditions


class InvalidCondition(Rule):
    """
    ## What it does
    Checks every condition (`keep:` of a filter, `when:` of a branch case):
    its syntax, that it uses only the condition language (attribute names,
    `events.NAME`, literals, `== != < <= > >= in`, `not in`, `and or not`,
    parentheses), that every attribute it reads is declared under `attributes:`
    (when the workflow declares any), that an enum is compared only with values
    it has, and that types match. The column points inside the condition.

    ## Why is this bad?
    A condition the engine cannot evaluate fails at run time, or evaluates to
    something other than what was meant: `plan == 'startp'` is simply false for
    everyone, so a filter with it drops every person, silently. A misspelled
    attribute reads as missing, with the same effect.

    ## How to fix
    Correct the name or value the message points at (it suggests the closest
    declared one), or declare the attribute and its values under `attributes:`.
    """

    code = "WF003"
    name = "invalid-condition"
    summary = (
        "a condition outside the expression language, an unknown attribute or enum value,"
        " a type mismatch"
    )
    scope = Scope.FILE
    severity = Severity.ERROR
    examples = (
        bad(
            """
            lintkit: 1
            workflow: credits
            attributes:
              plan: {enum: [free, startup, yc]}
            steps:
              still_eligible:
                type: filter
                keep: "plan == 'startp'"
                next: done
                otherwise: done
              done:
                type: exit
            """,
            expect=["8:20 'plan' has no value 'startp'"],
            title="An enum value that does not exist: the filter drops everyone",
        ),
        bad(
            """
            lintkit: 1
            workflow: credits
            steps:
              route:
                type: branch
                cases:
                  - when: "len(plan) > 3"
                    next: done
                default: done
              done:
                type: exit
            """,
            expect=["7:16 a function call is not allowed"],
            title="A function call, which the condition language does not have",
        ),
        good(
            """
            lintkit: 1
            workflow: credits
            attributes:
              plan: {enum: [free, startup, yc]}
            steps:
              still_eligible:
                type: filter
                keep: "plan in ['startup', 'yc'] and not events.credits_revoked"
                next: done
                otherwise: done
              done:
                type: exit
            """
        ),
    )

    def check_file(self, file: FileResult) -> Iterator[Diagnostic]:
        for problem in file.problems:
            if problem.kind == "condition":
                yield self.diagnostic(problem.location, problem.message, help=problem.help)
        for workflow in file.workflows:
            for graph in workflow.graphs():
                types = graph.attribute_types
                for step in graph.steps.values():
                    for condition in step.conditions:
                        if condition.expr is None:
                            continue
                        for error in conditions.check(condition.expr, types):
                            yield self.diagnostic(
                                condition.locate(error.span), error.message, help=error.help
                            )
