"""CD301 required-call-bypass: control flow inside one function, through the CLI."""

from __future__ import annotations

import pytest
from lk_testing import run

CONFIG = """
[calls]
required-before = { "cancel_subscription" = ["offer_retention", "retention.skip_offer"] }
"""


def py301(project, source: str, config: str = CONFIG) -> list[str]:
    root = project({"app/cancel.py": source, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "CD301")
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']}" for d in result.json["diagnostics"]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            """
            def stripe_webhook(event):
                billing.cancel_subscription(event.user)
            """,
            ["2:5"],
            id="entry-point-never-calls-it",
        ),
        pytest.param(
            """
            def cancel(user, ask):
                if ask:
                    offer_retention(user)
                billing.cancel_subscription(user)
            """,
            ["4:5"],
            id="only-on-one-branch",
        ),
        pytest.param(
            """
            def cancel(users):
                for user in users:
                    offer_retention(user)
                billing.cancel_subscription(users[0])
            """,
            ["4:5"],
            id="loop-may-not-run",
        ),
        pytest.param(
            """
            def cancel(user):
                try:
                    offer_retention(user)
                except TimeoutError:
                    pass
                billing.cancel_subscription(user)
            """,
            ["6:5"],
            id="except-path-skips-it",
        ),
        pytest.param(
            """
            def cancel(user, ask):
                ask and offer_retention(user)
                billing.cancel_subscription(user)
            """,
            ["3:5"],
            id="short-circuit",
        ),
        pytest.param(
            """
            def cancel(user):
                billing.cancel_subscription(user)
                offer_retention(user)
            """,
            ["2:5"],
            id="called-after-is-too-late",
        ),
        pytest.param(
            """
            def cancel(event):
                match event.kind:
                    case "portal":
                        billing.cancel_subscription(event.user)
                    case _:
                        offer_retention(event.user)
                        billing.cancel_subscription(event.user)
            """,
            ["4:13"],
            id="match-case",
        ),
        pytest.param(
            """
            @app.post("/cancel")
            def cancel(user):
                billing.cancel_subscription(user)
            """,
            ["3:5"],
            id="decorated-route",
        ),
        pytest.param(
            """
            class CancelView(View):
                def post(self, request):
                    self.billing.cancel_subscription(request.user)
            """,
            ["3:9"],
            id="request-method",
        ),
        pytest.param(
            """
            class StripeWebhookHandler:
                def process(self, event):
                    self.billing.cancel_subscription(event.user)
            """,
            ["3:9"],
            id="public-method-of-a-handler-class",
        ),
    ],
)
def test_bypasses(project, source: str, expected: list[str]) -> None:
    assert py301(project, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            """
            def cancel(user):
                offer = offer_retention(user)
                if offer.accepted:
                    return
                billing.cancel_subscription(user)
            """,
            id="every-path",
        ),
        pytest.param(
            """
            def cancel(user, ask):
                if ask:
                    offer_retention(user)
                else:
                    retention.skip_offer(user, reason="support")
                billing.cancel_subscription(user)
            """,
            id="any-of-the-required-calls",
        ),
        pytest.param(
            """
            def cancel(user):
                if not offer_retention(user).declined:
                    return
                billing.cancel_subscription(user)
            """,
            id="required-call-in-the-test",
        ),
        pytest.param(
            """
            def cancel(user):
                billing.cancel_subscription(offer_retention(user))
            """,
            id="arguments-run-first",
        ),
        pytest.param(
            """
            def cancel(user):
                while True:
                    if offer_retention(user):
                        break
                billing.cancel_subscription(user)
            """,
            id="while-true-exits-by-break",
        ),
        pytest.param(
            """
            def cancel(user):
                billing.cancel_subscription(user)
            """,
            id="a-helper-is-assumed-called-after-the-check",
        ),
        pytest.param(
            """
            class OrderPlacementMixin:
                def handle_order_placement(self, basket):
                    return self.billing.cancel_subscription(basket.owner)
            """,
            id="a-method-named-handle-is-not-an-entry-point",
        ),
        pytest.param(
            """
            def cancel(user):
                def later():
                    billing.cancel_subscription(user)
                offer_retention(user)
                return later
            """,
            id="nested-helper",
        ),
        pytest.param(
            """
            def cancel_subscription(user):
                stripe.Subscription.delete(user.subscription_id)
                return api.cancel_subscription(user)
            """,
            id="the-wrapper-itself",
        ),
    ],
)
def test_silent(project, source: str) -> None:
    assert py301(project, source) == []


def test_a_helper_whose_callers_all_make_the_call_first(project) -> None:
    source = """
        class Cancel:
            def perform(self, user):
                offer_retention(user)
                self._do_cancel(user)

            def _do_cancel(self, user):
                billing.cancel_subscription(user)
    """
    assert py301(project, source) == []


def test_a_helper_with_one_caller_that_skips_the_call(project) -> None:
    source = """
        def _do_cancel(user):
            billing.cancel_subscription(user)


        def from_app(user):
            offer_retention(user)
            _do_cancel(user)


        def from_webhook(user):
            _do_cancel(user)
    """
    root = project({"app/cancel.py": source, "lintkit.toml": CONFIG})
    result = run("check", root, "--format", "json", "--select", "CD301")
    [d] = result.json["diagnostics"]
    assert (d["line"], d["column"]) == (11, 5)
    assert d["message"].startswith(
        "`_do_cancel(...)`, which leads to `cancel_subscription`, is reachable in `from_webhook`"
    )


def test_without_pairs_the_rule_is_silent(project) -> None:
    source = "def cancel(user):\n    billing.cancel_subscription(user)\n"
    assert py301(project, source, config="") == []


def test_related_steps_name_the_path(project) -> None:
    source = """
        def cancel(user, request):
            if request.from_portal:
                billing.cancel_subscription(user)
                return
            offer_retention(user)
            billing.cancel_subscription(user)
    """
    root = project({"app/cancel.py": source, "lintkit.toml": CONFIG})
    result = run("check", root, "--format", "json", "--select", "CD301")
    [d] = result.json["diagnostics"]
    assert (d["line"], d["column"]) == (3, 9)
    assert "without calling `offer_retention` or `retention.skip_offer` before it" in d["message"]
    assert [(r["line"], r["message"]) for r in d["related"]] == [
        (1, "`cancel` starts here"),
        (2, "`request.from_portal` is true"),
    ]


def test_malformed_pairs_are_a_config_error(project) -> None:
    root = project(
        {
            "app/cancel.py": "def f():\n    pass\n",
            "lintkit.toml": "[calls]\nrequired-before = { cancel_subscription = 3 }\n",
        }
    )
    result = run("check", root, "--select", "CD301")
    assert result.code == 2
    assert "'calls.required-before' maps each call" in result.err
