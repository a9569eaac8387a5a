package v3

import (
	"context"
	"fmt"
	"log"
	"os"

	secretmanager "cloud.google.com/go/secretmanager/apiv1"
	"cloud.google.com/go/secretmanager/apiv1/secretmanagerpb"
)

// Config is read with kelseyhightower/envconfig.
type Config struct {
	Project       string `envconfig:"GCP_PROJECT" default:"acme-prod"`
	OfferAPIToken string `envconfig:"TOBY_RETENTION_API_TOKEN" default:"tk_9fK2mQ7xLp4RtV8nZ3bW6yHcD"`
}

type SecretSource struct {
	client  *secretmanager.Client
	project string
}

// secretOr logs "failed to access secret version" on every cold start when the
// secret does not exist, and goes on with the fallback (CD202 names them).
func (s *SubscriptionContext) secretOr(ctx context.Context, name, fallback string) string {
	resp, err := s.secrets.client.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{
		Name: fmt.Sprintf("projects/%s/secrets/%s/versions/latest", s.secrets.project, name),
	})
	if err != nil {
		log.Printf("failed to access secret version %s: %v", name, err)
		return fallback
	}
	return string(resp.Payload.Data)
}

func (s *SubscriptionContext) couponID(ctx context.Context) string {
	return s.secretOr(ctx, "TOBY_RETENTION_COUPON_SECRET", "RETAIN50")
}

func (s *SubscriptionContext) discountPercent(ctx context.Context) string {
	return s.secretOr(ctx, "TOBY_RETENTION_DISCOUNT_SECRET", "50")
}

func webhookSecret() string {
	secret := os.Getenv("TOBY_RETENTION_WEBHOOK_SECRET")
	if secret == "" {
		secret = "dev-webhook-secret"
	}
	return secret
}
