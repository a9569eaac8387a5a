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

    It is off by default (select it with `--extend-select TS001`): the pinned
    grammar (`tree-sitter-typescript` 0.23.2) lags the language, and valid code
    it cannot read would be reported (on four public apps: `typeof import("x")`
    in a type argument, a tagged template with type arguments
    ``sql<Row[]>`...` ``); the TypeScript compiler is the judge of syntax, and
    the code rules read around such places anyway.

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
    default_enabled = False  # the grammar misreads some valid TypeScript (see above)
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
