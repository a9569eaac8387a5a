// The retention backend as it was written (the incident, DESIGN.md §1):
// the offer is returned under `if result.Eligible {` and nothing records it
// (CD101), and the TOBY_RETENTION_* secrets fall back to defaults.
package v3

import (
	"context"
	"log/slog"
)

type SubscriptionContext struct {
	secrets SecretSource
	plans   PlanStore
}

func (s *SubscriptionContext) GetRetentionOffer(ctx context.Context, teamID string) (*Offer, error) {
	result, err := s.plans.CheckRetentionEligibility(ctx, teamID)
	if err != nil {
		slog.Error("retention eligibility check failed", "team_id", teamID, "error", err)
		return nil, err
	}
	if result.Eligible {
		coupon := s.couponID(ctx)
		return &Offer{TeamID: teamID, Type: result.OfferType, Coupon: coupon}, nil
	}
	return nil, nil
}
