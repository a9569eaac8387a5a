from collections.abc import Iterator, Mapping
from typing import Any

from lintkit.code.model import CallBypass, ModuleFacts
from lintkit.code.options import REQUIRED_BEFORE
from lintkit.code.settings import required_pairs
from lintkit.config import ConfigError
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good

_CONFIG = """
[calls]
required-before = { "cancel_subscription" = "offer_retention" }
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

    ## Why is this bad?
    82% of cancellations bypassed the retention step: a billing-portal path
    and a webhook handler cancelled subscriptions without ever offering the
    retention deal. Each path looked fine on its own; the rule is what they
    had in common.

    ## How to fix
    Make the required call on every path before the guarded one (or return
    early when it was not made). If a caller guarantees it, suppress the
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
    options = (REQUIRED_BEFORE,)
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
