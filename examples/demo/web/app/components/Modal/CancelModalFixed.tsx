// Fixed: the offer component records that it was shown and what the user chose,
// through the project's tracking helper (lib/analytics.ts).
import { useEffect } from "react";

import { track } from "../../../lib/analytics";
import { useRetentionOffer } from "../../../lib/retention";

export function CancelModalFixed({ team, onConfirm }: CancelModalProps) {
  const { data: offer } = useRetentionOffer(team.id);
  if (!offer?.eligible) {
    return <ConfirmCancel team={team} onConfirm={onConfirm} />;
  }
  return <TrackedOffer offer={offer} onDecline={onConfirm} />;
}

function TrackedOffer({ offer, onDecline }: TrackedOfferProps) {
  useEffect(() => {
    track("RETENTION_OFFER_SHOWN", { offer: offer.id });
  }, [offer.id]);
  const decline = () => {
    track("RETENTION_OFFER_DECLINED", { offer: offer.id });
    onDecline();
  };
  return <RetentionOffer offer={offer} onDecline={decline} />;
}
