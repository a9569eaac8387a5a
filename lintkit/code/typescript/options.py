"""Settings of the TypeScript/JavaScript extractor alone (``[tool.lintkit.typescript]``)."""

from __future__ import annotations

from lintkit.plugins.option import Option

TELEMETRY_CALLS = Option(
    "typescript.telemetry-calls",
    default=[
        "console.*",  # console.log/info/warn/error: what a browser or a Node service logs
        "*.logEvent",  # Amplitude (legacy SDK), Firebase Analytics
        "logEvent",
        "*.addEvent",  # OpenTelemetry
        "*.recordException",
        "*.startActiveSpan",
        "*.captureException",  # Sentry
        "*.captureMessage",
        "captureException",
        "captureMessage",
        "*.trackEvent",  # Application Insights, PostHog wrappers
        "trackEvent",
    ],
    type="list[string]",
    doc=(
        "Calls that record a telemetry event in TypeScript and JavaScript, on top of"
        " `telemetry.calls` (which already covers `posthog.capture`, posthog-node's"
        " `client.capture`, Segment's and RudderStack's `analytics.track`, Amplitude's"
        " and Mixpanel's `track`, and `logger.*` for pino and winston loggers): the"
        " `console` methods, Amplitude's and Firebase's `logEvent`, OpenTelemetry span"
        " events and Sentry captures. Patterns as in `telemetry.calls`. A project"
        " helper that calls one of these (`export function track(event) {"
        " posthog.capture(event) }`) is followed from every module that imports it."
    ),
)

PORTAL_LINKS = Option(
    "typescript.billing-portal",
    default=[
        "*billing.stripe.com*",
        "*portalurl",
        "*portal_url",
        "*portallink",
        "*portal_link",
        "*billingportalsession*",
    ],
    type="list[string]",
    doc=(
        "What a link or redirect to the Stripe Customer Portal looks like: glob"
        " patterns, matched without regard to case, over a URL written in the code"
        " (`https://billing.stripe.com/p/login/...`) or over the name of the value"
        " linked to (`portalUrl`, `session.portalUrl`, `getPortalUrl()`). Add the"
        " name your code uses (the incident's panel linked to `stripeUrl`). A"
        " `stripe.billingPortal.sessions.create(...)` call is one too, unless it"
        " passes a `configuration` or a `flow_data` other than a cancellation without a"
        " retention offer."
        " Such a link counts as a call to `billing-portal` for `calls.required-before`."
    ),
)
