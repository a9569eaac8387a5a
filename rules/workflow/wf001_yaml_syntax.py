from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class YamlSyntax(ProblemRule):
    """
    ## What it does
    Reports a workflow file that cannot be read as YAML or JSON: a syntax error,
    a duplicate key, a tab used for indentation, bytes that are not UTF-8 text,
    an alias that expands without limit, nesting too deep to be a workflow, or a
    file too large or unreadable. The position is the parser's own. A PostHog
    workflow kept as TypeScript (`export default hogFlow({...})`) that does not
    parse, or whose value is nested too deep or too large, is reported here too.

    ## Why is this bad?
    A file that does not parse is not checked at all, and the workflow engine
    that reads it may either reject it at deploy time or, worse, read it
    differently: with a duplicate key, most YAML loaders silently keep only the
    last value, so a step's `next:` written twice routes people to whichever
    came last.

    ## How to fix
    Fix the syntax at the reported position. For a duplicate key, keep one of
    the two (the related location shows the first). Indent with spaces only.
    """

    code = "WF001"
    name = "yaml-syntax"
    summary = "unparsable YAML/JSON, duplicate keys, bad encoding, with line and column"
    severity = Severity.ERROR
    problem_kind = "syntax"
    examples = (
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: done
                next: send
              done:
                type: exit
            """,
            expect=["9:5 duplicate key 'next'"],
            title="A duplicate key: YAML keeps only one `next`",
        ),
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps: [
            """,
            expect=["4:1 did not find expected node content"],
            title="An unclosed list",
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
