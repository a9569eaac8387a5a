"""PY201 silent-secret-fallback and PY203 hardcoded-secret-default, through the CLI."""

from __future__ import annotations

import pytest

from lk_testing import run

STRIPE_LIVE = "sk_live_" + "51HbQ2eKz8vQm3TnW7yLp"  # split: no secret scanner trips here


def check(project, source: str, select: str = "PY201,PY203", config: str = "") -> list[str]:
    root = project({"app/config.py": source, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", select)
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "import os\nKEY = os.environ.get('API_KEY', 'dev')\n", ["2:7 PY201"], id="environ-get"
        ),
        pytest.param(
            "from os import getenv\nKEY = getenv('STRIPE_SECRET_KEY', default='')\n",
            ["2:7 PY201"],
            id="imported-getenv-default-keyword",
        ),
        pytest.param(
            "import os as _os\nKEY = _os.getenv('DB_PASSWORD') or 'postgres'\n",
            ["2:7 PY201"],
            id="or-default-through-alias",
        ),
        pytest.param(
            "from os import environ\n\ndef token():\n    try:\n        return environ['GITHUB_TOKEN']\n"
            "    except (KeyError, ValueError):\n        return ''\n",
            ["5:16 PY201"],
            id="environ-item-except-keyerror-returns",
        ),
        pytest.param(
            "import os\n\ntry:\n    TOKEN = os.environ['SLACK_TOKEN']\nexcept KeyError:\n"
            "    TOKEN = 'xoxb-placeholder'\n",
            ["4:13 PY201"],
            id="environ-item-except-assigns",
        ),
        pytest.param(
            "def read(client, name):\n    try:\n        return client.access_secret_version("
            "name=f'projects/p/secrets/{name}/versions/latest').payload\n"
            "    except Exception:\n        return None\n",
            ["3:16 PY201"],
            id="secret-manager-reader-in-try",
        ),
        pytest.param(
            "import os\nKEY = os.environ.get('WEBHOOK_SECRET')\nif not KEY:\n    KEY = 'dev'\n",
            ["2:7 PY201"],
            id="if-missing-assigns-a-default",
        ),
        pytest.param(
            "import os\n\ndef env(name, default=None):\n    return os.environ.get(name, default)\n\n"
            "API_TOKEN = env('API_TOKEN', 'x')\n",
            ["6:13 PY201"],
            id="same-module-reader-wrapper",
        ),
    ],
)
def test_silent_fallbacks(project, source: str, expected: list[str]) -> None:
    assert check(project, source, "PY201") == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import logging, os\nlog = logging.getLogger(__name__)\n"
            "KEY = os.environ.get('API_KEY')\nif KEY is None:\n    log.warning('API_KEY is not set')\n",
            id="no-default-warning-in-check",
        ),
        pytest.param(
            "import logging, os\nlogger = logging.getLogger(__name__)\n"
            "KEY = os.environ.get('API_KEY', 'dev')\nif KEY == 'dev':\n"
            "    logger.error('API_KEY falls back to dev')\n",
            id="default-with-immediate-check-that-logs",
        ),
        pytest.param(
            "import os\nKEY = os.getenv('API_KEY') or ''\nassert KEY, 'API_KEY is required'\n",
            id="assert-is-a-check",
        ),
        pytest.param(
            "import os\n\ndef token():\n    try:\n        return os.environ['GITHUB_TOKEN']\n"
            "    except KeyError:\n        raise RuntimeError('GITHUB_TOKEN is missing')\n",
            id="except-raises",
        ),
        pytest.param(
            "import os, structlog\nlog = structlog.get_logger()\n\ndef token():\n    try:\n"
            "        return os.environ['GITHUB_TOKEN']\n    except KeyError:\n"
            "        log.warning('no token')\n        return None\n",
            id="except-logs-warning",
        ),
        pytest.param(
            "import os, analytics\n\ndef token():\n    try:\n        return os.environ['GITHUB_TOKEN']\n"
            "    except KeyError:\n        analytics.track('system', 'secret_missing')\n"
            "        return None\n",
            id="except-records-telemetry",
        ),
        pytest.param(
            "import os\nKEY = os.environ.get('PRIMARY_API_KEY') or os.environ.get('API_KEY')\n",
            id="chain-of-sources",
        ),
        pytest.param(
            "import os\nTTL = os.environ.get('TOKEN_TTL', '3600')\n"
            "PATH = os.environ.get('SECRET_KEY_FILE', '/run/secrets/key')\n"
            "HOME = os.environ.get('HOME', '/root')\n",
            id="not-secrets",
        ),
        pytest.param(
            "import os\nKEY = os.environ.get('API_KEY', None)\n", id="none-default-is-no-fallback"
        ),
        pytest.param(
            "import os\nos.environ['API_KEY'] = 'x'\ndel os.environ['API_TOKEN']\n",
            id="writes-are-not-reads",
        ),
        pytest.param(
            "import logging, os\nlog = logging.getLogger(__name__)\n\n"
            "def env(name, default=None):\n    value = os.environ.get(name)\n"
            "    if value is None:\n        log.warning('%s is not set', name)\n        return default\n"
            "    return value\n\nAPI_TOKEN = env('API_TOKEN', 'x')\n",
            id="wrapper-that-warns",
        ),
    ],
)
def test_reported_or_not_a_fallback(project, source: str) -> None:
    assert check(project, source, "PY201") == []


def test_configured_reader(project) -> None:
    source = (
        "from app.vault import fetch\n\ndef key():\n    try:\n        return fetch('STRIPE_KEY')\n"
        "    except Exception:\n        return 'none'\n"
    )
    assert check(project, source, "PY201") == []
    config = '[secrets]\nreaders = ["*.fetch_secret", "app.vault.fetch"]\nnames = "(?i)key$"\n'
    assert check(project, source, "PY201", config) == ["5:16 PY201"]


def test_message_does_not_echo_the_credential(project) -> None:
    root = project({"app/config.py": f"import os\nKEY = os.getenv('STRIPE_SECRET_KEY', '{STRIPE_LIVE}')\n"})
    result = run("check", root, "--format", "json", "--select", "PY201,PY203")
    messages = {d["code"]: d for d in result.json["diagnostics"]}
    assert set(messages) == {"PY201", "PY203"}
    assert STRIPE_LIVE not in result.out
    assert "Stripe live secret key" in messages["PY203"]["message"]
    assert (messages["PY203"]["line"], messages["PY203"]["column"]) == (2, 38)


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
    assert check(project, source, "PY203") == ["2:33 PY203"]


@pytest.mark.parametrize(
    "value",
    ["", "changeme", "your-api-key-here", "sk_live_xxxxxxxxxxxxxxxx", "dev", "insecure-secret-key",
     "postgres://localhost:5432/app", "sk_test_<your key>", "not-set"],
)
def test_placeholders_are_not_credentials(project, value: str) -> None:
    source = f"import os\nKEY = os.environ.get('API_KEY', '{value}')\n"
    assert check(project, source, "PY203") == []


def test_credential_in_except_fallback(project) -> None:
    source = (
        "import os\n\ndef key():\n    try:\n        return os.environ['STRIPE_SECRET_KEY']\n"
        f"    except KeyError:\n        return '{STRIPE_LIVE}'\n"
    )
    assert check(project, source) == ["5:16 PY201", "7:16 PY203"]
