"""An example lintkit plugin: every message step says what it is for."""

from collections.abc import Iterator

from lintkit.core.types import Diagnostic, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.workflow.ir import StepKind, Workflow


class UndescribedMessage(Rule):
    """
    ## What it does
    Reports a message step without a `description`.

    ## Why is this bad?
    Reviewers can't tell what a message is for from its template id alone.

    ## How to fix
    Add a one-line `description:`.
    """

    code = "EX001"
    name = "undescribed-message"
    summary = "a message step has no description"
    scope = Scope.WORKFLOW
    severity = Severity.WARNING
    examples = (
        bad(
            """
            lintkit: 1
            workflow: w
            steps:
              send: {type: message, channel: email, template: t, next: done}
              done: {type: exit}
            """,
            expect=["4:3 message 'send' has no description"],
        ),
        good(
            """
            lintkit: 1
            workflow: w
            steps:
              send: {type: message, channel: email, template: t, next: done, description: hi}
              done: {type: exit}
            """
        ),
    )

    def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:
        for step in workflow.steps.values():
            if step.kind is StepKind.MESSAGE and not step.description:
                yield self.diagnostic(step.location, f"message '{step.id}' has no description")
