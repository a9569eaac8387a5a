// The fix the incident's team proposed: no gate on the cancel button, and the
// portal opens only from the retention flow, once the offer was made and declined.
import { offerRetention } from "../../../../lib/retention";
import { openCancelModal } from "../CancelModal";

export function SubscriptionFixed({ team }: SubscriptionProps) {
  return (
    <section>
      <h2>Subscription</h2>
      <button onClick={() => openCancelModal(team)}>Cancel or change plan</button>
    </section>
  );
}

export async function openPortalAfterOffer(team: Team, stripeUrl: string) {
  const offer = await offerRetention(team.id);
  if (offer.accepted) {
    return;
  }
  window.location.href = stripeUrl;
}
