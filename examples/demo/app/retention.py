"""The retention offer shown when a customer asks to cancel."""

import logging

import analytics

from app import settings
from app.models import Offer, check_eligibility

logger = logging.getLogger(__name__)
OFFER_ACCEPTED = "retention_offer_accepted"


def get_retention_offer(user):
    """Handler of the retention step: the offer to show, or None."""
    result = check_eligibility(user, excluded_plans=("team_legacy", "team_basic"))
    if result.eligible:
        # CD101: the offer is issued, and nothing records it.
        return Offer(
            user_id=user.id,
            coupon=settings.RETENTION_COUPON,
            percent_off=int(settings.RETENTION_DISCOUNT_PERCENT),
        )
    logger.info("no retention offer for %s: %s", user.id, result.reason)
    return None


def offer_retention(user):
    """Show the offer; True when the customer keeps the subscription."""
    offer = get_retention_offer(user)
    if offer is None:
        return False
    return offer.present_to(user)


def accept_offer(user, offer):
    analytics.track(user.id, OFFER_ACCEPTED, {"coupon": offer.coupon})
    return offer.apply()
