"""TypeScript, TSX and JavaScript through the CLI: the code rules and the cross-file
rules read them as they read Python (the rules' own TS examples run in
test_rule_examples.py)."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run, write

_CANCEL_FLOW = """
lintkit: 1
workflow: cancellation
triggers:
  - event: cancel_requested
steps:
  ask:
    type: action
    handler: "app.api.cancel.route:POST"
    emits: [retention_offer_shown]
    next: done
  done:
    type: exit
"""

_ROUTE = """
import { PostHog } from "posthog-node";

const client = new PostHog(process.env.POSTHOG_API_KEY!);

export async function POST(req: Request) {
  client.capture({ distinctId: "u", event: "retention_offer_shown" });
  return Response.json({ ok: true });
}
"""


def _findings(root: Path, *args: str) -> list[str]:
    result = run("check", root, "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]
    ]


def test_an_event_only_the_frontend_records_satisfies_the_workflow(tmp_path: Path) -> None:
    files = {
        "flows/cancellation.yaml": _CANCEL_FLOW,
        "app/api/cancel/route.ts": _ROUTE,
        "app/components/Subscription.tsx": """
            import { track } from "@/lib/analytics";

            export function CancelButton() {
              return <button onClick={() => track("cancel_requested")}>Cancel</button>;
            }
            """,
        "lib/analytics.ts": """
            import posthog from "posthog-js";

            export function track(event: string, properties?: object) {
              posthog.capture(event, properties);
            }
            """,
    }
    root = write(tmp_path, {p: _dedent(t) for p, t in files.items()})
    assert _findings(root, "--select", "XR") == []


def test_without_the_frontend_call_the_trigger_is_reported(tmp_path: Path) -> None:
    files = {
        "flows/cancellation.yaml": _CANCEL_FLOW,
        "app/api/cancel/route.ts": _ROUTE,
        "app/components/Subscription.tsx": """
            export function CancelButton() {
              return <button onClick={() => openModal()}>Cancel</button>;
            }
            """,
    }
    root = write(tmp_path, {p: _dedent(t) for p, t in files.items()})
    assert _findings(root, "--select", "XR") == ["flows/cancellation.yaml:4:12 XR101"]


def test_a_handler_naming_a_missing_route_function_is_reported(tmp_path: Path) -> None:
    flow = _CANCEL_FLOW.replace("route:POST", "route:PUT")
    files = {"flows/cancellation.yaml": flow, "app/api/cancel/route.ts": _ROUTE}
    root = write(tmp_path, {p: _dedent(t) for p, t in files.items()})
    assert "flows/cancellation.yaml:8:14 XR103" in _findings(root, "--select", "XR103")


def test_suppressions_in_comments_and_unused_ones(tmp_path: Path) -> None:
    source = """
        // lintkit: ignore[CD201] -- the sandbox key is fine in preview deployments
        const key = process.env.STRIPE_SECRET_KEY ?? "sk_test_placeholder";
        const other = process.env.SLACK_BOT_TOKEN; // lintkit: ignore[CD201] -- nothing to ignore
        """
    root = write(tmp_path, {"lib/keys.ts": _dedent(source)})
    assert _findings(root, "--select", "CD201,LK001") == ["lib/keys.ts:3:44 LK001"]


def test_generated_code_is_not_read(tmp_path: Path) -> None:
    bad = 'export const key = process.env.STRIPE_SECRET_KEY ?? "x";\n'
    minified = "var a=process.env.STRIPE_SECRET_KEY||'x';" * 400 + "\n"
    files = {
        "node_modules/pkg/index.js": bad,
        ".next/server/page.js": bad,
        "public/vendor.min.js": bad,
        "dist/app.js": bad,
        "public/bundle.js": minified,
        "lib/keys.js": bad,
    }
    root = write(tmp_path, files)
    assert _findings(root, "--select", "CD201,TS001") == ["lib/keys.js:1:20 CD201"]


def test_a_syntax_error_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    source = """
        export function broken( {
        const key = process.env.STRIPE_SECRET_KEY ?? "x";
        """
    root = write(tmp_path, {"lib/keys.ts": _dedent(source)})
    found = _findings(root, "--select", "CD201,TS001")
    assert any(f.endswith("TS001") for f in found), found


DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def test_the_demo_shows_the_incident_frontend_and_not_its_fixes() -> None:
    result = run("check", DEMO, "--format", "json", "--select", "CD,TS")
    assert result.code == 1, result.err
    assert [f for f in result.found if f.startswith("web/")] == [
        "web/app/components/Modal/CancelModal.tsx:11:8 CD101",
        "web/app/components/Modal/OrgSettings/Subscription.tsx:14:13 CD301",
        "web/lib/checkout.js:5:34 TS001",
    ]


def _dedent(text: str) -> str:
    from inspect import cleandoc

    return cleandoc(text) + "\n"


def test_eligibility_reads_in_camel_case_and_what_is_not_a_decision(tmp_path: Path) -> None:
    source = """
        export function Offer({ team, offer, eligiblePayouts, bounties }: Props) {
          const visible = bounties.filter((b) => {
            if (!b.isEligible) {
              return false;
            }
            return b.open;
          });
          if (!eligiblePayouts) {
            return <Spinner />;
          }
          const note = team.isEligible && !team.ssoEnabled && <p>Ask support to enable SSO.</p>;
          if (!team.isEligibleForTrial) {
            return <Plans />;
          }
          return <TrialOffer team={team} visible={visible} note={note} />;
        }
        """
    root = write(tmp_path, {"app/offer.tsx": _dedent(source)})
    assert _findings(root, "--select", "CD101") == ["app/offer.tsx:12:8 CD101"]


def test_a_portal_session_for_a_focused_flow_is_not_a_way_to_cancel(tmp_path: Path) -> None:
    source = """
        export async function POST(req: Request) {
          const update = await stripe.billingPortal.sessions.create({
            customer: "cus_1",
            flow_data: { type: "payment_method_update" },
          });
          const cancel = await stripe.billingPortal.sessions.create({
            customer: "cus_1",
            flow_data: { type: "subscription_cancel", subscription_cancel: { subscription: s } },
          });
          return Response.json({ update: update.url, cancel: cancel.url });
        }
        """
    config = '[calls]\nrequired-before = { "billing-portal" = "offerRetention" }\n'
    root = write(tmp_path, {"app/api/billing/route.ts": _dedent(source), "lintkit.toml": config})
    assert _findings(root, "--select", "CD301") == ["app/api/billing/route.ts:6:24 CD301"]


def test_a_list_of_the_eligible_and_a_value_built_when_eligible_are_no_decision(
    tmp_path: Path,
) -> None:
    # growthbook: `eligible.length` counts a list; `...(x && { sparse })` builds a value.
    source = """
        export function Picker({ eligible, offer, sparse }: Props) {
          track("picker shown");
          const payload = { ...(offer.isEligible && { sparse }), id: 1 };
          if (offer.isEligible) {
            showOffer(payload);
          }
          return eligible.length ? <List items={eligible} /> : <Empty />;
        }
        """
    root = write(tmp_path, {"app/picker.tsx": _dedent(source)})
    assert _findings(root, "--select", "CD101") == ["app/picker.tsx:4:7 CD101"]
