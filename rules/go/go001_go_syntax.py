from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class GoSyntax(ProblemRule):
    """
    ## What it does
    Reports a Go file that does not parse, at the first place tree-sitter's Go
    grammar could not read (an unexpected token, or one that is missing), and
    a file that is not UTF-8 text or takes too long to parse. The other files
    are still checked.

    ## Why is this bad?
    The code rules (CD101, CD201, CD301...) and the cross-checks between
    workflows and their handlers read the code's structure. A file that does
    not parse is not checked at all, so a handler with a silent secret
    fallback or an eligible branch that records nothing would pass unseen;
    and `go build` will refuse it.

    ## How to fix
    Fix the syntax at the reported position (`gofmt -l` names the same files).
    """

    code = "GO001"
    name = "go-syntax"
    summary = "a Go file that does not parse (the first error node); the run goes on"
    severity = Severity.ERROR
    problem_kind = "go-syntax"
    reads_code = True  # a .go file is only read when some selected rule needs code
    examples = (
        bad(
            """
            package billing

            func GrantReferralCredit(user User, amount int {
                return credit(user, amount)
            }
            """,
            path="billing/credit.go",
            expect=["3:47 syntax error: missing `)`"],
            title="An unclosed parenthesis",
        ),
        good(
            """
            package billing

            func GrantReferralCredit(user User, amount int) error {
                return credit(user, amount)
            }
            """,
            path="billing/credit.go",
        ),
    )
