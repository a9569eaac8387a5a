"""Generate a synthetic repository for benchmarks: handler modules and workflows.

    python bench/generate.py DIR [--modules N] [--workflows N]

The Python modules are ~150-line handler modules of the kind lintkit reads
(logging, analytics calls, secrets from the environment, eligibility checks,
classes); each workflow calls handlers and waits for events that exist in the
generated code, so cross-file rules have real work. Deterministic.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

MODULE = '''\
"""Handlers for the {area} lifecycle, part {n}."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import analytics

from app.common import billing, db

logger = logging.getLogger(__name__)

EVENT_STARTED = "{area}_{n}_started"
EVENT_OFFER_SHOWN = "{area}_{n}_offer_shown"
API_KEY = os.environ.get("{AREA}_{n}_API_KEY")
WEBHOOK_SECRET = os.getenv("{AREA}_{n}_WEBHOOK_SECRET", "")
if not WEBHOOK_SECRET:
    logger.warning("{AREA}_{n}_WEBHOOK_SECRET is not set; webhooks are rejected")


@dataclass
class Offer{n}:
    account_id: str
    plan: str
    eligible: bool
    discount: int = 0
    expires_at: datetime | None = None

    def describe(self) -> str:
        if self.discount:
            return f"{{self.discount}}% off for {{self.account_id}}"
        return "no offer"


class {Area}Service{n}:
    """Business logic for {area}, step {n}."""

    def __init__(self, client: billing.Client) -> None:
        self.client = client
        self.retries = 3

    def load_account(self, account_id: str) -> dict[str, object]:
        for attempt in range(self.retries):
            try:
                return db.accounts.get(account_id)
            except db.Timeout:
                logger.info("retrying %s (%d)", account_id, attempt)
        raise LookupError(account_id)

    def evaluate(self, account_id: str) -> Offer{n}:
        account = self.load_account(account_id)
        plan = str(account.get("plan", "free"))
        seats = int(account.get("seats", 1))
        eligible = plan in ("startup", "team") and seats < {seats}
        discount = 20 if eligible and seats > 3 else 10 if eligible else 0
        return Offer{n}(account_id, plan, eligible, discount)

    def start(self, account_id: str) -> None:
        analytics.track(account_id, EVENT_STARTED, {{"part": {n}}})
        offer = self.evaluate(account_id)
        if offer.eligible:
            analytics.track(account_id, EVENT_OFFER_SHOWN, {{"discount": offer.discount}})
            self.client.apply_coupon(account_id, offer.discount)
        else:
            logger.info("no offer for %s", account_id)

    def expire(self, offer: Offer{n}) -> Offer{n}:
        offer.expires_at = datetime.utcnow() + timedelta(days={days})
        return offer


def get_{area}_offer_{n}(account_id: str) -> dict[str, object]:
    service = {Area}Service{n}(billing.Client(API_KEY))
    result = service.evaluate(account_id)
    if not result.eligible:
        return {{"eligible": False}}
    analytics.track(account_id, "{area}_{n}_offer_eligible", {{"plan": result.plan}})
    return {{"eligible": True, "discount": result.discount}}


def handle_{area}_webhook_{n}(payload: dict[str, object]) -> None:
    kind = payload.get("type")
    account_id = str(payload.get("account", ""))
    if kind == "{area}.completed":
        analytics.track(account_id, "{area}_{n}_completed")
    elif kind == "{area}.cancelled":
        logger.warning("cancelled: %s", account_id)
        analytics.track(account_id, "{area}_{n}_cancelled")
    else:
        logger.debug("ignored %s", kind)


def summarize_{n}(rows: list[dict[str, object]]) -> dict[str, int]:
    totals: dict[str, int] = {{}}
    for row in rows:
        plan = str(row.get("plan", "unknown"))
        totals[plan] = totals.get(plan, 0) + 1
    return dict(sorted(totals.items()))


def chunks_{n}(items: list[str], size: int = 100) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def backfill_{n}(account_ids: list[str]) -> int:
    sent = 0
    for batch in chunks_{n}(account_ids):
        for account_id in batch:
            analytics.track(account_id, "{area}_{n}_backfilled")
            sent += 1
    logger.info("backfilled %d accounts", sent)
    return sent
'''

WORKFLOW = """\
lintkit: 1
workflow: {area}-{n}
description: Generated {area} workflow number {n}
attributes:
  plan: {{enum: [free, startup, team, team_legacy, team_basic]}}
  email: {{type: string}}
  identified: {{type: boolean}}
triggers:
  - event: {area}_{n}_started
start: wait_first
steps:
  wait_first:
    type: delay
    duration: {hours}h
    next: still_eligible
  still_eligible:
    type: filter
    keep: "plan in ['startup', 'team'] and not events.{area}_{n}_cancelled"
    next: offer
    otherwise: done
  offer:
    type: action
    handler: "app.{area}.part_{n}:get_{area}_offer_{n}"
    emits: [{area}_{n}_offer_eligible]
    next: send_offer
  send_offer:
    type: message
    channel: email
    template: {area}_{n}_offer
    throttle: {{per_hour: 500}}
    next: wait_for_completion
  wait_for_completion:
    type: wait
    event: {area}_{n}_completed
    timeout: 3d
    next: done
    on_timeout: route
  route:
    type: branch
    cases:
      - when: "plan == 'team'"
        next: remind_team
      - when: "plan == 'startup'"
        next: remind_startup
    default: done
  remind_team:
    type: message
    channel: email
    template: {area}_{n}_team_reminder
    throttle: {{per_hour: 500}}
    next: done
  remind_startup:
    type: message
    channel: in_app
    template: {area}_{n}_startup_reminder
    next: done
  done:
    type: exit
funnel: [{area}_{n}_offer_shown, {area}_{n}_completed]
invariants:
  - every_path_to: send_offer
    passes_through: still_eligible
"""

AREAS = ["retention", "billing", "onboarding", "referral", "winback", "trial", "upgrade"]


def generate(root: Path, modules: int, workflows: int) -> None:
    rng = random.Random(20261123)
    (root / "app" / "common").mkdir(parents=True, exist_ok=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "common" / "__init__.py").write_text("billing = db = None\n")
    (root / "flows").mkdir(exist_ok=True)
    (root / "lintkit.toml").write_text('workflows = ["flows/**/*.yaml"]\ncode = ["app"]\n')
    for n in range(modules):
        area = AREAS[n % len(AREAS)]
        package = root / "app" / area
        package.mkdir(exist_ok=True)
        (package / "__init__.py").touch()
        text = MODULE.format(
            area=area,
            Area=area.title(),
            AREA=area.upper(),
            n=n,
            seats=rng.randint(5, 50),
            days=rng.randint(1, 30),
        )
        (package / f"part_{n}.py").write_text(text)
    for n in range(workflows):
        area = AREAS[n % len(AREAS)]
        text = WORKFLOW.format(area=area, n=n % max(modules, 1), hours=rng.randint(1, 24))
        (root / "flows" / f"{area}_{n}.yaml").write_text(
            text.replace(f"{area}-{n % max(modules, 1)}", f"{area}-{n}", 1)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--workflows", type=int, default=2000)
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    generate(args.directory, args.modules, args.workflows)
    print(f"generated {args.modules} modules and {args.workflows} workflows in {args.directory}")


if __name__ == "__main__":
    main()
