"""What the cross-file rules (XR1xx) share: events recorded outside the code,
and how findings name events and code."""

from __future__ import annotations

import fnmatch
import re

from lintkit.core.types import Related
from lintkit.plugins.rule import Option, Rule
from lintkit.project.index import ProjectIndex

EXTERNAL_EVENTS = Option(
    "events.external",
    ["$*"],
    "Events recorded outside the Python code lintkit reads: by a frontend SDK"
    " (posthog-js, analytics.js), a webhook or integration (Stripe, a CDP),"
    " another service. Glob patterns over the event name (`invoice.*`,"
    " `$pageview`); XR101 (trigger events) and XR102 (funnel stages) take these as"
    " recorded. The default covers PostHog's own events (`$pageview`,"
    " `$identify`...).",
    "list[string]",
)


def external(rule: Rule) -> re.Pattern[str]:
    """`events.external` as one regex (an event name matches it or not)."""
    globs = [fnmatch.translate(str(p)) for p in rule.option(EXTERNAL_EVENTS.name)]
    return re.compile("|".join(globs) or "(?!)")


def is_external(name: str, patterns: re.Pattern[str]) -> bool:
    return patterns.match(name) is not None


def recorded_elsewhere(index: ProjectIndex, names: list[str]) -> list[Related]:
    """Where the code records each suggested name (its first place)."""
    related = []
    for name in names:
        places = index.recorders(name)
        if places:
            related.append(Related(places[0].location, f"`{name}` is recorded here"))
    return related


def before_change(paths: list[str]) -> str:
    """What the changed files said at git HEAD, as a clause."""
    if not paths:
        return ""
    files = ", ".join(paths)
    return f"; before this change {files} named it"
