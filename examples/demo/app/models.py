"""Plain data and lookups; no decisions recorded here."""

from dataclasses import dataclass


@dataclass
class Eligibility:
    eligible: bool
    reason: str = ""


@dataclass
class Offer:
    user_id: str
    coupon: str
    percent_off: int

    def present_to(self, user):
        return user.ui.show_offer(self)

    def apply(self):
        return True


def check_eligibility(user, excluded_plans=()):
    if user.plan in excluded_plans:
        return Eligibility(False, "plan excluded")
    return Eligibility(True)
