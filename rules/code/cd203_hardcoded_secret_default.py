import math
import re
from collections import Counter
from collections.abc import Iterator

from lintkit.code.options import SECRET_NAMES, SECRET_READERS
from lintkit.core.types import Diagnostic, Related, Severity
from lintkit.plugins.rule import Rule, Scope, bad, good
from lintkit.project.outline import FileOutline
from lintkit.project.secret_reads import project_reads
from lintkit.project.view import Project

# Known credential formats: prefix -> what it is. The rest must look like key
# material (not "xxxx" or "your-key-here").
_PREFIXES = (
    ("sk_live_", "a Stripe live secret key"),
    ("rk_live_", "a Stripe live restricted key"),
    ("sk_test_", "a Stripe test secret key"),
    ("rk_test_", "a Stripe test restricted key"),
    ("whsec_", "a webhook signing secret"),
    ("github_pat_", "a GitHub token"),
    ("ghp_", "a GitHub token"),
    ("gho_", "a GitHub token"),
    ("ghu_", "a GitHub token"),
    ("ghs_", "a GitHub token"),
    ("ghr_", "a GitHub token"),
    ("glpat-", "a GitLab token"),
    ("xoxb-", "a Slack bot token"),
    ("xoxp-", "a Slack user token"),
    ("xoxa-", "a Slack token"),
    ("xoxs-", "a Slack token"),
    ("xapp-", "a Slack app token"),
    ("AKIA", "an AWS access key ID"),
    ("ASIA", "an AWS access key ID"),
    ("AIza", "a Google API key"),
    ("SG.", "a SendGrid API key"),
    ("shpat_", "a Shopify access token"),
    ("shpss_", "a Shopify shared secret"),
    ("npm_", "an npm token"),
    ("pypi-", "a PyPI token"),
    ("hf_", "a Hugging Face token"),
    ("sk-ant-", "an Anthropic API key"),
    ("sk-proj-", "an OpenAI API key"),
    ("sk-", "an API secret key"),
    ("phc_", "a PostHog project key"),
    ("phx_", "a PostHog personal API key"),
)
_KEY_MATERIAL = re.compile(r"[A-Za-z0-9_\-./+=]{12,}")
_PLACEHOLDER = re.compile(
    r"(?i)x{4}|your|example|placeholder|change.?me|dummy|fake|redacted|sample|here|<|>|\{|\}|\.\.\."
    r"|\*\*\*|replace|insert|secret_?key_?here|not.?set|todo|none|null|default|dev(elopment)?[-_]"
    r"|test[-_]|^test|local"
)
_MIN_ENTROPY_LENGTH = 20
_MIN_ENTROPY = 3.6  # bits per character; random base64 is ~6, English ~4 at best, words less


def looks_like_credential(value: str) -> str | None:
    """What the value looks like ("a Stripe live secret key"), or None."""
    text = value.strip()
    if "-----BEGIN" in text and "PRIVATE KEY" in text:
        return "a private key"
    for prefix, what in _PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if _KEY_MATERIAL.fullmatch(rest) and not _PLACEHOLDER.search(rest) and _varied(rest):
                return what
            return None
    if len(text) < _MIN_ENTROPY_LENGTH or any(c.isspace() for c in text):
        return None
    if "://" in text or _PLACEHOLDER.search(text) or not _varied(text):
        return None
    classes = sum(
        any(test(c) for c in text)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if classes >= 3 and _entropy(text) >= _MIN_ENTROPY:
        return "a high-entropy string"
    return None


def _varied(text: str) -> bool:
    """Not one repeated character or a run like 0123456789."""
    return len(set(text)) >= min(8, len(text) // 2)


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


class HardcodedSecretDefault(Rule):
    """
    ## What it does
    Reports a secret read whose fallback is a literal that looks like a real
    credential: a known key format (`sk_live_`, `whsec_`, `ghp_`, `AKIA`,
    `xoxb-`, `AIza`, private keys...) or a long high-entropy string. The
    secret reads and their fallbacks are those of CD201 (default arguments,
    `or`, `except` clauses, `if not X: X = ...`; through a reader function of
    the project in any module, django-environ, django-configurations and
    pydantic settings), reported or not.
    Placeholders (`"changeme"`, `"your-key-here"`) and empty strings are not
    credentials: they are CD201's business.

    ## Why is this bad?
    A credential in the code is in every clone and in the history forever, and
    when the real secret is missing the service quietly runs with this one:
    in production that is often a test key or a key someone forgot to rotate.
    In the retention incident five secrets were missing from the secret manager
    and nobody noticed, because defaults kept the code running.

    ## How to fix
    Remove the literal, rotate the credential (it has leaked), and read the
    secret without a default so that a missing secret fails loudly.
    """

    code = "CD203"
    aliases = ("PY203",)  # its code before it read more than Python
    name = "hardcoded-secret-default"
    summary = "the fallback for a secret is a literal credential"
    scope = Scope.PROJECT
    reads_code = True
    project_reads = "follows reads through reader functions defined in other modules"
    severity = Severity.ERROR
    options = (SECRET_NAMES, SECRET_READERS)
    examples = (
        bad(
            """
            import os

            STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_live_51HbQ2eKz8vQm3TnW7yLp")
            DJANGO_SECRET_KEY = os.getenv("DJANGO_SECRET_KEY") or "k9#xW2!pL7qZ$e4vR8@tY6uB"
            """,
            path="app/settings.py",
            expect=[
                "3:57 'STRIPE_SECRET_KEY' looks like a Stripe live secret key",
                "4:55 'DJANGO_SECRET_KEY' looks like a high-entropy string",
            ],
            title="A live Stripe key and a high-entropy string as defaults",
        ),
        bad(
            """
            from app.envs import get_string

            SECRET_KEY = get_string(
                "SECRET_KEY",
                "7zq!x0@b#3kv9w$e2m&r5t8y(1u4i6o^p=a-s_d+f*g",
            )
            """,
            path="app/settings.py",
            files={
                "app/envs.py": """
                import os


                def get_string(name, default):
                    return os.environ.get(name, default)
                """
            },
            expect=["5:5 'SECRET_KEY' looks like a high-entropy string"],
            title="A Django key as the default of a project's reader in another module",
        ),
        good(
            """
            import os

            STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
            SENTRY_DSN = os.environ.get("SENTRY_DSN")
            if SENTRY_DSN is None:
                raise RuntimeError("SENTRY_DSN is not set")
            """,
            path="app/settings.py",
        ),
        bad(
            """
            const key = process.env.STRIPE_SECRET_KEY ?? "sk_live_51HbQ2eKz8vQm3TnW7yLp";
            """,
            path="apps/web/lib/stripe.ts",
            expect=["1:46 'STRIPE_SECRET_KEY' looks like a Stripe live secret key"],
            title="TypeScript: a live Stripe key after `??`",
        ),
        bad(
            """
            package config

            import "os"

            type Stripe struct {
                Key string `env:"STRIPE_SECRET_KEY" envDefault:"sk_live_51HbQ2eKz8vQm3TnW7yLp"`
            }

            func getenv(key, fallback string) string {
                if v := os.Getenv(key); v != "" {
                    return v
                }
                return fallback
            }

            var webhookSecret = getenv("STRIPE_WEBHOOK_SECRET", "whsec_9fK2mQ7xLp4RtV8nZ3bW6yHc")
            """,
            path="apps/api/config/stripe.go",
            expect=[
                "6:53 'STRIPE_SECRET_KEY' looks like a Stripe live secret key",
                "16:53 'STRIPE_WEBHOOK_SECRET' looks like a webhook signing secret",
            ],
            title="In Go: a caarlos0/env tag default and a `getenv(key, fallback)` helper",
        ),
        good(
            """
            package config

            import "os"

            type Stripe struct {
                SecretKey string `env:"STRIPE_SECRET_KEY,required"`
            }

            var webhookSecret = os.Getenv("STRIPE_WEBHOOK_SECRET")
            """,
            path="apps/api/config/stripe.go",
            title="In Go: a required tag, a read with no default",
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
            if fallback is None or fallback.value is None:
                continue
            what = looks_like_credential(fallback.value)
            if what is None:
                continue
            names = " / ".join(f"'{n}'" for n in read.names) or f"read by `{read.reader}`"
            yield self.diagnostic(
                fallback.location,
                f"hardcoded credential: the fallback for secret {names} looks like {what}",
                related=[Related(read.location, "the secret read this value stands in for")],
                help="remove the literal, rotate the credential, and read the secret without"
                " a default",
            )
