"""CD201 silent-secret-fallback, through the CLI."""

from __future__ import annotations

import pytest
from lk_secrets import check


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            """
                import os
                KEY = os.environ.get('API_KEY', 'dev')
                """,
            ["2:7 CD201"],
            id="environ-get",
        ),
        pytest.param(
            """
                from os import getenv
                KEY = getenv('STRIPE_SECRET_KEY', default='')
            """,
            ["2:7 CD201"],
            id="imported-getenv-default-keyword",
        ),
        pytest.param(
            """
                import os as _os
                KEY = _os.getenv('DB_PASSWORD') or 'postgres'
            """,
            ["2:7 CD201"],
            id="or-default-through-alias",
        ),
        pytest.param(
            """
                from os import environ

                def token():
                    try:
                        return environ['GITHUB_TOKEN']
                    except (KeyError, ValueError):
                        return ''
            """,
            ["5:16 CD201"],
            id="environ-item-except-keyerror-returns",
        ),
        pytest.param(
            """
                import os

                try:
                    TOKEN = os.environ['SLACK_TOKEN']
                except KeyError:
                    TOKEN = 'xoxb-placeholder'
            """,
            ["4:13 CD201"],
            id="environ-item-except-assigns",
        ),
        pytest.param(
            """
                def read(client, name):
                    try:
                        path = f'projects/p/secrets/{name}/versions/latest'
                        return client.access_secret_version(name=path).payload
                    except Exception:
                        return None
            """,
            ["4:16 CD201"],
            id="secret-manager-reader-in-try",
        ),
        pytest.param(
            """
                import os
                KEY = os.environ.get('WEBHOOK_SECRET')
                if not KEY:
                    KEY = 'dev'
            """,
            ["2:7 CD201"],
            id="if-missing-assigns-a-default",
        ),
        pytest.param(
            """
                import os

                def env(name, default=None):
                    return os.environ.get(name, default)

                API_TOKEN = env('API_TOKEN', 'x')
            """,
            ["6:13 CD201"],
            id="same-module-reader-wrapper",
        ),
    ],
)
def test_silent_fallbacks(project, source: str, expected: list[str]) -> None:
    assert check(project, source, "CD201") == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            """
                import logging, os
                log = logging.getLogger(__name__)
                KEY = os.environ.get('API_KEY')
                if KEY is None:
                    log.warning('API_KEY is not set')
            """,
            id="no-default-warning-in-check",
        ),
        pytest.param(
            """
                import logging, os
                logger = logging.getLogger(__name__)
                KEY = os.environ.get('API_KEY', 'dev')
                if KEY == 'dev':
                    logger.error('API_KEY falls back to dev')
            """,
            id="default-with-immediate-check-that-logs",
        ),
        pytest.param(
            """
                import os
                KEY = os.getenv('API_KEY') or ''
                assert KEY, 'API_KEY is required'
            """,
            id="assert-is-a-check",
        ),
        pytest.param(
            """
                import os

                def token():
                    try:
                        return os.environ['GITHUB_TOKEN']
                    except KeyError:
                        raise RuntimeError('GITHUB_TOKEN is missing')
            """,
            id="except-raises",
        ),
        pytest.param(
            """
                import os, structlog
                log = structlog.get_logger()

                def token():
                    try:
                        return os.environ['GITHUB_TOKEN']
                    except KeyError:
                        log.warning('no token')
                        return None
            """,
            id="except-logs-warning",
        ),
        pytest.param(
            """
                import os, analytics

                def token():
                    try:
                        return os.environ['GITHUB_TOKEN']
                    except KeyError:
                        analytics.track('system', 'secret_missing')
                        return None
            """,
            id="except-records-telemetry",
        ),
        pytest.param(
            """
                import os
                KEY = os.environ.get('PRIMARY_API_KEY') or os.environ.get('API_KEY')
            """,
            id="chain-of-sources",
        ),
        pytest.param(
            """
                import os
                TTL = os.environ.get('TOKEN_TTL', '3600')
                PATH = os.environ.get('SECRET_KEY_FILE', '/run/secrets/key')
                HOME = os.environ.get('HOME', '/root')
            """,
            id="not-secrets",
        ),
        pytest.param(
            """
                import os
                KEY = os.environ.get('API_KEY', None)
                """,
            id="none-default-is-no-fallback",
        ),
        pytest.param(
            """
                import os
                os.environ['API_KEY'] = 'x'
                del os.environ['API_TOKEN']
            """,
            id="writes-are-not-reads",
        ),
        pytest.param(
            """
                import logging, os
                log = logging.getLogger(__name__)

                def env(name, default=None):
                    value = os.environ.get(name)
                    if value is None:
                        log.warning('%s is not set', name)
                        return default
                    return value

                API_TOKEN = env('API_TOKEN', 'x')
            """,
            id="wrapper-that-warns",
        ),
    ],
)
def test_reported_or_not_a_fallback(project, source: str) -> None:
    assert check(project, source, "CD201") == []


def test_configured_reader(project) -> None:
    source = """
            from app.vault import fetch

            def key():
                try:
                    return fetch('STRIPE_KEY')
                except Exception:
                    return 'none'
        """
    assert check(project, source, "CD201") == []
    config = '[secrets]\nreaders = ["*.fetch_secret", "app.vault.fetch"]\nnames = "(?i)key$"\n'
    assert check(project, source, "CD201", config) == ["5:16 CD201"]
