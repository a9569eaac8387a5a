"""PostHog workflows (HogFlow JSON)."""
