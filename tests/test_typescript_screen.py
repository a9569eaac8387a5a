"""The TypeScript pre-screen (lintkit.code.typescript.screen) loses nothing: a module
that names none of the configured calls gets the same facts as when it is read in
full, and a module that names one is read in full."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lintkit.code.model import ModuleFacts
from lintkit.project.load_file import LoadSettings
from lintkit.project.loading import load_bytes

# What every module's facts hold, in a module that calls nothing the rules look for.
PLAIN = """\
import React, { useState } from "react";
import * as api from "@/lib/api";
const { loadPlans } = require("./plans");

export const PLANS_URL = "/api/plans";
const LABELS = { monthly: "Monthly", yearly: "Yearly" } as const;
export enum Period { Month = "month", Year = "year" }

class PlanStore {
  constructor(private base: string) {}
  async fetchAll() {
    return api.get(this.base + "/all", { cache: "no-store" });
  }
}

export function PlanPicker({ plans, onPick }: { plans: Plan[]; onPick: (p: Plan) => void }) {
  const [period, setPeriod] = useState<Period>(Period.Month);
  const apiKey = process.env.STRIPE_SECRET_KEY ?? "sk_test_123";
  const choose = useCallback((plan: Plan) => {
    onPick(plan);
    api.post(`${PLANS_URL}/${plan.id}`, { period });
  }, [period]);
  if (!plans.length && period === Period.Year) {
    return <Empty label={LABELS.yearly} />;
  }
  return (
    <ul>
      {plans.map((plan) => (
        <li key={plan.id} onClick={() => choose(plan)}>
          <a href={plan.url}>{plan.name}</a>
        </li>
      ))}
    </ul>
  );
}

router.post("/plans", async (req, res) => {
  res.json(await loadPlans("all", PLANS_URL));
});
"""

# Names the telemetry and required-call readers look for, in a comment: the same
# code, read in full.
NAMES = "// posthog.capture track billingPortal portalUrl offerRetention cancelSubscription\n"

REQUIRED = (
    ("calls.required-before", (("billing-portal", "offerRetention"), ("cancel*", "confirm"))),
)


def _facts(path: str, text: str, options: tuple = ()) -> ModuleFacts:
    result = load_bytes(path, text.encode(), LoadSettings(options=options), declared=False)
    assert result.problems == []
    assert result.module is not None
    return result.module


@pytest.mark.parametrize("options", [(), REQUIRED], ids=["defaults", "required-before"])
def test_screened_module_facts_equal_the_full_extraction(options: tuple) -> None:
    screened = _facts("app/plans/picker.tsx", PLAIN, options)
    full = _facts("app/plans/picker.tsx", PLAIN + NAMES, options)
    assert screened.screened and not full.screened
    assert replace(screened, screened=False) == full
    # what the project-wide rules read of it is there
    assert [f.qualname for f in screened.functions] == [
        "PlanStore.constructor",
        "PlanStore.fetchAll",
        "PlanPicker",
        "PlanPicker.<locals>.choose",
        "POST /plans",
    ]
    assert dict(screened.constants)["PLANS_URL"] == ("/api/plans",)
    assert screened.calls[-1].strings == (("0", ("all",)), ("1", ("/api/plans",)))
    assert [s.names for s in screened.secret_reads] == [("STRIPE_SECRET_KEY",)]


@pytest.mark.parametrize(
    ("line", "fact"),
    [
        ('posthog.capture("plan_picked");', "emits"),
        ('console.warn("no plans");', "emits"),
        ("if (user.isEligible) { showOffer(); }", "eligible_branches"),
        ("redirect(session.portalUrl);", "call_bypasses"),
        ("stripe.billingPortal.sessions.create({ customer });", "call_bypasses"),
        ("cancelSubscription(user);", "call_bypasses"),
    ],
)
def test_a_module_naming_what_a_reader_looks_for_is_read_in_full(line: str, fact: str) -> None:
    facts = _facts(
        "app/plans/picker.tsx", PLAIN + f"export function Cancel() {{ {line} }}\n", REQUIRED
    )
    assert not facts.screened
    assert getattr(facts, fact)


def test_a_name_only_the_module_path_holds_is_read_in_full() -> None:
    """`send` here is `lib.posthog.client.send`, which `posthog.*` matches."""
    text = 'import { send } from "./client";\n\nexport function ping() {\n  send("ping");\n}\n'
    facts = _facts("lib/posthog/ping.ts", text)
    assert not facts.screened
    assert [e.callee for e in facts.emits] == ["send"]
    assert _facts("lib/plans/ping.ts", text).screened
