"""Billing actions: credits and cancellations."""

import logging

import stripe

from app.retention import offer_retention

logger = logging.getLogger(__name__)


def grant_referral_credit(user, amount_cents=2000):
    """Handler of the referral workflow's `grant_credit` step."""
    stripe.Customer.create_balance_transaction(user.stripe_id, amount=-amount_cents)
    logger.info("granted %s cents of referral credit to %s", amount_cents, user.id)


def cancel_subscription(user):
    stripe.Subscription.delete(user.subscription_id)


def handle_cancel_request(user):
    """The cancel button in the app: the retention offer comes first."""
    if offer_retention(user):
        return "retained"
    cancel_subscription(user)
    return "cancelled"


def handle_portal_cancel(user, session):
    """CD301: a cancel from the billing portal skips the retention offer."""
    if session.flow == "subscription_cancel":
        cancel_subscription(user)
        return "cancelled"
    return "ignored"


def stripe_webhook(event, users):
    """CD301: a webhook cancels without passing the retention step either."""
    if event["type"] == "customer.subscription.pending_cancel":
        cancel_subscription(users.by_stripe_id(event["data"]["object"]["customer"]))
