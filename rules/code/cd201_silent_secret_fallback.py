from collections.abc import Iterator

from lintkit.code.model import Fallback, SecretRead
from lintkit.code.options import SECRET_NAMES, SECRET_READERS, TELEMETRY_CALLS
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.decisions import is_test
from lintkit.project.outline import FileOutline
from lintkit.project.secret_reads import project_reads
from lintkit.project.view import Project

_HOW = {
    "default-argument": "its default argument",
    "or": "the value after `or`",
    "||": "the value after `||`",
    "nullish": "the value after `??`",
    "destructuring-default": "its default in the destructuring",
    "except": "what its `except` clause returns or assigns",
    "if-missing": "the value assigned when it is empty",
    "on-error": "what its `err != nil` path returns or assigns",
    "tag-default": "its struct tag's default",
}


def describe_secret(read: SecretRead) -> str:
    if read.names:
        return "secret " + " / ".join(f"'{n}'" for n in read.names)
    return f"the secret read by `{read.reader}`"


def describe_value(fallback: Fallback) -> str:
    """The fallback value, without echoing a credential into CI logs."""
    if fallback.value is not None:
        if fallback.value == "":
            return "an empty string"
        if len(fallback.value) > 12:
            return f"'{fallback.value[:4]}...'"
        return f"'{fallback.value}'"
    return f"`{fallback.source}`"


class SilentSecretFallback(Rule):
    """
    ## What it does
    Finds reads of a secret that fall back to a default without reporting it:
    `os.environ.get(NAME, default)`, `os.getenv(NAME, default)`,
    `os.environ.get(NAME) or default`, `os.environ[NAME]` in a
    `try`/`except KeyError` that returns or assigns a value, a configured
    reader (`get_secret`, `client.access_secret_version`...) in a `try` whose
    `except` returns or assigns a default, and `if not X: X = default` right
    after `X = read(...)`.

    A name is a secret when it matches `secrets.names` (`DB_PASSWORD`,
    `DB_PWD`, `SLACK_SIGNING_SECRET_LIVE`; not a flag such as
    `ENABLE_EMAIL_PASSWORD`); anything read through a reader whose own name
    says it reads secrets (`get_secret`, `access_secret_version`: the name
    contains `secret`, `credential`, `password` or `vault`) is one too. A
    function of the project, in any module, that passes its parameter to a
    reader and returns another parameter when the variable is missing
    (`def get_string(name, default): return os.environ.get(name, default)`) is
    a reader as well: a call to it reads the name and default it is given.
    django-environ's `environ.Env()`, django-configurations'
    `values.Value(default, environ_name=...)` and the fields of a pydantic
    `BaseSettings` class are read too.

    A default that means "not set" (`None`, `""`, `False`, an empty collection
    such as `[]`, `{}` or `list()`; in TypeScript `undefined`, `null`, `[]`,
    `{}`; in Go `""`, `nil`, `[]string{}`) is not reported: the code that reads
    `os.environ.get("X_API_KEY", "")` has to handle the unset case exactly as
    for `os.environ.get("X_API_KEY")`, which has no default at all; for an
    optional integration both mean "disabled when unset", and an empty list of
    API tokens accepts none.

    The fallback counts as reported when its path (the `except` clause, the
    `if` body, the `or` operand) or an immediate check of the value (the next
    statement about it: `if X is None:`, `if not X:`, `assert X`) raises, logs
    at warning or above, or makes a telemetry call; or when the reader is a
    function of the project that logs itself. Falling back to another source
    (`os.environ.get("A") or os.environ.get("B")`) or another secret
    (`env("TOKEN_SECRET", default=SECRET_KEY)`, `settings.SECRET_KEY`) is not a
    default: the chain's own reads are checked on their own.

    Test code is not checked: a test's credentials default on purpose (a module
    in a `tests`, `test`, `testing` or `__tests__` folder, `test_*.py`,
    `*_test.py`, `conftest.py`, `*_test.go`, `*.test.ts`, `*.spec.tsx`...).
    Local-development settings often default on purpose too; ignore the rule
    there with `per-file-ignores = { "settings/local.py" = ["CD201"] }`.

    ## Why is this bad?
    Five `*_RETENTION_*` secrets did not exist in the secret manager; the code
    fell back to defaults, so the retention flow ran for weeks with the wrong
    configuration and nobody was told. A missing secret should fail loudly, or
    at least leave a trace someone will see.

    ## How to fix
    Read the secret without a default and let a missing secret fail at start-up,
    or log a warning (or raise) when the fallback is used. Placeholders are this
    rule's business; a real credential as the default is CD203's.
    """

    code = "CD201"
    aliases = ("PY201",)  # its code before it read more than Python
    name = "silent-secret-fallback"
    summary = "a secret read falls back to a default without reporting it"
    scope = Scope.PROJECT
    reads_code = True
    project_reads = "follows reads through reader functions defined in other modules"
    severity = Severity.WARNING
    options = (SECRET_NAMES, SECRET_READERS, TELEMETRY_CALLS)
    examples = (
        bad(
            """
            import os

            from app.secrets import get_secret

            STRIPE_API_KEY = os.environ.get("STRIPE_API_KEY", "sk_test_placeholder")
            COUPON = get_secret("STRIPE_RETENTION_COUPON", default="RETAIN50")


            def webhook_secret():
                return os.getenv("WEBHOOK_SECRET") or "dev"


            def slack_token():
                try:
                    return os.environ["SLACK_BOT_TOKEN"]
                except KeyError:
                    return "xoxb-local"
            """,
            path="app/config.py",
            expect=[
                "5:18 'STRIPE_API_KEY' silently falls back to 'sk_t...'",
                "6:10 'STRIPE_RETENTION_COUPON' silently falls back to 'RETAIN50'",
                "10:12 'WEBHOOK_SECRET' silently falls back to 'dev'",
                "15:16 'SLACK_BOT_TOKEN' silently falls back to 'xoxb-local'",
            ],
            title="Default arguments, `or`, and `except KeyError` that return quietly",
        ),
        bad(
            """
            import logging

            from google.cloud import secretmanager

            logger = logging.getLogger(__name__)
            client = secretmanager.SecretManagerServiceClient()


            def read_secret(name, default=""):
                try:
                    response = client.access_secret_version(
                        name=f"projects/acme/secrets/{name}/versions/latest"
                    )
                    return response.payload.data.decode()
                except Exception:
                    logger.info("secret %s not found, using the default", name)
                    return default
            """,
            path="app/secrets.py",
            expect=["11:20 `client.access_secret_version` silently falls back"],
            title="A secret manager reader whose `except` returns a default (info is not loud)",
        ),
        bad(
            """
            from configurations import Configuration, values

            from app.envs import get_string


            DB_PWD = get_string("DB_PWD", "postgres")


            class Production(Configuration):
                SLACK_SIGNING_SECRET_LIVE = values.Value("changeme")
            """,
            path="app/settings.py",
            files={
                "app/envs.py": """
                import os


                def get_string(name, default):
                    return os.environ.get(name, default)
                """
            },
            expect=[
                "6:10 'DB_PWD' silently falls back to 'postgres'",
                "10:33 'DJANGO_SLACK_SIGNING_SECRET_LIVE' silently falls back to 'changeme'",
            ],
            title="Through a project's reader in another module, and django-configurations",
        ),
        good(
            """
            import os

            import environ

            env = environ.Env()

            SECRET_KEY = env("SECRET_KEY")
            TOKEN_SECRET = env("TOKEN_SECRET", default=SECRET_KEY)
            SEGMENT_API_KEY = os.environ.get("SEGMENT_API_KEY", "")
            HUBSPOT_TOKEN = os.environ.get("HUBSPOT_TOKEN", False)
            ENABLE_EMAIL_PASSWORD = os.environ.get("ENABLE_EMAIL_PASSWORD", "true")
            """,
            path="app/settings.py",
            title="A chain to another secret, 'disabled when unset' defaults, a flag",
        ),
        good(
            """
            import os

            AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "test")
            """,
            path="tests/conftest.py",
            title="Test code, whose credentials default on purpose",
        ),
        good(
            """
            export const secret = process.env.AWS_SECRET_ACCESS_KEY || "test";
            """,
            path="web/src/__tests__/setup.ts",
            title="A TypeScript test set-up",
        ),
        good(
            """
            import logging
            import os

            logger = logging.getLogger(__name__)

            STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
            WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET")
            if WEBHOOK_SECRET is None:
                logger.warning("WEBHOOK_SECRET is not set; webhooks will be rejected")


            def slack_token():
                try:
                    return os.environ["SLACK_BOT_TOKEN"]
                except KeyError:
                    logger.error("SLACK_BOT_TOKEN is missing; Slack alerts are off")
                    return None


            def api_timeout():
                return int(os.environ.get("API_TIMEOUT", "30"))
            """,
            path="app/config.py",
            title="No default, a warning in the immediate check, an error in the `except`",
        ),
        good(
            """
            import os

            from configurations import Configuration, values


            class Base(Configuration):
                API_TOKENS = values.ListValue([], environ_prefix=None)
                DB_PASSWORD = values.Value(None, environ_prefix=None)


            WEBHOOK_SECRETS = os.environ.get("WEBHOOK_SECRETS", [])
            """,
            path="app/settings.py",
            title="An empty collection of tokens: none is accepted, the feature is off",
        ),
        bad(
            """
            const stripeKey = process.env.STRIPE_SECRET_KEY ?? "sk_test_placeholder";
            const { RETENTION_API_TOKEN = "dev-token" } = process.env;

            export function webhookSecret(): string {
              return process.env.STRIPE_WEBHOOK_SECRET || "whsec_dev";
            }
            """,
            path="apps/web/lib/stripe.ts",
            expect=[
                "1:19 'STRIPE_SECRET_KEY' silently falls back to 'sk_t...'",
                "2:9 'RETENTION_API_TOKEN' silently falls back to 'dev-token'",
                "5:10 'STRIPE_WEBHOOK_SECRET' silently falls back to 'whsec_dev'",
            ],
            title="TypeScript: `??`, a destructuring default and `||` on `process.env`",
        ),
        good(
            """
            const stripeKey = process.env.STRIPE_SECRET_KEY;
            if (!stripeKey) {
              throw new Error("STRIPE_SECRET_KEY is not set");
            }
            const posthogKey = process.env.NEXT_PUBLIC_POSTHOG_KEY ?? "phc_dev";
            const apiUrl = process.env.API_URL ?? "http://localhost:3000";
            const webhookSecrets = process.env.WEBHOOK_SECRETS ?? [];
            const token = process.env.RETENTION_API_TOKEN ?? missing("RETENTION_API_TOKEN");
            """,
            path="apps/web/lib/stripe.ts",
            title="TypeScript: no default, a public `NEXT_PUBLIC_` key, a fallback that fails",
        ),
        bad(
            """
            package config

            import (
                "context"
                "fmt"
                "log/slog"
                "os"

                secretmanager "cloud.google.com/go/secretmanager/apiv1"
                "cloud.google.com/go/secretmanager/apiv1/secretmanagerpb"
            )

            type Config struct {
                CouponSecret string `envconfig:"TOBY_RETENTION_COUPON_SECRET" default:"RETAIN50"`
            }

            func webhookSecret() string {
                secret := os.Getenv("STRIPE_WEBHOOK_SECRET")
                if secret == "" {
                    secret = "dev"
                }
                return secret
            }

            func secretOr(ctx context.Context, c *secretmanager.Client,
                name, fallback string,
            ) string {
                resp, err := c.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{
                    Name: fmt.Sprintf("projects/acme/secrets/%s/versions/latest", name),
                })
                if err != nil {
                    slog.Info("failed to access secret version", "name", name)
                    return fallback
                }
                return string(resp.Payload.Data)
            }

            func offerToken(ctx context.Context, c *secretmanager.Client) string {
                return secretOr(ctx, c, "TOBY_RETENTION_OFFER_TOKEN", "retain-offer")
            }
            """,
            path="apps/api/config/config.go",
            expect=[
                "14:5 'TOBY_RETENTION_COUPON_SECRET' silently falls back to 'RETAIN50'",
                "18:15 'STRIPE_WEBHOOK_SECRET' silently falls back to 'dev'",
                "28:18 `c.AccessSecretVersion` silently falls back to `fallback`",
                "39:12 'TOBY_RETENTION_OFFER_TOKEN' silently falls back to 'retain-offer'",
            ],
            title="In Go: a struct tag's default, `if v == \"\"`, a secret manager's error path"
            " (info is not loud) and the wrapper's callers",
        ),
        good(
            """
            package config

            import (
                "context"
                "fmt"
                "log/slog"
                "os"

                secretmanager "cloud.google.com/go/secretmanager/apiv1"
                "cloud.google.com/go/secretmanager/apiv1/secretmanagerpb"
            )

            type Config struct {
                CouponSecret  string `envconfig:"TOBY_RETENTION_COUPON_SECRET" required:"true"`
                WebhookSecret string `env:"STRIPE_WEBHOOK_SECRET,notEmpty"`
            }

            func slackToken() string {
                token, ok := os.LookupEnv("SLACK_BOT_TOKEN")
                if !ok {
                    slog.Warn("SLACK_BOT_TOKEN is not set; Slack alerts are off")
                    token = ""
                }
                return token
            }

            func secret(ctx context.Context, c *secretmanager.Client, name string) (string, error) {
                resp, err := c.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{
                    Name: fmt.Sprintf("projects/acme/secrets/%s/versions/latest", name),
                })
                if err != nil {
                    return "", fmt.Errorf("secret %s: %w", name, err)
                }
                return string(resp.Payload.Data), nil
            }
            """,
            path="apps/api/config/config.go",
            title="In Go: required tags, a warning where the fallback is used, the error returned",
        ),
    )

    def involves_others(self, outline: FileOutline) -> bool:
        """Code reads other code; a workflow only through its handlers."""
        return outline.module is not None or any(
            s.handler for w in outline.workflows for s in w.steps
        )

    def check_project(self, project: Project) -> Iterator[Diagnostic]:
        for _, read in project_reads(project):
            fallback = read.fallback
            if fallback is None or read.reported or fallback.absent:
                continue
            if is_test(read.location.path, None):
                continue  # a test's credentials default on purpose
            yield self.diagnostic(
                read.location,
                f"{describe_secret(read)} silently falls back to {describe_value(fallback)}"
                f" ({_HOW[fallback.kind]}) when it is missing",
                related=[Related(fallback.location, "the fallback, used without a warning")],
                help="read it without a default so a missing secret fails loudly, or log a"
                " warning (or raise) where the fallback is used",
            )
