"""Settings read from the environment at start-up."""

import os

from app.secrets import get_secret

# CD203: a credential as the fallback, committed to the repository.
MAILER_API_TOKEN = os.environ.get("MAILER_API_TOKEN", "mK8q!Zt2#Lw9vR4x@Pj7nB3c")

# CD201: a missing key silently becomes a placeholder the code runs with.
STRIPE_SECRET_KEY = os.getenv("STRIPE_SECRET_KEY") or "sk_test_placeholder"

# Read without a default: a missing secret fails at start-up (no finding).
DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]

# CD201 and CD202: the retention secrets fall back to defaults, and two of them
# were never created in the secret manager (deploy/secrets.json).
RETENTION_COUPON = get_secret("STRIPE_RETENTION_COUPON", default="RETAIN50")
RETENTION_DISCOUNT_PERCENT = get_secret("RETENTION_DISCOUNT_PERCENT", default="50")
RETENTION_OFFER_TTL_DAYS = get_secret("RETENTION_OFFER_TTL_DAYS", default="14")
