// The fix the team shipped: the eligible branch logs the decision, and the
// secrets are read without defaults (a missing one fails at start-up). Silent.
package v4

import (
	"context"
	"fmt"
	"log/slog"
)

type Config struct {
	OfferAPIToken string `envconfig:"STRIPE_SECRET_KEY" required:"true"`
}

type SubscriptionContext struct {
	secrets SecretSource
	plans   PlanStore
	log     *slog.Logger
}

func (s *SubscriptionContext) GetRetentionOffer(ctx context.Context, teamID string) (*Offer, error) {
	result, err := s.plans.CheckRetentionEligibility(ctx, teamID)
	if err != nil {
		return nil, err
	}
	if result.Eligible {
		s.log.Info("retention_offer_eligible", "team_id", teamID, "offer_type", result.OfferType)
		coupon, err := s.secret(ctx, "STRIPE_RETENTION_COUPON")
		if err != nil {
			return nil, fmt.Errorf("retention coupon: %w", err)
		}
		return &Offer{TeamID: teamID, Type: result.OfferType, Coupon: coupon}, nil
	}
	return nil, nil
}
