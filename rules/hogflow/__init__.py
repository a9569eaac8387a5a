"""Rules for PostHog workflows (HogFlows): the wiring PostHog validates or mishandles (HF...)."""
