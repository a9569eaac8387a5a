"""Secrets from Google Secret Manager."""

import logging
import os

from google.cloud import secretmanager

logger = logging.getLogger(__name__)
PROJECT = os.environ.get("GCP_PROJECT", "acme-prod")
_client = secretmanager.SecretManagerServiceClient()


def get_secret(name, default=None):
    """The latest version of a secret, or `default` when it cannot be read."""
    path = f"projects/{PROJECT}/secrets/{name}/versions/latest"
    try:
        response = _client.access_secret_version(name=path)
        return response.payload.data.decode("utf-8")
    except Exception:
        # CD201: every cold start without the secret quietly runs on `default`.
        logger.debug("secret %s unavailable", name)
        return default
