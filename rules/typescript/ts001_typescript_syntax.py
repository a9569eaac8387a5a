from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class TypeScriptSyntax(ProblemRule):
    """
    ## What it does
    Reports a TypeScript, TSX, JavaScript or JSX file that tree-sitter's grammar
    cannot read, at the first place it could not: a syntax error, a file too
    complex to parse in bounded time. The parser recovers around the error, so
    the code rules still read the rest of the file; a minified bundle (a line
    of thousands of characters near the start) is skipped without a word.

    ## Why is this bad?
    The code rules (CD101, CD201, CD301...) read the code's structure. Around a
    syntax error the structure is a guess: a branch, a secret read or a link to
    the billing portal there may be missed or misread.

    ## How to fix
    Fix the syntax at the reported position. If the file is valid (a construct
    newer than the pinned `tree-sitter-typescript` grammar), exclude it or ignore
    TS001 for it, and report the construct.
    """

    code = "TS001"
    name = "typescript-syntax"
    summary = "a TypeScript/JavaScript file tree-sitter cannot read (the first error's location)"
    severity = Severity.WARNING
    problem_kind = "typescript-syntax"
    reads_code = True
    examples = (
        bad(
            """
            export function cancelSubscription(teamId: string {
              return fetch(`/api/teams/${teamId}/cancel`, { method: "POST" });
            }
            """,
            path="apps/web/lib/billing.ts",
            expect=["1:50 missing )"],
            title="An unclosed parameter list",
        ),
        good(
            """
            export function cancelSubscription(teamId: string) {
              return fetch(`/api/teams/${teamId}/cancel`, { method: "POST" });
            }
            """,
            path="apps/web/lib/billing.ts",
        ),
    )
