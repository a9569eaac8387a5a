from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class PythonSyntax(ProblemRule):
    """
    ## What it does
    Reports a Python file that does not parse, at the parser's own position:
    a syntax error, bytes that are not UTF-8 text, nesting too deep to read.
    The other files are still checked.

    ## Why is this bad?
    The code rules (CD101, CD201, CD301...) and the cross-checks between
    workflows and their handlers read the code's structure. A file that does
    not parse is not checked at all, so a handler with a silent secret
    fallback or an eligible branch that records nothing would pass unseen; and
    the workflow engine will fail to import it at run time.

    ## How to fix
    Fix the syntax at the reported position. If the file is valid for a newer
    Python than the one running lintkit, run lintkit with that Python.
    """

    code = "PY001"
    name = "python-syntax"
    summary = "a Python file that does not parse (the parser's location); the run goes on"
    severity = Severity.ERROR
    problem_kind = "python-syntax"
    reads_code = True  # a .py file is only read when some selected rule needs code
    examples = (
        bad(
            """
            def grant_referral_credit(user, amount:
                return billing.credit(user, amount)
            """,
            path="app/billing.py",
            expect=["1:26 '(' was never closed"],
            title="An unclosed parenthesis",
        ),
        good(
            """
            def grant_referral_credit(user, amount):
                return billing.credit(user, amount)
            """,
            path="app/billing.py",
        ),
    )
