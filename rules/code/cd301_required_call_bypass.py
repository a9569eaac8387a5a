from collections.abc import Iterator, Mapping
from typing import Any

from lintkit.code.model import CallBypass, ModuleFacts
from lintkit.code.options import REQUIRED_BEFORE
from lintkit.code.settings import required_pairs
from lintkit.code.typescript.options import PORTAL_LINKS
from lintkit.config import ConfigError
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good

_CONFIG = """
[calls]
required-before = { "cancel_subscription" = "offer_retention" }
"""

# The retention incident's declaration: cancelling (in the code, or in the Stripe
# Customer Portal a link opens) must pass the retention offer.
_PORTAL_CONFIG = """
[calls]
required-before = { "cancel_subscription" = "offerRetention", "billing-portal" = "offerRetention" }

[typescript]
billing-portal = ["stripeUrl"]
"""


class RequiredCallBypass(Rule):
    """
    ## What it does
    For each configured pair in `[tool.lintkit.calls] required-before`
    (`"cancel_subscription" = "offer_retention"`), reports a call to the first
    that is reachable, inside a function, on a control-flow path that has not
    called the second before it. The path is shown: the branches, `except`
    clauses, skipped loops or short-circuits that avoid the required call.

    The analysis is **intra-procedural**: it follows one function at a time,
    within one module. A call counts when it is made in the function itself or
    in a helper of the same module that the function calls (both the required
    call and the guarded one: `_do_cancel()` that calls `cancel_subscription`
    is reported at the `_do_cancel()` call). Callers in other modules are not
    followed, so the rule checks the functions where a bypass is knowable:

    - a function that makes the required call on some path: the path that
      skips it is the bug;
    - an entry point, which nothing in front of it could have checked: a
      decorated function (a route, a task, a signal receiver), a request or
      job method (`post`, `dispatch`, `handle`, `perform_mutation`...), a
      public method of a class named for it (`StripeWebhookHandler.process`),
      or a module-level function named for it (`stripe_webhook`,
      `handle_portal_cancel`, `on_cancel`).

    A plain helper that makes the guarded call and nothing else is assumed to
    be called after the check; so is a function whose every caller in the
    module makes the required call first. A function named like either call
    of the pair (a wrapper) is not checked.

    **A way to cancel that is not a call.** The Stripe Customer Portal cancels a
    subscription by itself, so a link to it is a way to cancel that no call of
    the code shows. A project declares that it must pass the same step with the
    pseudo-call `billing-portal`:
    `required-before = { "cancel_subscription" = "offer_retention",
    "billing-portal" = "offer_retention" }`. In TypeScript and JavaScript
    (TSX, JSX), every link or redirect to the portal is then checked, wherever
    it is: `<Link href={portalUrl}>`, `window.location.href = ...`,
    `window.open(...)`, `router.push(...)`, `redirect(...)` to a
    `billing.stripe.com` URL or to a value named like one
    (`typescript.billing-portal`: `portalUrl` by default; add your own, the
    incident's panel used `stripeUrl`), and a
    `stripe.billingPortal.sessions.create(...)` call. It must come after the
    required call on every path of its function (the link rendered in the
    retention flow, after the offer was made).

    What is known statically and what is not: a link, its URL or its name,
    and whether the required call runs before it in the same function are
    known. Whether the portal lets users cancel is configured in Stripe (the
    dashboard's default portal configuration), so a session created with an
    explicit `configuration`, a focused `flow_data` (a payment method update,
    an upgrade to confirm: after it, Stripe may still show the portal's home
    page), or a `subscription_cancel` flow with a `retention` offer is
    trusted; a URL handed over by the backend and stored under a
    name lintkit does not know is not seen (name it in
    `typescript.billing-portal`); links in emails and other services are out
    of reach.

    ## Why is this bad?
    82% of cancellations bypassed the retention step: a billing-portal path
    and a webhook handler cancelled subscriptions without ever offering the
    retention deal. Each path looked fine on its own; the rule is what they
    had in common.

    ## How to fix
    Make the required call on every path before the guarded one (or return
    early when it was not made). For the portal, the incident's team gated the
    link behind the retention flow (the panel's button opens the retention
    step, which opens the portal only once the offer is declined), or creates
    the portal session with `flow_data` of type `subscription_cancel` with a
    `retention` coupon offer (or a portal configuration without cancellation)
    so the portal itself makes the offer. If a caller guarantees it, suppress the
    finding with a reason: `# lintkit: ignore[CD301] -- checked by the caller`.
    """

    code = "CD301"
    aliases = ("PY301",)  # its code before it read more than Python
    name = "required-call-bypass"
    summary = (
        "a configured call (e.g. `cancel_subscription`) is reachable without the"
        " required call before it"
    )
    scope = Scope.MODULE
    severity = Severity.ERROR
    options = (REQUIRED_BEFORE, PORTAL_LINKS)
    examples = (
        bad(
            """
            def handle_cancel(user, request):
                if request.from_portal:
                    billing.cancel_subscription(user)
                    return "cancelled"
                offer = offer_retention(user)
                if offer.accepted:
                    return "retained"
                billing.cancel_subscription(user)
                return "cancelled"


            def stripe_webhook(event):
                if event.type == "customer.subscription.deleted":
                    billing.cancel_subscription(event.user)
            """,
            path="app/cancel.py",
            config=_CONFIG,
            expect=[
                "3:9 in `handle_cancel` without calling `offer_retention`",
                "14:9 in `stripe_webhook` without calling `offer_retention`",
            ],
            title="The portal path and the webhook cancel without the retention offer",
        ),
        good(
            """
            def handle_cancel(user):
                offer = _offer(user)
                if offer.accepted:
                    return "retained"
                billing.cancel_subscription(user)
                return "cancelled"


            def _offer(user):
                return offer_retention(user)
            """,
            path="app/cancel.py",
            config=_CONFIG,
            title="The offer is made on every path, here through a helper of the module",
        ),
        bad(
            """
            export function SubscriptionPanel({ team, stripeUrl }: Props) {
              const hasSubscription = !["team_legacy", "team_basic"].includes(team.plan);
              return (
                <Section title="Subscription">
                  {hasSubscription && <Button onClick={() => openCancelModal(team)}>Cancel</Button>}
                  <Link href={stripeUrl} target="_blank">
                    View
                  </Link>
                </Section>
              );
            }
            """,
            path="apps/extension/app/components/Subscription.tsx",
            config=_PORTAL_CONFIG,
            expect=[
                "6:13 skips `offerRetention`: this opens the Stripe Customer Portal (`stripeUrl`)"
            ],
            title="TSX: the incident's panel links to the Stripe Customer Portal, which cancels",
        ),
        good(
            """
            export function SubscriptionPanel({ team }: Props) {
              return (
                <Section title="Subscription">
                  <Button onClick={() => openCancelModal(team)}>Cancel or change plan</Button>
                </Section>
              );
            }

            async function openPortalAfterOffer(team: Team, stripeUrl: string) {
              const offer = await offerRetention(team.id);
              if (offer.accepted) {
                return;
              }
              window.location.href = stripeUrl;
            }
            """,
            path="apps/extension/app/components/Subscription.tsx",
            config=_PORTAL_CONFIG,
            title="TSX: the fix: the portal opens only after the retention offer",
        ),
        bad(
            """
            package billing

            import "net/http"

            func (h *Handler) Cancel(w http.ResponseWriter, r *http.Request) {
                team := h.team(r)
                if r.URL.Query().Get("source") == "portal" {
                    h.billing.cancel_subscription(team)
                    return
                }
                offer := h.offer_retention(team)
                if offer.Accepted {
                    return
                }
                h.billing.cancel_subscription(team)
            }
            """,
            path="apps/api/billing/cancel.go",
            config=_CONFIG,
            expect=["8:9 in `Handler.Cancel` without calling `offer_retention`"],
            title="In Go: an HTTP handler whose portal path cancels without the offer",
        ),
        good(
            """
            package billing

            import "net/http"

            func (h *Handler) Cancel(w http.ResponseWriter, r *http.Request) {
                team := h.team(r)
                offer := h.offer_retention(team)
                if offer.Accepted {
                    return
                }
                h.billing.cancel_subscription(team)
            }
            """,
            path="apps/api/billing/cancel.go",
            config=_CONFIG,
            title="In Go: the offer is made on every path",
        ),
    )

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        value = self.option("calls.required-before")
        pairs = required_pairs(value)
        if isinstance(value, Mapping) and len(pairs) != len(value):
            raise ConfigError(
                "'calls.required-before' maps each call to the call (or list of calls) it"
                f" requires, as strings: {dict(value)!r}"
            )

    def check_module(self, module: ModuleFacts) -> Iterator[Diagnostic]:
        for bypass in module.call_bypasses:
            yield self._report(bypass)

    def _report(self, bypass: CallBypass) -> Diagnostic:
        required = " or ".join(f"`{r}`" for r in bypass.required)
        where = f" in `{bypass.function}`" if bypass.function else ""
        related = []
        if bypass.function_location is not None:
            related.append(Related(bypass.function_location, f"`{bypass.function}` starts here"))
        related += [Related(d.location, d.message) for d in bypass.path]
        how = " (the related steps show the way)" if bypass.path else ""
        if bypass.portal is not None:
            return self.diagnostic(
                bypass.location,
                f"a way to cancel that skips {required}: this opens the Stripe Customer Portal"
                f" (`{bypass.portal}`){where}, which cancels by itself, and {required} is not"
                f" called before it{how}",
                related=related,
                help=f"gate the link behind the retention flow (call {required} first and open"
                " the portal only when the offer is declined), or create the portal session with"
                " a `flow_data` (`subscription_cancel` with a `retention` offer) or a"
                " `configuration` whose cancellation returns to it",
            )
        call = f"`{bypass.call}(...)`"
        if bypass.through:
            call += f", which leads to `{bypass.through}`,"
        return self.diagnostic(
            bypass.location,
            f"{call} is reachable{where} without calling {required} before it{how}",
            related=related,
            help=f"call {required} on every path before `{bypass.call}`, or suppress with a"
            " reason if a caller guarantees it",
        )
