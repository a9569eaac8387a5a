from collections.abc import Iterator

from lintkit.code.model import EligibleBranch, ModuleFacts
from lintkit.code.options import ELIGIBILITY, TELEMETRY_CALLS
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good

_WHERE = {
    "if": "the branch where `{test}` holds",
    "elif": "the `elif` branch where `{test}` holds",
    "else": "the `else` branch, where `{test}` holds",
    "guard": "the code after the guard, which runs only when `{test}` holds",
}


class EligibleBranchWithoutTelemetry(Rule):
    """
    ## What it does
    Finds the code that runs when an eligibility test holds (an `if` or `elif`
    whose test reads a name matching `telemetry.eligibility`, such as
    `result.eligible` or `user.is_qualified()`) and reports it when it records
    no telemetry event: no call matching `telemetry.calls` in it, nor in a
    helper function of the same module that it calls.

    It understands the shapes such code takes: `if result.eligible and ...:`,
    the `else` of a negated test (`if not result.eligible: ... else: ...`), and
    the early-return guard (`if not result.eligible: return None`), where the
    eligible branch is the code after the guard.

    It looks at instrumented code: functions that make a telemetry call on
    some path but record nothing on the eligible one (neither there nor in a
    helper of the module it calls), which is how the gap looks when it is an
    oversight. A
    function that records nothing at all is left to its callers (or is not
    product code: an algorithm, a model), and so is a branch that only
    returns or assigns a constant or collects an item (`return True`,
    `return EmailKind.DIGEST`, `eligible.append(user)`: a predicate, a lookup
    or a filter whose caller acts on the answer).

    ## Why is this bad?
    A retention offer was only recorded when accepted: the code evaluated
    `if result.eligible` and emitted nothing on that branch, so "offers issued"
    read 0 and the offer's conversion could not be measured. A decision that
    leaves no trace cannot be counted, monitored or debugged.

    ## How to fix
    Record an event in the eligible branch (`analytics.track(user.id,
    "retention_offer_eligible")`, a log line, a metric), or call a helper of
    the same module that records it. If the event is recorded elsewhere (by
    the caller, in another module), suppress the finding with a reason.
    """

    code = "CD101"
    aliases = ("PY101",)  # its code before it read more than Python
    name = "eligible-branch-without-telemetry"
    summary = 'an "eligible" branch (incl. after an early-return guard) records no event'
    scope = Scope.MODULE
    severity = Severity.WARNING
    options = (TELEMETRY_CALLS, ELIGIBILITY)
    examples = (
        bad(
            """
            import analytics


            def get_retention_offer(user):
                result = check_eligibility(user)
                if result.eligible:
                    return build_offer(user, discount=50)
                analytics.track(user.id, "retention_offer_ineligible", {"reason": result.reason})
                return None
            """,
            path="app/retention.py",
            expect=["6:8 where `result.eligible` holds makes no telemetry call"],
            title="The incident: the ineligible case is recorded, the issued offer is not",
        ),
        bad(
            """
            import logging

            logger = logging.getLogger(__name__)


            def get_retention_offer(user):
                result = check_eligibility(user)
                if not result.eligible:
                    logger.info("user %s is not eligible", user.id)
                    return None
                offer = build_offer(user, discount=50)
                return offer
            """,
            path="app/retention.py",
            expect=["8:12 the code after the guard"],
            title="The guard form: the code after `if not ...: return` is the eligible branch",
        ),
        bad(
            """
            import analytics


            def get_retention_offer(user, plan):
                if plan != "free" and user.is_eligible():
                    return build_offer(user)
                elif not user.qualifies_for_discount:
                    analytics.track(user.id, "discount_declined")
                    return None
                else:
                    return build_discount(user)
            """,
            path="app/retention.py",
            expect=[
                "5:27 where `user.is_eligible()` holds",
                "7:14 the `else` branch, where `user.qualifies_for_discount`",
            ],
            title="An `and`-ed test, and the `else` of a negated `elif`",
        ),
        good(
            """
            import analytics

            OFFER_ELIGIBLE = "retention_offer_eligible"


            def _record(user, event):
                analytics.track(user.id, event)


            def get_retention_offer(user):
                result = check_eligibility(user)
                if not result.eligible:
                    return None
                _record(user, OFFER_ELIGIBLE)
                return build_offer(user, discount=50)


            def get_discount(user):
                if user.is_eligible():
                    analytics.track(user.id, "discount_eligible")
                    return build_discount(user)
                return None
            """,
            path="app/retention.py",
            title="Recorded in the branch, or by a helper of the same module",
        ),
    )

    def check_module(self, module: ModuleFacts) -> Iterator[Diagnostic]:
        for branch in module.eligible_branches:
            if branch.instrumented and not branch.records:
                yield self._report(branch)

    def _report(self, branch: EligibleBranch) -> Diagnostic:
        where = _WHERE[branch.form].format(test=branch.test)
        owner = f"`{branch.function}`" if branch.function else "this module"
        return self.diagnostic(
            branch.location,
            f"eligible branch records no event: {where} makes no telemetry call (itself or"
            f" through a helper), though {owner} makes one on another path",
            related=[Related(branch.arm, "the eligible branch: nothing here records an event")],
            help='record an event there (e.g. analytics.track(user.id, "offer_eligible")),'
            " or an 'issued' metric cannot be measured",
        )
