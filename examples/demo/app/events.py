"""Product events the backend records; the workflows in flows/ start on them."""

import analytics

SIGNED_UP = "user_signed_up"


def user_signed_up(user):
    analytics.track(user.id, SIGNED_UP, {"plan": user.plan})


def trial_started(user):
    analytics.track(user.id, "trial_started", {"days": user.trial_days})


def startup_plan_customer_added(user, backfill=False):
    event = "startup_plan_customer_added_backfill" if backfill else "startup_plan_customer_added"
    analytics.track(user.id, event, {"plan": user.plan})


def credits_balance_low(user, balance_cents):
    analytics.track(user.id, "credits_balance_low", {"balance_cents": balance_cents})


def referral_converted(referrer, referred):
    analytics.track(referrer.id, "referral_converted", {"referred": referred.id})


def cancel_requested(user, source):
    analytics.track(user.id, "cancel_requested", {"source": source})
