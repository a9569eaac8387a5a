// The cancel modal asks the backend for the retention offer and shows it, but
// records nothing when it does: "offers shown" could not be counted (CD101).
import { useRetentionOffer } from "../../../lib/retention";

export function openCancelModal(team: Team) {
  modals.open("cancel", { team });
}

export function CancelModal({ team, onConfirm }: CancelModalProps) {
  const { data: offer } = useRetentionOffer(team.id);
  if (!offer?.eligible) {
    return <ConfirmCancel team={team} onConfirm={onConfirm} />;
  }
  return <RetentionOffer offer={offer} onDecline={onConfirm} />;
}
