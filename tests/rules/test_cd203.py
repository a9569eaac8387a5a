"""CD203 hardcoded-secret-default, through the CLI."""

from __future__ import annotations

import pytest
from lk_secrets import STRIPE_LIVE, check
from lk_testing import run


def test_message_does_not_echo_the_credential(project) -> None:
    source = f"import os\nKEY = os.getenv('STRIPE_SECRET_KEY', '{STRIPE_LIVE}')\n"
    root = project({"app/config.py": source})
    result = run("check", root, "--format", "json", "--select", "CD201,CD203")
    messages = {d["code"]: d for d in result.json["diagnostics"]}
    assert set(messages) == {"CD201", "CD203"}
    assert STRIPE_LIVE not in result.out
    assert "Stripe live secret key" in messages["CD203"]["message"]
    assert (messages["CD203"]["line"], messages["CD203"]["column"]) == (2, 38)


@pytest.mark.parametrize(
    "value",
    [
        STRIPE_LIVE,
        "whsec_" + "Lk29sjdQmZp3XvRr8TbWn4Ya",
        "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
        "AKIA" + "Q3EGRZ7TIXKWPM4Y",
        "xoxb-" + "2817364-9384756-Kd83jHs0pQm",
        "-----BEGIN RSA PRIVATE KEY-----\\nMIIEow...",
        "q8#Lz2!vR7@pX4$kW9^mT3&",
    ],
)
def test_credential_defaults(project, value: str) -> None:
    source = f"import os\nKEY = os.environ.get('API_KEY', '{value}')\n"
    assert check(project, source, "CD203") == ["2:33 CD203"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "changeme",
        "your-api-key-here",
        "sk_live_xxxxxxxxxxxxxxxx",
        "dev",
        "insecure-secret-key",
        "postgres://localhost:5432/app",
        "sk_test_<your key>",
        "not-set",
    ],
)
def test_placeholders_are_not_credentials(project, value: str) -> None:
    source = f"import os\nKEY = os.environ.get('API_KEY', '{value}')\n"
    assert check(project, source, "CD203") == []


def test_credential_in_except_fallback(project) -> None:
    source = f"""
        import os

        def key():
            try:
                return os.environ['STRIPE_SECRET_KEY']
            except KeyError:
                return '{STRIPE_LIVE}'
    """
    assert check(project, source) == ["5:16 CD201", "7:16 CD203"]
