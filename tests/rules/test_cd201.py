"""CD201 silent-secret-fallback, through the CLI."""

from __future__ import annotations

from textwrap import dedent

import pytest
from lk_secrets import check
from lk_testing import run


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
                KEY = getenv('STRIPE_SECRET_KEY', default='sk_test_x')
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
                        return 'dev-token'
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
                        return 'local'
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


ABSENT = """
    import os

    import environ
    from configurations import values
    from pydantic_settings import BaseSettings

    env = environ.Env()

    A = os.environ.get("X_API_KEY")
    B = os.environ.get("X_API_KEY", "")
    C = os.environ.get("X_API_KEY", False)
    D = os.getenv("X_API_KEY") or None
    E = env.str("X_API_KEY", default="")
    F = values.Value("", environ_name="X_API_KEY")


    def token():
        try:
            return os.environ["X_API_KEY"]
        except KeyError:
            return None


    class Settings(BaseSettings):
        x_api_key: str | None = None
"""


def test_a_default_that_means_unset_is_disabled_when_unset_not_a_fallback(project) -> None:
    # None, "" and False: the code must handle "not set" as for a read without default.
    assert check(project, ABSENT, "CD201") == []
    loud = ABSENT.replace('"X_API_KEY", "")', '"X_API_KEY", "local-key")')
    assert check(project, loud, "CD201") == ["10:5 CD201"]


EMPTY = """
    import os

    from configurations import Configuration, values


    class Base(Configuration):
        API_TOKENS = values.ListValue([], environ_prefix=None)


    WEBHOOK_SECRETS = os.environ.get("WEBHOOK_SECRETS", [])
    SIGNING_SECRETS = os.environ.get("SIGNING_SECRETS", ())
    API_KEYS = os.environ.get("API_KEYS", {})
    SECRET_TOKENS = os.getenv("SECRET_TOKENS") or list()
    SIGNING_KEYS = os.getenv("SIGNING_KEYS", frozenset())
"""


def test_an_empty_collection_default_is_disabled_when_unset(project) -> None:
    # No API tokens configured: none is accepted, the feature is off, as for None.
    assert check(project, EMPTY, "CD201") == []
    loud = EMPTY.replace('("WEBHOOK_SECRETS", [])', '("WEBHOOK_SECRETS", ["dev"])')
    assert check(project, loud, "CD201") == ["10:19 CD201"]
    loud = EMPTY.replace("frozenset()", 'frozenset({"dev"})')
    assert check(project, loud, "CD201") == ["14:16 CD201"]


def test_an_empty_collection_default_in_typescript_and_go(project) -> None:
    root = project(
        {
            "web/config.ts": """
                export const tokens = process.env.API_TOKENS ?? [];
                export const secrets = process.env.WEBHOOK_SECRETS || {};
                export const keys = process.env.API_KEYS ?? ["dev"];
            """,
            "api/config.go": """
                package config

                import "os"

                func tokens() []string {
                    token := os.Getenv("API_TOKEN")
                    if token == "" {
                        return []string{}
                    }
                    return []string{token}
                }
            """,
        }
    )
    result = run("check", root, "--format", "json", "--select", "CD201")
    found = [(d["path"], d["line"], d["column"]) for d in result.json["diagnostics"]]
    assert found == [("web/config.ts", 3, 21)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DB_PWD", ["2:7 CD201"]),
        ("DB_PASS", ["2:7 CD201"]),
        ("PAPERLESS_DBPASS", ["2:7 CD201"]),
        ("SMTPPWD", ["2:7 CD201"]),
        ("COMPASS", []),
        ("DB_PASSTHROUGH", []),
        ("SLACK_SIGNING_SECRET_LIVE", ["2:7 CD201"]),
        ("STRIPE_API_KEY_V2", ["2:7 CD201"]),
        ("ENABLE_EMAIL_PASSWORD", []),
        ("USE_TOKEN", []),
        ("PASSWORD_LOGIN_ENABLED", []),
        ("BYPASS", []),
        ("TOKEN_TTL", []),
    ],
)
def test_secret_names(project, name: str, expected: list[str]) -> None:
    source = f"import os\nKEY = os.environ.get('{name}', 'dev')\n"
    assert check(project, source, "CD201") == expected


def test_secret_names_are_configurable(project) -> None:
    source = "import os\nKEY = os.environ.get('ENABLE_EMAIL_PASSWORD', 'dev')\n"
    config = '[secrets]\nnames = "(?i)password$"\n'
    assert check(project, source, "CD201", config=config) == ["2:7 CD201"]


def test_a_fallback_to_another_secret_is_a_chain(project) -> None:
    source = """
        import os

        import environ

        env = environ.Env()
        DEFAULT_TOKEN = "dev-token"

        SECRET_KEY = env("SECRET_KEY")
        TOKEN_SECRET = env("TOKEN_SECRET", default=SECRET_KEY)
        JWT_SECRET = os.environ.get("JWT_SECRET", settings.SECRET_KEY)
        API_TOKEN = os.environ.get("API_TOKEN", DEFAULT_TOKEN)
        DB_MIGRATION_PASS = os.environ.get("DB_MIGRATION_PASS", DATABASES["default"]["PASSWORD"])
    """
    assert check(project, source, "CD201") == ["11:13 CD201"]


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


def test_a_typescript_fallback_checked_right_after_is_reported(project) -> None:
    # growthbook: a development default that the next statement refuses in production.
    source = """
        const prod = process.env.NODE_ENV === "production";
        export const ENCRYPTION_KEY = process.env.ENCRYPTION_KEY || "dev";
        if (prod && ENCRYPTION_KEY === "dev") {
          throw new Error("Cannot use ENCRYPTION_KEY=dev in production");
        }
        export const JWT_SECRET = process.env.JWT_SECRET || "dev";
        if (prod && JWT_SECRET === "dev") {
          console.info("using the development JWT secret");
        }
        export const SIGNING_SECRET = process.env.SIGNING_SECRET || "dev";
        export const OTHER = 1;
        if (OTHER) {
          throw new Error("unrelated");
        }
    """
    root = project({"web/secrets.ts": dedent(source).lstrip("\n")})
    result = run("check", root, "--format", "json", "--select", "CD201")
    found = [(d["line"], d["column"]) for d in result.json["diagnostics"]]
    # JWT_SECRET's check only informs; SIGNING_SECRET's next statements test something else
    assert found == [(6, 27), (10, 31)]
