// The retention incident's Subscription panel. The in-app cancel button is hidden
// for the legacy team plans (the `hasSubscription` gate), so they can only cancel
// through the Stripe Customer Portal, which the panel links to directly: a way to
// cancel that never passes the retention offer (CD301). 82% of cancels went there.
import { Link } from "../../Link";
import { openCancelModal } from "../CancelModal";

export function Subscription({ team, stripeUrl }: SubscriptionProps) {
  const hasSubscription = !["team_legacy", "team_basic"].includes(team.plan);
  return (
    <section>
      <h2>Subscription</h2>
      {hasSubscription && <button onClick={() => openCancelModal(team)}>Cancel</button>}
      <Link href={stripeUrl} target="_blank">
        View
      </Link>
    </section>
  );
}
