from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good

_FLOW = """
import {{ hogFlow }} from "@posthog/definitions";
import {{ exitStep }} from "./steps";

const EXIT = "exit";

export default hogFlow({{
  key: "welcome",
  name: "Welcome",
  actions: [
    {{
      id: "trigger",
      type: "trigger",
      config: {{ type: "event", filters: {{ events: [{{ id: "signed_up", type: "events" }}] }} }},
    }},
    {{ id: "wait", type: "delay", config: {{ delay_duration: "1d" }} }},
    {{ id: EXIT, type: "exit", config: {{}} }},
  ],
  edges: [
    {{ from: "trigger", to: "wait", type: "continue" }},
    {{ from: "wait", to: {to}, type: "continue" }},
  ],
}});
"""


class UnreadableValue(ProblemRule):
    """
    ## What it does
    Reports a value of a `hogFlow({...})` definition (PostHog's
    `@posthog/definitions`, TypeScript) that lintkit cannot read without running
    the code, where the checks need it: a function call, a name imported from
    another file, a `let`, a template literal with `${...}`, a computed key, or
    a spread of one of these. lintkit reads literals and the `const`s of the same
    file (also through spreads, shorthand properties and `STEPS.exit`), never
    runs the file, and never guesses: a workflow with such a value is not
    checked further. Values the checks never read (an email's body, its
    addresses) may be anything.

    ## Why is this bad?
    The routing of a workflow (which action an edge leads to, which people a
    step's filters keep) is what lintkit checks; a value it cannot see is a
    part of the workflow that goes unchecked, and a finding would be a guess.

    ## How to fix
    Write the value in the file, as a literal or a `const` of the same file.
    If it must come from elsewhere, suppress the finding with
    `// lintkit: ignore[HF013] -- why`, knowing that the workflow is not checked.
    """

    code = "HF013"
    name = "unreadable-value"
    summary = "a hogFlow definition's value lintkit cannot read without running the code"
    severity = Severity.WARNING
    problem_kind = "unreadable"
    examples = (
        bad(
            _FLOW.format(to="exitStep()"),
            path="posthog/hog-flows/welcome.ts",
            expect=["20:25 edges[1].to: `exitStep()` is a function call"],
            title="An edge whose target is computed when the definitions are pushed",
        ),
        good(
            _FLOW.format(to="EXIT"),
            path="posthog/hog-flows/welcome.ts",
            title="A const of the same file",
        ),
    )
