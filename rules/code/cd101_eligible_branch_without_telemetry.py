from collections.abc import Iterator

from lintkit.code.model import EligibleBranch
from lintkit.code.options import ELIGIBILITY, TELEMETRY_CALLS
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.decisions import Decisions, is_test
from lintkit.project.outline import FileOutline
from lintkit.project.view import Project

_WHERE = {
    "if": "the branch where `{test}` holds",
    "elif": "the `elif` branch where `{test}` holds",
    "else": "the `else` branch, where `{test}` holds",
    "guard": "the code after the guard, which runs only when `{test}` holds",
    "ternary": "the `? :` arm where `{test}` holds",
    "and": "the right of `&&`, which runs only when `{test}` holds",
}

_INCIDENT = """
    from app.billing import check_eligibility, build_offer


    def get_retention_offer(team, user_id):
        result = check_eligibility(team, user_id)
        if result.eligible:
            return build_offer(team, user_id, discount=50)
        return None
"""


class EligibleBranchWithoutTelemetry(Rule):
    """
    ## What it does
    Finds the code that runs when an eligibility test holds (an `if` or `elif`
    whose test reads a name matching `telemetry.eligibility`, such as
    `result.eligible` or `user.is_qualified()`) and reports it when nothing
    records the decision:

    - the function holding it records telemetry (a call matching
      `telemetry.calls`) somewhere, but not in the eligible branch, nor in a
      helper of its module the branch calls; or
    - the function records nothing at all, and neither does anyone who calls
      it: it is an entry point (a route, a view, a DRF or class-based view's
      `get`/`post`..., an `@action`, a `@receiver`, a task, a workflow step's
      handler), or it has no caller in the project, or every caller in the
      project (and their callers, a few levels up) records nothing either. The
      finding's related locations show the chain of callers that was checked.

    A function whose caller records something (a log line, an event) is left
    to that caller. Calls of a method through an object (`service.get_offer()`)
    count as possible callers; when a name is called from too many places, or
    the chain goes deeper than a few callers, nothing is reported. Whether a
    function (or a caller) records counts what it calls, a few calls deep: a
    function of the project, or, for a call through an object whose class
    lintkit cannot tell (`batch_order.flow.update()`), any method of that name
    in the project that records (a name defined in many classes, such as
    `update`, counts only through the methods that record themselves). Tests
    are not checked and do not count as callers, nor do their methods. Nor is
    a branch that only returns or assigns a constant or collects an item
    (`return True`, `return EmailKind.DIGEST`, `eligible.append(user)`: a
    predicate, a lookup or a filter whose caller acts on the answer). Nor is a
    test said of a part of the program rather than of someone: a page, tab,
    window, element, component, browser, device, file, URL, request, response,
    route, cache, connection, socket, stream, buffer or platform
    (`isPageEligibleForSSE()`, `page.is_eligible`), in every language.

    It understands the shapes such code takes: `if result.eligible and ...:`,
    the `else` of a negated test (`if not result.eligible: ... else: ...`), and
    the early-return guard (`if not result.eligible: return None`), where the
    eligible branch is the code after the guard.

    In TypeScript and TSX the same shapes, plus `offer.eligible ? <Offer /> :
    null` and `{offer.eligible && <Offer />}`; names are read in camelCase
    (`isEligible`, not a collection such as `eligiblePayouts`). A React
    component is an entry point (React renders it), and rendering a component
    of the same module that records (`<RetentionOffer />` with a
    `useEffect(() => posthog.capture(...))`) records; a static note
    (`<p>...</p>`) or a per-item test in a `filter` callback is not a decision.

    ## Why is this bad?
    A retention offer was only recorded when accepted: the handler evaluated
    `if result.eligible` and emitted nothing, nor did anything that called it,
    so "offers issued" read 0 and the offer's conversion could not be measured.
    A decision that leaves no trace cannot be counted, monitored or debugged.

    ## How to fix
    Record an event in the eligible branch (`analytics.track(user.id,
    "retention_offer_eligible")`, a log line, a metric), or call a helper that
    records it. If the event is recorded elsewhere (in code lintkit cannot
    follow), suppress the finding with a reason.
    """

    code = "CD101"
    aliases = ("PY101",)  # its code before it read more than Python
    name = "eligible-branch-without-telemetry"
    summary = 'an "eligible" branch (incl. after an early-return guard) records no event'
    scope = Scope.PROJECT
    reads_code = True
    project_reads = "follows the callers of a silent function into other modules"
    severity = Severity.WARNING
    options = (TELEMETRY_CALLS, ELIGIBILITY)
    examples = (
        bad(
            _INCIDENT,
            path="app/retention.py",
            expect=["6:8 neither `get_retention_offer` nor any caller"],
            title="The incident: a handler that records nothing, called by nothing that does",
        ),
        bad(
            """
            from rest_framework.decorators import api_view
            from rest_framework.response import Response

            from app.billing import build_offer, check_eligibility


            @api_view(["GET"])
            def retention_offer(request):
                result = check_eligibility(request.user.team, request.user.id)
                if not result.eligible:
                    return Response(status=204)
                return Response(build_offer(request.user.team, request.user.id))
            """,
            path="app/views.py",
            expect=["10:12 the code after the guard"],
            title="As a Django REST framework `@api_view`, in the guard form",
        ),
        bad(
            """
            from rest_framework.response import Response
            from rest_framework.views import APIView

            from app.billing import build_offer, check_eligibility


            class RetentionOfferView(APIView):
                def get(self, request):
                    result = check_eligibility(request.user.team, request.user.id)
                    if result.eligible:
                        return Response(build_offer(request.user.team, request.user.id))
                    return Response(status=204)
            """,
            path="app/views.py",
            expect=["10:12 neither `RetentionOfferView.get` nor any caller"],
            title="As the `get` of a DRF `APIView`",
        ),
        bad(
            """
            from flask import Flask, jsonify

            from app.billing import build_offer, check_eligibility

            app = Flask(__name__)


            @app.route("/retention-offer/<team>/<user_id>")
            def retention_offer(team, user_id):
                result = check_eligibility(team, user_id)
                if result.eligible:
                    return jsonify(build_offer(team, user_id))
                return jsonify(None)
            """,
            path="app/web.py",
            expect=["11:8 neither `retention_offer` nor any caller"],
            title="As a Flask `@app.route`",
        ),
        bad(
            _INCIDENT,
            path="app/retention.py",
            files={
                "app/views.py": """
                    from django.http import JsonResponse

                    from app.retention import get_retention_offer


                    def offer_view(request):
                        return JsonResponse(get_retention_offer(request.team, request.user.id))
                    """
            },
            expect=["6:8 neither `get_retention_offer` nor any caller"],
            title="Called from a view that records nothing either (related: the caller chain)",
        ),
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
        good(
            _INCIDENT,
            path="app/retention.py",
            files={
                "app/views.py": """
                    import logging

                    from django.http import JsonResponse

                    from app.retention import get_retention_offer

                    logger = logging.getLogger(__name__)


                    def offer_view(request):
                        offer = get_retention_offer(request.team, request.user.id)
                        logger.info("retention offer for %s: %s", request.user.id, offer)
                        return JsonResponse(offer)
                    """
            },
            title="The incident's function, whose caller records the outcome",
        ),
        good(
            """
            import logging

            from rest_framework.decorators import api_view
            from rest_framework.response import Response

            logger = logging.getLogger(__name__)


            class OrderFlow:
                def __init__(self, order):
                    self.order = order

                def update(self):
                    logger.info("order %s completed", self.order.id)


            @api_view(["POST"])
            def confirm_transfer(request, order):
                if not order.is_eligible_to_validate_payment:
                    return Response(status=400)
                OrderFlow(order).update()
                return Response(status=200)
            """,
            path="app/views.py",
            title="A method called through an object: a method of that name records",
        ),
        good(
            """
            from rest_framework.decorators import api_view
            from rest_framework.response import Response

            from app.payments import validate_success_payment


            @api_view(["POST"])
            def confirm_transfer(request, batch_order):
                if not batch_order.is_eligible_to_validate_payment:
                    return Response(status=400)
                validate_success_payment(batch_order)
                return Response(status=200)
            """,
            path="app/views.py",
            files={
                "app/payments.py": """
                    def validate_success_payment(batch_order):
                        batch_order.flow.update()
                    """,
                "app/flows.py": """
                    import logging

                    logger = logging.getLogger(__name__)


                    class BatchOrderFlow:
                        def update(self):
                            logger.debug("Transitioning batch order %s", self.instance.id)
                    """,
            },
            title="Through a helper of another module, to a method of an object it holds",
        ),
        bad(
            """
            import { useRetentionOffer } from "../hooks/useRetentionOffer";

            export function CancelModal({ team, onConfirm }: Props) {
              const { data: offer } = useRetentionOffer(team.id);
              if (!offer?.eligible) {
                return <ConfirmCancel team={team} onConfirm={onConfirm} />;
              }
              return <RetentionOffer offer={offer} />;
            }

            export function OfferBanner({ offer }: { offer: Offer }) {
              return offer.eligible ? <Banner discount={offer.discount} /> : null;
            }
            """,
            path="app/components/CancelModal.tsx",
            expect=[
                "5:8 the code after the guard, which runs only when `offer?.eligible` holds",
                "12:10 the `? :` arm where `offer.eligible` holds",
            ],
            title="TSX: the incident's modal shows the offer, records nothing; React renders it",
        ),
        good(
            """
            import posthog from "posthog-js";
            import { useEffect } from "react";

            export function CancelModal({ team, offer }: Props) {
              if (!offer?.eligible) {
                return <ConfirmCancel team={team} />;
              }
              return <RetentionOffer offer={offer} />;
            }

            function RetentionOffer({ offer }: { offer: Offer }) {
              useEffect(() => {
                posthog.capture("retention_offer_shown", { offer: offer.id });
              }, [offer.id]);
              return <OfferCard offer={offer} />;
            }
            """,
            path="app/components/CancelModal.tsx",
            title="TSX: the offer component of the same module records that it was shown",
        ),
        bad(
            """
            package v3

            import (
                "context"
                "log/slog"
            )

            func (s *SubscriptionContext) GetRetentionOffer(ctx context.Context, teamID string) (
                *Offer, error,
            ) {
                result, err := s.checkEligibility(ctx, teamID)
                if err != nil {
                    slog.Error("retention eligibility failed", "team_id", teamID, "error", err)
                    return nil, err
                }
                if result.Eligible {
                    return s.buildOffer(ctx, teamID, result.OfferType)
                }
                return nil, nil
            }
            """,
            path="apps/api/context/v3/subscription_context.go",
            expect=["16:8 where `result.Eligible` holds makes no telemetry call"],
            title="The incident in Go: the offer is returned under `if result.Eligible {`",
        ),
        bad(
            """
            package v3

            import "go.uber.org/zap"

            func (s *SubscriptionContext) DiscountOffer(teamID string) *Offer {
                plan := s.plans.Current(teamID)
                if !plan.IsEligibleForDiscount() {
                    s.logger.Info("discount_ineligible", zap.String("team_id", teamID))
                    return nil
                }
                return &Offer{TeamID: teamID, Discount: 20}
            }
            """,
            path="apps/api/context/v3/discount.go",
            expect=[
                "7:9 the code after the guard, which runs only when `plan.IsEligibleForDiscount()`"
            ],
            title="The guard form in Go: the code after `if !x.IsEligible...() { return }`",
        ),
        good(
            """
            package v3

            import (
                "context"
                "log/slog"

                "github.com/posthog/posthog-go"
            )

            func (s *SubscriptionContext) GetRetentionOffer(ctx context.Context, teamID string) (
                *Offer, error,
            ) {
                result, err := s.checkEligibility(ctx, teamID)
                if err != nil {
                    return nil, err
                }
                if result.Eligible {
                    slog.Info("retention_offer_eligible", "team_id", teamID, "offer", result.Type)
                    return s.buildOffer(ctx, teamID, result.OfferType)
                }
                return nil, nil
            }

            func (s *SubscriptionContext) DiscountOffer(teamID string) *Offer {
                if !s.plans.Current(teamID).IsEligibleForDiscount() {
                    return nil
                }
                s.posthog.Enqueue(posthog.Capture{DistinctId: teamID, Event: "discount_eligible"})
                return &Offer{TeamID: teamID, Discount: 20}
            }
            """,
            path="apps/api/context/v3/subscription_context.go",
            title="The shipped fix: a log line in the branch; a PostHog capture after the guard",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """Code reads other code; a workflow only through its handlers."""
        return outline.module is not None or any(
            s.handler for w in outline.workflows for s in w.steps
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        decisions = Decisions(project.index)
        for path, outline in project.outlines.items():
            if outline.module is None or not outline.module.eligible:
                continue
            module = outline.module
            for branch in module.eligible_branches:
                if branch.records:
                    continue
                if branch.instrumented:
                    yield self._instrumented(branch)
                    continue
                function = module.function(branch.function) if branch.function else None
                if branch.function is None or is_test(path, function):
                    continue
                chain = decisions.silent_chain(path, branch.function)
                if chain is not None:
                    yield self._silent(branch, chain)

    def _instrumented(self, branch: EligibleBranch) -> Diagnostic:
        owner = f"`{branch.function}`" if branch.function else "this module"
        at = branch.instrumented_by
        elsewhere = f" at line {at.line}" if at is not None else ""
        return self._report(
            branch,
            f"though {owner} records one{elsewhere}, outside this branch",
            [] if at is None else [Related(at, "what it records, not on the eligible branch")],
        )

    def _silent(self, branch: EligibleBranch, chain: list[Related]) -> Diagnostic:
        return self._report(
            branch,
            f"and nothing records the decision: neither `{branch.function}` nor any caller",
            chain,
            involves=sorted({r.location.path for r in chain}),
        )

    def _report(
        self,
        branch: EligibleBranch,
        why: str,
        related: list[Related],
        involves: list[str] | None = None,
    ) -> Diagnostic:
        where = _WHERE[branch.form].format(test=branch.test)
        return self.diagnostic(
            branch.location,
            f"eligible branch records no event: {where} makes no telemetry call (itself or"
            f" through a helper), {why}",
            related=[
                Related(branch.arm, "the eligible branch: nothing here records an event"),
                *related,
            ],
            help='record an event there (e.g. analytics.track(user.id, "offer_eligible")),'
            " or an 'issued' metric cannot be measured",
            involves=involves or (),
        )
