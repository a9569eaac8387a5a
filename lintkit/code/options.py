"""The settings code facts depend on, in every language, declared once.

A setting of one language only (``python.prescreen``) is declared by that
language's extractor (its ``options``), beside its parser.

The code rules list these in their ``options`` (so the config accepts them and
``lintkit explain`` documents them); the loader compiles their resolved values
(``lintkit.code.settings``) for the extractors, falling back to the same defaults.
Importing this module must stay cheap: no parser here.
"""

from __future__ import annotations

from lintkit.plugins.option import Option

TELEMETRY_CALLS = Option(
    "telemetry.calls",
    default=[
        # stdlib logging, structlog, loguru (the logger object's usual names)
        "logging.*",
        "logger.*",
        "log.*",
        "_logger.*",
        "_log.*",
        "LOGGER.*",
        "LOG.*",
        "structlog.*",
        "loguru.logger.*",
        "celery.utils.log.*",
        # product analytics: Segment, PostHog, Amplitude, Mixpanel, Rudderstack
        "posthog.*",
        "mixpanel.*",
        "amplitude.*",
        "*.track",
        "*.capture",
        "track",
        "capture",
        "track_*",  # track_event, track_enrollment: a project's own tracking helpers
        "emit",
        "emit_event",
        "record_event",
        # metrics: statsd / DogStatsD / Prometheus clients
        "statsd.*",
        "datadog.*",
        "prometheus_client.*",
        "*.statsd.*",
        "metrics.*",
        "*.incr",
        "*.increment",
        # OpenTelemetry
        "*.add_event",
        "*.record_exception",
        "*.start_as_current_span",
        "*.start_span",
        # error trackers
        "sentry_sdk.capture_*",
        "capture_message",
        "capture_exception",
    ],
    type="list[string]",
    doc=(
        "Calls that record a telemetry event, as glob patterns over the dotted name"
        " of the called function as written (`self.analytics.track`). A pattern"
        " matches the whole name or any tail of it that starts after a dot, so"
        " `logger.*` matches `self.logger.info` and `*.track` matches"
        " `analytics.track`. The defaults cover stdlib logging, structlog and loguru"
        " loggers, Segment, PostHog, Amplitude and Mixpanel clients (`*.track`,"
        " `*.capture`), statsd and DogStatsD, OpenTelemetry spans and Sentry"
        " captures; setup methods (`getLogger`, `bind`, `add`, `get_tracer`...) do"
        " not record anything and do not count. A name bound to a logger or client"
        " (`billing_logger = logging.getLogger(...)`, `self.ph = Posthog(...)`,"
        " `structlog.get_logger()`, `celery`'s `get_task_logger`, Segment, Mixpanel,"
        " Amplitude, statsd, DogStatsD and Prometheus clients) is matched as the call"
        " that made it, whatever the name: `billing_logger.info(...)` is"
        " `logging.getLogger().info(...)`, which `logging.*` matches. The event name"
        " is the `event=`"
        " (or `event_name=`, `event_type=`) keyword, else the first argument that"
        " is a string, resolved through string constants of the module and"
        " function."
    ),
)

ELIGIBILITY = Option(
    "telemetry.eligibility",
    default=r"(?i)(?<![a-z])(eligible|qualified|qualifies|qualify)(?![a-z])(?!_?name)",
    type="regex",
    doc=(
        'A name or attribute read in an `if` test that makes it an "eligible"'
        " branch, searched in the dotted name (`result.eligible`,"
        " `user.is_eligible_for(plan)`, `lead.qualified`). The default takes whole"
        " words only: `eligibilities` (a collection) and `qualified_name` are not"
        " decisions, and a negated word (`ineligible`, `not_eligible`,"
        " `unqualified`) makes the test's other branch the eligible one."
    ),
)

SECRET_NAMES = Option(
    "secrets.names",
    default=(
        # not a flag about a secret: ENABLE_EMAIL_PASSWORD, USE_TOKEN, PASSWORD_LOGIN_ENABLED
        r"(?i)^(?!(?:enable|enabled|disable|disabled|is|use|has|allow|should|require|skip|no|show)"
        r"[_-])(?!.*[_-](?:enabled|disabled|required|enforced)$)"
        # ends with a secret word (PASS and PWD as whole words, not BYPASS, or after
        # what they are the password of: DBPASS, SMTPPWD)...
        r".*(?:secret|secret[_-]?key|token|password|passwd|api[_-]?key|credentials?"
        r"|private[_-]?key|access[_-]?key|signing[_-]?key|encryption[_-]?key|auth[_-]?key"
        r"|(?:^|[_.-])(?:db|pg|sql|mysql|redis|smtp|mail|ldap|ftp|amqp)?(?:pass|pwd))s?"
        # ...perhaps followed by qualifiers: SLACK_SIGNING_SECRET_LIVE, API_KEY_V2
        r"(?:[_-](?:live|prod|production|staging|test|dev|sandbox|v\d+|\d+|old|new|primary"
        r"|secondary|current|previous|b64|base64))*$"
    ),
    type="regex",
    doc=(
        "What makes a name read from the environment a secret, searched in the name."
        " The default wants the name to end with a secret word: `secret`, `token`,"
        " `password`, `passwd`, `api_key`, `credentials`, `private_key`, `access_key`,"
        " `signing_key`, `encryption_key`, `auth_key`, and `pass` or `pwd` as a whole"
        " word (`DB_PWD`, `DB_PASS`, not `BYPASS`) or after what it is the password of"
        " (`DBPASS`, `SMTPPWD`: `db`, `pg`, `sql`, `mysql`, `redis`, `smtp`, `mail`,"
        " `ldap`, `ftp`, `amqp`), optionally in the plural and followed"
        " by qualifiers (`_LIVE`, `_PROD`, `_TEST`, `_V2`, `_2`, `_OLD`, `_B64`...):"
        " `DB_PASSWORD`, `STRIPE_SECRET_KEY`, `SLACK_SIGNING_SECRET_LIVE`. So settings"
        " about secrets (`TOKEN_TTL`, `PASSWORD_RESET_TIMEOUT`, `SECRET_KEY_FILE`) are not"
        " secrets, and neither are flags: a name starting with `ENABLE_`, `DISABLE_`,"
        " `IS_`, `USE_`, `HAS_`, `ALLOW_`, `SHOULD_`, `REQUIRE_`, `SKIP_`, `NO_`, `SHOW_`"
        " or ending with `_ENABLED`, `_DISABLED`, `_REQUIRED`, `_ENFORCED`"
        " (`ENABLE_EMAIL_PASSWORD`). Whatever the name, a read through a reader whose"
        " own name says it reads secrets (has `secret`, `credential`, `password` or"
        " `vault` in it: `get_secret`, `*.access_secret_version`) is a secret read."
    ),
)

SECRET_READERS = Option(
    "secrets.readers",
    default=[
        "os.environ.get(key, default)",
        "os.getenv(key, default)",
        "os.environ.__getitem__",
        "os.environ.setdefault(key, default)",
        "*.access_secret_version",
        "*.get_secret_value",
        "get_secret",
        "env(var, cast, default)",
        "env.str(var, default)",
        "decouple.config(option, default)",
    ],
    type="list[string]",
    doc=(
        "Calls that read a secret or a setting, as glob patterns over the called"
        " name with imports resolved (`from os import getenv` makes `getenv(...)`"
        " `os.getenv`); a pattern matches the whole name or a tail after a dot."
        " `os.environ.__getitem__` stands for `os.environ[NAME]`. Write a reader with"
        " its parameters to say where its default goes: `get_string(name, default)`"
        " takes the default from the second argument or the `default=` keyword (the"
        " parameter called `default` or `fallback`); the name is the first argument."
        " Without parameters the default is the `default=`/`fallback=` keyword (or the"
        " second argument of a reader called `get`, `getenv`, `setdefault`, `str` or"
        " `config`). Besides these, a function of the project that passes its"
        " parameter as the name to a reader and returns another parameter when it is"
        " missing (`def get_string(name, default): return os.environ.get(name,"
        " default)`) is a reader wherever it is called from, with that parameter as"
        " the default; and so are a name bound to django-environ's `environ.Env()`,"
        " django-configurations' `values.*Value(default, environ_name=...)` and the"
        " fields of a pydantic `BaseSettings` class."
    ),
)

REQUIRED_BEFORE = Option(
    "calls.required-before",
    default={},
    type="mapping",
    doc=(
        'Pairs `"call" = "required call"` (or a list of required calls, any of'
        " which will do): in any function, every path that reaches a call to the"
        " first must have called the second before it. Names are glob patterns"
        " over the dotted called name, matching it or a tail after a dot, so"
        " `cancel_subscription` matches `billing.cancel_subscription(...)`."
    ),
)

SECRETS_MANIFEST = Option(
    "secrets-manifest",
    default="",
    type="string",
    doc=(
        "Path (from the project root) of the list of secrets that exist: a JSON or"
        " YAML list of names, or the JSON that `gcloud secrets list --format=json`"
        " or `aws secretsmanager list-secrets` prints. Empty: CD202 is silent."
    ),
)
